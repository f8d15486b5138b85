"""After ``nbgrader autograde``: flag every check cell that earned points without a graded "correct".

A course check cell ends in a hidden test that runs the graded check
(:func:`course_utils.exercises.grading.grade`); under autograding it shows a record of the
correct outcome, and raises otherwise. nbgrader's own rule gives a test cell its points when its
output holds no error and no stderr, which a learner's code can arrange (silence the traceback,
print a number as the cell's first result). The course's rule (:func:`course_score`, applied while
autograding by ``docs/nbgrader_config.py``) gives a check cell its points only when its graded
check reported the answer correct and nothing raised. ``course audit`` reports every check cell that
earned points (in the gradebook, or by nbgrader's rule when there is none) although the course's
rule gives it none, and every check cell without a graded check (a notebook generated before
``course clean`` added them).

Usage::

    course audit COURSE_FOLDER              # its autograded/ folder, scores from gradebook.db
    course audit autograded/STUDENT/ASSIGNMENT/notebook.ipynb
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course_tools.release import GRADER_CALL
from course_utils.exercises.grading import RECORD


def is_check_cell(cell) -> bool:
    """An autograded test cell: graded, code, not an answer."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def graded_problem(cell) -> str | None:
    """Why the course's rule gives a check cell no points, or None when its graded check said correct."""
    if GRADER_CALL not in cell.source:
        return "the cell has no graded check (generate the assignment from a notebook `course clean` made)"
    errors = [output for output in cell.outputs if output.output_type == "error"]
    if errors:
        return f"the cell raised {errors[0].get('ename', 'an error')}"
    question = cell.metadata["nbgrader"]["grade_id"].split("_")[0]
    records = [output.get("metadata", {}).get(RECORD, {}) for output in cell.outputs
               if output.output_type == "display_data"]
    if not any(record.get("question") == question and record.get("outcome") == "correct"
               for record in records):
        return "its graded check never reported the answer correct"
    return None


def nbgrader_score(cell) -> float:
    """The points nbgrader's own rule gives a check cell (errors and stderr score 0)."""
    from nbgrader.utils import determine_grade

    return determine_grade(cell)[0]


def course_score(cell) -> float:
    """The course's rule: a cell with a graded check scores its points only if that check said correct."""
    if GRADER_CALL not in cell.source:
        return nbgrader_score(cell)
    return 0.0 if graded_problem(cell) else float(cell.metadata["nbgrader"]["points"])


@dataclass(frozen=True)
class Finding:
    """A check cell whose points the audit questions."""

    notebook: Path
    grade_id: str
    earned: float
    points: float
    problem: str

    def __str__(self) -> str:
        return (f"{self.notebook} {self.grade_id}: earned {self.earned:g} of {self.points:g} points, "
                f"but {self.problem}")


def audit(path: Path) -> tuple[list[Finding], int, int]:
    """The findings in the autograded notebooks under ``path``, and how many notebooks and check cells."""
    notebooks = [path] if path.suffix == ".ipynb" else sorted(
        found for found in (path / "autograded" if (path / "autograded").is_dir() else path).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in found.parts)
    earned = _gradebook_scores(path)
    findings, cells = [], 0
    for notebook_path in notebooks:
        notebook = nbformat.read(notebook_path, as_version=4)
        for cell in filter(is_check_cell, notebook.cells):
            cells += 1
            grade_id = cell.metadata["nbgrader"]["grade_id"]
            score = earned.get((*_owner(notebook_path), grade_id))
            score = nbgrader_score(cell) if score is None else score
            problem = graded_problem(cell)
            if score and problem:
                findings.append(Finding(notebook_path, grade_id, score, cell.metadata["nbgrader"]["points"],
                                        problem))
    return findings, len(notebooks), cells


def _owner(notebook: Path) -> tuple[str, str, str]:
    """(student, assignment, notebook name) from ``.../autograded/STUDENT/ASSIGNMENT/NAME.ipynb``."""
    return notebook.parent.parent.name, notebook.parent.name, notebook.stem


def _gradebook_scores(path: Path) -> dict[tuple[str, str, str, str], float]:
    """Each grade's score in the course folder's ``gradebook.db`` (none when there is no gradebook)."""
    folder = path if path.is_dir() else path.parent
    database = next((parent / "gradebook.db" for parent in [folder, *folder.parents]
                     if (parent / "gradebook.db").exists()), None)
    if database is None:
        return {}
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(f"sqlite:///{database}") as gradebook:
        for assignment in gradebook.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        key = (submission.student.id, assignment.name, notebook.name, grade.name)
                        scores[key] = grade.score
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a course folder, its autograded/ folder, or one notebook")
    args = parser.parse_args(argv)
    findings, notebooks, cells = audit(args.path)
    print(f"course audit: {notebooks} autograded notebooks, {cells} check cells, "
          f"{len(findings)} earned points without a graded 'correct'.")
    for finding in findings:
        print(f"  {finding}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
