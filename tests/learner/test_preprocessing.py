"""Unit harmonisation and plausibility checks for the EHR lesson (03_preparing_data)."""

import numpy as np
import pandas as pd
import pytest

from course_utils import preprocessing


def test_glucose_in_mmol_is_multiplied_and_mg_dl_kept():
    converted = preprocessing.glucose_to_mg_dl([100.0, 7.0, np.nan], ["mg/dL", "mmol/L", "mmol/L"])
    assert converted.iloc[0] == 100.0
    assert converted.iloc[1] == pytest.approx(126.112)
    assert np.isnan(converted.iloc[2])


def test_glucose_units_ignore_case_and_spaces_and_keep_the_index():
    glucose = pd.Series([5.0, 90.0], index=[10, 11])
    converted = preprocessing.glucose_to_mg_dl(glucose, pd.Series([" MMOL/L", "mg/dl "], index=[10, 11]))
    assert list(converted.index) == [10, 11]
    assert converted.tolist() == pytest.approx([5.0 * 18.016, 90.0])


def test_one_unit_applies_to_every_value():
    assert preprocessing.glucose_to_mg_dl([1.0, 2.0], "mmol/L").tolist() == pytest.approx([18.016, 36.032])


@pytest.mark.parametrize("units", [["mg/dL", "mM"], ["mg/dL", None], ["g/L", "g/L"]])
def test_unknown_glucose_unit_is_named_in_the_error(units):
    with pytest.raises(ValueError, match="unknown glucose unit"):
        preprocessing.glucose_to_mg_dl([1.0, 2.0], units)


def test_glucose_and_units_must_match_in_length():
    with pytest.raises(ValueError, match="one unit per value"):
        preprocessing.glucose_to_mg_dl([1.0, 2.0, 3.0], ["mg/dL", "mg/dL"])


def test_implausible_flags_values_outside_the_range_but_not_missing_ones():
    frame = pd.DataFrame({"bmi": [24.5, 245.0, np.nan], "systolic_bp": [0.0, 120.0, 130.0], "age": [1, 2, 3]})
    flags = preprocessing.implausible(frame)
    assert list(flags.columns) == ["bmi", "systolic_bp"]
    assert flags["bmi"].tolist() == [False, True, False]
    assert flags["systolic_bp"].tolist() == [True, False, False]


def test_blank_implausible_returns_a_copy_with_gaps():
    frame = pd.DataFrame({"bmi": [24.5, 245.0]})
    cleaned = preprocessing.blank_implausible(frame)
    assert cleaned["bmi"].isna().tolist() == [False, True]
    assert frame["bmi"].tolist() == [24.5, 245.0]


def test_implausible_needs_a_column_to_check():
    with pytest.raises(ValueError, match="nothing to check"):
        preprocessing.implausible(pd.DataFrame({"age": [50]}))
