"""Exercises for ``02_forward_backprop.ipynb``: weight shapes, MSE, cross-entropy, a gradient by hand,
and the backward pass written by the learner and checked against finite differences."""

from functools import partial

import numpy as np

from course_utils import scratch
from course_utils.exercises import calls, checks
from course_utils.exercises.core import Incorrect, Question
from course_utils.metrics import cross_entropy

N_FEATURES, N_HIDDEN = 30, 16


def _check_weight_shape(answer: object) -> None:
    checks.expect_shape(answer, (N_FEATURES, N_HIDDEN), what="a weight matrix", known_mistakes={
        (N_HIDDEN, N_FEATURES): "that is the transpose: in X @ W1 the rows of W1 must match "
                                "the columns of X.",
        (N_FEATURES + 1, N_HIDDEN): "in this course the bias is a separate vector b1, not an extra "
                                    "row of W1.",
    }, otherwise="think of X @ W1: X has one column per feature, and the result one column "
                 "per hidden unit.")


q1 = Question(
    "Question 1 (shape of the first weight matrix)",
    _check_weight_shape,
    hint="X_train has shape (patients, 30); X_train @ W1 must have shape (patients, 16).",
    solution="answer_W1_shape = (30, 16)",
)

MSE_CASES = [
    ((np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.4])), np.mean([0.01, 0.04, 0.36])),
    ((np.array([3.0]), np.array([3.0])), 0.0),
    ((np.array([150.0, 90.0]), np.array([140.0, 100.0])), 100.0),
]


q2 = Question(
    "Question 2 (mean squared error)",
    partial(checks.expect_function, cases=MSE_CASES, name="mse"),
    hint="Square each difference y_true - y_pred, then take the mean (not the sum) with np.mean.",
    solution="def mse(y_true, y_pred):\n    return np.mean((y_true - y_pred) ** 2)",
    points=2,
)


CROSS_ENTROPY_INPUTS = [
    (np.array([1.0, 0.0]), np.array([0.5, 0.5])),
    (np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.3, 0.6])),
    (np.array([0.0]), np.array([0.01])),
]
CROSS_ENTROPY_CASES = [(args, cross_entropy(*args, clip=0.0)) for args in CROSS_ENTROPY_INPUTS]


q3 = Question(
    "Question 3 (binary cross-entropy)",
    partial(checks.expect_function, cases=CROSS_ENTROPY_CASES, name="binary_cross_entropy"),
    hint="For each patient: -(y * log(p) + (1 - y) * log(1 - p)); then the mean. np.log is the natural log.",
    solution=("def binary_cross_entropy(y_true, y_prob):\n"
              "    return -np.mean(y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob))"),
    points=2,
)

# Question 4: L(w) = (w * x - y) ** 2 at w = 0.5, x = 2, y = 3.
GRAD_W, GRAD_X, GRAD_Y = 0.5, 2.0, 3.0
_RESIDUAL = GRAD_W * GRAD_X - GRAD_Y


q4 = checks.number_question(
    "Question 4 (a gradient by hand)",
    expected=2 * _RESIDUAL * GRAD_X,
    known_mistakes={
        2 * _RESIDUAL: "you stopped one step early: by the chain rule, the inner function w * x "
                       "contributes its own derivative, x.",
        -2 * _RESIDUAL * GRAD_X: "the size is right but the sign is not: the prediction is below the "
                                 "target, so increasing w lowers the loss.",
        _RESIDUAL**2: "that is the loss itself, not its derivative.",
    },
    hint="d/dw (w*x - y)^2 = 2 * (w*x - y) * x. Put in the numbers.",
    solution="answer_gradient = 2 * (0.5 * 2.0 - 3.0) * 2.0   # -8.0",
)

# Question 5: the backward pass, checked against finite differences on small networks.
# (patients, inputs, hidden units, seed): asymmetric sizes, so a missing transpose cannot pass.
BACKWARD_NETWORKS = [(7, 4, 3, 1), (12, 5, 6, 2)]
GRADIENT_TOLERANCE = 1e-5  # finite differences agree with a correct backward pass to about 1e-8


