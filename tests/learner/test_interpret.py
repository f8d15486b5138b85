"""Interpretation helpers on models whose true explanation is known."""

import numpy as np
import pandas as pd
import pytest

from course_utils import interpret


@pytest.fixture
def linear_problem():
    """Outcome driven by x0 only; x1 is noise."""
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(300, 3)), columns=["x0", "x1", "x0_copy"])
    X["x0_copy"] = X["x0"] + rng.normal(0, 0.01, 300)
    y = (X["x0"] + rng.normal(0, 0.3, 300) > 0).astype(int).to_numpy()
    return X, y


def model_on_x0(features):
    return 1 / (1 + np.exp(-3 * np.asarray(features)[:, 0]))


def model_on_both_copies(features):
    features = np.asarray(features)
    return 1 / (1 + np.exp(-1.5 * (features[:, 0] + features[:, 2])))


def test_permutation_importance_finds_the_used_feature(linear_problem):
    X, y = linear_problem
    table = interpret.permutation_importance(model_on_x0, X, y, n_repeats=5, seed=1)
    assert list(table.columns) == ["feature", "importance_mean", "importance_std"]
    assert table["feature"].iloc[0] == "x0"
    unused = table.set_index("feature").loc[["x1", "x0_copy"], "importance_mean"]
    assert np.allclose(unused, 0.0)
    assert table["importance_std"].iloc[0] > 0
    assert table.attrs["baseline_score"] == pytest.approx(interpret.negative_cross_entropy(y, model_on_x0(X)))


def test_grouped_shuffle_reveals_shared_information(linear_problem):
    X, y = linear_problem
    groups = {"x0": ["x0"], "both": ["x0", "x0_copy"]}
    table = interpret.permutation_importance(model_on_both_copies, X, y, n_repeats=5, groups=groups)
    table = table.set_index("feature")
    assert table.loc["both", "importance_mean"] > 2 * table.loc["x0", "importance_mean"]


def test_permutation_importance_is_reproducible_and_accepts_a_score(linear_problem):
    from sklearn.metrics import roc_auc_score

    X, y = linear_problem
    first = interpret.permutation_importance(model_on_x0, X, y, n_repeats=3, score=roc_auc_score, seed=4)
    second = interpret.permutation_importance(model_on_x0, X, y, n_repeats=3, score=roc_auc_score, seed=4)
    pd.testing.assert_frame_equal(first, second)
    assert first.attrs["baseline_score"] == pytest.approx(roc_auc_score(y, model_on_x0(X)))


@pytest.mark.parametrize("kwargs, message", [
    ({"n_repeats": 1}, "n_repeats"),
    ({"groups": {"g": ["nope"]}}, "unknown"),
])
def test_permutation_importance_rejects_bad_arguments(linear_problem, kwargs, message):
    X, y = linear_problem
    with pytest.raises(ValueError, match=message):
        interpret.permutation_importance(model_on_x0, X, y, **kwargs)
    with pytest.raises(TypeError, match="DataFrame"):
        interpret.permutation_importance(model_on_x0, X.to_numpy(), y)
    with pytest.raises(ValueError, match="rows"):
        interpret.permutation_importance(model_on_x0, X, y[:-1])


def test_interpolation_path_endpoints_and_errors():
    path = interpret.interpolation_path([2.0, 4.0], [0.0, 1.0], steps=4)
    assert path.shape == (5, 2)
    assert np.allclose(path[0], [0.0, 1.0]) and np.allclose(path[-1], [2.0, 4.0])
    assert np.allclose(np.diff(path, axis=0), [0.5, 0.75])
    with pytest.raises(ValueError, match="same length"):
        interpret.interpolation_path([1.0], [0.0, 0.0], 3)
    with pytest.raises(ValueError, match="steps"):
        interpret.interpolation_path([1.0], [0.0], 0)


@pytest.fixture(scope="module")
def logistic_keras_model():
    """A one-neuron Keras model with known weights: p = sigmoid(2 x0 - x1 + 0 x2 + 0.5)."""
    import keras

    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights([np.array([[2.0], [-1.0], [0.0]]), np.array([0.5])])
    return model


def test_input_gradients_match_the_analytic_gradient(logistic_keras_model):
    X = np.array([[0.1, 0.2, 0.3], [-1.0, 0.5, 2.0]])
    p = 1 / (1 + np.exp(-(X @ [2.0, -1.0, 0.0] + 0.5)))
    expected = (p * (1 - p))[:, None] * np.array([2.0, -1.0, 0.0])
    assert np.allclose(interpret.input_gradients(logistic_keras_model, X), expected, atol=1e-6)
    assert np.allclose(interpret.saliency(logistic_keras_model, X), np.abs(expected), atol=1e-6)
    with pytest.raises(ValueError, match="2-D"):
        interpret.input_gradients(logistic_keras_model, X[0])


