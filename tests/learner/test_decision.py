"""course_utils.decision: net benefit and prevalence shift against cases worked by hand."""

import numpy as np
import pytest

from course_utils import decision

# 4 sick and 6 healthy patients; two patients sit exactly at the threshold 0.25 (one of each class).
TRUTH = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
PROB = np.array([0.9, 0.6, 0.25, 0.1, 0.7, 0.25, 0.2, 0.05, 0.3, 0.02])
THRESHOLDS = [0.1, 0.25, 0.5]
# pt = 0.1: TP 4, FP 4 (0.7, 0.25, 0.2, 0.3) -> 4/10 - 4/10 * 1/9
# pt = 0.25: TP 3 (0.25 counts), FP 3 (0.7, 0.25, 0.3) -> 3/10 - 3/10 * 1/3 = 0.2
# pt = 0.5: TP 2, FP 1 -> 2/10 - 1/10 * 1 = 0.1
MODEL = [0.4 - 0.4 / 9, 0.2, 0.1]
TREAT_ALL = [0.4 - 0.6 / 9, 0.4 - 0.6 / 3, 0.4 - 0.6]  # prevalence 0.4, every patient positive


def test_net_benefit_by_hand_counts_patients_at_the_threshold_as_positive():
    assert decision.net_benefit(TRUTH, PROB, THRESHOLDS) == pytest.approx(MODEL, abs=1e-12)
    assert decision.net_benefit(TRUTH, PROB, 0.25) == pytest.approx([0.2], abs=1e-12)


def test_decision_curve_holds_the_model_treat_all_and_treat_none():
    table = decision.decision_curve(TRUTH, {"model": PROB, "reversed": 1 - PROB}, THRESHOLDS)
    assert list(table.columns) == ["model", "reversed", "treat all", "treat none"]
    assert table.index.name == "threshold probability"
    assert table.index.tolist() == THRESHOLDS
    assert table["model"].tolist() == pytest.approx(MODEL, abs=1e-12)
    assert table["treat all"].tolist() == pytest.approx(TREAT_ALL, abs=1e-12)
    assert table["treat none"].tolist() == [0, 0, 0]
    # reversed at pt = 0.5: positives 0.9, 0.75 (sick) and 0.75, 0.8, 0.95, 0.7, 0.98 (healthy) -> 2/10 - 5/10
    assert table.loc[0.5, "reversed"] == pytest.approx(-0.3, abs=1e-12)


def test_weighted_net_benefit_by_hand():
    weights = decision.prevalence_weights(TRUTH, 0.2)
    assert weights.tolist() == pytest.approx([0.5] * 4 + [4 / 3] * 6)  # sick 0.2 / 0.4, healthy 0.8 / 0.6
    # pt = 0.25: TP weight 3 * 0.5 = 1.5, FP weight 3 * 4/3 = 4, total weight 10
    assert decision.net_benefit(TRUTH, PROB, 0.25, weights) == pytest.approx([0.15 - 0.4 / 3], abs=1e-12)
    treat_all = decision.decision_curve(TRUTH, {}, [0.25], weights)["treat all"].iloc[0]
    assert treat_all == pytest.approx(0.2 - 0.8 / 3, abs=1e-12)


def test_threshold_from_harms():
    assert decision.threshold_from_harms(missed_cancer=19, false_alarm=1) == pytest.approx(0.05)
    assert decision.threshold_from_harms(missed_cancer=3, false_alarm=2) == pytest.approx(0.4)
    assert decision.threshold_from_harms(missed_cancer=1, false_alarm=1) == 0.5


def test_prevalence_shift_by_hand():
    # odds 1.5 at 40% moved to 10%: times (1/9) / (2/3) = 1/6 -> odds 0.25 -> risk 0.2
    shifted = decision.prevalence_shift([0.6, 0.5, 0.0, 1.0], from_prevalence=0.4, to_prevalence=0.1)
    assert shifted == pytest.approx([0.2, 1 / 7, 0.0, 1.0], abs=1e-12)  # 0.5: odds 1/6 -> 1/7
    back = decision.prevalence_shift(shifted, from_prevalence=0.1, to_prevalence=0.4)
    assert back == pytest.approx([0.6, 0.5, 0.0, 1.0], abs=1e-12)


