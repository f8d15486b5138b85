"""Every ex08 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import pytest

from course_utils import environment
from tests.exercises.exercise_cases import ExerciseContract, unfinished

environment.quiet_tensorflow()
import keras  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import log_loss  # noqa: E402
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from course_utils import data  # noqa: E402
from course_utils.exercises import ex08 as ex  # noqa: E402
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED  # noqa: E402
from course_utils.metrics import cross_entropy  # noqa: E402
from course_utils.models import diagnosis_model, fit_cached  # noqa: E402


def dense_model(regularizer=None, output_regularizer="same", units=64, inputs=30, build=True):
    output_regularizer = regularizer if output_regularizer == "same" else output_regularizer
    layers = [keras.layers.Dense(units, activation="relu", kernel_regularizer=regularizer),
              keras.layers.Dense(1, activation="sigmoid", kernel_regularizer=output_regularizer)]
    return keras.Sequential(([keras.Input(shape=(inputs,))] if build else []) + layers)


@pytest.fixture(scope="module")
def small_sample():
    X, y = data.load_xy("breast_cancer")
    X_train, _, _, y_train, _, _ = data.split(X, y)
    X_train = StandardScaler().fit(X_train).transform(X_train)
    X_small, _, y_small, _ = train_test_split(X_train, y_train.to_numpy(), train_size=40,
                                              stratify=y_train, random_state=42)
    return X_small, y_small


def validation_patients():
    X, y = data.load_xy("breast_cancer")
    X_train, X_val, _, _, y_val, _ = data.split(X, y)
    return StandardScaler().fit(X_train).transform(X_val), y_val.to_numpy()


def trained(small_sample, **settings):
    keras.utils.set_random_seed(42)
    model = diagnosis_model(30, learning_rate=0.01, **settings)
    fit_cached(model, *small_sample, epochs=40)
    return model


# Each mistake in an L2 model, with the words its feedback must use.
L2_MODEL_MISTAKES = {
    "no kernel_regularizer": dense_model(),
    "L1 penalty": dense_model(keras.regularizers.L1(0.01)),
    "L2 strength": dense_model(keras.regularizers.L2(0.1)),
    "Dense layer 2 has no": dense_model(keras.regularizers.L2(0.01), output_regularizer=None),
    "32 units": dense_model(keras.regularizers.L2(0.01), units=32),
    "30 measurements": dense_model(keras.regularizers.L2(0.01), inputs=10),
    "not built": dense_model(keras.regularizers.L2(0.01), build=False),
    "Keras model": "Dense(64)",
}
def with_activation_layers(penalty):
    return keras.Sequential([keras.Input(shape=(30,)), keras.layers.Dense(64, kernel_regularizer=penalty),
                             keras.layers.ReLU(), keras.layers.Dense(1, kernel_regularizer=penalty),
                             keras.layers.Activation("sigmoid")])


STRATIFIED = StratifiedKFold(n_splits=4, shuffle=True, random_state=0)


def cv_loop(splitter=STRATIFIED, fit_on="other", score_on="fold", combine=np.mean):
    """A cross-validation loop as a learner might write it, right or with one mistake."""
    def loop(fit_and_predict, X, y):
        losses = []
        for fit_index, score_index in splitter.split(X, y):
            fit_rows = {"other": fit_index, "fold": score_index, "all": np.arange(len(y))}[fit_on]
            score_rows = {"fold": score_index, "other": fit_index}[score_on]
            prob = fit_and_predict(X[fit_rows], y[fit_rows], X[score_rows])
            losses.append(cross_entropy(y[score_rows], prob))
        return combine(losses)
    return loop


def pooled_loop(fit_and_predict, X, y):
    """Another correct loop: hand-made stratified folds of equal size (10 patients each, so the mean over
    the folds equals one cross-entropy pooled over all patients)."""
    fold_of = np.empty(len(y), dtype=int)
    for label, offset in ((1, 0), (0, 3)):  # cancers fill folds 0-2 first, so benign cases fill fold 3 first
        rows = np.flatnonzero(y == label)
        fold_of[rows] = (np.arange(len(rows)) + offset) % 4
    prob = np.empty(len(y))
    for fold in range(4):
        prob[fold_of == fold] = fit_and_predict(X[fold_of != fold], y[fold_of != fold], X[fold_of == fold])
    return log_loss(y, prob)


# Each mistake in a cross-validation loop, with the words its feedback must use.
CV_LOOP_MISTAKES = {
    "not stratified": cv_loop(KFold(n_splits=4)),
    "scored on patients it was trained on": cv_loop(fit_on="all"),
    "every patient must be scored exactly once": cv_loop(fit_on="fold", score_on="other"),
    "one value per fold": cv_loop(combine=list),
    "the sum": cv_loop(combine=np.sum),
    "trained 3 model(s)": cv_loop(StratifiedKFold(n_splits=3, shuffle=True, random_state=0)),
    "not the mean over the folds": cv_loop(combine=np.median),
    "never called fit_and_predict": lambda fit_and_predict, X, y: 0.3,
    "returns None": lambda fit_and_predict, X, y: None,
    "expected a function": "cross_validated_loss",
}

GOOD = {
    ex.q1: ["b", "B", "(b)"],
    ex.q2: [dense_model(keras.regularizers.L2(0.01)), dense_model(keras.regularizers.l2(0.01)),
            dense_model(keras.regularizers.L1L2(l2=0.01)),
            with_activation_layers(keras.regularizers.L2(0.01))],
    ex.q4: [cv_loop(), cv_loop(StratifiedKFold(n_splits=4)), pooled_loop],
}
BAD = {ex.q1: ["a", "c", "d", "overfitting", 2, None],
       ex.q2: [*L2_MODEL_MISTAKES.values(), with_activation_layers(None)],
       ex.q4: list(CV_LOOP_MISTAKES.values())}
SECRETS = {ex.q2: ["0.01"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS
    tested_elsewhere = (ex.q3,)  # a model that must be trained: test_regularized_model


@pytest.mark.parametrize("reason", CV_LOOP_MISTAKES)
def test_cv_loop_mistakes_get_specific_feedback(reason):
    feedback = ex.q4.judge(CV_LOOP_MISTAKES[reason])
    assert feedback.outcome == INCORRECT and reason in feedback.message


def test_an_unfinished_cv_loop_is_not_attempted():
    assert ex.q4.judge(unfinished).outcome == NOT_ATTEMPTED


@pytest.mark.parametrize("reason", L2_MODEL_MISTAKES)
def test_l2_model_mistakes_get_specific_feedback(reason):
    assert reason in ex.q2.judge(L2_MODEL_MISTAKES[reason]).message


def test_regularized_model(small_sample):
    assert ex.q3.judge(trained(small_sample, hidden=(256, 256), l2=0.01)).outcome == CORRECT
    overfitted = ex.q3.judge(trained(small_sample, hidden=(256, 256)))
    assert overfitted.outcome == INCORRECT and "neither" in overfitted.message
    dropout_only = ex.q3.judge(trained(small_sample, hidden=(256, 256), dropout=0.5))
    assert dropout_only.outcome == INCORRECT and "needs to be at most" in dropout_only.message
    on_validation = ex.q3.judge(trained(validation_patients(), hidden=(256, 256), l2=0.01))
    assert on_validation.outcome == INCORRECT
    assert "trained on the validation patients" in on_validation.message
    untrained = ex.q3.judge(diagnosis_model(30, l2=0.01))
    assert untrained.outcome == INCORRECT and "validation cross-entropy" in untrained.message
    assert ex.q3.judge(diagnosis_model(10, l2=0.01)).outcome == INCORRECT
    assert ex.q3.judge(None).outcome == INCORRECT