def test_integrated_gradients_are_complete(logistic_keras_model):
    X = np.array([[1.0, -2.0, 5.0], [0.3, 0.3, 0.3]])
    attributions = interpret.integrated_gradients(logistic_keras_model, X, steps=200)
    p = 1 / (1 + np.exp(-(X @ [2.0, -1.0, 0.0] + 0.5)))
    p_baseline = 1 / (1 + np.exp(-0.5))
    assert np.allclose(attributions.sum(axis=1), p - p_baseline, atol=1e-4)
    assert np.allclose(attributions[:, 2], 0.0)


def test_partial_dependence_follows_the_model(linear_problem):
    X, _ = linear_problem
    grid, mean_prediction = interpret.partial_dependence(model_on_x0, X, "x0", n_points=7)
    assert grid.shape == mean_prediction.shape == (7,)
    assert np.all(np.diff(grid) > 0) and np.all(np.diff(mean_prediction) > 0)
    _, flat = interpret.partial_dependence(model_on_x0, X, "x1", n_points=5)
    assert np.allclose(flat, flat[0])
    with pytest.raises(ValueError, match="unknown feature"):
        interpret.partial_dependence(model_on_x0, X, "age")


def test_site_artefact_leaks_only_when_asked():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(rng.normal(size=(2000, 20)), columns=[f"f{i}" for i in range(20)])
    y = rng.integers(0, 2, 2000)
    leaky = interpret.add_site_artefact(X, y, leak=0.95, seed=1)
    fair = interpret.add_site_artefact(X, y, leak=0.5, seed=1)
    assert list(leaky.columns).index(interpret.PLANTED_FEATURE) == interpret.PLANTED_POSITION
    assert leaky.shape == (2000, 21) and X.shape == (2000, 20)
    assert np.corrcoef(leaky[interpret.PLANTED_FEATURE], y)[0, 1] > 0.7
    assert abs(np.corrcoef(fair[interpret.PLANTED_FEATURE], y)[0, 1]) < 0.1
    with pytest.raises(ValueError, match="probability"):
        interpret.add_site_artefact(X, y, leak=1.5)
    with pytest.raises(ValueError, match="rows"):
        interpret.add_site_artefact(X, y[:10], leak=0.5)


def reference_importance(predict_proba, X, y, groups, n_repeats, seed):
    """Permutation importance written out: one permutation per repeat and group, in that order."""
    rng, values = np.random.default_rng(seed), X.to_numpy(float)
    baseline = interpret.negative_cross_entropy(y, predict_proba(values))
    drops = {name: [] for name in groups}
    for _ in range(n_repeats):
        for name, columns in groups.items():
            shuffled, order = values.copy(), rng.permutation(len(values))
            for column in columns:
                shuffled[:, X.columns.get_loc(column)] = values[order, X.columns.get_loc(column)]
            drops[name].append(baseline - interpret.negative_cross_entropy(y, predict_proba(shuffled)))
    return {name: (np.mean(d), np.std(d, ddof=1)) for name, d in drops.items()}


def test_permutation_importance_by_the_written_out_loop_with_groups_and_ranking():
    X = pd.DataFrame({"a": [0.5, -1.0, 2.0, 0.1, -0.3, 1.2], "b": [1.0, 0.0, -1.0, 0.5, 2.0, -0.5],
                      "c": [0.2, 0.4, 0.1, -0.8, 0.3, 0.0]})
    y = np.array([1, 0, 1, 0, 0, 1])

    def model(features):
        return 1 / (1 + np.exp(-(1.5 * features[:, 0] - 0.5 * features[:, 1] + 0.2 * features[:, 2])))

    groups = {"b": ["b"], "a and c": ["a", "c"], "c": ["c"]}
    table = interpret.permutation_importance(model, X, y, n_repeats=3, groups=groups, seed=9)
    expected = reference_importance(model, X, y, groups, 3, seed=9)
    assert table["feature"].tolist() == sorted(expected, key=lambda name: -expected[name][0])
    assert table.index.tolist() == [0, 1, 2]
    for row in table.itertuples(index=False):
        assert (row.importance_mean, row.importance_std) == pytest.approx(expected[row.feature], rel=1e-12)
    default = interpret.permutation_importance(model, X, y, groups=groups)
    ten_repeats = reference_importance(model, X, y, groups, 10, seed=0)
    assert default.set_index("feature")["importance_mean"].to_dict() == pytest.approx(
        {name: values[0] for name, values in ten_repeats.items()}, rel=1e-12)


