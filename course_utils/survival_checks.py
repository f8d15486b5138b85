"""Judging survival predictions beyond the C-index: calibration, the Brier score, the Cox assumption.

Introduced in ``09_survival``. The C-index judges only the ranking of patients. A clinician reading
"72% chance of being recurrence-free at 3 years" also needs that probability to come true
(:func:`calibration_at`), a score of the probabilities themselves (:func:`integrated_brier_terms`),
and, for the Cox model and the Cox-loss network alike, the proportional-hazards assumption checked
(:func:`schoenfeld_residuals`, :func:`proportional_hazards_test`). :func:`numbers_at_risk` gives the
table printed under Kaplan-Meier curves.
"""

import numpy as np
import pandas as pd
from scipy import stats

from course_utils.survival import _as_time_event


def _check_horizon(time: np.ndarray, horizon: float) -> None:
    if not 0 < horizon <= time.max():
        raise ValueError(f"horizon {horizon:g} is outside the follow-up (longest {time.max():g}): "
                         "choose a horizon inside it, where some patients are still followed.")


def kaplan_meier_at(time, event, horizon: float, level: float = 0.95) -> tuple[float, float, float]:
    """Kaplan-Meier share event-free at ``horizon`` with its log-log interval (Greenwood variance).

    Returns ``(estimate, low, high)``; NaN when the curve ends before ``horizon`` on a censored
    patient (nobody followed that long, and not everyone had the event).
    """
    time, event = _as_time_event(time, event)
    event_times = np.unique(time[event & (time <= horizon)])
    deaths = np.array([np.sum(event & (time == t)) for t in event_times])
    at_risk = np.array([np.sum(time >= t) for t in event_times])
    estimate = float(np.prod(1 - deaths / at_risk))
    if estimate > 0 and not (time >= horizon).any():
        return np.nan, np.nan, np.nan
    if estimate in (0.0, 1.0):
        return estimate, estimate, estimate
    greenwood = np.sum(deaths / (at_risk * (at_risk - deaths)))
    z = stats.norm.ppf(0.5 + level / 2)
    spread = z * np.sqrt(greenwood) / abs(np.log(estimate))
    low, high = np.exp(-np.exp(np.log(-np.log(estimate)) + np.array([spread, -spread])))
    return estimate, float(low), float(high)


def calibration_at(time, event, predicted_survival, horizon: float, n_groups: int = 3) -> pd.DataFrame:
    """Predicted against observed survival at ``horizon``, patients grouped by their prediction.

    Args:
        time, event: the patients' follow-up (test patients: the model never saw them).
        predicted_survival: each patient's predicted probability of being event-free at ``horizon``.
        n_groups: groups of about equal size, from the lowest predicted survival (highest risk).

    Returns:
        One row per group: patients, mean predicted survival, Kaplan-Meier observed survival with
        its 95% interval, and patients still followed at ``horizon``.
    """
    time, event = _as_time_event(time, event)
    predicted = np.asarray(predicted_survival, dtype=float).ravel()
    if predicted.size != time.size:
        raise ValueError(f"{time.size} patients but {predicted.size} predictions; pass one per patient.")
    _check_horizon(time, horizon)
    if not 1 <= n_groups <= time.size:
        raise ValueError(f"{n_groups} groups of {time.size} patients would leave a group empty: "
                         "ask for between 1 and as many groups as patients.")
    groups = pd.qcut(pd.Series(predicted).rank(method="first"), n_groups, labels=False).to_numpy()
    rows = []
    for group in range(n_groups):
        members = groups == group
        observed, low, high = kaplan_meier_at(time[members], event[members], horizon)
        rows.append({"patients": int(members.sum()), "predicted": float(predicted[members].mean()),
                     "observed": observed, "low": low, "high": high,
                     "followed_at_horizon": int(np.sum(time[members] >= horizon))})
    return pd.DataFrame(rows, index=pd.Index(range(1, n_groups + 1), name="risk group (1 = highest)"))


