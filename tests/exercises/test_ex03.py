"""Every ex03 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import math

import numpy as np

from course_utils.exercises import ex03 as ex
from course_utils.exercises.core import NOT_ATTEMPTED, ____
from course_utils.preprocessing import MG_PER_MMOL_GLUCOSE
from tests.exercises.exercise_cases import ExerciseContract


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


def table_converter(value, unit):
    factors = {"mg/dl": 1.0, "mmol/l": MG_PER_MMOL_GLUCOSE}
    key = unit.strip().lower()
    if key not in factors:
        raise ValueError(f"unknown unit {unit}")
    return np.float64(value) * factors[key]


def keyerror_converter(value, unit):
    return value * {"mg/dl": 1.0, "mmol/l": 18.016}[unit.strip().lower()]


def good_standardise(train, other):
    mean, sd = train.mean(axis=0), train.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    return (train - mean) / sd, (other - mean) / sd


def sklearn_standardise(train, other):
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(train)
    return [scaler.transform(train), scaler.transform(other)]


def standardiser(source="train", ddof=0, divide=True, guard=True, returns=tuple):
    """A scaling function with one typical mistake switched on."""
    def standardise(train, other):
        base = {"train": train, "other": other, "all": np.vstack([train, other])}[source]
        mean, sd = base.mean(axis=0), base.std(axis=0, ddof=ddof)
        if guard:
            sd = np.where(sd > 0, sd, 1.0)
        if not divide:
            sd = np.ones_like(sd)
        return returns([(train - mean) / sd, (other - mean) / sd])
    return standardise


def by_rows(train, other):
    """Standardises each patient's row instead of each column."""
    def rows(values):
        return (values - values.mean(axis=1, keepdims=True)) / values.std(axis=1, keepdims=True)
    return rows(train), rows(other)


def own_statistics(train, other):
    return good_standardise(train, train)[0], good_standardise(other, other)[0]


def in_place(train, other):
    """Scales its arguments in place (allowed: the checker passes copies) and returns them."""
    mean, sd = train.mean(axis=0), train.std(axis=0)
    sd[sd == 0] = 1.0
    other -= mean
    other /= sd
    train -= mean
    train /= sd
    return train, other


GOOD = {
    ex.q1: [7.0 * 18.016, 126.11, 126.1, np.float32(126.112), round(7 * 18.016, 1)],
    ex.q2: [good_converter, converter(), table_converter, converter(returns=np.array)],
    ex.q4: ["train", " TRAIN ", "training set", "Training", "the training set", "training patients"],
    ex.q3: ["MAR", "mar", "missing at random", "Missing At Random"],
    ex.q6: [3.125, 1000 / 320, 3.13, 3.12, np.float64(3.125)],
    ex.q5: [good_standardise, sklearn_standardise, standardiser(ddof=1), standardiser(returns=list),
            in_place],
}
BAD = {
    ex.q1: [7.0 / 18.016, 126, 7.0, 1261.12, math.nan, "126.1", None, 125.9],
    ex.q2: [converter(factor=18), converter(factor=1 / 18.016), converter(normalise=False),
            converter(strict=False), converter(nan_to_zero=True), converter(returns=str),
            lambda value, unit: None, keyerror_converter, "glucose_in_mg_dl", None],
    ex.q4: ["all", "validation", "test", "validation set", "all patients", 0, None],
    ex.q3: ["MCAR", "MNAR", "random", "missing completely at random", "not missing at random", None],
    ex.q6: [6.25, 5.25, 0.16, 1000 / 1680, 0.0, "3.125", 3.1, 3.14],
    ex.q5: [own_statistics, standardiser(source="all"), standardiser(source="other"),
            standardiser(divide=False), standardiser(guard=False), by_rows,
            lambda train, other: good_standardise(train, other)[1], lambda train, other: None,
            lambda train, other: (train, other), lambda train, other: ("a", "b"),
            lambda train, other: (good_standardise(train, other)[0], other[:1]), "standardise", None],
}
SECRETS = {ex.q1: ["126.1"], ex.q6: ["3.12"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


def test_converter_still_returning_the_placeholder_is_not_attempted():
    assert ex.q2.judge(lambda value, unit: ____).outcome == NOT_ATTEMPTED


def test_typical_mistakes_get_specific_feedback():
    assert "divided" in ex.q1.judge(7.0 / 18.016).message
    assert "18.016" in ex.q1.judge(126).message
    assert "ignoring case" in ex.q2.judge(converter(normalise=False)).message
    assert "must raise ValueError" in ex.q2.judge(converter(strict=False)).message
    assert "NaN" in ex.q2.judge(converter(nan_to_zero=True)).message
    assert "single number" in ex.q2.judge(converter(returns=str)).message
    assert "raised KeyError: 'mm'" in ex.q2.judge(keyerror_converter).message
    assert "glucose_in_mg_dl(5.5, 'mM')" in ex.q2.judge(keyerror_converter).message
    assert "leak" in ex.q4.judge("all").message
    assert "number of classes" in ex.q6.judge(6.25).message


def test_scaling_mistakes_are_named():
    assert "their own mean" in ex.q5.judge(own_statistics).message
    assert "leaked" in ex.q5.judge(standardiser(source="all")).message
    assert "from the other patients" in ex.q5.judge(standardiser(source="other")).message
    assert "not divided" in ex.q5.judge(standardiser(divide=False)).message
    assert "SD 0" in ex.q5.judge(standardiser(guard=False)).message
    assert "axis=0" in ex.q5.judge(by_rows).message
    assert "return two arrays" in ex.q5.judge(lambda train, other: train).message
    assert "other shapes" in ex.q5.judge(lambda train, other: (train, other[:1])).message
    assert "not right" in ex.q5.judge(lambda train, other: (train, other)).message


def test_scaling_function_still_unwritten_is_not_attempted():
    from tests.exercises.exercise_cases import unfinished

    assert ex.q5.judge(unfinished).outcome == NOT_ATTEMPTED


def test_mar_feedback_does_not_call_a_link_with_a_recorded_column_proof():
    message = ex.q3.judge("MNAR").message
    assert "could not rule that out" in message and "explains it" not in message