def test_permutation_importance_gives_the_score_labels_then_probabilities(linear_problem):
    X, y = linear_problem
    seen = []

    def score(y_true, y_prob):
        seen.append((np.array_equal(y_true, y), y_prob.min() >= 0 and y_prob.max() <= 1))
        return float(np.mean(y_prob))

    interpret.permutation_importance(model_on_x0, X, y, n_repeats=2, score=score)
    assert seen and all(labels and probabilities for labels, probabilities in seen)
    with pytest.raises(ValueError, match="n_repeats must be at least 2 to estimate the spread, got 1"):
        interpret.permutation_importance(model_on_x0, X, y, n_repeats=1)
    with pytest.raises(ValueError, match=r"X has 300 rows but y has 299 labels"):
        interpret.permutation_importance(model_on_x0, X, y[:-1])
    with pytest.raises(ValueError, match=r"feature\(s\) \['nope'\]; X has columns like \['x0', 'x1',"):
        interpret.permutation_importance(model_on_x0, X, y, groups={"g": ["nope", "x0"]})


def test_integrated_gradients_with_one_step_is_the_trapezoid_by_hand(logistic_keras_model):
    x, baseline = np.array([[1.0, -2.0, 5.0]]), np.array([0.5, 0.5, 0.5])
    weights = np.array([2.0, -1.0, 0.0])

    def gradient(point):
        p = 1 / (1 + np.exp(-(point @ weights + 0.5)))
        return p * (1 - p) * weights

    expected = (x[0] - baseline) * (gradient(baseline) + gradient(x[0])) / 2
    attributions = interpret.integrated_gradients(logistic_keras_model, x, baseline=baseline, steps=1)
    np.testing.assert_allclose(attributions[0], expected, rtol=1e-5)


def test_integrated_gradients_default_to_a_zero_baseline_and_64_steps(logistic_keras_model):
    X = np.array([[1.5, 0.5, -1.0]])
    default = interpret.integrated_gradients(logistic_keras_model, X)
    explicit = interpret.integrated_gradients(logistic_keras_model, X, baseline=np.zeros(3), steps=64)
    coarse = interpret.integrated_gradients(logistic_keras_model, X, baseline=np.zeros(3), steps=63)
    np.testing.assert_array_equal(default, explicit)
    assert not np.array_equal(default, coarse)
    with pytest.raises(ValueError, match=r"X must be 2-D \(patients x features\), got shape \(3,\)"):
        interpret.integrated_gradients(logistic_keras_model, X[0])


def test_partial_dependence_by_hand_for_a_linear_model():
    X = pd.DataFrame({"age": [30, 40, 50, 60, 70, 80],  # whole years: the grid still holds fractions
                      "bmi": [20.0, 31.0, 24.0, 27.0, 22.0, 35.0]})

    def linear(features):
        return 0.01 * features[:, 0] + 0.02 * features[:, 1]

    grid, mean_prediction = interpret.partial_dependence(linear, X, "bmi", n_points=3)
    np.testing.assert_allclose(grid, np.quantile(X["bmi"], [0.05, 0.5, 0.95]), rtol=1e-15)
    np.testing.assert_allclose(mean_prediction, 0.01 * 55.0 + 0.02 * grid, rtol=1e-12)
    age_grid, age_mean = interpret.partial_dependence(linear, X, "age")
    assert age_grid.tolist() == pytest.approx(np.quantile(X["age"], np.linspace(0.05, 0.95, 20)).tolist())
    np.testing.assert_allclose(age_mean, 0.01 * age_grid + 0.02 * X["bmi"].mean(), rtol=1e-12)
    with pytest.raises(ValueError, match=r"unknown feature 'sex'; X has columns like \['age', 'bmi'\]"):
        interpret.partial_dependence(linear, X, "sex")


def test_site_artefact_by_hand_when_the_site_follows_the_diagnosis_exactly():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [0.0] * 4})
    y = [1, 0, 0, 1]
    rng = np.random.default_rng(3)
    rng.random(4)  # which patients follow the referral pattern: all of them when leak = 1
    expected = np.round(100.0 + 12.0 * np.array(y) + rng.normal(0.0, 3.0, 4), 1)
    leaky = interpret.add_site_artefact(X, y, leak=1.0, seed=3)
    assert list(leaky.columns) == ["a", "b", "mean_brightness"] and list(X.columns) == ["a", "b"]
    np.testing.assert_array_equal(leaky["mean_brightness"], expected)
    reversed_sites = interpret.add_site_artefact(X, y, leak=0.0, seed=3)
    expected_reversed = np.round(expected - 24 * np.array(y) + 12, 1)
    np.testing.assert_array_equal(reversed_sites["mean_brightness"], expected_reversed)
    assert interpret.add_site_artefact(X, y, leak=0.0)["mean_brightness"].tolist() == (
        interpret.add_site_artefact(X, y, leak=0.0, seed=0)["mean_brightness"].tolist())
    with pytest.raises(ValueError, match="leak is a probability between 0 and 1, got -0.1"):
        interpret.add_site_artefact(X, y, leak=-0.1)


