"""The generic checker pieces: each accepts the right answer and explains wrong ones."""

import math
from fractions import Fraction

import numpy as np
import pytest

from course_utils.exercises import checks
from course_utils.exercises.core import INCORRECT, NOT_ATTEMPTED, Incorrect, NotAttempted, Question


def _incorrect(check, *args, **kwargs) -> str:
    with pytest.raises(Incorrect) as raised:
        check(*args, **kwargs)
    return str(raised.value)


# --- numbers and choices ---------------------------------------------------------------------------

def test_expect_number_accepts_close_values_of_any_numeric_type():
    import tensorflow as tf

    for answer in (16, 16.0, np.int64(16), np.float32(16.0), np.array(16.0), tf.constant(16.0),
                   tf.Variable(16), Fraction(16)):
        checks.expect_number(answer, 16)


def test_a_count_may_be_a_string_of_digits():
    for answer in ("16", " 16 ", "100,480", "100_480"):
        checks.expect_number(answer, int(answer.replace(",", "").replace("_", "")), count=True)
    assert "got str" in _incorrect(checks.expect_number, "16", 16)
    assert "got str" in _incorrect(checks.expect_number, "16.0", 16, count=True)


@pytest.mark.parametrize("answer, fragment", [
    ("16", "expected a single number, got str"), (True, "got a bool"), (None, "got NoneType"),
    (np.array([16]), "array of shape (1,)"), ([16], "got list"), (math.nan, "expected a finite number"),
    (math.inf, "finite"), (20, "20 is not right."), (15, "15 is not right."), (12, "weights, not the biases"),
    (1000, "1000 is not right."),
])
def test_expect_number_explains_without_revealing(answer, fragment):
    message = _incorrect(checks.expect_number, answer, 16, known_mistakes={12: "weights, not the biases."})
    assert fragment in message and "16" not in message


def test_wrong_numbers_get_no_direction_so_bisection_finds_nothing():
    messages = {answer: _incorrect(checks.expect_number, answer, 569, count=True) for answer in (568, 570)}
    assert messages == {568: "568 is not right.", 570: "570 is not right."}


def test_a_stated_precision_is_accepted_rounded_either_way():
    for answer in (0.562, 0.5622, 0.56218):
        checks.expect_number(answer, 0.56218, decimals=3)
    for answer in (0.896, 0.895):  # log(6) / 2 = 0.89588, rounded or cut
        checks.expect_number(answer, 0.89588, decimals=3)
    assert "(to 3 decimal places)" in _incorrect(checks.expect_number, 0.561, 0.56218, decimals=3)
    checks.expect_number(3.13, 3.125, decimals=2)
    checks.expect_number(126.1, 126.112, decimals=1)
    assert checks.precision_note(1) == "to 1 decimal place"


def test_expect_choice():
    explanations = {"a": "accuracy hides missed cancers.", "b": "right.", "c": "not clinical."}
    for answer in (" B ", "(b)", "b)", "b.", "'b'", "option b"):
        checks.expect_choice(answer, "b", explanations)
    assert _incorrect(checks.expect_choice, "a", "b", explanations) == "accuracy hides missed cancers."
    assert "not an option" in _incorrect(checks.expect_choice, "d", "b", explanations)
    assert "as a string" in _incorrect(checks.expect_choice, 2, "b", explanations)


def test_expect_choice_accepts_synonyms_spellings_and_named_objects():
    import keras

    explanations = {"binary_crossentropy": "two classes.", "sparse_categorical_crossentropy": "right.",
                    "mse": "a measurement."}
    synonyms = {"mean squared error": "mse"}
    for answer in ("Sparse Categorical Crossentropy", "SparseCategoricalCrossentropy",
                   "sparse-categorical-crossentropy", keras.losses.SparseCategoricalCrossentropy(),
                   keras.losses.SparseCategoricalCrossentropy):
        checks.expect_choice(answer, "sparse_categorical_crossentropy", explanations, synonyms)
    assert _incorrect(checks.expect_choice, "Mean squared error", "sparse_categorical_crossentropy",
                      explanations, synonyms) == "a measurement."
    assert "not an option" in _incorrect(checks.expect_choice, "a false negative", "b", {"a": "", "b": ""})
    checks.expect_choice("a false negative", "false negative", {"false negative": "", "false positive": ""})


