"""Every exercise question (and every checker piece) answers junk with feedback, never a traceback.

Junk includes a function that never returns (the checkers' time limits are cut to 0.05 s here) and one
that scribbles over its inputs, which must not change the checkers' own test data.
"""

import math
import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from course_tools import catalogue
from course_utils.exercises import calls, checks
from course_utils.exercises.core import CORRECT, INCORRECT, OUTCOMES, Feedback, Question

QUESTIONS = [(module, name, question) for module in catalogue.exercise_modules()
             for name, question in catalogue.questions(module)]
QUESTION_IDS = [f"{module.__name__.rsplit('.', 1)[1]}.{name}" for module, name, _ in QUESTIONS]


def _raise(*args, **kwargs):
    raise ZeroDivisionError("division by zero")


def _hang(*args, **kwargs):
    """Never returns, and swallows the first interruptions it can catch."""
    while True:
        try:
            while True:
                pass
        except Exception:
            pass


def _scribble(*args, **kwargs):
    """Overwrites every array, list and dict it is given, then returns junk."""
    for arg in args:
        if isinstance(arg, np.ndarray) and arg.flags.writeable and arg.size:
            arg[...] = -7
        elif isinstance(arg, list):
            arg[:] = ["scribbled"]
        elif isinstance(arg, dict):
            arg.clear()
    return "scribbled"


@pytest.fixture(autouse=True, scope="module")
def short_time_limit():
    limits = calls.TIME_LIMIT, calls.TRAINING_TIME_LIMIT
    calls.TIME_LIMIT = calls.TRAINING_TIME_LIMIT = 0.05
    yield
    calls.TIME_LIMIT, calls.TRAINING_TIME_LIMIT = limits


def _unbuilt_sequential():
    import keras

    return keras.Sequential([keras.layers.Dense(3)])


def _uncompiled_model():
    import keras

    return keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])


# Keras draws on the random module, which hypothesis forbids inside strategies: the strategy
# picks a factory and the test builds a fresh model from it (checkers may build or compile it).
MODEL_FACTORIES = (_unbuilt_sequential, _uncompiled_model)
NEVER_RIGHT = st.one_of(
    st.none(),
    st.sampled_from([math.nan, math.inf, -math.inf, np.float32("nan")]),
    st.text(max_size=12).map(lambda text: f"junk {text}"),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
    arrays(np.float64, array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4),
           elements=st.just(math.nan)),
    st.builds(lambda: np.empty((0,))),
    st.sampled_from(MODEL_FACTORIES),
    st.just(_raise),
    st.just(lambda *args, **kwargs: None),
    st.just(_hang),
    st.just(_scribble),
)


# The generic pieces too, as questions with a simple expected answer each.
PIECES = [
    (checks, "expect_number", Question("number", lambda a: checks.expect_number(a, 3.0), "h", "s")),
    (checks, "expect_choice", Question("choice", lambda a: checks.expect_choice(a, "a", {"a": "", "b": "no"}),
                                       "h", "s")),
    (checks, "expect_array", Question("array", lambda a: checks.expect_array(a, np.ones((2, 2))), "h", "s")),
    (checks, "expect_function", Question("function", lambda a: checks.expect_function(
        a, [((np.zeros(2),), np.ones(2))]), "h", "s")),
    (checks, "expect_model", Question("model", lambda a: checks.expect_model(
        a, layers=[("Dense", 1, None)], output_shape=(1,), trainable_params=5), "h", "s")),
    (checks, "expect_compiled", Question("compiled", lambda a: checks.expect_compiled(a, loss="mse"),
                                         "h", "s")),
    (checks, "expect_score", Question("score", lambda a: checks.expect_score(a, 0.5, "AUC"), "h", "s")),
]


@pytest.mark.parametrize("module, name, question", QUESTIONS + PIECES,
                         ids=QUESTION_IDS + [name for _, name, _ in PIECES])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=NEVER_RIGHT)
def test_junk_gets_feedback_never_a_traceback(module, name, question: Question, answer):
    if any(answer is factory for factory in MODEL_FACTORIES):
        answer = answer()
    feedback = question.judge(answer)
    assert isinstance(feedback, Feedback) and feedback.outcome in OUTCOMES
    assert feedback.outcome != CORRECT, f"{name} accepted junk {answer!r}"
    assert feedback.message and "Traceback" not in feedback.message


FUNCTION_QUESTIONS = [(module, name, question) for module, name, question in QUESTIONS
                      if "expected a function" in question.judge(3.0).message]


def _data(module) -> bytes:
    """The module's own arrays, lists, tuples and dicts (its test cases), as bytes to compare."""
    data = (np.ndarray, list, tuple, dict)
    return pickle.dumps({name: value for name, value in vars(module).items()
                         if isinstance(value, data) and not name.startswith("__")})


def test_every_function_question_is_found():
    """The questions that reject a number as "expected a function" are those whose solution defines one."""
    defines_a_function = [(module, name) for module, name, question in QUESTIONS
                          if "def " in question._solution]
    assert [(module, name) for module, name, _ in FUNCTION_QUESTIONS] == defines_a_function
    assert len(FUNCTION_QUESTIONS) >= 13


@pytest.mark.parametrize("module, name, question", FUNCTION_QUESTIONS,
                         ids=[f"{m.__name__.rsplit('.', 1)[1]}.{n}" for m, n, _ in FUNCTION_QUESTIONS])
def test_a_function_that_never_returns_is_stopped_and_named(module, name, question):
    feedback = question.judge(_hang)
    assert feedback.outcome == INCORRECT and "did not finish within 0.05 seconds" in feedback.message
    assert "(" in feedback.message.split("did not finish")[0], "the message names the call"


@pytest.mark.parametrize("module, name, question", FUNCTION_QUESTIONS,
                         ids=[f"{m.__name__.rsplit('.', 1)[1]}.{n}" for m, n, _ in FUNCTION_QUESTIONS])
def test_a_function_that_overwrites_its_inputs_leaves_the_checker_intact(module, name, question):
    before = _data(module)
    assert question.judge(_scribble).outcome == INCORRECT
    assert _data(module) == before