def integrated_brier_terms(train_time, train_event, test_time, test_event, survival, times) -> np.ndarray:
    """Each test patient's share of the integrated Brier score (Graf et al. 1999).

    At each time ``t`` a patient with the event by ``t`` adds ``S(t)^2 / G(T_i)``, one still followed
    adds ``(1 - S(t))^2 / G(t)``, one censored before ``t`` adds nothing, where ``G`` is the
    Kaplan-Meier curve of censoring in the **training** patients; the terms are integrated over
    ``times`` and divided by the time span. Their mean is scikit-survival's
    ``integrated_brier_score``, and since each term depends on one patient only, a paired bootstrap
    of two models resamples these terms (``compare.paired_bootstrap("integrated Brier score", ...)``).

    Args:
        survival: predicted survival of each test patient at ``times``, shape ``(n_test, len(times))``.
        times: increasing times inside the test patients' follow-up.
    """
    from sksurv.nonparametric import CensoringDistributionEstimator
    from sksurv.util import Surv

    train_time, train_event = _as_time_event(train_time, train_event)
    test_time, test_event = _as_time_event(test_time, test_event)
    times, survival = np.asarray(times, dtype=float), np.asarray(survival, dtype=float)
    if survival.shape != (test_time.size, times.size):
        raise ValueError(f"survival has shape {survival.shape}; expected (test patients, times) = "
                         f"{(test_time.size, times.size)}.")
    if times.size < 2 or (np.diff(times) <= 0).any() or times[0] < 0 or times[-1] >= test_time.max():
        raise ValueError("times must increase, start at 0 or later and end before the longest test "
                         f"follow-up ({test_time.max():g}); got {times.min():g} to {times.max():g}.")
    censoring = CensoringDistributionEstimator().fit(Surv.from_arrays(train_event, train_time))
    # G = 0 (followed past every training patient) gives weight 0, as in scikit-survival.
    at_own_time = np.where(g := censoring.predict_proba(test_time), g, np.inf)[:, None]
    at_t = np.where(g := censoring.predict_proba(times), g, np.inf)[None, :]
    had_event = (test_time[:, None] <= times[None, :]) & test_event[:, None]
    still_followed = test_time[:, None] > times[None, :]
    terms = (np.where(had_event, survival**2 / at_own_time, 0.0)
             + np.where(still_followed, (1 - survival) ** 2 / at_t, 0.0))
    return np.trapezoid(terms, times, axis=1) / (times[-1] - times[0])


def schoenfeld_residuals(time, event, features, coefficients) -> pd.DataFrame:
    """Schoenfeld residuals of a Cox model: at each event, the patient's features minus the
    risk-weighted mean features of everyone still at risk (Breslow's handling of ties).

    Under proportional hazards they scatter around zero at every time; a trend over time in a
    feature's residuals says its hazard ratio changes with time.

    Returns:
        One row per event (sorted by time), one column per feature, indexed by event time.
    """
    time, event = _as_time_event(time, event)
    Z = pd.DataFrame(features).reset_index(drop=True)
    if not event.any():
        raise ValueError("no events: Schoenfeld residuals exist only at event times.")
    if len(Z) != time.size:
        raise ValueError(f"{time.size} patients but {len(Z)} rows of features; pass one row per patient.")
    weights = np.exp(Z.to_numpy(float) @ np.asarray(coefficients, dtype=float))
    order = np.flatnonzero(event)[np.argsort(time[event], kind="stable")]
    rows = []
    for i in order:
        at_risk = time >= time[i]
        expected = weights[at_risk] @ Z.to_numpy(float)[at_risk] / weights[at_risk].sum()
        rows.append(Z.iloc[i].to_numpy(float) - expected)
    return pd.DataFrame(rows, columns=Z.columns, index=pd.Index(time[order], name="event time"))


def proportional_hazards_test(time, event, features, coefficients) -> pd.DataFrame:
    """For each feature, the correlation of its Schoenfeld residuals with the rank of event time
    and the p-value of "no correlation" (a small p-value: the hazard ratio drifts over time).

    Grambsch and Therneau (1994) scale the residuals first; this unscaled version asks the same
    question and is what their plots show.
    """
    residuals = schoenfeld_residuals(time, event, features, coefficients)
    ranks = stats.rankdata(residuals.index.to_numpy())
    rows = {name: stats.pearsonr(ranks, residuals[name].to_numpy()) for name in residuals.columns}
    return pd.DataFrame({"correlation with time": {name: float(r.statistic) for name, r in rows.items()},
                         "p-value": {name: float(r.pvalue) for name, r in rows.items()}})


def numbers_at_risk(time, groups, at_times) -> pd.DataFrame:
    """Patients still followed (time >= t) in each group at each of ``at_times``: the table printed
    under Kaplan-Meier curves, so that a reader sees where the curves rest on few patients."""
    time, groups = np.asarray(time, dtype=float).ravel(), np.asarray(groups).ravel()
    return pd.DataFrame({t: {group: int(np.sum(time[groups == group] >= t)) for group in sorted(set(groups))}
                         for t in at_times}).rename_axis(index="group", columns="day")
