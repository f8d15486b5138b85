"""Real nbgrader, headless, on a throwaway course folder: generate, submit, autograde, read the gradebook.

Uses the shipped ``docs/nbgrader_config.py``. Strict mode must come from nbgrader itself
(``NBGRADER_EXECUTION=autograde``), so ``COURSE_STRICT`` is removed from nbgrader's environment.

One autograde run grades the sample assignment as solved, blank, half-solved, solved with code that
warns, and blank with each way of gaming the grade a learner's cells could try (:data:`TAMPERING`);
``course audit`` then reads the results.
"""

import copy
import importlib
import os
import shutil
import subprocess
import sys
import time
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


# Code a learner could put in the first answer cell of a blank submission to get points without answers.
ALWAYS_RIGHT = """
class AlwaysRight:
    def __getattr__(self, name):
        return self

    def check(self, answer):
        return None

ex = AlwaysRight()"""
TAMPERING = {
    "rebinds ex": ALWAYS_RIGHT,
    "pops NBGRADER_EXECUTION": "import os\nos.environ.pop('NBGRADER_EXECUTION', None)\n"
                               "os.environ['COURSE_STRICT'] = 'false'",
    "patches Question": "from course_utils.exercises.core import Feedback, Question\n"
                        "Question.check = lambda self, answer: None\n"
                        "Question.judge = lambda self, answer: Feedback(self.name, 'correct', 'Correct!')",
    "patches the checkers": "for question in (ex.q1, ex.q2, ex.q3):\n"
                            "    question.checker = lambda answer: None",
    "flips the mode": "from course_utils.exercises import core\ncore._MODE = core.Mode()",
    "replaces the module": "import sys, types\nfake = types.ModuleType('sample_exercises.ex99')\n"
                           "fake.q1 = fake.q2 = fake.q3 = type('Q', (), {'check': lambda self, a: None})()\n"
                           "sys.modules['sample_exercises.ex99'] = ex = fake",
    "execs the solutions": None,  # every answer cell becomes exec(ex.qN.solution().text)
    "reads the solution attribute": None,  # every answer cell becomes exec(ex.qN._solution)
    "silences tracebacks": "get_ipython().showtraceback = lambda *args, **kwargs: None",
    "prints a score": None,  # relu shows 2.0 as the check cell's result, then returns a wrong value
}
FAKE_SCORE_RELU = "def relu(z):\n    get_ipython().displayhook(2.0)\n    return z"
NOISY_RELU = ("import sys, warnings\n\ndef relu(z):\n"
              "    warnings.warn('a warning from the learner', RuntimeWarning)\n"
              "    print('debugging output', file=sys.stderr)\n    return np.maximum(z, 0)")


def _answer_cell(notebook, question: str):
    return next(cell for cell in notebook.cells
                if cell.metadata.get("nbgrader", {}).get("grade_id") == f"{question}_answer")


def _tampered(blank: nbformat.NotebookNode, attempt: str) -> nbformat.NotebookNode:
    notebook = nbformat.from_dict(copy.deepcopy(blank))
    if attempt == "execs the solutions":
        for question in ("q1", "q2", "q3"):
            _answer_cell(notebook, question).source = f"exec(ex.{question}.solution().text)"
    elif attempt == "reads the solution attribute":
        for question in ("q1", "q2", "q3"):
            _answer_cell(notebook, question).source = f"exec(ex.{question}._solution)"
    elif attempt == "prints a score":
        _answer_cell(notebook, "q2").source = FAKE_SCORE_RELU
    else:
        cell = _answer_cell(notebook, "q1")
        cell.source = f"{TAMPERING[attempt]}\n{cell.source}"
    return notebook


