"""Exercises for ``03_preparing_data.ipynb``: units, missingness, leakage-free scaling, class weights."""

import math

import numpy as np

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
        "MCAR": "if it were completely at random, HbA1c would be missing equally often in every group; "
                "the bars show it is not. That much the data can tell.",
        "MAR": "right: by the generator's account the test was ordered because of diabetes and glucose, "
               "not because of the HbA1c value itself.",
        "MNAR": "MNAR means the chance of a gap depends on the missing HbA1c value itself, even among "
                "patients alike in everything recorded. The data alone could not rule that out (MAR "
                "and MNAR look the same in the observed values), but the account of how this cohort "
                "was made says the test was ordered for another reason. Which?",
    },
    synonyms={"missing completely at random": "MCAR", "missing at random": "MAR",
              "missing not at random": "MNAR", "not missing at random": "MNAR", "NMAR": "MNAR"},
    hint="Read the generator's account again: what decided whether HbA1c was measured, the HbA1c value "
         "itself or what else the clinician knew?",
    solution="answer_hba1c_missingness = 'MAR'   # by the generator's account: ordered for diabetes or "
             "high glucose;\n# from the data alone MAR and MNAR cannot be told apart",
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


# Question 5: standardise without leakage. Two asymmetric cases (age in years, creatinine in mg/dL, and a
# column that is the same for every training patient); a learner's function gets copies of them.
_SCALING_CASES = [
    (np.array([[50.0, 1.2, 1.0], [62.0, 0.8, 1.0], [71.0, 2.6, 1.0], [45.0, 0.9, 1.0]]),
     np.array([[80.0, 4.0, 0.0], [30.0, 0.7, 1.0], [58.0, 1.1, 1.0]])),
    (np.array([[3.0, 10.0, 7.0], [5.0, 30.0, 7.0], [10.0, 20.0, 7.0]]),
     np.array([[4.0, 0.0, 8.0], [9.0, 25.0, 7.0]])),
]


def _standardised(values, mean, sd):
    return (values - mean) / np.where(sd > 0, sd, 1.0)


def _scaled_with(train, other, source, ddof=0):
    """Both parts scaled with the statistics of ``source``."""
    mean, sd = source.mean(axis=0), source.std(axis=0, ddof=ddof)
    return _standardised(train, mean, sd), _standardised(other, mean, sd)


def _rows_standardised(values):
    """Each patient's row standardised over its own values (the axis=1 mistake)."""
    return _standardised(values, values.mean(axis=1, keepdims=True), values.std(axis=1, keepdims=True))


def _scaling_mistakes(train, other):
    """(what the learner's two arrays would be, what went wrong) for each named mistake."""
    everyone = np.vstack([train, other])
    own = (_scaled_with(train, other, train)[0], _scaled_with(other, other, other)[0])
    centred = (train - train.mean(axis=0), other - train.mean(axis=0))
    return [
        (own, "the other patients were scaled with their own mean and SD. Future patients arrive one "
              "at a time: scale them with the training patients' statistics."),
        (_scaled_with(train, other, everyone), "the mean and SD came from all patients together: the "
                                               "other patients' values leaked into the training inputs."),
        (_scaled_with(train, other, other), "the mean and SD came from the other patients; they must come "
                                            "from the training patients."),
        (centred, "the values are centred but not divided by the standard deviation."),
        ((_rows_standardised(train), _rows_standardised(other)),
         "each patient's row was standardised; standardise each column (feature) over the training "
         "patients (axis=0)."),
    ]


def _check_scaling_function(answer: object) -> None:
    if not callable(answer):
        raise Incorrect(f"expected a function, got {type(answer).__name__}.")
    for train, other in _SCALING_CASES:
        shown = calls.describe_call("standardise", (train, other))
        result = calls.call(answer, train, other, name="standardise")
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise Incorrect(f"{shown} returned {calls.short(result)}; return two arrays: "
                            "(scaled training patients, scaled other patients).")
        got = [np.asarray(part, dtype=float) if _numeric(part) else None for part in result]
        if any(part is None or part.shape != given.shape for part, given in zip(got, (train, other),
                                                                                   strict=True)):
            raise Incorrect(f"{shown} returned arrays of other shapes than its inputs; return one scaled "
                            "value for each value given.")
        if not all(np.isfinite(part).all() for part in got):
            raise Incorrect(f"{shown} returned inf or NaN: a column with the same value for every training "
                            "patient has SD 0; divide by 1 there, as StandardScaler does.")
        if any(_matches(got, _scaled_with(train, other, train, ddof)) for ddof in (0, 1)):
            continue
        for wrong, message in _scaling_mistakes(train, other):
            if _matches(got, wrong):
                raise Incorrect(f"{shown}: {message}")
        raise Incorrect(f"{shown} returned values that are not right.")


def _numeric(part) -> bool:
    try:
        np.asarray(part, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def _matches(got, expected) -> bool:
    return all(np.allclose(part, want, atol=1e-6) for part, want in zip(got, expected, strict=True))


q5 = Question(
    "Question 5 (standardise without leakage)",
    _check_scaling_function,
    hint="mean = train.mean(axis=0) and sd = train.std(axis=0), from the training patients only; where "
         "sd is 0 use 1 (np.where); return ((train - mean) / sd, (other - mean) / sd).",
    solution=(
        "def standardise(train, other):\n"
        "    mean, sd = train.mean(axis=0), train.std(axis=0)\n"
        "    sd = np.where(sd > 0, sd, 1.0)      # a constant column stays 0 instead of dividing by 0\n"
        "    return (train - mean) / sd, (other - mean) / sd"
    ),
    points=2,
)


# Question 6: 1,000 training patients of whom 160 were readmitted.
_N_PATIENTS, _N_READMITTED = 1000, 160


q6 = checks.number_question(
    "Question 6 (a balanced class weight)",
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
