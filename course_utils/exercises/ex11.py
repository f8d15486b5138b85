"""Exercises for ``11_privacy``: identifiers, Safe Harbor generalization, k-anonymity, gradient clipping."""

import numpy as np

from course_utils.exercises import calls
from course_utils.exercises.checks import expect_function, number_question
from course_utils.exercises.core import Incorrect, Question

COHORT_COLUMNS = ("patient_name", "mrn", "date_of_birth", "zip_code", "admission_date", "age", "sex", "bmi",
                  "glucose", "diagnosis_code", "readmitted_30d")
_REMOVED = {"patient_name", "mrn"}
_GENERALIZED = {
    "date_of_birth": "Safe Harbor keeps the year of a date, so date_of_birth is generalized, not removed.",
    "admission_date": "Safe Harbor keeps the year of a date, so admission_date is generalized, not removed.",
    "zip_code": "Safe Harbor keeps the first three digits of a ZIP code (unless the area is sparsely "
                "populated), so zip_code is generalized, not removed.",
    "age": "only ages over 89 must be grouped; other ages may stay.",
}


def _check_removed_columns(answer):
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        raise Incorrect("answer with a list of column names, e.g. ['column_a', 'column_b'].")
    chosen = {str(name).strip() for name in answer}
    unknown = chosen - set(COHORT_COLUMNS)
    if unknown:
        raise Incorrect(f"{sorted(unknown)} are not columns of the cohort; "
                        f"choose from {list(COHORT_COLUMNS)}.")
    for column, reason in _GENERALIZED.items():
        if column in chosen:
            raise Incorrect(reason)
    if chosen - _REMOVED:
        raise Incorrect("some of your columns are clinical values, not identifiers.")
    if _REMOVED - chosen:
        raise Incorrect(f"you found {len(chosen & _REMOVED)} of the columns that must go; a name is not the "
                        "only thing that points straight at one person.")


q1 = Question(
    "Question 1 (direct identifiers)",
    _check_removed_columns,
    hint="Which columns point at exactly one person by themselves and have no coarser form that "
         "Safe Harbor allows to keep?",
    solution="answer_removed_columns = ['patient_name', 'mrn']",
)


def _expect_text_function(answer, cases, name):
    """A callable that returns the expected string for each ``(argument, expected)`` case."""
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for argument, expected, mistake in cases:
        result = calls.call(answer, argument, name=name)
        if not isinstance(result, str):
            raise Incorrect(f"{name}({argument!r}) returned a {type(result).__name__}; return a string.")
        if result != expected:
            raise Incorrect(f"{name}({argument!r}) returned {result!r}: {mistake}")


_ZIP_CASES = [
    ("94305", "943", "keep the first three digits."),
    ("02134", "021", "keep the first three digits, leading zero included."),
    (2134, "021", "a ZIP stored as a number lost its leading zero; pad it back to five digits first."),
    ("03601", "000", "036 is a three-digit area with 20,000 people or fewer: Safe Harbor requires 000."),
    ("89301", "000", "893 is a three-digit area with 20,000 people or fewer: Safe Harbor requires 000."),
]


def _check_zip(answer):
    _expect_text_function(answer, _ZIP_CASES, "safe_harbor_zip")


q2 = Question(
    "Question 2 (ZIP codes)",
    _check_zip,
    hint="f'{int(zip_code):05d}' restores lost leading zeros; then take the first three characters "
         "and replace them by '000' when they are in RESTRICTED_ZIP3.",
    solution="def safe_harbor_zip(zip_code):\n    prefix = f'{int(zip_code):05d}'[:3]\n"
             "    return '000' if prefix in RESTRICTED_ZIP3 else prefix",
    points=2,
)

_AGE_CASES = [
    (45, "45", "ages up to 89 stay as they are (as text)."),
    (89, "89", "89 is not over 89: it stays."),
    (90, "90+", "every age over 89 becomes the single group '90+'."),
    (104, "90+", "every age over 89 becomes the single group '90+'."),
    (0, "0", "a newborn's age 0 stays '0'."),
]


def _check_age(answer):
    _expect_text_function(answer, _AGE_CASES, "safe_harbor_age")


q3 = Question(
    "Question 3 (ages over 89)",
    _check_age,
    hint="Compare with 89 (strictly greater), and return str(age) otherwise.",
    solution="def safe_harbor_age(age):\n    return '90+' if age > 89 else str(int(age))",
    points=2,
)


q4 = number_question(
    "Question 4 (k of a tiny table)",
    expected=2,
    count=True,
    known_mistakes={
        4: "that is the largest equivalence class; k is set by the smallest one.",
        3: "that is the number of equivalence classes; k is the size of the smallest one.",
        9: "that is the number of records; group them by all three quasi-identifiers first.",
        1: "no record is alone once you group by (age band, sex, zip3) together.",
    },
    hint="Group the rows by (age band, sex, zip3) together and count each group's rows. k is the "
         "smallest count.",
    solution="answer_tiny_k = 2  # classes of sizes 3, 2 and 4",
)


_CLIP_CASES = [
    (np.array([3.0, 4.0]), 1.0),
    (np.array([0.3, 0.4]), 1.0),  # already inside the ball: unchanged
    (np.array([[1.0, 2.0], [2.0, 4.0]]), 2.0),  # the norm is over all entries
    (np.array([0.0, 0.0]), 1.0),  # a zero gradient stays zero
]


def _reference_clip(gradient, l2_norm_clip):
    norm = np.linalg.norm(gradient)
    return gradient * min(1.0, l2_norm_clip / norm) if norm > 0 else gradient


def _check_clip(answer):
    expect_function(answer, [((g.copy(), c), _reference_clip(g, c)) for g, c in _CLIP_CASES],
                    name="clip_to_norm")


q5 = Question(
    "Question 5 (clip a gradient)",
    _check_clip,
    hint="Scale by min(1, C / norm), where norm = np.linalg.norm(gradient) over all entries. A "
         "gradient already shorter than C is left alone, and a zero gradient must not divide by zero.",
    solution="def clip_to_norm(gradient, l2_norm_clip):\n"
             "    norm = np.linalg.norm(gradient)\n"
             "    return gradient * min(1.0, l2_norm_clip / norm) if norm > 0 else gradient",
    points=2,
)
