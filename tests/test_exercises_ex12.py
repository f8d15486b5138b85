"""Every ex12 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import json
import math

import pytest

from course_utils.exercises import ex12 as ex
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED, ____

TF_CONFIG = {"cluster": {"worker": ["node-a:12345", "node-b:12345"]}, "task": {"type": "worker", "index": 1}}


def with_task(**task):
    return {"cluster": TF_CONFIG["cluster"], "task": {"type": "worker", **task}}


def scaled_learning_rate(base_learning_rate, base_batch, new_batch):
    return base_learning_rate * new_batch / base_batch


def not_written(base_learning_rate, base_batch, new_batch):
    raise NotImplementedError()


GOOD = {
    ex.q1: [256 // 4, 64.0],
    ex.q2: [scaled_learning_rate],
    ex.q3: ["c", " C "],
    ex.q4: [TF_CONFIG, json.dumps(TF_CONFIG)],
}
BAD = {
    ex.q1: [1024, 256, 32, math.nan, "64", None],
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


def cases(table):
    return [pytest.param(question, answer, id=f"{question.name}-{i}")
            for question, answers in table.items() for i, answer in enumerate(answers)]


@pytest.mark.parametrize(("question", "answer"), cases(GOOD))
def test_good_answers_are_correct(question, answer):
    assert question.judge(answer).outcome == CORRECT


@pytest.mark.parametrize(("question", "answer"), cases(BAD))
def test_bad_answers_are_incorrect_without_giving_the_answer_away(question, answer):
    feedback = question.judge(answer)
    assert feedback.outcome == INCORRECT, feedback.message
    for secret in SECRETS[question]:
        assert secret not in feedback.message


@pytest.mark.parametrize("question", [ex.q1, ex.q2, ex.q3, ex.q4])
def test_the_placeholder_is_not_attempted(question):
    assert question.judge(____).outcome == NOT_ATTEMPTED


def test_an_unwritten_function_is_not_attempted():
    assert ex.q2.judge(not_written).outcome == NOT_ATTEMPTED


def test_inverted_scaling_gets_a_specific_message():
    assert "upside down" in ex.q2.judge(lambda lr, b, n: lr * b / n).message


def test_the_chief_index_gets_a_specific_message():
    assert "chief" in ex.q4.judge(with_task(index=0)).message


def test_the_reference_rule_matches_the_checker_cases():
    for args, expected in ex.SCALING_CASES:
        assert ex.linear_scaling_reference(*args) == pytest.approx(expected)
