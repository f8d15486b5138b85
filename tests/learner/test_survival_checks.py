"""Calibration at a horizon, the integrated Brier score, Schoenfeld residuals and numbers at risk:
hand-worked cases and scikit-survival as the independent reference."""

import numpy as np
import pandas as pd
import pytest
from sksurv.metrics import integrated_brier_score
from sksurv.nonparametric import kaplan_meier_estimator
from sksurv.util import Surv

from course_utils import survival_checks as sc

# Six patients: events at 2, 3 (twice, a tie) and 7; censored at 5 and 9.
TIME = np.array([2.0, 3.0, 3.0, 5.0, 7.0, 9.0])
EVENT = np.array([1, 1, 1, 0, 1, 0])


def test_kaplan_meier_at_a_horizon_by_hand():
    # S(4) = (1 - 1/6)(1 - 2/5) = 0.5; S(8) = 0.5 * (1 - 1/2) = 0.25 (patients 7 and 9 at risk at 7).
    assert sc.kaplan_meier_at(TIME, EVENT, 4.0)[0] == pytest.approx(0.5, abs=1e-12)
    assert sc.kaplan_meier_at(TIME, EVENT, 8.0)[0] == pytest.approx(0.25, abs=1e-12)
    assert np.isnan(sc.kaplan_meier_at(TIME, EVENT, 10.0)).all()  # ends on a censored patient at 9
    assert sc.kaplan_meier_at([1.0, 2.0], [1, 1], 5.0) == (0.0, 0.0, 0.0)  # everyone had the event


@pytest.mark.parametrize("horizon", [2.5, 4.0, 8.0])
def test_kaplan_meier_interval_matches_scikit_survival_log_log(horizon):
    days, estimate, (low, high) = kaplan_meier_estimator(EVENT.astype(bool), TIME, conf_type="log-log")
    k = np.searchsorted(days, horizon, side="right") - 1
    expected = (estimate[k], low[k], high[k])
    assert sc.kaplan_meier_at(TIME, EVENT, horizon) == pytest.approx(expected, abs=1e-12)


def test_calibration_groups_patients_by_predicted_survival():
    predicted = np.array([0.1, 0.2, 0.3, 0.9, 0.6, 0.8])  # groups of two: {0.1, 0.2}, {0.3, 0.6}, {0.8, 0.9}
    table = sc.calibration_at(TIME, EVENT, predicted, horizon=4.0, n_groups=3)
    assert table["patients"].tolist() == [2, 2, 2]
    assert table["predicted"].tolist() == pytest.approx([0.15, 0.45, 0.85])
    # Group 1 (times 2, 3): both events by 4 -> 0; group 2 (3, 7): 1/2; group 3 (5 censored, 9): 1.
    assert table["observed"].tolist() == pytest.approx([0.0, 0.5, 1.0])
    assert table["followed_at_horizon"].tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match="6 patients but 5 predictions"):
        sc.calibration_at(TIME, EVENT, predicted[:5], horizon=4.0)


def test_integrated_brier_terms_average_to_scikit_survivals_score():
    rng = np.random.default_rng(3)
    train_time, train_event = rng.exponential(10, 80).round(1) + 0.1, rng.random(80) < 0.6
    test_time, test_event = rng.exponential(10, 30).round(1) + 0.1, rng.random(30) < 0.6
    times = np.linspace(1, np.quantile(test_time, 0.8), 12)
    survival = np.exp(-np.outer(rng.uniform(0.05, 0.2, 30), times))
    terms = sc.integrated_brier_terms(train_time, train_event, test_time, test_event, survival, times)
    expected = integrated_brier_score(Surv.from_arrays(train_event, train_time),
                                      Surv.from_arrays(test_event, test_time), survival, times)
    assert terms.shape == (30,)
    assert terms.mean() == pytest.approx(expected, rel=1e-12)


def test_integrated_brier_terms_by_hand_without_censoring():
    # No censoring in training: G = 1. Patient A dies at 1, B is followed past 2; times 0..2.
    # A: S(0)^2*0 (not yet dead at 0) ... at t=0 A is "still followed": (1-0.9)^2; at 1 and 2: S^2.
    survival = np.array([[0.9, 0.5, 0.4], [0.8, 0.7, 0.6]])
    terms = sc.integrated_brier_terms([5.0, 6.0], [1, 1], [1.0, 3.0], [1, 1], survival, [0.0, 1.0, 2.0])
    a = np.trapezoid([0.1**2, 0.5**2, 0.4**2], [0, 1, 2]) / 2
    b = np.trapezoid([0.2**2, 0.3**2, 0.4**2], [0, 1, 2]) / 2
    assert terms == pytest.approx([a, b], abs=1e-12)
    with pytest.raises(ValueError, match=r"expected \(test patients, times\) = \(2, 3\)"):
        sc.integrated_brier_terms([5.0], [1], [1.0, 3.0], [1, 1], survival[:, :2], [0.0, 1.0, 2.0])