def test_prevalence_weights_reach_the_target_share():
    weights = decision.prevalence_weights([1, 0, 0, 0, 0], 0.02)
    assert weights.mean() == pytest.approx(1)
    assert weights[0] / weights.sum() == pytest.approx(0.02)


def _percentile_bootstrap(statistic, n, n_resamples=200, seed=3):
    rng = np.random.default_rng(seed)
    values = [statistic(rng.integers(0, n, n)) for _ in range(n_resamples)]
    return tuple(np.percentile(values, [2.5, 97.5]))


def test_net_benefit_interval_matches_an_independent_bootstrap():
    def by_hand(index):
        sick, positive = TRUTH[index] == 1, PROB[index] >= 0.25
        return (np.sum(sick & positive) - np.sum(~sick & positive) / 3) / index.size

    estimate, low, high = decision.net_benefit_interval(TRUTH, PROB, 0.25, n_resamples=200, seed=3)
    assert estimate == pytest.approx(0.2)
    assert (low, high) == pytest.approx(_percentile_bootstrap(by_hand, 10), abs=1e-12)


def test_net_benefit_difference_is_paired_and_worded_by_the_course_verdict():
    perfect = TRUTH.astype(float)
    difference = decision.net_benefit_difference(TRUTH, perfect, 0.25, n_resamples=200, seed=3)
    # a perfect model avoids treat all's false positives: 6/10 * 1/3 = 0.2 on the full sample
    assert difference.estimate == pytest.approx(0.2)
    by_hand = _percentile_bootstrap(lambda index: np.mean(TRUTH[index] == 0) / 3, 10)
    assert (difference.low, difference.high) == pytest.approx(by_hand, abs=1e-12)
    assert difference.n_patients == 10 and difference.baseline == "treat all"
    assert difference.verdict().startswith("the network is better than treat all by 0.200 net benefit")
    same = decision.net_benefit_difference(TRUTH, PROB, 0.5, baseline_prob=PROB, n_resamples=50)
    assert (same.estimate, same.low, same.high) == (0, 0, 0)


@pytest.mark.parametrize("thresholds", [0.0, 1.0, [0.2, 1.2], [], [np.nan]])
def test_thresholds_outside_zero_one_are_refused(thresholds):
    with pytest.raises(ValueError, match="threshold probabilities must lie strictly between 0 and 1|"
                                         "non-empty"):
        decision.net_benefit(TRUTH, PROB, thresholds)


@pytest.mark.parametrize("call, message", [
    (lambda: decision.net_benefit(TRUTH, PROB, 0.2, weights=[1] * 9), "weights must be 10 finite"),
    (lambda: decision.net_benefit(TRUTH, PROB, 0.2, weights=[-1] + [1] * 9), "non-negative"),
    (lambda: decision.net_benefit(TRUTH, PROB, 0.2, weights=[0] * 10), "not all 0"),
    (lambda: decision.net_benefit(TRUTH, PROB, 0.2, weights=[np.nan] + [1] * 9), "finite"),
    (lambda: decision.net_benefit(TRUTH, PROB[:9], 0.2), "9 values but there are 10 labels"),
    (lambda: decision.net_benefit([], [], 0.2), "y_true is empty"),
    (lambda: decision.threshold_from_harms(0, 1), "both harms must be positive"),
    (lambda: decision.threshold_from_harms(1, float("inf")), "both harms must be positive"),
    (lambda: decision.prevalence_shift([0.5], 0.0, 0.1), "from_prevalence must lie strictly"),
    (lambda: decision.prevalence_shift([0.5], 0.4, 1.0), "to_prevalence must lie strictly"),
    (lambda: decision.prevalence_shift([1.5], 0.4, 0.1), "y_prob must be probabilities"),
    (lambda: decision.prevalence_weights([1, 1, 1], 0.02), "both sick and healthy"),
    (lambda: decision.prevalence_weights([0, 0], 0.02), "both sick and healthy"),
    (lambda: decision.prevalence_weights([1, 0], 1.0), "prevalence must lie strictly"),
])
def test_bad_input_gives_one_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_weighted_intervals_resample_each_patient_with_her_weight():
    weights = decision.prevalence_weights(TRUTH, 0.2)

    def by_hand(index):
        sick, positive, weight = TRUTH[index] == 1, PROB[index] >= 0.25, weights[index]
        return (weight[sick & positive].sum() - weight[~sick & positive].sum() / 3) / weight.sum()

    estimate, low, high = decision.net_benefit_interval(TRUTH, PROB, 0.25, weights, n_resamples=200, seed=3)
    assert estimate == pytest.approx(0.15 - 0.4 / 3)
    assert (low, high) == pytest.approx(_percentile_bootstrap(by_hand, 10), abs=1e-12)
    difference = decision.net_benefit_difference(TRUTH, PROB, 0.25, weights=weights, n_resamples=200, seed=3)
    treat_all = decision.net_benefit(TRUTH, np.ones(10), 0.25, weights)[0]
    assert difference.estimate == pytest.approx(0.15 - 0.4 / 3 - treat_all)


