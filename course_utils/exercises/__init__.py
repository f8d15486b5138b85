"""Exercise checkers, one module per notebook (``ex01`` for ``01_concepts``...).

Use in a notebook::

    from course_utils.exercises import ex04 as ex
    ex.q2.check(n_params)
    ex.q2.hint(); ex.q2.solution()
"""

from course_utils.exercises.core import Feedback, Incorrect, NotAttempted, Question, ____

__all__ = ["____", "Feedback", "Incorrect", "NotAttempted", "Question"]
