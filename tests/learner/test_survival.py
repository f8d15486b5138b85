"""Unit tests for course_utils.survival, checked against scikit-survival as the independent reference."""

import numpy as np
import pandas as pd
import pytest
from sksurv.linear_model import CoxPHSurvivalAnalysis
from sksurv.linear_model.coxph import CoxPHOptimizer
from sksurv.metrics import concordance_index_censored
from sksurv.util import Surv

from course_utils import data, survival


@pytest.fixture(scope="module")
def gbsg2_design():
    """Standardized numeric GBSG2 features with one-hot categories, plus time and event."""
    X, y = data.load_xy("gbsg2")
    X = pd.get_dummies(X, columns=["horTh", "menostat", "tgrade"], drop_first=True, dtype=float)
    X = (X - X.mean()) / X.std()
    return X.to_numpy(float), y["time"].to_numpy(float), y["event"].to_numpy(int)


def breslow_loop(time, event, risk):
    """Breslow's negative log partial likelihood summed over events, by an explicit loop."""
    total = 0.0
    for i in range(len(time)):
        if event[i]:
            total -= risk[i] - np.log(sum(np.exp(risk[j]) for j in range(len(time)) if time[j] >= time[i]))
    return total


def test_loss_matches_loop_with_ties():
    time = np.array([5.0, 3.0, 3.0, 8.0, 1.0, 3.0, 8.0])
    event = np.array([1, 1, 0, 1, 0, 1, 1])
    risk = np.array([0.2, -1.0, 0.5, 1.5, 0.0, 0.3, -0.4])
    loss = float(survival.cox_negative_log_likelihood(time, event, risk))
    assert loss == pytest.approx(breslow_loop(time, event, risk) / event.sum(), rel=1e-5)


def test_loss_matches_sksurv_likelihood(gbsg2_design):
    X, time, event = gbsg2_design
    weights = np.linspace(-0.3, 0.3, X.shape[1])
    reference = CoxPHOptimizer(X, event.astype(bool), time, alpha=np.zeros(X.shape[1]), ties="breslow")
    expected = reference.nlog_likelihood(weights) * len(time) / event.sum()
    ours = float(survival.cox_negative_log_likelihood(time, event, X @ weights))
    assert ours == pytest.approx(expected, rel=1e-4)


def test_sksurv_cox_coefficients_are_the_optimum_of_our_loss(gbsg2_design):
    import tensorflow as tf

    X, time, event = gbsg2_design
    cox = CoxPHSurvivalAnalysis(ties="breslow").fit(X, Surv.from_arrays(event.astype(bool), time))
    coefficients = tf.Variable(cox.coef_.astype("float32"))
    with tf.GradientTape() as tape:
        risk = tf.linalg.matvec(X.astype("float32"), coefficients)
        loss = survival.cox_negative_log_likelihood(time, event, risk)
    gradient = tape.gradient(loss, coefficients).numpy()
    assert np.abs(gradient).max() < 1e-3
    moved = float(survival.cox_negative_log_likelihood(time, event, X @ (cox.coef_ + 0.05)))
    assert moved > float(loss)


def test_keras_loss_reads_time_and_event_columns():
    time, event, risk = np.array([2.0, 4.0, 6.0]), np.array([1, 0, 1]), np.array([0.5, 0.1, -0.2])
    y_true = np.stack([time, event], axis=1).astype("float32")
    assert float(survival.cox_loss(y_true, risk[:, None])) == pytest.approx(
        float(survival.cox_negative_log_likelihood(time, event, risk)))


def test_loss_without_events_is_zero():
    assert float(survival.cox_negative_log_likelihood([1.0, 2.0], [0, 0], [0.3, 0.1])) == 0.0


def test_concordance_matches_sksurv_and_rejects_bad_input():
    rng = np.random.default_rng(0)
    time, event, risk = rng.exponential(10, 50), rng.integers(0, 2, 50), rng.normal(size=50)
    expected = concordance_index_censored(event.astype(bool), time, risk)[0]
    assert survival.concordance_index(time, event, risk) == pytest.approx(expected)
    assert survival.concordance_index(time, event, -time) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="0/1"):
        survival.concordance_index(time, event * 2, risk)
    with pytest.raises(ValueError, match="risk_score"):
        survival.concordance_index(time, event, risk[:10])


