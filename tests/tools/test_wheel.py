"""The graded wheel: no solution text in any installed file, everything else unchanged."""

import importlib
import types
import zipfile

import pytest

from course_tools import wheel
from course_tools.notebooks import PROJECT_DIR
from course_utils.exercises import core

EXERCISE_FILES = sorted((PROJECT_DIR / wheel.EXERCISES).glob("ex*.py"))


def questions(module) -> dict[str, core.Question]:
    return {name: value for name, value in vars(module).items() if isinstance(value, core.Question)}


def sealed_module(path, hints: bool = True) -> types.ModuleType:
    """The exercise module at ``path`` as the graded wheel would install it."""
    module = types.ModuleType(f"sealed_{path.stem}")
    exec(compile(wheel.sealed_source(path.read_text(encoding="utf-8"), hints), str(path), "exec"),
         vars(module))
    return module


def test_sealing_replaces_the_solution_and_hint_arguments_only():
    source = ('q1 = Question("Question 1", check_one, hint="Count the biases.",\n'
              '              solution=("n = 784 * 128"   # é, a wide character before the span\n'
              '                        " + 128"), points=2)\n'
              'q2 = checks.number_question("Question 2", 3, solution="n = 3")  # é\n')
    assert wheel.sealed_source(source) == (
        'q1 = Question("Question 1", check_one, hint="Count the biases.",\n'
        '              solution=(None), points=2)\n'
        'q2 = checks.number_question("Question 2", 3, solution=None)  # é\n')
    assert 'hint=None' in wheel.sealed_source(source, hints=False)


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda path: path.stem)
def test_a_sealed_exercise_module_holds_no_solution_and_keeps_its_checks(path):
    original = questions(importlib.import_module(f"course_utils.exercises.{path.stem}"))
    sealed_text = wheel.sealed_source(path.read_text(encoding="utf-8"))
    sealed = questions(sealed_module(path))
    assert sealed.keys() == original.keys() and original
    for name, question in original.items():
        assert question._solution and question._solution not in sealed_text
        assert sealed[name].solution().text == core.SOLUTIONS_OFF
        assert sealed[name].hint().text == question.hint().text
        assert sealed[name].points == question.points
    without_hints = questions(sealed_module(path, hints=False))
    assert {question.hint().text for question in without_hints.values()} == {core.HINTS_OFF}


def test_the_graded_wheel_ships_no_solution_text(tmp_path):
    built = wheel.build(tmp_path, graded=True)
    modules = [importlib.import_module(f"course_utils.exercises.{path.stem}") for path in EXERCISE_FILES]
    solutions = [question._solution for module in modules for question in questions(module).values()]
    with zipfile.ZipFile(built) as archive:
        shipped = {name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".py")}
    assert f"course_utils/exercises/{EXERCISE_FILES[0].name}" in shipped
    assert [text for text in solutions if any(text in source for source in shipped.values())] == []


def test_no_hints_needs_a_graded_wheel(capsys):
    with pytest.raises(SystemExit):
        wheel.main(["--no-hints"])
    assert "--no-hints only applies to a graded wheel" in capsys.readouterr().err
