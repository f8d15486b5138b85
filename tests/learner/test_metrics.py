"""Clinical metrics: asymmetric confusion matrices, edge cases, thresholds, intervals.

Fixtures keep apart the quantities a wrong formula would confuse: TP, FP, FN and TN all differ,
prevalence is far from 50%, targets do not give whole counts, and patients sit exactly at thresholds
or share scores. Expected values are worked by hand or come from scikit-learn and SciPy.
"""

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import confusion_matrix, precision_score, recall_score, roc_auc_score

from course_utils import metrics

# 50 patients, 7 with the disease (prevalence 14%): tp 5, fn 2, fp 3, tn 40.
TRUTH = np.array([1] * 7 + [0] * 43)
PREDICTED = np.array([1] * 5 + [0] * 2 + [1] * 3 + [0] * 40)
# 7 sick and 9 healthy patients' scores, with ties inside and across the classes.
SICK_SCORES = [0.95, 0.9, 0.8, 0.8, 0.6, 0.35, 0.2]
HEALTHY_SCORES = [0.85, 0.7, 0.6, 0.5, 0.4, 0.4, 0.3, 0.1, 0.05]
SCORED_TRUTH = np.array([1] * 7 + [0] * 9)
SCORES = np.array(SICK_SCORES + HEALTHY_SCORES)


def test_confusion_counts_match_scikit_learn():
    assert metrics.confusion_counts(TRUTH, PREDICTED) == {"tp": 5, "fp": 3, "tn": 40, "fn": 2}
    (tn, fp), (fn, tp) = confusion_matrix(TRUTH, PREDICTED)
    assert metrics.confusion_counts(TRUTH, PREDICTED) == {"tp": tp, "fp": fp, "tn": tn, "fn": fn}


def test_clinical_metrics_by_hand_and_by_scikit_learn():
    result = metrics.clinical_metrics(TRUTH, PREDICTED)
    assert result == {"sensitivity": 5 / 7, "specificity": 40 / 43, "ppv": 5 / 8, "npv": 40 / 42}
    assert result["sensitivity"] == recall_score(TRUTH, PREDICTED)
    assert result["specificity"] == recall_score(TRUTH, PREDICTED, pos_label=0)
    assert result["ppv"] == precision_score(TRUTH, PREDICTED)
    assert result["npv"] == precision_score(TRUTH, PREDICTED, pos_label=0)


@pytest.mark.parametrize("truth, predicted, nan", [
    ([0, 0, 1], [0, 0, 0], "ppv"),  # nobody called positive
    ([1, 1, 0], [1, 1, 1], "npv"),  # nobody called negative
    ([1, 1, 1], [1, 0, 1], "specificity"),  # nobody healthy
])
def test_a_metric_with_an_empty_denominator_is_nan_and_the_others_are_not(truth, predicted, nan):
    result = metrics.clinical_metrics(truth, predicted)
    assert [name for name, value in result.items() if math.isnan(value)] == [nan]


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


@pytest.mark.parametrize("sensitivity, specificity, prevalence, expected", [
    (0.9, 0.8, 0.01, 0.009 / (0.009 + 0.198)),  # screening: 4.3% of positives have the disease
    (0.9, 0.8, 0.3, 0.27 / (0.27 + 0.14)),  # a referral clinic: 65.9%
    (0.6, 0.99, 0.05, 0.03 / (0.03 + 0.0095)),
    (0.9, 0.8, 1.0, 1.0), (0.9, 0.8, 0.0, 0.0), (0.0, 0.5, 0.5, 0.0),
])
def test_ppv_at_prevalence_by_bayes_rule(sensitivity, specificity, prevalence, expected):
    ppv = metrics.ppv_at_prevalence(sensitivity, specificity, prevalence)
    assert ppv == pytest.approx(expected, rel=1e-12)


