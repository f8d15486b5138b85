"""Exercises for ``08_overfitting``: reading a learning curve, an L2 model, a model that beats overfitting."""

import functools

import numpy as np

from course_utils.exercises import calls
from course_utils.exercises.checks import choice_question, expect_model, expect_score
from course_utils.exercises.core import Incorrect, Question
from course_utils.metrics import cross_entropy

L2_STRENGTH = 0.01
CROSS_ENTROPY_THRESHOLD = 0.2  # the unregularized big network on 40 patients ends near 0.4
# A model trained on the 40 patients scores alike on two sets of patients it never saw (measured: validation
# over other patients 1.0 to 1.2 for five regularized models); one that also trained on the validation
# patients scores them 2 to 4 times better than the others.
LEAK_RATIO = 0.5


q1 = choice_question(
    "Question 1 (reading a learning curve)",
    correct="b",
    explanations={
        "a": "an underfitting model has a high training loss too; here the training loss is near 0.",
        "b": "",
        "c": "a learning rate that is too high makes the training loss jump or diverge; here it falls "
             "smoothly to almost 0.",
        "d": "more epochs make it worse: the validation loss has been rising since epoch 8.",
    },
    hint="Compare the two curves: where is the model good, and where is it getting worse?",
    solution="answer_curve_choice = 'b'   # it memorises the training patients: regularize or stop early",
)


def _kernel_regularizer(layer) -> dict | None:
    return layer.get_config().get("kernel_regularizer")


def _check_l2_model(answer):
    expect_model(answer, layers=[("Dense", 64, "relu"), ("Dense", 1, "sigmoid")], output_shape=(1,))
    if answer.input_shape[1:] != (30,):
        raise Incorrect(f"the model takes inputs of shape {answer.input_shape[1:]}; each patient has "
                        "30 measurements.")
    for position, layer in enumerate([layer for layer in answer.layers if layer.weights], 1):
        regularizer = _kernel_regularizer(layer)
        if not regularizer:
            raise Incorrect(f"Dense layer {position} has no kernel_regularizer: give every Dense layer "
                            "kernel_regularizer=keras.regularizers.L2(...).")
        settings = regularizer.get("config", {})
        if settings.get("l1"):
            raise Incorrect(f"Dense layer {position} uses an L1 penalty; this exercise asks for L2 "
                            "(the sum of squared weights).")
        if not np.isclose(settings.get("l2", 0.0), L2_STRENGTH):
            raise Incorrect(f"Dense layer {position} has an L2 strength of {settings.get('l2')}; "
                            "use the strength given in the task.")


q2 = Question(
    "Question 2 (add L2 to a model)",
    _check_l2_model,
    hint="keras.layers.Dense(64, activation='relu', kernel_regularizer=keras.regularizers.L2(0.01)); "
         "do the same for the output layer.",
    solution="penalty = keras.regularizers.L2(0.01)\n"
             "answer_l2_model = keras.Sequential([\n"
             "    keras.Input(shape=(30,)),\n"
             "    keras.layers.Dense(64, activation='relu', kernel_regularizer=penalty),\n"
             "    keras.layers.Dense(1, activation='sigmoid', kernel_regularizer=penalty),\n"
             "])",
    points=2,
)


@functools.cache
def _held_out() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Patients the 40-patient model never trained on, standardized as in the notebook.

    ``validation``: the notebook's validation patients; ``other``: the training patients outside
    the 40-patient cohort (drawn exactly as the notebook draws it).
    """
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from course_utils import data

    X, y = data.load_xy("breast_cancer")
    X_train, X_val, _, y_train, y_val, _ = data.split(X, y)
    scaler = StandardScaler().fit(X_train)
    X_train, X_val, y_train = scaler.transform(X_train), scaler.transform(X_val), y_train.to_numpy()
    _, X_other, _, y_other = train_test_split(X_train, y_train, train_size=40, stratify=y_train,
                                              random_state=42)
    return {"validation": (X_val, y_val.to_numpy()), "other": (X_other, y_other)}


def _cross_entropy(model, X: np.ndarray, y: np.ndarray) -> float:
    return cross_entropy(y, model.predict(X, verbose=0))


def _is_regularized(model) -> bool:
    return any(type(layer).__name__ == "Dropout" or _kernel_regularizer(layer) for layer in model.layers)


def _check_regularized_model(answer):
    expect_model(answer, output_shape=(1,))
    if answer.input_shape[1:] != (30,):
        raise Incorrect(f"the model takes inputs of shape {answer.input_shape[1:]}; each patient has "
                        "30 (standardized) measurements.")
    if not _is_regularized(answer):
        raise Incorrect("the model has neither an L1/L2 kernel_regularizer nor a Dropout layer; this "
                        "exercise is about regularization.")
    losses = {name: calls.call(_cross_entropy, answer, X, y, shown=f"predicting the {name} patients")
              for name, (X, y) in _held_out().items()}
    if losses["validation"] < LEAK_RATIO * losses["other"]:
        raise Incorrect(f"the model's cross-entropy on the validation patients ({losses['validation']:.3f}) "
                        f"is less than half of that on other patients it should never have seen "
                        f"({losses['other']:.3f}): it looks trained on the validation patients, which makes "
                        "its validation score worthless. Train on X_small, y_small only.")
    expect_score(lambda: losses["validation"], CROSS_ENTROPY_THRESHOLD, "validation cross-entropy",
                 higher_is_better=False)


q3 = Question(
    "Question 3 (beat overfitting on 40 patients)",
    _check_regularized_model,
    hint="Start from the big network that overfitted, add kernel_regularizer=keras.regularizers.L2(...) "
         "to its Dense layers (try 0.01), and train on X_small, y_small only.",
    solution="answer_regularized_model = diagnosis_model(30, hidden=(256, 256), l2=0.01,\n"
             "                                           learning_rate=0.01)\n"
             "answer_history = fit_cached(answer_regularized_model, X_small, y_small, epochs=40)",
    points=3,
)
