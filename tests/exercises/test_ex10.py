"""Every ex10 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np
import pytest

from course_utils import interpret
from course_utils.exercises import ex10 as ex
from tests.exercises.exercise_cases import ExerciseContract


def good_path(x, baseline, steps):
    alphas = np.linspace(0, 1, steps + 1)[:, None]
    return baseline + alphas * (x - baseline)


def path_without_endpoint(x, baseline, steps):
    alphas = np.linspace(0, 1, steps, endpoint=False)[:, None]
    return baseline + alphas * (x - baseline)


def reversed_path(x, baseline, steps):
    return good_path(x, baseline, steps)[::-1]


def in_place_path(x, baseline, steps):
    x -= baseline  # changes the caller's array: the checker's inputs must not change
    return baseline + np.linspace(0, 1, steps + 1)[:, None] * x


def loop_path(x, baseline, steps):
    return np.array([baseline + (k / steps) * (x - baseline) for k in range(steps + 1)])


GOOD = {
    ex.q1: [good_path, in_place_path, loop_path],
    ex.q2: ["B", "b)"],
    ex.q3: ["b", "(B)"],
    ex.q4: [interpret.PLANTED_FEATURE, f"  {interpret.PLANTED_FEATURE.upper()} "],
}
BAD = {
    ex.q1: [path_without_endpoint, reversed_path, "linspace",
            lambda x, b, s: x * np.linspace(0, 1, s + 1)[:, None], lambda x, b, s: [b, x]],
    ex.q2: ["a", "c", None],
    ex.q3: ["a", "c", "e"],
    ex.q4: ["worst_texture", "area_error", "scanner", 17],
}
SECRETS = {question: [interpret.PLANTED_FEATURE] for question in GOOD}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


@pytest.mark.parametrize("question, answer, expected_text", [
    (ex.q4, "worst_texture", "real measurements"),
    (ex.q4, "area_error", "real measurements"),
    (ex.q4, "scanner", "no feature"),
    (ex.q4, 17, "string"),
    (ex.q1, path_without_endpoint, "shape"),
    (ex.q1, reversed_path, "wrong values"),
    (ex.q1, "linspace", "function"),
    (ex.q3, "c", "noise"),
    (ex.q3, "e", "not an option"),
    (ex.q2, "a", "baseline"),
])
def test_typical_mistakes_get_specific_feedback(question, answer, expected_text):
    assert expected_text in question.judge(answer).message