def test_ppv_at_prevalence_is_nan_when_nobody_tests_positive_and_refuses_non_proportions():
    assert math.isnan(metrics.ppv_at_prevalence(0.0, 1.0, 0.2))
    assert metrics.ppv_at_prevalence(1.0, 1.0, 0.2) == 1.0
    for arguments, name in [((1.2, 0.9, 0.1), "sensitivity"), ((0.9, -0.1, 0.1), "specificity"),
                            ((0.9, 0.9, 5), "prevalence")]:
        with pytest.raises(ValueError, match=f"{name} must be a proportion between 0 and 1, got"):
            metrics.ppv_at_prevalence(*arguments)


def test_ppv_agrees_with_the_confusion_matrix_at_the_sample_prevalence():
    ppv = metrics.ppv_at_prevalence(5 / 7, 40 / 43, 7 / 50)
    assert ppv == pytest.approx(metrics.clinical_metrics(TRUTH, PREDICTED)["ppv"], rel=1e-12)


def reference_bootstrap(statistic, n_patients, n_resamples, seed, usable=lambda index: True):
    """The resampling loop written out: draw n_patients indices with replacement, redraw unusable ones."""
    rng, values = np.random.default_rng(seed), []
    while len(values) < n_resamples:
        index = rng.integers(0, n_patients, n_patients)
        if usable(index):
            values.append(statistic(index))
    return np.array(values)


def test_bootstrap_auc_ci_is_the_auc_with_the_percentiles_of_redrawn_resamples():
    truth = np.array([1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0])  # a resample without a patient with the
    score = np.array([0.8, 0.3, 0.5, 0.5, 0.1, 0.7, 0.2, 0.4, 0.9, 0.6, 0.3, 0.15])  # disease is common
    values = reference_bootstrap(lambda i: roc_auc_score(truth[i], score[i]), 12, 200, seed=4,
                                 usable=lambda i: 0 < truth[i].sum() < 12)
    auc, low, high = metrics.bootstrap_auc_ci(truth, score, n_resamples=200, level=0.8, seed=4)
    assert auc == roc_auc_score(truth, score)
    assert (low, high) == pytest.approx(np.percentile(values, [10, 90]), abs=1e-12)


def test_bootstrap_auc_ci_defaults_are_1000_resamples_at_95_percent_with_seed_42(monkeypatch):
    seen = []
    monkeypatch.setattr(metrics, "bootstrap_interval", lambda *args, **_: seen.append(args[2:]) or (0, 1))
    metrics.bootstrap_auc_ci([0, 1, 1], [0.2, 0.3, 0.9])
    assert seen == [(1000, 0.95, 42)]


def test_bootstrap_interval_takes_the_percentiles_of_its_level():
    values = np.array([3.0, 9.0, 1.0, 4.0, 4.0, 7.0, 2.0])
    resampled = reference_bootstrap(lambda i: values[i].mean(), 7, 500, seed=2)
    for level, tails in [(0.95, [2.5, 97.5]), (0.5, [25, 75]), (0.9, [5, 95])]:
        interval = metrics.bootstrap_interval(lambda i: values[i].mean(), 7, 500, level=level, seed=2)
        assert interval == pytest.approx(tuple(np.percentile(resampled, tails)), abs=1e-12)
    sample = np.random.default_rng(0).normal(size=40)  # continuous: one resample more moves the percentiles
    default = metrics.bootstrap_interval(lambda i: sample[i].mean(), 40)
    reference = reference_bootstrap(lambda i: sample[i].mean(), 40, 1000, seed=42)
    assert default == pytest.approx(tuple(np.percentile(reference, [2.5, 97.5])), abs=1e-15)
    np.testing.assert_array_equal(metrics.bootstrap_values(lambda i: sample[i].mean(), 40), reference)


def test_bootstrap_interval_covers_the_true_mean_at_its_level():
    """Coverage simulation: the percentile interval of a mean of 60 normal values, 200 repeats."""
    rng = np.random.default_rng(7)
    coverage = {}
    for level in (0.5, 0.8):
        covered = []
        for repeat in range(200):
            sample = rng.normal(1.0, 2.0, 60)
            low, high = metrics.bootstrap_interval(lambda i, sample=sample: sample[i].mean(), 60, 200,
                                                   level=level, seed=repeat)
            covered.append(low <= 1.0 <= high)
        coverage[level] = np.mean(covered)
    assert 0.40 <= coverage[0.5] <= 0.60 and 0.70 <= coverage[0.8] <= 0.88  # standard errors 0.035, 0.028


