"""Every ex12 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import json
import math

import numpy as np
import pytest

from course_utils.exercises import ex12 as ex
from tests.exercises.exercise_cases import ExerciseContract

TF_CONFIG = {"cluster": {"worker": ["node-a:12345", "node-b:12345"]}, "task": {"type": "worker", "index": 1}}


def with_task(**task):
    return {"cluster": TF_CONFIG["cluster"], "task": {"type": "worker", **task}}


def scaled_learning_rate(base_learning_rate, base_batch, new_batch):
    return base_learning_rate * new_batch / base_batch


GOOD = {
    ex.q1: [256 // 4, 64.0, "64", np.int64(64)],
    ex.q2: [scaled_learning_rate, lambda lr, b, n: lr * (n / b)],
    ex.q3: ["c", " C ", "(c)"],
    ex.q4: [TF_CONFIG, json.dumps(TF_CONFIG)],
}
BAD = {
    ex.q1: [1024, 256, 32, math.nan, "64 examples", None],
    ex.q2: [lambda lr, b, n: lr * b / n, lambda lr, b, n: lr, lambda lr, b, n: lr * n, 0.012, "lr"],
    ex.q3: ["a", "b", "d", "e", 3, None],
    ex.q4: [
        with_task(index=0),
        with_task(index=2),
        with_task(index=True),
        {"cluster": {"worker": ["node-a:12345"]}, "task": {"type": "worker", "index": 1}},
        {"cluster": {"worker": ["node-a:12345", "node-a:12345"]}, "task": {"type": "worker", "index": 1}},
        {"cluster": {"worker": ["node-a", "node-b"]}, "task": {"type": "worker", "index": 1}},
        {"cluster": TF_CONFIG["cluster"], "task": {"type": "chief", "index": 1}},
        {"cluster": TF_CONFIG["cluster"]},
        "{not json",
        ["node-a:12345", "node-b:12345"],
        None,
    ],
}
# What a message must never show: the expected value.
SECRETS = {ex.q1: ["64"], ex.q2: ["new_batch / base_batch", "* new_batch"], ex.q3: ["MultiWorker"],
           ex.q4: ['"index": 1', "'index': 1"]}



class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


def test_inverted_scaling_gets_a_specific_message():
    assert "upside down" in ex.q2.judge(lambda lr, b, n: lr * b / n).message


def test_the_chief_index_gets_a_specific_message():
    assert "chief" in ex.q4.judge(with_task(index=0)).message


def test_the_checker_cases_follow_the_linear_scaling_rule():
    for (base_learning_rate, base_batch, new_batch), expected in ex.SCALING_CASES:
        assert base_learning_rate * new_batch / base_batch == pytest.approx(expected, rel=1e-12)
