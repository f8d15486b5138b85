"""Every third-party module a package imports is declared: course_utils by its required dependencies
(plus the tensorflow extra) in pyproject.toml, course_tools by its own tools/pyproject.toml (with
the learner package beside it, as make setup installs them)."""

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest
from packaging.requirements import Requirement

from course_tools.notebooks import PROJECT_DIR

LEARNER = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
TOOLKIT = tomllib.loads((PROJECT_DIR / "tools" / "pyproject.toml").read_text())["project"]
OWN = {"course_utils", "course_tools"}
SOURCES = {"course_utils": PROJECT_DIR / "course_utils",
           "course_tools": PROJECT_DIR / "tools" / "course_tools"}


def declared(project: dict, extras: list[str]) -> set[str]:
    """Normalised distribution names of a project's required dependencies and the given extras."""
    optional = project.get("optional-dependencies", {})
    lines = project["dependencies"] + [line for extra in extras for line in optional[extra]]
    return {Requirement(line).name.lower().replace("_", "-") for line in lines}


ALLOWED = {
    "course_utils": declared(LEARNER, ["tensorflow"]),
    "course_tools": (declared(LEARNER, ["tensorflow", "lab"])
                     | declared(TOOLKIT, list(TOOLKIT["optional-dependencies"]))),
}


def third_party_imports(package: str) -> set[str]:
    names = set()
    for path in SOURCES[package].rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - OWN - set(sys.stdlib_module_names)


@pytest.mark.parametrize("package", SOURCES)
def test_every_import_is_declared(package):
    distributions = packages_distributions()
    allowed = ALLOWED[package] | {"tensorflow-cpu"}
    undeclared = {}
    for module in third_party_imports(package):
        providers = {name.lower().replace("_", "-") for name in distributions.get(module, [module])}
        if not providers & allowed:
            undeclared[module] = sorted(providers)
    assert undeclared == {}, f"{package} imports modules no declared dependency provides"


def test_learner_requirements_hold_no_tool():
    tools = {"papermill", "nbformat", "nbclient", "nbgrader", "jupyterlab", "pytest", "nbval", "ruff",
             "jupyter-book", "playwright", "psutil", "tqdm", "pyyaml"}
    assert declared(LEARNER, list(LEARNER["optional-dependencies"])) & tools == {"jupyterlab"} & tools
    assert declared(LEARNER, ["tensorflow"]) & tools == set()
