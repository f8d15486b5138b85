"""Clinical metrics: known confusion matrices, edge cases, thresholds, intervals."""

import math

import numpy as np
import pytest

from course_utils import metrics

TRUTH = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
PREDICTED = np.array([1, 1, 1, 0, 1, 0, 0, 0, 0, 0])  # tp 3, fn 1, fp 1, tn 5


def test_confusion_counts():
    assert metrics.confusion_counts(TRUTH, PREDICTED) == {"tp": 3, "fp": 1, "tn": 5, "fn": 1}


def test_clinical_metrics_values():
    result = metrics.clinical_metrics(TRUTH, PREDICTED)
    assert result == pytest.approx({"sensitivity": 3 / 4, "specificity": 5 / 6, "ppv": 3 / 4, "npv": 5 / 6})


def test_sensitivity_is_nan_without_sick_patients():
    result = metrics.clinical_metrics([0, 0, 0], [0, 1, 0])
    assert math.isnan(result["sensitivity"])
    assert result["npv"] == 1.0
    assert result["specificity"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("bad", [[0, 2, 1], [0.5, 1, 0], []])
def test_labels_must_be_zero_or_one(bad):
    with pytest.raises(ValueError, match="y_true"):
        metrics.clinical_metrics(bad, [0] * len(bad))


def test_lengths_must_match():
    with pytest.raises(ValueError, match="labels but y_pred"):
        metrics.confusion_counts([0, 1], [0, 1, 1])


def test_ppv_falls_with_prevalence():
    clinic = metrics.ppv_at_prevalence(0.95, 0.95, 0.5)
    screening = metrics.ppv_at_prevalence(0.95, 0.95, 0.005)
    assert clinic == pytest.approx(0.95)
    assert screening == pytest.approx(0.95 * 0.005 / (0.95 * 0.005 + 0.05 * 0.995))
    with pytest.raises(ValueError, match="prevalence"):
        metrics.ppv_at_prevalence(0.9, 0.9, 5)


def test_bootstrap_interval_contains_estimate_and_is_seeded():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 2, 200)
    score = truth + rng.normal(0, 0.8, 200)
    auc, low, high = metrics.bootstrap_auc_ci(truth, score, n_resamples=300, seed=1)
    assert low < auc < high and 0.5 < low and high <= 1
    assert metrics.bootstrap_auc_ci(truth, score, n_resamples=300, seed=1) == (auc, low, high)


def test_auc_needs_both_classes():
    with pytest.raises(ValueError, match="one class"):
        metrics.auc_score([1, 1, 1], [0.2, 0.5, 0.9])


def test_brier_score():
    assert metrics.brier_score([1, 0], [0.8, 0.4]) == pytest.approx((0.04 + 0.16) / 2)
    with pytest.raises(ValueError, match="between 0 and 1"):
        metrics.brier_score([1, 0], [1.5, 0.0])
    with pytest.raises(ValueError, match="NaN"):
        metrics.brier_score([1, 0], [np.nan, 0.0])


def test_calibration_table_bins():
    table = metrics.calibration_table([0, 0, 1, 1], [0.1, 0.15, 0.9, 1.0], n_bins=5)
    assert table["patients"].tolist() == [2, 2]
    assert table["observed_rate"].tolist() == [0.0, 1.0]
    assert table["mean_predicted"].tolist() == pytest.approx([0.125, 0.95])


def test_threshold_for_sensitivity_meets_target_with_fewest_alarms():
    truth = np.array([1, 1, 1, 1, 0, 0, 0])
    score = np.array([0.9, 0.8, 0.4, 0.2, 0.5, 0.3, 0.1])
    threshold = metrics.threshold_for_sensitivity(truth, score, 0.75)
    assert threshold == pytest.approx(0.4)
    assert metrics.clinical_metrics(truth, score >= threshold)["sensitivity"] >= 0.75
    assert metrics.threshold_for_sensitivity(truth, score, 1.0) == pytest.approx(0.2)
    with pytest.raises(ValueError, match="no patient has the disease"):
        metrics.threshold_for_sensitivity([0, 0], [0.1, 0.2], 0.9)


