"""Exercises for ``02_forward_backprop.ipynb``: weight shapes, MSE, cross-entropy, a gradient by hand."""

from functools import partial

import numpy as np

from course_utils.exercises import checks
from course_utils.exercises.core import Question
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
