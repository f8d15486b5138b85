"""Explaining a diagnosis model: permutation importance, gradient attributions, partial dependence.

Introduced in ``10_interpretability.ipynb``. ``predict_proba`` arguments are functions that map a
2-D float array of (standardized) features to one probability per row; gradient methods take a
Keras model with one sigmoid output. :func:`add_site_artefact` plants the spurious feature the
notebook's exercise asks the learner to find.
"""

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from course_utils.metrics import cross_entropy

PLANTED_FEATURE = "mean_brightness"
PLANTED_POSITION = 17
PredictProba = Callable[[np.ndarray], np.ndarray]


def permutation_importance(
    predict_proba: PredictProba,
    X: pd.DataFrame,
    y: Sequence[int],
    n_repeats: int = 10,
    groups: Mapping[str, Sequence[str]] | None = None,
    score: Callable[[np.ndarray, np.ndarray], float] | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """How much the score drops when a feature's values are shuffled across patients.

    Shuffling breaks the link between the feature and the outcome while keeping its distribution;
    repeating the shuffle gives the uncertainty of the estimate.

    Args:
        predict_proba: model as a function of a feature array.
        X: held-out features, one column per feature.
        y: held-out 0/1 labels.
        n_repeats: shuffles per feature (at least 2, for a standard deviation).
        groups: name -> columns shuffled together with the same permutation (for correlated
            features); default: every column on its own.
        score: ``score(y_true, y_prob)``, higher is better; default :func:`negative_cross_entropy`
            (importance = increase in cross-entropy), which stays sensitive when the AUC is near 1.
        seed: seed for the shuffles.

    Returns:
        One row per feature or group: ``feature``, ``importance_mean``, ``importance_std``, most
        important first; ``.attrs["baseline_score"]`` holds the unshuffled score.
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError(f"X must be a pandas DataFrame with feature names, got {type(X).__name__}")
    if n_repeats < 2:
        raise ValueError(f"n_repeats must be at least 2 to estimate the spread, got {n_repeats}")
    y = np.asarray(y)
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    groups = dict(groups) if groups is not None else {name: [name] for name in X.columns}
    unknown = sorted({column for columns in groups.values() for column in columns} - set(X.columns))
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; X has columns like {list(X.columns[:3])}")
    score = score or negative_cross_entropy
    values = X.to_numpy(dtype=float)
    baseline_score = float(score(y, np.ravel(predict_proba(values))))
    positions = [[X.columns.get_loc(column) for column in columns] for columns in groups.values()]
    rng = np.random.default_rng(seed)
    drops = np.empty((len(groups), n_repeats))
    for repeat in range(n_repeats):
        shuffled_copies = [_shuffle_columns(values, columns, rng) for columns in positions]
        predictions = np.ravel(predict_proba(np.vstack(shuffled_copies))).reshape(len(groups), len(values))
        drops[:, repeat] = [baseline_score - score(y, prediction) for prediction in predictions]
    table = pd.DataFrame({"feature": list(groups), "importance_mean": drops.mean(axis=1),
                          "importance_std": drops.std(axis=1, ddof=1)})
    table = table.sort_values("importance_mean", ascending=False, ignore_index=True)
    table.attrs["baseline_score"] = baseline_score
    return table


def negative_cross_entropy(y_true: Sequence[int], y_prob: np.ndarray) -> float:
    """Minus the mean binary cross-entropy (higher is better), probabilities clipped to [1e-7, 1 - 1e-7]."""
    return -cross_entropy(y_true, y_prob)


def _shuffle_columns(values: np.ndarray, columns: list[int], rng: np.random.Generator) -> np.ndarray:
    shuffled = values.copy()
    shuffled[:, columns] = values[rng.permutation(len(values))][:, columns]
    return shuffled


def input_gradients(model, X: np.ndarray) -> np.ndarray:
    """The gradient of the model's output probability with respect to each input, per row.

    Computed with ``tf.GradientTape``; ``X`` is ``(n, n_features)``, the result has the same shape.
    """
    import tensorflow as tf

    inputs = tf.constant(_as_matrix(X), dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        probability = model(inputs, training=False)[:, 0]
    return tape.gradient(probability, inputs).numpy().astype(float)


def saliency(model, X: np.ndarray) -> np.ndarray:
    """Vanilla saliency: the absolute input gradient, how sensitive the prediction is to each input."""
    return np.abs(input_gradients(model, X))


def interpolation_path(x: np.ndarray, baseline: np.ndarray, steps: int) -> np.ndarray:
    """``steps + 1`` points on the straight line from ``baseline`` (first row) to ``x`` (last row)."""
    x, baseline = np.asarray(x, dtype=float), np.asarray(baseline, dtype=float)
    if x.shape != baseline.shape or x.ndim != 1:
        raise ValueError(f"x and baseline must be 1-D of the same length, got {x.shape} and {baseline.shape}")
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    alphas = np.linspace(0.0, 1.0, steps + 1)[:, None]
    return baseline + alphas * (x - baseline)


def integrated_gradients(
    model, X: np.ndarray, baseline: np.ndarray | None = None, steps: int = 64
) -> np.ndarray:
    """Integrated gradients (Sundararajan et al., 2017) for each row of ``X``.

    ``(x - baseline)`` times the average gradient along the straight path from the baseline to
    ``x`` (trapezoid rule). The attributions of a row sum to ``f(x) - f(baseline)`` up to the
    integration error ("completeness").

    Args:
        model: Keras model with one sigmoid output.
        X: ``(n, n_features)`` inputs.
        baseline: reference input; default all zeros (the average patient, for standardized data).
        steps: integration steps.
    """
    X = _as_matrix(X)
    baseline = np.zeros(X.shape[1]) if baseline is None else np.asarray(baseline)
    paths = np.vstack([interpolation_path(row, baseline, steps) for row in X])
    gradients = input_gradients(model, paths).reshape(len(X), steps + 1, X.shape[1])
    average_gradient = ((gradients[:, :-1] + gradients[:, 1:]) / 2).mean(axis=1)
    return (X - baseline) * average_gradient


def partial_dependence(
    predict_proba: PredictProba, X: pd.DataFrame, feature: str, n_points: int = 20
) -> tuple[np.ndarray, np.ndarray]:
    """The average prediction when every patient's ``feature`` is set to each grid value.

    The grid spans the feature's 5th to 95th percentile in ``X``.

    Returns:
        ``(grid, mean_prediction)``.
    """
    if feature not in X.columns:
        raise ValueError(f"unknown feature {feature!r}; X has columns like {list(X.columns[:3])}")
    values = X.to_numpy(dtype=float)
    column = X.columns.get_loc(feature)
    grid = np.quantile(values[:, column], np.linspace(0.05, 0.95, n_points))
    copies = np.repeat(values[None], len(grid), axis=0)
    copies[:, :, column] = grid[:, None]
    predictions = np.ravel(predict_proba(copies.reshape(-1, values.shape[1]))).reshape(len(grid), len(values))
    return grid, predictions.mean(axis=1)


def add_site_artefact(X: pd.DataFrame, y: Sequence[int], leak: float, seed: int = 0) -> pd.DataFrame:
    """A copy of ``X`` with a planted image-brightness column that depends on the scanning site.

    Simulates an acquisition artefact: site B's scanner makes brighter images. With probability
    ``leak`` a patient was scanned at site B if malignant and at site A if benign (referral
    patterns), otherwise at the other site; ``leak=0.5`` makes brightness unrelated to the diagnosis.
    The column is inserted at position :data:`PLANTED_POSITION` and named :data:`PLANTED_FEATURE`.
    """
    if not 0 <= leak <= 1:
        raise ValueError(f"leak is a probability between 0 and 1, got {leak}")
    y = np.asarray(y).astype(int)
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    rng = np.random.default_rng(seed)
    site_b = np.where(rng.random(len(y)) < leak, y, 1 - y)
    brightness = 100.0 + 12.0 * site_b + rng.normal(0.0, 3.0, len(y))
    with_artefact = X.copy()
    with_artefact.insert(min(PLANTED_POSITION, X.shape[1]), PLANTED_FEATURE, brightness.round(1))
    return with_artefact


def _as_matrix(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (patients x features), got shape {X.shape}")
    return X
