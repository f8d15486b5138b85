"""The one place that knows where the course's notebooks are and which files count as lessons.

``notebooks/`` holds the solved source (the instructor's edition); ``learner/`` holds the learner
edition generated from it by ``make release`` (blanks, checks, hints; what Binder, Colab, the site's
launch links and ``make lab`` open).
"""

from pathlib import Path

from course_utils.paths import CHECKOUT_DIR

PROJECT_DIR = CHECKOUT_DIR
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
LEARNER_DIR = PROJECT_DIR / "learner"
LESSON_PATTERN = "[0-9][0-9]_*.ipynb"


def course_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The lesson notebooks in ``folder`` (``NN_name.ipynb``), in course order."""
    return sorted(Path(folder).glob(LESSON_PATTERN))


def notebook_for_exercise(number: str, folder: Path = NOTEBOOKS_DIR) -> Path | None:
    """The lesson notebook numbered ``number`` (``"04"`` -> ``04_building.ipynb``), or None."""
    matches = sorted(Path(folder).glob(f"{number}_*.ipynb"))
    return matches[0] if matches else None


def main(argv: list[str] | None = None) -> int:
    """Print the lesson notebooks, one path per line (the Makefile reads this)."""
    for path in course_notebooks():
        print(path.relative_to(PROJECT_DIR))
    return 0
