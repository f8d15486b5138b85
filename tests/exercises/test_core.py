"""The exercise contract: three outcomes, the mode fixed per process, graded work, rich and plain display."""

import os
import sys
import warnings

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from course_utils.exercises import core
from course_utils.exercises.core import (
    CORRECT,
    HINTS_OFF,
    INCORRECT,
    NOT_ATTEMPTED,
    SOLUTIONS_OFF,
    ExerciseFailed,
    Feedback,
    Incorrect,
    Mode,
    NotAttempted,
    Question,
    ____,
    is_placeholder,
    strict_mode,
)


def _expect_seven(answer):
    if answer != 7:
        raise Incorrect("that is not the number of days in a week.")


def _seven(**kwargs) -> Question:
    return Question("Question 1", _expect_seven, hint="Count Monday to Sunday.",
                    solution="answer_days = 7", **kwargs)


@pytest.fixture
def lenient(monkeypatch):
    monkeypatch.setattr(core, "_MODE", Mode())


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setattr(core, "_MODE", Mode(strict=True))


def test_three_outcomes():
    question = _seven()
    assert question.judge(____).outcome == NOT_ATTEMPTED
    assert question.judge(6).outcome == INCORRECT
    assert question.judge(6).message == "Incorrect: that is not the number of days in a week."
    assert question.judge(7) == Feedback("Question 1", CORRECT, "Correct!")
    assert question.judge(7).passed and not question.judge(6).passed


def test_placeholder_counts_inside_tuples_and_lists():
    assert is_placeholder(____) and is_placeholder((1, ____)) and is_placeholder([____])
    assert not is_placeholder(None) and not is_placeholder((1, 2)) and not bool(____)
    assert repr(____) == "____"


def test_checker_can_report_not_attempted():
    def expect_filled(answer):
        raise NotAttempted("fill in every entry of the dictionary.")

    feedback = Question("Q", expect_filled, "h", "s").judge({"a": ____})
    assert feedback.outcome == NOT_ATTEMPTED
    assert "fill in every entry" in feedback.message


def test_function_still_raising_not_implemented_is_not_attempted():
    def run(function):
        function(1)

    def unwritten(x):
        raise NotImplementedError()

    assert Question("Q", run, "h", "s").judge(unwritten).outcome == NOT_ATTEMPTED


def test_a_failing_answer_is_feedback_not_a_traceback():
    feedback = Question("Q", lambda answer: answer(), "h", "s").judge(lambda: 1 / 0)
    assert feedback.outcome == INCORRECT
    assert "ZeroDivisionError" in feedback.message and "Traceback" not in feedback.message


def test_check_shows_feedback_and_returns_nothing_outside_strict_mode(lenient, capsys):
    """Returning nothing, a check gives nbgrader no execute_result to read as a partial score."""
    assert not strict_mode()
    assert _seven().check(6) is None
    assert _seven().check(____) is None
    assert capsys.readouterr().out.splitlines() == [
        "Question 1: Incorrect: that is not the number of days in a week.",
        "Question 1: Not attempted yet: replace ____ with your answer."]


def test_strict_mode_raises_unless_correct(strict):
    assert strict_mode()
    _seven().check(7)
    for answer in (6, ____):
        with pytest.raises(ExerciseFailed, match="Question 1"):
            _seven().check(answer)


@pytest.mark.parametrize("environ", [{"COURSE_STRICT": "1"}, {"COURSE_STRICT": "yes"},
                                     {"NBGRADER_EXECUTION": "autograde"}, {"NBGRADER_EXECUTION": "validate"}])
def test_strict_environments(environ):
    assert Mode.from_environment(environ).strict


@pytest.mark.parametrize("value", ["", "0", "false", "False", "FALSE", " no ", "off", "n", "f"])
def test_false_spellings_of_course_strict(value):
    assert not Mode.from_environment({"COURSE_STRICT": value}).strict
    assert not Mode.from_environment({"NBGRADER_EXECUTION": "generate_assignment"}).strict


def test_the_mode_is_fixed_when_the_module_is_imported(monkeypatch):
    """A learner's cell that changes the environment changes nothing: strictness was read before it ran."""
    before = core.mode()
    monkeypatch.setenv("COURSE_STRICT", "0" if before.strict else "1")
    monkeypatch.setenv("NBGRADER_EXECUTION", "generate_assignment")
    monkeypatch.delenv("COURSE_GRADED", raising=False)
    assert core.mode() == before and strict_mode() == before.strict


