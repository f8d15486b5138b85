"""environment.yml pins the whole lock; binder/ the learner's part of it, at the same versions."""

import ast
import json
import os
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

import course_utils
from course_tools import lockfile
from course_tools.notebooks import LEARNER_DIR, PROJECT_DIR

MACOS_ARM_PY311 = {**lockfile.LINUX_PY311, "sys_platform": "darwin", "platform_system": "Darwin",
                   "platform_machine": "arm64"}
# For testing, grading, building or the browser: never on a learner's Binder.
TOOL_PACKAGES = ["pytest", "nbval", "ruff", "hypothesis", "papermill", "nbgrader", "jupyter-book", "sphinx",
                 "playwright", "sphinx-mathjax-offline", "notebook"]
SMALL_LOCK = """\
a==1
    # via course-utils (pyproject.toml)
b==2
    # via
    #   a
    #   tool
tool==3
    # via course-utils (pyproject.toml)
c==4 ; sys_platform == 'win32'
    # via a
"""


def lock_versions(environment=lockfile.LINUX_PY311):
    return lockfile.resolve(lockfile.pinned_lines(lockfile.LOCK_PATH.read_text()), environment)


def environment_yml():
    return yaml.safe_load((PROJECT_DIR / "environment.yml").read_text())


def binder_versions():
    lines = lockfile.pinned_lines((PROJECT_DIR / "binder" / "requirements.txt").read_text())
    assert all(";" not in line for line in lines), "Binder's file is already resolved for Linux"
    return lockfile.resolve(lines)


def installed_closure(lines: list[str]) -> set[str]:
    """What pip installs for ``lines`` on Binder's platform, found from the metadata of .venv's packages."""
    seen, todo = set(), [req for req in map(Requirement, lines)
                         if req.marker is None or req.marker.evaluate(lockfile.LINUX_PY311)]
    while todo:
        req = todo.pop()
        if (lockfile.normalise(req.name), frozenset(req.extras)) in seen:
            continue
        seen.add((lockfile.normalise(req.name), frozenset(req.extras)))
        try:
            requires = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:
            pytest.skip(f"{req.name} is not installed in this environment")
        environments = [{**lockfile.LINUX_PY311, "extra": extra} for extra in req.extras | {""}]
        todo += [child for child in map(Requirement, requires)
                 if child.marker is None or any(child.marker.evaluate(env) for env in environments)]
    return {name for name, _ in seen}


def learner_imports() -> set[str]:
    """Top-level modules the learner notebooks and course_utils import, outside the standard library."""
    sources = [path.read_text() for path in Path(course_utils.__file__).parent.rglob("*.py")]
    for path in LEARNER_DIR.glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        sources += ["\n".join(line for line in "".join(cell["source"]).splitlines()
                              if not line.lstrip().startswith(("%", "!")))
                    for cell in cells if cell["cell_type"] == "code"]
    names = set()
    for node in (node for source in sources for node in ast.walk(ast.parse(source))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"course_utils"}


def test_environment_yml_pins_the_lock():
    environment = environment_yml()
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    requirements = [line for line in pip_section if line != "-e ."]
    assert lockfile.resolve(requirements) == lock_versions()
    assert "-e ." in pip_section, "conda users need the course package itself"


def test_environment_yml_names_python_311_and_the_environment():
    environment = environment_yml()
    assert environment["name"] == lockfile.ENVIRONMENT_NAME
    assert "python=3.11" in environment["dependencies"]
    assert "pip" in environment["dependencies"]


def test_binder_pins_part_of_the_lock_for_linux_at_its_versions():
    binder, lock = binder_versions(), lock_versions()
    assert binder.items() <= lock.items()
    assert {"keras", "tensorflow-cpu", "jupyterlab", "ipykernel", "scikit-survival"} <= binder.keys()
    assert len(binder) < len(lock)


def test_binder_has_no_tool_packages():
    assert sorted(binder_versions().keys() & set(TOOL_PACKAGES)) == []


def test_binder_pins_what_pip_installs_for_the_learner_extras():
    """The ``# via`` graph can over-reach (a parent needing a child only for one of its own extras)."""
    project = lockfile.tomllib.loads(lockfile.PYPROJECT_PATH.read_text())["project"]
    lines = project["dependencies"] + [line for extra in lockfile.BINDER_EXTRAS
                                       for line in project["optional-dependencies"][extra]]
    assert installed_closure(lines) == binder_versions().keys()


def test_every_learner_import_is_on_binder():
    providers, binder = metadata.packages_distributions(), binder_versions().keys()
    missing = {name for name in learner_imports()
               if not {lockfile.normalise(dist) for dist in providers.get(name, [])} & binder}
    assert {"numpy", "keras", "tensorflow", "sklearn", "sksurv"} <= learner_imports()
    assert sorted(missing) == []


def test_binder_runs_python_311_and_installs_only_the_course_package():
    assert (PROJECT_DIR / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = PROJECT_DIR / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild only when it is executable"
    commands = [line for line in post_build.read_text().splitlines() if line and not line.startswith("#")]
    assert commands == ["set -euo pipefail", "pip install --no-deps -e ."]


def test_closure_follows_via_comments_from_the_roots_only():
    assert lockfile.closure(SMALL_LOCK, {"a"}) == {"a": "1", "b": "2"}
    assert lockfile.closure(SMALL_LOCK, {"tool"}) == {"b": "2", "tool": "3"}
    with pytest.raises(ValueError, match="make lock"):
        lockfile.closure(SMALL_LOCK, {"c"})


def test_learner_roots_are_the_dependencies_and_learner_extras():
    roots = lockfile.learner_roots(lockfile.PYPROJECT_PATH.read_text())
    assert {"keras", "ipykernel", "tensorflow-cpu", "jupyterlab"} <= roots
    assert not roots & {"tensorflow", "nbgrader", "pytest", "papermill"}


def test_generated_files_are_up_to_date_with_the_lock():
    stale = lockfile.stale_files(lockfile.LOCK_PATH.read_text(), lockfile.PYPROJECT_PATH.read_text())
    assert not stale, f"stale: {stale}; run 'make env-files'"


def test_markers_pick_tensorflow_cpu_on_linux_and_tensorflow_on_macos():
    assert "tensorflow-cpu" in lock_versions() and "tensorflow" not in lock_versions()
    macos = lock_versions(MACOS_ARM_PY311)
    assert "tensorflow" in macos and "tensorflow-cpu" not in macos


def test_drift_is_detected():
    lock_text = lockfile.LOCK_PATH.read_text().replace("\nkeras==", "\nkeras==0.0.1+", 1)
    pyproject_text = lockfile.PYPROJECT_PATH.read_text()
    assert PROJECT_DIR / "binder" / "requirements.txt" in lockfile.stale_files(lock_text, pyproject_text)
    assert PROJECT_DIR / "environment.yml" in lockfile.stale_files(lock_text, pyproject_text)
    with_pytest = pyproject_text.replace('lab = ["jupyterlab>=4.2"]', 'lab = ["jupyterlab", "pytest"]')
    assert lockfile.stale_files(lockfile.LOCK_PATH.read_text(), with_pytest) == [
        PROJECT_DIR / "binder" / "requirements.txt"]


def test_resolve_rejects_unpinned_lines():
    with pytest.raises(ValueError, match="numpy>=1"):
        lockfile.resolve(["numpy>=1"])


def test_names_are_normalised():
    assert lockfile.resolve(["Typing_Extensions==4.0"]) == {"typing-extensions": "4.0"}
