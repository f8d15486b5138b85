"""Every ex10 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np
import pytest

from course_utils import interpret
from course_utils.exercises import ex10 as ex
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED, ____


def good_path(x, baseline, steps):
    alphas = np.linspace(0, 1, steps + 1)[:, None]
    return baseline + alphas * (x - baseline)


def path_without_endpoint(x, baseline, steps):
    alphas = np.linspace(0, 1, steps, endpoint=False)[:, None]
    return baseline + alphas * (x - baseline)


def unwritten_path(x, baseline, steps):
    raise NotImplementedError()


def reversed_path(x, baseline, steps):
    return good_path(x, baseline, steps)[::-1]


@pytest.mark.parametrize("question, answer", [
    (ex.q4, interpret.PLANTED_FEATURE),
    (ex.q4, f"  {interpret.PLANTED_FEATURE.upper()} "),
    (ex.q1, good_path),
    (ex.q3, "b"),
    (ex.q2, "B"),
])
def test_known_good_answers_pass(question, answer):
    assert question.judge(answer).outcome == CORRECT


@pytest.mark.parametrize("question, answer, expected_text", [
    (ex.q4, "worst_texture", "real measurements"),
    (ex.q4, "area_error", "real measurements"),
    (ex.q4, "scanner", "no feature"),
    (ex.q4, 17, "string"),
    (ex.q1, path_without_endpoint, "shape"),
    (ex.q1, reversed_path, "wrong values"),
    (ex.q1, "linspace", "function"),
    (ex.q3, "a", None),
    (ex.q3, "c", "noise"),
    (ex.q3, "e", "not an option"),
    (ex.q2, "a", "baseline"),
    (ex.q2, "c", None),
    (ex.q2, None, None),
])
def test_known_bad_answers_are_incorrect(question, answer, expected_text):
    feedback = question.judge(answer)
    assert feedback.outcome == INCORRECT
    if expected_text:
        assert expected_text in feedback.message
    assert interpret.PLANTED_FEATURE not in feedback.message.lower()


def test_placeholder_is_not_attempted():
    assert ex.q4.judge(____).outcome == NOT_ATTEMPTED
    assert ex.q1.judge(unwritten_path).outcome == NOT_ATTEMPTED
