"""Reusable checker pieces: each raises :class:`Incorrect` with a clear message.

Exercise modules (``ex01.py``...) combine these into question checkers, or declare a
one-number or multiple-choice question in one call with :func:`number_question` or
:func:`choice_question`.
Checkers judge behaviour, never internals a Keras upgrade could change.
"""

import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import partial

import numpy as np

from course_utils.exercises.core import Incorrect, NotAttempted, Question, is_placeholder


def expect_number(
    answer: object,
    expected: float,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    known_mistakes: Mapping[float, str] | None = None,
) -> None:
    """A single real number close to ``expected``.

    ``known_mistakes`` maps a typical wrong value to the message explaining it.
    """
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.number):
        raise Incorrect(f"expected a single number, got {type(answer).__name__}.")
    value = float(answer)
    if not math.isfinite(value):
        raise Incorrect(f"your answer is {value}; expected a finite number.")
    if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return
    for mistake, message in (known_mistakes or {}).items():
        if math.isclose(value, mistake, rel_tol=rel_tol, abs_tol=abs_tol):
            raise Incorrect(message)
    direction = "too large" if value > expected else "too small"
    raise Incorrect(f"{value:g} is {direction}.")


def expect_choice(answer: object, correct: str, explanations: Mapping[str, str]) -> None:
    """One option of a multiple-choice question (case-insensitive letter or word).

    ``explanations`` maps every option (including ``correct``) to why it is
    right or wrong; the wrong ones are shown to the learner who picks them.
    """
    if not isinstance(answer, str):
        raise Incorrect(f"answer with one of {_options(explanations)} as a string.")
    picked = answer.strip().lower()
    options = {option.lower(): option for option in explanations}
    if picked not in options:
        raise Incorrect(f"'{answer}' is not an option; choose one of {_options(explanations)}.")
    if options[picked] != correct:
        raise Incorrect(explanations[options[picked]])


def _options(explanations: Mapping[str, str]) -> str:
    return ", ".join(repr(option) for option in explanations)


def expect_shape(
    answer: object,
    expected: tuple[int, ...],
    known_mistakes: Mapping[tuple[int, ...], str] | None = None,
    otherwise: str = "that shape is not right.",
    what: str = "the shape",
) -> None:
    """A shape given as a tuple (or list) of whole numbers, equal to ``expected``.

    ``known_mistakes`` maps a typical wrong shape to the message explaining it; a shape with the
    wrong number of dimensions says so; any other wrong shape gets ``otherwise``.
    """
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


def expect_array(answer: object, expected: np.ndarray, atol: float = 1e-6, what: str = "array") -> None:
    """An array of the expected shape and values (NaN-free)."""
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(f"expected a numeric {what}, got {type(answer).__name__}.") from None
    expected = np.asarray(expected, dtype=float)
    if array.shape != expected.shape:
        raise Incorrect(f"your {what} has shape {array.shape}; expected shape {expected.shape}.")
    if np.isnan(array).any():
        raise Incorrect(f"your {what} contains NaN values.")
    if not np.allclose(array, expected, atol=atol, rtol=1e-5):
        worst = int(np.argmax(np.abs(array - expected)))
        raise Incorrect(f"your {what} has the right shape but wrong values "
                        f"(first large difference at flat index {worst}).")


def expect_function(
    answer: object,
    cases: Iterable[tuple[tuple, object]],
    atol: float = 1e-6,
    name: str = "your function",
) -> None:
    """A callable that returns the expected output for each ``(args, expected)`` case."""
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for args, expected in cases:
        shown = ", ".join(_short(arg) for arg in args)
        try:
            result = answer(*args)
        except NotImplementedError:
            raise
        except Exception as error:
            raise Incorrect(f"{name}({shown}) raised {type(error).__name__}: {error}") from None
        if is_placeholder(result):
            raise NotAttempted("your function still returns ____.")
        try:
            expect_array(result, expected, atol=atol, what="result")
        except Incorrect as reason:
            raise Incorrect(f"{name}({shown}) is wrong: {reason}") from None


def _short(value: object) -> str:
    text = np.array2string(value, threshold=6) if isinstance(value, np.ndarray) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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
    actual = [layer for layer in model.layers if layer.weights]
    if len(actual) != len(expected):
        raise Incorrect(f"the model has {len(actual)} layers with weights; expected {len(expected)}.")
    for position, (layer, (kind, units, activation)) in enumerate(zip(actual, expected, strict=True), 1):
        config = layer.get_config()
        if type(layer).__name__ != kind:
            raise Incorrect(f"layer {position} is a {type(layer).__name__}; expected a {kind}.")
        if units is not None and config.get("units") != units:
            raise Incorrect(f"layer {position} has {config.get('units')} units; expected {units}.")
        if activation is not None and config.get("activation") != activation:
            raise Incorrect(f"layer {position} uses activation '{config.get('activation')}'; "
                            f"expected '{activation}'.")


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
            name = str(metric.get("config", {}).get("name", ""))
            names += [name, re.sub(r"_\d+$", "", name), str(metric.get("class_name", ""))]
    return names


def _canonical(name: object) -> str:
    return str(name).lower().replace("_", "").replace(" ", "")


def expect_score(
    score_fn: Callable[[], float], threshold: float, metric: str, higher_is_better: bool = True
) -> None:
    """A trained model whose held-out ``metric`` (computed by ``score_fn``) beats ``threshold``."""
    score = float(score_fn())
    if not math.isfinite(score):
        raise Incorrect(f"the model's {metric} is {score}: training diverged.")
    good = score >= threshold if higher_is_better else score <= threshold
    if not good:
        side = "at least" if higher_is_better else "at most"
        raise Incorrect(f"the model's held-out {metric} is {score:.3f}; it needs to be {side} "
                        f"{threshold:g}. Train longer, or check the inputs are scaled.")


# --- question factories: the checker of a one-number or multiple-choice question, declared in one call ---

def choice_question(
    name: str, *, correct: str, explanations: Mapping[str, str], hint: str, solution: str, points: int = 1
) -> Question:
    """A multiple-choice :class:`Question` judged by :func:`expect_choice`.

    Raises:
        ValueError: ``correct`` is not one of the options in ``explanations``.
    """
    if correct not in explanations:
        raise ValueError(f"{name}: the correct option {correct!r} is not among {_options(explanations)}.")
    checker = partial(expect_choice, correct=correct, explanations=explanations)
    return Question(name, checker, hint=hint, solution=solution, points=points)


def number_question(
    name: str,
    *,
    expected: float,
    hint: str,
    solution: str,
    rel_tol: float = 1e-6,
    abs_tol: float = 0.0,
    known_mistakes: Mapping[float, str] | None = None,
    points: int = 1,
) -> Question:
    """A :class:`Question` whose answer is one number, judged by :func:`expect_number`."""
    checker = partial(expect_number, expected=expected, rel_tol=rel_tol, abs_tol=abs_tol,
                      known_mistakes=known_mistakes)
    return Question(name, checker, hint=hint, solution=solution, points=points)
