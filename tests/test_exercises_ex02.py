"""Every ex02 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np
import pytest

from course_utils.exercises import ex02 as ex
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED, ____


def good_mse(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)


def good_cross_entropy(y_true, y_prob):
    return -np.mean(y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob))


def not_written(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("question, answer", [
    (ex.q1, (30, 16)),
    (ex.q1, [30, 16]),
    (ex.q1, (np.int64(30), 16)),
    (ex.q2, good_mse),
    (ex.q3, good_cross_entropy),
    (ex.q4, -8.0),
    (ex.q4, -8),
])
def test_known_good_answers_pass(question, answer):
    assert question.judge(answer).outcome == CORRECT


@pytest.mark.parametrize("question, answer, expected_text", [
    (ex.q1, (16, 30), "transpose"),
    (ex.q1, (31, 16), "bias"),
    (ex.q1, (30,), "two dimensions"),
    (ex.q1, (30, 1), "X @ W1"),
    (ex.q1, "30x16", "tuple"),
    (ex.q1, (30.0, 16.0), "whole numbers"),
    (ex.q2, lambda t, p: np.sum((t - p) ** 2), None),
    (ex.q2, lambda t, p: np.mean(np.abs(t - p)), None),
    (ex.q2, lambda t, p: np.sqrt(np.mean((t - p) ** 2)), None),
    (ex.q2, 0.5, "function"),
    (ex.q3, lambda t, p: np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)), None),
    (ex.q3, lambda t, p: -np.mean(t * np.log(p)), None),
    (ex.q3, lambda t, p: -np.mean(t * np.log10(p) + (1 - t) * np.log10(1 - p)), None),
    (ex.q4, -4.0, "chain rule"),
    (ex.q4, 8.0, "sign"),
    (ex.q4, 4.0, "loss itself"),
    (ex.q4, None, None),
    (ex.q4, float("inf"), "finite"),
])
def test_known_bad_answers_are_incorrect(question, answer, expected_text):
    feedback = question.judge(answer)
    assert feedback.outcome == INCORRECT
    if expected_text:
        assert expected_text in feedback.message
    assert "(30, 16)" not in feedback.message and "-8" not in feedback.message


def test_placeholder_and_unwritten_functions_are_not_attempted():
    assert ex.q1.judge(____).outcome == NOT_ATTEMPTED
    assert ex.q2.judge(not_written).outcome == NOT_ATTEMPTED
    assert ex.q3.judge(not_written).outcome == NOT_ATTEMPTED
