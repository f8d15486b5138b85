"""The exercise contract: check / hint / solution with three outcomes.

A question's checker is a function that takes the learner's answer and
raises :class:`Incorrect` with a specific, kind message when the answer is
wrong; returning normally means correct. :class:`Question` turns that into
feedback that never shows a traceback and never reveals the expected value.

The :class:`Mode` is fixed once per process, when this module is first imported (the notebook's
set-up cell, before any learner code runs), from the environment:

- strict (``COURSE_STRICT`` set to anything but a false spelling such as ``0`` or ``false``, as
  the test suite does; or nbgrader's ``autograde`` and ``validate``, which set
  ``NBGRADER_EXECUTION``): a check that is not correct raises, so the solved notebooks prove their
  own solutions and ``nbgrader validate`` shows which checks fail;
- graded (``COURSE_GRADED``, nbgrader's ``autograde`` and ``validate``, or
  :func:`graded_assignment`, which graded releases call): ``solution()`` (and ``hint()`` if the
  instructor chose so) says it is off. A session can become graded, never ungraded.

Points do not rest on the mode: the locked check cells' hidden tests call
:func:`course_utils.exercises.grading.grade`, which raises whatever the mode says.
"""

import contextlib
import html
import os
import sys
import warnings
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace

from course_utils.environment import flag


class _Placeholder:
    """The blank a learner replaces: ``answer = ____``."""

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = _Placeholder()
PLACEHOLDER = ____


class Incorrect(Exception):
    """Raised by a checker: the message says what is wrong, not the answer."""


class NotAttempted(Exception):
    """Raised by a checker when the answer still holds a placeholder."""


class ExerciseFailed(AssertionError):
    """Raised in strict mode (and always by the graded check) when a check is not passed."""


NOT_ATTEMPTED, INCORRECT, CORRECT = "not attempted", "incorrect", "correct"
OUTCOMES = (NOT_ATTEMPTED, INCORRECT, CORRECT)
_STYLE = {
    NOT_ATTEMPTED: ("#6c757d", "ℹ️"),
    INCORRECT: ("#b35c00", "✗"),
    CORRECT: ("#2e7d32", "✓"),
}
GRADING_EXECUTIONS = ("autograde", "validate")
SOLUTIONS_OFF = ("Solutions are off for this assignment: it is graded work. "
                 "Ask your instructor for the solutions after the deadline.")
HINTS_OFF = "Hints are off for this assignment: it is graded work."


@dataclass(frozen=True)
class Mode:
    """How checks behave in this process (see the module docstring)."""

    strict: bool = False
    solutions: bool = True
    hints: bool = True
    autograding: bool = False

    @classmethod
    def from_environment(cls, environ=os.environ) -> "Mode":
        execution = environ.get("NBGRADER_EXECUTION", "")
        grading = execution in GRADING_EXECUTIONS
        return cls(strict=grading or flag("COURSE_STRICT", environ),
                   solutions=not (grading or flag("COURSE_GRADED", environ)),
                   autograding=execution == "autograde")


_MODE = Mode.from_environment()
_QUESTIONS = weakref.WeakSet()  # every Question, so that graded work can drop their solutions


def mode() -> Mode:
    """The mode fixed when this module was imported (plus :func:`graded_assignment`)."""
    return _MODE


def strict_mode() -> bool:
    """True when checks must raise instead of only reporting."""
    return _MODE.strict


