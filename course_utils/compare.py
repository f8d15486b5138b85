"""Comparing two models scored on the same patients: paired intervals and one verdict wording.

Introduced in ``07_evaluating``; ``06_training`` and ``09_survival`` reuse it. Two models scored on
the same patients are compared by their **paired** difference and its interval, never by whether
two separate intervals overlap (the patients a model finds hard are hard for the other too).

- :func:`paired_bootstrap`: one test set, patients resampled, both models scored on the same
  resamples.
- :func:`repeated_splits` and :func:`over_splits`: K seeded splits with the course's protocol and
  the corrected resampled-t interval of Nadeau & Bengio (2003), with a win count.
- :func:`verdict`: the one sentence the course uses for every comparison, decided by the interval.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from course_utils import metrics


@dataclass(frozen=True)
class Metric:
    """A score of predictions for patients: its function and which direction is better."""

    name: str
    score: Callable  # score(y_true, prediction) -> float
    higher_is_better: bool
    usable: Callable | None = None  # usable(y_true) is False when the score is undefined


def _rmse(y_true, prediction) -> float:
    errors = np.asarray(y_true, float).ravel() - np.asarray(prediction, float).ravel()
    return float(np.sqrt(np.mean(errors**2)))


def _c_index(y_true: pd.DataFrame, risk) -> float:
    from course_utils.survival import concordance_index

    return concordance_index(y_true["time"], y_true["event"], risk)


def _has_comparable_pair(y_true: pd.DataFrame) -> bool:
    """True when some patient had the event while another was followed for longer."""
    time, event = np.asarray(y_true["time"], float), np.asarray(y_true["event"]).astype(bool)
    return bool((event & (time < time.max())).any())


def _mean_of_patient_terms(y_true, terms) -> float:
    """A score that is the mean of per-patient terms, e.g. ``survival_checks.integrated_brier_terms``."""
    return float(np.mean(terms))


METRICS = {
    "AUC": Metric("AUC", metrics.auc_score, True, usable=lambda y: np.ptp(np.asarray(y)) > 0),
    "C-index": Metric("C-index", _c_index, True, usable=lambda y: _has_comparable_pair(y)),
    "RMSE": Metric("RMSE", _rmse, False),
    "Brier": Metric("Brier", metrics.brier_score, False),
    # "prediction" = each patient's integrated Brier term (survival_checks.integrated_brier_terms)
    "integrated Brier score": Metric("integrated Brier score", _mean_of_patient_terms, False),
    "cross-entropy": Metric("cross-entropy", metrics.cross_entropy, False),  # 08_overfitting
}


@dataclass(frozen=True)
class Difference:
    """``model`` minus ``baseline`` in ``metric``, with its interval.

    ``n_patients`` is set for a paired bootstrap on one test set; ``n_splits`` and ``wins`` (splits
    where the model did better) for repeated splits.
    """

    model: str
    baseline: str
    metric: str
    higher_is_better: bool
    estimate: float
    low: float
    high: float
    level: float = 0.95
    n_patients: int | None = None
    n_splits: int | None = None
    wins: int | None = None

    @property
    def conclusive(self) -> bool:
        """True when the interval excludes zero: one model is detectably better."""
        return bool(self.low > 0 or self.high < 0)

    def verdict(self) -> str:
        """The course's one sentence for this comparison (see :func:`verdict`)."""
        return verdict(self)


def _metric(name: str) -> Metric:
    if name not in METRICS:
        raise ValueError(f"Unknown metric {name!r}; choose one of {', '.join(METRICS)}.")
    return METRICS[name]


def _take(values, index):
    return values.iloc[index] if isinstance(values, (pd.Series, pd.DataFrame)) else np.asarray(values)[index]


def paired_bootstrap(metric: str, y_true, model_prediction, baseline_prediction,
                     model: str = "the network", baseline: str = "the baseline",
                     n_resamples: int = 1000, level: float = 0.95, seed: int = 42) -> Difference:
    """The difference between two models scored on the same patients, with a paired bootstrap interval.

    Each resample draws patients with replacement and scores **both** models on it, so the interval
    reflects how much the difference, not each score, varies between samples of patients.

    Args:
        metric: ``"AUC"``, ``"C-index"`` (``y_true`` a DataFrame with ``time`` and ``event``),
            ``"RMSE"``, ``"Brier"`` or ``"integrated Brier score"`` (each prediction a patient's
            term from :func:`course_utils.survival_checks.integrated_brier_terms`).
        y_true: the patients' outcomes.
        model_prediction, baseline_prediction: each model's prediction for the same patients.
    """
    chosen = _metric(metric)
    n_patients = len(y_true)
    if len(model_prediction) != n_patients or len(baseline_prediction) != n_patients:
        raise ValueError(f"{n_patients} patients but {len(model_prediction)} and {len(baseline_prediction)} "
                         "predictions; score both models on the same patients.")

    def difference(index):
        truth = _take(y_true, index)
        return (chosen.score(truth, _take(model_prediction, index))
                - chosen.score(truth, _take(baseline_prediction, index)))

    usable = None if chosen.usable is None else (lambda index: chosen.usable(_take(y_true, index)))
    low, high = metrics.bootstrap_interval(difference, n_patients, n_resamples, level, seed, usable=usable)
    return Difference(model, baseline, metric, chosen.higher_is_better, difference(np.arange(n_patients)),
                      low, high, level, n_patients=n_patients)