@pytest.fixture(scope="module")
def autograded_sample(sample_course) -> dict[str, dict[str, float]]:
    """Every submission's scores per grade, after one ``nbgrader autograde`` of all of them."""
    course, source_path, generated = sample_course
    source = nbformat.read(source_path, as_version=4)
    half_solved = nbformat.from_dict(copy.deepcopy(generated))
    _answer_cell(half_solved, "q1").source = _answer_cell(half_solved, "q1").source.replace("____", "12")
    _answer_cell(half_solved, "q2").source = "def relu(z):\n    return np.maximum(z, 0)"  # q2 right
    noisy = nbformat.from_dict(copy.deepcopy(source))
    _answer_cell(noisy, "q2").source = NOISY_RELU
    submissions = {"solved": source, "unsolved": generated, "half": half_solved, "warning": noisy,
                   **{_student(attempt): _tampered(generated, attempt) for attempt in TAMPERING}}
    for student, notebook in submissions.items():
        _submit(course, "sample", student, notebook, SAMPLE_NAME)
    started = time.perf_counter()
    _nbgrader(course, "autograde", "sample")
    print(f"autograded {len(submissions)} submissions in {time.perf_counter() - started:.0f} s")
    scores = {student: _scores(course, "sample", SAMPLE_NAME, student) for student in submissions}
    for student, grades in scores.items():
        print(f"{student}: {sum(grades.values()):g} points {grades}")
    return scores


def _student(attempt: str) -> str:
    return "tamper-" + attempt.replace(" ", "-")


def test_generate_assignment_matches_graded_make_release(sample_course):
    course, source_path, generated = sample_course
    source = nbformat.read(source_path, as_version=4)
    expected = release.graded_notebook(release.student_notebook(source, SAMPLE_NAME))
    assert _cells(generated) == _cells(expected)
    assert "HIDDEN" not in nbformat.writes(generated) and ".solution()" not in nbformat.writes(generated)


def test_autograde_scores(sample_course, autograded_sample):
    points = _check_points(nbformat.read(sample_course[1], as_version=4))
    assert points == {"q1_check": 1, "q2_check": 2, "q3_check": 1}
    scores = autograded_sample
    assert scores["solved"] == {**points, "written_1": 0.0}  # the written answer waits for a person
    assert scores["unsolved"] == {**dict.fromkeys(points, 0.0), "written_1": 0.0}
    assert scores["half"] == {"q1_check": 0.0, "q2_check": 2.0, "q3_check": 0.0, "written_1": 0.0}


def test_a_correct_answer_whose_code_warns_gets_full_marks(sample_course, autograded_sample):
    points = _check_points(nbformat.read(sample_course[1], as_version=4))
    assert autograded_sample["warning"] == {**points, "written_1": 0.0}


@pytest.mark.parametrize("attempt", TAMPERING)
def test_tampering_with_a_blank_submission_scores_nothing(autograded_sample, attempt):
    assert sum(autograded_sample[_student(attempt)].values()) == 0, autograded_sample[_student(attempt)]


def test_feedback_has_no_hidden_tests(sample_course, autograded_sample):
    course = sample_course[0]
    _nbgrader(course, "generate_feedback", "sample", "--student", "half")
    html = (course / "feedback" / "half" / "sample" / SAMPLE_NAME.replace(".ipynb", ".html")).read_text()
    assert "_grading" not in html and "HIDDEN" not in html
    assert "Question 1: Incorrect: you counted the weights, not the biases." in html


def test_the_audit_flags_what_nbgrader_alone_would_have_scored(sample_course, autograded_sample, tmp_path,
                                                              capsys):
    from course_tools import audit

    course = sample_course[0]
    assert audit.main([str(course)]) == 0, "with the course's scoring nothing earned points wrongly"
    assert "0 earned points without a graded 'correct'" in capsys.readouterr().out
    without_gradebook = tmp_path / "autograded"
    shutil.copytree(course / "autograded", without_gradebook)
    findings, notebooks, cells = audit.audit(without_gradebook)
    print("\n".join(map(str, findings)))
    flagged = {(finding.notebook.parent.parent.name, finding.grade_id) for finding in findings}
    assert flagged == {(_student("prints a score"), "q2_check")}  # 2 points by nbgrader's rule alone
    assert (notebooks, cells) == (len(autograded_sample), 3 * len(autograded_sample))


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
    assert _cells(generated) == _cells(release.graded_notebook(release.student_notebook(source, path.name)))
    _submit(course, "real", "solved", source, path.name)
    _submit(course, "real", "unsolved", generated, path.name)
    _nbgrader(course, "autograde", "real")

    points = _check_points(source)
    solved, unsolved = (_scores(course, "real", path.name, student) for student in ("solved", "unsolved"))
    print(f"nbgrader scores for {path.name}: solved {solved}, unsolved {unsolved}")
    assert {grade: solved[grade] for grade in points} == points
    assert {grade: unsolved[grade] for grade in points} == dict.fromkeys(points, 0.0)
