"""Exercises for ``07_evaluating``: sensitivity and specificity, NPV, a screening threshold, PPV, net
benefit."""

import math

import numpy as np

from course_utils.exercises import calls, checks
from course_utils.exercises.checks import choice_question, number_question
from course_utils.exercises.core import Incorrect, Question

# Question 3: twelve patients of a validation set (1 = malignant) and a model's probabilities.
SCREENING_TRUTH = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
SCREENING_PROB = np.array([0.97, 0.91, 0.83, 0.64, 0.38, 0.22, 0.71, 0.45, 0.30, 0.18, 0.09, 0.04])
SCREENING_TARGET = 5 / 6  # find at least 5 of the 6 cancers


def _reference_sens_spec(y_true, y_pred):
    truth, predicted = np.asarray(y_true), np.asarray(y_pred)
    tp = np.sum((truth == 1) & (predicted == 1))
    tn = np.sum((truth == 0) & (predicted == 0))
    sick, healthy = np.sum(truth == 1), np.sum(truth == 0)
    return (tp / sick if sick else math.nan, tn / healthy if healthy else math.nan)


_SENS_SPEC_CASES = [
    ([1, 1, 0, 0, 0], [1, 0, 0, 0, 1]),
    ([1, 1, 1, 0], [1, 1, 1, 1]),
    ([0, 0, 0], [0, 1, 0]),  # nobody sick: sensitivity is undefined
    ([1, 1], [0, 1]),  # nobody healthy: specificity is undefined
    ([1, 1, 1], [1, 1, 1]),  # one label only, in truth and prediction alike
    ([0, 0], [0, 0]),
]


def _same(value, expected) -> bool:
    try:
        number = checks.as_number(value)
    except Incorrect:
        return False
    return math.isnan(number) if math.isnan(expected) else math.isclose(number, expected)


def _check_sens_spec(answer):
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for y_true, y_pred in _SENS_SPEC_CASES:
        expected = _reference_sens_spec(y_true, y_pred)
        case = f"sensitivity_specificity({y_true}, {y_pred})"
        try:
            result = calls.call(answer, np.array(y_true), np.array(y_pred), shown=case,
                                let_through=(ZeroDivisionError, ValueError))
        except ZeroDivisionError:
            raise Incorrect(f"{case} divides by zero: when a group is empty, return float('nan') "
                            "for its metric (it is undefined, not 0 or 1).") from None
        except ValueError as error:
            if len(set(y_true) | set(y_pred)) == 1:
                raise Incorrect(f"{case} raised ValueError ({error}): when every patient has the same "
                                "label, confusion_matrix(y_true, y_pred) is 1 x 1, so .ravel() gives one "
                                "number, not four. Pass labels=[0, 1], or count with boolean "
                                "masks.") from None
            raise Incorrect(f"{case} raised ValueError: {error}") from None
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise Incorrect(f"{case} should return a pair (sensitivity, specificity), "
                            f"got {calls.short(result)}.")
        if _same(result[0], expected[1]) and _same(result[1], expected[0]) and expected[0] != expected[1]:
            raise Incorrect(f"{case}: the two values are swapped; sensitivity comes first.")
        for name, value, target in zip(("sensitivity", "specificity"), result, expected, strict=True):
            if not _same(value, target):
                if math.isnan(target):
                    raise Incorrect(f"{case}: the {name} is undefined here (no patient in its group); "
                                    f"return float('nan'), not {value!r}.")
                raise Incorrect(f"{case} gives a wrong {name} ({value!r}).")


q1 = Question(
    "Question 1 (sensitivity and specificity)",
    _check_sens_spec,
    hint="Sensitivity = TP / (all truly sick); specificity = TN / (all truly healthy). Count with "
         "boolean masks such as (y_true == 1) & (y_pred == 1), and return float('nan') when a "
         "denominator is 0.",
    solution="def sensitivity_specificity(y_true, y_pred):\n"
             "    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)\n"
             "    sick, healthy = np.sum(y_true == 1), np.sum(y_true == 0)\n"
             "    tp = np.sum((y_true == 1) & (y_pred == 1))\n"
             "    tn = np.sum((y_true == 0) & (y_pred == 0))\n"
             "    sensitivity = tp / sick if sick else float('nan')\n"
             "    specificity = tn / healthy if healthy else float('nan')\n"
             "    return sensitivity, specificity",
    points=2,
)


# Question 2: 90 true negatives, 10 false negatives, 40 true positives, 20 false positives.
q2 = number_question(
    "Question 2 (NPV from a confusion matrix)",
    expected=90 / 100,
    decimals=2,
    known_mistakes={
        40 / 60: "that is the PPV: TP / (TP + FP). NPV is about the negative results.",
        90 / 110: "that is the specificity: TN / (TN + FP). NPV divides by everyone who tested negative.",
        40 / 50: "that is the sensitivity. NPV asks: of those who tested negative, how many are healthy?",
        10 / 100: "that is the share of negative results that were missed cancers, 1 - NPV.",
    },
    hint="NPV = TN / (TN + FN): of all patients told 'no cancer', the share who truly have none.",
    solution="answer_npv = 90 / (90 + 10)",
)


def _check_screening_threshold(answer):
    try:
        threshold = checks.as_number(answer)
    except Incorrect:
        raise Incorrect("expected a threshold (a number between 0 and 1), "
                        f"got {type(answer).__name__}.") from None
    if not 0 <= threshold <= 1:
        raise Incorrect(f"a threshold on probabilities lies between 0 and 1, got {threshold:g}.")
    flagged = SCREENING_PROB >= threshold
    found = int(np.sum(flagged & (SCREENING_TRUTH == 1)))
    alarms = int(np.sum(flagged & (SCREENING_TRUTH == 0)))
    if found < 5:
        raise Incorrect(f"at this threshold the model finds {found} of the 6 cancers; screening needs "
                        "at least 5. Lower the threshold.")
    if alarms > 2:
        raise Incorrect(f"this threshold finds enough cancers but also flags {alarms} healthy patients; "
                        "a higher threshold finds as many cancers with fewer false alarms.")


