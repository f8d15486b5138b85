"""The learner package (course_utils) never imports the maintainer's toolkit or its dependencies."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import course_utils

# The toolkit and what only it needs (psutil is not listed: Keras itself imports it).
TOOLKIT_MODULES = ["course_tools", "papermill", "nbformat", "nbclient", "nbgrader", "jupyter_book", "sphinx",
                   "playwright", "pytest", "nbval", "ruff", "hypothesis", "yaml", "tqdm", "jupyter_client",
                   "jupyterlab"]
LEARNER_FILES = sorted(Path(course_utils.__file__).parent.rglob("*.py"))
IMPORT_EVERY_MODULE = """
import importlib, json, pkgutil, sys
import course_utils
for module in pkgutil.walk_packages(course_utils.__path__, "course_utils."):
    importlib.import_module(module.name)
print(json.dumps(sorted(sys.modules)))
"""


def imported_names(path: Path) -> set[str]:
    """Top-level names of every module a file imports (at any depth, lazily or not)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_learner_module_imports_the_toolkit_even_lazily():
    offenders = {path.name: sorted(imported_names(path) & set(TOOLKIT_MODULES)) for path in LEARNER_FILES}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_importing_every_learner_module_loads_nothing_of_the_toolkit():
    loaded = json.loads(subprocess.run([sys.executable, "-c", IMPORT_EVERY_MODULE], capture_output=True,
                                       text=True, check=True).stdout)
    assert len([name for name in loaded if name.startswith("course_utils.")]) >= 30
    assert sorted({name.split(".")[0] for name in loaded} & set(TOOLKIT_MODULES)) == []


def test_the_check_catches_a_toolkit_import(tmp_path):
    offender = tmp_path / "offender.py"
    offender.write_text("def f():\n    from course_tools import runner\n    import papermill.engines\n")
    assert imported_names(offender) & set(TOOLKIT_MODULES) == {"course_tools", "papermill"}