def test_expect_shape():
    import tensorflow as tf

    mistakes = {(10, 5): "transposed."}
    for answer in [(5, 10), [5, 10], (np.int64(5), 10), tf.TensorShape([5, 10]), tf.zeros((5, 10)).shape]:
        checks.expect_shape(answer, (5, 10), mistakes)
    assert _incorrect(checks.expect_shape, (10, 5), (5, 10), mistakes) == "transposed."
    assert "2 dimensions; yours has 1" in _incorrect(checks.expect_shape, (5,), (5, 10), what="the output")
    assert _incorrect(checks.expect_shape, (5, 11), (5, 10), otherwise="count again.") == "count again."
    for junk in ["5, 10", (5.0, 10.0), (True, 10), None, 5, tf.TensorShape(None), tf.TensorShape([None, 10])]:
        assert "tuple of whole numbers" in _incorrect(checks.expect_shape, junk, (5, 10))


# --- arrays and functions --------------------------------------------------------------------------

def test_expect_array():
    checks.expect_array([0.0, 1.0], np.array([0.0, 1.0]))
    assert "shape (3,)" in _incorrect(checks.expect_array, [0, 1, 2], np.array([0.0, 1.0]))
    assert "NaN" in _incorrect(checks.expect_array, [0, np.nan], np.array([0.0, 1.0]))
    assert "wrong values (the first wrong entry is at index 1)" in _incorrect(
        checks.expect_array, [0, 2], np.array([0.0, 1.0]))
    assert "at index (1, 0)" in _incorrect(checks.expect_array, [[0, 1], [1, 1]], np.array([[0, 1], [0, 1]]))
    assert _incorrect(checks.expect_array, 0.3, 0.5, what="result") == "your result is not right."
    assert "expected a single number" in _incorrect(checks.expect_array, [0.5], 0.5)
    assert "is a str, not numbers" in _incorrect(checks.expect_array, "abc", np.array([0.0]))
    assert "is a dict, not numbers" in _incorrect(checks.expect_array, {"a": 1}, np.array([0.0]))
    checks.expect_array([1.0, np.nan], np.array([1.0, np.nan]))


RELU_CASES = [((np.array([-1.0, 0.0, 2.0]),), np.array([0.0, 0.0, 2.0])), ((np.array([]),), np.array([]))]


def test_expect_function_runs_every_case():
    checks.expect_function(lambda z: np.maximum(z, 0), RELU_CASES, name="relu")
    message = _incorrect(checks.expect_function, lambda z: z, RELU_CASES, name="relu")
    assert message == ("relu([-1.,  0.,  2.]) returned [-1.,  0.,  2.], which has the right shape but wrong "
                       "values (the first wrong entry is at index 0).")
    assert _incorrect(checks.expect_function, lambda z: 0.3, [((0.0,), 0.5)], name="sigmoid") == \
        "sigmoid(0.0) returned 0.3, which is not right."
    assert "relu([-1.,  0.,  2.]) raised IndexError" in _incorrect(checks.expect_function, lambda z: z[5],
                                                                    RELU_CASES, name="relu")
    assert "expected a function" in _incorrect(checks.expect_function, 3, RELU_CASES)


def test_a_function_without_return_is_told_so():
    def no_return(z):
        np.maximum(z, 0)

    assert _incorrect(checks.expect_function, no_return, RELU_CASES, name="relu") == \
        "relu([-1.,  0.,  2.]) returns None: did you forget `return`?"


def test_expect_function_unfinished_is_not_attempted():
    from course_utils.exercises import ____

    with pytest.raises(NotAttempted):
        checks.expect_function(lambda z: ____, RELU_CASES)

    def unwritten(z):
        raise NotImplementedError()

    question = Question("Q", lambda f: checks.expect_function(f, RELU_CASES), "h", "s")
    assert question.judge(unwritten).outcome == NOT_ATTEMPTED
    assert question.judge(lambda z: np.abs(z)).outcome == INCORRECT


# --- Keras models ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keras():
    import keras

    return keras


@pytest.fixture(scope="module")
def small_model(keras):
    """4 inputs -> Dense(8, relu) -> Dense(1, sigmoid): 40 + 9 = 49 trainable parameters."""
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")])


SPEC = {"layers": [("Dense", 8, "relu"), ("Dense", 1, "sigmoid")], "output_shape": (1,),
        "trainable_params": 49}


def test_expect_model_accepts_the_spec(small_model):
    checks.expect_model(small_model, **SPEC)


def test_expect_model_explains_each_mismatch(keras, small_model):
    assert "got str" in _incorrect(checks.expect_model, "model", **SPEC)
    unbuilt = keras.Sequential([keras.layers.Dense(8)])
    assert "not built yet" in _incorrect(checks.expect_model, unbuilt, **SPEC)
    assert "layer 1 has 8 units" in _incorrect(checks.expect_model, small_model,
                                               layers=[("Dense", 16, "relu"), ("Dense", 1, "sigmoid")])
    assert "activation 'relu'" in _incorrect(checks.expect_model, small_model,
                                             layers=[("Dense", 8, "tanh"), ("Dense", 1, "sigmoid")])
    assert "is a Dense; expected a Conv1D" in _incorrect(checks.expect_model, small_model,
                                                         layers=[("Conv1D", None, None), ("Dense", 1, None)])
    assert "2 layers with weights" in _incorrect(checks.expect_model, small_model,
                                                 layers=[("Dense", 8, None)])
    assert "output shape is (1,)" in _incorrect(checks.expect_model, small_model, output_shape=(2,))
    message = _incorrect(checks.expect_model, small_model, trainable_params=50)
    assert "fewer than expected" in message and "50" not in message


