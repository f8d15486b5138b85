"""Federated averaging from scratch: hospitals as masks, local steps, weighted averaging."""

import numpy as np
import pytest
import tensorflow as tf

from course_utils import federated as fl

RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 40, 3)).astype("float32")  # two replicas, 40 patients, 3 features
Y = (X[..., 0] + 0.5 * RNG.normal(size=(2, 40)) > 0).astype("float32")


def as_arrays(weights):
    return [np.asarray(weight) for weight in weights]


def train(mask, steps, weights=None):
    weights = weights or fl.initial_weights(2, 3, hidden=4, seed=1)
    mask = tf.constant(mask, tf.float32)
    return fl.local_training(weights, tf.constant(X), tf.constant(Y), mask, steps, 0.5)


def test_hospitals_partition_the_patients_with_their_case_mix():
    y = (RNG.random((3, 20000)) < 0.4).astype("float32")
    masks = fl.assign_hospitals(y, malignant_shares=[0.7, 0.2, 0.1], benign_shares=[0.1, 0.3, 0.6], seed=3)
    assert masks.shape == (3, 3, 20000)
    assert (masks.sum(axis=0) == 1).all()  # every patient in exactly one hospital
    malignant_share = (masks * y).sum(axis=(1, 2)) / y.sum()
    benign_share = (masks * (1 - y)).sum(axis=(1, 2)) / (1 - y).sum()
    assert malignant_share == pytest.approx([0.7, 0.2, 0.1], abs=0.01)
    assert benign_share == pytest.approx([0.1, 0.3, 0.6], abs=0.01)
    assert (fl.assign_hospitals(y, [0.7, 0.2, 0.1], [0.1, 0.3, 0.6], seed=3) == masks).all()


@pytest.mark.parametrize("malignant, benign, message", [
    ([0.7, 0.2], [0.5, 0.6], "must sum to 1"),
    ([1.0], [1.0], "at least two hospitals"),
    ([1.2, -0.2], [0.5, 0.5], "non-negative"),
    ([1.0, 0.0], [0.5, 0.5], "hospital 2 has no malignant patient in some split"),
])
def test_bad_hospital_shares_are_one_clear_error(malignant, benign, message):
    with pytest.raises(ValueError, match=message):
        fl.assign_hospitals(Y, malignant, benign)


def test_a_hospital_trains_only_on_its_own_patients_and_replicas_do_not_interact():
    mask = np.zeros((2, 40), "float32")
    mask[:, :25] = 1
    masked = as_arrays(train(mask, steps=5))
    alone = as_arrays(fl.local_training(fl.initial_weights(2, 3, hidden=4, seed=1), tf.constant(X[:, :25]),
                                        tf.constant(Y[:, :25]), tf.ones((2, 25)), 5, 0.5))
    for a, b in zip(masked, alone, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_one_step_follows_the_gradient_of_the_mean_cross_entropy():
    """Finite differences of each replica's loss give the step, independently of TensorFlow's gradient."""
    start = fl.initial_weights(2, 3, hidden=4, seed=1)
    stepped = as_arrays(train(np.ones((2, 40)), steps=1, weights=start))

    def loss(weights, k):
        prob = np.asarray(fl.predict([tf.constant(w) for w in weights], tf.constant(X)))[k]
        return -np.mean(Y[k] * np.log(prob) + (1 - Y[k]) * np.log(1 - prob))

    weights = as_arrays(start)
    for index in [(0, 1, 2), (1, 2, 3)]:  # one first-layer weight of each replica
        k, eps = index[0], 1e-2
        up, down = [w.copy() for w in weights], [w.copy() for w in weights]
        up[0][index] += eps
        down[0][index] -= eps
        gradient = (loss(up, k) - loss(down, k)) / (2 * eps)
        assert stepped[0][index] == pytest.approx(weights[0][index] - 0.5 * gradient, abs=2e-4)


def federated_and_pooled(first_hospital_size, rounds, local_steps):
    """Two hospitals (the first ``first_hospital_size`` patients, the rest) trained by federated
    averaging, and pooled training for as many steps, both from the same start."""
    masks = np.zeros((2, 2, 40), "float32")
    masks[0, :, :first_hospital_size], masks[1, :, first_hospital_size:] = 1, 1
    start = fl.initial_weights(2, 3, hidden=4, seed=1)
    federated = as_arrays(fl.federated_averaging(start, X, Y, masks, rounds=rounds, local_steps=local_steps,
                                                 learning_rate=0.5))
    pooled = as_arrays(train(np.ones((2, 40)), steps=rounds * local_steps, weights=start))
    return federated, pooled


def test_one_local_step_per_round_is_gradient_descent_on_the_pooled_patients():
    """With one step per round, the size-weighted average of the hospitals' steps is the pooled step."""
    federated, pooled = federated_and_pooled(15, rounds=3, local_steps=1)
    for a, b in zip(federated, pooled, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)


def test_many_local_steps_at_unequal_hospitals_differ_from_pooled_training():
    federated, pooled = federated_and_pooled(10, rounds=2, local_steps=10)
    assert np.abs(federated[0] - pooled[0]).max() > 1e-3


def test_predictions_are_probabilities_per_replica_and_patient():
    prob = np.asarray(fl.predict(fl.initial_weights(2, 3, hidden=4), tf.constant(X)))
    assert prob.shape == (2, 40) and ((prob > 0) & (prob < 1)).all()