@pytest.mark.parametrize("call, error, message", [
    (lambda X, y: interpret.permutation_importance(model_on_x0, X.to_numpy(), y), TypeError,
     "X must be a pandas DataFrame with feature names, got ndarray"),
    (lambda X, y: interpret.permutation_importance(model_on_x0, X, y, n_repeats=1), ValueError,
     "n_repeats must be at least 2 to estimate the spread, got 1"),
    (lambda X, y: interpret.permutation_importance(model_on_x0, X, y[:5]), ValueError,
     "X has 300 rows but y has 5 labels"),
    (lambda X, y: interpret.permutation_importance(model_on_x0, X, y, groups={"g": ["b", "a", "x1"]}),
     ValueError, "unknown feature(s) ['a', 'b']; X has columns like ['x0', 'x1', 'x0_copy']"),
    (lambda X, y: interpret.interpolation_path([1.0, 2.0], [0.0], 3), ValueError,
     "x and baseline must be 1-D of the same length, got (2,) and (1,)"),
    (lambda X, y: interpret.interpolation_path([[1.0]], [[0.0]], 3), ValueError,
     "x and baseline must be 1-D of the same length, got (1, 1) and (1, 1)"),
    (lambda X, y: interpret.interpolation_path([1.0], [0.0], 0), ValueError,
     "steps must be at least 1, got 0"),
    (lambda X, y: interpret.partial_dependence(model_on_x0, X, "age"), ValueError,
     "unknown feature 'age'; X has columns like ['x0', 'x1', 'x0_copy']"),
    (lambda X, y: interpret.add_site_artefact(X, y, leak=1.01), ValueError,
     "leak is a probability between 0 and 1, got 1.01"),
    (lambda X, y: interpret.add_site_artefact(X, y[:7], leak=0.5), ValueError,
     "X has 300 rows but y has 7 labels"),
    (lambda X, y: interpret.saliency(None, np.zeros(3)), ValueError,
     "X must be 2-D (patients x features), got shape (3,)"),
])
def test_every_refusal_says_exactly_what_is_wrong(linear_problem, call, error, message):
    with pytest.raises(error) as raised:
        call(*linear_problem)
    assert str(raised.value) == message


def test_interpolation_path_accepts_a_single_step_and_the_exact_ends():
    path = interpret.interpolation_path([3.0, -1.0], [1.0, 1.0], steps=1)
    assert path.tolist() == [[1.0, 1.0], [3.0, -1.0]]
    assert interpret.add_site_artefact(pd.DataFrame({"a": [1.0]}), [1], leak=0.0).shape == (1, 2)
    assert interpret.add_site_artefact(pd.DataFrame({"a": [1.0]}), [1], leak=1.0).shape == (1, 2)


def test_messages_list_at_most_three_of_the_columns():
    X = pd.DataFrame(np.zeros((2, 5)), columns=list("abcde"))
    with pytest.raises(ValueError) as error:
        interpret.partial_dependence(model_on_x0, X, "f")
    assert str(error.value) == "unknown feature 'f'; X has columns like ['a', 'b', 'c']"
    with pytest.raises(ValueError) as error:
        interpret.permutation_importance(model_on_x0, X, [0, 1], groups={"g": ["f"]})
    assert str(error.value) == "unknown feature(s) ['f']; X has columns like ['a', 'b', 'c']"


def test_input_gradients_are_taken_in_inference_mode():
    """Dropout is off when explaining a prediction: the same input gives the same gradient."""
    import keras

    keras.utils.set_random_seed(2)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dropout(0.5), keras.layers.Dense(1, activation="sigmoid")])
    X = np.random.default_rng(3).normal(size=(4, 3))
    np.testing.assert_array_equal(interpret.input_gradients(model, X), interpret.input_gradients(model, X))


def test_the_model_is_always_given_a_float_array_as_documented():
    """predict_proba maps a 2-D float array to probabilities, even when the columns hold whole numbers."""
    X = pd.DataFrame({"age": [50, 61, 72, 45], "nodes": [0, 3, 1, 2]})
    seen = []

    def predict_proba(features):
        seen.append(features.dtype)
        return np.full(len(features), 0.5)

    interpret.permutation_importance(predict_proba, X, [0, 1, 1, 0], n_repeats=2)
    interpret.partial_dependence(predict_proba, X, "age", n_points=3)
    assert seen and set(seen) == {np.dtype(float)}
