"""The generic checker pieces: each accepts the right answer and explains wrong ones."""

import math
from fractions import Fraction

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils.exercises import checks
from course_utils.exercises.core import INCORRECT, NOT_ATTEMPTED, Incorrect, NotAttempted, Question


def _incorrect(check, *args, **kwargs) -> str:
    with pytest.raises(Incorrect) as raised:
        check(*args, **kwargs)
    return str(raised.value)


# --- numbers and choices ---------------------------------------------------------------------------

def test_expect_number_accepts_close_values_of_any_numeric_type():
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
def small_model():
    """4 inputs -> Dense(8, relu) -> Dense(1, sigmoid): 40 + 9 = 49 trainable parameters."""
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")])


SPEC = {"layers": [("Dense", 8, "relu"), ("Dense", 1, "sigmoid")], "output_shape": (1,),
        "trainable_params": 49}


def test_expect_model_accepts_the_spec(small_model):
    checks.expect_model(small_model, **SPEC)


def test_expect_model_explains_each_mismatch(small_model):
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
def test_an_activation_layer_after_a_linear_dense_counts_as_its_activation(activation_layer):
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


def test_expect_compiled_reads_loss_strings_objects_and_functions():
    for loss in ("binary_crossentropy", keras.losses.BinaryCrossentropy(), keras.losses.binary_crossentropy):
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy", keras.metrics.AUC()])
        checks.expect_compiled(model, loss="binary_crossentropy", metrics=["accuracy", "auc"])
        assert "does not fit this task" in _incorrect(checks.expect_compiled, model, loss="mse")
        assert "'recall'" in _incorrect(checks.expect_compiled, model, metrics=["recall"])


def test_expect_compiled_rejects_uncompiled_and_non_models(small_model):
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


# --- boundaries: the exact spec passes, each single deviation fails ---------------------------------

def test_the_relative_tolerance_is_a_boundary_both_ways():
    checks.expect_number(1000 * (1 + 0.9e-6), 1000)
    checks.expect_number(1000 * (1 - 0.9e-6), 1000)
    assert _incorrect(checks.expect_number, 1000 * (1 + 1.1e-6), 1000) == "1000 is not right."
    assert _incorrect(checks.expect_number, 1000 * (1 - 1.1e-6), 1000) == "999.999 is not right."
    checks.expect_number(1.04, 1.0, rel_tol=0.05)
    assert _incorrect(checks.expect_number, 1.06, 1.0, rel_tol=0.05) == "1.06 is not right."


def test_the_absolute_tolerance_is_a_boundary_both_ways():
    checks.expect_number(0.9e-9, 0.0, abs_tol=1e-9)
    checks.expect_number(-0.9e-9, 0.0, abs_tol=1e-9)
    assert _incorrect(checks.expect_number, 1.1e-9, 0.0, abs_tol=1e-9) == "1.1e-09 is not right."
    assert _incorrect(checks.expect_number, 1e-12, 0.0) == "1e-12 is not right."  # default: no abs_tol


def test_a_stated_precision_accepts_one_unit_of_the_last_decimal_and_no_more():
    for answer in (0.501, 0.499, 0.5):
        checks.expect_number(answer, 0.5, decimals=3)
    for answer in (0.5011, 0.4989):
        assert _incorrect(checks.expect_number, answer, 0.5, decimals=3) == (
            f"{answer:g} is not right (to 3 decimal places).")
    checks.expect_number(0.6, 0.5, decimals=1)
    assert _incorrect(checks.expect_number, 0.62, 0.5, decimals=1) == (
        "0.62 is not right (to 1 decimal place).")
    checks.expect_number(0.508, 0.5, abs_tol=0.01, decimals=3)  # a wider abs_tol is kept
    checks.expect_number(1001.0, 1000, rel_tol=1e-3, decimals=3)  # and so is a wider rel_tol


def test_a_known_mistake_is_matched_with_the_same_tolerance():
    mistakes = {12: "weights, not the biases.", 0.12: "a share, not a count."}
    assert _incorrect(checks.expect_number, 12 * (1 + 0.9e-6), 16, known_mistakes=mistakes) == (
        "weights, not the biases.")
    assert _incorrect(checks.expect_number, 12 * (1 + 1.1e-6), 16, known_mistakes=mistakes) == (
        "12 is not right.")
    assert _incorrect(checks.expect_number, 0.12, 16, known_mistakes=mistakes) == "a share, not a count."
    assert _incorrect(checks.expect_number, 0.1201, 16, known_mistakes=mistakes, decimals=3) == (
        "a share, not a count.")


