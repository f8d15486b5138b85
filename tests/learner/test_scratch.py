"""The from-scratch network: shapes, loss, backprop against finite differences, training."""

import numpy as np
import pytest

from course_utils import scratch


@pytest.fixture
def toy_problem():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(25, 4))
    y = (X[:, 0] - X[:, 2] > 0).astype(float)
    return X, y


def test_sigmoid_is_stable_and_matches_the_formula():
    z = np.array([-800.0, -2.0, 0.0, 2.0, 800.0])
    values = scratch.sigmoid(z)
    assert np.all(np.isfinite(values))
    assert np.allclose(values[1:4], 1 / (1 + np.exp(-z[1:4])))
    assert values[0] == pytest.approx(0.0) and values[-1] == pytest.approx(1.0)


def test_init_params_shapes_and_glorot_limit():
    params = scratch.init_params(30, 16, seed=1)
    assert {name: value.shape for name, value in params.items()} == {
        "W1": (30, 16), "b1": (16,), "W2": (16, 1), "b2": (1,)}
    assert np.abs(params["W1"]).max() <= np.sqrt(6 / 46)
    assert not params["b1"].any()
    with pytest.raises(ValueError, match="n_hidden"):
        scratch.init_params(3, 0)


def test_forward_gives_probabilities_and_rejects_wrong_widths(toy_problem):
    X, _ = toy_problem
    params = scratch.init_params(4, 5)
    y_prob, cache = scratch.forward(params, X)
    assert y_prob.shape == (25,) and np.all((y_prob > 0) & (y_prob < 1))
    assert cache["hidden"].shape == (25, 5)
    with pytest.raises(ValueError, match="features"):
        scratch.forward(params, X[:, :3])
    with pytest.raises(ValueError, match="2-D"):
        scratch.forward(params, X[0])


def test_backward_agrees_with_finite_differences(toy_problem):
    X, y = toy_problem
    params = scratch.init_params(4, 6, seed=2)
    y_prob, cache = scratch.forward(params, X)
    analytic = scratch.backward(params, cache, y)
    numeric = scratch.numerical_gradient(params, X, y)
    assert scratch.max_relative_error(analytic, numeric) < 1e-6


def test_max_relative_error_detects_a_wrong_gradient(toy_problem):
    X, y = toy_problem
    params = scratch.init_params(4, 6, seed=2)
    analytic = scratch.backward(params, scratch.forward(params, X)[1], y)
    wrong = {name: value.copy() for name, value in analytic.items()}
    wrong["W1"] *= 1.1
    assert scratch.max_relative_error(wrong, analytic) > 0.01
    with pytest.raises(ValueError, match="shapes"):
        scratch.max_relative_error({**wrong, "b2": np.zeros(2)}, analytic)


def test_backward_rejects_mismatched_labels(toy_problem):
    X, y = toy_problem
    params = scratch.init_params(4, 3)
    with pytest.raises(ValueError, match="labels"):
        scratch.backward(params, scratch.forward(params, X)[1], y[:-1])


def test_training_lowers_the_loss_and_separates_the_classes(toy_problem):
    X, y = toy_problem
    params, losses = scratch.train(X, y, n_hidden=8, learning_rate=0.5, epochs=200, seed=0)
    assert len(losses) == 200 and losses[-1] < losses[0] / 3
    accuracy = np.mean((scratch.predict_proba(params, X) >= 0.5) == y)
    assert accuracy >= 0.95
