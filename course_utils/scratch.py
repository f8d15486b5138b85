"""A two-layer neural network written from scratch in NumPy.

Introduced in ``02_forward_backprop.ipynb``, where every line is derived:
a tanh hidden layer, a sigmoid output, binary cross-entropy, backpropagation
by the chain rule, a numerical gradient check and full-batch gradient descent.

Shapes: ``X`` is ``(n_examples, n_features)``, ``W1`` is ``(n_features, n_hidden)``,
``b1`` is ``(n_hidden,)``, ``W2`` is ``(n_hidden, 1)``, ``b2`` is ``(1,)``; ``y`` is
``(n_examples,)`` of 0/1 labels.
"""

import numpy as np

from course_utils.metrics import cross_entropy

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")
EPSILON = 1e-12


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function 1 / (1 + exp(-z)), computed without overflow."""
    z = np.asarray(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def init_params(n_features: int, n_hidden: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Glorot-uniform weights and zero biases, as Keras' ``Dense`` starts them.

    Args:
        n_features: inputs per example.
        n_hidden: units in the hidden layer.
        seed: seed for the weights.

    Returns:
        A dict with ``W1, b1, W2, b2`` (float64).
    """
    if n_features < 1 or n_hidden < 1:
        raise ValueError(f"n_features and n_hidden must be >= 1, got {n_features} and {n_hidden}")
    rng = np.random.default_rng(seed)

    def glorot(fan_in: int, fan_out: int) -> np.ndarray:
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))

    return {"W1": glorot(n_features, n_hidden), "b1": np.zeros(n_hidden),
            "W2": glorot(n_hidden, 1), "b2": np.zeros(1)}


def forward(params: dict[str, np.ndarray], X: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The forward pass: ``h = tanh(X W1 + b1)``, ``p = sigmoid(h W2 + b2)``.

    Returns:
        ``(y_prob, cache)``: the predicted probabilities ``(n_examples,)`` and the
        intermediate values :func:`backward` needs.
    """
    X = _as_matrix(X, params["W1"].shape[0])
    hidden = np.tanh(X @ params["W1"] + params["b1"])
    y_prob = sigmoid(hidden @ params["W2"] + params["b2"])[:, 0]
    return y_prob, {"X": X, "hidden": hidden, "y_prob": y_prob}


def loss(params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray) -> float:
    """The network's mean binary cross-entropy on ``(X, y)``."""
    return cross_entropy(y, forward(params, X)[0], clip=EPSILON)


def backward(
    params: dict[str, np.ndarray], cache: dict[str, np.ndarray], y: np.ndarray
) -> dict[str, np.ndarray]:
    """Backpropagation: the gradient of the mean cross-entropy for each parameter.

    With ``z2 = h W2 + b2`` the sigmoid and cross-entropy combine to
    ``dL/dz2 = (p - y) / n``; the chain rule carries it back through ``W2`` and
    ``tanh'(a) = 1 - h**2`` to the first layer.
    """
    X, hidden, y_prob = cache["X"], cache["hidden"], cache["y_prob"]
    y = np.asarray(y, dtype=float).reshape(-1)
    if y.shape != y_prob.shape:
        raise ValueError(f"y has {y.shape[0]} labels but X has {y_prob.shape[0]} rows")
    d_z2 = ((y_prob - y) / len(y))[:, None]
    d_a1 = (d_z2 @ params["W2"].T) * (1 - hidden**2)
    return {"W1": X.T @ d_a1, "b1": d_a1.sum(axis=0), "W2": hidden.T @ d_z2, "b2": d_z2.sum(axis=0)}


def numerical_gradient(
    params: dict[str, np.ndarray], X: np.ndarray, y: np.ndarray, step: float = 1e-5
) -> dict[str, np.ndarray]:
    """Central-difference estimate ``(L(w + h) - L(w - h)) / 2h`` of every gradient entry.

    Slow (two forward passes per parameter): use it on a small batch to check
    :func:`backward`, never to train. A step of 1e-5 balances truncation error
    (step too large) against floating-point cancellation (step too small).
    """
    gradients = {}
    for name in PARAMETER_NAMES:
        values = params[name]
        gradient = np.zeros_like(values)
        for index in np.ndindex(values.shape):
            original = values[index]
            values[index] = original + step
            loss_plus = loss(params, X, y)
            values[index] = original - step
            loss_minus = loss(params, X, y)
            values[index] = original
            gradient[index] = (loss_plus - loss_minus) / (2 * step)
        gradients[name] = gradient
    return gradients


def max_relative_error(gradients: dict[str, np.ndarray], reference: dict[str, np.ndarray]) -> float:
    """The largest ``|a - b| / max(|a| + |b|, 1e-8)`` over all parameters and entries."""
    worst = 0.0
    for name in PARAMETER_NAMES:
        a, b = np.asarray(gradients[name], dtype=float), np.asarray(reference[name], dtype=float)
        if a.shape != b.shape:
            raise ValueError(f"{name}: shapes {a.shape} and {b.shape} differ")
        error = np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)
        worst = max(worst, float(error.max()))
    return worst


def train(
    X: np.ndarray,
    y: np.ndarray,
    n_hidden: int = 16,
    learning_rate: float = 0.5,
    epochs: int = 300,
    seed: int = 0,
) -> tuple[dict[str, np.ndarray], list[float]]:
    """Full-batch gradient descent: forward, backward, step, for ``epochs`` steps.

    Args:
        X: standardized features ``(n_examples, n_features)``.
        y: 0/1 labels.
        n_hidden: hidden units.
        learning_rate: the step size.
        epochs: gradient steps (one per pass over the data).
        seed: seed for the initial weights.

    Returns:
        ``(params, losses)``: the trained parameters and the training loss before each step.
    """
    X = _as_matrix(X)
    y = np.asarray(y, dtype=float).reshape(-1)
    params = init_params(X.shape[1], n_hidden, seed)
    losses = []
    for _ in range(epochs):
        y_prob, cache = forward(params, X)
        losses.append(cross_entropy(y, y_prob, clip=EPSILON))
        gradients = backward(params, cache, y)
        for name in PARAMETER_NAMES:
            params[name] -= learning_rate * gradients[name]
    return params, losses


def predict_proba(params: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """Predicted probability of the positive class for each row of ``X``."""
    return forward(params, X)[0]


def _as_matrix(X: np.ndarray, n_features: int | None = None) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (examples x features), got shape {X.shape}")
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(f"X has {X.shape[1]} features but the network expects {n_features}")
    return X
