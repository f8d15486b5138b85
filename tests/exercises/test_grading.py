"""The graded check: a private copy of the exercise code judges, whatever the learner's cells changed."""

import sys

import numpy as np
import pytest

from course_utils.exercises import core, ex01, ex04, grading
from course_utils.exercises.core import Feedback, Question

MODULE = "course_utils.exercises.ex04"


def failed(pattern: str):
    """The graded check's ``ExerciseFailed`` (its private copy's class, an ``AssertionError``)."""
    return pytest.raises(AssertionError, match=pattern)


def test_a_correct_answer_passes_silently_outside_autograding(capsys):
    assert grading.grade(MODULE, "q2", 784 * 128 + 128) is None
    assert capsys.readouterr().out == ""


def test_anything_else_raises_with_the_judged_feedback():
    with failed("Autograder: Question 2 .*: Incorrect: you counted the weights") as raised:
        grading.grade(MODULE, "q2", 784 * 128)
    assert type(raised.value).__name__ == "ExerciseFailed"
    with failed("Not attempted yet"):
        grading.grade(MODULE, "q2", core.____)


def test_the_private_copy_leaves_the_learners_modules_in_place():
    before = {name: module for name, module in sys.modules.items() if name.startswith("course_utils")}
    fresh = grading.private_copy(MODULE)
    after = {name: module for name, module in sys.modules.items() if name.startswith("course_utils")}
    assert after == before
    assert fresh[MODULE] is not ex04 and fresh["course_utils.exercises.core"] is not core
    assert fresh[MODULE].q2.judge(100_480).passed


def test_what_a_learner_patches_takes_no_part(monkeypatch):
    always = Feedback("Q", core.CORRECT, "Correct!")
    monkeypatch.setattr(Question, "judge", lambda self, answer: always)
    monkeypatch.setattr(Question, "check", lambda self, answer: None)
    monkeypatch.setattr(ex04.q2, "checker", lambda answer: None)
    monkeypatch.setattr(core, "_MODE", core.Mode())
    monkeypatch.setitem(sys.modules, MODULE, type(sys)("fake"))
    monkeypatch.setenv("NBGRADER_EXECUTION", "generate_assignment")
    with failed("Incorrect"):
        grading.grade(MODULE, "q2", 7)


def test_a_learners_function_cannot_change_the_cases_for_later_checks():
    def scribbling_sigmoid(z):
        result = 1 / (1 + np.exp(-z))
        if isinstance(z, np.ndarray):
            z[...] = 0
        return result

    for _ in range(2):
        grading.grade("course_utils.exercises.ex01", "q1", scribbling_sigmoid)
        assert ex01.q1.judge(scribbling_sigmoid).passed
    assert ex01.SIGMOID_CASES[1][0][0].tolist() == [-2.0, 0.0, 2.0]
