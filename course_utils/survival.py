"""Survival analysis machinery: the Cox loss in TensorFlow, concordance, survival curves.

Introduced in ``09_survival.ipynb``. A survival target is a pair per patient:
``time`` (days until the event or until follow-up ended) and ``event``
(1 = the event was observed, 0 = censored: we only know the patient was
event-free up to ``time``).
"""

import numpy as np
import pandas as pd

from course_utils import metrics


def _as_time_event(time, event) -> tuple[np.ndarray, np.ndarray]:
    """Validated 1-D float times and boolean events of equal length."""
    time = np.asarray(time, dtype=float).ravel()
    event = np.asarray(event).ravel()
    if time.shape != event.shape:
        raise ValueError(f"time has {time.size} values but event has {event.size}; "
                         "pass one of each per patient.")
    if not np.isin(event, (0, 1)).all():  # False and True compare equal to 0 and 1
        raise ValueError("event must hold only 0/1 (or False/True): 1 = event observed, 0 = censored.")
    if np.isnan(time).any() or (time < 0).any():
        raise ValueError("time must be non-negative numbers without NaN.")
    return time, event.astype(bool)


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

    Resamples without a comparable pair (no event before the resample's longest follow-up) are drawn
    again.

    Returns:
        ``(c_index, low, high)``.
    """
    time, event = _as_time_event(time, event)
    risk_score = np.asarray(risk_score, dtype=float).ravel()

    def has_comparable_pair(sample):
        return (event[sample] & (time[sample] < time[sample].max())).any()

    low, high = metrics.bootstrap_interval(
        lambda sample: concordance_index(time[sample], event[sample], risk_score[sample]),
        time.size, n_boot, level, seed, usable=has_comparable_pair,
    )
    return concordance_index(time, event, risk_score), low, high


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
    passed = np.searchsorted(baseline_hazard.index.to_numpy(), times, side="right")  # event times <= t
    hazard = np.r_[0.0, baseline_hazard.to_numpy()][passed]
    exp_risk = np.exp(np.asarray(risk_score, dtype=float).ravel())
    return np.exp(-exp_risk[:, None] * hazard[None, :])


def encode_features(X_train: pd.DataFrame, *others: pd.DataFrame, categorical) -> tuple:
    """Standardize the numeric columns and one-hot encode the categorical ones (first level dropped).

    The encoder learns means, scales and levels from ``X_train`` only, then transforms every part,
    so nothing about the validation or test patients leaks into the models.

    Args:
        X_train: the training patients' features.
        *others: further parts to transform the same way, e.g. ``X_val, X_test``.
        categorical: names of the columns holding categories; every other column is numeric.

    Returns:
        ``(encoder, parts)``: the fitted ``ColumnTransformer`` and a list of float32 arrays,
        ``X_train`` first, then ``others`` in order.
    """
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    missing = [column for column in categorical if column not in X_train.columns]
    if missing:
        raise ValueError(f"categorical columns {missing} are not in X_train; "
                         f"its columns are {list(X_train.columns)}.")
    numeric = [column for column in X_train.columns if column not in categorical]
    encoder = ColumnTransformer([
        ("numeric", StandardScaler(), numeric),
        ("categorical", OneHotEncoder(drop="first", sparse_output=False), list(categorical)),
    ], verbose_feature_names_out=False).fit(X_train)
    return encoder, [encoder.transform(part).astype("float32") for part in (X_train, *others)]


def fit_cox_network(model, Z_train, y_train: pd.DataFrame, validation_data=None, epochs: int = 60):
    """Train a network compiled with :func:`cox_loss`, all training patients in one batch.

    Each term of the partial likelihood compares a patient with everyone still at risk, so every
    gradient step sees the whole training set, in a fixed order. The targets are the ``time`` and
    ``event`` columns stacked as ``y_true``.

    Args:
        model: a Keras model with one log-risk output, compiled with :func:`cox_loss`.
        Z_train: the encoded training features.
        y_train: a DataFrame with columns ``time`` and ``event``.
        validation_data: ``(Z_val, y_val)`` scored after every epoch, or None.
        epochs: passes over the training data (one gradient step each).

    Returns:
        The ``History`` returned by ``model.fit``.
    """
    def time_event(y_part):
        if not {"time", "event"} <= set(getattr(y_part, "columns", ())):
            raise ValueError("survival targets must be DataFrames with columns 'time' and 'event' "
                             "(as returned by data.load_xy and data.split).")
        return y_part[["time", "event"]].to_numpy("float32")

    if validation_data is not None:
        Z_val, y_val = validation_data
        validation_data = (Z_val, time_event(y_val))
    return model.fit(Z_train, time_event(y_train), validation_data=validation_data,
                     batch_size=len(Z_train), epochs=epochs, shuffle=False, verbose=0)


def c_index_table(time, event, risk_scores: dict, n_boot: int = 500, seed: int = 42) -> pd.DataFrame:
    """Each model's C-index with its bootstrap interval, all models judged on the same resamples.

    Args:
        time, event: the held-out patients' follow-up.
        risk_scores: model name to its risk scores for those patients.
        n_boot, seed: passed to :func:`bootstrap_c_index`.

    Returns:
        One row per model (in the given order), columns ``estimate``, ``low``, ``high``.
    """
    rows = [bootstrap_c_index(time, event, risk, n_boot=n_boot, seed=seed) for risk in risk_scores.values()]
    return pd.DataFrame(rows, index=list(risk_scores), columns=["estimate", "low", "high"])


def stack_splits(X: pd.DataFrame, y: pd.DataFrame, categorical, seeds, val_size: float = 0.2,
                 test_size: float = 0.2):
    """Split a survival cohort once per seed, encode each split with its own training patients, stack.

    The survival counterpart of :func:`course_utils.replicas.stack_splits`, for training one Cox
    network per split at once (:func:`course_utils.replicas.replicated_network` with
    ``loss=replicas.summed_cox_loss``). Each split is made by :func:`course_utils.data.split`
    (stratified on ``event``) and encoded by :func:`encode_features`.

    Returns:
        A :class:`course_utils.replicas.StackedSplits`: ``X_train`` is ``(patients, K, features)``,
        ``y_train`` is ``(patients, K, 2)`` holding each split's ``[time, event]``, and likewise for
        validation and test.
    """
    from course_utils import data
    from course_utils.replicas import StackedSplits

    seeds = list(seeds)
    parts = {name: [] for name in ("X_train", "X_val", "X_test", "y_train", "y_val", "y_test")}
    for seed in seeds:
        X_train, X_val, X_test, y_train, y_val, y_test = data.split(X, y, val_size, test_size, seed=seed)
        _, encoded = encode_features(X_train, X_val, X_test, categorical=categorical)
        targets = [part[["time", "event"]].to_numpy("float32") for part in (y_train, y_val, y_test)]
        for name, value in zip(parts, [*encoded, *targets], strict=True):
            parts[name].append(value)
    return StackedSplits(seeds, **{name: np.stack(values, axis=1) for name, values in parts.items()})
