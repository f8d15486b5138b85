"""Optimizer paths on a two-dimensional toy loss surface.

Introduced in ``05_compiling.ipynb``: each Keras optimizer (SGD, SGD with momentum, Adam) is run
step by step on the same ravine-shaped loss, and the weights it visits are recorded for a figure.
"""

import math
from collections.abc import Callable

import numpy as np

# The ravine: gentle along w1, steep along w2 (curvatures 0.1 and 4), minimum 0 at (0, 0).
RAVINE_CURVATURE = (0.1, 4.0)


def ravine_loss(w):
    """A long, narrow valley, ``0.05 w1^2 + 2 w2^2``.

    Works on NumPy arrays and TensorFlow tensors: ``w[0]`` and ``w[1]`` may be
    scalars or grids (for contour plots).
    """
    return 0.5 * RAVINE_CURVATURE[0] * w[0] ** 2 + 0.5 * RAVINE_CURVATURE[1] * w[1] ** 2


def optimizer_path(
    optimizer, loss_fn: Callable = ravine_loss, start=(-4.5, 1.5), steps: int = 50
) -> np.ndarray:
    """The weights a Keras optimizer visits while minimising ``loss_fn`` from ``start``.

    Args:
        optimizer: a fresh ``keras.optimizers`` instance (it keeps state, e.g. momentum).
        loss_fn: loss of a length-2 weight vector, written with differentiable operations.
        start: the two starting weights.
        steps: how many optimizer steps to take.

    Returns:
        Array of shape ``(steps + 1, 2)``: the start, then the weights after each step.
    """
    import keras
    import tensorflow as tf

    start = _check_start(start)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive whole number, got {steps!r}.")
    weights = keras.Variable(start.astype("float32"), name="w")
    path = [start]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = loss_fn(weights)
        optimizer.apply_gradients([(tape.gradient(loss, weights), weights)])
        path.append(np.asarray(weights.numpy(), dtype=float))
    return np.array(path)


def _check_start(start) -> np.ndarray:
    try:
        point = np.asarray(start, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"start must be two numbers (w1, w2), got {start!r}.") from None
    if point.shape != (2,) or not all(math.isfinite(value) for value in point):
        raise ValueError(f"start must be two finite numbers (w1, w2), got {start!r}.")
    return point
