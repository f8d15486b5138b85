"""Every ex00 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import pytest

from course_utils.exercises import ex00 as ex
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED, ____

GOOD = {ex.q1: 569, ex.q2: "false negative"}
BAD = {
    ex.q1: [212, 357, 30, 570, 568.5, math.nan, "569", None, [569]],
    ex.q2: ["false positive", "FALSE POSITIVE ", "neither", 1, None],
}


@pytest.mark.parametrize("question", list(GOOD), ids=lambda q: q.name)
def test_known_good_answer_is_correct(question):
    assert question.judge(GOOD[question]).outcome == CORRECT


@pytest.mark.parametrize("question, answer", [(q, a) for q, answers in BAD.items() for a in answers],
                         ids=repr)
def test_known_bad_answer_is_incorrect_without_revealing(question, answer):
    feedback = question.judge(answer)
    assert feedback.outcome == INCORRECT
    if question is ex.q1:  # a choice question may list its options; a number must never appear
        assert "569" not in feedback.message


@pytest.mark.parametrize("answer", ["false positive", "FALSE POSITIVE "])
def test_wrong_choice_explains_without_naming_the_answer(answer):
    message = ex.q2.judge(answer).message
    assert "false negative" not in message and "biopsy" in message


def test_typical_mistakes_get_specific_feedback():
    assert "malignant" in ex.q1.judge(212).message
    assert "features" in ex.q1.judge(30).message


@pytest.mark.parametrize("question", list(GOOD), ids=lambda q: q.name)
def test_placeholder_is_not_attempted(question):
    assert question.judge(____).outcome == NOT_ATTEMPTED


@pytest.mark.parametrize("question", list(GOOD), ids=lambda q: q.name)
def test_hint_and_solution_are_specific(question):
    assert len(repr(question.hint())) > 40
    assert "answer_" in repr(question.solution())