def test_bootstrap_values_resample_every_patient_with_replacement_and_refuse_too_few():
    index = metrics.bootstrap_values(lambda i: i, 6, n_resamples=10, seed=5, usable=lambda i: 5 in i)
    np.testing.assert_array_equal(index, reference_bootstrap(lambda i: i, 6, 10, 5, lambda i: 5 in i))
    assert index.shape == (10, 6) and (index == 5).any(axis=1).all()
    pairs = metrics.bootstrap_values(lambda i: (i.min(), i.max()), 50, n_resamples=400)
    assert pairs.shape == (400, 2) and pairs[:, 0].min() == 0 and pairs[:, 1].max() == 49
    np.testing.assert_array_equal(pairs, reference_bootstrap(lambda i: (i.min(), i.max()), 50, 400, 42))
    with pytest.raises(ValueError, match="n_resamples=9 is too few for an interval; use >= 200"):
        metrics.bootstrap_values(lambda i: 0.0, 5, n_resamples=9)


def test_auc_matches_scikit_learn_with_ties_and_needs_both_classes():
    assert metrics.auc_score(SCORED_TRUTH, SCORES) == roc_auc_score(SCORED_TRUTH, SCORES)
    assert metrics.auc_score(SCORED_TRUTH, SCORES) == pytest.approx((44 + 1.5) / 63)  # 2 tied pairs
    with pytest.raises(ValueError, match="one class"):
        metrics.auc_score([1, 1, 1], [0.2, 0.5, 0.9])
    with pytest.raises(ValueError, match="y_score has 2 values but there are 3 labels"):
        metrics.auc_score([1, 0, 1], [0.2, 0.5])


def test_brier_score():
    assert metrics.brier_score([1, 0, 0], [0.8, 0.4, 0.0]) == pytest.approx((0.04 + 0.16 + 0) / 3, rel=1e-12)
    assert metrics.brier_score([1, 0], [1.0, 0.0]) == 0.0
    for bad in ([1.5, 0.0], [-0.1, 0.5]):
        with pytest.raises(ValueError, match="y_prob must be probabilities between 0 and 1"):
            metrics.brier_score([1, 0], bad)
    for bad in (np.nan, np.inf):
        with pytest.raises(ValueError, match="y_prob contains NaN or infinite values"):
            metrics.brier_score([1, 0], [bad, 0.0])


def test_calibration_table_bins_patients_on_the_edges_upwards_and_one_in_the_last_bin():
    # default 5 bins: [0, 0.2), [0.2, 0.4), [0.4, 0.6), [0.6, 0.8), [0.8, 1]; 0.2 and 0.4 open a bin
    table = metrics.calibration_table([0, 0, 1, 0, 1, 0, 1, 1], [0.0, 0.19, 0.2, 0.39, 0.4, 0.7, 0.85, 1.0])
    assert table["patients"].tolist() == [2, 2, 1, 1, 2]
    assert table["observed_rate"].tolist() == [0.0, 0.5, 1.0, 0.0, 1.0]
    assert table["mean_predicted"].tolist() == pytest.approx([0.095, 0.295, 0.4, 0.7, 0.925], abs=1e-12)
    assert list(table.columns) == ["mean_predicted", "observed_rate", "patients"]
    assert metrics.calibration_table([0, 1, 1], [0.1, 0.45, 0.9], n_bins=2)["patients"].tolist() == [2, 1]
    with pytest.raises(ValueError, match="between 0 and 1"):
        metrics.calibration_table([0, 1], [0.5, 1.5])


def highest_threshold_reaching(truth, score, target):
    """Brute force: try every score from the top; the first whose sensitivity reaches the target."""
    for threshold in sorted(set(score), reverse=True):
        if metrics.clinical_metrics(truth, score >= threshold)["sensitivity"] >= target:
            return threshold


