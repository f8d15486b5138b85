"""Every ex08 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import pytest

from course_utils import environment
from tests.exercises.exercise_cases import ExerciseContract

environment.quiet_tensorflow()
import keras  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from course_utils import data  # noqa: E402
from course_utils.exercises import ex08 as ex  # noqa: E402
from course_utils.exercises.core import CORRECT, INCORRECT  # noqa: E402
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


GOOD = {
    ex.q1: ["b", "B", "(b)"],
    ex.q2: [dense_model(keras.regularizers.L2(0.01)), dense_model(keras.regularizers.l2(0.01)),
            dense_model(keras.regularizers.L1L2(l2=0.01)),
            with_activation_layers(keras.regularizers.L2(0.01))],
}
BAD = {ex.q1: ["a", "c", "d", "overfitting", 2, None],
       ex.q2: [*L2_MODEL_MISTAKES.values(), with_activation_layers(None)]}
SECRETS = {ex.q2: ["0.01"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS
    tested_elsewhere = (ex.q3,)  # a model that must be trained: test_regularized_model


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
