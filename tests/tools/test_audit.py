"""The course's scoring of check cells and ``course audit``, on hand-made autograded cells."""

import nbformat
from nbformat.v4 import new_code_cell, new_output

from course_tools import audit
from course_tools.release import with_graded_check
from course_utils.exercises.grading import RECORD

SOURCE = with_graded_check("ex.q1.check(answer)", "sample_exercises.ex99", "q1")
RECORD_Q1 = new_output("display_data", data={"text/plain": "Autograder: Question 1: Correct!"},
                       metadata={RECORD: {"question": "q1", "outcome": "correct"}})
SCORE_PRINTED = new_output("execute_result", data={"text/plain": "1.0"}, execution_count=1)
ERROR = new_output("error", ename="ExerciseFailed", evalue="Question 1: Incorrect", traceback=[])
STDERR = new_output("stream", name="stderr", text="RuntimeWarning: divide by zero")


def check_cell(outputs, source=SOURCE, points=1):
    cell = new_code_cell(source, outputs=outputs)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": "q1_check",
                                 "points": points, "schema_version": 3, "task": False}
    return cell


def test_a_graded_correct_scores_even_beside_stderr():
    assert audit.course_score(check_cell([RECORD_Q1])) == 1
    assert audit.course_score(check_cell([STDERR, RECORD_Q1])) == 1
    assert audit.nbgrader_score(check_cell([STDERR, RECORD_Q1])) == 0


def test_without_a_graded_correct_nothing_scores():
    for outputs in ([], [SCORE_PRINTED, ERROR], [RECORD_Q1, ERROR]):
        assert audit.course_score(check_cell(outputs)) == 0
    other = new_output("display_data", data={}, metadata={RECORD: {"question": "q2", "outcome": "correct"}})
    assert audit.graded_problem(check_cell([other])) == "its graded check never reported the answer correct"
    assert audit.graded_problem(check_cell([SCORE_PRINTED, ERROR])) == "the cell raised ExerciseFailed"
    assert audit.nbgrader_score(check_cell([SCORE_PRINTED, ERROR])) == 1


def test_a_cell_without_a_graded_check_keeps_nbgraders_score_but_is_reported():
    old = check_cell([], source="ex.q1.check(answer)")
    assert audit.course_score(old) == 1
    assert "no graded check" in audit.graded_problem(old)


def test_the_audit_lists_cells_that_earned_points_wrongly(tmp_path, capsys):
    folder = tmp_path / "autograded" / "student-a" / "week1"
    folder.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook(cells=[check_cell([SCORE_PRINTED, ERROR]), check_cell([RECORD_Q1])])
    nbformat.write(notebook, folder / "99_sample.ipynb")
    assert audit.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "1 autograded notebooks, 2 check cells, 1 earned points without a graded 'correct'" in out
    assert "student-a/week1/99_sample.ipynb q1_check: earned 1 of 1 points, but the cell raised" in out
