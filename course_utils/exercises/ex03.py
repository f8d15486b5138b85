"""Exercises for ``03_preparing_data.ipynb``: units, missingness, leakage-free scaling, class weights."""

import math

from course_utils.exercises import calls, checks
from course_utils.exercises.core import Incorrect, Question
from course_utils.preprocessing import MG_PER_MMOL_GLUCOSE

q1 = checks.number_question(
    "Question 1 (convert a glucose value)",
    expected=7.0 * MG_PER_MMOL_GLUCOSE,
    decimals=1,
    known_mistakes={
        7.0 / MG_PER_MMOL_GLUCOSE: "you divided; going from mmol/L to mg/dL the number gets larger.",
        7.0 * 18: "close: you rounded the factor to 18; use 18.016.",
        7.0: "that is the value before conversion.",
    },
    hint="1 mmol/L of glucose is 18.016 mg/dL. Does the number get bigger or smaller?",
    solution="answer_glucose_mg_dl = 7.0 * 18.016   # 126.1 mg/dL: right at the diabetes threshold",
)

# (value, unit) -> expected mg/dL; None means "must raise ValueError".
_UNIT_CASES = [
    ((100.0, "mg/dL"), 100.0),
    ((5.5, "mmol/L"), 5.5 * MG_PER_MMOL_GLUCOSE),
    ((5.5, " MMOL/L "), 5.5 * MG_PER_MMOL_GLUCOSE),
    ((90.0, "mg/dl"), 90.0),
    ((0.0, "mmol/L"), 0.0),
    ((math.nan, "mmol/L"), math.nan),
    ((5.5, "mM"), None),
    ((5.5, "g/L"), None),
]


def _check_unit_function(answer: object) -> None:
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for (value, unit), expected in _UNIT_CASES:
        shown = calls.describe_call("glucose_in_mg_dl", (value, unit))
        if expected is None:
            _expect_value_error(answer, value, unit, shown)
            continue
        try:
            result = calls.call(answer, value, unit, name="glucose_in_mg_dl", let_through=(ValueError,))
        except ValueError:
            raise Incorrect(f"{shown} raised ValueError, but {unit!r} is a valid unit: compare "
                            "units ignoring case and surrounding spaces.") from None
        _expect_close(result, expected, shown)


def _expect_value_error(function, value, unit, shown: str) -> None:
    try:
        calls.call(function, value, unit, name="glucose_in_mg_dl", let_through=(ValueError,),
                   allow_none=True)
    except ValueError:
        return
    except Incorrect as reason:
        raise Incorrect(f"{reason} An unknown unit must raise ValueError.") from None
    raise Incorrect(f"{shown} returned instead of raising: an unknown unit must raise ValueError "
                    "(guessing a unit is how the mix-up happened).")


def _expect_close(result, expected: float, shown: str) -> None:
    try:
        value = checks.as_number(result)
    except Incorrect:
        raise Incorrect(f"{shown} returned {calls.short(result)}; return a single number.") from None
    if math.isnan(expected):
        if not math.isnan(value):
            raise Incorrect(f"{shown} returned {value:g}; a missing value must stay missing (NaN).")
        return
    if not math.isclose(value, expected, rel_tol=1e-6, abs_tol=1e-9):
        raise Incorrect(f"{shown} returned {value:g}, which is not right.")


q2 = Question(
    "Question 2 (harmonise glucose units)",
    _check_unit_function,
    hint="Normalise the unit with unit.strip().lower(); multiply mmol/L by 18.016; leave mg/dL alone; "
         "raise ValueError for anything else. NaN times a number is still NaN.",
    solution=(
        "def glucose_in_mg_dl(value, unit):\n"
        "    unit = unit.strip().lower()\n"
        "    if unit == 'mg/dl':\n"
        "        return float(value)\n"
        "    if unit == 'mmol/l':\n"
        "        return float(value) * 18.016\n"
        "    raise ValueError(f'unknown glucose unit {unit!r}')"
    ),
    points=3,
)


q3 = checks.choice_question(
    "Question 3 (what kind of missingness?)",
    correct="MAR",
    explanations={
        "MCAR": "if it were completely at random, HbA1c would be missing equally often "
                "with and without diabetes. Look at the bars again.",
        "MAR": "right: whether it is measured depends on other recorded columns (diagnosis, glucose).",
        "MNAR": "that would mean missingness depends on the unseen HbA1c value itself; here a "
                "recorded column (the diagnosis) explains it.",
    },
    synonyms={"missing completely at random": "MCAR", "missing at random": "MAR",
              "missing not at random": "MNAR", "not missing at random": "MNAR", "NMAR": "MNAR"},
    hint="Does the chance that HbA1c is missing change with another column you can see?",
    solution="answer_hba1c_missingness = 'MAR'   # depends on the diagnosis and glucose, both recorded",
)


q4 = checks.choice_question(
    "Question 4 (where to fit the scaler)",
    correct="train",
    explanations={
        "train": "right: statistics come from the training patients only.",
        "validation": "the validation patients stand in for future patients; their statistics "
                      "must not shape the model or its preprocessing.",
        "test": "the test patients must stay untouched until the final evaluation.",
        "all": "fitting on all patients lets the validation and test patients' values leak into "
               "the training inputs, so their scores come out optimistic.",
    },
    synonyms={"training": "train", "training set": "train", "train set": "train",
              "training patients": "train", "validation set": "validation", "val": "validation",
              "test set": "test", "all patients": "all", "everyone": "all"},
    hint="Which patients would exist at the moment you train the model for real use?",
    solution="answer_fit_on = 'train'",
)


# Question 5: 1,000 training patients of whom 160 were readmitted.
_N_PATIENTS, _N_READMITTED = 1000, 160


q5 = checks.number_question(
    "Question 5 (a balanced class weight)",
    expected=_N_PATIENTS / (2 * _N_READMITTED),
    decimals=2,
    known_mistakes={
        _N_PATIENTS / _N_READMITTED: "you forgot to divide by the number of classes (2).",
        (_N_PATIENTS - _N_READMITTED) / _N_READMITTED: "that is the ratio of the classes; the balanced "
                                                        "weight is n_patients / (2 x n_readmitted).",
        _N_READMITTED / _N_PATIENTS: "that is the readmission rate, not a weight.",
        _N_PATIENTS / (2 * (_N_PATIENTS - _N_READMITTED)): "that is the weight of the other class "
                                                            "(not readmitted).",
    },
    hint="'balanced' gives class c the weight n_patients / (n_classes x n_patients_in_c).",
    solution="answer_readmitted_weight = 1000 / (2 * 160)   # 3.125",
)
