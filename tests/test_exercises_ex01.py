"""Every ex01 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np
import pytest

from course_utils.exercises import ex01 as ex
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED, ____

GOOD_NEURON_OUTPUT = 1 / (1 + np.exp(-0.25))


def good_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def not_written(z):
    raise NotImplementedError()


@pytest.mark.parametrize("question, answer", [
    (ex.q1, good_sigmoid),
    (ex.q2, GOOD_NEURON_OUTPUT),
    (ex.q3, "sigmoid"),
    (ex.q3, "  Sigmoid "),
    (ex.q4, 0.25),
])
def test_known_good_answers_pass(question, answer):
    assert question.judge(answer).outcome == CORRECT


@pytest.mark.parametrize("question, answer, expected_text", [
    (ex.q1, np.tanh, None),
    (ex.q1, lambda z: 1 / (1 + np.exp(z)), None),
    (ex.q1, "1 / (1 + exp(-z))", None),
    (ex.q2, 0.25, "weighted sum"),
    (ex.q2, 1 / (1 + np.exp(-0.75)), "bias"),
    (ex.q2, None, None),
    (ex.q2, float("nan"), None),
    (ex.q3, "softmax", "always"),
    (ex.q3, "relu", None),
    (ex.q3, "leaky relu", "not an option"),
    (ex.q3, 1, None),
    (ex.q4, 0.5, "value"),
    (ex.q4, 1.0, "tanh"),
    (ex.q4, "0.25", None),
])
def test_known_bad_answers_are_incorrect(question, answer, expected_text):
    feedback = question.judge(answer)
    assert feedback.outcome == INCORRECT
    if expected_text:
        assert expected_text in feedback.message
    assert "0.56" not in feedback.message
    assert question is not ex.q4 or "0.25" not in feedback.message


def test_placeholder_and_unwritten_function_are_not_attempted():
    assert ex.q2.judge(____).outcome == NOT_ATTEMPTED
    assert ex.q1.judge(not_written).outcome == NOT_ATTEMPTED
