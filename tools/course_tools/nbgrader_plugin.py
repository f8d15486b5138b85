"""nbgrader preprocessors that make ``generate_assignment`` match ``make release``.

Needs the ``grading`` extra (nbgrader). The shipped ``docs/nbgrader_config.py``
installs them with :func:`student_version_preprocessors`.
"""

from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor

from course_tools.release import ReleaseError, has_solution, is_instructor_only, student_source


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


def student_version_preprocessors() -> list[type]:
    """nbgrader's ``generate_assignment`` steps with the course's transform in place of ``ClearSolutions``."""
    steps = [CourseClearSolutions if step is ClearSolutions else step
             for step in GenerateAssignment.class_traits()["preprocessors"].default()]
    return [RemoveInstructorCells, *steps]
