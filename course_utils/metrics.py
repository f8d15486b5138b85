"""Clinical metrics: what a diagnosis model's numbers mean for patients.

Introduced in ``05_compiling.ipynb`` (sensitivity, specificity, PPV, NPV and how PPV depends on
prevalence) and ``07_evaluating.ipynb`` (bootstrap AUC intervals, Brier score, calibration,
threshold choice); ``06_training`` and ``08_overfitting`` reuse them.

Labels are 0/1 with 1 = disease present (e.g. malignant). A metric whose
denominator is empty (sensitivity when no patient has the disease) is NaN,
never a silent 0 or 1.
"""

import math

import numpy as np
import pandas as pd


def _as_labels(y_true, name: str = "y_true") -> np.ndarray:
    labels = np.asarray(y_true).ravel()
    if labels.size == 0:
        raise ValueError(f"{name} is empty: pass at least one patient's label.")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError(f"{name} must hold only 0 (no disease) and 1 (disease); "
                         f"found values {sorted(set(labels.tolist()) - {0, 1})[:5]}.")
    return labels.astype(int)


def _as_scores(y_score, n: int, name: str = "y_prob") -> np.ndarray:
    scores = np.asarray(y_score, dtype=float).ravel()
    if scores.size != n:
        raise ValueError(f"{name} has {scores.size} values but there are {n} labels: "
                         "pass one score per patient.")
    if not np.isfinite(scores).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    return scores


def cross_entropy_per_patient(y_true, y_prob, clip: float = 1e-7) -> np.ndarray:
    """Each patient's binary cross-entropy ``-[y log p + (1 - y) log(1 - p)]`` (natural log).

    Introduced in ``02_forward_backprop``; ``08``, ``10`` and ``11`` reuse it. Probabilities are
    clipped to ``[clip, 1 - clip]`` so a confident mistake costs a large, finite loss.
    """
    y_true = np.asarray(y_true, dtype=float).ravel()
    y_prob = np.clip(np.asarray(y_prob, dtype=float).ravel(), clip, 1 - clip)
    if y_true.shape != y_prob.shape:
        raise ValueError(f"{y_true.size} labels but {y_prob.size} probabilities; give one probability "
                         "per patient.")
    return -(y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob))


def cross_entropy(y_true, y_prob, clip: float = 1e-7) -> float:
    """The mean binary cross-entropy over patients (see :func:`cross_entropy_per_patient`)."""
    return float(np.mean(cross_entropy_per_patient(y_true, y_prob, clip)))


def confusion_counts(y_true, y_pred) -> dict[str, int]:
    """Counts of true/false positives and negatives.

    Args:
        y_true: true labels, 0/1.
        y_pred: predicted labels, 0/1 (threshold probabilities first).

    Returns:
        ``{"tp": ..., "fp": ..., "tn": ..., "fn": ...}``.
    """
    truth = _as_labels(y_true)
    predicted = _as_labels(y_pred, "y_pred")
    if truth.shape != predicted.shape:
        raise ValueError(f"y_true has {truth.size} labels but y_pred has {predicted.size}.")
    return {
        "tp": int(np.sum((truth == 1) & (predicted == 1))),
        "fp": int(np.sum((truth == 0) & (predicted == 1))),
        "tn": int(np.sum((truth == 0) & (predicted == 0))),
        "fn": int(np.sum((truth == 1) & (predicted == 0))),
    }


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else math.nan


def clinical_metrics(y_true, y_pred) -> dict[str, float]:
    """Sensitivity, specificity, PPV and NPV of hard predictions.

    - sensitivity = TP / (TP + FN): share of sick patients the test finds;
    - specificity = TN / (TN + FP): share of healthy patients it clears;
    - PPV = TP / (TP + FP): chance a positive result is truly disease;
    - NPV = TN / (TN + FN): chance a negative result is truly no disease.

    Each is NaN when its denominator is zero (e.g. sensitivity with no sick patient).
    """
    c = confusion_counts(y_true, y_pred)
    return {
        "sensitivity": _ratio(c["tp"], c["tp"] + c["fn"]),
        "specificity": _ratio(c["tn"], c["tn"] + c["fp"]),
        "ppv": _ratio(c["tp"], c["tp"] + c["fp"]),
        "npv": _ratio(c["tn"], c["tn"] + c["fn"]),
    }