def test_graded_work_turns_solutions_off_for_good(lenient, monkeypatch):
    monkeypatch.setattr(core, "_QUESTIONS", core.weakref.WeakSet())  # leave the course's questions alone
    question = _seven()
    assert question.solution().text == "answer_days = 7"
    core.graded_assignment()
    assert question._solution is None, "no attribute holds the solution in graded work"
    assert _seven()._solution is None
    assert question.solution().text == SOLUTIONS_OFF
    assert "Solutions are off for this assignment" in SOLUTIONS_OFF
    assert question.hint().text == "Count Monday to Sunday."
    core.graded_assignment(hints=False)
    assert "Hints are off" in question.hint().text
    core.graded_assignment(hints=True)  # a session cannot become ungraded, nor get its hints back
    assert question.solution().text == SOLUTIONS_OFF and "Hints are off" in question.hint().text
    with pytest.raises(SyntaxError):  # exec(ex.qN.solution().text) defines nothing
        exec(question.solution().text, {})


@pytest.mark.parametrize("environ", [{"COURSE_GRADED": "1"}, {"NBGRADER_EXECUTION": "autograde"},
                                     {"NBGRADER_EXECUTION": "validate"}])
def test_graded_environments_have_no_solutions(environ):
    assert not Mode.from_environment(environ).solutions
    assert Mode.from_environment({"COURSE_GRADED": "false"}).solutions


def test_warnings_and_stderr_while_judging_go_to_stdout(capsys):
    """nbgrader scores a check cell 0 on any stderr output, even beside "Correct!"."""
    def noisy_seven(answer):
        warnings.warn("divide by zero encountered in log", RuntimeWarning, stacklevel=1)
        print("a learner's debugging line", file=sys.stderr)
        _expect_seven(answer)

    assert Question("Q", noisy_seven, "h", "s").judge(7).passed
    captured = capsys.readouterr()
    assert captured.err == "" and "divide by zero" in captured.out and "debugging line" in captured.out


def test_feedback_as_text_and_html():
    feedback = Question("Q <1>", lambda answer: _expect_seven(answer), "h", "s").judge(6)
    assert str(feedback) == repr(feedback) == "Q <1>: Incorrect: that is not the number of days in a week."
    html = feedback._repr_html_()
    assert "Q &lt;1&gt;" in html and "✗" in html and "<div" in html
    assert "✓" in _seven().judge(7)._repr_html_()


def test_hint_and_solution_as_text_and_html():
    question = Question("Q", _expect_seven, hint="Use a < b.", solution="def f():\n    return 7")
    assert repr(question.hint()) == "Hint (Q):\nUse a < b."
    assert "Use a &lt; b." in question.hint()._repr_html_()
    assert repr(question.solution()) == "Solution (Q):\ndef f():\n    return 7"
    assert "<pre>def f():\n    return 7</pre>" in question.solution()._repr_html_()


@pytest.mark.slow
def test_a_real_kernel_shows_html_and_text(tmp_path, monkeypatch):
    """Jupyter picks the HTML; text/plain is there for every other front end."""
    from nbclient import NotebookClient

    monkeypatch.delenv("COURSE_STRICT", raising=False)
    assert "NBGRADER_EXECUTION" not in os.environ
    source = ("from course_utils.exercises import Question, Incorrect, ____\n"
              "def expect_seven(answer):\n    if answer != 7:\n        raise Incorrect('not a week.')\n"
              "q = Question('Question 1', expect_seven, hint='Count the days.', solution='answer = 7')")
    calls = ["q.check(____)", "q.check(6)", "q.check(7)", "q.hint()", "q.solution()"]
    notebook = new_notebook(cells=[new_code_cell(source)] + [new_code_cell(call) for call in calls])
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = [nbformat.from_dict(cell.outputs[0]["data"]) for cell in notebook.cells[1:]]
    assert all({"text/html", "text/plain"} <= set(data) for data in shown)
    assert [data["text/plain"] for data in shown] == [
        "Question 1: Not attempted yet: replace ____ with your answer.",
        "Question 1: Incorrect: not a week.",
        "Question 1: Correct!",
        "Hint (Question 1):\nCount the days.",
        "Solution (Question 1):\nanswer = 7",
    ]
    assert "border-left" in shown[1]["text/html"]


# --- every outcome's exact wording, and the mode read from the environment --------------------------

@pytest.mark.parametrize("environ, autograding", [({"NBGRADER_EXECUTION": "autograde"}, True),
                                                  ({"NBGRADER_EXECUTION": "validate"}, False),
                                                  ({"NBGRADER_EXECUTION": "Autograde"}, False), ({}, False)])