def test_schoenfeld_residuals_by_hand():
    # One feature x = [0, 1, 2], coefficient log 2: weights 1, 2, 4. Events at 1 and 2, censored at 3.
    residuals = sc.schoenfeld_residuals([1.0, 2.0, 3.0], [1, 1, 0], pd.DataFrame({"x": [0.0, 1.0, 2.0]}),
                                        [np.log(2)])
    # At 1: expected x = (0*1 + 1*2 + 2*4) / 7 = 10/7; at 2: (1*2 + 2*4) / 6 = 10/6.
    assert residuals.index.tolist() == [1.0, 2.0]
    assert residuals["x"].tolist() == pytest.approx([0 - 10 / 7, 1 - 10 / 6], abs=1e-12)


def test_schoenfeld_residuals_sum_to_zero_at_the_cox_fit():
    """The score equation of the partial likelihood: at the fitted coefficients the residuals sum to 0."""
    from sksurv.linear_model import CoxPHSurvivalAnalysis

    rng = np.random.default_rng(0)
    features = pd.DataFrame({"a": rng.normal(size=60), "b": rng.normal(size=60)})
    time = rng.exponential(np.exp(-0.7 * features["a"].to_numpy())).round(2) + 0.01
    event = rng.random(60) < 0.7
    cox = CoxPHSurvivalAnalysis(ties="breslow").fit(features, Surv.from_arrays(event, time))
    residuals = sc.schoenfeld_residuals(time, event, features, cox.coef_)
    assert len(residuals) == event.sum()
    assert residuals.sum().to_numpy() == pytest.approx([0, 0], abs=1e-6)


def test_the_proportional_hazards_test_flags_a_hazard_ratio_that_changes_over_time():
    rng = np.random.default_rng(1)
    n = 400
    x = rng.integers(0, 2, n).astype(float)
    # Group x = 1: hazard 4 before day 1, 0.25 after (crossing hazards); group 0: hazard 1 throughout.
    early = rng.exponential(1 / np.where(x == 1, 4.0, 1.0))
    late = 1 + rng.exponential(1 / np.where(x == 1, 0.25, 1.0))
    time = np.where(early < 1, early, late)
    z = pd.DataFrame({"x": x, "noise": rng.normal(size=n)})
    table = sc.proportional_hazards_test(time, np.ones(n), z, [0.0, 0.0])
    assert table.loc["x", "p-value"] < 1e-6 and table.loc["x", "correlation with time"] < 0
    assert table.loc["noise", "p-value"] > 0.01


def test_numbers_at_risk_count_patients_still_followed():
    table = sc.numbers_at_risk(TIME, ["a", "a", "b", "b", "b", "a"], [0, 3, 6])
    assert table.loc["a"].tolist() == [3, 2, 1] and table.loc["b"].tolist() == [3, 3, 1]


def test_bad_input_is_one_clear_error():
    with pytest.raises(ValueError, match=r"horizon 12 is outside the follow-up \(longest 9\)"):
        sc.calibration_at(TIME, EVENT, np.linspace(0.1, 0.9, 6), horizon=12)
    with pytest.raises(ValueError, match="7 groups of 6 patients would leave a group empty"):
        sc.calibration_at(TIME, EVENT, np.linspace(0.1, 0.9, 6), horizon=4, n_groups=7)
    with pytest.raises(ValueError, match=r"end before the longest test follow-up \(3\); got 0 to 3"):
        sc.integrated_brier_terms([5.0], [1], [1.0, 3.0], [1, 1], np.ones((2, 2)), [0.0, 3.0])
    with pytest.raises(ValueError, match="no events"):
        sc.proportional_hazards_test([1.0, 2.0], [0, 0], pd.DataFrame({"x": [0.0, 1.0]}), [0.0])
    with pytest.raises(ValueError, match="3 patients but 2 rows of features"):
        sc.schoenfeld_residuals([1.0, 2.0, 3.0], [1, 1, 0], pd.DataFrame({"x": [0.0, 1.0]}), [0.0])


def test_kaplan_meier_counts_an_event_at_the_horizon_and_follows_to_the_last_time():
    assert sc.kaplan_meier_at(TIME, EVENT, 3.0)[0] == pytest.approx(0.5, abs=1e-12)  # both events at 3 count
    assert sc.kaplan_meier_at(TIME, EVENT, 9.0)[0] == pytest.approx(0.25, abs=1e-12)  # 9 is still followed
    assert sc.kaplan_meier_at(TIME, EVENT, 1.0) == (1.0, 1.0, 1.0)  # no event yet: no interval to compute


@pytest.mark.parametrize("horizon", [0.5, 9.0])
def test_any_horizon_inside_the_follow_up_is_accepted(horizon):
    table = sc.calibration_at(TIME, EVENT, np.linspace(0.1, 0.9, 6), horizon=horizon)
    assert len(table) == 3  # three risk groups by default