def lowest_threshold_reaching(truth, score, target):
    """Brute force: just above each healthy score from the bottom; the first whose specificity reaches it."""
    for healthy in sorted(set(score[truth == 0])):
        threshold = np.nextafter(healthy, np.inf)
        if metrics.clinical_metrics(truth, score >= threshold)["specificity"] >= target:
            return threshold


@pytest.mark.parametrize("target, expected", [
    (0.8, 0.35), (0.5, 0.8), (0.6, 0.6), (1 / 7, 0.95), (0.15, 0.9), (1.0, 0.2), (0.7, 0.6)])
def test_threshold_for_sensitivity_is_the_highest_reaching_a_target_between_whole_counts(target, expected):
    threshold = metrics.threshold_for_sensitivity(SCORED_TRUTH, SCORES, target)
    assert threshold == expected == highest_threshold_reaching(SCORED_TRUTH, SCORES, target)


@pytest.mark.parametrize("target, expected", [
    (0.8, 0.7), (0.5, 0.4), (2 / 3, 0.5), (0.7, 0.6), (1.0, 0.85), (0.1, 0.05), (1 / 9, 0.05)])
def test_threshold_for_specificity_is_the_lowest_reaching_a_target_between_whole_counts(target, expected):
    threshold = metrics.threshold_for_specificity(SCORED_TRUTH, SCORES, target)
    assert threshold == np.nextafter(expected, np.inf)
    assert threshold == lowest_threshold_reaching(SCORED_TRUTH, SCORES, target)


def test_a_target_that_is_a_whole_count_only_up_to_rounding_is_not_rounded_up():
    truth, score = np.array([1] * 25 + [0] * 25), np.r_[np.arange(25, 0, -1), np.arange(25)] / 25
    assert 0.28 * 25 == 7.000000000000001  # floating point: ceil would ask for an 8th patient
    assert metrics.threshold_for_sensitivity(truth, score, 0.28) == 19 / 25  # the 7th highest sick score
    assert metrics.threshold_for_specificity(truth, score, 0.28) == np.nextafter(6 / 25, np.inf)


@pytest.mark.parametrize("function", [metrics.threshold_for_sensitivity, metrics.threshold_for_specificity])
def test_threshold_targets_must_be_in_zero_one(function):
    for target in (0.0, 1.01, -0.5):
        with pytest.raises(ValueError, match=rf"must be in \(0, 1\], got {target}"):
            function(SCORED_TRUTH, SCORES, target)
    with pytest.raises(ValueError, match="is undefined"):
        function([0, 0] if function is metrics.threshold_for_sensitivity else [1, 1], [0.1, 0.2], 0.9)
    with pytest.raises(ValueError, match="y_score has 15 values"):
        function(SCORED_TRUTH, SCORES[:-1], 0.5)


def test_threshold_report_matches_scikit_learn_with_patients_exactly_at_each_threshold():
    thresholds = [0.6, 0.35, 0.96]  # 0.6 is a sick and a healthy score; nobody reaches 0.96
    report = metrics.threshold_report(SCORED_TRUTH, SCORES, thresholds)
    assert report.columns.tolist() == ["threshold", "missed cancers", "false alarms", "sensitivity",
                                       "specificity", "ppv", "npv", "sensitivity 95% low",
                                       "sensitivity 95% high"]
    assert report["threshold"].tolist() == thresholds
    assert report[["missed cancers", "false alarms"]].values.tolist() == [[2, 3], [1, 6], [7, 0]]
    for row, threshold in zip(report.itertuples(index=False), thresholds, strict=True):
        called = (SCORES >= threshold).astype(int)
        assert row.sensitivity == recall_score(SCORED_TRUTH, called)
        assert row.specificity == recall_score(SCORED_TRUTH, called, pos_label=0)
        assert row.npv == precision_score(SCORED_TRUTH, called, pos_label=0)
        found = int(called[:7].sum())
        assert row[-2:] == pytest.approx(metrics.wilson_interval(found, 7), abs=1e-15)
    assert report["ppv"].tolist()[:2] == [5 / 8, 6 / 12] and math.isnan(report.loc[2, "ppv"])


