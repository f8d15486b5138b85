"""Student versions of the solved notebooks, and their nbgrader metadata (``make release``).

The solved notebook is the single source. In a code cell, a solution sits
between ``### BEGIN SOLUTION`` and ``### END SOLUTION``:

- a block at the top level of a cell may hold only assignments; each
  assigned name becomes ``name = ____``;
- a block inside a function body becomes ``raise NotImplementedError()``
  at the block's indentation;
- anything else is an error that names the notebook and cell to fix.

In a markdown cell the block becomes ``YOUR ANSWER HERE``. Outputs and
execution counts are cleared, cells tagged ``instructor`` are removed, and so are
nbgrader's hidden tests (``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS``).
nbgrader's ``generate_assignment`` applies the same transform
(:mod:`course_tools.nbgrader_plugin`), so both produce the same student cells.

:func:`annotate` (run by :func:`course_tools.notebook_format.clean`) derives the
nbgrader cell metadata from the markers and the ``ex.qN.check(...)`` cells, and gives
every check cell its hidden test: the graded check
(:func:`course_utils.exercises.grading.grade`) that autograding runs and the learner's
cells cannot replace.

A graded release (:func:`graded_notebook`: nbgrader's assignments, or ``course release
--graded``) also drops the ``# ex.qN.solution()`` lines (and, with ``--no-hints``, the hint
lines) from the check cells and turns ``solution()`` off in the session.

The learner edition (:func:`learner_notebook`, written to ``learner/`` by ``make release``) is the
student version with one more cell at the top: the Colab set-up cell, which installs the course
package on Colab and does nothing anywhere else. nbgrader's graded assignments are the plain
student version.

Usage::

    course release                      # notebooks/ -> learner/
    course release SOURCE TARGET
    course release --graded [--no-hints] SOURCE TARGET   # for graded work: no solutions
"""

import argparse
import ast
import contextlib
import copy
import importlib
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course_tools.notebooks import LEARNER_DIR, NOTEBOOKS_DIR
from course_utils.distribution import PACKAGE_URL, RELEASE_TAG

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
GRADER_IMPORT = "import course_utils.exercises.grading as _grading"
GRADER_CALL = "_grading.grade("
GRADED_SESSION = ("from course_utils.exercises import graded_assignment\n"
                  "graded_assignment(hints={hints})  # graded work: no solutions in this session")
INSTRUCTOR_TAG = "instructor"
CODE_STUB = "raise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
WRITTEN_ANSWER_POINTS = 1
NBGRADER_SCHEMA_VERSION = 3
_EXERCISE_IMPORT = re.compile(r"from\s+([\w.]+)\s+import\s+(ex\w+)\s+as\s+(\w+)")
_QUESTION_NAME = re.compile(r"q\d+")


class ReleaseError(ValueError):
    """A solution block the student version cannot be generated from."""


@dataclass(frozen=True)
class SolutionBlock:
    """Line indices (0-based) of a block's BEGIN and END markers, and its indentation."""

    begin: int
    end: int
    indent: str


def has_solution(source: str) -> bool:
    """True when the source holds a solution marker."""
    return BEGIN_SOLUTION in source or END_SOLUTION in source


def solution_blocks(lines: list[str]) -> list[SolutionBlock]:
    """The solution blocks of a cell, checking the markers pair up."""
    blocks, begin = [], None
    for index, line in enumerate(lines):
        if BEGIN_SOLUTION in line:
            if begin is not None:
                raise ReleaseError(f"line {index + 1}: a second {BEGIN_SOLUTION} before {END_SOLUTION}.")
            begin = index
        elif END_SOLUTION in line:
            if begin is None:
                raise ReleaseError(f"line {index + 1}: {END_SOLUTION} without a {BEGIN_SOLUTION}.")
            indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
            blocks.append(SolutionBlock(begin, index, indent))
            begin = None
    if begin is not None:
        raise ReleaseError(f"line {begin + 1}: {BEGIN_SOLUTION} has no {END_SOLUTION}.")
    return blocks


def student_markdown(source: str) -> str:
    """A markdown cell with each answer block replaced by ``YOUR ANSWER HERE``."""
    return _replace_blocks(source, lambda block, tree: [block.indent + TEXT_STUB], tree=None)


def student_code(source: str) -> str:
    """A code cell with each solution block replaced by its student stub."""
    if not has_solution(source):
        return source
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ReleaseError(f"the cell is not valid Python (line {error.lineno}: {error.msg}).") from None
    student = _replace_blocks(source, _code_stub, tree)
    try:
        ast.parse(student)
    except SyntaxError as error:
        raise ReleaseError(f"the student version would not be valid Python (line {error.lineno}: "
                           f"{error.msg}); make each solution block a whole statement list.") from None
    return student