def test_decision_curve_and_net_benefit_use_the_weights_and_allow_a_zero_weight():
    weights = decision.prevalence_weights(TRUTH, 0.2)
    table = decision.decision_curve(TRUTH, {"model": PROB}, [0.25], weights)
    assert table["model"].tolist() == pytest.approx([0.15 - 0.4 / 3], abs=1e-12)
    # weight 0 leaves out the first patient (sick, 0.9): TP 2, FP 3 among 9 -> (2 - 3/3) / 9
    assert decision.net_benefit(TRUTH, PROB, 0.25, [0] + [1] * 9) == pytest.approx([1 / 9], abs=1e-12)


def test_weighted_difference_interval_level_and_defaults():
    weights = decision.prevalence_weights(TRUTH, 0.2)

    def by_hand(index):
        sick, weight = TRUTH[index] == 1, weights[index]
        model = (weight[sick & (PROB[index] >= 0.25)].sum()
                 - weight[~sick & (PROB[index] >= 0.25)].sum() / 3) / weight.sum()
        treat_all = (weight[sick].sum() - weight[~sick].sum() / 3) / weight.sum()
        return model - treat_all

    difference = decision.net_benefit_difference(TRUTH, PROB, 0.25, weights=weights, n_resamples=200, seed=3)
    assert (difference.low, difference.high) == pytest.approx(_percentile_bootstrap(by_hand, 10), abs=1e-12)
    assert decision.net_benefit_difference(TRUTH, PROB, 0.25, level=0.9, n_resamples=50).level == 0.9


def test_intervals_default_to_1000_resamples_at_95_percent_with_seed_42(monkeypatch):
    calls = []
    def spy(*args):
        calls.append(args[2:])   # n_resamples, level, seed
        return 0.0, 0.0

    monkeypatch.setattr(decision.metrics, "bootstrap_interval", spy)
    decision.net_benefit_interval(TRUTH, PROB, 0.25)
    decision.net_benefit_difference(TRUTH, PROB, 0.25)
    assert calls == [(1000, 0.95, 42), (1000, 0.95, 42)]


@pytest.mark.parametrize("call, message", [
    (lambda: decision.net_benefit(TRUTH, PROB, []),
     "thresholds must be one number or a non-empty list of numbers."),
    (lambda: decision.net_benefit(TRUTH, PROB, [0.2, 1.0]),
     "threshold probabilities must lie strictly between 0 and 1 (at 0 every patient is positive, at 1 a "
     "false alarm costs infinitely much); got [0.2, 1.0]."),
    (lambda: decision.prevalence_shift([np.nan], 0.4, 0.1), "y_prob must be probabilities between 0 and 1."),
    (lambda: decision.prevalence_weights([1, 1], 0.02),
     "reweighting to a prevalence needs both sick and healthy patients in y_true."),
])
def test_bad_input_messages_in_full(call, message):
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message