def graded_assignment(hints: bool = True) -> None:
    """Make this session graded work: ``solution()``, and ``hint()`` unless ``hints``, say they are off.

    The questions already loaded forget their solutions (and hints), so no attribute holds them.
    """
    global _MODE
    _MODE = replace(_MODE, solutions=False, hints=_MODE.hints and hints)
    for question in _QUESTIONS:
        question._forget()


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check, shown as rich HTML in Jupyter."""

    question: str
    outcome: str
    message: str

    @property
    def passed(self) -> bool:
        return self.outcome == CORRECT

    def __str__(self) -> str:
        return f"{self.question}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        colour, mark = _STYLE[self.outcome]
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;color:{colour}">'
            f"<b>{mark} {html.escape(self.question)}</b>: {html.escape(self.message)}</div>"
        )


def is_placeholder(answer: object) -> bool:
    """True for the blank ``____`` (also inside tuples and lists).

    Recognised by its class name, so that a private copy of this module (the graded check's)
    recognises the learner's blank too.
    """
    if type(answer).__name__ == _Placeholder.__name__:
        return True
    if isinstance(answer, tuple | list):
        return any(type(item).__name__ == _Placeholder.__name__ for item in answer)
    return False


@contextlib.contextmanager
def learner_output_to_stdout():
    """Warnings and stderr written while judging go to stdout (nbgrader scores a cell 0 on any stderr)."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(sys.stdout):
        warnings.showwarning = _warning_to_stdout
        yield


def _warning_to_stdout(message, category, filename, lineno, file=None, line=None) -> None:
    sys.stdout.write(warnings.formatwarning(message, category, filename, lineno, line))


def show(value: object) -> None:
    """Display ``value`` as rich output in Jupyter (never as an ``execute_result``), or print it."""
    try:
        from IPython.display import display
    except ImportError:
        print(value)
        return
    display(value)


class Question:
    """One exercise question.

    Args:
        name: how feedback names it, e.g. ``"Question 2"``.
        checker: ``checker(answer)`` raises :class:`Incorrect` when wrong.
        hint: a nudge that does not give the answer away (``None`` in a graded wheel without hints).
        solution: the answer, as code or prose (shown only on request; not kept in graded work;
            ``None`` in the graded wheel, ``course graded-wheel``).
        points: what nbgrader awards for it.
    """

    def __init__(
        self,
        name: str,
        checker: Callable[[object], None],
        hint: str | None,
        solution: str | None,
        points: int = 1,
    ):
        self.name = name
        self.checker = checker
        self._hint = hint
        self._solution = solution
        self.points = points
        self._forget()
        _QUESTIONS.add(self)

    def _forget(self) -> None:
        """Drop what the mode turns off (graded work keeps no solution in memory)."""
        self._solution = self._solution if _MODE.solutions else None
        self._hint = self._hint if _MODE.hints else None

    def judge(self, answer: object) -> Feedback:
        """Judge an answer without displaying or raising anything."""
        if is_placeholder(answer):
            return self._feedback(NOT_ATTEMPTED, "Not attempted yet: replace ____ with your answer.")
        try:
            with learner_output_to_stdout():
                self.checker(answer)
        except NotAttempted as reason:
            return self._feedback(NOT_ATTEMPTED, f"Not attempted yet: {reason}")
        except NotImplementedError:
            return self._feedback(NOT_ATTEMPTED, "Not attempted yet: your function still raises "
                                                 "NotImplementedError; write its body.")
        except Incorrect as reason:
            return self._feedback(INCORRECT, f"Incorrect: {reason}")
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # a learner's answer may fail in any way, even sys.exit()
            return self._feedback(INCORRECT, "Incorrect: checking your answer raised "
                                             f"{type(error).__name__}: {error}")
        return self._feedback(CORRECT, "Correct!")

    def _feedback(self, outcome: str, message: str) -> Feedback:
        return Feedback(self.name, outcome, message)

    def check(self, answer: object) -> None:
        """Judge and show the feedback; in strict mode, raise unless correct.

        Returns nothing, so that nbgrader never reads the feedback as a partial score.
        """
        feedback = self.judge(answer)
        show(feedback)
        if _MODE.strict and not feedback.passed:
            raise ExerciseFailed(str(feedback))

    def hint(self) -> "Message":
        """Show the hint (unless hints are off for this graded assignment)."""
        return Message(f"Hint ({self.name})", self._hint if _MODE.hints and self._hint else HINTS_OFF)

    def solution(self) -> "Message":
        """Show the solution (unless this is graded work)."""
        shown = self._solution if _MODE.solutions and self._solution else SOLUTIONS_OFF
        return Message(f"Solution ({self.name})", shown)


@dataclass(frozen=True)
class Message:
    """A hint or solution, shown as rich HTML in Jupyter."""

    title: str
    text: str

    def __repr__(self) -> str:
        return f"{self.title}:\n{self.text}"

    def _repr_html_(self) -> str:
        return (
            f'<div style="border-left:4px solid #1565c0;padding:4px 10px">'
            f"<b>{html.escape(self.title)}</b><pre>{html.escape(self.text)}</pre></div>"
        )
