"""course_utils.plots.data_quality: each helper draws what its docstring promises."""

import numpy as np
import pandas as pd

from course_utils import plots


def test_missingness_map_shows_only_columns_with_gaps_and_their_share():
    frame = pd.DataFrame({"age": [50, 60, 70, 80], "hba1c": [np.nan, 6.0, np.nan, 7.0],
                          "code": ["b", "a", "b", "a"]})
    ax = plots.missingness_map(frame, sort_by="code")
    assert [label.get_text() for label in ax.get_xticklabels()] == ["HbA1c\n50.0%"]
    image = ax.images[0].get_array()
    assert image.tolist() == [[False], [False], [True], [True]]  # sorted: the two 'a' rows first
    assert ax.get_ylabel() == "patients (sorted by code)"


def test_values_by_group_draws_one_histogram_per_group():
    units = ["mmol/L", "mmol/L", "mg/dL", "mg/dL", "mg/dL"]
    ax = plots.values_by_group([5.0, 6.0, 100.0, 110.0, 120.0], units, "glucose", group_name="recorded unit")
    assert ax.get_xlabel() == "glucose" and ax.get_ylabel() == "patients"
    assert sorted(text.get_text() for text in ax.get_legend().get_texts()) == ["mg/dL", "mmol/L"]
    assert ax.get_legend().get_title().get_text() == "recorded unit"


def test_plausible_ranges_counts_the_implausible_values_per_panel():
    frame = pd.DataFrame({"bmi": [24.0, 245.0, 30.0], "systolic_bp": [0.0, 0.0, 120.0]})
    fig = plots.plausible_ranges(frame, {"bmi": (10, 90), "systolic_bp": (50, 260)})
    assert [ax.get_title() for ax in fig.axes] == ["1 outside the range", "2 outside the range"]
    assert [ax.get_ylabel() for ax in fig.axes] == ["BMI (kg/m²)", "systolic blood pressure (mmHg)"]



def test_labels_give_units_and_fall_back_to_words():
    from course_utils.plots.data_quality import label

    assert label("creatinine") == "creatinine (mg/dL)"
    assert label("diagnosis_code") == "diagnosis code"


def test_repeated_readings_marks_the_patients_who_change_side_of_the_threshold():
    # 139 -> 141 and 150 -> 138 change side of 140; 140 -> 140 (exactly at it) and 120 -> 125 do not
    ax = plots.repeated_readings([139, 150, 140, 120], [141, 138, 140, 125], 140, "systolic BP (mmHg)")
    kept, flipped = (collection.get_offsets().tolist() for collection in ax.collections)
    assert flipped == [[139, 141], [150, 138]] and kept == [[140, 140], [120, 125]]
    assert ax.get_title() == "2 of 4 patients change side at 140"
    assert ax.get_xlabel() == "first reading: systolic BP (mmHg)"


def test_missingness_map_wraps_long_names_and_keeps_small_shares_visible():
    frame = pd.DataFrame({"systolic_bp": [120.0] * 7 + [np.nan], "age": range(8)})
    ax = plots.missingness_map(frame)
    assert [label.get_text() for label in ax.get_xticklabels()] == ["systolic blood\npressure\n12.5%"]
