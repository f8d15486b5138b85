"""Every ex00 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import numpy as np
import pytest

from course_utils.exercises import ex00 as ex
from tests.exercises.exercise_cases import ExerciseContract

GOOD = {
    ex.q1: [569, 569.0, np.int64(569), np.array(569), "569", " 569 "],
    ex.q2: ["false negative", " False Negative", "FN", "false negatives", "a false negative",
            "missed cancer"],
}
BAD = {
    ex.q1: [212, 357, 30, 570, 568.5, math.nan, "569.0", "five hundred", None, [569], True],
    ex.q2: ["false positive", "FALSE POSITIVE ", "FP", "a false alarm", "neither", 1, None],
}
# A choice question may list its options; the number must never appear.
SECRETS = {ex.q1: ["569"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


@pytest.mark.parametrize("answer", ["false positive", "FALSE POSITIVE "])
def test_wrong_choice_explains_without_naming_the_answer(answer):
    message = ex.q2.judge(answer).message
    assert "false negative" not in message and "biopsy" in message and "screening" not in message


def test_typical_mistakes_get_specific_feedback():
    assert "malignant" in ex.q1.judge(212).message
    assert "features" in ex.q1.judge(30).message
