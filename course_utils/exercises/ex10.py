"""Exercises for ``10_interpretability.ipynb``: the IG path, completeness, correlated features, a shortcut."""

from functools import partial

import numpy as np

from course_utils import interpret
from course_utils.exercises import checks
from course_utils.exercises.core import Incorrect, Question

PATH_CASES = [
    ((np.array([1.0, 2.0]), np.array([0.0, 0.0]), 4),
     interpret.interpolation_path([1.0, 2.0], [0.0, 0.0], 4)),
    ((np.array([3.0, -1.0, 0.5]), np.array([1.0, 1.0, 1.0]), 2),
     interpret.interpolation_path([3.0, -1.0, 0.5], [1.0, 1.0, 1.0], 2)),
    ((np.array([2.0]), np.array([-2.0]), 1), interpret.interpolation_path([2.0], [-2.0], 1)),
]


q1 = Question(
    "Question 1 (the integrated-gradients path)",
    partial(checks.expect_function, cases=PATH_CASES, name="interpolation_path"),
    hint="Make steps + 1 fractions alpha from 0 to 1 with np.linspace (endpoint included), as a column "
         "(alphas[:, None]); each point is baseline + alpha * (x - baseline).",
    solution=("def interpolation_path(x, baseline, steps):\n"
              "    alphas = np.linspace(0, 1, steps + 1)[:, None]\n"
              "    return baseline + alphas * (x - baseline)"),
    points=2,
)


COMPLETENESS_OPTIONS = {
    "a": "not quite: the attributions explain the difference from the baseline patient, whose own "
         "prediction is not zero.",
    "b": "Right: completeness, sum_j IG_j(x) = p(x) - p(baseline).",
    "c": "the attributions are not probabilities of classes; nothing forces them to sum to 1.",
    "d": "explanations describe the model, which never sees the true label.",
}


q2 = checks.choice_question(
    "Question 2 (completeness of integrated gradients)",
    correct="b",
    explanations=COMPLETENESS_OPTIONS,
    hint="Integrating a gradient along a path gives the change in the function between the path's two ends.",
    solution='answer_ig_sum = "b"',
)


CORRELATED_OPTIONS = {
    "a": "if size were irrelevant, shuffling all three size features together would not hurt either.",
    "b": "Right: the unshuffled partners carry the same information, so the model hardly notices one loss.",
    "c": "the spread over the 10 repeats is small next to the effect of the group, so it is not just noise.",
    "d": "all inputs were standardized, so no feature has 'large values' from the network's point of view.",
}


q3 = checks.choice_question(
    "Question 3 (correlated features)",
    correct="b",
    explanations=CORRELATED_OPTIONS,
    hint="What information does the network still have when only mean_radius is shuffled?",
    solution='answer_correlated = "b"',
)


def _nuclear_features() -> set[str]:
    from course_utils import data

    return set(data.load_xy("breast_cancer")[0].columns)


def _check_planted_feature(answer: object) -> None:
    if not isinstance(answer, str):
        raise Incorrect(f"answer with the feature's column name as a string, got {type(answer).__name__}.")
    name = answer.strip().lower()
    if name == interpret.PLANTED_FEATURE:
        return
    if name in _nuclear_features():
        raise Incorrect(f"'{answer}' is one of the 30 real measurements of the cell nuclei, so a model may "
                        "legitimately use it. Look for a feature that ranks high but describes the image "
                        "rather than the cells.")
    raise Incorrect(f"there is no feature called '{answer}'; copy a name from the importance table.")


q4 = Question(
    "Question 4 (find the planted shortcut)",
    _check_planted_feature,
    hint="Look at the top of the shortcut model's permutation importance and ask of each feature: could "
         "it describe the cell nuclei themselves, or only how the image was taken?",
    solution=f'answer_planted_feature = "{interpret.PLANTED_FEATURE}"',
    points=2,
)
