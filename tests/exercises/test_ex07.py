"""Every ex07 checker accepts the known-good answer and rejects known-bad ones without revealing it."""

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix

from course_utils import decision
from course_utils.exercises import ex07 as ex
from tests.exercises.exercise_cases import ExerciseContract


def sensitivity_specificity(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    sick, healthy = np.sum(y_true == 1), np.sum(y_true == 0)
    tp = np.sum((y_true == 1) & (y_pred == 1))
    tn = np.sum((y_true == 0) & (y_pred == 0))
    return (tp / sick if sick else float("nan"), tn / healthy if healthy else float("nan"))


def swapped(y_true, y_pred):
    return sensitivity_specificity(y_true, y_pred)[::-1]


def zero_when_empty(y_true, y_pred):
    sensitivity, specificity = sensitivity_specificity(y_true, y_pred)
    return (0.0 if np.isnan(sensitivity) else sensitivity, 0.0 if np.isnan(specificity) else specificity)


def divides_blindly(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true).tolist(), np.asarray(y_pred).tolist()
    tp = sum(t == 1 and p == 1 for t, p in zip(y_true, y_pred, strict=True))
    tn = sum(t == 0 and p == 0 for t, p in zip(y_true, y_pred, strict=True))
    return tp / y_true.count(1), tn / y_true.count(0)


def precision_instead(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((y_true == 1) & (y_pred == 1))
    return tp / max(np.sum(y_pred == 1), 1), sensitivity_specificity(y_true, y_pred)[1]


def unpacks_the_confusion_matrix(y_true, y_pred):
    """Crashes when every patient has the same label: the matrix is then 1 x 1."""
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred).ravel()
    return (tp / (tp + fn) if tp + fn else float("nan"), tn / (tn + fp) if tn + fp else float("nan"))


def with_confusion_matrix(y_true, y_pred):
    tn, fp, fn, tp = confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return [tp / (tp + fn) if tp + fn else np.nan, tn / (tn + fp) if tn + fp else np.nan]


def numpy_divides(y_true, y_pred):
    """Lets NumPy divide 0 by 0 (a RuntimeWarning and NaN, which is right)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    tp, tn = np.sum((y_true == 1) & (y_pred == 1)), np.sum((y_true == 0) & (y_pred == 0))
    return tp / np.sum(y_true == 1), tn / np.sum(y_true == 0)


def net_benefit(y_true, y_prob, threshold):
    y_true, positive = np.asarray(y_true), np.asarray(y_prob) >= threshold
    tp, fp = np.sum(positive & (y_true == 1)), np.sum(positive & (y_true == 0))
    return tp / len(y_true) - fp / len(y_true) * threshold / (1 - threshold)


def net_benefit_from_the_course(y_true, y_prob, threshold):
    return decision.net_benefit(y_true, y_prob, [threshold])  # a one-element array


def net_benefit_with_a_loop(y_true, y_prob, threshold):
    total = 0.0
    for truth, prob in zip(y_true.tolist(), y_prob.tolist(), strict=True):
        if prob >= threshold:
            total += 1 if truth == 1 else -threshold / (1 - threshold)
    return total / len(y_true)


def strictly_above(y_true, y_prob, threshold):
    return net_benefit(y_true, np.where(np.asarray(y_prob) == threshold, 0.0, y_prob), threshold)


def charges_pt(y_true, y_prob, threshold):
    y_true, positive = np.asarray(y_true), np.asarray(y_prob) >= threshold
    return (np.sum(positive & (y_true == 1)) - np.sum(positive & (y_true == 0)) * threshold) / len(y_true)


def forgets_false_alarms(y_true, y_prob, threshold):
    return np.sum((np.asarray(y_prob) >= threshold) & (np.asarray(y_true) == 1)) / len(y_true)


def uses_rates(y_true, y_prob, threshold):
    sensitivity, specificity = sensitivity_specificity(y_true, np.asarray(y_prob) >= threshold)
    return sensitivity - (1 - specificity) * threshold / (1 - threshold)


def per_positive(y_true, y_prob, threshold):
    positive = np.asarray(y_prob) >= threshold
    return net_benefit(y_true, y_prob, threshold) * len(y_true) / positive.sum()


def returns_a_pair(y_true, y_prob, threshold):
    return net_benefit(y_true, y_prob, threshold), threshold


# Any threshold with the same decisions as 0.38 passes too.
GOOD = {
    ex.q1: [sensitivity_specificity, with_confusion_matrix, numpy_divides],
    ex.q2: [0.9, 0.90, 9 / 10, np.float64(0.9), np.array(0.9)],
    ex.q3: [0.38, 0.31, 0.35, np.float32(0.38), np.array(0.38)],
    ex.q4: ["c", " C ", "(c)"],
    ex.q5: [net_benefit, net_benefit_from_the_course, net_benefit_with_a_loop],
}

BAD = {
    ex.q1: [swapped, zero_when_empty, divides_blindly, precision_instead, unpacks_the_confusion_matrix,
            lambda t, p: 0.5, "f", None],
    ex.q2: [40 / 60, 90 / 110, 0.8, 0.1, 90, None, "0.9", float("nan"), 0.88],
    ex.q3: [0.5, 0.0, 0.1, 0.9, 1.5, True, "0.38", None],
    ex.q4: ["a", "b", "d", "e", 0.09, None],
    ex.q5: [strictly_above, charges_pt, forgets_false_alarms, uses_rates, per_positive, returns_a_pair,
            lambda t, p, pt: 0.2, lambda t, p, pt: None, 0.2, None],
}

SECRETS = {ex.q2: ["0.9", "90 / 100"], ex.q3: ["0.38", "0.3"]}


class TestExerciseContract(ExerciseContract):
    module, good, bad, secrets = ex, GOOD, BAD, SECRETS


def test_specific_messages():
    assert "swapped" in ex.q1.judge(swapped).message
    assert "undefined" in ex.q1.judge(zero_when_empty).message
    assert "divides by zero" in ex.q1.judge(divides_blindly).message
    message = ex.q1.judge(unpacks_the_confusion_matrix).message
    assert "sensitivity_specificity([1, 1, 1], [1, 1, 1]) raised ValueError" in message
    assert "labels=[0, 1]" in message
    assert "Lower the threshold" in ex.q3.judge(0.5).message
    assert "false alarms" in ex.q3.judge(0.1).message
    assert "PPV" in ex.q2.judge(40 / 60).message


def test_net_benefit_mistakes_are_named():
    assert ">=" in ex.q5.judge(strictly_above).message
    assert "odds" in ex.q5.judge(charges_pt).message
    assert "false positives are missing" in ex.q5.judge(forgets_false_alarms).message
    assert "not TP by the sick" in ex.q5.judge(uses_rates).message
    assert "not by the patients called positive" in ex.q5.judge(per_positive).message
    assert "returns None" in ex.q5.judge(lambda t, p, pt: None).message
    assert "expected a function" in ex.q5.judge(0.2).message


def test_net_benefit_cases_agree_with_the_course_helper_and_separate_every_mistake():
    for y_true, y_prob, threshold in ex._NET_BENEFIT_CASES:
        expected, _ = ex._net_benefit_forms(y_true, y_prob, threshold)
        assert decision.net_benefit(y_true, y_prob, threshold)[0] == pytest.approx(expected, abs=1e-12)
    _, first_case = ex._net_benefit_forms(*ex._NET_BENEFIT_CASES[0])
    expected, _ = ex._net_benefit_forms(*ex._NET_BENEFIT_CASES[0])
    values = [expected, *first_case.values()]
    assert len({round(float(value), 9) for value in values}) == len(values)
