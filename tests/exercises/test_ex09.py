"""Every ex09 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import numpy as np

from course_utils.exercises import ex09 as ex
from tests.exercises.exercise_cases import ExerciseContract


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


GOOD = {
    ex.q1: ["b"],
    ex.q3: [3 / 4],
    ex.q4: [risk_set],
    ex.q2: [kaplan_meier],
    ex.q5: [(math.log(3) + math.log(2)) / 2],
}

BAD = {
    ex.q1: ["a", "c", "d", 2, None, "e"],
    ex.q3: [5 / 6, 0.25, 0.5, "0.75", float("nan"), None],
    ex.q4: [lambda t: np.asarray(t)[None, :] > np.asarray(t)[:, None],
            lambda t: risk_set(t).T, lambda t: np.ones((len(t), len(t)), bool), "risk_set", None],
    ex.q2: [km_dropping_censored, km_excluding_ties, lambda t, e: np.ones(3), lambda t, e: None, 7],
    ex.q5: [math.log(3), math.log(6), math.log(6) / 3, -0.9, "log 6 / 2"],
}

SECRETS = {ex.q3: ["0.75", "3/4"], ex.q5: ["0.896", "0.8959"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


def test_transposed_risk_set_gets_a_specific_message():
    assert "transposed" in ex.q4.judge(lambda t: risk_set(t).T).message