def test_only_nbgrader_autograde_is_autograding(environ, autograding):
    grading = environ.get("NBGRADER_EXECUTION") in ("autograde", "validate")
    mode = Mode.from_environment(environ)
    assert mode.autograding is autograding
    assert mode == Mode(strict=grading, solutions=not grading, autograding=autograding)


def test_a_plain_session_is_lenient_with_solutions_and_hints():
    assert Mode.from_environment({}) == Mode() == Mode(strict=False, solutions=True, hints=True,
                                                       autograding=False)


def test_graded_assignment_sets_the_mode_to_no_solutions(lenient, monkeypatch):
    monkeypatch.setattr(core, "_QUESTIONS", core.weakref.WeakSet())
    core.graded_assignment()
    assert core.mode() == Mode(solutions=False, hints=True)
    core.graded_assignment(hints=False)
    assert core.mode() == Mode(solutions=False, hints=False)


def test_graded_work_without_hints_keeps_no_hint_in_memory(lenient, monkeypatch):
    monkeypatch.setattr(core, "_QUESTIONS", core.weakref.WeakSet())
    question = _seven()
    core.graded_assignment(hints=False)
    assert question._hint is None and _seven()._hint is None
    assert question.hint().text == HINTS_OFF == "Hints are off for this assignment: it is graded work."
    assert SOLUTIONS_OFF == ("Solutions are off for this assignment: it is graded work. "
                             "Ask your instructor for the solutions after the deadline.")


def test_a_question_without_hint_or_solution_says_they_are_off(lenient):
    """The graded wheel ships questions with hint=None and solution=None."""
    question = Question("Q", _expect_seven, hint=None, solution=None)
    assert question.hint().text == HINTS_OFF and question.solution().text == SOLUTIONS_OFF
    empty = Question("Q", _expect_seven, hint="", solution="")
    assert empty.hint().text == HINTS_OFF and empty.solution().text == SOLUTIONS_OFF


def test_a_question_is_worth_one_point_unless_told():
    assert _seven().points == 1 and _seven(points=3).points == 3


def test_every_outcome_message_is_exact():
    def run(function):
        function(1)

    def unwritten(x):
        raise NotImplementedError()

    def expect_filled(answer):
        raise NotAttempted("fill in every entry.")

    assert Question("Q", run, "h", "s").judge(unwritten).message == (
        "Not attempted yet: your function still raises NotImplementedError; write its body.")
    assert Question("Q", expect_filled, "h", "s").judge(1).message == (
        "Not attempted yet: fill in every entry.")
    assert Question("Q", lambda answer: answer(), "h", "s").judge(lambda: 1 / 0).message == (
        "Incorrect: checking your answer raised ZeroDivisionError: division by zero")
    assert Question("Q", lambda answer: sys.exit(3), "h", "s").judge(7).message == (
        "Incorrect: checking your answer raised SystemExit: 3")


def test_a_keyboard_interrupt_while_judging_stops_the_check():
    def interrupted(answer):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Question("Q", interrupted, "h", "s").judge(7)


def test_strict_mode_raises_the_feedback_text(strict):
    with pytest.raises(ExerciseFailed) as failed:
        _seven().check(6)
    assert str(failed.value) == "Question 1: Incorrect: that is not the number of days in a week."


def test_a_warning_is_written_to_stdout_as_python_formats_it(capsys):
    core._warning_to_stdout("divide by zero", RuntimeWarning, "model.py", 12, line="loss = log(p)")
    assert capsys.readouterr().out == "model.py:12: RuntimeWarning: divide by zero\n  loss = log(p)\n"


def test_show_prints_the_value_without_ipython(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "IPython.display", None)  # import fails as if IPython were missing
    core.show(_seven().judge(7))
    assert capsys.readouterr().out == "Question 1: Correct!\n"


@pytest.mark.parametrize("outcome, colour, mark", [(NOT_ATTEMPTED, "#6c757d", "ℹ️"),
                                                   (INCORRECT, "#b35c00", "✗"), (CORRECT, "#2e7d32", "✓")])
def test_feedback_html_in_each_outcome_colour(outcome, colour, mark):
    assert Feedback("Q & A", outcome, "a < b")._repr_html_() == (
        f'<div style="border-left:4px solid {colour};padding:4px 10px;color:{colour}">'
        f"<b>{mark} Q &amp; A</b>: a &lt; b</div>")
