"""Every ex06 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math
import time

import numpy as np

from course_utils import environment

environment.quiet_tensorflow()
import keras  # noqa: E402

from course_utils.exercises import ex06 as ex  # noqa: E402
from tests.exercises.exercise_cases import ExerciseContract  # noqa: E402


def stopping(**settings):
    defaults = {"monitor": "val_loss", "patience": 5, "restore_best_weights": True}
    return keras.callbacks.EarlyStopping(**{**defaults, **settings})


MODE_MAX, MIN_DELTA_1 = stopping(mode="max"), stopping(min_delta=1.0)
GOOD = {
    ex.q1: [math.ceil(341 / 64), 6.0, np.int64(6), "6", " 6"],
    ex.q2: [stopping(), stopping(mode="min"), stopping(min_delta=0.001), stopping(verbose=1)],
    ex.q3: ["c", "(c)", "C."],
    ex.q4: [341 / (2 * 127), 1.34, 1.343, np.float64(341 / 254)],
}

BAD = {
    ex.q1: [5, 341 / 64, 64, 341, "6.0", None, float("inf")],
    ex.q2: [stopping(monitor="loss"), stopping(patience=0), stopping(restore_best_weights=False),
            MODE_MAX, MIN_DELTA_1, keras.callbacks.ReduceLROnPlateau(monitor="val_loss", patience=5),
            keras.callbacks.EarlyStopping, "EarlyStopping", None],
    ex.q3: ["a", "b", "d", "patience", 10, None],
    ex.q4: [127 / 341, 341 / 127, 214 / 127, 341 / 428, 1, None, "1.34", 1.3],
}

SECRETS = {ex.q1: ["6"], ex.q2: ["patience=5", "is 5", "5 epochs"], ex.q4: ["1.34"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS
    tested_elsewhere = (ex.q5,)  # trains a network per answer: test_progression_network_is_judged_...


def test_specific_messages():
    assert "smaller batch" in ex.q1.judge(5).message
    assert "never says stop" in ex.q2.judge(BAD[ex.q2][0]).message
    assert "restore_best_weights" in ex.q2.judge(BAD[ex.q2][2]).message
    assert "mode='max' counts a rising validation loss as progress" in ex.q2.judge(MODE_MAX).message
    assert "min_delta=1 counts only improvements" in ex.q2.judge(MIN_DELTA_1).message
    assert "2 * n_malignant" in ex.q4.judge(341 / 127).message


def progression_network(standardize=True, convert_back=True, epochs=20):
    """A predict_progression like the learner's: the solution, or one of its typical mistakes."""
    def predict_progression(X_train, y_train, X_new):
        keras.utils.set_random_seed(0)
        centre, scale = (y_train.mean(), y_train.std()) if standardize else (0.0, 1.0)
        network = keras.Sequential([keras.Input(shape=(X_train.shape[1],)),
                                    keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])
        network.compile(optimizer=keras.optimizers.Adam(), loss="mse")
        network.fit(X_train, (y_train - centre) / scale, epochs=epochs, batch_size=32, verbose=0)
        prediction = network.predict(X_new, verbose=0).ravel()
        return prediction * scale + centre if convert_back else prediction
    return predict_progression


PROGRESSION_GOOD = [progression_network()]
PROGRESSION_BAD = {
    "standardized units": progression_network(convert_back=False),
    "trained on the raw scores": progression_network(standardize=False),
    "one predicted score per patient": lambda X_train, y_train, X_new: y_train,
    "NaN or infinite": lambda X_train, y_train, X_new: np.full(len(X_new), np.nan),
}


def test_progression_network_is_judged_by_its_validation_rmse():
    for answer in PROGRESSION_GOOD:
        assert ex.q5.judge(answer).passed, ex.q5.judge(answer).message
    for expected, answer in PROGRESSION_BAD.items():
        feedback = ex.q5.judge(answer)
        assert not feedback.passed and expected in feedback.message, feedback.message
    assert "expected a function" in ex.q5.judge(None).message
    assert "not learned" in ex.q5.judge(lambda X_train, y_train, X_new: np.full(len(X_new),
                                                                                y_train.mean())).message


def test_progression_gets_the_training_time_limit(monkeypatch):
    from course_utils.exercises import calls

    monkeypatch.setattr(calls, "TRAINING_TIME_LIMIT", 0.2)
    feedback = ex.q5.judge(lambda X_train, y_train, X_new: time.sleep(5))
    assert not feedback.passed and "did not finish within 0.2 seconds" in feedback.message