def test_bootstrap_interval_brackets_the_estimate_and_is_seeded():
    rng = np.random.default_rng(1)
    time, event = rng.exponential(10, 80), rng.integers(0, 2, 80)
    risk = -time + rng.normal(0, 8, 80)
    c_index, low, high = survival.bootstrap_c_index(time, event, risk, n_boot=200, seed=3)
    assert low < c_index < high
    assert (c_index, low, high) == survival.bootstrap_c_index(time, event, risk, n_boot=200, seed=3)


def test_survival_curves_match_sksurv_breslow(gbsg2_design):
    X, time, event = gbsg2_design
    cox = CoxPHSurvivalAnalysis(ties="breslow").fit(X, Surv.from_arrays(event.astype(bool), time))
    hazard = survival.breslow_baseline_hazard(time, event, cox.predict(X))
    times = np.array([0.0, 200.0, 1000.0, 2000.0])
    ours = survival.predict_survival(hazard, cox.predict(X[:3]), times)
    reference = np.array([fn(times) for fn in cox.predict_survival_function(X[:3])])
    np.testing.assert_allclose(ours, reference, atol=1e-6)
    assert ours.shape == (3, 4) and (np.diff(ours, axis=1) <= 0).all()


def test_encode_features_learns_from_training_patients_only():
    X_train = pd.DataFrame({"age": [40.0, 50.0, 60.0, 70.0], "arm": ["a", "b", "a", "b"]})
    X_test = pd.DataFrame({"age": [55.0, 100.0], "arm": ["b", "a"]})
    encoder, (Z_train, Z_test) = survival.encode_features(X_train, X_test, categorical=["arm"])
    assert list(encoder.get_feature_names_out()) == ["age", "arm_b"]
    assert Z_train.dtype == np.float32 and Z_train.shape == (4, 2) and Z_test.shape == (2, 2)
    assert Z_train[:, 0].mean() == pytest.approx(0.0, abs=1e-6)
    scale = X_train["age"].std(ddof=0)
    np.testing.assert_allclose(Z_test[:, 0], (X_test["age"] - 55.0) / scale, rtol=1e-6)
    np.testing.assert_array_equal(Z_test[:, 1], [1.0, 0.0])
    with pytest.raises(ValueError, match="not in X_train"):
        survival.encode_features(X_train, categorical=["sex"])


def test_fit_cox_network_takes_one_full_batch_step_per_epoch_and_learns_the_risk():
    import keras

    rng = np.random.default_rng(0)
    Z = rng.normal(size=(120, 1)).astype("float32")
    y = pd.DataFrame({"time": rng.exponential(1 / np.exp(1.5 * Z[:, 0])), "event": np.ones(120, int)})
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, use_bias=False)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss=survival.cox_loss)
    history = survival.fit_cox_network(model, Z[:100], y[:100], validation_data=(Z[100:], y[100:]), epochs=30)
    assert int(model.optimizer.iterations) == 30
    assert len(history.history["val_loss"]) == 30
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert float(model.layers[-1].kernel.numpy().ravel()[0]) > 0  # higher feature, shorter time: higher risk
    with pytest.raises(ValueError, match="'time' and 'event'"):
        survival.fit_cox_network(model, Z, y[["time"]], epochs=1)


def test_c_index_table_rows_match_bootstrap():
    rng = np.random.default_rng(2)
    time, event = rng.exponential(10, 60), rng.integers(0, 2, 60)
    good, noise = -time + rng.normal(0, 2, 60), rng.normal(size=60)
    scores = survival.c_index_table(time, event, {"good": good, "noise": noise}, n_boot=100, seed=5)
    assert list(scores.index) == ["good", "noise"] and list(scores.columns) == ["estimate", "low", "high"]
    assert tuple(scores.loc["noise"]) == survival.bootstrap_c_index(time, event, noise, n_boot=100, seed=5)