def resampled_scores(metric: str, y_true, model_prediction, baseline_prediction, n_resamples: int = 1000,
                     seed: int = 42) -> np.ndarray:
    """Both models' scores on each bootstrap resample of the patients: an array ``(n_resamples, 2)``.

    The resamples are those :func:`paired_bootstrap` draws with the same ``seed`` (the figure in
    ``07_evaluating`` shows why the two columns must be compared pairwise).
    """
    chosen = _metric(metric)

    def both(index):
        truth = _take(y_true, index)
        return (chosen.score(truth, _take(model_prediction, index)),
                chosen.score(truth, _take(baseline_prediction, index)))

    usable = None if chosen.usable is None else (lambda index: chosen.usable(_take(y_true, index)))
    return metrics.bootstrap_values(both, len(y_true), n_resamples, seed, usable)


def corrected_t_interval(differences, test_to_train: float, level: float = 0.95
                         ) -> tuple[float, float, float]:
    """Mean of per-split differences with the corrected resampled-t interval (Nadeau & Bengio, 2003).

    Splits of one dataset share patients, so their differences are correlated and the plain t
    interval is too narrow; the correction inflates the variance from ``s²/K`` to
    ``(1/K + n_test/n_train) s²``.

    Args:
        differences: one model-minus-baseline difference per split (at least 2).
        test_to_train: test patients per training patient (0.2 / 0.6 for the course's 60/20/20).

    Returns:
        ``(mean, low, high)``.
    """
    from scipy import stats

    differences = np.asarray(differences, dtype=float).ravel()
    if differences.size < 2 or not np.isfinite(differences).all():
        raise ValueError(f"need at least 2 finite differences, got {differences.tolist()}.")
    if not 0 < level < 1 or test_to_train <= 0:
        raise ValueError(f"level must be in (0, 1) and test_to_train positive, got {level}, {test_to_train}.")
    k, mean = differences.size, float(differences.mean())
    half = stats.t.ppf((1 + level) / 2, k - 1) * math.sqrt((1 / k + test_to_train) * differences.var(ddof=1))
    return mean, mean - half, mean + half


def repeated_splits(X, y, fit_and_score: Mapping[str, Callable], n_splits: int = 20, first_seed: int = 0,
                    val_size: float = 0.2, test_size: float = 0.2) -> pd.DataFrame:
    """Score each model on ``n_splits`` seeded splits made with the course's protocol (:func:`data.split`).

    Args:
        fit_and_score: model name to ``f(X_train, X_val, X_test, y_train, y_val, y_test) -> score``,
            which fits on the training (and validation) patients and scores on the test patients.

    Returns:
        One row per split seed, one column per model.
    """
    from course_utils import data

    rows = {}
    for seed in range(first_seed, first_seed + n_splits):
        parts = data.split(X, y, val_size=val_size, test_size=test_size, seed=seed)
        rows[seed] = {name: float(fit(*parts)) for name, fit in fit_and_score.items()}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("split seed")


def over_splits(scores: pd.DataFrame, metric: str, model: str, baseline: str,
                test_to_train: float = 0.2 / 0.6, level: float = 0.95) -> Difference:
    """``model`` minus ``baseline`` over repeated splits (a table from :func:`repeated_splits`)."""
    chosen = _metric(metric)
    differences = scores[model] - scores[baseline]
    mean, low, high = corrected_t_interval(differences, test_to_train, level)
    better = differences > 0 if chosen.higher_is_better else differences < 0
    return Difference(model, baseline, metric, chosen.higher_is_better, mean, low, high, level,
                      n_splits=len(differences), wins=int(better.sum()))


def verdict(difference: Difference) -> str:
    """One sentence, decided by the interval, e.g.

    - "the network is better than logistic regression by 0.012 AUC (95% CI +0.004 to +0.020) ..."
    - "no difference detectable between the network and Cox with these 137 patients: +0.011 C-index
      (95% CI -0.014 to +0.036)".
    """
    d = difference
    interval = f"{d.level:.0%} CI {d.low:+.3f} to {d.high:+.3f}"
    evidence = f"with these {d.n_patients} patients" if d.n_splits is None else f"over {d.n_splits} splits"
    if d.conclusive:
        # the interval decides: a percentile interval can exclude zero on the other side of the estimate
        direction = "better" if (d.low > 0) == d.higher_is_better else "worse"
        sentence = (f"{d.model} is {direction} than {d.baseline} by {abs(d.estimate):.3f} {d.metric} "
                    f"({interval}, {evidence})")
    else:
        sentence = (f"no difference detectable between {d.model} and {d.baseline} {evidence}: "
                    f"{d.estimate:+.3f} {d.metric} ({interval})")
    if d.wins is not None:
        sentence += f"; {d.model} did better in {d.wins} of {d.n_splits} splits"
    return sentence
