"""Exercises for ``01_concepts.ipynb``: sigmoid, one neuron's output, choosing activations, and a
predict-then-run task: getting a deep sigmoid network off the base-rate plateau."""

import math
from functools import partial

import numpy as np

from course_utils.exercises import calls, checks
from course_utils.exercises.core import Incorrect, Question
from course_utils.metrics import cross_entropy

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

# Questions 5 and 6 (predict, then run): getting a deep sigmoid network off the base-rate plateau.
MAX_STEPS = 20 * math.ceil(341 / 32)  # 20 epochs of batches of 32 on the 341 training patients
PLATEAU_MARGIN = 0.02  # a validation loss this close to the base-rate loss is still on the plateau
TARGET_SHARE = 0.5  # the network must bring its validation loss to half the base-rate loss or less


def base_rate_loss(y) -> float:
    """The cross-entropy of giving every patient the same probability: the share of positives."""
    y = np.asarray(y, dtype=float)
    return cross_entropy(y, np.full(len(y), y.mean()))


def _expect_trained_sigmoid_network(model) -> None:
    import keras

    checks.expect_model(model, output_shape=(1,))
    if tuple(model.input_shape[1:]) != (30,):
        raise Incorrect(f"the network takes inputs of shape {tuple(model.input_shape[1:])}; each patient "
                        "has 30 standardized measurements.")
    hidden = [index for index, layer in enumerate(model.layers) if layer.weights][:-1]
    if not hidden:
        raise Incorrect("the network has no hidden layer; keep at least one sigmoid hidden layer.")
    used = sorted({str(checks.activation_applied(model.layers, index)) for index in hidden})
    if used != ["sigmoid"]:
        raise Incorrect(f"its hidden layers use {', '.join(used)}; keep sigmoid in every hidden layer: the "
                        "question is what gets a sigmoid network off the plateau (section 5 already "
                        "showed tanh and ReLU).")
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or int(optimizer.iterations.numpy()) == 0:
        raise Incorrect("the network has not been trained yet: compile and fit it (fit_sgd does both).")
    if not isinstance(optimizer, keras.optimizers.SGD):
        raise Incorrect(f"it was trained with {type(optimizer).__name__}; keep plain SGD and change only "
                        "the number of hidden layers or the learning rate.")
    if int(optimizer.iterations.numpy()) > MAX_STEPS:
        raise Incorrect(f"it took {int(optimizer.iterations.numpy())} gradient steps, more than 20 epochs "
                        "of batches of 32: keep the training budget and change the depth or the "
                        "learning rate.")


def _validation_loss(model, X, y) -> float:
    return cross_entropy(y, np.asarray(model.predict(X, verbose=0)).ravel())


def _check_sigmoid_network_learns(answer) -> None:
    _expect_trained_sigmoid_network(answer)
    split = checks.standardized_split()
    loss = checks.as_number(calls.call(_validation_loss, answer, split["X_val"], split["y_val"],
                                       shown="predicting the validation patients"))
    plateau = base_rate_loss(split["y_train"])
    if not math.isfinite(loss):
        raise Incorrect("its predictions are not finite numbers: training diverged (too large a step).")
    if loss >= plateau - PLATEAU_MARGIN:
        raise Incorrect(f"its validation cross-entropy is {loss:.3f}, no better than giving every patient "
                        f"the base rate ({plateau:.3f}): it is still on the plateau.")
    if loss > TARGET_SHARE * plateau:
        raise Incorrect(f"it has left the plateau (validation cross-entropy {loss:.3f}) but not yet reached "
                        "half of the base-rate loss: it learns too slowly to finish in 20 epochs.")


q5 = Question(
    "Question 5 (get a sigmoid network off the plateau)",
    _check_sigmoid_network_learns,
    hint="The run above kept 5 hidden layers and took a 20 times larger step. Try the other knob: "
         "deep_network('sigmoid', depth=...) with fewer hidden layers, trained by fit_sgd at the "
         "original learning rate.",
    solution='ex_model = deep_network("sigmoid", depth=1)\n'
             "ex_history = fit_sgd(ex_model, learning_rate=0.05)",
    points=3,
)

WHAT_HELPED = {
    "fewer hidden layers": "Right: on its way back the error signal is multiplied by a sigmoid slope "
                           "(at most 0.25) in every hidden layer, so with fewer layers far less of it "
                           "vanishes before it reaches the first weights.",
    "larger learning rate": "look again at the run with the 20 times larger step: its loss ended on the "
                            "plateau too. The first layers' gradients are thousands of times smaller than "
                            "the last layer's, and one step size for all weights cannot make up for that.",
    "either": "only one of the two worked on its own: look again at the run with the 20 times larger step.",
    "neither": "one of them did: the network you trained in exercise 5 left the plateau.",
}


q6 = checks.choice_question(
    "Question 6 (what got the sigmoid network off the plateau)",
    correct="fewer hidden layers",
    explanations=WHAT_HELPED,
    synonyms={"fewer layers": "fewer hidden layers", "depth": "fewer hidden layers",
              "a shallower network": "fewer hidden layers", "learning rate": "larger learning rate",
              "both": "either"},
    hint="Compare the two runs: the 5-layer network with the 20 times larger learning rate, and yours.",
    solution='answer_what_helped = "fewer hidden layers"',
)
