"""Every third-party module a package imports is declared: course_utils by its required dependencies
(plus the tensorflow extra), course_tools by the extras the make targets install."""

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest
from packaging.requirements import Requirement

from course_tools.notebooks import PROJECT_DIR

PROJECT = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
OWN = {"course_utils", "course_tools"}
PACKAGES = {
    "course_utils": ["tensorflow"],
    "course_tools": ["tensorflow", "lab", "tools", "test", "grading", "book", "browser"],
}


def declared(extras: list[str]) -> set[str]:
    """Normalised distribution names of the required dependencies and the given extras."""
    optional = PROJECT["optional-dependencies"]
    lines = PROJECT["dependencies"] + [line for extra in extras for line in optional[extra]]
    return {Requirement(line).name.lower().replace("_", "-") for line in lines}


def third_party_imports(package: str) -> set[str]:
    names = set()
    for path in (PROJECT_DIR / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - OWN - set(sys.stdlib_module_names)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_import_is_declared(package):
    distributions = packages_distributions()
    allowed = declared(PACKAGES[package]) | {"tensorflow-cpu"}
    undeclared = {}
    for module in third_party_imports(package):
        providers = {name.lower().replace("_", "-") for name in distributions.get(module, [module])}
        if not providers & allowed:
            undeclared[module] = sorted(providers)
    assert undeclared == {}, f"{package} imports modules no declared dependency provides"


def test_learner_requirements_hold_no_tool():
    tools = {"papermill", "nbformat", "nbclient", "nbgrader", "jupyterlab", "pytest", "nbval", "ruff",
             "jupyter-book", "playwright", "psutil", "tqdm", "pyyaml"}
    assert declared(["tensorflow"]) & tools == set()