def test_as_number_reads_counts_only_when_asked_and_refuses_everything_else_exactly():
    assert checks.as_number("1,000", count=True) == 1000.0 and checks.as_number(np.array(3)) == 3.0
    assert checks.as_number(np.float32(0.5)) == 0.5 and checks.as_number(np.array(2.5)) == 2.5
    assert checks.as_number(np.array(7, dtype=np.uint8)) == 7.0
    for junk, count, message in [
        ("1,000", False, "expected a single number, got str."),
        ("1,00", True, "expected a single number, got str."),
        ("1.5", True, "expected a single number, got str."),
        (True, False, "expected a number, got a bool (True or False)."),
        (np.bool_(False), False, "expected a number, got a bool (True or False)."),
        (np.array(True), False, "expected a number, got a bool (True or False)."),
        (np.array([[2.0]]), False, "your answer is an array of shape (1, 1); give the single number in it "
                                   "(answer.item())."),
        (np.array([1, 2]), False, "expected a single number, got ndarray."),
        (1 + 2j, False, "expected a single number, got complex."),
    ]:
        assert _incorrect(checks.as_number, junk, count=count) == message


def test_a_non_finite_answer_is_named():
    assert _incorrect(checks.expect_number, math.inf, 16) == "your answer is inf; expected a finite number."
    assert _incorrect(checks.expect_number, -math.inf, 16) == "your answer is -inf; expected a finite number."
    assert _incorrect(checks.expect_number, math.nan, 16) == "your answer is nan; expected a finite number."


def test_expect_shape_messages_are_exact_and_one_dimension_more_or_less_fails():
    checks.expect_shape((5, 10), [5, 10])
    assert _incorrect(checks.expect_shape, (5,), (5, 10)) == "the shape has 2 dimensions; yours has 1."
    assert _incorrect(checks.expect_shape, (5, 10, 1), (5, 10)) == "the shape has 2 dimensions; yours has 3."
    assert _incorrect(checks.expect_shape, (5, 9), (5, 10)) == "that shape is not right."
    assert _incorrect(checks.expect_shape, [10, 5], (5, 10), {(10, 5): "transposed."}) == "transposed."
    assert _incorrect(checks.expect_shape, (5, None), (5, 10)) == (
        "answer with a tuple of whole numbers, e.g. (rows, columns).")


def test_array_problem_names_shape_versus_size_and_its_tolerance_both_ways():
    assert checks.array_problem([0.5], 0.5) == "has shape (1,); expected a single number"
    assert checks.array_problem(np.array([[1.0, 2.0]]), [1.0, 2.0]) == "has shape (1, 2); expected shape (2,)"
    assert checks.array_problem(0.5, [0.5]) == "has shape (); expected shape (1,)"
    assert checks.array_problem([1000.0099, 0.9e-6], [1000.0, 0.0]) is None  # atol 1e-6 + rtol 1e-5
    assert checks.array_problem([1000.0102, 0.0], [1000.0, 0.0]) == (
        "has the right shape but wrong values (the first wrong entry is at index 0)")
    assert checks.array_problem([1000.0, 1.1e-6], [1000.0, 0.0]) == (
        "has the right shape but wrong values (the first wrong entry is at index 1)")
    assert checks.array_problem([0.05], [0.0], atol=0.1) is None
    assert checks.array_problem([0.15], [0.0], atol=0.1) is not None
    assert checks.array_problem([np.nan, 1.0], [np.nan, 1.0]) is None
    assert checks.array_problem([np.nan, 1.0], [0.0, 1.0]) == "contains NaN values"
    assert checks.array_problem([1.0, 2.0], [np.nan, 2.0]) == (
        "has the right shape but wrong values (the first wrong entry is at index 0)")
    assert checks.array_problem(None, [1.0]) == "has shape (); expected shape (1,)"
    assert checks.array_problem([[1, 2], [3, 5]], [[1, 2], [3, 4]]) == (
        "has the right shape but wrong values (the first wrong entry is at index (1, 1))")
    assert checks.expect_array([1.0, 2.0], [1.0, 2.0]) is None
    assert _incorrect(checks.expect_array, [1.0], [1.0, 2.0], what="gradient") == (
        "your gradient has shape (1,); expected shape (2,).")


