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


GOOD = {
    ex.q1: [(5, 10), [5, 10], tf.TensorShape([5, 10]), tf.zeros((5, 10)).shape, np.zeros((5, 10)).shape],
    ex.q2: [784 * 128 + 128, np.int64(100_480), 100_480.0, "100480", "100,480", tf.constant(100_480)],
    ex.q3: [118_282, "118282", "118,282", np.array(118_282)],
    ex.q4: ["Functional", "functional API", "the Functional API", "keras.Model"],
    ex.q5: [dense_stack(30, SPEC), with_activation_layers(),
            with_activation_layers(lambda: keras.layers.Activation("relu")),
            dense_stack(30, [(32, keras.activations.relu), (16, "relu"), (1, "sigmoid")])],
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