q3 = Question(
    "Question 3 (a screening threshold)",
    _check_screening_threshold,
    hint="Sort the malignant patients' probabilities from high to low; a patient is flagged when "
         "probability >= threshold. Which threshold flags 5 of the 6 and nothing more than needed? "
         "(course_utils.metrics.threshold_for_sensitivity does this.)",
    solution="answer_threshold = 0.38   # the 5th highest malignant probability; "
             "metrics.threshold_for_sensitivity(ex.SCREENING_TRUTH, ex.SCREENING_PROB, 5 / 6)",
)


q4 = choice_question(
    "Question 4 (PPV when the disease is rare)",
    correct="c",
    explanations={
        "a": "95% is the sensitivity (and the specificity), not the PPV: the PPV also depends on how "
             "common the disease is.",
        "b": "about 50% would hold if half the people screened had cancer. Here 1 in 200 has it.",
        "c": "",
        "d": "the test still finds 95% of cancers; a low PPV means many false alarms, not a useless test.",
    },
    hint="Imagine 20,000 people: 100 have cancer. Count the true positives (95% of 100) and the "
         "false positives (5% of 19,900), then take TP / (TP + FP).",
    solution="answer_ppv_choice = 'c'   # 95 / (95 + 995) = about 9%: most positives are false alarms",
)


# Question 5: net benefit at one threshold probability. The cases are asymmetric, and three of them put
# patients exactly at the threshold (they count as positive: risk >= pt).
_NET_BENEFIT_CASES = [
    ([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [0.9, 0.6, 0.3, 0.7, 0.4, 0.2, 0.1, 0.1, 0.05, 0.02], 0.2),
    ([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], [0.9, 0.6, 0.25, 0.1, 0.7, 0.25, 0.2, 0.05, 0.3, 0.02], 0.25),
    ([0, 1, 0, 1, 0, 0, 1], [0.8, 0.35, 0.6, 0.9, 0.05, 0.3, 0.1], 0.5),
    ([1, 0, 0, 0, 0], [0.1, 0.1, 0.3, 0.05, 0.01], 0.1),
]


def _net_benefit_forms(y_true, y_prob, threshold):
    """The right net benefit and the value of each named mistake, for one case."""
    truth, prob = np.asarray(y_true), np.asarray(y_prob)
    n, odds = truth.size, threshold / (1 - threshold)
    positive, strictly = prob >= threshold, prob > threshold
    tp, fp = np.sum(positive & (truth == 1)), np.sum(positive & (truth == 0))
    sick, healthy = np.sum(truth == 1), np.sum(truth == 0)
    strict_tp, strict_fp = np.sum(strictly & (truth == 1)), np.sum(strictly & (truth == 0))
    return tp / n - fp / n * odds, {
        "strict": strict_tp / n - strict_fp / n * odds,
        "weight pt": tp / n - fp / n * threshold,
        "no harm": tp / n,
        "rates": tp / sick - fp / healthy * odds,
        "per positive": (tp - fp * odds) / max(tp + fp, 1),
    }


_NET_BENEFIT_MISTAKES = {
    "strict": "patients whose risk equals the threshold count as positive: use y_prob >= threshold, not >.",
    "weight pt": "each false positive is charged the odds pt / (1 - pt), not pt itself.",
    "no harm": "the false positives are missing: subtract FP / n * pt / (1 - pt).",
    "rates": "divide both counts by all n patients, not TP by the sick and FP by the healthy.",
    "per positive": "divide by all n patients, not by the patients called positive.",
}


def _check_net_benefit(answer):
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for y_true, y_prob, threshold in _NET_BENEFIT_CASES:
        case = f"net_benefit({y_true}, {y_prob}, {threshold})"
        result = calls.call(answer, np.array(y_true), np.array(y_prob), threshold, shown=case)
        if isinstance(result, np.ndarray) and result.size == 1:
            result = result.reshape(())  # e.g. decision.net_benefit(y_true, y_prob, [threshold])
        try:
            value = checks.as_number(result)
        except Incorrect as problem:
            raise Incorrect(f"{case}: {problem}") from None
        expected, mistakes = _net_benefit_forms(y_true, y_prob, threshold)
        if math.isclose(value, expected, abs_tol=1e-9):
            continue
        for name, wrong in mistakes.items():
            if math.isclose(value, wrong, abs_tol=1e-9):
                raise Incorrect(f"{case}: {_NET_BENEFIT_MISTAKES[name]}")
        raise Incorrect(f"{case} gives a wrong net benefit ({value!r}).")


q5 = Question(
    "Question 5 (net benefit)",
    _check_net_benefit,
    hint="Call a patient positive when y_prob >= threshold. Count true positives TP and false positives "
         "FP, and n = all patients; net benefit = TP / n - FP / n * threshold / (1 - threshold).",
    solution="def net_benefit(y_true, y_prob, threshold):\n"
             "    y_true, positive = np.asarray(y_true), np.asarray(y_prob) >= threshold\n"
             "    tp = np.sum(positive & (y_true == 1))\n"
             "    fp = np.sum(positive & (y_true == 0))\n"
             "    return tp / len(y_true) - fp / len(y_true) * threshold / (1 - threshold)",
    points=2,
)