def test_expect_function_names_the_call_and_the_result_exactly():
    assert _incorrect(checks.expect_function, lambda z: [0.5, 0.5], [((np.array([1.0, 2.0]),), np.zeros(2))],
                      name="f") == (
        "f([1., 2.]) returned [0.5, 0.5], which has the right shape but wrong values "
        "(the first wrong entry is at index 0).")
    assert _incorrect(checks.expect_function, lambda z: 1.0, [((2.0,), 1.0), ((3.0,), 2.0)], name="f") == (
        "f(3.0) returned 1.0, which is not right.")
    assert _incorrect(checks.expect_function, "f", RELU_CASES) == "expected a function, got str."
    checks.expect_function(lambda z: z + 0.05, [((1.0,), 1.0)], atol=0.1)
    assert _incorrect(checks.expect_function, lambda z: z + 0.05, [((1.0,), 1.0)]).startswith(
        "your function(1.0) returned 1.05")


def test_expect_choice_messages_are_exact():
    explanations = {"a": "no.", "b": "yes."}
    assert _incorrect(checks.expect_choice, "c", "b", explanations) == (
        "'c' is not an option; choose one of 'a', 'b'.")
    assert _incorrect(checks.expect_choice, 3, "b", explanations) == (
        "answer with one of 'a', 'b' as a string.")
    for spelling in ("B", "Answer b", "OPTION  b", "`b`", "b:"):
        checks.expect_choice(spelling, "b", explanations)
    assert _incorrect(checks.expect_choice, "A", "b", explanations) == "no."  # an option, not an article
    checks.expect_choice("a-b c_d", "abcd", {"abcd": "", "x": ""})
    for spelling in ("the mean", "The Mean.", "a mean", "an mean"):
        checks.expect_choice(spelling, "mean", {"mean": "", "median": ""})
    assert _incorrect(checks.expect_choice, "themean", "mean", {"mean": "", "median": ""}).startswith(
        "'themean' is not an option")


def test_choice_question_refuses_a_synonym_for_no_option():
    with pytest.raises(ValueError) as error:
        checks.choice_question("Q 3", correct="a", explanations={"a": "", "b": ""}, synonyms={"x": "c"},
                               hint="", solution="")
    assert str(error.value) == "Q 3: the option 'c' is not among 'a', 'b'."


def test_number_question_states_its_precision_in_the_hint_and_judges_with_it():
    question = checks.number_question("Q", expected=0.5, decimals=2, hint="Divide.", solution="s")
    assert question.hint().text == "Divide. Give the answer to 2 decimal places."
    assert question.judge(0.51).passed and not question.judge(0.52).passed
    assert question.judge(0.52).message == "Incorrect: 0.52 is not right (to 2 decimal places)."
    counted = checks.number_question("Q", expected=569, count=True, hint="Count.", solution="s", points=3)
    assert counted.judge("569").passed and counted.points == 3 and counted.hint().text == "Count."
    assert checks.number_question("Q", expected=2.0, abs_tol=0.1, hint="h", solution="s").judge(2.09).passed
    strict = checks.number_question("Q", expected=2.0, hint="h", solution="s")
    assert strict.judge(2.0 + 1e-5).outcome == INCORRECT
    assert checks.precision_note(None) == "" and checks.precision_note(0) == "to 0 decimal places"


def test_expect_score_passes_exactly_at_the_threshold_and_names_the_score():
    checks.expect_score(lambda: 0.85, 0.85, "AUC")
    checks.expect_score(lambda: 0.3, 0.3, "MSE", higher_is_better=False)
    assert _incorrect(checks.expect_score, lambda: 0.8499, 0.85, "AUC") == (
        "the model's held-out AUC is 0.850; it needs to be at least 0.85. Train longer, or check the inputs "
        "are scaled.")
    assert _incorrect(checks.expect_score, lambda: 0.3001, 0.3, "MSE", higher_is_better=False) == (
        "the model's held-out MSE is 0.300; it needs to be at most 0.3. Train longer, or check the inputs "
        "are scaled.")
    assert _incorrect(checks.expect_score, lambda: math.inf, 0.3, "MSE", higher_is_better=False) == (
        "the model's MSE is inf: training diverged.")


