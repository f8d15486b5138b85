"""Every ex02 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import numpy as np
import pytest
from sklearn.metrics import mean_squared_error

from course_utils import environment

environment.quiet_tensorflow()
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from course_utils import scratch  # noqa: E402
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


def backward_with(error_signal, carried_back):
    """A learner's backward pass with the two lines given, and the notebook's return line."""
    def my_backward(params, cache, y):
        X, hidden, y_prob = cache["X"], cache["hidden"], cache["y_prob"]
        d_z2 = error_signal(y_prob, y)
        d_a1 = carried_back(d_z2, params["W2"], hidden)
        return {"W1": X.T @ d_a1, "b1": d_a1.sum(axis=0), "W2": hidden.T @ d_z2, "b2": d_z2.sum(axis=0)}
    return my_backward


def output_error(y_prob, y):
    return ((y_prob - y) / len(y))[:, None]


def through_tanh(d_z2, W2, hidden):
    return (d_z2 @ W2.T) * (1 - hidden**2)


def in_place_backward(params, cache, y):
    cache["y_prob"] -= y  # changes the caller's cache: the checker's inputs must not change
    d_z2 = (cache["y_prob"] / len(y))[:, None]
    d_a1 = (d_z2 @ params["W2"].T) * (1 - cache["hidden"] ** 2)
    return {"W1": cache["X"].T @ d_a1, "b1": d_a1.sum(axis=0), "W2": cache["hidden"].T @ d_z2,
            "b2": d_z2.sum(axis=0)}


def tape_backward(params, cache, y):
    """Another correct form: let tf.GradientTape differentiate the forward pass."""
    variables = {name: tf.Variable(value) for name, value in params.items()}
    with tf.GradientTape() as tape:
        hidden = tf.tanh(cache["X"] @ variables["W1"] + variables["b1"])
        logits = (hidden @ variables["W2"] + variables["b2"])[:, 0]
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    return {name: gradient.numpy() for name, gradient in tape.gradient(loss, variables).items()}


GOOD_BACKWARD = backward_with(output_error, through_tanh)
SIGN_ERROR = backward_with(lambda y_prob, y: ((y - y_prob) / len(y))[:, None], through_tanh)
SUM_NOT_MEAN = backward_with(lambda y_prob, y: (y_prob - y)[:, None], through_tanh)
NO_TANH_SLOPE = backward_with(output_error, lambda d_z2, W2, hidden: d_z2 @ W2.T)
TANH_SLOPE_WRONG = backward_with(output_error, lambda d_z2, W2, hidden: (d_z2 @ W2.T) * (1 - hidden))
SIGMOID_SLOPE_AGAIN = backward_with(
    lambda y_prob, y: ((y_prob - y) * y_prob * (1 - y_prob) / len(y))[:, None], through_tanh)
FLAT_ERROR = backward_with(lambda y_prob, y: (y_prob - y) / len(y), through_tanh)
NO_TRANSPOSE = backward_with(output_error, lambda d_z2, W2, hidden: (d_z2 @ W2) * (1 - hidden**2))


def only_output_layer(params, cache, y):
    d_z2 = output_error(cache["y_prob"], y)
    return {"W2": cache["hidden"].T @ d_z2, "b2": d_z2.sum(axis=0)}


def transposed_w1(params, cache, y):
    gradients = GOOD_BACKWARD(params, cache, y)
    return gradients | {"W1": gradients["W1"].T}


GOOD = {
    ex.q1: [(30, 16), [30, 16], (np.int64(30), 16), tf.TensorShape([30, 16]), np.zeros((30, 16)).shape,
            tf.zeros((30, 16)).shape],
    ex.q2: [good_mse, in_place_mse, keras_mse, sklearn_mse, lambda t, p: np.square(t - p).mean()],
    ex.q3: [good_cross_entropy, keras_cross_entropy, loop_cross_entropy],
    ex.q4: [-8.0, -8, np.float64(-8), np.array(-8.0), tf.constant(-8.0)],
    ex.q5: [GOOD_BACKWARD, in_place_backward, tape_backward],
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
    ex.q5: [SIGN_ERROR, SUM_NOT_MEAN, NO_TANH_SLOPE, TANH_SLOPE_WRONG, SIGMOID_SLOPE_AGAIN, FLAT_ERROR,
            NO_TRANSPOSE, only_output_layer, transposed_w1, lambda params, cache, y: None, "d_z2 @ W2.T"],
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
    (ex.q5, SIGN_ERROR, "wrong sign"),
    (ex.q5, SUM_NOT_MEAN, "divide the error signal by their number"),
    (ex.q5, NO_TANH_SLOPE, "1 - H**2"),
    (ex.q5, TANH_SLOPE_WRONG, "1 - H**2"),
    (ex.q5, SIGMOID_SLOPE_AGAIN, "already cancelled"),
    (ex.q5, FLAT_ERROR, "raised ValueError"),
    (ex.q5, NO_TRANSPOSE, "raised ValueError"),
    (ex.q5, only_output_layer, "keys W1, b1, W2 and b2"),
    (ex.q5, transposed_w1, "the shape of its parameter"),
    (ex.q5, "d_z2 @ W2.T", "expected a function"),
])
def test_typical_mistakes_get_specific_feedback(question, answer, expected_text):
    assert expected_text in question.judge(answer).message


def test_backward_check_compares_with_finite_differences_of_the_course_network():
    params, X, y = ex._network_case(*ex.BACKWARD_NETWORKS[0])
    reference = scratch.numerical_gradient(params, X, y)
    gradients = GOOD_BACKWARD(params, scratch.forward(params, X)[1], y)
    assert scratch.max_relative_error(gradients, reference) < 1e-7
    assert 0.2 < y.mean() < 0.5 and np.abs(params["b1"]).min() > 0  # both labels, non-zero biases