def student_source(cell_type: str, source: str) -> str:
    """The student version of a cell's source (hidden tests removed)."""
    source = without_hidden_tests(source)
    return student_code(source) if cell_type == "code" else student_markdown(source)


def without_hidden_tests(source: str) -> str:
    """The source without its hidden-test blocks, removed line by line as nbgrader's ``ClearHiddenTests``."""
    kept, hidden = [], False
    for line in source.split("\n"):
        if BEGIN_HIDDEN.removeprefix("### ") in line:
            hidden = True
        elif END_HIDDEN.removeprefix("### ") in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


def with_graded_check(source: str, module: str, question: str) -> str:
    """A check cell ending in its hidden test, which calls the graded check on the same answer."""
    visible = without_hidden_tests(source).rstrip("\n")
    answer = ast.get_source_segment(visible, ast.parse(visible).body[0].value.args[0])
    return "\n".join([visible, BEGIN_HIDDEN, GRADER_IMPORT,
                      f'{GRADER_CALL}"{module}", "{question}", {answer})', END_HIDDEN])


def _replace_blocks(source: str, stub, tree: ast.Module | None) -> str:
    lines = source.split("\n")
    blocks = solution_blocks(lines)
    result, position = [], 0
    for block in blocks:
        result += lines[position:block.begin] + stub(block, tree)
        position = block.end + 1
    return "\n".join(result + lines[position:])


def _code_stub(block: SolutionBlock, tree: ast.Module) -> list[str]:
    """``name = ____`` per assigned name, or ``raise NotImplementedError()`` in a function."""
    first, last = block.begin + 1, block.end + 1  # 1-based marker lines
    statements = [node for node in ast.walk(tree)
                  if isinstance(node, ast.stmt) and first < node.lineno < last]
    if not statements:
        raise ReleaseError(f"line {first}: the solution block is empty.")
    if _enclosing_function(tree, block, statements):
        return [block.indent + CODE_STUB]
    top_level = [node for node in tree.body if first < node.lineno < last]
    if block.indent or not all(_inside_any(node, top_level) for node in statements):
        raise ReleaseError(f"line {first}: a solution block must sit at the top level of the cell or "
                           "inside a function body.")
    return [f"{name} = ____" for name in _assigned_names(top_level)]


def _enclosing_function(tree: ast.Module, block: SolutionBlock, statements: list[ast.stmt]) -> bool:
    last_line = max(node.end_lineno for node in statements)
    return any(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.lineno <= block.begin and node.end_lineno >= last_line
        and len(block.indent) > node.col_offset
        for node in ast.walk(tree)
    )


def _inside_any(node: ast.stmt, parents: list[ast.stmt]) -> bool:
    return any(node is parent or node in ast.walk(parent) for parent in parents)


def _assigned_names(statements: list[ast.stmt]) -> list[str]:
    names = []
    for node in statements:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            raise ReleaseError(
                f"line {node.lineno}: a top-level solution block may only assign names "
                f"(`name = ...`), but `{ast.unparse(node).splitlines()[0]}` is not one. Move the code into a "
                "function (its body becomes `raise NotImplementedError()`) or out of the block.")
        for target in targets:
            names += [name for name in _target_names(target, node.lineno) if name not in names]
    return names


def _target_names(target: ast.expr, line: int) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for element in target.elts for name in _target_names(element, line)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value, line)
    raise ReleaseError(f"line {line}: a solution block may only assign plain names, not "
                       f"`{ast.unparse(target)}`.")


def is_instructor_only(cell) -> bool:
    """True for a cell tagged ``instructor`` (left out of the student version)."""
    return INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", [])


