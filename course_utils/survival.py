"""Survival analysis machinery: the Cox loss in TensorFlow, concordance, survival curves.

Introduced in ``09_survival.ipynb``. A survival target is a pair per patient:
``time`` (days until the event or until follow-up ended) and ``event``
(1 = the event was observed, 0 = censored: we only know the patient was
event-free up to ``time``).
"""

import numpy as np
import pandas as pd


def _as_time_event(time, event) -> tuple[np.ndarray, np.ndarray]:
    """Validated 1-D float times and boolean events of equal length."""
    time = np.asarray(time, dtype=float).ravel()
    event = np.asarray(event).ravel()
    if time.shape != event.shape:
        raise ValueError(f"time has {time.size} values but event has {event.size}; "
                         "pass one of each per patient.")
    if not np.isin(event, (0, 1, True, False)).all():
        raise ValueError("event must hold only 0/1 (or False/True): 1 = event observed, 0 = censored.")
    if np.isnan(time).any() or (time < 0).any():
        raise ValueError("time must be non-negative numbers without NaN.")
    return time, event.astype(bool)


def risk_set_matrix(time) -> np.ndarray:
    """``R[i, j]`` is True when patient ``j`` is still at risk at patient ``i``'s time (``t_j >= t_i``)."""
    time = np.asarray(time, dtype=float).ravel()
    return time[None, :] >= time[:, None]


def cox_negative_log_likelihood(time, event, risk_score):
    """The Cox negative log partial likelihood (Breslow's ties), averaged over events.

    .. math::
        -\\frac{1}{d}\\sum_{i:\\,e_i=1}\\Big(h_i - \\log \\sum_{j:\\,t_j \\ge t_i} e^{h_j}\\Big)

    where ``h`` is the predicted log-risk and ``d`` the number of events.
    Patients who share an event time all see the same risk set (Breslow).
    Written with TensorFlow operations so gradients flow into ``risk_score``.

    Args:
        time: follow-up times, shape ``(n,)``.
        event: 1 when the event was observed, 0 when censored, shape ``(n,)``.
        risk_score: predicted log-risk ``h``, shape ``(n,)`` or ``(n, 1)``.

    Returns:
        A scalar tensor (0 when the batch has no event).
    """
    import tensorflow as tf

    risk_score = tf.reshape(tf.cast(risk_score, tf.float32), [-1])
    time = tf.reshape(tf.cast(time, tf.float32), [-1])
    event = tf.reshape(tf.cast(event, tf.float32), [-1])
    at_risk = time[tf.newaxis, :] >= time[:, tf.newaxis]
    masked = tf.where(at_risk, risk_score[tf.newaxis, :], tf.constant(-np.inf, tf.float32))
    log_risk_set = tf.reduce_logsumexp(masked, axis=1)
    n_events = tf.reduce_sum(event)
    total = -tf.reduce_sum(event * (risk_score - log_risk_set))
    return tf.math.divide_no_nan(total, n_events)


def cox_loss(y_true, y_pred):
    """Keras loss: ``y_true`` holds columns ``[time, event]``, ``y_pred`` the log-risk.

    Train with the whole training set as one batch (``batch_size=len(X_train)``):
    the partial likelihood compares each patient with everyone still at risk.
    """
    return cox_negative_log_likelihood(y_true[:, 0], y_true[:, 1], y_pred)


def concordance_index(time, event, risk_score) -> float:
    """Harrell's C-index: the share of comparable pairs the risk score orders correctly.

    A pair is comparable when the patient with the shorter time had the event;
    it is ordered correctly when that patient has the higher risk score (ties
    count one half). 0.5 is a coin toss, 1.0 is perfect ordering.
    """
    from sksurv.metrics import concordance_index_censored

    time, event = _as_time_event(time, event)
    risk_score = np.asarray(risk_score, dtype=float).ravel()
    if risk_score.shape != time.shape:
        raise ValueError(f"risk_score has {risk_score.size} values for {time.size} patients.")
    return float(concordance_index_censored(event, time, risk_score)[0])


def bootstrap_c_index(time, event, risk_score, n_boot: int = 500, level: float = 0.95, seed: int = 42):
    """The C-index with a percentile bootstrap interval (patients resampled with replacement).

    Returns:
        ``(c_index, low, high)``.
    """
    time, event = _as_time_event(time, event)
    risk_score = np.asarray(risk_score, dtype=float).ravel()
    rng = np.random.default_rng(seed)
    estimates = []
    for _ in range(n_boot):
        sample = rng.integers(0, time.size, time.size)
        if event[sample].any():
            estimates.append(concordance_index(time[sample], event[sample], risk_score[sample]))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(estimates, [tail, 100 - tail])
    return concordance_index(time, event, risk_score), float(low), float(high)


def breslow_baseline_hazard(time, event, risk_score) -> pd.Series:
    """Breslow's cumulative baseline hazard ``H0(t)`` at each distinct event time.

    .. math:: H_0(t) = \\sum_{t_i \\le t,\\, e_i=1} \\frac{1}{\\sum_{j:\\,t_j \\ge t_i} e^{h_j}}

    Args:
        time, event: the training patients' follow-up.
        risk_score: the fitted model's log-risk ``h`` for those patients.

    Returns:
        A Series indexed by event time.
    """
    time, event = _as_time_event(time, event)
    exp_risk = np.exp(np.asarray(risk_score, dtype=float).ravel())
    event_times = np.unique(time[event])
    deaths = np.array([np.sum(event & (time == t)) for t in event_times])
    at_risk = np.array([exp_risk[time >= t].sum() for t in event_times])
    return pd.Series(np.cumsum(deaths / at_risk), index=event_times, name="cumulative_baseline_hazard")


def predict_survival(baseline_hazard: pd.Series, risk_score, times) -> np.ndarray:
    """Survival curves ``S(t | x) = exp(-H0(t) e^{h(x)})`` evaluated at ``times``.

    Args:
        baseline_hazard: from :func:`breslow_baseline_hazard`.
        risk_score: log-risk of the patients to predict, shape ``(m,)``.
        times: where to evaluate the curves, shape ``(k,)``.

    Returns:
        Array of shape ``(m, k)``: one survival curve per patient.
    """
    times = np.asarray(times, dtype=float).ravel()
    position = np.searchsorted(baseline_hazard.index.to_numpy(), times, side="right") - 1
    hazard = np.where(position >= 0, baseline_hazard.to_numpy()[np.clip(position, 0, None)], 0.0)
    exp_risk = np.exp(np.asarray(risk_score, dtype=float).ravel())
    return np.exp(-exp_risk[:, None] * hazard[None, :])
