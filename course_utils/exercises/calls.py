"""Calling a learner's function from a checker: on copies of the inputs, under a time limit.

Every function checker calls the learner's function through :func:`call`, so that it cannot
change the checker's test inputs, cannot hang the notebook, and any failure becomes feedback
that names the input: a crash, a timeout, ``None`` (a forgotten ``return``) or a ``____``.
"""

import contextlib
import copy
import ctypes
import signal
import threading

import numpy as np

from course_utils.exercises.core import Incorrect, NotAttempted, is_placeholder

TIME_LIMIT = 10.0  # seconds one call of a learner's function may take
TRAINING_TIME_LIMIT = 60.0  # for a function the question asks to train a network (06 q5): slow laptops too
_REPEAT = 0.5  # then the limit fires again this often, in case the learner's code catches it


class TimeLimitExceeded(BaseException):
    """The learner's function ran too long (a ``BaseException``: ``except Exception`` does not catch it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Interrupt the code inside after ``seconds``, then every :data:`_REPEAT` seconds until it stops.

    A timer signal where there is one (it also wakes a ``time.sleep``); elsewhere (Windows, a thread
    other than the main one) a watchdog thread that raises in the calling thread between two Python
    steps, so a loop that never ends is stopped on every platform.
    """
    if not seconds:
        yield
    elif hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _signal_limit(seconds):
            yield
    else:
        with _watchdog_limit(seconds):
            yield


@contextlib.contextmanager
def _signal_limit(seconds: float):
    def stop(signum, frame):
        raise TimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _watchdog_limit(seconds: float):
    caller, finished, lock = threading.get_ident(), threading.Event(), threading.Lock()

    def watch():
        delay = seconds
        while not finished.wait(delay):
            with lock:
                if not finished.is_set():
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(caller),
                                                               ctypes.py_object(TimeLimitExceeded))
            delay = _REPEAT

    watchdog = threading.Thread(target=watch, daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        with lock:
            finished.set()
        watchdog.join()


def call(function, *args, name: str = "your function", let_through: tuple[type, ...] = (),
         allow_none: bool = False, shown: str | None = None, seconds: float | None = None) -> object:
    """``function(*args)`` on copies of ``args``, as feedback when it fails.

    Args:
        name: how feedback names the function, e.g. ``"sigmoid"``.
        let_through: exception types the checker handles itself (e.g. an expected ``ValueError``).
        allow_none: return ``None`` instead of calling it a forgotten ``return``.
        shown: how feedback shows the call, when its arguments do not read well (a model).
        seconds: the time limit, :data:`TIME_LIMIT` unless given.

    Raises:
        Incorrect: naming the call, when the function crashes, runs past its time limit or
            returns ``None``.
        NotAttempted: when it still returns ``____`` (``NotImplementedError`` passes through).
    """
    shown = shown or describe_call(name, args)
    seconds = TIME_LIMIT if seconds is None else seconds
    try:
        with time_limit(seconds):
            result = function(*[private_copy(arg) for arg in args])
    except (NotImplementedError, *let_through):
        raise
    except TimeLimitExceeded:
        raise Incorrect(f"{shown} did not finish within {seconds:g} seconds: is there a loop "
                        "that never ends?") from None
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a learner's function may raise anything
        raise Incorrect(f"{shown} raised {type(error).__name__}: {error}") from None
    if is_placeholder(result):
        raise NotAttempted("your function still returns ____.")
    if result is None and not allow_none:
        raise Incorrect(f"{shown} returns None: did you forget `return`?")
    return result


def private_copy(value: object) -> object:
    """A deep copy of data (arrays, lists, dicts...); other objects (models, functions) as they are."""
    if isinstance(value, np.ndarray | list | tuple | dict | set):
        return copy.deepcopy(value)
    return value


def describe_call(name: str, args: tuple) -> str:
    """``name(arg, ...)`` with each argument shortened."""
    return f"{name}({', '.join(short(arg) for arg in args)})"


def short(value: object, width: int = 40) -> str:
    """A one-line repr, cut to ``width`` characters."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, threshold=6, precision=4, separator=", ").replace("\n", "")
    else:
        text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."
