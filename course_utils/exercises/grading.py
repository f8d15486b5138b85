"""The graded check behind every locked check cell: nbgrader's hidden test calls :func:`grade`.

``make clean-notebooks`` appends to each check cell of a solved notebook::

    ### BEGIN HIDDEN TESTS
    import course_utils.exercises.grading as _grading
    _grading.grade("course_utils.exercises.ex04", "q2", answer_first_layer_params)
    ### END HIDDEN TESTS

Student versions lose these lines; ``nbgrader autograde`` puts them back (it restores locked cells
from its gradebook). :func:`grade` judges the answer with a private copy of the exercise code,
loaded afresh from the package's files, so nothing a learner's cells rebound or patched (``ex``,
``Question.check``, a checker, ``sys.modules`` entries, the mode, ``os.environ``) takes part, and
it raises unless the answer is correct, whatever the environment says. Under ``autograde`` it also
shows a record of the correct outcome, which the course's scoring and ``course audit`` require
before a check cell keeps its points.
"""

import html
import importlib
import sys
from types import ModuleType

RECORD = "course_grade"  # the display metadata key of the graded record


def grade(module: str, question: str, answer: object) -> None:
    """Judge ``answer`` to ``module.question`` with a private copy of the exercise code.

    Raises:
        ExerciseFailed: unless the answer is correct (the cell then scores 0).
    """
    fresh = private_copy(module)
    core = fresh["course_utils.exercises.core"]
    feedback = getattr(fresh[module], question).judge(answer)
    if not feedback.passed:
        raise core.ExerciseFailed(f"Autograder: {feedback}")
    if core.mode().autograding:
        _show_record(module, question, f"Autograder: {feedback}")


def private_copy(module: str) -> dict[str, ModuleType]:
    """Fresh copies of ``module``, ``course_utils`` and their submodules, read from their files.

    ``sys.modules`` is left as it was: the learner's modules stay the learner's, and the copies are
    reachable only from the caller.
    """
    roots = {"course_utils", module.split(".")[0]}

    def ours(name: str) -> bool:
        return name.split(".")[0] in roots

    saved = {name: sys.modules.pop(name) for name in list(sys.modules) if ours(name)}
    try:
        importlib.import_module(module)
        return {name: value for name, value in sys.modules.items() if ours(name)}
    finally:
        for name in [name for name in sys.modules if ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)


def _show_record(module: str, question: str, text: str) -> None:
    from IPython import get_ipython
    from IPython.display import publish_display_data

    if get_ipython() is None:
        print(text)
        return
    shown = f'<div style="color:#2e7d32;padding:0 14px">🔒 {html.escape(text)}</div>'
    publish_display_data({"text/plain": text, "text/html": shown},
                         metadata={RECORD: {"module": module, "question": question, "outcome": "correct"}})
