"""Every ex04 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import keras
import pytest

from course_utils.exercises import ex04 as ex
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED, ____


def dense_stack(n_inputs, layers):
    """A Sequential model from ``(units, activation)`` pairs."""
    return keras.Sequential([keras.Input(shape=(n_inputs,)),
                             *[keras.layers.Dense(units, activation=act) for units, act in layers]])


SPEC = [(32, "relu"), (16, "relu"), (1, "sigmoid")]

GOOD = {
    ex.q2: lambda: 784 * 128 + 128,
    ex.q3: lambda: 118_282,
    ex.q5: lambda: dense_stack(30, SPEC),
    ex.q1: lambda: (5, 10),
    ex.q4: lambda: "Functional",
}
BAD = {
    ex.q2: [784 * 128, 784 + 128, 785 * 129, math.nan, "100480", None],
    ex.q3: [118_016, 100_480, 101_770, 118_283, math.inf, [118_282]],
    ex.q5: [
        lambda: dense_stack(30, [(32, "relu"), (16, "relu"), (2, "softmax")]),
        lambda: dense_stack(30, [(32, "relu"), (1, "sigmoid")]),
        lambda: dense_stack(30, [(32, "tanh"), (16, "relu"), (1, "sigmoid")]),
        lambda: dense_stack(20, SPEC),
        lambda: keras.Sequential([keras.layers.Dense(32), keras.layers.Dense(1)]),  # never built
        lambda: None,
        lambda: "model",
    ],
    ex.q1: [(10,), (5,), (5, 1), [5, 784], (5.0, 10.0), "5, 10", None, (True, 10)],
    ex.q4: ["sequential", "both", 1, None],
}
EXPECTED_TEXT = {ex.q2: "100480", ex.q3: "118282", ex.q1: "(5, 10)"}


def _answer(value):
    return value() if callable(value) and not isinstance(value, keras.Model) else value


@pytest.mark.parametrize("question", list(GOOD), ids=lambda q: q.name)
def test_known_good_answer_is_correct(question):
    assert question.judge(_answer(GOOD[question])).outcome == CORRECT


@pytest.mark.parametrize("question, answer", [(q, a) for q, answers in BAD.items() for a in answers])
def test_known_bad_answer_is_incorrect_without_revealing(question, answer):
    feedback = question.judge(_answer(answer))
    assert feedback.outcome == INCORRECT
    message = feedback.message.replace(",", "")
    assert EXPECTED_TEXT.get(question, "never shown") not in message


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


@pytest.mark.parametrize("question", list(GOOD), ids=lambda q: q.name)
def test_placeholder_is_not_attempted(question):
    assert question.judge(____).outcome == NOT_ATTEMPTED


@pytest.mark.parametrize("question", list(GOOD), ids=lambda q: q.name)
def test_hint_and_solution_are_given(question):
    assert len(repr(question.hint())) > 40
    assert "answer_" in repr(question.solution()) or "ex_model" in repr(question.solution())