@pytest.mark.parametrize("activation_layer", ["Activation", "ReLU"])
def test_an_activation_layer_after_a_linear_dense_counts_as_its_activation(keras, activation_layer):
    relu = keras.layers.Activation("relu") if activation_layer == "Activation" else keras.layers.ReLU()
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), relu, keras.layers.Dropout(0.1),
                              keras.layers.Dense(1), keras.layers.Activation("sigmoid")])
    checks.expect_model(model, **SPEC)
    leaky = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.ReLU(negative_slope=0.1),
                              keras.layers.Dense(1, activation="sigmoid")])
    assert "a modified ReLU" in _incorrect(checks.expect_model, leaky, **SPEC)
    linear = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1),
                               keras.layers.Activation("sigmoid")])
    assert "layer 1 uses activation 'linear'" in _incorrect(checks.expect_model, linear, **SPEC)


def test_expect_compiled_reads_loss_strings_objects_and_functions(keras):
    for loss in ("binary_crossentropy", keras.losses.BinaryCrossentropy(), keras.losses.binary_crossentropy):
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy", keras.metrics.AUC()])
        checks.expect_compiled(model, loss="binary_crossentropy", metrics=["accuracy", "auc"])
        assert "does not fit this task" in _incorrect(checks.expect_compiled, model, loss="mse")
        assert "'recall'" in _incorrect(checks.expect_compiled, model, metrics=["recall"])


def test_expect_compiled_rejects_uncompiled_and_non_models(keras, small_model):
    assert "not compiled yet" in _incorrect(checks.expect_compiled, small_model, loss="mse")
    assert "expected a Keras model" in _incorrect(checks.expect_compiled, None)


# --- trained models --------------------------------------------------------------------------------

def test_expect_score():
    checks.expect_score(lambda: 0.91, 0.85, "AUC")
    checks.expect_score(lambda: 0.2, 0.3, "MSE", higher_is_better=False)
    message = _incorrect(checks.expect_score, lambda: 0.70, 0.85, "AUC")
    assert "0.700" in message and "at least 0.85" in message
    assert "at most" in _incorrect(checks.expect_score, lambda: 0.5, 0.3, "MSE", higher_is_better=False)
    assert "diverged" in _incorrect(checks.expect_score, lambda: math.nan, 0.85, "AUC")


# --- question factories ----------------------------------------------------------------------------

def test_choice_question_judges_with_the_explanations():
    question = checks.choice_question("Question 9 (screening metric)", correct="b",
                                      explanations={"a": "accuracy hides missed cancers.", "b": ""},
                                      hint="Which metric counts missed cancers?", solution="answer = 'b'",
                                      points=2)
    assert (question.name, question.points) == ("Question 9 (screening metric)", 2)
    assert question.hint().text == "Which metric counts missed cancers?"
    assert question.solution().text == "answer = 'b'"
    assert question.judge(" B ").passed
    assert question.judge("a").message == "Incorrect: accuracy hides missed cancers."
    assert question.judge(None).outcome == INCORRECT


def test_choice_question_refuses_a_correct_option_it_cannot_explain():
    with pytest.raises(ValueError, match="'c' is not among 'a', 'b'"):
        checks.choice_question("Q", correct="c", explanations={"a": "", "b": ""}, hint="", solution="")


def test_number_question_judges_with_tolerance_and_known_mistakes():
    question = checks.number_question("Question 9 (parameters)", expected=16, rel_tol=1e-3,
                                      known_mistakes={12: "weights, not the biases."},
                                      hint="Count the biases too.", solution="answer = 16")
    assert (question.points, question.hint().text, question.solution().text) == (
        1, "Count the biases too.", "answer = 16")
    assert question.judge(16.01).passed and not question.judge(16.1).passed
    assert question.judge(12).message == "Incorrect: weights, not the biases."
    assert question.judge("16").outcome == INCORRECT
    assert "16" not in question.judge(20).message
    absolute = checks.number_question("Q", expected=0.0, abs_tol=1e-9, hint="", solution="")
    assert absolute.judge(1e-12).passed and not absolute.judge(1e-6).passed
