"""Exercises for ``00_welcome.ipynb``: a first taste of check / hint / solution."""

from course_utils import data
from course_utils.exercises import checks
from course_utils.exercises.core import Question


def _breast_cancer_rows() -> int:
    return int(data.dataset_info("breast_cancer")["rows"])


def _check_patients(answer: object) -> None:
    checks.expect_number(answer, _breast_cancer_rows(), count=True, known_mistakes={
        212: "that is how many tumours were malignant; count every patient, benign ones too.",
        357: "that is how many tumours were benign; count every patient, malignant ones too.",
        30: "that is the number of features (measurements per patient), not the number of patients.",
        31: "that is the number of columns (30 features plus the target), not the number of patients.",
    })


q1 = Question(
    "Question 1 (patients in the breast-cancer data)",
    _check_patients,
    hint="Look at the 'rows' column of data.list_datasets(): one row is one patient.",
    solution="answer_patients = 569   # the 'rows' of breast_cancer in data.list_datasets()",
)


q2 = checks.choice_question(
    "Question 2 (which mistake hurts more when a breast lump is diagnosed)",
    correct="false negative",
    explanations={
        "false negative": "right: a cancer called benign goes untreated while it grows.",
        "false positive": "calling a benign lump malignant is serious too: worry, a repeat or core biopsy "
                          "and, if nobody double-checks, even needless surgery. But it is usually caught by "
                          "those further tests; think about which mistake sends the patient home with no "
                          "further test at all.",
    },
    synonyms={"FN": "false negative", "false negatives": "false negative", "missed cancer": "false negative",
              "FP": "false positive", "false positives": "false positive", "false alarm": "false positive"},
    hint="A false negative calls a malignant lump benign; a false positive calls a benign lump malignant. "
         "After which of the two does someone look again?",
    solution="answer_worse_error = 'false negative'   # a missed cancer goes untreated; a false alarm is "
             "usually caught by the confirmatory tests that follow",
)
