"""Every ex04 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import keras
import numpy as np
import tensorflow as tf

from course_utils.exercises import ex04 as ex
from course_utils.exercises.core import CORRECT
from tests.exercises.exercise_cases import ExerciseContract


def dense_stack(n_inputs, layers):
    """A Sequential model from ``(units, activation)`` pairs."""
    return keras.Sequential([keras.Input(shape=(n_inputs,)),
                             *[keras.layers.Dense(units, activation=act) for units, act in layers]])


SPEC = [(32, "relu"), (16, "relu"), (1, "sigmoid")]

def with_activation_layers(layer=keras.layers.ReLU):
    """The spec model written as linear Dense layers, each followed by an activation layer."""
    return keras.Sequential([keras.Input(shape=(30,)), keras.layers.Dense(32), layer(),
                             keras.layers.Dense(16), layer(), keras.layers.Dense(1),
                             keras.layers.Activation("sigmoid")])


def network_builder(output=(1, "sigmoid"), loss="binary_crossentropy", compile=True, n_inputs=30,
                    extra_layer=False, hidden_activation="relu", swap=False):
    """A build_network(width, depth) with one typical mistake switched on."""
    def build_network(width, depth):
        if swap:
            width, depth = depth, width
        layers = [(width, hidden_activation)] * (depth + extra_layer) + [output]
        network = dense_stack(n_inputs, layers)
        if compile:
            network.compile(optimizer="adam", loss=loss)
        return network
    return build_network


def functional_builder(width, depth):
    inputs = layer = keras.Input(shape=(30,))
    for _ in range(depth):
        layer = keras.layers.Dense(width)(layer)
        layer = keras.layers.ReLU()(layer)
    network = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(layer))
    network.compile(optimizer=keras.optimizers.SGD(), loss=keras.losses.BinaryCrossentropy(),
                    metrics=["auc"])
    return network


_ONE_NETWORK = network_builder()(3, 2)


GOOD = {
    ex.q1: [(5, 10), [5, 10], tf.TensorShape([5, 10]), tf.zeros((5, 10)).shape, np.zeros((5, 10)).shape],
    ex.q2: [784 * 128 + 128, np.int64(100_480), 100_480.0, "100480", "100,480", tf.constant(100_480)],
    ex.q3: [118_282, "118282", "118,282", np.array(118_282)],
    ex.q4: ["Functional", "functional API", "the Functional API", "keras.Model"],
    ex.q5: [dense_stack(30, SPEC), with_activation_layers(),
            with_activation_layers(lambda: keras.layers.Activation("relu")),
            dense_stack(30, [(32, keras.activations.relu), (16, "relu"), (1, "sigmoid")])],
    ex.q6: [network_builder(), functional_builder],
}
BAD = {
    ex.q1: [(10,), (5,), (5, 1), [5, 784], (5.0, 10.0), "5, 10", None, (True, 10),
            tf.TensorShape([None, 10])],
    ex.q2: [784 * 128, 784 + 128, 785 * 129, math.nan, "100,481", "100480.0", None],
    ex.q3: [118_016, 100_480, 101_770, 118_283, math.inf, [118_282]],
    ex.q4: ["sequential", "keras.Sequential", "both", 1, None],
    ex.q5: [
        dense_stack(30, [(32, "relu"), (16, "relu"), (2, "softmax")]),
        dense_stack(30, [(32, "relu"), (1, "sigmoid")]),
        dense_stack(30, [(32, "tanh"), (16, "relu"), (1, "sigmoid")]),
        dense_stack(20, SPEC),
        with_activation_layers(lambda: keras.layers.Activation("tanh")),
        with_activation_layers(lambda: keras.layers.ReLU(max_value=6.0)),
        keras.Sequential([keras.layers.Dense(32), keras.layers.Dense(1)]),  # never built
        None,
        "model",
    ],
    ex.q6: [network_builder(output=(1, None)), network_builder(output=(2, "softmax")),
            network_builder(loss="mse"), network_builder(compile=False), network_builder(n_inputs=20),
            network_builder(extra_layer=True), network_builder(hidden_activation="tanh"),
            network_builder(swap=True), lambda width, depth: _ONE_NETWORK,
            lambda width, depth: dense_stack(30, [(16, "relu"), (1, "sigmoid")]), None, "build_network"],
}
# Compared ignoring case and thousands separators.
SECRETS = {ex.q1: ["(5, 10)"], ex.q2: ["100480"], ex.q3: ["118282"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


def test_typical_mistakes_get_specific_feedback():
    assert "biases" in ex.q2.judge(784 * 128).message
    assert "biases" in ex.q3.judge(118_016).message
    assert "second hidden layer" in ex.q3.judge(101_770).message
    assert "30 features" in ex.q5.judge(dense_stack(20, SPEC)).message
    assert "not built" in ex.q5.judge(keras.Sequential([keras.layers.Dense(1)])).message
    assert "one image" in ex.q1.judge((10,)).message


def test_functional_model_to_spec_is_also_accepted():
    inputs = keras.Input(shape=(30,))
    hidden = keras.layers.Dense(16, activation="relu")(keras.layers.Dense(32, activation="relu")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(hidden))
    assert ex.q5.judge(model).outcome == CORRECT


def test_dense_params_counts_weights_and_biases():
    assert ex.dense_params(784, 128) == 100_480
    assert ex.dense_params(1, 1) == 2


def test_network_builder_mistakes_are_named():
    linear_output = ex.q6.judge(network_builder(output=(1, None))).message  # random weights decide which
    assert "outside 0 to 1" in linear_output or "activation 'linear'" in linear_output
    assert "not compiled" in ex.q6.judge(network_builder(compile=False)).message
    assert "loss 'mse'" in ex.q6.judge(network_builder(loss="mse")).message
    assert "30 input features" in ex.q6.judge(network_builder(n_inputs=20)).message
    assert "activation 'tanh'" in ex.q6.judge(network_builder(hidden_activation="tanh")).message
    assert "build_network(width=5, depth=1)" in ex.q6.judge(lambda width, depth: _ONE_NETWORK).message
    assert "build_network(width=3, depth=2)" in ex.q6.judge(network_builder(swap=True)).message


def test_network_params_counts_every_layer():
    assert ex.network_params(3, 2) == (30 * 3 + 3) + (3 * 3 + 3) + (3 + 1)
    assert ex.network_params(5, 1) == 30 * 5 + 5 + 5 + 1
