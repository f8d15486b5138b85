"""Every exercise module and question: complete, listed in the guide, and robust to junk answers."""

import re

import pytest

from course_tools import catalogue

MODULES = catalogue.exercise_modules()
QUESTIONS = [(module, name, question) for module in MODULES for name, question in catalogue.questions(module)]
QUESTION_IDS = [f"{module.__name__.rsplit('.', 1)[1]}.{name}" for module, name, _ in QUESTIONS]


def test_modules_and_questions_are_found():
    assert MODULES, "no course_utils/exercises/exNN.py module found"
    for module in MODULES:
        assert catalogue.questions(module), f"{module.__name__} has no q1, q2, ... Question"


def test_question_numbers_have_no_gaps():
    for module in MODULES:
        numbers = [int(name[1:]) for name, _ in catalogue.questions(module)]
        assert numbers == list(range(1, len(numbers) + 1)), module.__name__


@pytest.mark.parametrize("module, name, question", QUESTIONS, ids=QUESTION_IDS)
def test_question_is_complete(module, name, question):
    assert isinstance(question.points, int) and question.points >= 1
    assert question.name.strip() and callable(question.checker)
    assert len(repr(question.hint()).strip()) > len(f"Hint ({question.name}):") + 10
    assert len(repr(question.solution()).strip()) > len(f"Solution ({question.name}):")


def test_guide_lists_every_exercise_with_its_points():
    assert catalogue.with_table(catalogue.GUIDE.read_text()) == catalogue.GUIDE.read_text(), (
        "docs/instructor_guide.md is out of date: run python -m course_tools.catalogue")


def test_catalogue_table_totals():
    table = catalogue.table()
    total = sum(question.points for _, _, question in QUESTIONS)
    assert table.endswith(f"| **total** | {len(QUESTIONS)} questions | {total} |")
    assert len(re.findall(r"^\| `", table, flags=re.MULTILINE)) == len(QUESTIONS)


def test_guide_without_markers_is_a_clear_error():
    with pytest.raises(ValueError, match="exercise list markers"):
        catalogue.with_table("# Guide\n")


# --- junk answers ----------------------------------------------------------------------------------
