"""Exercises for ``06_training``: batches per epoch, an early-stopping callback, patience, class weights, and
a progression network that trains at Adam's default learning rate."""

import functools
import math

import numpy as np

from course_utils.exercises import calls
from course_utils.exercises.checks import choice_question, number_question
from course_utils.exercises.core import Incorrect, Question

# Question 1: 341 training patients, batch_size=64.
q1 = number_question(
    "Question 1 (gradient steps per epoch)",
    expected=math.ceil(341 / 64),
    count=True,
    known_mistakes={
        341 // 64: "the last 21 patients form a smaller batch of their own: it is still a step.",
        341 / 64: "a step processes a whole batch, so the count is a whole number.",
        64: "that is the batch size; the question asks how many batches make one epoch.",
        341: "that is one step per patient (batch_size=1).",
    },
    hint="One epoch shows every training patient once, batch_size patients per step. Divide, and "
         "remember that a smaller last batch still counts.",
    solution="answer_steps_per_epoch = math.ceil(341 / 64)   # 6: five full batches and one of 21",
)


MAX_MIN_DELTA = 0.01  # a validation loss near 0.1 rarely improves by more per epoch


def _check_early_stopping(answer):
    import keras

    if not isinstance(answer, keras.callbacks.EarlyStopping):
        raise Incorrect(f"expected a keras.callbacks.EarlyStopping object, got {type(answer).__name__}.")
    if answer.monitor != "val_loss":
        hint = (" The training loss keeps falling while the model overfits, so it never says stop."
                if answer.monitor == "loss" else "")
        raise Incorrect(f"it monitors '{answer.monitor}'; it should watch the validation loss.{hint}")
    if getattr(answer, "mode", "auto") == "max":
        raise Incorrect("mode='max' counts a rising validation loss as progress: a loss should fall, so "
                        "use mode='min' (or leave the default, 'auto').")
    if abs(getattr(answer, "min_delta", 0.0)) > MAX_MIN_DELTA:
        raise Incorrect(f"min_delta={answer.min_delta:g} counts only improvements of at least that much "
                        "loss, more than this model's loss improves from one epoch to the next, so it "
                        "stops as soon as patience runs out. Leave min_delta at 0 (or a tiny value).")
    if answer.patience != 5:
        raise Incorrect(f"its patience is {answer.patience} epochs; the task asks for a different number.")
    if not answer.restore_best_weights:
        raise Incorrect("when it stops, the model keeps the weights of the last epoch, which are "
                        "already past the best one: set restore_best_weights=True.")


q2 = Question(
    "Question 2 (an early-stopping callback)",
    _check_early_stopping,
    hint="keras.callbacks.EarlyStopping(monitor=..., patience=..., restore_best_weights=...)",
    solution='answer_callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, '
             "restore_best_weights=True)",
    points=2,
)


q3 = choice_question(
    "Question 3 (choosing the patience)",
    correct="c",
    explanations={
        "a": "patience=0 stops at the first epoch without a new best, which on a bumpy curve is "
             "usually a random wiggle, long before the real minimum.",
        "b": "patience=1 still stops at the first two-epoch bump, and this curve has bumps of 2-3 epochs.",
        "c": "",
        "d": "patience=1000 with 300 epochs never stops: that is training without early stopping.",
    },
    hint="Patience is how many epochs without a new best validation loss you tolerate. It should "
         "outlast the random bumps but not the real rise.",
    solution="answer_patience_choice = 'c'   # outlasts the 2-3 epoch bumps; restore_best_weights "
             "then returns to the minimum",
)


# Question 4: 341 training patients, 127 malignant, 214 benign; weight = n / (2 * n_class).
q4 = number_question(
    "Question 4 (the malignant class weight)",
    expected=341 / (2 * 127),
    decimals=2,
    known_mistakes={
        127 / 341: "that is the share of malignant patients; the weight grows as a class gets rarer.",
        341 / 127: "close: with two classes the formula divides by 2 * n_malignant.",
        214 / 127: "that ratio makes benign weigh 1; the 'balanced' formula is n / (2 * n_malignant).",
        341 / (2 * 214): "that is the benign weight: use the number of malignant patients.",
    },
    hint="'balanced' weights: weight_c = n_patients / (n_classes * n_patients_in_c).",
    solution="answer_malignant_weight = 341 / (2 * 127)",
)


