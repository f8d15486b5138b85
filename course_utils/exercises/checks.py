"""Reusable checker pieces: each raises :class:`Incorrect` with a clear message.

Exercise modules (``ex01.py``...) combine these into question checkers, or declare a
one-number or multiple-choice question in one call with :func:`number_question` or
:func:`choice_question`.
Checkers judge behaviour, never internals a Keras upgrade could change.
"""

import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from functools import partial

import numpy as np

from course_utils.exercises import calls
from course_utils.exercises.core import Incorrect, Question

_DIGITS = re.compile(r"\s*\d+(?:[,_]\d{3})*\s*")  # "569", "100,480"


def as_number(answer: object, count: bool = False) -> float:
    """The learner's single number as a float.

    Accepts Python and NumPy numbers, 0-d arrays and scalar tensors, and where ``count`` (a count is
    asked) a string of digits such as ``"569"`` or ``"100,480"``.
    """
    if count and isinstance(answer, str) and _DIGITS.fullmatch(answer):
        return float(re.sub(r"[\s,_]", "", answer))
    if not isinstance(answer, np.ndarray) and hasattr(answer, "numpy") and getattr(answer, "shape", 0) == ():
        answer = answer.numpy()  # a scalar TensorFlow tensor or variable
    if isinstance(answer, np.ndarray) and answer.ndim == 0 and answer.dtype.kind in "biuf":
        answer = answer.item()
    if isinstance(answer, bool | np.bool_):
        raise Incorrect("expected a number, got a bool (True or False).")
    if isinstance(answer, numbers.Real):
        return float(answer)
    if isinstance(answer, np.ndarray) and answer.size == 1:
        raise Incorrect(f"your answer is an array of shape {answer.shape}; give the single number in it "
                        "(answer.item()).")
    raise Incorrect(f"expected a single number, got {type(answer).__name__}.")


def precision_note(decimals: int | None) -> str:
    """How a numeric question states its precision, e.g. ``"to 3 decimal places"``."""
    if decimals is None:
        return ""
    return f"to {decimals} decimal place{'s' if decimals != 1 else ''}"


def expect_number(
    answer: object,
    expected: float,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    known_mistakes: Mapping[float, str] | None = None,
    decimals: int | None = None,
    count: bool = False,
) -> None:
    """A single real number close to ``expected``.

    Args:
        known_mistakes: a typical wrong value -> the message explaining it.
        decimals: the precision the question states; any answer within one unit of the last stated
            decimal place is accepted (rounded either way, or given more precisely).
        count: a count is asked (a whole number): a string of digits is accepted too.

    A wrong value is called "not right" without a direction ("too large" would let an answer be
    found by bisection); ``known_mistakes`` explain the typical wrong values.
    """
    value = as_number(answer, count=count)
    if not math.isfinite(value):
        raise Incorrect(f"your answer is {value}; expected a finite number.")
    if decimals is not None:
        abs_tol = max(abs_tol, 10.0 ** -decimals * (1 + 1e-9))
    if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return
    for mistake, message in (known_mistakes or {}).items():
        if math.isclose(value, mistake, rel_tol=rel_tol, abs_tol=abs_tol):
            raise Incorrect(message)
    stated = f" ({precision_note(decimals)})" if decimals is not None else ""
    raise Incorrect(f"{value:g} is not right{stated}.")


def _canonical_option(text: str) -> str:
    """An option as compared: case, spaces, underscores, hyphens, quotes, brackets, articles ignored."""
    text = text.strip().lower().strip(" .:)('\"`")
    text = re.sub(r"^(?:option|answer)\s+|^(?:a|an|the)\s+(?=\w\w)", "", text)
    return re.sub(r"[\s_\-]+", "", text)


