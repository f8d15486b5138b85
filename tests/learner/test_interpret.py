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
