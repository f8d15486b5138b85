"""Federated averaging from scratch: hospitals train locally, a server averages their weights.

Introduced in ``12_scaling``. Records never leave a hospital; only model weights travel. Each
round, every hospital starts from the server's weights, takes a few gradient steps on its own
patients, and sends its weights back; the server averages them, each hospital weighted by its
number of patients (McMahan et al., 2017). Everything here trains ``K`` independent replicas at
once (one per seeded split, stacked as in :func:`course_utils.replicas.stack_splits`), so a
comparison over repeated splits costs about one run.

Shapes: features ``(K, patients, features)``, labels and masks ``(K, patients)``; a hospital is a
0/1 mask saying which of a split's training patients it holds.
"""

import numpy as np
import tensorflow as tf


def assign_hospitals(y, malignant_shares, benign_shares, seed: int = 0) -> np.ndarray:
    """Each patient's hospital, drawn with probabilities that depend on the diagnosis (case mix).

    Args:
        y: labels ``(K, patients)`` (1 = malignant).
        malignant_shares, benign_shares: for each hospital, the chance that a malignant (benign)
            patient is treated there; each list sums to 1.

    Returns:
        Masks ``(hospitals, K, patients)``: 1 where the hospital holds the patient.
    """
    y = np.asarray(y)
    shares = np.asarray([benign_shares, malignant_shares], dtype=float)
    if shares.shape[1] < 2 or not np.allclose(shares.sum(axis=1), 1) or (shares < 0).any():
        raise ValueError("give each hospital a non-negative share, for at least two hospitals; each list "
                         f"must sum to 1, got {malignant_shares} and {benign_shares}.")
    rng = np.random.default_rng(seed)
    cumulative = shares.cumsum(axis=1)[y.astype(int)]  # (K, patients, hospitals)
    hospital = (rng.random(y.shape)[..., None] > cumulative).sum(axis=-1)
    masks = np.stack([(hospital == h) for h in range(shares.shape[1])]).astype("float32")
    _check_masks(masks, y)
    return masks


def _check_masks(masks: np.ndarray, y: np.ndarray) -> None:
    """Every hospital holds, in every replica, patients of both classes."""
    for h, mask in enumerate(masks):
        for label in (0, 1):
            if ((mask * (y == label)).sum(axis=-1) == 0).any():
                raise ValueError(f"hospital {h + 1} has no {'malignant' if label else 'benign'} patient in "
                                 "some split: give it larger shares or use more patients.")


def initial_weights(n_replicas: int, n_features: int, hidden: int = 16, seed: int = 0) -> list[tf.Tensor]:
    """Glorot-uniform weights and zero biases of ``n_replicas`` one-hidden-layer networks."""
    rng = np.random.default_rng(seed)
    limit_1, limit_2 = np.sqrt(6 / (n_features + hidden)), np.sqrt(6 / (hidden + 1))
    return [tf.constant(rng.uniform(-limit_1, limit_1, (n_replicas, n_features, hidden)), tf.float32),
            tf.zeros((n_replicas, hidden)),
            tf.constant(rng.uniform(-limit_2, limit_2, (n_replicas, hidden)), tf.float32),
            tf.zeros((n_replicas,))]


def predict(weights, X) -> tf.Tensor:
    """Each replica's probability of malignancy for its patients: ``(K, patients)``."""
    kernel_1, bias_1, kernel_2, bias_2 = weights
    hidden = tf.nn.relu(tf.einsum("kpf,kfh->kph", X, kernel_1) + bias_1[:, None, :])
    return tf.sigmoid(tf.einsum("kph,kh->kp", hidden, kernel_2) + bias_2[:, None])


@tf.function
def local_training(weights, X, y, mask, steps, learning_rate):
    """``steps`` full-batch gradient-descent steps on the patients in ``mask`` (mean cross-entropy of
    each replica's own patients); the replicas do not interact."""
    weights = list(weights)
    count = tf.reduce_sum(mask, axis=1)
    for _ in tf.range(steps):
        with tf.GradientTape() as tape:
            tape.watch(weights)
            prob = tf.clip_by_value(predict(weights, X), 1e-7, 1 - 1e-7)
            losses = -(y * tf.math.log(prob) + (1 - y) * tf.math.log(1 - prob))
            loss = tf.reduce_sum(tf.reduce_sum(losses * mask, axis=1) / count)
        gradients = tape.gradient(loss, weights)
        weights = [weight - learning_rate * gradient
                   for weight, gradient in zip(weights, gradients, strict=True)]
    return weights


def federated_averaging(weights, X, y, masks, rounds: int, local_steps: int, learning_rate: float):
    """Federated averaging: ``rounds`` rounds of ``local_steps`` steps at each hospital, then the
    weights averaged with each hospital weighted by its number of patients."""
    X, y, masks = tf.constant(X, tf.float32), tf.constant(y, tf.float32), np.asarray(masks, "float32")
    patients = masks.sum(axis=2)  # (hospitals, K)
    shares = tf.constant(patients / patients.sum(axis=0), tf.float32)
    for _ in range(rounds):
        local = [local_training(weights, X, y, tf.constant(mask), local_steps, learning_rate)
                 for mask in masks]
        weights = [sum(_per_replica(shares[h], site[i]) for h, site in enumerate(local))
                   for i in range(len(weights))]
    return weights


def _per_replica(share, tensor):
    """``tensor`` (replicas first) scaled by each replica's ``share``."""
    return tensor * tf.reshape(share, [-1] + [1] * (len(tensor.shape) - 1))
