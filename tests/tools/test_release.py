"""The student release: stubs, nbgrader metadata, and every real notebook released and run."""

import ast
import re
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from course_tools import release
from course_tools.notebook_format import clean
from course_tools.notebooks import NOTEBOOKS_DIR, course_notebooks
from course_tools.release import ReleaseError, student_code, student_markdown

FIXTURES_DIR = Path(__file__).parents[1] / "fixtures"
sys.path.insert(0, str(FIXTURES_DIR))

from sample_exercises import SAMPLE_NAME, kernel_environment, sample_notebook, write_sample  # noqa: E402

COURSE_NOTEBOOKS = course_notebooks()
ALL_NAMES = [path.name for path in COURSE_NOTEBOOKS] + [SAMPLE_NAME]


# --- the stub rules --------------------------------------------------------------------------------

def test_top_level_assignments_become_placeholders():
    source = ("# Exercise 2: a comment stays\n### BEGIN SOLUTION\nanswer_a = 784 * 128 + 128\n"
              "answer_b, (answer_c, *answer_d) = 1, (2, 3)\nanswer_e: int = 3\nanswer_a = 5\n"
              "### END SOLUTION\nprint('after')")
    assert student_code(source) == ("# Exercise 2: a comment stays\nanswer_a = ____\nanswer_b = ____\n"
                                    "answer_c = ____\nanswer_d = ____\nanswer_e = ____\nprint('after')")


def test_a_block_in_a_function_body_raises_not_implemented_at_its_indentation():
    source = ("def relu(z):\n    \"\"\"Doc.\"\"\"\n    if z is None:\n        ### BEGIN SOLUTION\n"
              "        return 0\n        ### END SOLUTION\n    ### BEGIN SOLUTION\n    y = max(z, 0)\n"
              "    return y\n    ### END SOLUTION")
    assert student_code(source) == ("def relu(z):\n    \"\"\"Doc.\"\"\"\n    if z is None:\n"
                                    "        raise NotImplementedError()\n    raise NotImplementedError()")


def test_methods_and_several_blocks_per_cell():
    source = ("### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION\nclass A:\n    def f(self):\n"
              "        ### BEGIN SOLUTION\n        return 2\n        ### END SOLUTION")
    assert student_code(source) == ("answer = ____\nclass A:\n    def f(self):\n"
                                    "        raise NotImplementedError()")


def test_cells_without_markers_are_untouched_even_if_not_python():
    assert student_code("%timeit f()\nx = 1") == "%timeit f()\nx = 1"