def test_threshold_report_counts_a_patient_exactly_at_the_threshold_as_positive():
    report = metrics.threshold_report([1, 0, 1], [0.4, 0.4, 0.2], [0.4])
    assert report.loc[0, "missed cancers"] == 1 and report.loc[0, "false alarms"] == 1
    interval = report.loc[0, ["sensitivity 95% low", "sensitivity 95% high"]].tolist()
    assert interval == pytest.approx(metrics.wilson_interval(1, 2), abs=1e-15)  # 1 found, 1 missed


def test_threshold_report_without_sick_patients_has_no_sensitivity_interval():
    report = metrics.threshold_report([0, 0, 0], [0.1, 0.5, 0.9], [0.5])
    assert report.loc[0, "false alarms"] == 2 and report.loc[0, "specificity"] == pytest.approx(1 / 3)
    assert report[["sensitivity 95% low", "sensitivity 95% high"]].isna().all(axis=None)


@pytest.mark.parametrize("successes, n, level", [(41, 42, 0.95), (0, 10, 0.95), (10, 10, 0.95), (3, 7, 0.95),
                                                 (5, 7, 0.9), (1, 1, 0.5), (17, 60, 0.99)])
def test_wilson_interval_matches_scipy(successes, n, level):
    from scipy.stats import binomtest

    expected = binomtest(successes, n).proportion_ci(confidence_level=level, method="wilson")
    arguments = (successes, n) if level == 0.95 else (successes, n, level)  # 95% is the default
    interval = metrics.wilson_interval(*arguments)
    assert interval == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_wilson_interval_is_clamped_to_zero_one_and_refuses_bad_counts():
    assert metrics.wilson_interval(0, 3)[0] == 0.0 and metrics.wilson_interval(3, 3)[1] == 1.0
    assert metrics.wilson_interval(1, 1, level=0.5)[1] == 1.0
    # without the clamp, rounding would give 1.0000000000000002 and -6.9e-18 here
    assert metrics.wilson_interval(2, 2, level=0.5)[1] == 1.0
    assert metrics.wilson_interval(0, 6, level=0.5)[0] == 0.0
    for successes, n in [(5, 4), (-1, 4), (0, 0)]:
        with pytest.raises(ValueError, match=f"n >= 1, got successes={successes}, n={n}"):
            metrics.wilson_interval(successes, n)


def test_bootstrap_interval_redraws_unusable_resamples_and_refuses_a_bad_level():
    values = np.arange(50, dtype=float)
    low, high = metrics.bootstrap_interval(lambda index: values[index].mean(), 50, n_resamples=200, seed=0,
                                           usable=lambda index: 0 in index)
    assert low < values.mean() < high
    for level in (1.5, 0.0, 1.0):
        with pytest.raises(ValueError, match=f"level must be between 0 and 1 \\(e.g. 0.95\\), got {level}"):
            metrics.bootstrap_interval(lambda index: 0.0, 50, level=level)


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