def expect_choice(
    answer: object, correct: str, explanations: Mapping[str, str], synonyms: Mapping[str, str] | None = None
) -> None:
    """One option of a multiple-choice question.

    Case, spaces, underscores, hyphens, brackets (``"(b)"``) and a leading article are ignored, and a
    Keras object (or class) answers by its name (``keras.losses.MeanSquaredError()`` for ``"mse"``
    needs a synonym). ``explanations`` maps every option (including ``correct``) to why it is right
    or wrong; the wrong ones are shown to the learner who picks them. ``synonyms`` maps other
    reasonable answers (``"missing at random"``) to the option they mean (``"MAR"``).
    """
    if not isinstance(answer, str):
        answer = getattr(answer, "name", None) or getattr(answer, "__name__", None)
        if not isinstance(answer, str):
            raise Incorrect(f"answer with one of {_options(explanations)} as a string.")
    options = {_canonical_option(option): option for option in explanations}
    options |= {_canonical_option(word): option for word, option in (synonyms or {}).items()}
    picked = options.get(_canonical_option(answer))
    if picked is None:
        raise Incorrect(f"'{answer}' is not an option; choose one of {_options(explanations)}.")
    if picked != correct:
        raise Incorrect(explanations[picked])


def _options(explanations: Mapping[str, str]) -> str:
    return ", ".join(repr(option) for option in explanations)


def expect_shape(
    answer: object,
    expected: tuple[int, ...],
    known_mistakes: Mapping[tuple[int, ...], str] | None = None,
    otherwise: str = "that shape is not right.",
    what: str = "the shape",
) -> None:
    """A shape equal to ``expected``: a tuple or list of whole numbers, or a TensorFlow ``TensorShape``.

    ``known_mistakes`` maps a typical wrong shape to the message explaining it; a shape with the
    wrong number of dimensions says so; any other wrong shape gets ``otherwise``.
    """
    if hasattr(answer, "as_list") and not isinstance(answer, tuple | list):  # a TensorShape
        answer = tuple(answer.as_list()) if answer.rank is not None else None
    if not isinstance(answer, tuple | list) or not all(
        isinstance(size, int | np.integer) and not isinstance(size, bool) for size in answer
    ):
        raise Incorrect("answer with a tuple of whole numbers, e.g. (rows, columns).")
    shape = tuple(int(size) for size in answer)
    if shape == tuple(expected):
        return
    mistakes = known_mistakes or {}
    if shape in mistakes:
        raise Incorrect(mistakes[shape])
    if len(shape) != len(expected):
        raise Incorrect(f"{what} has {len(expected)} dimensions; yours has {len(shape)}.")
    raise Incorrect(otherwise)


def array_problem(answer: object, expected: np.ndarray, atol: float = 1e-6) -> str | None:
    """What is wrong with ``answer`` as an array (or number) like ``expected``, or None when it matches.

    NaN is right where ``expected`` has NaN.
    """
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"is a {type(answer).__name__}, not numbers"
    expected = np.asarray(expected, dtype=float)
    if array.shape != expected.shape:
        return f"has shape {array.shape}; expected " + (
            "a single number" if expected.ndim == 0 else f"shape {expected.shape}")
    if (np.isnan(array) & ~np.isnan(expected)).any():
        return "contains NaN values"
    right = np.isclose(array, expected, atol=atol, rtol=1e-5, equal_nan=True)
    if right.all():
        return None
    if expected.ndim == 0:
        return "is not right"
    first = tuple(int(i) for i in np.argwhere(~right)[0])
    return ("has the right shape but wrong values "
            f"(the first wrong entry is at index {first[0] if len(first) == 1 else first})")


def expect_array(answer: object, expected: np.ndarray, atol: float = 1e-6, what: str = "array") -> None:
    """An array (or a single number) of the expected shape and values."""
    problem = array_problem(answer, expected, atol)
    if problem:
        raise Incorrect(f"your {what} {problem}.")


def expect_function(
    answer: object,
    cases: Iterable[tuple[tuple, object]],
    atol: float = 1e-6,
    name: str = "your function",
) -> None:
    """A callable that returns the expected output for each ``(args, expected)`` case.

    Each case is run by :func:`course_utils.exercises.calls.call` (copied inputs, a time limit,
    failures named); a wrong result says what the function returned.
    """
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for args, expected in cases:
        result = calls.call(answer, *args, name=name)
        problem = array_problem(result, expected, atol)
        if problem:
            returned = calls.short(np.asarray(result) if isinstance(result, list) else result, width=60)
            raise Incorrect(f"{calls.describe_call(name, args)} returned {returned}, which {problem}.")


