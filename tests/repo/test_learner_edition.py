"""learner/ is the learner edition of notebooks/, current, and what every launch path opens."""

import subprocess
import sys

import nbformat
import pytest

from course_tools import release
from course_tools.notebooks import LEARNER_DIR, NOTEBOOKS_DIR, course_notebooks

SOURCES = course_notebooks(NOTEBOOKS_DIR)


def test_learner_edition_has_one_notebook_per_lesson():
    assert [path.name for path in course_notebooks(LEARNER_DIR)] == [path.name for path in SOURCES]


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_learner_notebook_is_current(source):
    expected = nbformat.writes(release.learner_notebook(nbformat.read(source, as_version=4), source.name))
    committed = (LEARNER_DIR / source.name).read_text(encoding="utf-8")
    assert committed == expected, f"learner/{source.name} is stale: run 'make release'"


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_solved_notebook_says_it_is_the_instructors_edition(source):
    notebook = nbformat.read(source, as_version=4)
    first_markdown = next(cell for cell in notebook.cells if cell.cell_type == "markdown")
    assert "Instructor's edition" in first_markdown.source
    assert f"learner/{source.name}" in first_markdown.source
    assert release.is_instructor_only(first_markdown), "the banner must not reach the learner edition"


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_learner_notebook_has_no_solutions_and_starts_with_the_colab_cell(source):
    notebook = nbformat.read(LEARNER_DIR / source.name, as_version=4)
    assert notebook.cells[0].source == release.COLAB_SETUP
    text = "\n".join(cell.source for cell in notebook.cells)
    assert release.BEGIN_SOLUTION not in text and "Instructor's edition" not in text


def test_colab_cell_outside_colab_is_harmless_and_can_run_twice():
    twice = release.COLAB_SETUP + "\n" + release.COLAB_SETUP
    run = subprocess.run([sys.executable, "-c", twice], capture_output=True, text=True, check=True)
    assert run.stdout.splitlines() == ["The course package is already installed: nothing to do."] * 2
    assert "pip" not in run.stderr


def test_colab_cell_without_the_package_outside_colab_names_the_fix(tmp_path):
    run = subprocess.run([sys.executable, "-I", "-S", "-c", release.COLAB_SETUP], capture_output=True,
                         text=True, check=True, cwd=tmp_path)
    assert run.stdout.strip() == "The course package is missing. From a clone of the course run: make lab"
