"""Exercises for ``11_privacy``: identifiers, Safe Harbor generalization, k-anonymity, gradient clipping,
Poisson-sampled batches."""

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


_POISSON_PATIENTS, _POISSON_RATE, _POISSON_DRAWS = 200, 0.1, 300


def _poisson_draw(answer, args):
    """One batch from the learner's function, as a checked array of patient indices."""
    result = calls.call(answer, *args, name="poisson_batch")
    try:
        batch = np.asarray(result).ravel()
    except (TypeError, ValueError):
        batch = np.array([None])
    if batch.size and not np.issubdtype(batch.dtype, np.integer):
        raise Incorrect(f"{calls.describe_call('poisson_batch', args)} returned {calls.short(result)}; "
                        "return the batch as an array of patient indices (whole numbers).")
    if batch.size and (batch.min() < 0 or batch.max() >= args[0]):
        raise Incorrect(f"{calls.describe_call('poisson_batch', args)} returned an index outside "
                        f"0 to {args[0] - 1}: return positions of patients, not values.")
    if np.unique(batch).size != batch.size:
        raise Incorrect(f"{calls.describe_call('poisson_batch', args)} put a patient in the batch twice: "
                        "in Poisson sampling each patient is either in a batch or not.")
    return batch


def _check_poisson(answer):
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    if _poisson_draw(answer, (7, 1.0, 0)).size != 7:
        raise Incorrect("with sample_rate 1.0 every patient must be in the batch.")
    batches = [_poisson_draw(answer, (_POISSON_PATIENTS, _POISSON_RATE, seed))
               for seed in range(_POISSON_DRAWS)]
    sizes = np.array([batch.size for batch in batches])
    if all(np.array_equal(batches[0], batch) for batch in batches[1:3]):
        raise Incorrect("different seeds gave the same batch: draw with np.random.default_rng(seed).")
    if sizes.std() == 0:
        raise Incorrect("every batch has the same size: that is fixed-size sampling (as with shuffled "
                        "batches), which the accountant does not cover. Let each patient join on their own.")
    expected_size = _POISSON_PATIENTS * _POISSON_RATE  # binomial: sd sqrt(18) = 4.2; mean's SE 0.25
    if abs(sizes.mean() - expected_size) > 1.5 or not 0.6 < sizes.var() / (expected_size * 0.9) < 1.6:
        raise Incorrect("over many draws the batch sizes do not behave as they should: each patient "
                        "should join each batch with probability sample_rate, independently of the others.")
    if np.bincount(np.concatenate(batches), minlength=_POISSON_PATIENTS).min() == 0:
        raise Incorrect("some patients never join a batch: every patient needs the same chance.")


q6 = Question(
    "Question 6 (a Poisson-sampled batch)",
    _check_poisson,
    hint="Draw one uniform number per patient with np.random.default_rng(seed).random(n_patients); a "
         "patient is in the batch when their number is below sample_rate. np.flatnonzero gives the indices.",
    solution="def poisson_batch(n_patients, sample_rate, seed):\n"
             "    rng = np.random.default_rng(seed)\n"
             "    return np.flatnonzero(rng.random(n_patients) < sample_rate)",
    points=2,
)