def expect_model(
    model: object,
    layers: list[tuple[str, int | None, str | None]] | None = None,
    output_shape: tuple | None = None,
    trainable_params: int | None = None,
) -> None:
    """A built Keras model with the given Dense-like layers, shape and size.

    Args:
        layers: ``(class_name, units, activation)`` for each layer that has
            weights, in order; ``None`` in a slot means "any".
        output_shape: the output shape without the batch dimension.
        trainable_params: the number of trainable parameters.
    """
    import keras

    if not isinstance(model, keras.Model):
        raise Incorrect(f"expected a Keras model, got {type(model).__name__}.")
    if not model.built:
        raise Incorrect("the model is not built yet: give it an input shape "
                        "(keras.Input(shape=...)) so Keras knows its size.")
    if layers is not None:
        _expect_layers(model, layers)
    if output_shape is not None and tuple(model.output_shape[1:]) != tuple(output_shape):
        raise Incorrect(f"the model's output shape is {tuple(model.output_shape[1:])} per "
                        f"example; expected {tuple(output_shape)}.")
    if trainable_params is not None:
        count = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
        if count != trainable_params:
            raise Incorrect(f"the model has {count:,} trainable parameters, which is "
                            f"{'more' if count > trainable_params else 'fewer'} than expected.")


def _expect_layers(model, expected: list[tuple[str, int | None, str | None]]) -> None:
    weighted = [index for index, layer in enumerate(model.layers) if layer.weights]
    if len(weighted) != len(expected):
        raise Incorrect(f"the model has {len(weighted)} layers with weights; expected {len(expected)}.")
    for position, (index, (kind, units, activation)) in enumerate(zip(weighted, expected, strict=True), 1):
        layer = model.layers[index]
        config = layer.get_config()
        if type(layer).__name__ != kind:
            raise Incorrect(f"layer {position} is a {type(layer).__name__}; expected a {kind}.")
        if units is not None and config.get("units") != units:
            raise Incorrect(f"layer {position} has {config.get('units')} units; expected {units}.")
        applied = activation_applied(model.layers, index)
        if activation is not None and applied != activation:
            raise Incorrect(f"layer {position} uses activation '{applied}'; expected '{activation}'.")


_ACTIVATION_LAYERS = {"ReLU": "relu", "Softmax": "softmax", "LeakyReLU": "leaky_relu", "ELU": "elu"}


def activation_applied(layers: list, index: int) -> object:
    """The activation the layer at ``index`` applies: its own, or for a linear one the first activation
    layer (``Activation("relu")``, ``ReLU()``...) among the weightless layers right after it."""
    own = layers[index].get_config().get("activation")
    if own not in (None, "linear"):
        return own
    for layer in layers[index + 1:]:
        if layer.weights:
            break
        kind = type(layer).__name__
        if kind == "Activation":
            return layer.get_config().get("activation")
        if kind == "ReLU" and any(layer.get_config().get(key) for key in ("max_value", "negative_slope",
                                                                          "threshold")):
            return "a modified ReLU"
        if kind in _ACTIVATION_LAYERS:
            return _ACTIVATION_LAYERS[kind]
    return own


def expect_compiled(model: object, loss: str | None = None, metrics: Iterable[str] = ()) -> None:
    """A compiled Keras model with the given loss name and metric names."""
    import keras

    if not isinstance(model, keras.Model):
        raise Incorrect(f"expected a Keras model, got {type(model).__name__}.")
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        raise Incorrect("the model is not compiled yet: call model.compile(...).")
    if loss is not None:
        used = _loss_name(model.loss)
        if _canonical(used) != _canonical(loss):
            raise Incorrect(f"the model is compiled with loss '{used}', which does not fit this task.")
    compiled_metrics = {_canonical(m) for m in _metric_names(model)}
    for metric in metrics:
        if _canonical(metric) not in compiled_metrics:
            raise Incorrect(f"the model does not track the metric '{metric}'.")


