"""The exercise contract: check / hint / solution with three outcomes.

A question's checker is a function that takes the learner's answer and
raises :class:`Incorrect` with a specific, kind message when the answer is
wrong; returning normally means correct. :class:`Question` turns that into
feedback that never shows a traceback and never reveals the expected value.

Strict mode (``COURSE_STRICT=1``, set by the test suite, or nbgrader's
``autograde`` and ``validate``, which set ``NBGRADER_EXECUTION`` for the
kernels they start) makes incorrect and unattempted checks raise, so the
solved notebooks prove their own solutions and graded cells lose their points.
"""

import html
import os
from collections.abc import Callable
from dataclasses import dataclass


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
    """Raised in strict mode when a check is not passed."""


NOT_ATTEMPTED, INCORRECT, CORRECT = "not attempted", "incorrect", "correct"
OUTCOMES = (NOT_ATTEMPTED, INCORRECT, CORRECT)
_STYLE = {
    NOT_ATTEMPTED: ("#6c757d", "ℹ️"),
    INCORRECT: ("#b35c00", "✗"),
    CORRECT: ("#2e7d32", "✓"),
}


GRADING_EXECUTIONS = ("autograde", "validate")


def strict_mode() -> bool:
    """True when checks must raise instead of only reporting."""
    grading = os.environ.get("NBGRADER_EXECUTION") in GRADING_EXECUTIONS
    return grading or os.environ.get("COURSE_STRICT", "") not in ("", "0")


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
    """True for the blank ``____`` (also inside tuples and lists)."""
    if isinstance(answer, _Placeholder):
        return True
    if isinstance(answer, tuple | list):
        return any(isinstance(item, _Placeholder) for item in answer)
    return False


class Question:
    """One exercise question.

    Args:
        name: how feedback names it, e.g. ``"Question 2"``.
        checker: ``checker(answer)`` raises :class:`Incorrect` when wrong.
        hint: a nudge that does not give the answer away.
        solution: the answer, as code or prose (shown only on request).
        points: what nbgrader awards for it.
    """

    def __init__(
        self,
        name: str,
        checker: Callable[[object], None],
        hint: str,
        solution: str,
        points: int = 1,
    ):
        self.name = name
        self.checker = checker
        self._hint = hint
        self._solution = solution
        self.points = points

    def judge(self, answer: object) -> Feedback:
        """Judge an answer without displaying or raising anything."""
        if is_placeholder(answer):
            return self._feedback(NOT_ATTEMPTED, "Not attempted yet: replace ____ with your answer.")
        try:
            self.checker(answer)
        except NotAttempted as reason:
            return self._feedback(NOT_ATTEMPTED, f"Not attempted yet: {reason}")
        except NotImplementedError:
            return self._feedback(NOT_ATTEMPTED, "Not attempted yet: your function still raises "
                                                 "NotImplementedError; write its body.")
        except Incorrect as reason:
            return self._feedback(INCORRECT, f"Incorrect: {reason}")
        except Exception as error:  # a learner's answer may fail in any way
            return self._feedback(INCORRECT, "Incorrect: checking your answer raised "
                                             f"{type(error).__name__}: {error}")
        return self._feedback(CORRECT, "Correct!")

    def _feedback(self, outcome: str, message: str) -> Feedback:
        return Feedback(self.name, outcome, message)

    def check(self, answer: object) -> Feedback:
        """Judge and show feedback; in strict mode, raise unless correct."""
        feedback = self.judge(answer)
        if strict_mode() and not feedback.passed:
            raise ExerciseFailed(str(feedback))
        return feedback

    def hint(self) -> "Message":
        """Show the hint."""
        return Message(f"Hint ({self.name})", self._hint)

    def solution(self) -> "Message":
        """Show the solution."""
        return Message(f"Solution ({self.name})", self._solution)


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