def ppv_at_prevalence(sensitivity: float, specificity: float, prevalence: float) -> float:
    """Positive predictive value by Bayes' rule for a population's prevalence.

    The same test has a much lower PPV in screening (rare disease) than in a
    referral clinic (common disease).
    """
    _check_proportions(sensitivity=sensitivity, specificity=specificity, prevalence=prevalence)
    true_positive = sensitivity * prevalence
    false_positive = (1 - specificity) * (1 - prevalence)
    return _ratio(true_positive, true_positive + false_positive)


def _check_proportions(**values: float) -> None:
    for name, value in values.items():
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be a proportion between 0 and 1, got {value}.")


def npv_at_prevalence(sensitivity: float, specificity: float, prevalence: float) -> float:
    """Negative predictive value by Bayes' rule for a population's prevalence.

    Introduced in ``05_compiling`` beside :func:`ppv_at_prevalence`: the rarer the disease, the more
    a negative result reassures.
    """
    _check_proportions(sensitivity=sensitivity, specificity=specificity, prevalence=prevalence)
    true_negative = specificity * (1 - prevalence)
    false_negative = (1 - sensitivity) * prevalence
    return _ratio(true_negative, true_negative + false_negative)


def auc_score(y_true, y_score) -> float:
    """Area under the ROC curve (probability a sick patient scores above a healthy one)."""
    from sklearn.metrics import roc_auc_score

    truth = _as_labels(y_true)
    if truth.min() == truth.max():
        raise ValueError("AUC needs both sick and healthy patients; y_true has only one class.")
    return float(roc_auc_score(truth, _as_scores(y_score, truth.size, "y_score")))


def bootstrap_interval(
    statistic, n_patients: int, n_resamples: int = 1000, level: float = 0.95, seed: int = 42,
    usable=None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(index)`` over patients resampled with replacement.

    Introduced in ``07_evaluating`` (AUC) and reused in ``09_survival`` (C-index).

    Args:
        statistic: computes the metric on the patients at ``index`` (an integer array).
        n_patients: how many patients to resample from.
        usable: ``usable(index)`` is False for a resample the metric cannot be computed on
            (e.g. a single class); such resamples are drawn again.

    Returns:
        ``(low, high)``.
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}.")
    tail = (1 - level) / 2 * 100
    values = bootstrap_values(statistic, n_patients, n_resamples, seed, usable)
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def bootstrap_values(statistic, n_patients: int, n_resamples: int = 1000, seed: int = 42,
                     usable=None) -> np.ndarray:
    """``statistic(index)`` on each of ``n_resamples`` resamples of the patients (as in
    :func:`bootstrap_interval`). A statistic may return several numbers (e.g. two models' scores on
    the same resample); the result then has one row per resample.
    """
    if n_resamples < 10:
        raise ValueError(f"n_resamples={n_resamples} is too few for an interval; use >= 200.")
    rng = np.random.default_rng(seed)
    values = []
    while len(values) < n_resamples:
        index = rng.integers(0, n_patients, n_patients)
        if usable is None or usable(index):
            values.append(statistic(index))
    return np.asarray(values, dtype=float)


def bootstrap_auc_ci(
    y_true, y_score, n_resamples: int = 1000, level: float = 0.95, seed: int = 42
) -> tuple[float, float, float]:
    """AUC with a percentile bootstrap confidence interval (resampling patients).

    Resamples that happen to contain a single class are drawn again.

    Returns:
        ``(auc, low, high)``.
    """
    from sklearn.metrics import roc_auc_score

    truth = _as_labels(y_true)
    scores = _as_scores(y_score, truth.size, "y_score")
    estimate = auc_score(truth, scores)
    low, high = bootstrap_interval(
        lambda index: roc_auc_score(truth[index], scores[index]), truth.size, n_resamples, level, seed,
        usable=lambda index: truth[index].min() != truth[index].max(),
    )
    return estimate, low, high


def brier_score(y_true, y_prob) -> float:
    """Mean squared difference between predicted probability and outcome (lower is better)."""
    truth = _as_labels(y_true)
    probabilities = _as_scores(y_prob, truth.size)
    if (probabilities < 0).any() or (probabilities > 1).any():
        raise ValueError("y_prob must be probabilities between 0 and 1 (apply the sigmoid first).")
    return float(np.mean((probabilities - truth) ** 2))


