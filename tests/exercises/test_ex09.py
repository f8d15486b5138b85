"""Every ex09 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import numpy as np

from course_utils import environment

environment.quiet_tensorflow()
import tensorflow as tf  # noqa: E402

from course_utils.exercises import ex09 as ex  # noqa: E402
from tests.exercises.exercise_cases import ExerciseContract  # noqa: E402


def risk_set(time):
    time = np.asarray(time, dtype=float)
    return time[None, :] >= time[:, None]


def kaplan_meier(time, event):
    time, event = np.asarray(time, dtype=float), np.asarray(event).astype(bool)
    event_times = np.unique(time[event])
    return np.cumprod([1 - np.sum(event & (time == t)) / np.sum(time >= t) for t in event_times])


def km_dropping_censored(time, event):
    event = np.asarray(event).astype(bool)
    return kaplan_meier(np.asarray(time)[event], np.ones(event.sum()))


def km_excluding_ties(time, event):
    time, event = np.asarray(time, dtype=float), np.asarray(event).astype(bool)
    event_times = np.unique(time[event])
    return np.cumprod([1 - np.sum(event & (time == t)) / max(np.sum(time > t), 1) for t in event_times])


def km_with_logs(time, event):
    """Kaplan-Meier through logarithms: log(0) warns (a RuntimeWarning on stderr) when survival reaches 0."""
    time, event = np.asarray(time, dtype=float), np.asarray(event).astype(bool)
    event_times = np.unique(time[event])
    factors = np.array([1 - np.sum(event & (time == t)) / np.sum(time >= t) for t in event_times])
    return np.exp(np.cumsum(np.log(factors)))


def risk_set_loops(time):
    return [[int(t_j >= t_i) for t_j in time] for t_i in time]


GOOD = {
    ex.q1: ["b", "B)"],
    ex.q3: [3 / 4, 0.75, np.float64(0.75), np.array(0.75)],
    ex.q4: [risk_set, risk_set_loops],
    ex.q2: [kaplan_meier, km_with_logs],
    ex.q5: [(math.log(3) + math.log(2)) / 2, math.log(6) / 2, 0.896, 0.895, tf.constant(math.log(6) / 2),
            np.float32(math.log(6) / 2)],
}

BAD = {
    ex.q1: ["a", "c", "d", 2, None, "e"],
    ex.q3: [5 / 6, 0.25, 0.5, "0.75", float("nan"), None, 0.7],
    ex.q4: [lambda t: np.asarray(t)[None, :] > np.asarray(t)[:, None],
            lambda t: risk_set(t).T, lambda t: np.ones((len(t), len(t)), bool), "risk_set", None],
    ex.q2: [km_dropping_censored, km_excluding_ties, lambda t, e: np.ones(3), lambda t, e: None, 7],
    ex.q5: [math.log(3), math.log(6), math.log(6) / 3, -0.9, "log 6 / 2", 0.9, 0.89],
}

SECRETS = {ex.q3: ["0.75", "3/4"], ex.q5: ["0.896", "0.8959"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


def test_transposed_risk_set_gets_a_specific_message():
    assert "transposed" in ex.q4.judge(lambda t: risk_set(t).T).message
