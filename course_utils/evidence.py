"""Prose that cannot drift from the outputs: a notebook states a claim and the evidence that backs it.

Introduced in ``07_evaluating``. A Markdown cell's conclusion about a computed result is followed by
a code cell that calls :func:`claim` with the same conclusion, the test that decides it and the
numbers behind it. When a rerun (a new TensorFlow, another machine) changes the result, the claim
is reported as not holding, and under ``COURSE_STRICT=1`` (the test suite) the cell fails, so the
prose gets rewritten instead of silently stating something the outputs contradict.
"""

from course_utils.environment import flag


class ClaimContradicted(AssertionError):
    """A notebook's stated conclusion is contradicted by what the notebook computed."""


def claim(statement: str, holds: bool, evidence: str) -> None:
    """Print whether ``statement`` holds, with its evidence; in strict mode, fail when it does not.

    Args:
        statement: the conclusion the prose states, in the prose's words.
        holds: the computed test of that conclusion (a bool, not a constant).
        evidence: the numbers that decide it, e.g. a verdict from :mod:`course_utils.compare`.
    """
    if not isinstance(holds, bool):
        raise TypeError(f"holds must be a computed True or False, got {holds!r}.")
    if holds:
        print(f"The text says: {statement}. The evidence agrees: {evidence}.")
        return
    message = (f"The text says: {statement}. The evidence contradicts it: {evidence}. "
               "The prose above needs rewriting.")
    if flag("COURSE_STRICT"):
        raise ClaimContradicted(message)
    print(message)