def calibration_table(y_true, y_prob, n_bins: int = 5) -> pd.DataFrame:
    """Predicted versus observed risk in equal-width probability bins.

    Returns:
        One row per non-empty bin: ``mean_predicted``, ``observed_rate``, ``patients``.
        A well-calibrated model has ``observed_rate`` close to ``mean_predicted``.
    """
    truth = _as_labels(y_true)
    probabilities = _as_scores(y_prob, truth.size)
    brier_score(truth, probabilities)  # validates the range
    bins = np.minimum((probabilities * n_bins).astype(int), n_bins - 1)
    frame = pd.DataFrame({"bin": bins, "predicted": probabilities, "observed": truth})
    table = frame.groupby("bin").agg(mean_predicted=("predicted", "mean"),
                                     observed_rate=("observed", "mean"),
                                     patients=("observed", "size"))
    return table.reset_index(drop=True)


def threshold_for_sensitivity(y_true, y_score, target: float) -> float:
    """The highest threshold whose sensitivity (``score >= threshold``) reaches ``target``.

    A screening test wants high sensitivity (few missed cancers); the highest
    such threshold keeps false alarms as few as possible.
    """
    truth = _as_labels(y_true)
    scores = _as_scores(y_score, truth.size, "y_score")
    if not 0 < target <= 1:
        raise ValueError(f"target sensitivity must be in (0, 1], got {target}.")
    sick_scores = np.sort(scores[truth == 1])[::-1]
    if sick_scores.size == 0:
        raise ValueError("no patient has the disease (y_true == 1): sensitivity is undefined.")
    needed = math.ceil(target * sick_scores.size - 1e-9)
    return float(sick_scores[needed - 1])


def threshold_for_specificity(y_true, y_score, target: float) -> float:
    """The lowest threshold whose specificity (``score < threshold`` is negative) reaches ``target``.

    A confirmatory test wants high specificity (few healthy patients sent to
    surgery); the lowest such threshold keeps sensitivity as high as possible.
    """
    truth = _as_labels(y_true)
    scores = _as_scores(y_score, truth.size, "y_score")
    if not 0 < target <= 1:
        raise ValueError(f"target specificity must be in (0, 1], got {target}.")
    healthy_scores = np.sort(scores[truth == 0])
    if healthy_scores.size == 0:
        raise ValueError("no healthy patient (y_true == 0): specificity is undefined.")
    needed = math.ceil(target * healthy_scores.size - 1e-9)
    return float(np.nextafter(healthy_scores[needed - 1], np.inf))


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``successes / n`` (e.g. a sensitivity: cancers found / cancers).

    Introduced in ``07_evaluating``: with 42 cancers, one cancer moves sensitivity by 2.4 points, and
    the interval shows how little a small test set pins it down. Better than ``p ± z·SE`` near 0 or 1.
    """
    from scipy import stats

    if not 0 <= successes <= n or n < 1:
        raise ValueError(f"need 0 <= successes <= n and n >= 1, got successes={successes}, n={n}.")
    z = stats.norm.ppf((1 + level) / 2)
    share = successes / n
    centre = (share + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(share * (1 - share) / n + z**2 / (4 * n**2))
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def threshold_report(y_true, y_score, thresholds) -> pd.DataFrame:
    """Per threshold (one row each): missed cancers and false alarms as counts, sensitivity with its
    95% Wilson interval, specificity, PPV and NPV."""
    truth = _as_labels(y_true)
    scores = _as_scores(y_score, truth.size, "y_score")
    rows = []
    for t in thresholds:
        called = (scores >= t).astype(int)
        counts = confusion_counts(truth, called)
        low, high = (wilson_interval(counts["tp"], counts["tp"] + counts["fn"])
                     if counts["tp"] + counts["fn"] else (math.nan, math.nan))
        rows.append({"threshold": t, "missed cancers": counts["fn"], "false alarms": counts["fp"],
                     **clinical_metrics(truth, called),
                     "sensitivity 95% low": low, "sensitivity 95% high": high})
    return pd.DataFrame(rows)