def test_calibration_table_names_its_rows_and_columns_and_counts_patients_at_the_horizon():
    predicted = np.array([0.1, 0.2, 0.3, 0.9, 0.6, 0.8])
    table = sc.calibration_at(TIME, EVENT, predicted, horizon=5.0)
    assert table.columns.tolist() == ["patients", "predicted", "observed", "low", "high",
                                      "followed_at_horizon"]
    assert table.index.tolist() == [1, 2, 3] and table.index.name == "risk group (1 = highest)"
    assert table["followed_at_horizon"].tolist() == [0, 1, 2]  # the patient censored at 5 is still followed
    assert len(sc.calibration_at(TIME, EVENT, predicted, horizon=5.0, n_groups=1)) == 1
    assert sc.calibration_at(TIME, EVENT, predicted, horizon=5.0, n_groups=6)["patients"].tolist() == [1] * 6


def test_bad_horizons_and_group_counts_get_the_whole_message():
    with pytest.raises(ValueError, match=r"^horizon 0 is outside the follow-up \(longest 9\): choose a "
                                         r"horizon inside it, where some patients are still followed\.$"):
        sc.calibration_at(TIME, EVENT, np.linspace(0.1, 0.9, 6), horizon=0)
    with pytest.raises(ValueError, match=r"^0 groups of 6 patients would leave a group empty: ask for "
                                         r"between 1 and as many groups as patients\.$"):
        sc.calibration_at(TIME, EVENT, np.linspace(0.1, 0.9, 6), horizon=4, n_groups=0)


@pytest.mark.parametrize("times", [[1.0], [0.0, 0.0, 2.0], [-1.0, 1.0, 2.0], [0.0, 1.0, 3.0]])
def test_integrated_brier_terms_reject_times_that_are_short_not_increasing_negative_or_too_late(times):
    with pytest.raises(ValueError, match="times must increase"):
        sc.integrated_brier_terms([5.0], [1], [1.0, 3.0], [1, 1], np.ones((2, len(times))), times)


def test_integrated_brier_terms_with_two_times_and_a_censoring_curve_that_reaches_zero():
    # Training censoring curve G: 1 before 2, 0 from 2 on (the last training patient is censored at 2).
    # Where G = 0 a patient's term gets weight 0. A dies at 2.5, B at 3; times 0 and 2.5.
    survival = np.array([[0.9, 0.4], [0.8, 0.6]])
    terms = sc.integrated_brier_terms([1.0, 2.0], [1, 0], [2.5, 3.0], [1, 1], survival, [0.0, 2.5])
    assert terms == pytest.approx([0.5 * 0.1**2, 0.5 * 0.2**2], abs=1e-12)


def test_schoenfeld_residuals_keep_tied_events_in_patient_order_under_their_named_index():
    # 40 events at two tied times, in shuffled order; coefficient 0, so residual + at-risk mean = x.
    time = np.random.default_rng(0).permutation([2.0] * 20 + [3.0] * 20)
    x = np.arange(40.0)
    residuals = sc.schoenfeld_residuals(time, np.ones(40), pd.DataFrame({"x": x}), [0.0])
    assert residuals.index.name == "event time"
    first = residuals.loc[2.0, "x"].to_numpy() + x.mean()   # everyone is at risk at 2
    assert first.tolist() == x[time == 2.0].tolist()
    with pytest.raises(ValueError, match=r"^no events: Schoenfeld residuals exist only at event times\.$"):
        sc.schoenfeld_residuals([1.0, 2.0], [0, 0], pd.DataFrame({"x": [0.0, 1.0]}), [0.0])


def test_numbers_at_risk_names_its_axes():
    table = sc.numbers_at_risk(TIME, ["a", "a", "b", "b", "b", "a"], [0, 3])
    assert (table.index.name, table.columns.name) == ("group", "day")


def test_schoenfeld_residuals_are_floats_for_a_true_false_column_beside_a_number():
    # pandas' get_dummies gives True/False columns; x = [0, 1, 2] with coefficient log 2 as above.
    features = pd.DataFrame({"treated": [True, False, True], "x": [0.0, 1.0, 2.0]})
    residuals = sc.schoenfeld_residuals([1.0, 2.0, 3.0], [1, 1, 0], features, [0.0, np.log(2)])
    assert residuals.dtypes.tolist() == [np.dtype(float)] * 2
    assert residuals["x"].tolist() == pytest.approx([0 - 10 / 7, 1 - 10 / 6], abs=1e-12)
    # treated: at 1, (1*1 + 0*2 + 1*4) / 7 = 5/7; at 2, (0*2 + 1*4) / 6 = 4/6.
    assert residuals["treated"].tolist() == pytest.approx([1 - 5 / 7, 0 - 4 / 6], abs=1e-12)
