"""Exercises for ``04_building.ipynb``: counting parameters, building to a spec, shapes, APIs."""

import numpy as np

from course_utils.exercises import calls, checks
from course_utils.exercises.core import Incorrect, Question

# The seed's network: 784 pixels -> Dense 128 -> Dense 128 -> Dense 10.
SEED_LAYER_SIZES = (784, 128, 128, 10)


def dense_params(n_inputs: int, n_units: int) -> int:
    """Trainable parameters of a Dense layer: one weight per input per unit, plus one bias per unit."""
    return n_inputs * n_units + n_units


def _seed_total(with_biases: bool = True) -> int:
    pairs = zip(SEED_LAYER_SIZES[:-1], SEED_LAYER_SIZES[1:], strict=True)
    return sum(n_in * n_out + (n_out if with_biases else 0) for n_in, n_out in pairs)


# Question 1: the seed model's predictions for 5 images.
PREDICTION_SHAPE = (5, 10)


def _check_output_shape(answer: object) -> None:
    checks.expect_shape(answer, PREDICTION_SHAPE, known_mistakes={
        (10,): "that is the shape for one image; you asked for five.",
        (5,): "the model returns a probability for every digit class, not just the winning class.",
        (5, 1): "the output layer has 10 units, one probability per digit.",
        (5, 784): "784 is the input size; the output comes from the last Dense layer.",
    }, otherwise="that shape does not match what the model returns.")


q1 = Question(
    "Question 1 (output shape)",
    _check_output_shape,
    hint="One row per image in the batch, one column per unit of the last layer.",
    solution="answer_output_shape = (5, 10)   # 5 images x 10 digit probabilities",
)


q2 = checks.number_question(
    "Question 2 (parameters of the first layer)",
    expected=dense_params(784, 128),
    count=True,
    known_mistakes={
        784 * 128: "you counted the weights but not the biases: each of the 128 units has one bias too.",
        784 + 128: "a Dense layer connects every input to every unit, so the weights multiply, not add.",
        785 * 129: "only the inputs get the extra '+1' (the bias); the number of units stays 128.",
    },
    hint="Each of the 128 units has one weight per input pixel (784 of them) and one bias.",
    solution="answer_first_layer_params = 784 * 128 + 128   # 100,480",
)


q3 = checks.number_question(
    "Question 3 (parameters of the whole seed model)",
    expected=_seed_total(),
    count=True,
    known_mistakes={
        _seed_total(with_biases=False): "you counted the weights but forgot the biases "
                                        "(one per unit in every layer).",
        dense_params(784, 128): "that is only the first layer; add the second hidden layer and the output.",
        dense_params(784, 128) + dense_params(128, 10): "you skipped the second hidden layer (128 -> 128).",
    },
    hint="Add up inputs x units + units for each of the three Dense layers: 784->128, 128->128, 128->10.",
    solution="answer_total_params = (784 * 128 + 128) + (128 * 128 + 128) + (128 * 10 + 10)   # 118,282",
    points=2,
)


q4 = checks.choice_question(
    "Question 4 (Sequential or Functional?)",
    correct="functional",
    explanations={
        "sequential": "a Sequential model is one straight stack with one input; it cannot take "
                      "an image and a table of lab values as two separate inputs.",
        "functional": "right: the Functional API wires several inputs into one model.",
    },
    synonyms={"functional API": "functional", "functional model": "functional", "keras.Model": "functional",
              "Model": "functional", "sequential API": "sequential", "sequential model": "sequential",
              "keras.Sequential": "sequential"},
    hint="Can a single straight stack of layers receive two different inputs?",
    solution="answer_api = 'functional'   # two inputs (X-ray features, lab values) need the Functional API",
)


# Question 5's spec: 30 breast-cancer features -> 32 relu -> 16 relu -> 1 sigmoid.
SPEC_LAYERS = [("Dense", 32, "relu"), ("Dense", 16, "relu"), ("Dense", 1, "sigmoid")]
SPEC_PARAMS = dense_params(30, 32) + dense_params(32, 16) + dense_params(16, 1)


