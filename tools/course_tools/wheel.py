"""The learner package as a wheel, and its graded form: a ``course_utils`` wheel without solution texts.

Graded releases switch ``solution()`` off, but the texts also sit in the package's source
(``inspect.getsource(ex04)`` returns them). For the students' environment of graded coursework
(a JupyterHub image, a lab machine) build this wheel instead: every ``Question(..., solution=...)``
in ``course_utils/exercises/ex*.py`` is rewritten to ``solution=None`` (and, with ``--no-hints``,
``hint=None``), so no file in the installed package holds them and ``solution()`` says that
solutions are off. Checks, hidden graded checks and data are unchanged.

Usage::

    course wheel [--out build/wheel]                        # the learner package as it ships
    course wheel --graded [--no-hints] [--out build/graded-wheel]
    pip install build/graded-wheel/course_utils-*.whl      # in the students' environment
"""

import argparse
import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course_tools.notebooks import PROJECT_DIR

# What the wheel is built from (the build itself never touches the clone).
BUILD_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "course_utils", "data")
EXERCISES = Path("course_utils") / "exercises"


def sealed_source(source: str, hints: bool = True) -> str:
    """An exercise module's ``source`` with every ``solution=`` (and unless ``hints``, ``hint=``)
    keyword argument replaced by ``None`` (``Question(...)`` and the ``checks`` helpers that make
    questions); everything else byte for byte."""
    sealed = {"solution"} | (set() if hints else {"hint"})
    spans = [_span(source, keyword.value) for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Call) for keyword in node.keywords if keyword.arg in sealed]
    data = source.encode()
    for start, end in sorted(spans, reverse=True):
        data = data[:start] + b"None" + data[end:]
    return data.decode()


def _span(source: str, node: ast.expr) -> tuple[int, int]:
    """Byte offsets of ``node`` in ``source`` (``ast`` columns count UTF-8 bytes)."""
    starts = [0]
    for line in source.encode().splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts[node.lineno - 1] + node.col_offset, starts[node.end_lineno - 1] + node.end_col_offset


def seal_tree(root: Path, hints: bool = True) -> list[Path]:
    """Seal every exercise module under ``root`` in place; the files changed."""
    changed = []
    for path in sorted((root / EXERCISES).glob("ex*.py")):
        text = path.read_text(encoding="utf-8")
        if (new := sealed_source(text, hints)) != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def build(out: Path, graded: bool = False, hints: bool = True) -> Path:
    """Build the wheel (``graded``: without solution texts, and hints unless ``hints``) into ``out``
    (emptied first) from a copy of the clone's sources; its path."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "course"
        for name in BUILD_SOURCES:
            source, target = PROJECT_DIR / name, tree / name
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        if graded:
            seal_tree(tree, hints)
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                        "--wheel-dir", str(out), str(tree)], check=True)
    return next(out.glob("course_utils-*.whl"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course wheel", description=__doc__.split("\n\n")[0])
    parser.add_argument("--graded", action="store_true", help="leave the solution texts out")
    parser.add_argument("--no-hints", action="store_true", help="with --graded: leave the hints out too")
    parser.add_argument("--out", type=Path, help="folder for the wheel (build/wheel, build/graded-wheel)")
    args = parser.parse_args(argv)
    if args.no_hints and not args.graded:
        parser.error("--no-hints only applies to a graded wheel: add --graded")
    out = args.out or PROJECT_DIR / "build" / ("graded-wheel" if args.graded else "wheel")
    wheel = build(out, graded=args.graded, hints=not args.no_hints)
    left_out = "no solution texts" + ("" if not args.no_hints else " and no hints")
    print(f"Built {wheel}" + (f": {left_out}. Install it in the students' environment: pip install {wheel}"
                              if args.graded else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
