"""Every ex02 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import numpy as np
import pytest
from sklearn.metrics import mean_squared_error

from course_utils import environment

environment.quiet_tensorflow()
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from course_utils.exercises import ex02 as ex  # noqa: E402
from tests.exercises.exercise_cases import ExerciseContract  # noqa: E402


def good_mse(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2)


def good_cross_entropy(y_true, y_prob):
    return -np.mean(y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob))


def in_place_mse(y_true, y_pred):
    y_true -= y_pred  # changes the caller's array: the checker's inputs must not change
    return np.mean(y_true ** 2)


def keras_mse(y_true, y_pred):
    return keras.losses.MeanSquaredError()(y_true, y_pred)


def sklearn_mse(y_true, y_pred):
    return mean_squared_error(y_true, y_pred)


def keras_cross_entropy(y_true, y_prob):
    return keras.losses.binary_crossentropy(y_true, y_prob)


def loop_cross_entropy(y_true, y_prob):
    terms = [y * math.log(p) + (1 - y) * math.log(1 - p) for y, p in zip(y_true, y_prob, strict=True)]
    return -sum(terms) / len(terms)


GOOD = {
    ex.q1: [(30, 16), [30, 16], (np.int64(30), 16), tf.TensorShape([30, 16]), np.zeros((30, 16)).shape,
            tf.zeros((30, 16)).shape],
    ex.q2: [good_mse, in_place_mse, keras_mse, sklearn_mse, lambda t, p: np.square(t - p).mean()],
    ex.q3: [good_cross_entropy, keras_cross_entropy, loop_cross_entropy],
    ex.q4: [-8.0, -8, np.float64(-8), np.array(-8.0), tf.constant(-8.0)],
}
BAD = {
    ex.q1: [(16, 30), (31, 16), (30,), (30, 1), "30x16", (30.0, 16.0), tf.TensorShape([16, 30])],
    ex.q2: [lambda t, p: np.sum((t - p) ** 2), lambda t, p: np.mean(np.abs(t - p)),
            lambda t, p: np.sqrt(np.mean((t - p) ** 2)), 0.5, lambda t, p: (t - p) ** 2,
            lambda t, p: print(np.mean((t - p) ** 2))],
    ex.q3: [lambda t, p: np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)),
            lambda t, p: -np.mean(t * np.log(p)),
            lambda t, p: -np.mean(t * np.log10(p) + (1 - t) * np.log10(1 - p)),
            lambda t, p: -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p))],
    ex.q4: [-4.0, 8.0, 4.0, None, float("inf"), "-8", -7.5],
}
SECRETS = {question: ["(30, 16)", "-8"] for question in GOOD}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


@pytest.mark.parametrize("question, answer, expected_text", [
    (ex.q1, (16, 30), "transpose"),
    (ex.q1, (31, 16), "bias"),
    (ex.q1, (30,), "2 dimensions"),
    (ex.q1, (30, 1), "X @ W1"),
    (ex.q1, "30x16", "tuple"),
    (ex.q1, (30.0, 16.0), "whole numbers"),
    (ex.q2, 0.5, "function"),
    (ex.q4, -4.0, "chain rule"),
    (ex.q4, 8.0, "sign"),
    (ex.q4, 4.0, "loss itself"),
    (ex.q4, float("inf"), "finite"),
])
def test_typical_mistakes_get_specific_feedback(question, answer, expected_text):
    assert expected_text in question.judge(answer).message
