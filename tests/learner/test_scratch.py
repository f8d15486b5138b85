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


TINY = {"W1": np.array([[0.5, -1.0], [2.0, 0.25]]), "b1": np.array([0.1, -0.2]),
        "W2": np.array([[1.5], [-0.75]]), "b2": np.array([0.05])}
TINY_X, TINY_Y = np.array([[1.0, 0.0], [-0.5, 2.0], [0.3, -1.2]]), np.array([1.0, 0.0, 0.0])


def copy_of(params):
    return {name: value.copy() for name, value in params.items()}


def test_sigmoid_values_by_hand():
    assert scratch.sigmoid(0.0) == 0.5
    np.testing.assert_allclose(scratch.sigmoid([np.log(3), -np.log(4)]), [0.75, 0.2], rtol=1e-15)
    assert scratch.sigmoid(-800.0) == 0.0 and scratch.sigmoid(800.0) == 1.0


def test_forward_and_loss_by_hand():
    hidden = np.tanh(TINY_X @ TINY["W1"] + TINY["b1"])
    y_prob = 1 / (1 + np.exp(-(hidden @ TINY["W2"][:, 0] + 0.05)))
    ours, cache = scratch.forward(TINY, TINY_X)
    np.testing.assert_allclose(ours, y_prob, rtol=1e-14)
    np.testing.assert_allclose(cache["hidden"], hidden, rtol=1e-14)
    assert cache["y_prob"] is ours and cache["X"].tolist() == TINY_X.tolist()
    expected_loss = -(np.log(y_prob[0]) + np.log(1 - y_prob[1]) + np.log(1 - y_prob[2])) / 3
    assert scratch.loss(TINY, TINY_X, TINY_Y) == pytest.approx(expected_loss, rel=1e-14)


def test_backward_by_hand_for_the_tiny_network():
    y_prob, cache = scratch.forward(TINY, TINY_X)
    d_z2 = (y_prob - TINY_Y) / 3
    d_a1 = d_z2[:, None] * TINY["W2"][:, 0] * (1 - cache["hidden"] ** 2)
    gradients = scratch.backward(TINY, cache, TINY_Y)
    np.testing.assert_allclose(gradients["b2"], [d_z2.sum()], rtol=1e-14)
    np.testing.assert_allclose(gradients["W2"][:, 0], cache["hidden"].T @ d_z2, rtol=1e-14)
    np.testing.assert_allclose(gradients["b1"], d_a1.sum(axis=0), rtol=1e-14)
    np.testing.assert_allclose(gradients["W1"], TINY_X.T @ d_a1, rtol=1e-14)
    assert {name: value.shape for name, value in gradients.items()} == {
        name: value.shape for name, value in TINY.items()}


def test_numerical_gradient_is_a_central_difference_and_restores_the_parameters():
    params = copy_of(TINY)
    numeric = scratch.numerical_gradient(params, TINY_X, TINY_Y, step=1e-3)
    for name in scratch.PARAMETER_NAMES:
        np.testing.assert_array_equal(params[name], TINY[name])
    plus, minus = copy_of(TINY), copy_of(TINY)
    plus["W1"][1, 0] += 1e-3
    minus["W1"][1, 0] -= 1e-3
    central = (scratch.loss(plus, TINY_X, TINY_Y) - scratch.loss(minus, TINY_X, TINY_Y)) / 2e-3
    assert numeric["W1"][1, 0] == pytest.approx(central, rel=1e-12)
    analytic = scratch.backward(TINY, scratch.forward(TINY, TINY_X)[1], TINY_Y)
    default_step = scratch.numerical_gradient(copy_of(TINY), TINY_X, TINY_Y)
    assert scratch.max_relative_error(default_step, analytic) < 1e-8


def test_max_relative_error_by_hand():
    zeros = {name: np.zeros_like(value) for name, value in TINY.items()}
    one = {**zeros, "W2": np.array([[3.0], [0.0]])}
    other = {**zeros, "W2": np.array([[1.0], [0.0]]), "b1": np.array([0.0, 1e-9])}
    assert scratch.max_relative_error(one, other) == pytest.approx(0.5)  # |3 - 1| / (3 + 1)
    assert scratch.max_relative_error(zeros, {**zeros, "b1": np.array([0.0, 1e-9])}) == pytest.approx(0.1)