def _loss_name(loss: object) -> str:
    """The name of a loss given as a string, a loss object or a loss function."""
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__


def _metric_names(model) -> list[str]:
    """Names a compiled metric answers to: as given, its class, and its name without Keras's ``_1`` suffix."""
    config = model.get_compile_config() or {}
    names = []
    for metric in config.get("metrics") or []:
        if isinstance(metric, str):
            names.append(metric)
        elif isinstance(metric, dict):
            config = metric.get("config", {})  # a metric function's config is its name
            name = str(config if isinstance(config, str) else config.get("name", ""))
            names += [name, re.sub(r"_\d+$", "", name), str(metric.get("class_name", ""))]
    return names


def _canonical(name: object) -> str:
    return str(name).lower().replace("_", "").replace(" ", "")


def expect_score(
    score_fn: Callable[[], float], threshold: float, metric: str, higher_is_better: bool = True
) -> None:
    """A trained model whose held-out ``metric`` (computed by ``score_fn``) beats ``threshold``."""
    score = as_number(calls.call(score_fn, shown=f"computing the model's {metric}"))
    if not math.isfinite(score):
        raise Incorrect(f"the model's {metric} is {score}: training diverged.")
    good = score >= threshold if higher_is_better else score <= threshold
    if not good:
        side = "at least" if higher_is_better else "at most"
        raise Incorrect(f"the model's held-out {metric} is {score:.3f}; it needs to be {side} "
                        f"{threshold:g}. Train longer, or check the inputs are scaled.")


# --- question factories: the checker of a one-number or multiple-choice question, declared in one call ---

def choice_question(
    name: str,
    *,
    correct: str,
    explanations: Mapping[str, str],
    hint: str,
    solution: str,
    synonyms: Mapping[str, str] | None = None,
    points: int = 1,
) -> Question:
    """A multiple-choice :class:`Question` judged by :func:`expect_choice`.

    Raises:
        ValueError: ``correct`` or a synonym's option is not one of the options in ``explanations``.
    """
    for option in [correct, *(synonyms or {}).values()]:
        if option not in explanations:
            raise ValueError(f"{name}: the option {option!r} is not among {_options(explanations)}.")
    checker = partial(expect_choice, correct=correct, explanations=explanations, synonyms=synonyms)
    return Question(name, checker, hint=hint, solution=solution, points=points)


def number_question(
    name: str,
    *,
    expected: float,
    hint: str,
    solution: str,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    decimals: int | None = None,
    count: bool = False,
    known_mistakes: Mapping[float, str] | None = None,
    points: int = 1,
) -> Question:
    """A :class:`Question` whose answer is one number, judged by :func:`expect_number`.

    A question with ``decimals`` states its precision at the end of its hint.
    """
    checker = partial(expect_number, expected=expected, rel_tol=rel_tol, abs_tol=abs_tol,
                      known_mistakes=known_mistakes, decimals=decimals, count=count)
    if decimals is not None and hint is not None:  # None: a graded wheel without hints
        hint = f"{hint} Give the answer {precision_note(decimals)}."
    return Question(name, checker, hint=hint, solution=solution, points=points)


# --- data a checker scores a learner's trained model on ---

def standardized_split(dataset: str = "breast_cancer") -> dict[str, np.ndarray]:
    """The course's default split of ``dataset`` (:func:`course_utils.data.split`), standardized with
    its training patients, as the notebooks prepare it: ``X_train, X_val, y_train, y_val`` arrays."""
    from sklearn.preprocessing import StandardScaler

    from course_utils import data

    X, y = data.load_xy(dataset)
    X_train, X_val, _, y_train, y_val, _ = data.split(X, y)
    scaler = StandardScaler().fit(X_train)
    return {"X_train": scaler.transform(X_train), "X_val": scaler.transform(X_val),
            "y_train": np.asarray(y_train, dtype=float), "y_val": np.asarray(y_val, dtype=float)}
