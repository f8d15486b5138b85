"""Exercises for ``08_overfitting``: reading a learning curve, an L2 model, a model that beats overfitting,
the cross-validation loop."""

import functools

import numpy as np

from course_utils.exercises import calls
from course_utils.exercises.checks import as_number, choice_question, expect_model, expect_score
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


# Question 4: 40 patients, 15 with cancer, listed cancers first (an unshuffled, unstratified split
# would give folds of one class), with one informative measurement.
N_FOLDS = 4


@functools.cache
def _cv_patients() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(8)
    y = np.array([1] * 15 + [0] * 25)
    X = rng.normal(size=(40, 3))
    X[:, 0] += 1.5 * y
    return X, y


class _WatchedModel:
    """``fit_and_predict`` for the learner's loop: a logistic regression that records, for every call,
    which patients it was trained on and which it was asked about, and what it answered."""

    def __init__(self, X: np.ndarray, y: np.ndarray):
        self.X, self.y, self.calls = X, y, []

    def _patients(self, rows) -> np.ndarray:
        rows = np.asarray(rows, dtype=float)
        if rows.ndim != 2 or rows.shape[1] != self.X.shape[1]:
            raise ValueError(f"fit_and_predict expects patients as rows of X, got an array of shape "
                             f"{rows.shape}")
        found = [np.flatnonzero(np.isclose(self.X, row).all(axis=1)) for row in rows]
        if any(len(index) != 1 for index in found):
            raise ValueError("fit_and_predict was given a row that is not one of the patients in X")
        return np.array([index[0] for index in found])

    def __call__(self, X_fit, y_fit, X_score):
        from sklearn.linear_model import LogisticRegression

        fit, score = self._patients(X_fit), self._patients(X_score)
        y_fit = np.asarray(y_fit).ravel()
        if len(np.unique(y_fit)) < 2:
            prob = np.full(len(score), np.clip(y_fit.mean() if y_fit.size else 0.5, 0.05, 0.95))
        else:
            prob = LogisticRegression().fit(self.X[fit], y_fit).predict_proba(self.X[score])[:, 1]
        self.calls.append({"fit": fit, "score": score, "labels_match": np.array_equal(y_fit, self.y[fit]),
                           "prob": prob})
        return prob.copy()


def _check_folds(calls_made: list[dict], y: np.ndarray) -> None:
    if not calls_made:
        raise Incorrect("your function never called fit_and_predict: each fold needs a model trained on the "
                        "other folds.")
    if len(calls_made) != N_FOLDS:
        raise Incorrect(f"your function trained {len(calls_made)} model(s); {N_FOLDS}-fold cross-validation "
                        f"trains one per fold ({N_FOLDS}).")
    for call in calls_made:
        if np.intersect1d(call["fit"], call["score"]).size:
            raise Incorrect("a model was scored on patients it was trained on: X_score must be the fold's "
                            "patients and X_fit the other folds' patients, never the same ones.")
        if not call["labels_match"]:
            raise Incorrect("y_fit does not belong to X_fit: take both with the same training indices.")
    times_scored = np.bincount(np.concatenate([call["score"] for call in calls_made]), minlength=len(y))
    if (times_scored != 1).any():
        raise Incorrect(f"every patient must be scored exactly once over the folds; in your loop "
                        f"{int((times_scored > 1).sum())} patients were scored more than once and "
                        f"{int((times_scored == 0).sum())} never.")
    for call in calls_made:
        if len(call["fit"]) != len(y) - len(call["score"]):
            raise Incorrect(f"a model trained on {len(call['fit'])} patients; it should train on every "
                            f"patient outside its fold ({len(y) - len(call['score'])} here).")
    cancers = [int(y[call["score"]].sum()) for call in calls_made]
    if max(cancers) - min(cancers) > 1:
        raise Incorrect(f"the folds are not stratified: they hold {sorted(cancers)} of the {int(y.sum())} "
                        "cancers. Use StratifiedKFold so that each fold has the same share of cancers.")


def _check_cv_loop(answer):
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    X, y = _cv_patients()
    watched = _WatchedModel(X, y)
    result = calls.call(answer, watched, X, y, shown="cross_validated_loss(fit_and_predict, X, y)")
    if isinstance(result, list | tuple | np.ndarray) and np.size(result) == N_FOLDS:
        raise Incorrect("your function returns one value per fold; return their mean, a single number.")
    value = as_number(result)
    _check_folds(watched.calls, y)
    losses = [cross_entropy(y[call["score"]], call["prob"]) for call in watched.calls]
    if np.isclose(value, np.sum(losses), rtol=1e-4):
        raise Incorrect("your function returns the sum of the folds' cross-entropies; return their mean.")
    if not np.isclose(value, np.mean(losses), rtol=1e-4):
        raise Incorrect(f"your function returns {value:.4f}, which is not the mean over the folds of "
                        "cross_entropy(y_score, prob) for the probabilities fit_and_predict returned.")


q4 = Question(
    "Question 4 (the cross-validation loop)",
    _check_cv_loop,
    hint="for fit_index, score_index in StratifiedKFold(n_splits=4, shuffle=True, random_state=0)"
         ".split(X, y): train on X[fit_index], y[fit_index], predict X[score_index], score with "
         "y[score_index]; keep the 4 losses and return their mean.",
    solution="def cross_validated_loss(fit_and_predict, X, y):\n"
             "    folds = StratifiedKFold(n_splits=4, shuffle=True, random_state=0)\n"
             "    losses = []\n"
             "    for fit_index, score_index in folds.split(X, y):\n"
             "        prob = fit_and_predict(X[fit_index], y[fit_index], X[score_index])\n"
             "        losses.append(cross_entropy(y[score_index], prob))\n"
             "    return float(np.mean(losses))",
    points=3,
)
