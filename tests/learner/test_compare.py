"""Paired comparisons: hand-computed cases, the interval level by simulation, and the one wording."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import roc_auc_score

from course_utils import compare, data

TRUTH = np.array([1, 0, 1, 1, 0, 0, 1, 0, 0, 0])
NETWORK = np.array([0.9, 0.2, 0.4, 0.7, 0.6, 0.1, 0.8, 0.3, 0.05, 0.5])
BASELINE = np.array([0.8, 0.3, 0.35, 0.45, 0.7, 0.2, 0.6, 0.65, 0.1, 0.4])


def test_paired_bootstrap_estimate_is_the_difference_on_all_patients():
    result = compare.paired_bootstrap("AUC", TRUTH, NETWORK, BASELINE, n_resamples=200)
    expected = roc_auc_score(TRUTH, NETWORK) - roc_auc_score(TRUTH, BASELINE)
    assert result.estimate == pytest.approx(expected, abs=1e-12)
    assert result.low <= result.estimate <= result.high
    assert (result.n_patients, result.n_splits, result.wins) == (10, None, None)


def test_paired_bootstrap_scores_both_models_on_the_same_resamples():
    """Identical predictions differ by exactly 0 on every resample: a zero-width interval."""
    result = compare.paired_bootstrap("Brier", TRUTH, NETWORK, NETWORK.copy(), n_resamples=200)
    assert (result.estimate, result.low, result.high) == (0.0, 0.0, 0.0)


def test_paired_interval_is_narrower_than_separate_intervals_for_correlated_models():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 2, 300)
    shared = truth + rng.normal(0, 0.8, 300)
    first, second = shared + rng.normal(0, 0.1, 300), shared + rng.normal(0, 0.1, 300)
    paired = compare.paired_bootstrap("AUC", truth, first, second, n_resamples=300)
    from course_utils.metrics import bootstrap_auc_ci

    _, low, high = bootstrap_auc_ci(truth, first, n_resamples=300)
    assert paired.high - paired.low < (high - low) / 2


@pytest.mark.parametrize("metric, expected", [
    ("RMSE", np.sqrt(np.mean((TRUTH - NETWORK) ** 2)) - np.sqrt(np.mean((TRUTH - BASELINE) ** 2))),
    ("Brier", np.mean((NETWORK - TRUTH) ** 2) - np.mean((BASELINE - TRUTH) ** 2)),
    ("integrated Brier score", np.mean(NETWORK) - np.mean(BASELINE)),  # predictions = per-patient terms
])
def test_error_metrics_estimate_by_hand(metric, expected):
    result = compare.paired_bootstrap(metric, TRUTH, NETWORK, BASELINE, n_resamples=50)
    assert result.estimate == pytest.approx(expected, abs=1e-12)
    assert result.higher_is_better is False


def test_c_index_difference_uses_time_and_event():
    y = pd.DataFrame({"time": [5.0, 3.0, 9.0, 1.0, 7.0], "event": [1, 0, 1, 1, 0]})
    perfect, reversed_risk = np.array([3.0, 2.5, 1.0, 4.0, 1.5]), np.array([1.0, 2.0, 4.0, 0.5, 3.0])
    result = compare.paired_bootstrap("C-index", y, perfect, reversed_risk, n_resamples=50)
    assert result.estimate == pytest.approx(1.0 - 0.0)


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown metric 'accuracy'"):
        compare.paired_bootstrap("accuracy", TRUTH, NETWORK, BASELINE)
    with pytest.raises(ValueError, match="same patients"):
        compare.paired_bootstrap("AUC", TRUTH, NETWORK, BASELINE[:9])
    with pytest.raises(ValueError, match="at least 2 finite"):
        compare.corrected_t_interval([0.1], 0.25)


def test_corrected_t_interval_by_hand():
    mean, low, high = compare.corrected_t_interval([0.01, 0.03, -0.01, 0.02, 0.00], test_to_train=0.25)
    half = stats.t.ppf(0.975, 4) * np.sqrt((1 / 5 + 0.25) * 2.5e-4)  # s² = 1e-3 / 4
    assert half == pytest.approx(0.029448, abs=1e-6)
    assert (mean, low, high) == pytest.approx((0.01, 0.01 - half, 0.01 + half), abs=1e-12)


def test_corrected_interval_is_wider_than_the_naive_one_and_follows_the_level():
    differences = np.array([0.02, -0.01, 0.03, 0.00, 0.01, 0.04, -0.02, 0.02])
    _, low95, high95 = compare.corrected_t_interval(differences, 1 / 3, level=0.95)
    _, low80, high80 = compare.corrected_t_interval(differences, 1 / 3, level=0.80)
    naive = stats.t.ppf(0.975, 7) * differences.std(ddof=1) / np.sqrt(8)
    assert high95 - low95 > 2 * naive
    assert high80 - low80 == pytest.approx((high95 - low95) * stats.t.ppf(0.9, 7) / stats.t.ppf(0.975, 7))


def test_paired_bootstrap_covers_the_true_difference_at_its_level():
    """Coverage simulation: the Brier difference of two fixed predictors, true value known exactly."""
    rng = np.random.default_rng(1)
    risk = rng.uniform(0.05, 0.95, 100_000)
    truth = rng.random(risk.size) < risk
    sharp, blunt = risk, 0.5 * risk + 0.25
    true_difference = np.mean((sharp - truth) ** 2) - np.mean((blunt - truth) ** 2)
    covered = []
    for repeat in range(150):
        index = rng.integers(0, risk.size, 120)
        result = compare.paired_bootstrap("Brier", truth[index].astype(int), sharp[index], blunt[index],
                                          n_resamples=300, level=0.80, seed=repeat)
        covered.append(result.low <= true_difference <= result.high)
    assert 0.70 <= np.mean(covered) <= 0.90  # nominal 0.80; 150 repeats give a standard error of 0.033


def test_corrected_t_covers_at_least_its_level_for_independent_differences():
    rng = np.random.default_rng(2)
    covered = [low <= 0.01 <= high for low, high in
               (compare.corrected_t_interval(rng.normal(0.01, 0.02, 10), 1 / 3)[1:] for _ in range(400))]
    assert np.mean(covered) >= 0.95


def test_repeated_splits_use_the_course_protocol_and_count_wins():
    X, y = data.load_xy("breast_cancer")
    X = X[["mean_radius", "mean_texture"]]
    seen = []

    def size_of_test(X_train, X_val, X_test, y_train, y_val, y_test):
        seen.append((len(X_train), len(X_val), len(X_test)))
        return float(y_test.mean())

    scores = compare.repeated_splits(X, y, {"a": size_of_test, "b": lambda *parts: 0.37}, n_splits=3)
    assert list(scores.index) == [0, 1, 2] and list(scores.columns) == ["a", "b"]
    assert seen[0] == (341, 114, 114)
    first_test = data.split(X, y, seed=0)[5]
    assert scores.loc[0, "a"] == pytest.approx(first_test.mean())
    result = compare.over_splits(scores, "AUC", "a", "b")
    assert result.n_splits == 3 and result.wins == int((scores["a"] > 0.37).sum())
    lower_better = compare.over_splits(scores, "RMSE", "a", "b")
    assert lower_better.wins == int((scores["a"] < 0.37).sum())


@pytest.mark.parametrize("low, high, estimate, higher_is_better, start", [
    (0.004, 0.020, 0.012, True, "the network is better than logistic regression by 0.012 AUC (95% CI +0.004"),
    (-0.020, -0.004, -0.012, True, "the network is worse than logistic regression by 0.012 AUC"),
    (-0.014, 0.036, 0.011, True, "no difference detectable between the network and logistic regression "
                                 "with these 114 patients: +0.011 AUC (95% CI -0.014 to +0.036)"),
    (-3.1, -0.4, -1.7, False, "the network is better than logistic regression by 1.700 AUC"),
    (0.4, 3.1, 1.7, False, "the network is worse than logistic regression by 1.700 AUC"),
])
def test_verdict_is_decided_by_the_interval(low, high, estimate, higher_is_better, start):
    difference = compare.Difference("the network", "logistic regression", "AUC", higher_is_better,
                                    estimate, low, high, n_patients=114)
    assert difference.verdict().startswith(start)


def test_verdict_over_splits_names_the_splits_and_the_wins():
    difference = compare.Difference("the network", "Cox", "C-index", True, 0.011, -0.014, 0.036,
                                    n_splits=20, wins=14)
    assert difference.verdict() == ("no difference detectable between the network and Cox over 20 splits: "
                                    "+0.011 C-index (95% CI -0.014 to +0.036); the network did better in "
                                    "14 of 20 splits")


@pytest.mark.parametrize("low, high, conclusive", [(0.001, 0.02, True), (-0.02, -0.001, True),
                                                    (-0.01, 0.02, False), (0.0, 0.02, False)])
def test_conclusive_means_the_interval_excludes_zero(low, high, conclusive):
    assert compare.Difference("a", "b", "AUC", True, (low + high) / 2, low, high).conclusive is conclusive


def test_conclusive_is_a_plain_bool_even_for_numpy_bounds():
    difference = compare.Difference("a", "b", "AUC", True, 0.01, np.float64(0.001), np.float64(0.02))
    assert type(difference.conclusive) is bool


def test_resampled_scores_are_the_paired_bootstraps_resamples():
    scores = compare.resampled_scores("AUC", TRUTH, NETWORK, BASELINE, n_resamples=300, seed=3)
    paired = compare.paired_bootstrap("AUC", TRUTH, NETWORK, BASELINE, n_resamples=300, seed=3)
    assert scores.shape == (300, 2)
    assert np.percentile(scores[:, 0] - scores[:, 1], [2.5, 97.5]) == pytest.approx([paired.low, paired.high])


def test_paired_bootstrap_interval_is_the_percentiles_of_its_level_of_the_paired_differences():
    scores = compare.resampled_scores("Brier", TRUTH, NETWORK, BASELINE, n_resamples=400, seed=8)
    differences = scores[:, 0] - scores[:, 1]
    result = compare.paired_bootstrap("Brier", TRUTH, NETWORK, BASELINE, n_resamples=400, level=0.9, seed=8)
    assert (result.low, result.high) == pytest.approx(np.percentile(differences, [5, 95]), abs=1e-15)
    assert result.level == 0.9 and "(90% CI -0.155 to -0.033, with these 10 patients)" in result.verdict()


def test_paired_bootstrap_and_resampled_scores_default_to_1000_resamples_at_95_percent_seed_42(monkeypatch):
    from course_utils import metrics

    seen = []
    monkeypatch.setattr(metrics, "bootstrap_interval", lambda *args, **_: seen.append(args[1:]) or (0, 1))
    monkeypatch.setattr(metrics, "bootstrap_values", lambda *args, **_: seen.append(args[1:]))
    compare.paired_bootstrap("RMSE", TRUTH, NETWORK, BASELINE)
    compare.resampled_scores("RMSE", TRUTH, NETWORK, BASELINE)
    assert seen == [(10, 1000, 0.95, 42), (10, 1000, 42, None)]


def test_paired_bootstrap_resamples_series_by_position_not_by_label():
    index = pd.Index(range(100, 110))
    series = [pd.Series(values, index=index) for values in (TRUTH, NETWORK, BASELINE)]
    as_series = compare.paired_bootstrap("AUC", *series, n_resamples=100)
    as_arrays = compare.paired_bootstrap("AUC", TRUTH, NETWORK, BASELINE, n_resamples=100)
    assert (as_series.estimate, as_series.low, as_series.high) == (as_arrays.estimate, as_arrays.low,
                                                                   as_arrays.high)


def test_auc_resamples_with_one_class_are_drawn_again():
    truth = np.array([1, 0, 0, 0, 0, 0])
    perfect, reversed_score = np.linspace(1, 0, 6), np.linspace(0, 1, 6)
    result = compare.paired_bootstrap("AUC", truth, perfect, reversed_score, n_resamples=50)
    assert (result.estimate, result.low, result.high) == (1.0, 1.0, 1.0)  # AUC 1 - 0 on every resample


@pytest.mark.parametrize("time, event, comparable", [
    ([1.0, 2.0, 3.0], [0, 1, 0], True), ([1.0, 2.0, 3.0], [0, 0, 1], False), ([2.0, 2.0], [1, 0], False),
    ([1.0, 2.0], [0, 0], False)])
def test_a_c_index_resample_needs_an_event_before_the_longest_follow_up(time, event, comparable):
    assert compare.METRICS["C-index"].usable(pd.DataFrame({"time": time, "event": event})) is comparable


def test_c_index_bootstrap_redraws_resamples_without_a_comparable_pair():
    y = pd.DataFrame({"time": [4.0, 1.0, 7.0, 3.0, 9.0, 2.0], "event": [0, 1, 0, 0, 1, 1]})
    risk, other = np.array([0.3, 0.8, 0.1, 0.9, 0.2, 0.4]), np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    scores = compare.resampled_scores("C-index", y, risk, other, n_resamples=200, seed=1)
    assert scores.shape == (200, 2) and np.isfinite(scores).all()


def test_bad_input_messages_name_the_choices_and_the_counts():
    with pytest.raises(ValueError, match="Unknown metric 'AUROC'; choose one of AUC, C-index, RMSE, Brier"):
        compare.resampled_scores("AUROC", TRUTH, NETWORK, BASELINE)
    with pytest.raises(ValueError, match="10 patients but 10 and 9 predictions"):
        compare.paired_bootstrap("AUC", TRUTH, NETWORK, BASELINE[:9])
    with pytest.raises(ValueError, match="10 patients but 9 and 10 predictions"):
        compare.paired_bootstrap("AUC", TRUTH, NETWORK[:9], BASELINE)
    for differences, test_to_train, level in [([0.1, np.nan], 0.25, 0.95), ([0.1, 0.2], 0.0, 0.95),
                                              ([0.1, 0.2], 0.25, 1.0), ([0.1, 0.2], 0.25, 0.0)]:
        with pytest.raises(ValueError):
            compare.corrected_t_interval(differences, test_to_train, level)
    assert compare.corrected_t_interval([0.1, 0.3], 0.25)[0] == pytest.approx(0.2)


def test_over_splits_is_the_corrected_interval_of_the_differences_and_a_tie_is_no_win():
    scores = pd.DataFrame({"net": [0.81, 0.79, 0.84, 0.80, 0.83], "lr": [0.80, 0.79, 0.82, 0.81, 0.80]})
    result = compare.over_splits(scores, "AUC", "net", "lr", test_to_train=0.25, level=0.9)
    mean, low, high = compare.corrected_t_interval(scores["net"] - scores["lr"], 0.25, 0.9)
    assert (result.estimate, result.low, result.high, result.level) == (mean, low, high, 0.9)
    assert (result.model, result.baseline, result.metric) == ("net", "lr", "AUC") and result.higher_is_better
    assert (result.wins, result.n_splits, result.n_patients) == (3, 5, None)  # the tie in split 1 is no win
    default = compare.over_splits(scores, "AUC", "net", "lr")
    assert (default.low, default.high) == compare.corrected_t_interval(scores["net"] - scores["lr"],
                                                                       0.2 / 0.6, 0.95)[1:]


def test_a_difference_defaults_to_a_95_percent_level_and_the_verdict_says_so():
    difference = compare.Difference("a", "b", "RMSE", False, -0.5, -0.9, -0.1, n_patients=40)
    assert difference.level == 0.95
    assert difference.verdict() == ("a is better than b by 0.500 RMSE (95% CI -0.900 to -0.100, with these "
                                    "40 patients)")


@pytest.mark.parametrize("estimate, low, high, higher_is_better, direction", [
    (-0.002, 0.001, 0.02, True, "better"), (0.003, -0.03, -0.001, True, "worse"),
    (0.002, -0.03, -0.001, False, "better"), (-0.002, 0.001, 0.02, False, "worse")])
def test_the_direction_follows_the_interval_even_when_the_estimate_falls_outside_it(
        estimate, low, high, higher_is_better, direction):
    difference = compare.Difference("a", "b", "AUC", higher_is_better, estimate, low, high, n_patients=30)
    assert difference.verdict().startswith(f"a is {direction} than b by {abs(estimate):.3f} AUC")


def test_paired_bootstrap_names_the_models_metric_and_level_it_compared():
    result = compare.paired_bootstrap("Brier", TRUTH, NETWORK, BASELINE, n_resamples=50, level=0.8)
    assert (result.model, result.baseline, result.metric, result.level) == ("the network", "the baseline",
                                                                            "Brier", 0.8)
    named = compare.paired_bootstrap("RMSE", TRUTH, NETWORK, BASELINE, model="MLP", baseline="LR",
                                     n_resamples=50)
    assert (named.model, named.baseline, named.level) == ("MLP", "LR", 0.95)


def test_corrected_t_interval_and_paired_bootstrap_refusals_say_exactly_what_is_wrong():
    with pytest.raises(ValueError) as error:
        compare.corrected_t_interval([0.1, 0.2], 0.25, level=1.0)
    assert str(error.value) == "level must be in (0, 1) and test_to_train positive, got 1.0, 0.25."
    with pytest.raises(ValueError) as error:
        compare.paired_bootstrap("AUC", TRUTH, NETWORK, BASELINE[:9])
    assert str(error.value) == "10 patients but 10 and 9 predictions; score both models on the same patients."


def test_over_splits_counts_wins_for_a_lower_is_better_metric_without_ties():
    scores = pd.DataFrame({"net": [50.0, 52.0, 49.5, 51.0], "lr": [50.5, 52.0, 49.0, 51.3]})
    assert compare.over_splits(scores, "RMSE", "net", "lr").wins == 2  # -0.5 and -0.3 win; 0 and +0.5 do not


def test_repeated_splits_default_to_20_seeds_from_0_and_pass_the_sizes_on():
    X, y = data.load_xy("veterans_lung")
    seen = []

    def test_patients(X_train, X_val, X_test, y_train, y_val, y_test):
        seen.append((len(X_train), len(X_val), len(X_test)))
        return float(sum(X_test.index))

    default = compare.repeated_splits(X, y, {"m": test_patients})
    assert default.index.tolist() == list(range(20)) and default.index.name == "split seed"
    scores = compare.repeated_splits(X, y, {"m": test_patients}, n_splits=2, first_seed=5, val_size=0.1,
                                     test_size=0.3)
    assert scores.index.tolist() == [5, 6] and seen[-1] == (81, 14, 42)
    assert scores.loc[6, "m"] == sum(data.split(X, y, val_size=0.1, test_size=0.3, seed=6)[2].index)


def test_cross_entropy_is_a_lower_is_better_metric_scored_by_hand():
    scores = pd.DataFrame({"net": [0.2, 0.5, 0.1], "lr": [0.3, 0.4, 0.4]})
    assert compare.over_splits(scores, "cross-entropy", "net", "lr").wins == 2  # -0.1 and -0.3 win
    y_true, y_prob = np.array([1, 0]), np.array([0.8, 0.4])
    expected = -(np.log(0.8) + np.log(0.6)) / 2
    assert compare.METRICS["cross-entropy"].score(y_true, y_prob) == pytest.approx(expected, rel=1e-12)
