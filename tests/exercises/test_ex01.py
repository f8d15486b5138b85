"""Every ex01 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np
import pytest
from scipy.special import expit

from course_utils import environment

environment.quiet_tensorflow()
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from course_utils.exercises import checks  # noqa: E402
from course_utils.exercises import ex01 as ex  # noqa: E402
from course_utils.exercises.core import CORRECT, INCORRECT  # noqa: E402
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
    ex.q6: ["fewer hidden layers", "Fewer layers", "depth", "a shallower network"],
}
BAD = {
    ex.q1: [np.tanh, wrong_sign_sigmoid, "1 / (1 + exp(-z))", lambda z: np.exp(-z), lambda z: None],
    ex.q2: [0.25, 1 / (1 + np.exp(-0.75)), None, float("nan"), 0.57, 0.5, np.array([0.562]), "0.562"],
    ex.q3: ["softmax", "relu", "leaky relu", 1, keras.layers.ReLU()],
    ex.q4: [0.5, 1.0, "0.25", 0.2, 0.0],
    ex.q6: ["larger learning rate", "either", "both", "neither", "adam", 1],
}
SECRETS = {question: ["0.56"] for question in GOOD} | {ex.q4: ["0.56", "0.25"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS
    tested_elsewhere = (ex.q5,)  # a network that must be trained: test_sigmoid_network_*


@pytest.mark.parametrize("question, answer, expected_text", [
    (ex.q2, 0.25, "weighted sum"),
    (ex.q2, 1 / (1 + np.exp(-0.75)), "bias"),
    (ex.q3, "softmax", "always"),
    (ex.q3, "leaky relu", "not an option"),
    (ex.q4, 0.5, "value"),
    (ex.q4, 1.0, "tanh"),
    (ex.q6, "larger learning rate", "20 times larger step"),
    (ex.q6, "both", "only one of the two"),
])
def test_typical_mistakes_get_specific_feedback(question, answer, expected_text):
    assert expected_text in question.judge(answer).message


def network(depth, activation="sigmoid", separate_activation=False):
    """The notebook's deep_network: ``depth`` hidden layers of 16 units, one sigmoid output."""
    keras.utils.set_random_seed(0)
    if separate_activation:  # Dense then Activation layer: the same network in another form
        hidden = [layer for _ in range(depth)
                  for layer in (keras.layers.Dense(16), keras.layers.Activation(activation))]
    else:
        hidden = [keras.layers.Dense(16, activation=activation) for _ in range(depth)]
    return keras.Sequential([keras.Input(shape=(30,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])


def trained(model, learning_rate=0.05, optimizer=None, epochs=20, batch_size=32):
    split = checks.standardized_split()
    model.compile(optimizer=optimizer or keras.optimizers.SGD(learning_rate), loss="binary_crossentropy")
    model.fit(split["X_train"], split["y_train"], epochs=epochs, batch_size=batch_size, verbose=0)
    return model


@pytest.mark.parametrize("make", [
    lambda: trained(network(1)),
    lambda: trained(network(2, separate_activation=True), learning_rate=1.0),
], ids=["one hidden layer", "two layers, larger step"])
def test_sigmoid_network_that_learns_passes(make):
    feedback = ex.q5.judge(make())
    assert feedback.outcome == CORRECT, feedback.message


@pytest.mark.parametrize("make, expected_text", [
    (lambda: trained(network(5)), "still on the plateau"),
    (lambda: trained(network(5), learning_rate=1.0), "still on the plateau"),
    (lambda: trained(network(2)), "not yet reached half"),
    (lambda: trained(network(1, "relu")), "keep sigmoid in every hidden layer"),
    (lambda: network(1), "not been trained"),
    (lambda: trained(network(1), optimizer=keras.optimizers.Adam(0.01), epochs=1), "keep plain SGD"),
    (lambda: trained(network(1), epochs=11, batch_size=16), "gradient steps"),
    (lambda: trained(network(0), epochs=1), "no hidden layer"),
    (lambda: keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")]),
     "30 standardized measurements"),
    (lambda: "deep_network('sigmoid', depth=1)", "expected a Keras model"),
], ids=["plateau", "larger step only", "too slow", "relu", "untrained", "adam", "too long", "no hidden layer",
        "wrong inputs", "not a model"])
def test_sigmoid_network_mistakes_get_specific_feedback(make, expected_text):
    feedback = ex.q5.judge(make())
    assert feedback.outcome == INCORRECT and expected_text in feedback.message, feedback.message


def test_base_rate_loss_is_the_entropy_of_the_share_of_positives():
    y = np.array([1, 0, 0, 0])  # a quarter positive
    assert ex.base_rate_loss(y) == pytest.approx(-(0.25 * np.log(0.25) + 0.75 * np.log(0.75)), abs=1e-9)
