"""Every ex03 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import pytest

from course_utils.exercises import ex03 as ex
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED, ____


def good_converter(value, unit):
    unit = unit.strip().lower()
    if unit == "mg/dl":
        return float(value)
    if unit == "mmol/l":
        return float(value) * 18.016
    raise ValueError(unit)


def converter(factor=18.016, normalise=True, strict=True, nan_to_zero=False, returns=float):
    """A glucose converter with one typical mistake switched on."""
    def convert(value, unit):
        key = unit.strip().lower() if normalise else unit
        if nan_to_zero and math.isnan(value):
            return 0.0
        if key in ("mg/dl", "mg/dL"):
            return returns(value)
        if key in ("mmol/l", "mmol/L"):
            return returns(value * factor)
        if strict:
            raise ValueError(unit)
        return returns(value)
    return convert


def unfinished(value, unit):
    raise NotImplementedError()


GOOD = {
    ex.q1: [7.0 * 18.016, 126.11],
    ex.q2: [good_converter, converter()],
    ex.q4: ["train", " TRAIN "],
    ex.q3: ["MAR", "mar"],
    ex.q5: [3.125, 1000 / 320],
}
BAD = {
    ex.q1: [7.0 / 18.016, 126, 7.0, 1261.12, math.nan, "126.1", None],
    ex.q2: [converter(factor=18), converter(factor=1 / 18.016), converter(normalise=False),
            converter(strict=False), converter(nan_to_zero=True), converter(returns=str),
            lambda value, unit: None, "glucose_in_mg_dl", None],
    ex.q4: ["all", "validation", "test", "training set", 0, None],
    ex.q3: ["MCAR", "MNAR", "random", None],
    ex.q5: [6.25, 5.25, 0.16, 1000 / 1680, 0.0, "3.125"],
}
HIDDEN = {ex.q1: "126.1", ex.q5: "3.12"}


@pytest.mark.parametrize("question, answer", [(q, a) for q, answers in GOOD.items() for a in answers])
def test_known_good_answer_is_correct(question, answer):
    assert question.judge(answer).outcome == CORRECT


@pytest.mark.parametrize("question, answer", [(q, a) for q, answers in BAD.items() for a in answers])
def test_known_bad_answer_is_incorrect_without_revealing(question, answer):
    feedback = question.judge(answer)
    assert feedback.outcome == INCORRECT
    assert HIDDEN.get(question, "never shown") not in feedback.message


def test_typical_mistakes_get_specific_feedback():
    assert "divided" in ex.q1.judge(7.0 / 18.016).message
    assert "18.016" in ex.q1.judge(126).message
    assert "ignoring case" in ex.q2.judge(converter(normalise=False)).message
    assert "must raise ValueError" in ex.q2.judge(converter(strict=False)).message
    assert "NaN" in ex.q2.judge(converter(nan_to_zero=True)).message
    assert "single number" in ex.q2.judge(converter(returns=str)).message
    assert "leak" in ex.q4.judge("all").message
    assert "number of classes" in ex.q5.judge(6.25).message


@pytest.mark.parametrize("question", list(GOOD), ids=lambda q: q.name)
def test_placeholder_and_unwritten_function_are_not_attempted(question):
    assert question.judge(____).outcome == NOT_ATTEMPTED
    assert ex.q2.judge(unfinished).outcome == NOT_ATTEMPTED
    assert ex.q2.judge(lambda value, unit: ____).outcome == NOT_ATTEMPTED


@pytest.mark.parametrize("question", list(GOOD), ids=lambda q: q.name)
def test_hint_and_solution_are_given(question):
    assert len(repr(question.hint())) > 40
    assert "answer_" in repr(question.solution()) or "def glucose_in_mg_dl" in repr(question.solution())