def test_threshold_for_specificity_meets_target():
    truth = np.array([1, 1, 1, 0, 0, 0, 0])
    score = np.array([0.9, 0.8, 0.4, 0.5, 0.3, 0.1, 0.2])
    threshold = metrics.threshold_for_specificity(truth, score, 1.0)
    assert 0.5 < threshold < 0.50001
    result = metrics.clinical_metrics(truth, score >= threshold)
    assert result["specificity"] == 1.0 and result["sensitivity"] == pytest.approx(2 / 3)


def test_threshold_report_rows():
    report = metrics.threshold_report(TRUTH, PREDICTED * 0.8 + 0.1, [0.5, 0.95])
    assert report["threshold"].tolist() == [0.5, 0.95]
    assert report.loc[0, "sensitivity"] == pytest.approx(0.75)
    assert report.loc[1, "sensitivity"] == 0.0
    assert report[["missed cancers", "false alarms"]].values.tolist() == [[1, 1], [4, 0]]
    assert (report.loc[0, "sensitivity 95% low"], report.loc[0, "sensitivity 95% high"]) == pytest.approx(
        metrics.wilson_interval(3, 4))


def test_threshold_report_counts_a_patient_exactly_at_the_threshold_as_positive():
    report = metrics.threshold_report([1, 0, 1], [0.4, 0.4, 0.2], [0.4])
    assert report.loc[0, "missed cancers"] == 1 and report.loc[0, "false alarms"] == 1


@pytest.mark.parametrize("successes, n", [(41, 42), (0, 10), (10, 10), (3, 7)])
def test_wilson_interval_matches_scipy(successes, n):
    from scipy.stats import binomtest

    expected = binomtest(successes, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert metrics.wilson_interval(successes, n) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_wilson_interval_follows_the_level_and_refuses_bad_counts():
    narrow, wide = metrics.wilson_interval(30, 40, level=0.5), metrics.wilson_interval(30, 40, level=0.99)
    assert wide[0] < narrow[0] < 0.75 < narrow[1] < wide[1]
    with pytest.raises(ValueError, match="successes <= n"):
        metrics.wilson_interval(5, 4)


def test_bootstrap_interval_redraws_unusable_resamples_and_brackets_the_mean():
    values = np.arange(50, dtype=float)
    low, high = metrics.bootstrap_interval(lambda index: values[index].mean(), 50, n_resamples=200, seed=0,
                                           usable=lambda index: 0 in index)
    assert low < values.mean() < high
    with pytest.raises(ValueError, match="level"):
        metrics.bootstrap_interval(lambda index: 0.0, 50, level=1.5)


def test_cross_entropy_per_patient_by_hand():
    losses = metrics.cross_entropy_per_patient([1, 0, 0, 1], [0.9, 0.2, 0.7, 0.4])
    np.testing.assert_allclose(losses, [-np.log(0.9), -np.log(0.8), -np.log(0.3), -np.log(0.4)], rtol=1e-12)
    mean = metrics.cross_entropy([1, 0, 0, 1], [0.9, 0.2, 0.7, 0.4])
    assert mean == pytest.approx(losses.mean(), rel=1e-12)


def test_cross_entropy_clips_certain_mistakes_to_a_finite_loss():
    assert metrics.cross_entropy_per_patient([1, 0], [0.0, 1.0]) == pytest.approx([-np.log(1e-7)] * 2)
    assert metrics.cross_entropy([1], [0.0], clip=1e-12) == pytest.approx(-np.log(1e-12))
    assert metrics.cross_entropy([1, 0], [1.0, 0.0]) == pytest.approx(-np.log(1 - 1e-7))


def test_cross_entropy_accepts_a_column_of_probabilities_and_refuses_a_length_mismatch():
    assert metrics.cross_entropy([1, 0], np.array([[0.8], [0.1]])) == pytest.approx(
        -(np.log(0.8) + np.log(0.9)) / 2)
    with pytest.raises(ValueError, match="2 labels but 1 probabilities"):
        metrics.cross_entropy([1, 0], [0.5])
