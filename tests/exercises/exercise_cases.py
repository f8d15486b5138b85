"""The tests every exercise module shares, built from its tables of known-good and known-bad answers.

A ``tests/test_exercises_exNN.py`` module declares ``GOOD`` and ``BAD`` (question -> list of answers)
and ``SECRETS`` (question -> strings that feedback on a bad answer must never contain), and subclasses
:class:`ExerciseContract` under a ``Test`` name so that pytest collects the shared tests::

    class TestExerciseContract(ExerciseContract):
        module, good, bad, secrets = ex, GOOD, BAD, SECRETS
"""

import ast
import inspect
from types import ModuleType

import pytest

from course_tools import catalogue
from course_utils.exercises.core import CORRECT, INCORRECT, NOT_ATTEMPTED, Question, ____


def unfinished(*args, **kwargs):
    """A learner's function whose body is still the generated ``raise NotImplementedError()``."""
    raise NotImplementedError()


def solution_defines_an_answer(code: str) -> bool:
    """True when the solution is Python that assigns ``answer_*`` or ``ex_model`` or defines a function."""
    statements = ast.parse(code).body
    targets = [target.id for node in statements if isinstance(node, ast.Assign)
               for target in node.targets if isinstance(target, ast.Name)]
    return (any(name.startswith("answer_") or name == "ex_model" for name in targets)
            or any(isinstance(node, ast.FunctionDef) for node in statements))


def _plain(text: str) -> str:
    """Text as compared for secrets: neither case nor thousands separators hide a value."""
    return text.lower().replace(",", "")


def assert_keeps_secrets(message: str, secrets: list[str]) -> None:
    """No secret appears in ``message``, whatever its case or thousands separators."""
    for secret in secrets:
        assert _plain(secret) not in _plain(message), f"{secret!r} revealed in: {message}"


class ExerciseContract:
    """Shared tests: every question has cases; good answers pass; bad ones fail without giving it away.

    Attributes:
        module: the ``course_utils.exercises.exNN`` module; all its ``qN`` questions are covered.
        good: known-good answers per question (each must be judged correct).
        bad: known-bad answers per question (each must be judged incorrect, revealing no secret).
        secrets: per question, strings that would give the expected answer away.
        tested_elsewhere: questions whose answers the module tests by its own means (e.g. a model
            that must be trained first), exempt from needing ``good`` and ``bad`` entries.
    """

    module: ModuleType
    good: dict[Question, list] = {}
    bad: dict[Question, list] = {}
    secrets: dict[Question, list[str]] = {}
    tested_elsewhere: tuple[Question, ...] = ()

    def pytest_generate_tests(self, metafunc):
        names = {question: name for name, question in catalogue.questions(self.module)}
        tables = {"test_known_good_answer_passes": self.good,
                  "test_known_bad_answer_is_incorrect_and_keeps_the_secret": self.bad}
        table = tables.get(metafunc.function.__name__)
        if table is not None:
            metafunc.parametrize(("question", "answer"), [
                pytest.param(question, answer, id=f"{names[question]}-{i}")
                for question, answers in table.items() for i, answer in enumerate(answers)])
        elif "question" in metafunc.fixturenames:
            metafunc.parametrize("question", list(names), ids=list(names.values()))

    def test_every_question_has_a_good_and_two_bad_answers(self):
        for name, question in catalogue.questions(self.module):
            if question not in self.tested_elsewhere:
                assert self.good.get(question) and len(self.bad.get(question, [])) >= 2, name

    def test_known_good_answer_passes(self, question, answer):
        feedback = question.judge(answer)
        assert feedback.outcome == CORRECT, feedback.message

    def test_known_bad_answer_is_incorrect_and_keeps_the_secret(self, question, answer):
        feedback = question.judge(answer)
        assert feedback.outcome == INCORRECT, feedback.message
        assert_keeps_secrets(feedback.message, self.secrets.get(question, []))

    def test_placeholder_and_unfinished_function_are_not_attempted(self, question):
        assert question.judge(____).outcome == NOT_ATTEMPTED
        if any(inspect.isfunction(answer) for answer in self.good.get(question, [])):
            assert question.judge(unfinished).outcome == NOT_ATTEMPTED

    def test_hint_and_solution_are_given(self, question):
        assert len(repr(question.hint())) > 40
        assert solution_defines_an_answer(question.solution().text), question.solution().text
