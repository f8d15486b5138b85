"""The pinned lock file and the environment files generated from it.

``requirements.lock`` (made by ``make lock``) is the single source of versions.
From it this module writes, so that they never drift:

- ``environment.yml`` for conda users: ``python=3.11`` plus the whole lock in
  its pip section (markers kept, so it works on every platform);
- ``binder/requirements.txt``: what a learner needs (the package's dependencies and
  its ``tensorflow`` and ``lab`` extras), taken from the lock resolved for Binder's
  machine (Linux x86-64, Python 3.11); with ``binder/runtime.txt`` and ``binder/postBuild``.

Usage::

    python -m course_tools.lockfile            # regenerate (make env-files)
    python -m course_tools.lockfile --check    # exit 1 if any file is stale
"""

import argparse
import re
import sys
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

from course_tools.notebooks import PROJECT_DIR

LOCK_PATH = PROJECT_DIR / "requirements.lock"
PYPROJECT_PATH = PROJECT_DIR / "pyproject.toml"
# The extras a learner's Binder installs: nothing for testing, grading or building.
BINDER_EXTRAS = ("tensorflow", "lab")
ENVIRONMENT_NAME = "nn-health"
PYTHON_VERSION = "3.11"
# Binder's machine, and the platform the drift test compares on.
LINUX_PY311 = {
    "implementation_name": "cpython", "implementation_version": "3.11.9", "os_name": "posix",
    "platform_machine": "x86_64", "platform_python_implementation": "CPython",
    "platform_release": "", "platform_system": "Linux", "platform_version": "",
    "python_full_version": "3.11.9", "python_version": "3.11", "sys_platform": "linux",
}
# ``# via`` edges that hold only when another package asks for the parent with one of its extras
# (uv's lock cannot say which): (child, parent). The Binder drift test catches a missing entry.
EXTRA_ONLY_EDGES = {
    ("linkify-it-py", "markdown-it-py"),  # markdown-it-py[linkify], asked for by mutmut's textual
}
GENERATED_NOTE = "Generated from requirements.lock by `make env-files`; do not edit by hand."
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+?)\s*(?:;\s*(?P<marker>.+))?$")


def pinned_lines(text: str) -> list[str]:
    """The ``name==version [; marker]`` lines of a requirements file, in order."""
    lines = []
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if _PIN.match(line):
            lines.append(line)
    return lines


def resolve(lines: list[str], environment: dict[str, str] = LINUX_PY311) -> dict[str, str]:
    """Package name (normalised) to version, for the lines whose marker holds in ``environment``."""
    versions = {}
    for line in lines:
        match = _PIN.match(line)
        if match is None:
            raise ValueError(f"not a pinned requirement: {line!r}")
        marker = match["marker"]
        if marker is None or Marker(marker).evaluate(environment):
            versions[normalise(match["name"])] = match["version"]
    return versions


def normalise(name: str) -> str:
    """PEP 503 name: lower case, runs of ``-_.`` as one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def via_graph(lock_text: str, environment: dict[str, str] = LINUX_PY311) -> dict[str, set[str]]:
    """Each package pinned for ``environment`` to the packages its ``# via`` comment names."""
    graph: dict[str, set[str]] = {}
    current = None
    for raw in lock_text.splitlines():
        line = raw.strip()
        if not line.startswith("#"):
            match = _PIN.match(line)
            holds = match and (match["marker"] is None or Marker(match["marker"]).evaluate(environment))
            current = normalise(match["name"]) if holds else None
            if current:
                graph[current] = set()
        elif current:
            words = line.lstrip("#").split()
            words = words[1:] if words[:1] == ["via"] else words
            if words and (current, normalise(words[0])) not in EXTRA_ONLY_EDGES:
                graph[current].add(normalise(words[0]))
    return graph


