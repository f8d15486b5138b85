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
    "Question 2 (which mistake hurts more in screening)",
    correct="false negative",
    explanations={
        "false negative": "right: a missed cancer goes untreated.",
        "false positive": "a false alarm costs worry and a follow-up biopsy, which then finds no cancer; "
                          "think about which mistake the patient never gets a second chance to catch.",
    },
    synonyms={"FN": "false negative", "false negatives": "false negative", "missed cancer": "false negative",
              "FP": "false positive", "false positives": "false positive", "false alarm": "false positive"},
    hint="A false negative says 'no cancer' to a patient who has cancer; "
         "a false positive says 'cancer' to a patient who has none. Which one is followed up?",
    solution="answer_worse_error = 'false negative'   # a missed cancer is not treated",
)