def test_expect_model_pins_the_parameter_count_both_ways_and_says_which_way(small_model):
    checks.expect_model(small_model, trainable_params=49)
    assert _incorrect(checks.expect_model, small_model, trainable_params=48) == (
        "the model has 49 trainable parameters, which is more than expected.")
    assert _incorrect(checks.expect_model, small_model, trainable_params=50) == (
        "the model has 49 trainable parameters, which is fewer than expected.")
    wide = keras.Sequential([keras.Input((784,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")])  # 784 inputs where 4 were asked
    assert _incorrect(checks.expect_model, wide, **SPEC) == (
        "the model has 6,289 trainable parameters, which is more than expected.")
    frozen = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu", trainable=False),
                               keras.layers.Dense(1, activation="sigmoid")])
    assert _incorrect(checks.expect_model, frozen, trainable_params=49) == (
        "the model has 9 trainable parameters, which is fewer than expected.")


def test_expect_model_messages_are_exact(small_model):
    assert _incorrect(checks.expect_model, small_model, output_shape=(2,)) == (
        "the model's output shape is (1,) per example; expected (2,).")
    checks.expect_model(small_model, output_shape=[1])
    assert _incorrect(checks.expect_model, small_model, layers=[("Dense", 8, "relu")]) == (
        "the model has 2 layers with weights; expected 1.")
    for layers, message in [
        ([("Dense", 8, "relu"), ("Dense", 2, None)], "layer 2 has 1 units; expected 2."),
        ([("Dense", None, "relu"), ("Dense", 1, "relu")],
         "layer 2 uses activation 'sigmoid'; expected 'relu'."),
        ([("Conv1D", None, None), ("Dense", 1, None)], "layer 1 is a Dense; expected a Conv1D."),
    ]:
        assert _incorrect(checks.expect_model, small_model, layers=layers) == message
    assert _incorrect(checks.expect_model, None) == "expected a Keras model, got NoneType."
    assert _incorrect(checks.expect_model, keras.Sequential([keras.layers.Dense(8)])) == (
        "the model is not built yet: give it an input shape (keras.Input(shape=...)) so Keras knows its "
        "size.")
    checks.expect_model(small_model, layers=[("Dense", None, None), ("Dense", None, None)])


@pytest.mark.parametrize("make, applied", [
    (lambda layers: layers.Softmax(), "softmax"), (lambda layers: layers.LeakyReLU(), "leaky_relu"),
    (lambda layers: layers.ELU(), "elu"), (lambda layers: layers.ReLU(), "relu"),
    (lambda layers: layers.ReLU(max_value=6), "a modified ReLU"),
    (lambda layers: layers.ReLU(threshold=0.5), "a modified ReLU"),
    (lambda layers: layers.ReLU(negative_slope=0.2), "a modified ReLU"),
    (lambda layers: layers.Activation("tanh"), "tanh")])
def test_activation_applied_reads_each_activation_layer(make, applied):
    layers = [keras.layers.Dense(3), keras.layers.Dropout(0.1), make(keras.layers)]
    keras.Sequential([keras.Input((2,)), *layers])
    assert checks.activation_applied(layers, 0) == applied


def test_activation_applied_stops_at_the_next_layer_with_weights():
    layers = [keras.layers.Dense(3), keras.layers.Dense(2), keras.layers.Activation("relu")]
    keras.Sequential([keras.Input((2,)), *layers])
    assert checks.activation_applied(layers, 0) == "linear"
    assert checks.activation_applied(layers, 1) == "relu"
    assert checks.activation_applied([layers[0]], 0) == "linear"


def test_expect_compiled_messages_are_exact_and_metric_names_lose_keras_suffixes():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(),
                  metrics=[keras.metrics.AUC(name="auc_3"), keras.metrics.Recall()])
    checks.expect_compiled(model, loss="Binary Crossentropy", metrics=["AUC", "auc_3", "recall"])
    assert _incorrect(checks.expect_compiled, model, loss="mse") == (
        "the model is compiled with loss 'binary_crossentropy', which does not fit this task.")
    assert _incorrect(checks.expect_compiled, model, metrics=["precision"]) == (
        "the model does not track the metric 'precision'.")
    assert _incorrect(checks.expect_compiled, "model") == "expected a Keras model, got str."
    fresh = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    assert _incorrect(checks.expect_compiled, fresh) == (
        "the model is not compiled yet: call model.compile(...).")
    assert checks._loss_name(keras.losses.mean_squared_error) == "mean_squared_error"
    assert checks._loss_name(lambda y, p: 0) == "<lambda>"
    assert checks._canonical("Mean_Squared Error") == "meansquarederror"


def test_standardized_split_is_the_course_split_scaled_with_its_training_patients():
    from course_utils import data

    X, y = data.load_xy("breast_cancer")
    X_train, X_val, X_test, y_train, y_val, _ = data.split(X, y)
    mean, std = X_train.to_numpy().mean(axis=0), X_train.to_numpy().std(axis=0)
    split = checks.standardized_split()
    assert list(split) == ["X_train", "X_val", "y_train", "y_val"]
    np.testing.assert_allclose(split["X_train"], (X_train.to_numpy() - mean) / std, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(split["X_val"], (X_val.to_numpy() - mean) / std, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(split["y_train"], y_train.to_numpy())
    np.testing.assert_array_equal(split["y_val"], y_val.to_numpy())
    assert split["y_train"].dtype == split["y_val"].dtype == np.float64
    assert len(split["X_val"]) == len(X_test) and len(split["X_train"]) + 2 * len(X_test) == len(X)


def test_expect_array_uses_its_tolerance_and_names_the_array_by_default():
    checks.expect_array([0.05], [0.0], atol=0.1)
    assert _incorrect(checks.expect_array, [0.15], [0.0], atol=0.1) == (
        "your array has the right shape but wrong values (the first wrong entry is at index 0).")


def test_expect_function_shows_a_returned_list_as_an_array_cut_at_60_characters():
    ten = list(range(10))
    assert _incorrect(checks.expect_function, lambda z: ten, [((1.0,), np.zeros(10))], name="f") == (
        "f(1.0) returned [0, 1, 2, ..., 7, 8, 9], which has the right shape but wrong values "
        "(the first wrong entry is at index 1).")
    long = np.linspace(0.123456, 0.987654, 5)
    message = _incorrect(checks.expect_function, lambda z: long, [((1.0,), np.zeros(5))], name="f")
    assert message == ("f(1.0) returned [0.1235, 0.3395, 0.5556, 0.7716, 0.9877], which has the right shape "
                       "but wrong values (the first wrong entry is at index 0).")
    wide = np.linspace(1000.123456, 9000.987654, 6)
    message = _incorrect(checks.expect_function, lambda z: wide, [((1.0,), np.zeros(6))], name="f")
    assert message.startswith("f(1.0) returned [1000.1235, 2600.2963, 4200.4691, 5800.642 , 7400.8148, 9..., "
                              "which has")


def test_expect_score_names_the_scoring_step_when_it_fails():
    def broken():
        raise ValueError("shapes (3,) and (4,) do not match")

    assert _incorrect(checks.expect_score, broken, 0.85, "AUC") == (
        "computing the model's AUC raised ValueError: shapes (3,) and (4,) do not match")


def test_question_factories_keep_name_points_and_synonyms():
    question = checks.choice_question("Question 4", correct="MAR", explanations={"MAR": "", "MNAR": "no."},
                                      synonyms={"missing at random": "MAR"}, hint="h", solution="s")
    assert (question.name, question.points) == ("Question 4", 1)
    assert question.judge("Missing at random").passed and question.judge("mnar").message == "Incorrect: no."
    number = checks.number_question("Question 5", expected=3.0, hint="h", solution="s")
    assert (number.name, number.points) == ("Question 5", 1)
    assert checks.number_question("Q", expected=3.0, hint=None, solution=None, decimals=1).judge(3.1).passed


def test_as_number_takes_a_string_only_for_a_count_and_calls_numpy_only_on_scalar_tensors():
    assert _incorrect(checks.as_number, "16") == "expected a single number, got str."

    class Lookalike:  # has .numpy() like a tensor, but no shape
        def numpy(self):
            return 16.0

    assert _incorrect(checks.as_number, Lookalike()) == "expected a single number, got Lookalike."
    assert checks.as_number(tf.constant(2.5)) == 2.5
    assert _incorrect(checks.as_number, tf.constant([2.5])) == "expected a single number, got EagerTensor."


def test_expect_compiled_reads_metric_functions_and_loss_objects_without_a_name():
    """A metric given as a function is serialised with its name as the config (this once crashed)."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", metrics=[keras.metrics.mean_absolute_error])
    checks.expect_compiled(model, loss="mse", metrics=["mean_absolute_error"])
    assert _incorrect(checks.expect_compiled, model, metrics=["mae"]) == (
        "the model does not track the metric 'mae'.")

    class SquaredLoss:
        def __call__(self, y_true, y_pred):
            return (y_true - y_pred) ** 2

    assert checks._loss_name(SquaredLoss()) == "SquaredLoss"


def test_metric_names_of_a_compile_config_without_names():
    class Compiled:
        def __init__(self, metrics):
            self.metrics = metrics

        def get_compile_config(self):
            return {"metrics": self.metrics}

    assert checks._metric_names(Compiled([{"class_name": "AUC"}])) == ["", "", "AUC"]
    assert checks._metric_names(Compiled([{"config": {"name": "auc_2"}}])) == ["auc_2", "auc", ""]
    assert checks._metric_names(Compiled(None)) == []
    assert checks._metric_names(Compiled(["acc", 3])) == ["acc"]


def test_a_model_is_compiled_only_with_compile_not_with_an_optimizer_attached_by_hand():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.optimizer = keras.optimizers.Adam()
    assert _incorrect(checks.expect_compiled, model) == (
        "the model is not compiled yet: call model.compile(...).")
    model.compile(optimizer="sgd", loss="mse")
    checks.expect_compiled(model)