def test_stack_splits_encodes_each_split_with_its_own_training_patients():
    X, y = data.load_xy("veterans_lung")
    categorical = ["celltype", "prior_therapy", "treatment"]
    stacked = survival.stack_splits(X, y, categorical, seeds=iter([3, 7]))
    X_train, X_val, X_test, y_train, _, y_test = data.split(X, y, seed=7)
    _, (Z_train, Z_val, Z_test) = survival.encode_features(X_train, X_val, X_test, categorical=categorical)
    assert stacked.seeds == [3, 7]
    assert stacked.X_train.shape == (len(X_train), 2, Z_train.shape[1])
    assert stacked.y_test.shape == (len(X_test), 2, 2)
    for stacked_part, part in [(stacked.X_train, Z_train), (stacked.X_val, Z_val), (stacked.X_test, Z_test)]:
        np.testing.assert_array_equal(stacked_part[:, 1], part)
    np.testing.assert_array_equal(stacked.y_train[:, 1], y_train[["time", "event"]].to_numpy("float32"))
    np.testing.assert_array_equal(stacked.y_test[:, 1], y_test[["time", "event"]].to_numpy("float32"))
    assert not np.array_equal(stacked.y_train[:, 0], stacked.y_train[:, 1])  # another seed, other patients


# Six patients by hand: tied event times, a patient censored at an event time, unequal risks.
TIME, EVENT = np.array([2.0, 3.0, 3.0, 5.0, 5.0, 8.0]), np.array([1, 1, 0, 1, 1, 0])
RISK = np.array([0.1, -0.2, 0.4, 0.0, 0.3, -0.5])


def test_breslow_hazard_by_hand_counts_everyone_still_followed_at_an_event_time():
    hazard = survival.breslow_baseline_hazard(TIME, EVENT, RISK)
    weight = np.exp(RISK)
    all_six, from_3, from_5 = weight.sum(), weight[1:].sum(), weight[3:].sum()  # censored at 3 is at risk
    assert hazard.index.tolist() == [2.0, 3.0, 5.0] and hazard.name == "cumulative_baseline_hazard"
    np.testing.assert_allclose(hazard, np.cumsum([1 / all_six, 1 / from_3, 2 / from_5]), rtol=1e-14)


def test_survival_curve_steps_down_at_each_event_time_itself():
    hazard = survival.breslow_baseline_hazard(TIME, EVENT, RISK)
    times = [0.0, 1.99, 2.0, 2.5, 3.0, 4.99, 5.0, 8.0, 100.0]
    step = np.array([0, 0, 1, 1, 2, 2, 3, 3, 3])  # how many event times have passed, the time itself included
    expected_hazard = np.r_[0.0, hazard.to_numpy()][step]
    curves = survival.predict_survival(hazard, [0.0, 0.7], times)
    np.testing.assert_allclose(curves, np.exp(-np.exp([[0.0], [0.7]]) * expected_hazard), rtol=1e-14)


def test_cox_loss_by_hand_with_a_tie_and_a_censored_patient():
    at_2 = 0.0 - np.log(1 + np.exp(-0.5) + 1)  # both events at t = 2 see the same risk set
    terms = [0.5 - np.log(np.exp(0.5) + 2 + np.exp(-0.5)), at_2, at_2]
    loss = survival.cox_negative_log_likelihood([1.0, 2.0, 2.0, 2.0], [1, 1, 0, 1], [0.5, 0.0, -0.5, 0.0])
    assert float(loss) == pytest.approx(-sum(terms) / 3, rel=1e-6)


def test_concordance_by_hand_with_a_tied_risk_and_a_patient_censored_at_an_event_time():
    time, event = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 3.0]), np.array([1, 0, 1, 1, 0, 0])
    risk = np.array([0.9, 0.9, 0.5, 0.2, 0.3, 0.7])
    # comparable pairs: the first patient with all 5 others (one risk tie: 4.5), the event at 3 with the
    # patients at 4 and 5 and the one censored at 3 (sksurv's convention; 2 of 3), the event at 4 with 5 (0).
    assert survival.concordance_index(time, event, risk) == pytest.approx(6.5 / 9, rel=1e-12)
    assert survival.concordance_index(time, event.astype(bool), -risk) == pytest.approx(2.5 / 9, rel=1e-12)


@pytest.mark.parametrize("time, event, message", [
    ([1.0, 2.0], [1], "time has 2 values but event has 1; pass one of each per patient."),
    ([1.0, -2.0], [1, 0], "time must be non-negative numbers without NaN."),
    ([1.0, np.nan], [1, 0], "time must be non-negative numbers without NaN."),
    ([1.0, 2.0], [1, 2], "event must hold only 0/1 (or False/True): 1 = event observed, 0 = censored."),
    ([1.0, 2.0], [-1, 0], "event must hold only 0/1 (or False/True): 1 = event observed, 0 = censored.")])