def _network_case(n_patients: int, n_inputs: int, n_hidden: int, seed: int):
    """A small network with weights large enough for tanh's slope to matter, inputs and 0/1 labels."""
    rng = np.random.default_rng(seed)
    params = scratch.init_params(n_inputs, n_hidden, seed=seed)
    params = {name: 2.0 * value + (rng.normal(0, 0.3, value.shape) if name.startswith("b") else 0.0)
              for name, value in params.items()}
    X = rng.normal(size=(n_patients, n_inputs))
    y = (np.arange(n_patients) % 3 == 0).astype(float)  # about a third positive
    return params, X, y


def _gradient_problem(name: str, got: np.ndarray, expected: np.ndarray) -> str | None:
    """What is wrong with one parameter's gradient, or None when it matches."""
    if np.allclose(got, expected, rtol=GRADIENT_TOLERANCE, atol=1e-10):
        return None
    if np.allclose(got, -expected, rtol=GRADIENT_TOLERANCE, atol=1e-10):
        return (f"the gradient for {name} has the wrong sign everywhere: the error signal at the output "
                "is prediction minus truth.")
    ratio = np.sum(got * expected) / np.sum(expected * expected)
    if ratio > 1.5 and np.allclose(got, ratio * expected, rtol=1e-4, atol=1e-10):
        return (f"the gradient for {name} is a constant multiple too large: the loss is a mean over "
                "patients, so divide the error signal by their number.")
    if name in ("W1", "b1"):
        return (f"the output layer's gradients are right but {name}'s are not: carry the error signal back "
                "through W2 (transposed), then multiply element by element by tanh's slope, 1 - H**2.")
    return (f"the gradient for {name} does not match the finite-difference estimate: with a sigmoid output "
            "and cross-entropy the error signal at the output is just (p_hat - y) / n; the sigmoid's slope "
            "has already cancelled (step 1).")


def _check_backward(answer) -> None:
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for n_patients, n_inputs, n_hidden, seed in BACKWARD_NETWORKS:
        params, X, y = _network_case(n_patients, n_inputs, n_hidden, seed)
        cache = scratch.forward(params, X)[1]
        shown = (f"my_backward(params, cache, y) for a network with {n_inputs} inputs, {n_hidden} hidden "
                 f"units and {n_patients} patients")
        gradients = calls.call(answer, params, cache, y, shown=shown)
        if not isinstance(gradients, dict) or set(gradients) != set(scratch.PARAMETER_NAMES):
            raise Incorrect(f"{shown} should return a dict with the keys W1, b1, W2 and b2; keep the "
                            "return line as given.")
        expected = scratch.numerical_gradient(params, X, y)
        for name in ("W2", "b2", "W1", "b1"):  # the output layer first: its error decides the rest
            got = np.asarray(gradients[name], dtype=float)
            if got.shape != params[name].shape:
                raise Incorrect(f"for {shown}, the gradient for {name} has shape {got.shape}; each gradient "
                                f"has the shape of its parameter, {params[name].shape}. Is the output error "
                                "signal a column (one row per patient)?")
            problem = _gradient_problem(name, got, expected[name])
            if problem:
                raise Incorrect(f"for {shown}, {problem}")


q5 = Question(
    "Question 5 (the backward pass)",
    _check_backward,
    hint="Step 1 of the derivation gives dL/dz2 = (p_hat - y) / n: make it a column with [:, None]. "
         "Step 3: multiply it by W2 transposed, then element by element by tanh's slope (1 - hidden**2).",
    solution=("def my_backward(params, cache, y):\n"
              '    X, hidden, y_prob = cache["X"], cache["hidden"], cache["y_prob"]\n'
              "    d_z2 = ((y_prob - y) / len(y))[:, None]\n"
              '    d_a1 = (d_z2 @ params["W2"].T) * (1 - hidden ** 2)\n'
              '    return {"W1": X.T @ d_a1, "b1": d_a1.sum(axis=0), "W2": hidden.T @ d_z2, '
              '"b2": d_z2.sum(axis=0)}'),
    points=3,
)