def learner_roots(pyproject_text: str, environment: dict[str, str] = LINUX_PY311) -> set[str]:
    """The package's dependencies and ``BINDER_EXTRAS`` that apply in ``environment``."""
    project = tomllib.loads(pyproject_text)["project"]
    lines = project["dependencies"] + [line for extra in BINDER_EXTRAS
                                       for line in project["optional-dependencies"][extra]]
    return {normalise(req.name) for req in map(Requirement, lines)
            if req.marker is None or req.marker.evaluate(environment)}


def closure(lock_text: str, roots: set[str], environment: dict[str, str] = LINUX_PY311) -> dict[str, str]:
    """Name to version of ``roots`` and of every locked package needed, through ``# via``, by one of them."""
    graph, needed = via_graph(lock_text, environment), set(roots)
    if missing := needed - graph.keys():
        raise ValueError(f"not in the lock: {sorted(missing)}; run 'make lock'")
    while grown := {name for name, parents in graph.items() if parents & needed} - needed:
        needed |= grown
    versions = resolve(pinned_lines(lock_text), environment)
    return {name: versions[name] for name in sorted(needed)}


def render_environment_yml(lock_text: str) -> str:
    """``environment.yml``: conda's Python 3.11 plus every pinned package through pip."""
    pins = "".join(f"      - {_yaml_quote(line)}\n" for line in pinned_lines(lock_text))
    return (f"# {GENERATED_NOTE}\n"
            "# Create and use: conda env create -f environment.yml && conda activate nn-health\n"
            f"name: {ENVIRONMENT_NAME}\n"
            "channels:\n  - conda-forge\n"
            f"dependencies:\n  - python={PYTHON_VERSION}\n  - pip\n  - pip:\n"
            f"{pins}      - -e .\n")


def _yaml_quote(line: str) -> str:
    """A requirement as a YAML string (quoted when it holds a marker)."""
    return f'"{line}"' if ";" in line else line


def render_binder_requirements(lock_text: str, pyproject_text: str) -> str:
    """``binder/requirements.txt``: the learner's packages from the lock, for Linux x86-64 and Python 3.11."""
    versions = closure(lock_text, learner_roots(pyproject_text))
    pins = "".join(f"{name}=={version}\n" for name, version in versions.items())
    return (f"# {GENERATED_NOTE}\n# What a learner needs (course_utils's dependencies, extras "
            f"{' and '.join(BINDER_EXTRAS)}), as locked for Binder: Linux x86-64, Python 3.11.\n{pins}")


BINDER_RUNTIME = f"python-{PYTHON_VERSION}\n"
BINDER_POSTBUILD = f"""#!/bin/bash
# {GENERATED_NOTE}
# repo2docker runs this from the repository root after installing requirements.txt.
set -euo pipefail
pip install --no-deps -e .
"""


def generated_files(lock_text: str, pyproject_text: str) -> dict[Path, str]:
    """Every generated file (absolute path) and the text it should hold."""
    return {
        PROJECT_DIR / "environment.yml": render_environment_yml(lock_text),
        PROJECT_DIR / "binder" / "requirements.txt": render_binder_requirements(lock_text, pyproject_text),
        PROJECT_DIR / "binder" / "runtime.txt": BINDER_RUNTIME,
        PROJECT_DIR / "binder" / "postBuild": BINDER_POSTBUILD,
    }


def stale_files(lock_text: str, pyproject_text: str) -> list[Path]:
    """Generated files that are missing or differ from what the lock and pyproject imply."""
    return [path for path, text in generated_files(lock_text, pyproject_text).items()
            if not path.exists() or path.read_text() != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate environment.yml and binder/ from the lock.")
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1)")
    args = parser.parse_args(argv)
    lock_text, pyproject_text = LOCK_PATH.read_text(), PYPROJECT_PATH.read_text()
    stale = stale_files(lock_text, pyproject_text)
    if args.check:
        for path in stale:
            print(f"{path.relative_to(PROJECT_DIR)} is stale: run 'make env-files'")
        return 1 if stale else 0
    files = generated_files(lock_text, pyproject_text)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if path.name == "postBuild":
            path.chmod(0o755)
    print(f"Wrote {len(files)} files from {LOCK_PATH.name} and {PYPROJECT_PATH.name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