def test_survival_targets_are_validated(time, event, message):
    with pytest.raises(ValueError) as error:
        survival.breslow_baseline_hazard(time, event, [0.0, 0.0])
    assert str(error.value) == message


def test_a_follow_up_of_zero_days_and_boolean_events_are_accepted():
    hazard = survival.breslow_baseline_hazard([0.0, 3.0], [True, False], [0.0, 0.0])
    assert hazard.to_dict() == {0.0: 0.5}
    assert survival.concordance_index([0, 3], np.array([1, 0]), [0.2, 0.1]) == 1.0


def test_bootstrap_c_index_takes_the_percentiles_of_its_level_over_resamples_with_a_comparable_pair():
    """Small cohort: some resamples hold events only at their longest time (no comparable pair)."""
    time, event = np.array([4.0, 1.0, 7.0, 3.0, 9.0, 2.0, 6.0, 8.0]), np.array([0, 1, 0, 0, 1, 0, 1, 0])
    risk = np.array([0.3, 0.8, 0.1, 0.9, 0.2, 0.4, 0.6, 0.05])
    rng, values = np.random.default_rng(6), []
    while len(values) < 200:
        index = rng.integers(0, 8, 8)
        if (event[index] & (time[index] < time[index].max())).any():  # else no comparable pair: redrawn
            values.append(concordance_index_censored(event[index].astype(bool), time[index], risk[index])[0])
    c_index, low, high = survival.bootstrap_c_index(time, event, risk, n_boot=200, level=0.8, seed=6)
    assert c_index == survival.concordance_index(time, event, risk)
    assert (low, high) == pytest.approx(np.percentile(values, [10, 90]), abs=1e-12)


def test_bootstrap_c_index_and_its_table_default_to_500_resamples_at_95_percent_with_seed_42(monkeypatch):
    from course_utils import metrics

    seen = []
    monkeypatch.setattr(metrics, "bootstrap_interval", lambda *args, **_: seen.append(args[1:]) or (0, 1))
    survival.bootstrap_c_index(TIME, EVENT, RISK)
    survival.c_index_table(TIME, EVENT, {"model": RISK})
    assert seen == [(6, 500, 0.95, 42)] * 2


def test_encode_features_names_its_steps_and_returns_dense_arrays_even_for_many_levels():
    X_train = pd.DataFrame({"age": [40.0, 60.0] * 6, "site": list("abcdefghijkl")})
    encoder, (Z_train,) = survival.encode_features(X_train, categorical=["site"])
    assert encoder.named_transformers_["numeric"].mean_.tolist() == [50.0]  # notebook 09 reads the scaler
    assert encoder.named_transformers_["categorical"].categories_[0].tolist() == list("abcdefghijkl")
    assert isinstance(Z_train, np.ndarray) and Z_train.shape == (12, 12)  # 1 numeric + 11 of 12 levels


def test_fit_cox_network_defaults_to_60_quiet_epochs_and_refuses_arrays(capsys):
    import keras

    rng = np.random.default_rng(1)
    Z = rng.normal(size=(20, 1)).astype("float32")
    y = pd.DataFrame({"time": rng.exponential(1.0, 20), "event": np.ones(20, int)})
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1, use_bias=False)])
    model.compile(optimizer="sgd", loss=survival.cox_loss)
    survival.fit_cox_network(model, Z, y)
    assert int(model.optimizer.iterations) == 60 and capsys.readouterr().out == ""
    with pytest.raises(ValueError) as error:
        survival.fit_cox_network(model, Z, y.to_numpy(), epochs=1)
    assert str(error.value) == ("survival targets must be DataFrames with columns 'time' and 'event' "
                                "(as returned by data.load_xy and data.split).")


def test_stack_splits_passes_the_sizes_on_and_stacks_float32_targets():
    X, y = data.load_xy("veterans_lung")
    stacked = survival.stack_splits(X, y, ["celltype", "prior_therapy", "treatment"], seeds=[1],
                                    val_size=0.1, test_size=0.3)
    X_train, X_val, X_test = data.split(X, y, 0.1, 0.3, seed=1)[:3]
    assert [part.shape[0] for part in (stacked.X_train, stacked.X_val, stacked.X_test)] == [
        len(X_train), len(X_val), len(X_test)]
    assert stacked.y_train.dtype == stacked.y_val.dtype == stacked.y_test.dtype == np.float32