def test_init_params_are_glorot_uniform_from_the_seed():
    params = scratch.init_params(30, 16, seed=7)
    rng = np.random.default_rng(7)
    np.testing.assert_array_equal(params["W1"], rng.uniform(-np.sqrt(6 / 46), np.sqrt(6 / 46), (30, 16)))
    np.testing.assert_array_equal(params["W2"], rng.uniform(-np.sqrt(6 / 17), np.sqrt(6 / 17), (16, 1)))
    assert params["b1"].tolist() == [0.0] * 16 and params["b2"].tolist() == [0.0]
    np.testing.assert_array_equal(scratch.init_params(3, 2)["W1"], scratch.init_params(3, 2, seed=0)["W1"])
    with pytest.raises(ValueError, match="n_features and n_hidden must be >= 1, got 0 and 4"):
        scratch.init_params(0, 4)
    assert scratch.init_params(1, 1)["W1"].shape == (1, 1)


def test_one_training_step_by_hand_and_the_loss_is_recorded_before_each_step():
    X, y = TINY_X, TINY_Y
    start = scratch.init_params(2, 3, seed=5)
    params, losses = scratch.train(X, y, n_hidden=3, learning_rate=0.3, epochs=2, seed=5)
    first = scratch.backward(start, scratch.forward(start, X)[1], y)
    after_one = {name: start[name] - 0.3 * first[name] for name in start}
    second = scratch.backward(after_one, scratch.forward(after_one, X)[1], y)
    for name in scratch.PARAMETER_NAMES:
        np.testing.assert_allclose(params[name], after_one[name] - 0.3 * second[name], rtol=1e-13)
    assert losses == pytest.approx([scratch.loss(start, X, y), scratch.loss(after_one, X, y)], rel=1e-14)
    np.testing.assert_allclose(scratch.predict_proba(params, X), scratch.forward(params, X)[0])


def test_train_defaults_are_16_hidden_units_a_step_of_half_and_300_epochs():
    params, losses = scratch.train(TINY_X, TINY_Y)
    explicit, _ = scratch.train(TINY_X, TINY_Y, n_hidden=16, learning_rate=0.5, epochs=300, seed=0)
    assert len(losses) == 300 and params["W1"].shape == (2, 16)
    for name in scratch.PARAMETER_NAMES:
        np.testing.assert_array_equal(params[name], explicit[name])


@pytest.mark.parametrize("call, message", [
    (lambda: scratch.init_params(3, 0), "n_features and n_hidden must be >= 1, got 3 and 0"),
    (lambda: scratch.backward(TINY, scratch.forward(TINY, TINY_X)[1], TINY_Y[:2]),
     "y has 2 labels but X has 3 rows"),
    (lambda: scratch.max_relative_error({**TINY, "b1": np.zeros(3)}, TINY),
     "b1: shapes (3,) and (2,) differ"),
    (lambda: scratch.forward(TINY, TINY_X[0]), "X must be 2-D (examples x features), got shape (2,)"),
    (lambda: scratch.train(TINY_X[0], TINY_Y), "X must be 2-D (examples x features), got shape (2,)"),
    (lambda: scratch.predict_proba(TINY, np.ones((2, 3))), "X has 3 features but the network expects 2"),
])
def test_every_refusal_says_exactly_what_is_wrong(call, message):
    with pytest.raises(ValueError) as error:
        call()
    assert str(error.value) == message


def test_a_saturated_network_costs_the_loss_clipped_at_1e_12_in_loss_and_in_train():
    """A huge step saturates the network: a healthy patient gets p = 1, whose loss -log(1e-12) / 3 shows
    the clip (the metrics default, 1e-7, would give -log(1e-7) / 3)."""
    saturated, _ = scratch.train(TINY_X, TINY_Y, n_hidden=3, learning_rate=200, epochs=2, seed=5)
    assert scratch.predict_proba(saturated, TINY_X)[2] == 1.0
    assert scratch.loss(saturated, TINY_X, TINY_Y) == pytest.approx(-np.log(1e-12) / 3, rel=1e-3)
    _, losses = scratch.train(TINY_X, TINY_Y, n_hidden=3, learning_rate=200, epochs=3, seed=5)
    assert losses[2] == pytest.approx(scratch.loss(saturated, TINY_X, TINY_Y), rel=1e-12)


def test_labels_may_come_as_a_column():
    column = TINY_Y.reshape(-1, 1)
    cache = scratch.forward(TINY, TINY_X)[1]
    for name, value in scratch.backward(TINY, cache, column).items():
        np.testing.assert_array_equal(value, scratch.backward(TINY, cache, TINY_Y)[name])
    np.testing.assert_array_equal(scratch.train(TINY_X, column, epochs=3)[1],
                                  scratch.train(TINY_X, TINY_Y, epochs=3)[1])
