"""Exercises for ``01_concepts.ipynb``: sigmoid, one neuron's output, choosing activations."""

import math
from functools import partial

import numpy as np

from course_utils.exercises import checks
from course_utils.exercises.core import Question

SIGMOID_CASES = [
    ((0.0,), 0.5),
    ((np.array([-2.0, 0.0, 2.0]),), 1 / (1 + np.exp(-np.array([-2.0, 0.0, 2.0])))),
    ((np.array([-30.0, 30.0]),), 1 / (1 + np.exp(-np.array([-30.0, 30.0])))),
]


q1 = Question(
    "Question 1 (the sigmoid function)",
    partial(checks.expect_function, cases=SIGMOID_CASES, name="sigmoid"),
    hint="sigmoid(z) = 1 / (1 + e^(-z)); use np.exp so that it works on whole arrays.",
    solution="def sigmoid(z):\n    return 1 / (1 + np.exp(-z))",
    points=2,
)

# Question 2: one neuron with three standardized inputs.
NEURON_INPUTS = (2.0, 1.0, 3.0)
NEURON_WEIGHTS = (0.5, -1.0, 0.25)
NEURON_BIAS = -0.5


def _logistic(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _neuron_sum(with_bias: bool = True) -> float:
    total = sum(x * w for x, w in zip(NEURON_INPUTS, NEURON_WEIGHTS, strict=True))
    return total + (NEURON_BIAS if with_bias else 0.0)


q2 = checks.number_question(
    "Question 2 (one neuron's output)",
    expected=_logistic(_neuron_sum()),
    decimals=3,
    known_mistakes={
        _neuron_sum(): "that is the weighted sum z; the neuron's output is the activation applied to it.",
        _logistic(_neuron_sum(with_bias=False)): "you left out the bias: add b to the weighted sum "
                                                 "before the activation.",
        _neuron_sum(with_bias=False): "that is the weighted sum without the bias and without the activation.",
    },
    hint="First z = w1*x1 + w2*x2 + w3*x3 + b, then the output is sigmoid(z).",
    solution=("z = 0.5 * 2.0 + (-1.0) * 1.0 + 0.25 * 3.0 + (-0.5)   # 0.25\n"
              "answer_neuron_output = 1 / (1 + np.exp(-z))          # about 0.562"),
)

OUTPUT_ACTIVATIONS = {
    "sigmoid": "Right: one unit squashed into (0, 1) reads directly as P(malignant).",
    "softmax": "softmax normalises over the units of a layer; with a single output unit it always "
               "returns exactly 1, whatever the patient.",
    "relu": "ReLU is unbounded above, so its output cannot be read as a probability.",
    "tanh": "tanh ranges from -1 to 1, so a negative 'probability' would be possible.",
    "linear": "a linear output can be any real number, not a probability between 0 and 1.",
}


q3 = checks.choice_question(
    "Question 3 (activation for a binary diagnosis output)",
    correct="sigmoid",
    explanations=OUTPUT_ACTIVATIONS,
    hint="The single output unit must give a probability that the tumour is malignant.",
    solution='answer_output_activation = "sigmoid"',
)


q4 = checks.number_question(
    "Question 4 (the sigmoid's largest slope)",
    expected=0.25,
    decimals=2,
    known_mistakes={
        0.5: "0.5 is the sigmoid's value at z = 0, not its slope there.",
        1.0: "a slope of 1 is tanh's maximum; the sigmoid is flatter.",
    },
    hint="sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z)); it peaks where sigmoid(z) = 0.5.",
    solution="answer_max_sigmoid_slope = 0.5 * (1 - 0.5)   # 0.25: each sigmoid layer shrinks "
             "the gradient at least 4-fold",
)
