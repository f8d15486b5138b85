"""Exercise checkers, one module per notebook (``ex01`` for ``01_concepts``...).

Use in a notebook::

    from course_utils.exercises import ex04 as ex
    ex.q2.check(n_params)
    ex.q2.hint(); ex.q2.solution()

In graded work (nbgrader's assignments) each check cell also runs a hidden graded check
(:mod:`course_utils.exercises.grading`), and ``solution()`` is off (:func:`graded_assignment`).
"""

from course_utils.exercises.core import Feedback, Incorrect, NotAttempted, Question, ____, graded_assignment

__all__ = ["____", "Feedback", "Incorrect", "NotAttempted", "Question", "graded_assignment"]