def student_notebook(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The student version of a solved notebook (the input is not modified).

    Raises:
        ReleaseError: naming the notebook and cell whose solution block cannot be replaced.
    """
    student = copy.deepcopy(notebook)
    kept = []
    for index, cell in enumerate(student.cells):
        if is_instructor_only(cell):
            continue
        if cell.cell_type != "raw":
            with _located(name, index, cell):
                cell.source = student_source(cell.cell_type, cell.source)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        kept.append(cell)
    student.cells = kept
    return student


COLAB_SETUP_TAG = "colab-setup"
COLAB_SETUP = f"""\
# Google Colab only: install the course package (its code and data, release {RELEASE_TAG}).
# Anywhere else (Binder, your own JupyterLab) this cell changes nothing.
import importlib
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("course_utils") is not None:
    print("The course package is already installed: nothing to do.")
elif "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "course_utils @ {PACKAGE_URL}"], check=True)
    importlib.invalidate_caches()
    print("Installed the course package for this Colab session.")
else:
    print("The course package is missing. From a clone of the course run: make lab")"""


def graded_notebook(student: nbformat.NotebookNode, hints: bool = True) -> nbformat.NotebookNode:
    """A student version made graded work (in place): no solution prompts, ``solution()`` off.

    The check cells lose their ``# ex.qN.solution()`` lines (and ``# ex.qN.hint()`` unless
    ``hints``), and the cell that imports the exercises turns the session into graded work
    (:func:`course_utils.exercises.graded_assignment`).
    """
    _, alias = exercise_module(student)
    dropped = ("solution",) if hints else ("solution", "hint")
    prompt = re.compile(rf"#\s*{alias}\.q\d+\.({'|'.join(dropped)})\(\)\s*")
    for cell in student.cells:
        if checked_question(cell, alias):
            cell.source = "\n".join(line for line in cell.source.split("\n") if not prompt.fullmatch(line))
        elif cell.cell_type == "code" and _EXERCISE_IMPORT.search(cell.source):
            cell.source = f"{cell.source.rstrip()}\n{GRADED_SESSION.format(hints=hints)}"
    return student


def learner_notebook(notebook: nbformat.NotebookNode, name: str, graded: bool = False,
                     hints: bool = True) -> nbformat.NotebookNode:
    """The learner edition: the student version with the Colab set-up cell first (graded if ``graded``)."""
    learner = student_notebook(notebook, name)
    if graded:
        graded_notebook(learner, hints)
    setup_cell = nbformat.v4.new_code_cell(COLAB_SETUP, metadata={"tags": [COLAB_SETUP_TAG]})
    setup_cell.id = "colab-setup"
    learner.cells.insert(0, setup_cell)
    return learner


@contextlib.contextmanager
def _located(name: str, index: int, cell):
    """Re-raise a :class:`ReleaseError` naming the notebook and cell it comes from."""
    try:
        yield
    except ReleaseError as error:
        raise ReleaseError(f"{name}, cell {index + 1} (id {cell.get('id', '?')}): {error}") from None


def annotate(notebook: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Set nbgrader metadata from the content: solution cells and graded check cells.

    A code cell with a solution block becomes a solution cell (``qN_answer``
    after the check that follows it); a markdown answer block a manually
    graded answer (``written_N``, 1 point); a cell that only calls
    ``ex.qN.check(...)`` a locked, autograded test cell (``qN_check``) worth
    the question's points, ending in its hidden test (:func:`with_graded_check`).
    Every other cell loses its nbgrader metadata.
    """
    module, alias = exercise_module(notebook)
    checks = [checked_question(cell, alias) for cell in notebook.cells]
    seen, written = set(), 0
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("nbgrader", None)
        if is_instructor_only(cell):
            continue
        with _located(name, index, cell):
            if checks[index]:
                if has_solution(cell.source):
                    raise ReleaseError("a check cell must not hold a solution: put the answer in the cell "
                                       "before it.")
                grade_id = _unique(f"{checks[index]}_check", seen, repeat_ok=False)
                points = _points(module, checks[index])
                cell.metadata["nbgrader"] = _nbgrader(grade_id, grade=True, solution=False, points=points)
                cell.source = with_graded_check(cell.source, module, checks[index])
            elif has_solution(cell.source) and cell.cell_type == "markdown":
                solution_blocks(cell.source.split("\n"))
                written += 1
                cell.metadata["nbgrader"] = _nbgrader(f"written_{written}", grade=True, solution=True,
                                                      points=WRITTEN_ANSWER_POINTS)
            elif has_solution(cell.source) and cell.cell_type == "code":
                student_code(cell.source)
                question = next((q for q in checks[index + 1:] if q), "answer")
                grade_id = _unique(f"{question}_answer", seen, repeat_ok=True)
                cell.metadata["nbgrader"] = _nbgrader(grade_id, grade=False, solution=True)
    return notebook


