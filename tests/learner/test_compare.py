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
