"""Every ex01 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np
import pytest
from scipy.special import expit

from course_utils import environment

environment.quiet_tensorflow()
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from course_utils.exercises import ex01 as ex  # noqa: E402
from tests.exercises.exercise_cases import ExerciseContract  # noqa: E402

GOOD_NEURON_OUTPUT = 1 / (1 + np.exp(-0.25))


def good_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def wrong_sign_sigmoid(z):
    return 1 / (1 + np.exp(z))


def keras_sigmoid(z):
    return keras.activations.sigmoid(z)


def scipy_sigmoid(z):
    return expit(z)


def in_place_sigmoid(z):
    z *= -1  # changes the caller's array: the checker's inputs must not change
    return 1 / (1 + np.exp(z))


def tensor_sigmoid(z):
    return tf.math.sigmoid(tf.constant(z, dtype=tf.float64))


GOOD = {
    ex.q1: [good_sigmoid, keras_sigmoid, scipy_sigmoid, tensor_sigmoid, in_place_sigmoid],
    ex.q2: [GOOD_NEURON_OUTPUT, 0.562, 0.5622, np.float32(GOOD_NEURON_OUTPUT), np.array(GOOD_NEURON_OUTPUT),
            tf.math.sigmoid(0.25), tf.constant(0.562)],
    ex.q3: ["sigmoid", "  Sigmoid ", "SIGMOID", "'sigmoid'", "Sigmoid."],
    ex.q4: [0.25, 1 / 4, np.float64(0.25), tf.constant(0.25)],
}
BAD = {
    ex.q1: [np.tanh, wrong_sign_sigmoid, "1 / (1 + exp(-z))", lambda z: np.exp(-z), lambda z: None],
    ex.q2: [0.25, 1 / (1 + np.exp(-0.75)), None, float("nan"), 0.57, 0.5, np.array([0.562]), "0.562"],
    ex.q3: ["softmax", "relu", "leaky relu", 1, keras.layers.ReLU()],
    ex.q4: [0.5, 1.0, "0.25", 0.2, 0.0],
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