def _nbgrader(grade_id: str, grade: bool, solution: bool, points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": grade and not solution,
            "schema_version": NBGRADER_SCHEMA_VERSION, "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def _unique(grade_id: str, seen: set[str], repeat_ok: bool) -> str:
    if grade_id in seen and not repeat_ok:
        raise ReleaseError(f"{grade_id.split('_')[0]} is checked in more than one cell; check each "
                           "question once.")
    unique, count = grade_id, 1
    while unique in seen:
        count += 1
        unique = f"{grade_id}_{count}"
    seen.add(unique)
    return unique


def exercise_module(notebook) -> tuple[str | None, str | None]:
    """The module imported as ``from course_utils.exercises import exNN as ex``, and its alias."""
    for cell in notebook.cells:
        match = _EXERCISE_IMPORT.search(cell.source) if cell.cell_type == "code" else None
        if match:
            return f"{match.group(1)}.{match.group(2)}", match.group(3)
    return None, None


def checked_question(cell, alias: str | None) -> str | None:
    """``qN`` when the cell's only statement (besides its hidden test) is ``<alias>.qN.check(answer)``."""
    if cell.cell_type != "code" or alias is None or ".check(" not in cell.source:
        return None
    try:
        body = ast.parse(without_hidden_tests(cell.source)).body
    except SyntaxError:
        return None
    if len(body) != 1 or not isinstance(body[0], ast.Expr) or not isinstance(body[0].value, ast.Call):
        return None
    function = body[0].value.func
    if len(body[0].value.args) != 1 or body[0].value.keywords:
        return None
    if (isinstance(function, ast.Attribute) and function.attr == "check"
            and isinstance(function.value, ast.Attribute) and _QUESTION_NAME.fullmatch(function.value.attr)
            and isinstance(function.value.value, ast.Name) and function.value.value.id == alias):
        return function.value.attr
    return None


def _points(module: str, question: str) -> int:
    try:
        exercises = importlib.import_module(module)
    except ImportError as error:
        raise ReleaseError(f"cannot import {module} to read the points of {question}: {error}") from None
    if not hasattr(exercises, question):
        raise ReleaseError(f"{module} has no question {question}.")
    return getattr(exercises, question).points


def release(source_dir: Path = NOTEBOOKS_DIR, target_dir: Path = LEARNER_DIR, graded: bool = False,
            hints: bool = True) -> list[Path]:
    """Write the learner edition of every notebook in ``source_dir`` to ``target_dir`` (graded if ``graded``).

    Files beside the notebooks (figures...) are copied; notebooks in ``target_dir``
    that no longer have a source are removed.

    Raises:
        ReleaseError: listing every cell (in every notebook) that needs fixing.
    """
    sources = sorted(source_dir.glob("*.ipynb"))
    students, errors = {}, []
    for path in sources:
        try:
            notebook = nbformat.read(path, as_version=4)
            students[path.name] = learner_notebook(notebook, path.name, graded, hints)
        except ReleaseError as error:
            errors.append(str(error))
    if errors:
        raise ReleaseError("\n".join(errors))
    target_dir.mkdir(parents=True, exist_ok=True)
    for stale in set(target_dir.glob("*.ipynb")) - {target_dir / name for name in students}:
        stale.unlink()
    copy_companions(source_dir, target_dir)
    for name, student in students.items():
        (target_dir / name).write_text(nbformat.writes(student))
    return [target_dir / name for name in students]


def copy_companions(source_dir: Path, target_dir: Path) -> None:
    """Copy the files beside the notebooks (figures...), but no notebooks or caches."""
    ignored = shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints", "__pycache__")
    for path in source_dir.iterdir():
        if ignored(str(source_dir), [path.name]):
            continue
        if path.is_dir():
            shutil.copytree(path, target_dir / path.name, dirs_exist_ok=True, ignore=ignored)
        else:
            shutil.copy2(path, target_dir / path.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", default=NOTEBOOKS_DIR,
                        help="folder of solved notebooks")
    parser.add_argument("target", type=Path, nargs="?", default=LEARNER_DIR,
                        help="folder for the learner edition")
    parser.add_argument("--graded", action="store_true",
                        help="graded work: no solution prompts, ex.qN.solution() off (give a TARGET)")
    parser.add_argument("--no-hints", dest="hints", action="store_false", help="with --graded: hints off too")
    args = parser.parse_args(argv)
    if args.graded and args.target.resolve() == LEARNER_DIR.resolve():
        parser.error(f"a graded release must not replace the learner edition in {LEARNER_DIR}: give a TARGET")
    try:
        written = release(args.source, args.target, args.graded, args.hints)
    except ReleaseError as error:
        print(f"No release written; fix these cells in {args.source}:\n{error}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} {'graded' if args.graded else 'learner'} notebooks to {args.target}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