@pytest.mark.parametrize("source, message", [
    ("### BEGIN SOLUTION\nmodel = build()\nmodel.compile()\n### END SOLUTION",
     "`model.compile()` is not one"),
    ("### BEGIN SOLUTION\nimport math\n### END SOLUTION", "`import math` is not one"),
    ("### BEGIN SOLUTION\ndef f():\n    return 1\n### END SOLUTION", "may only assign names"),
    ("### BEGIN SOLUTION\nrecord.value = 3\n### END SOLUTION", "not `record.value`"),
    ("### BEGIN SOLUTION\nrows[0] = 3\n### END SOLUTION", "not `rows[0]`"),
    ("for i in range(3):\n    ### BEGIN SOLUTION\n    total = i\n    ### END SOLUTION",
     "top level of the cell or inside a function body"),
    ("class A:\n    ### BEGIN SOLUTION\n    size = 3\n    ### END SOLUTION", "inside a function body"),
    ("### BEGIN SOLUTION\n### END SOLUTION", "line 1: the solution block is empty"),
    ("### BEGIN SOLUTION\nx = 1", "has no ### END SOLUTION"),
    ("x = 1\n### END SOLUTION", "line 2: ### END SOLUTION without"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION", "a second ### BEGIN SOLUTION"),
    ("### BEGIN SOLUTION\nx = (1,\n### END SOLUTION", "not valid Python"),
])
def test_blocks_that_cannot_become_stubs_are_clear_errors(source, message):
    with pytest.raises(ReleaseError, match=re.escape(message)):
        student_code(source)


def test_markdown_answers():
    source = "Why?\n\n### BEGIN SOLUTION\nBecause a missed cancer\ngoes untreated.\n### END SOLUTION\nMore."
    assert student_markdown(source) == "Why?\n\nYOUR ANSWER HERE\nMore."


# --- whole notebooks -------------------------------------------------------------------------------

def test_student_notebook_of_the_sample():
    source = sample_notebook()
    source.cells[3].outputs = [nbformat.v4.new_output("stream", text="old output")]
    source.cells[3].execution_count = 4
    student = release.student_notebook(source, SAMPLE_NAME)
    assert len(student.cells) == len(source.cells) - 1
    assert not any("instructor" in cell.source for cell in student.cells)
    assert student.cells[3].outputs == [] and student.cells[3].execution_count is None
    assert source.cells[3].outputs, "the source notebook must not be modified"
    assert [cell.source for cell in student.cells[2:8:2]] == [
        "# Exercise 1: parameters of Dense(4) on 3 inputs\nanswer_params = ____",
        "def relu(z):\n    raise NotImplementedError()", "answer_metric = ____"]


def test_errors_name_the_notebook_and_cell():
    notebook = sample_notebook()
    notebook.cells[4].source = "### BEGIN SOLUTION\nprint('hi')\n### END SOLUTION"
    with pytest.raises(ReleaseError, match=rf"{SAMPLE_NAME}, cell 5 \(id cell-4\): line 2: .*print"):
        release.student_notebook(notebook, SAMPLE_NAME)


def test_nbgrader_metadata_from_the_content():
    from nbgrader.nbgraderformat import MetadataValidator

    notebook = sample_notebook()
    MetadataValidator().validate_nb(notebook)
    meta = [cell.metadata.get("nbgrader") for cell in notebook.cells]
    assert [m and (m["grade_id"], m["solution"], m["grade"], m["locked"], m.get("points")) for m in meta] == [
        None, None,
        ("q1_answer", True, False, False, None), ("q1_check", False, True, True, 1),
        ("q2_answer", True, False, False, None), ("q2_check", False, True, True, 2),
        ("q3_answer", True, False, False, None), ("q3_check", False, True, True, 1),
        ("written_1", True, True, False, 1), None, None]
    assert all(m["schema_version"] == 3 for m in meta if m)


def test_annotation_is_stable_under_clean():
    once = nbformat.writes(sample_notebook())
    assert nbformat.writes(clean(nbformat.reads(once, as_version=4))) == once


def test_stale_nbgrader_metadata_is_removed():
    notebook = sample_notebook()
    notebook.cells[10].metadata["nbgrader"] = {"grade": True, "grade_id": "old", "points": 3}
    assert "nbgrader" not in clean(notebook).cells[10].metadata


@pytest.mark.parametrize("change, message", [
    ((7, "ex.q1.check(answer_metric)"), "q1 is checked in more than one cell"),
    ((7, "ex.q9.check(answer_metric)"), "sample_exercises.ex99 has no question q9"),
    ((1, "from course_utils.exercises import ____\nfrom sample_exercises import ex77 as ex"),
     "cannot import sample_exercises.ex77"),
])
def test_annotation_errors(change, message):
    notebook = sample_notebook()
    index, source = change
    notebook.cells[index].source = source
    with pytest.raises(ReleaseError, match=re.escape(message)):
        clean(notebook, SAMPLE_NAME)


def test_a_check_cell_holding_its_solution_is_refused():
    notebook = sample_notebook()
    notebook.cells[3].source = "answer_params = 16\nex.q1.check(answer_params)"
    assert "nbgrader" not in clean(notebook).cells[3].metadata  # not a check-only cell: not graded
    notebook.cells[3].source = "ex.q1.check(answer_params)  ### BEGIN SOLUTION\n### END SOLUTION"
    with pytest.raises(ReleaseError, match="must not hold a solution"):
        clean(notebook, SAMPLE_NAME)


# --- hidden tests and graded work ------------------------------------------------------------------

def test_every_check_cell_ends_in_its_hidden_graded_check():
    notebook = sample_notebook()
    assert notebook.cells[5].source == (
        "ex.q2.check(relu)\n### BEGIN HIDDEN TESTS\nimport course_utils.exercises.grading as _grading\n"
        '_grading.grade("sample_exercises.ex99", "q2", relu)\n### END HIDDEN TESTS')
    assert release.checked_question(notebook.cells[5], "ex") == "q2"
    assert release.student_notebook(notebook, SAMPLE_NAME).cells[5].source == "ex.q2.check(relu)"


def test_hidden_tests_are_removed_as_nbgrader_removes_them():
    from nbgrader.preprocessors import ClearHiddenTests

    source = "a = 1\n  ### BEGIN HIDDEN TESTS\nsecret()\n### END HIDDEN TESTS\nb = 2\n"
    cell = nbformat.v4.new_code_cell(source)
    ClearHiddenTests()._remove_hidden_test_region(cell)
    assert release.without_hidden_tests(source) == cell.source == "a = 1\nb = 2\n"


def test_a_graded_release_has_no_solution_prompts_and_turns_solutions_off():
    student = release.student_notebook(sample_notebook(), SAMPLE_NAME)
    graded = release.graded_notebook(nbformat.from_dict(student))
    assert graded.cells[3].source == "ex.q1.check(answer_params)\n# ex.q1.hint()"
    assert graded.cells[1].source.endswith(
        "\nfrom course_utils.exercises import graded_assignment\n"
        "graded_assignment(hints=True)  # graded work: no solutions in this session")
    no_hints = release.graded_notebook(nbformat.from_dict(student), hints=False)
    assert no_hints.cells[3].source == "ex.q1.check(answer_params)"
    assert "hints=False" in no_hints.cells[1].source
    assert [cell.source for cell in graded.cells[4:]] == [cell.source for cell in student.cells[4:]]
    learner = release.learner_notebook(sample_notebook(), SAMPLE_NAME)
    assert "graded_assignment" not in nbformat.writes(learner)


def test_graded_release_command(tmp_path, capsys):
    write_sample(tmp_path / "notebooks")
    assert release.main(["--graded", "--no-hints", str(tmp_path / "notebooks"), str(tmp_path / "out")]) == 0
    text = (tmp_path / "out" / SAMPLE_NAME).read_text()
    assert "graded_assignment(hints=False)" in text and ".solution()" not in text and ".hint()" not in text
    assert "Wrote 1 graded notebooks" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        release.main(["--graded", str(tmp_path / "notebooks")])
    assert "must not replace the learner edition" in capsys.readouterr().err


def test_release_command(tmp_path, capsys):
    source, target = tmp_path / "notebooks", tmp_path / "release"
    write_sample(source)
    (source / "figures").mkdir()
    (source / "figures" / "network.svg").write_text("<svg/>")
    target.mkdir()
    (target / "00_removed.ipynb").write_text("{}")
    assert release.main([str(source), str(target)]) == 0
    assert sorted(path.name for path in target.iterdir()) == [SAMPLE_NAME, "figures"]
    assert (target / "figures" / "network.svg").read_text() == "<svg/>"
    assert "Wrote 1 learner notebooks" in capsys.readouterr().out


def test_release_command_writes_nothing_when_a_cell_is_wrong(tmp_path, capsys):
    notebook = sample_notebook()
    notebook.cells[2].source = "### BEGIN SOLUTION\nprint(16)\n### END SOLUTION"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / SAMPLE_NAME).write_text(nbformat.writes(notebook))
    assert release.main([str(tmp_path / "src"), str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    assert f"{SAMPLE_NAME}, cell 3" in capsys.readouterr().err


# --- every course notebook (and the sample) released -----------------------------------------------

def test_course_notebooks_are_found():
    assert COURSE_NOTEBOOKS, f"no notebooks in {NOTEBOOKS_DIR}"


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    sample = write_sample(tmp_path_factory.mktemp("sample"))
    return {**{path.name: path for path in COURSE_NOTEBOOKS}, SAMPLE_NAME: sample}


@pytest.fixture(scope="module")
def released(sources, tmp_path_factory) -> dict[str, Path]:
    """Each notebook's student version, written to a throwaway release folder beside its companions."""
    target = tmp_path_factory.mktemp("release")
    release.copy_companions(NOTEBOOKS_DIR, target)
    paths = {}
    for name, path in sources.items():
        try:
            student = release.student_notebook(nbformat.read(path, as_version=4), name)
        except ReleaseError as error:
            paths[name] = error
            continue
        paths[name] = target / name
        paths[name].write_text(nbformat.writes(student))
    return paths


def _pair(name, sources, released):
    if isinstance(released[name], ReleaseError):
        pytest.fail(f"make release fails: {released[name]}")
    source = nbformat.read(sources[name], as_version=4)
    student = nbformat.read(released[name], as_version=4)
    kept = [cell for cell in source.cells if not release.is_instructor_only(cell)]
    assert [cell.id for cell in kept] == [cell.id for cell in student.cells]
    return list(zip(kept, student.cells, strict=True))


def _solution_lines(source: str) -> set[str]:
    """Lines inside solution blocks that do not also appear outside them (stripped, no comments)."""
    lines = source.split("\n")
    inside = set()
    for block in release.solution_blocks(lines):
        inside |= {line.strip() for line in lines[block.begin + 1:block.end]}
    outside = {line.strip() for line in lines} - inside
    return {line for line in inside - outside if line and not line.startswith("#")}


@pytest.mark.parametrize("name", ALL_NAMES)
def test_no_solution_survives_in_release(name, sources, released):
    pairs = _pair(name, sources, released)
    for source, student in pairs:
        assert "BEGIN SOLUTION" not in student.source and "END SOLUTION" not in student.source
        assert not student.get("outputs") and student.get("execution_count") is None
        student_lines = {line.strip() for line in student.source.split("\n")}
        leaked = _solution_lines(source.source) & student_lines
        assert not leaked, f"{name}, cell {source.id}: solution lines in the student version: {leaked}"
    assert any(release.has_solution(source.source) for source, _ in pairs), f"{name} has no exercise"


STUB_LINE = re.compile(r"\s*raise NotImplementedError\(\)|\w+ = ____")


def _stubs(source: str, student: str) -> list[tuple[release.SolutionBlock, list[str], list[str]]]:
    """Split the student text into the source's unchanged lines and one stub per solution block.

    Returns ``(block, solution lines, stub lines)`` per block; fails if any other line changed.
    """
    lines, student_lines = source.split("\n"), student.split("\n")
    blocks = release.solution_blocks(lines)
    found, position, start = [], 0, 0
    for block in [*blocks, None]:
        kept = lines[start:block.begin if block else len(lines)]
        assert student_lines[position:position + len(kept)] == kept, "a line outside the blocks changed"
        position += len(kept)
        if block is None:
            assert position == len(student_lines), "the student cell has extra lines"
            return found
        stub_end = position
        while stub_end < len(student_lines) and STUB_LINE.fullmatch(student_lines[stub_end]):
            stub_end += 1
        found.append((block, lines[block.begin + 1:block.end], student_lines[position:stub_end]))
        position, start = stub_end, block.end + 1
    return found


def _assigned(solution: list[str]) -> list[str]:
    names = []
    for node in ast.parse(textwrap.dedent("\n".join(solution))).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name) and name.id not in names:
                    names.append(name.id)
    return names


@pytest.mark.parametrize("name", ALL_NAMES)
def test_putting_the_solutions_back_gives_the_source(name, sources, released):
    """Each stub stands for exactly its block: the assigned names, or a function body."""
    for source, student in _pair(name, sources, released):
        if not release.has_solution(source.source):
            assert student.source == release.without_hidden_tests(source.source)
            continue
        if source.cell_type == "markdown":
            assert student.source == release.student_markdown(source.source)
            continue
        restored = student.source.split("\n")
        for block, solution, stub in reversed(_stubs(source.source, student.source)):
            if stub == [block.indent + "raise NotImplementedError()"]:
                assert block.indent and re.search(r"^\s*(async )?def ", "\n".join(
                    source.source.split("\n")[:block.begin]), re.MULTILINE), "raise outside a function"
            else:
                assert not block.indent and stub == [f"{n} = ____" for n in _assigned(solution)]
            at = restored.index(stub[0])
            restored[at:at + len(stub)] = source.source.split("\n")[block.begin:block.end + 1]
        assert "\n".join(restored) == source.source


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_solution_is_checked_and_every_check_graded(name, sources, released):
    """Cleanliness, nbgrader metadata included, is tested in test_notebook_hygiene."""
    pairs = _pair(name, sources, released)
    module, alias = release.exercise_module(nbformat.read(sources[name], as_version=4))
    graded = [cell.metadata["nbgrader"] for cell, _ in pairs if "nbgrader" in cell.metadata]
    checks = {meta["grade_id"].removesuffix("_check") for meta in graded if meta["grade"] and meta["locked"]}
    answers = [meta["grade_id"] for meta in graded if meta["solution"] and not meta["grade"]]
    assert checks, f"{name}: no graded check cell (run make clean-notebooks?)"
    assert all(answer.split("_")[0] in checks for answer in answers), f"{name}: answers without a check"
    for source, student in pairs:
        if source.metadata.get("nbgrader", {}).get("locked"):
            assert student.source == release.without_hidden_tests(source.source)
            graded_check = f'_grading.grade("{module}", "{release.checked_question(source, alias)}", '
            assert graded_check in source.source, (
                f"{name}: check cell {source.id} lacks its hidden graded check (run make clean-notebooks)")


# --- student notebooks run top to bottom ------------------------------------------------------------

def _execute(path: Path, env: dict[str, str]) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute(env=env)
    return notebook


@pytest.fixture(scope="module")
def student_runs(released, tmp_path_factory, request):
    """The selected student notebooks, each executed once as a learner would (checks only report),
    two kernels at a time, all started on first use."""
    test_name = "test_student_notebook_runs_with_checks_not_attempted"
    selected = {item.callspec.params["name"] for item in request.session.items
                if getattr(item, "originalname", None) == test_name}
    env = kernel_environment(tmp_path_factory.mktemp("student_build"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        yield {name: pool.submit(_execute, released[name], env) for name in sorted(selected)
               if isinstance(released[name], Path)}


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL_NAMES)
def test_student_notebook_runs_with_checks_not_attempted(name, released, student_runs):
    if isinstance(released[name], ReleaseError):
        pytest.fail(f"make release fails: {released[name]}")
    notebook = student_runs[name].result()
    _, alias = release.exercise_module(notebook)
    check_cells = [cell for cell in notebook.cells if release.checked_question(cell, alias)]
    assert check_cells, f"{name}: no check cell"
    for cell in check_cells:
        shown = [output.get("data", {}).get("text/plain", "") for output in cell.outputs]
        assert any("Not attempted yet" in text for text in shown), f"{name}: {cell.source!r} showed {shown}"