# Question 5 (predict, then run): standardize the progression score so Adam's default learning rate suffices.
# The network must beat predicting the mean score for everyone by 10% (RMSE 75.6 on these patients; the
# solution scored 52 to 63 over 9 random starts, linear regression 51.2; raw or unconverted outputs over 140).
BEAT_THE_MEAN = 0.9


@functools.cache
def _progression_split():
    """The notebook's diabetes split (seed 42): standardized training and validation measurements, scores."""
    from sklearn.preprocessing import StandardScaler

    from course_utils import data

    X, y = data.load_xy("diabetes")
    X_train, X_val, _, y_train, y_val, _ = data.split(X, y)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), y_train.to_numpy(float), scaler.transform(X_val), y_val.to_numpy(float)


def _rmse(y_true, prediction) -> float:
    return float(np.sqrt(np.mean((y_true - prediction) ** 2)))


def _check_progression(answer) -> None:
    from sklearn.linear_model import LinearRegression

    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    X_train, y_train, X_val, y_val = _progression_split()
    prediction = calls.call(answer, X_train, y_train, X_val, name="predict_progression",
                            shown="predict_progression(X_train, y_train, X_val)",
                            seconds=calls.TRAINING_TIME_LIMIT)
    try:
        prediction = np.asarray(prediction, dtype=float).ravel()
    except (TypeError, ValueError):
        raise Incorrect(f"predict_progression returned a {type(prediction).__name__}, not numbers.") from None
    if prediction.size != len(y_val):
        raise Incorrect(f"predict_progression returned {prediction.size} values for {len(y_val)} patients: "
                        "return one predicted score per patient of X_new.")
    if not np.isfinite(prediction).all():
        raise Incorrect("your predictions contain NaN or infinite values: did training diverge?")
    if abs(prediction.mean()) < 0.5 * y_train.std():
        raise Incorrect(f"your predictions average {prediction.mean():.2f}, but the scores average "
                        f"{y_train.mean():.0f}. Either they are still in standardized units (convert them "
                        "back with the training scores' mean and standard deviation), or the network was "
                        "trained on the raw scores and, at the default learning rate, its output has not "
                        "climbed that far (standardize the score it trains on).")
    network, the_mean = _rmse(y_val, prediction), _rmse(y_val, np.full(len(y_val), y_train.mean()))
    if network > BEAT_THE_MEAN * the_mean:
        linear = _rmse(y_val, LinearRegression().fit(X_train, y_train).predict(X_val))
        raise Incorrect(f"on the validation patients your network's RMSE is {network:.1f} score points; "
                        f"predicting the average score for everyone gives {the_mean:.1f}, linear regression "
                        f"{linear:.1f}: it has not learned the score yet. Did you train on the standardized "
                        "score, for the epochs the task gives?")


q5 = Question(
    "Question 5 (predict, then run: standardize the score)",
    _check_progression,
    hint="centre, scale = y_train.mean(), y_train.std(); train on (y_train - centre) / scale; "
         "then prediction * scale + centre is back in score points.",
    solution="def predict_progression(X_train, y_train, X_new):\n"
             "    centre, scale = y_train.mean(), y_train.std()\n"
             "    network = keras.Sequential([keras.Input(shape=(X_train.shape[1],)),\n"
             "                                keras.layers.Dense(16, activation='relu'),\n"
             "                                keras.layers.Dense(1)])\n"
             "    network.compile(optimizer=keras.optimizers.Adam(), loss='mse')\n"
             "    network.fit(X_train, (y_train - centre) / scale, epochs=20, batch_size=32, verbose=0)\n"
             "    return network.predict(X_new, verbose=0).ravel() * scale + centre",
    points=2,
)