def _check_spec_model(answer: object) -> None:
    checks.expect_model(answer, layers=SPEC_LAYERS, output_shape=(1,))
    try:
        checks.expect_model(answer, trainable_params=SPEC_PARAMS)
    except Incorrect:
        raise Incorrect("the layers are right but the parameter count is not: does the input "
                        "take all 30 features (keras.Input(shape=(30,)))?") from None


q5 = Question(
    "Question 5 (build a model to a spec)",
    _check_spec_model,
    hint="keras.Sequential([keras.Input(shape=(30,)), keras.layers.Dense(32, activation='relu'), ...]); "
         "one sigmoid unit gives one probability of malignancy.",
    solution=(
        "ex_model = keras.Sequential([\n"
        "    keras.Input(shape=(30,)),\n"
        "    keras.layers.Dense(32, activation='relu'),\n"
        "    keras.layers.Dense(16, activation='relu'),\n"
        "    keras.layers.Dense(1, activation='sigmoid'),\n"
        "])"
    ),
    points=2,
)


# Question 6: a function that builds a compiled diagnosis network of any width and depth.
N_FEATURES = 30
NETWORK_CASES = [(3, 2), (5, 1), (4, 3)]  # (width, depth): asymmetric, so swapped arguments show
_PATIENTS = np.random.default_rng(4).normal(scale=10, size=(7, N_FEATURES)).astype("float32")  # far out


def network_params(width: int, depth: int, n_inputs: int = N_FEATURES) -> int:
    """Trainable parameters of ``depth`` hidden Dense layers of ``width`` units and one output unit."""
    return dense_params(n_inputs, width) + (depth - 1) * dense_params(width, width) + dense_params(width, 1)


def _check_network_builder(answer: object) -> None:
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for width, depth in NETWORK_CASES:
        shown = f"build_network(width={width}, depth={depth})"
        network = calls.call(answer, width, depth, name="build_network", shown=shown)
        _check_network(network, width, depth, shown)


def _check_network(network, width: int, depth: int, shown: str) -> None:
    """Size and output first (behaviour), then the layers, then how it is compiled."""
    try:
        checks.expect_model(network, output_shape=(1,))
    except Incorrect as reason:
        raise Incorrect(f"{shown}: {reason}") from None
    try:
        checks.expect_model(network, trainable_params=network_params(width, depth))
    except Incorrect as reason:
        raise Incorrect(f"{shown}: {reason} Is there one hidden layer per unit of depth, each of "
                        f"`width` units, on {N_FEATURES} input features?") from None
    probabilities = np.asarray(calls.call(network, _PATIENTS, shown=f"the network from {shown}"))
    if not ((probabilities >= 0) & (probabilities <= 1)).all():
        raise Incorrect(f"{shown} predicts values outside 0 to 1; its output must be a probability.")
    try:
        checks.expect_model(network, layers=[("Dense", width, "relu")] * depth + [("Dense", 1, "sigmoid")])
        checks.expect_compiled(network, loss="binary_crossentropy")
    except Incorrect as reason:
        raise Incorrect(f"{shown}: {reason}") from None


q6 = Question(
    "Question 6 (a network of any width and depth)",
    _check_network_builder,
    hint="Start from keras.Input(shape=(30,)); add `depth` Dense layers of `width` ReLU units in a loop; "
         "end with Dense(1, activation='sigmoid'); compile with loss='binary_crossentropy' before returning.",
    solution=(
        "def build_network(width, depth):\n"
        "    hidden_layers = [keras.layers.Dense(width, activation='relu') for _ in range(depth)]\n"
        "    network = keras.Sequential([keras.Input(shape=(30,)), *hidden_layers,\n"
        "                                keras.layers.Dense(1, activation='sigmoid')])\n"
        "    network.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "    return network"
    ),
    points=2,
)
