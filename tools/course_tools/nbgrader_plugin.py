"""nbgrader preprocessors for the course (needs the ``grading`` extra).

- ``generate_assignment`` (:func:`student_version_preprocessors`): the same student cells as
  ``make release``, made graded work by :class:`GradedRelease` (no solution prompts,
  ``solution()`` off; hints too if ``c.GradedRelease.hints = False``).
- ``autograde`` (:func:`autograde_preprocessors`): :class:`CourseSaveAutoGrades` scores a check
  cell by the course's rule (:func:`course_tools.audit.course_score`): its points only when its
  hidden graded check reported the answer correct.
- ``generate_feedback`` (:func:`feedback_preprocessors`): :class:`CourseFeedback` leaves the
  hidden tests out and shortens a failed graded check to its message.

The shipped ``docs/nbgrader_config.py`` installs all three.
"""

from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor, SaveAutoGrades
from traitlets import Bool

from course_tools.audit import course_score, is_check_cell
from course_tools.release import (
    ReleaseError,
    graded_notebook,
    has_solution,
    is_instructor_only,
    student_source,
    without_hidden_tests,
)


class RemoveInstructorCells(NbGraderPreprocessor):
    """Drop cells tagged ``instructor``, as ``make release`` does."""

    def preprocess(self, nb, resources):
        nb.cells = [cell for cell in nb.cells if not is_instructor_only(cell)]
        return nb, resources


class CourseClearSolutions(ClearSolutions):
    """Replace solution blocks with the course's stubs (``name = ____``, ``raise NotImplementedError()``)."""

    def _replace_solution_region(self, cell, language: str) -> bool:
        if not has_solution(cell.source):
            return False
        try:
            cell.source = student_source(cell.cell_type, cell.source)
        except ReleaseError as error:
            first_line = cell.source.split("\n", 1)[0]
            raise RuntimeError(f"cell starting {first_line!r}: {error}") from None
        return True


class GradedRelease(NbGraderPreprocessor):
    """Make the assignment graded work (:func:`course_tools.release.graded_notebook`)."""

    hints = Bool(True, help="Keep ex.qN.hint() in graded assignments.").tag(config=True)

    def preprocess(self, nb, resources):
        return graded_notebook(nb, hints=self.hints), resources


class CourseSaveAutoGrades(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``, scoring check cells by the course's rule."""

    def _add_score(self, cell, resources) -> None:
        super()._add_score(cell, resources)
        if is_check_cell(cell):
            grade = self.gradebook.find_grade(cell.metadata["nbgrader"]["grade_id"], self.notebook_id,
                                              self.assignment_id, self.student_id)
            grade.auto_score = course_score(cell)
            self.gradebook.db.commit()


class CourseFeedback(NbGraderPreprocessor):
    """Feedback without hidden tests; a failed graded check shows its message, not its traceback."""

    def preprocess_cell(self, cell, resources, index):
        if is_check_cell(cell):
            cell.source = without_hidden_tests(cell.source)
            for output in cell.outputs:
                if output.output_type == "error" and output.get("ename") == "ExerciseFailed":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


def _replaced(steps: list[type], old: type, new: type) -> list[type]:
    return [new if step is old else step for step in steps]


def student_version_preprocessors() -> list[type]:
    """nbgrader's ``generate_assignment`` steps with the course's transform in place of ``ClearSolutions``."""
    steps = _replaced(GenerateAssignment.class_traits()["preprocessors"].default(), ClearSolutions,
                      CourseClearSolutions)
    at = steps.index(CourseClearSolutions) + 1
    return [RemoveInstructorCells, *steps[:at], GradedRelease, *steps[at:]]


def autograde_preprocessors() -> list[type]:
    """nbgrader's autograding steps with the course's scoring of check cells."""
    return _replaced(Autograde.class_traits()["autograde_preprocessors"].default(), SaveAutoGrades,
                     CourseSaveAutoGrades)


def feedback_preprocessors() -> list[type]:
    """nbgrader's feedback steps, the hidden tests left out first."""
    return [CourseFeedback, *GenerateFeedback.class_traits()["preprocessors"].default()]
