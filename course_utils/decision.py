"""Clinical decisions from predicted risks: net benefit, decision curves and a change of prevalence.

Introduced in ``07_evaluating``. A threshold probability ``pt`` states a harm ratio: calling a patient
positive when her risk is at least ``pt`` is right when a missed cancer is judged ``(1 - pt) / pt``
times as harmful as a false alarm. Net benefit (Vickers & Elkin 2006) counts the true positives per
patient and charges each false positive at that exchange rate:

    net benefit(pt) = TP / n - FP / n * pt / (1 - pt).

A model is clinically useful at ``pt`` when its net benefit beats both default strategies, *treat all*
(everyone positive) and *treat none* (net benefit 0).

Probabilities learnt where a fraction ``pi`` of patients are sick overstate the risk where the disease is
rarer; :func:`prevalence_shift` moves them to a new prevalence ``pi'`` by Bayes' rule on the odds,
``odds' = odds * [pi' / (1 - pi')] / [pi / (1 - pi)]`` (valid when the patients of each class look the
same in both settings), and :func:`prevalence_weights` reweights a test set to represent that setting.
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd

from course_utils import metrics
from course_utils.compare import Difference


def _proportion(value, name: str) -> float:
    value = float(value)
    if not 0 < value < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value:g}.")
    return value


def _thresholds(thresholds) -> np.ndarray:
    values = np.atleast_1d(np.asarray(thresholds, dtype=float))
    if values.ndim != 1 or values.size == 0:
        raise ValueError("thresholds must be one number or a non-empty list of numbers.")
    if not ((values > 0) & (values < 1)).all():
        raise ValueError("threshold probabilities must lie strictly between 0 and 1 (at 0 every patient "
                         f"is positive, at 1 a false alarm costs infinitely much); got {values.tolist()}.")
    return values


def _weights(weights, n: int) -> np.ndarray:
    if weights is None:
        return np.ones(n)
    values = np.asarray(weights, dtype=float).ravel()
    if values.size != n or not np.isfinite(values).all() or (values < 0).any() or values.sum() == 0:
        raise ValueError(f"weights must be {n} finite, non-negative numbers (one per patient), not all 0.")
    return values


def threshold_from_harms(missed_cancer: float, false_alarm: float) -> float:
    """The threshold probability ``pt = false_alarm / (false_alarm + missed_cancer)`` for two harms.

    A patient should be called positive when ``p * missed_cancer >= (1 - p) * false_alarm``: her risk
    times the harm of missing her disease outweighs the chance she is healthy times the harm of a
    false alarm. Only the ratio of the two harms matters.
    """
    harms = np.array([missed_cancer, false_alarm], dtype=float)
    if not (np.isfinite(harms).all() and (harms > 0).all()):
        raise ValueError(f"both harms must be positive numbers, got {missed_cancer!r} and {false_alarm!r}.")
    return float(false_alarm / (false_alarm + missed_cancer))


def net_benefit(y_true, y_prob, thresholds, weights=None) -> np.ndarray:
    """Net benefit ``TP/n - FP/n * pt/(1 - pt)`` at each threshold ``pt``, calling ``y_prob >= pt`` positive.

    Args:
        y_true: 0/1 outcomes.
        y_prob: predicted risks (or any score on the probability scale), one per patient.
        thresholds: threshold probabilities, each strictly between 0 and 1.
        weights: optional patient weights (e.g. :func:`prevalence_weights`); counts become weighted sums.

    Returns:
        One net benefit per threshold, in true positives per patient.
    """
    truth = metrics._as_labels(y_true)
    scores = metrics._as_scores(y_prob, truth.size)
    cut = _thresholds(thresholds)
    weight = _weights(weights, truth.size)
    positive = scores[None, :] >= cut[:, None]
    true_positive = (positive & (truth == 1)) @ weight / weight.sum()
    false_positive = (positive & (truth == 0)) @ weight / weight.sum()
    return true_positive - false_positive * cut / (1 - cut)


def decision_curve(y_true, probabilities: Mapping[str, object], thresholds, weights=None) -> pd.DataFrame:
    """Net benefit of each model and of the two default strategies over threshold probabilities.

    Args:
        probabilities: model name -> predicted risks for the same patients.

    Returns:
        Indexed by threshold probability; one column per model, then ``"treat all"`` and ``"treat none"``.
    """
    truth = metrics._as_labels(y_true)
    cut = _thresholds(thresholds)
    table = {name: net_benefit(truth, prob, cut, weights) for name, prob in probabilities.items()}
    table["treat all"] = net_benefit(truth, np.ones(truth.size), cut, weights)
    table["treat none"] = np.zeros(cut.size)
    return pd.DataFrame(table, index=pd.Index(cut, name="threshold probability"))


def net_benefit_interval(y_true, y_prob, threshold: float, weights=None, n_resamples: int = 1000,
                         level: float = 0.95, seed: int = 42) -> tuple[float, float, float]:
    """Net benefit at one threshold with a percentile bootstrap interval (patients, and their weights,
    resampled).

    Returns:
        ``(net benefit, low, high)``.
    """
    truth = metrics._as_labels(y_true)
    scores = metrics._as_scores(y_prob, truth.size)
    weight = _weights(weights, truth.size)
    estimate = float(net_benefit(truth, scores, threshold, weight)[0])

    def resampled(index):
        return net_benefit(truth[index], scores[index], threshold, weight[index])[0]

    low, high = metrics.bootstrap_interval(resampled, truth.size, n_resamples, level, seed)
    return estimate, low, high


def net_benefit_difference(y_true, y_prob, threshold: float, baseline_prob=None, weights=None,
                           model: str = "the network", baseline: str = "treat all", n_resamples: int = 1000,
                           level: float = 0.95, seed: int = 42) -> Difference:
    """Net benefit of a model minus a baseline's on the same resampled patients, as a paired
    :class:`~course_utils.compare.Difference` (worded by its ``verdict()``).

    Args:
        baseline_prob: the baseline's risks; ``None`` compares with *treat all*.
        weights: optional patient weights, resampled with their patients.
    """
    truth = metrics._as_labels(y_true)
    scores = metrics._as_scores(y_prob, truth.size)
    other = np.ones(truth.size) if baseline_prob is None else metrics._as_scores(baseline_prob, truth.size)
    weight = _weights(weights, truth.size)

    def difference(index):
        return (net_benefit(truth[index], scores[index], threshold, weight[index])[0]
                - net_benefit(truth[index], other[index], threshold, weight[index])[0])

    low, high = metrics.bootstrap_interval(difference, truth.size, n_resamples, level, seed)
    return Difference(model=model, baseline=baseline, metric=f"net benefit at a threshold of {threshold:g}",
                      higher_is_better=True, estimate=float(difference(np.arange(truth.size))), low=low,
                      high=high, level=level, n_patients=truth.size)


def prevalence_shift(y_prob, from_prevalence: float, to_prevalence: float) -> np.ndarray:
    """Risks learnt at ``from_prevalence`` moved to ``to_prevalence`` (prior-shift correction of the odds).

    ``odds' = odds * [to / (1 - to)] / [from / (1 - from)]``: a risk of 0 or 1 stays 0 or 1.
    """
    start = _proportion(from_prevalence, "from_prevalence")
    target = _proportion(to_prevalence, "to_prevalence")
    prob = np.asarray(y_prob, dtype=float)
    if not np.isfinite(prob).all() or (prob < 0).any() or (prob > 1).any():
        raise ValueError("y_prob must be probabilities between 0 and 1.")
    ratio = (target / (1 - target)) / (start / (1 - start))
    return prob * ratio / (prob * ratio + 1 - prob)


def prevalence_weights(y_true, prevalence: float) -> np.ndarray:
    """Patient weights (mean 1) under which a share ``prevalence`` of the weight is on the sick patients.

    Reweighting a test set this way represents a population with the same patients per class but a
    different mix, e.g. screening instead of a referral clinic.
    """
    truth = metrics._as_labels(y_true)
    target = _proportion(prevalence, "prevalence")
    sick = truth.mean()
    if sick in (0, 1):
        raise ValueError("reweighting to a prevalence needs both sick and healthy patients in y_true.")
    return np.where(truth == 1, target / sick, (1 - target) / (1 - sick))
