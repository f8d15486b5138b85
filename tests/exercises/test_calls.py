"""Calling a learner's function: copied inputs, a time limit, failures that name the input."""

import time

import numpy as np
import pytest

from course_utils.exercises import calls
from course_utils.exercises.core import Incorrect, NotAttempted, ____


def _incorrect(*args, **kwargs) -> str:
    with pytest.raises(Incorrect) as raised:
        calls.call(*args, **kwargs)
    return str(raised.value)


def test_the_function_gets_copies_of_the_inputs():
    data = np.array([1.0, 2.0])
    cases = [data, [1, 2], {"a": [1]}]

    def scribble(array, items, mapping):
        array[:] = 0
        items.append(3)
        mapping["a"].append(2)
        return "done"

    assert calls.call(scribble, *cases) == "done"
    assert data.tolist() == [1.0, 2.0] and cases[1] == [1, 2] and cases[2] == {"a": [1]}


def test_a_function_that_never_returns_is_stopped(monkeypatch):
    monkeypatch.setattr(calls, "TIME_LIMIT", 0.2)

    def stubborn(z):
        while True:
            try:
                time.sleep(1)
            except Exception:
                pass

    started = time.perf_counter()
    message = _incorrect(stubborn, 1.0, name="sigmoid")
    assert message == "sigmoid(1.0) did not finish within 0.2 seconds: is there a loop that never ends?"
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("mechanism", ["signal", "watchdog"])
def test_a_busy_loop_is_stopped_with_or_without_a_timer_signal(monkeypatch, mechanism):
    """The watchdog is what Windows (no setitimer) and threads other than the main one get."""
    monkeypatch.setattr(calls, "TIME_LIMIT", 0.2)
    if mechanism == "watchdog":
        monkeypatch.delattr(calls.signal, "setitimer")

    def spin(z):
        while True:
            try:
                z += 1
            except Exception:
                pass

    started = time.perf_counter()
    assert _incorrect(spin, 1, name="relu") == \
        "relu(1) did not finish within 0.2 seconds: is there a loop that never ends?"
    assert 0.2 <= time.perf_counter() - started < 2
    assert calls.call(lambda z: z + 1, 1) == 2
    time.sleep(0.5)  # past the limit: a timer left armed would raise TimeLimitExceeded here


def test_the_watchdog_stops_a_function_called_from_another_thread(monkeypatch):
    monkeypatch.setattr(calls, "TIME_LIMIT", 0.2)
    messages = []

    def forever():
        while True:
            pass

    def in_thread():
        messages.append(_incorrect(forever, shown="forever()"))

    worker = calls.threading.Thread(target=in_thread)
    worker.start()
    worker.join(timeout=5)
    assert messages == ["forever() did not finish within 0.2 seconds: is there a loop that never ends?"]


def test_the_default_time_limit_is_ten_seconds_and_a_training_call_gets_sixty():
    assert calls.TIME_LIMIT == 10 and calls.TRAINING_TIME_LIMIT == 60


def test_a_call_can_have_its_own_time_limit():
    with pytest.raises(Incorrect, match=r"^sleepy\(\) did not finish within 0.2 seconds"):
        calls.call(lambda: time.sleep(5), name="sleepy", seconds=0.2)
    assert calls.call(lambda: time.sleep(0.3) or 1, name="sleepy", seconds=2) == 1


def test_failures_name_the_input():
    assert _incorrect(lambda z: z[5], np.arange(3), name="relu") == \
        "relu([0, 1, 2]) raised IndexError: index 5 is out of bounds for axis 0 with size 3"
    assert _incorrect(lambda z: None, 0.0, name="sigmoid") == \
        "sigmoid(0.0) returns None: did you forget `return`?"
    assert _incorrect(lambda: exit(), shown="the model") == "the model raised SystemExit: None"
    assert calls.call(lambda: None, allow_none=True) is None
    with pytest.raises(NotAttempted):
        calls.call(lambda: ____)
    with pytest.raises(ValueError):
        calls.call(lambda: int("x"), let_through=(ValueError,))


def test_long_arguments_are_shortened():
    assert calls.describe_call("f", (np.arange(100.0), "x" * 50)) == \
        "f([ 0.,  1.,  2., ..., 97., 98., 99.], 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...)"
