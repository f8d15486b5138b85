"""Every ex01 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np
import pytest

from course_utils.exercises import ex01 as ex
from tests.exercises.exercise_cases import ExerciseContract

GOOD_NEURON_OUTPUT = 1 / (1 + np.exp(-0.25))


def good_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def wrong_sign_sigmoid(z):
    return 1 / (1 + np.exp(z))


GOOD = {
    ex.q1: [good_sigmoid],
    ex.q2: [GOOD_NEURON_OUTPUT],
    ex.q3: ["sigmoid", "  Sigmoid "],
    ex.q4: [0.25],
}
BAD = {
    ex.q1: [np.tanh, wrong_sign_sigmoid, "1 / (1 + exp(-z))"],
    ex.q2: [0.25, 1 / (1 + np.exp(-0.75)), None, float("nan")],
    ex.q3: ["softmax", "relu", "leaky relu", 1],
    ex.q4: [0.5, 1.0, "0.25"],
}
SECRETS = {question: ["0.56"] for question in GOOD} | {ex.q4: ["0.56", "0.25"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


@pytest.mark.parametrize("question, answer, expected_text", [
    (ex.q2, 0.25, "weighted sum"),
    (ex.q2, 1 / (1 + np.exp(-0.75)), "bias"),
    (ex.q3, "softmax", "always"),
    (ex.q3, "leaky relu", "not an option"),
    (ex.q4, 0.5, "value"),
    (ex.q4, 1.0, "tanh"),
])
def test_typical_mistakes_get_specific_feedback(question, answer, expected_text):
    assert expected_text in question.judge(answer).message