@pytest.mark.parametrize("call, message", [
    (lambda: metrics.confusion_counts([], []), "y_true is empty: pass at least one patient's label."),
    (lambda: metrics.confusion_counts([1, 0], [1, 0.5]),
     "y_pred must hold only 0 (no disease) and 1 (disease); found values [0.5]."),
    (lambda: metrics.clinical_metrics([2, 9, 8, 7, 6, 5, 4, 3, 1, 0], [0] * 10),
     "y_true must hold only 0 (no disease) and 1 (disease); found values [2, 3, 4, 5, 6]."),
    (lambda: metrics.confusion_counts([1, 0], [1, 0, 1]), "y_true has 2 labels but y_pred has 3."),
    (lambda: metrics.brier_score([1, 0], [0.5]),
     "y_prob has 1 values but there are 2 labels: pass one score per patient."),
    (lambda: metrics.calibration_table([1, 0], [0.5, np.nan]), "y_prob contains NaN or infinite values."),
    (lambda: metrics.brier_score([1, 0], [1.5, 0.0]),
     "y_prob must be probabilities between 0 and 1 (apply the sigmoid first)."),
    (lambda: metrics.cross_entropy([1, 0], [0.5]),
     "2 labels but 1 probabilities; give one probability per patient."),
    (lambda: metrics.auc_score([0, 0], [0.1, 0.2]),
     "AUC needs both sick and healthy patients; y_true has only one class."),
    (lambda: metrics.bootstrap_auc_ci([0, 1], [0.1]), "y_score has 1 values but there are 2 labels: "
                                                      "pass one score per patient."),
    (lambda: metrics.threshold_report([0, 1], [0.1], [0.5]), "y_score has 1 values but there are 2 labels: "
                                                             "pass one score per patient."),
    (lambda: metrics.threshold_for_sensitivity([0, 1], [0.1, 0.2], 0),
     "target sensitivity must be in (0, 1], got 0."),
    (lambda: metrics.threshold_for_specificity([0, 1], [0.1, 0.2], 2),
     "target specificity must be in (0, 1], got 2."),
    (lambda: metrics.threshold_for_sensitivity([0], [0.1], 0.5),
     "no patient has the disease (y_true == 1): sensitivity is undefined."),
    (lambda: metrics.threshold_for_specificity([1], [0.1], 0.5),
     "no healthy patient (y_true == 0): specificity is undefined."),
    (lambda: metrics.ppv_at_prevalence(0.9, 1.5, 0.1),
     "specificity must be a proportion between 0 and 1, got 1.5."),
    (lambda: metrics.bootstrap_interval(lambda i: 0.0, 5, level=1),
     "level must be between 0 and 1 (e.g. 0.95), got 1."),
    (lambda: metrics.wilson_interval(3, 2), "need 0 <= successes <= n and n >= 1, got successes=3, n=2."),
])
def test_every_refusal_says_exactly_what_is_wrong(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value) == message


def test_labels_come_back_as_integers_and_scores_as_floats_whatever_their_container():
    labels = metrics._as_labels(np.array([True, False, True]))
    assert labels.dtype.kind == "i" and labels.tolist() == [1, 0, 1]
    scores = pd.Series([0.8, 0.4], dtype=object)  # e.g. a column read as text, then converted by hand
    assert metrics.brier_score([1, 0], scores) == pytest.approx(0.1)
    losses = metrics.cross_entropy_per_patient([True, False], pd.Series([0.9, 0.2], dtype=object))
    assert losses == pytest.approx([-np.log(0.9), -np.log(0.8)])
    assert metrics.bootstrap_values(lambda i: len(i), 4, n_resamples=10).dtype == float


@pytest.mark.parametrize(("sensitivity", "specificity", "prevalence", "expected"), [
    (0.9, 0.8, 0.1, 0.72 / (0.72 + 0.01)),  # TN share 0.8 * 0.9, FN share 0.1 * 0.1
    (0.6, 0.99, 0.05, 0.9405 / (0.9405 + 0.02)),
    (0.9, 0.8, 0.0, 1.0), (0.9, 0.8, 1.0, 0.0),
])
def test_npv_at_prevalence_by_bayes_rule(sensitivity, specificity, prevalence, expected):
    npv = metrics.npv_at_prevalence(sensitivity, specificity, prevalence)
    assert npv == pytest.approx(expected, rel=1e-12)


def test_npv_agrees_with_the_confusion_matrix_and_is_nan_when_nobody_tests_negative():
    npv = metrics.npv_at_prevalence(5 / 7, 40 / 43, 7 / 50)
    assert npv == pytest.approx(metrics.clinical_metrics(TRUTH, PREDICTED)["npv"], rel=1e-12)
    assert math.isnan(metrics.npv_at_prevalence(1.0, 0.0, 0.3))
    with pytest.raises(ValueError, match=r"^prevalence must be a proportion between 0 and 1, got 1.5.$"):
        metrics.npv_at_prevalence(0.9, 0.9, 1.5)
    with pytest.raises(ValueError, match=r"^sensitivity must be a proportion between 0 and 1, got 1.2.$"):
        metrics.npv_at_prevalence(1.2, 0.9, 0.3)
    with pytest.raises(ValueError, match=r"^specificity must be a proportion between 0 and 1, got -0.1.$"):
        metrics.npv_at_prevalence(0.9, -0.1, 0.3)
