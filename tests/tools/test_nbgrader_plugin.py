"""Real nbgrader, headless, on a throwaway course folder: generate, submit, autograde, read the gradebook.

Uses the shipped ``docs/nbgrader_config.py``. Strict mode must come from nbgrader itself
(``NBGRADER_EXECUTION=autograde``), so ``COURSE_STRICT`` is removed from nbgrader's environment.
"""

import copy
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_tools import release
from course_tools.notebooks import NOTEBOOKS_DIR, PROJECT_DIR, course_notebooks

FIXTURES_DIR = Path(__file__).parents[1] / "fixtures"
sys.path.insert(0, str(FIXTURES_DIR))

from sample_exercises import SAMPLE_NAME, kernel_environment, write_sample  # noqa: E402

pytestmark = pytest.mark.slow
CONFIG = PROJECT_DIR / "docs" / "nbgrader_config.py"
PREFERRED_REAL_NOTEBOOK = "04_building.ipynb"


def _nbgrader(course: Path, *args: str) -> str:
    env = kernel_environment(course / "build")
    # nbgrader runs the alembic command from PATH.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def _new_course(folder: Path) -> Path:
    shutil.copy(CONFIG, folder / "nbgrader_config.py")
    return folder


@pytest.fixture
def course(tmp_path) -> Path:
    return _new_course(tmp_path)


@pytest.fixture(scope="module")
def sample_course(tmp_path_factory) -> tuple[Path, Path, nbformat.NotebookNode]:
    """A course folder with the sample assignment generated: (course, solved source, student version)."""
    course = _new_course(tmp_path_factory.mktemp("course"))
    source_path = write_sample(tmp_path_factory.mktemp("source"))
    return course, source_path, _generate(course, "sample", source_path)


def _generate(course: Path, assignment: str, source: Path) -> nbformat.NotebookNode:
    folder = course / "source" / assignment
    folder.mkdir(parents=True)
    shutil.copy(source, folder / source.name)
    _nbgrader(course, "generate_assignment", assignment)
    return nbformat.read(course / "release" / assignment / source.name, as_version=4)


def _submit(course: Path, assignment: str, student: str, notebook: nbformat.NotebookNode, name: str):
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True)
    (folder / name).write_text(nbformat.writes(notebook))


def _scores(course: Path, assignment: str, name: str, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission_notebook(name.removesuffix(".ipynb"), assignment, student)
        return {grade.name: grade.score for grade in submission.grades}


def _check_points(notebook: nbformat.NotebookNode) -> dict[str, int]:
    """``qN_check`` -> the question's points, read from the exercise module."""
    module, alias = release.exercise_module(notebook)
    exercises = importlib.import_module(module)
    questions = [release.checked_question(cell, alias) for cell in notebook.cells]
    return {f"{q}_check": getattr(exercises, q).points for q in questions if q}


def _cells(notebook) -> list[tuple[str, str]]:
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def test_generate_assignment_matches_make_release_and_autograde_scores(sample_course):
    course, source_path, generated = sample_course
    source = nbformat.read(source_path, as_version=4)
    assert _cells(generated) == _cells(release.student_notebook(source, SAMPLE_NAME))

    half_solved = nbformat.from_dict(generated)
    half_solved.cells[2].source = half_solved.cells[2].source.replace("____", "12")  # q1 wrong: no biases
    half_solved.cells[4].source = "def relu(z):\n    return np.maximum(z, 0)"  # q2 right
    for student, notebook in (("solved", source), ("unsolved", generated), ("half", half_solved)):
        _submit(course, "sample", student, notebook, SAMPLE_NAME)
    _nbgrader(course, "autograde", "sample")

    points = _check_points(source)
    assert points == {"q1_check": 1, "q2_check": 2, "q3_check": 1}
    scores = {student: _scores(course, "sample", SAMPLE_NAME, student)
              for student in ("solved", "unsolved", "half")}
    print(f"nbgrader scores for {SAMPLE_NAME}: {scores}")
    assert scores["solved"] == {**points, "written_1": 0.0}  # the written answer waits for a person
    assert scores["unsolved"] == {**dict.fromkeys(points, 0.0), "written_1": 0.0}
    assert scores["half"] == {"q1_check": 0.0, "q2_check": 2.0, "q3_check": 0.0, "written_1": 0.0}


def test_validate_runs_checks_in_strict_mode(sample_course):
    """What a student sees from ``nbgrader validate`` before submitting."""
    course, source_path, generated = sample_course
    unsolved = course / "unsolved.ipynb"
    unsolved.write_text(nbformat.writes(generated))
    assert "Success! Your notebook passes all the tests." in _nbgrader(course, "validate", str(source_path))
    report = _nbgrader(course, "validate", str(unsolved))
    assert "VALIDATION FAILED" in report and "ExerciseFailed" in report


def _real_notebook() -> Path:
    with_checks = [path for path in course_notebooks()
                   if _check_points(nbformat.read(path, as_version=4))]
    if not with_checks:
        pytest.fail(f"no notebook in {NOTEBOOKS_DIR} has an exercise check to grade")
    preferred = [path for path in with_checks if path.name == PREFERRED_REAL_NOTEBOOK]
    return (preferred or with_checks)[0]


def test_a_course_notebook_solved_gets_full_marks_unsolved_none(course):
    path = _real_notebook()
    source = nbformat.read(path, as_version=4)
    expected = release.annotate(copy.deepcopy(source), path.name)
    assert [cell.metadata.get("nbgrader") for cell in source.cells] == \
        [cell.metadata.get("nbgrader") for cell in expected.cells], \
        f"{path.name} lacks its nbgrader metadata: run make clean-notebooks"
    generated = _generate(course, "real", path)
    assert _cells(generated) == _cells(release.student_notebook(source, path.name))
    _submit(course, "real", "solved", source, path.name)
    _submit(course, "real", "unsolved", generated, path.name)
    _nbgrader(course, "autograde", "real")

    points = _check_points(source)
    solved, unsolved = (_scores(course, "real", path.name, student) for student in ("solved", "unsolved"))
    print(f"nbgrader scores for {path.name}: solved {solved}, unsolved {unsolved}")
    assert {grade: solved[grade] for grade in points} == points
    assert {grade: unsolved[grade] for grade in points} == dict.fromkeys(points, 0.0)
