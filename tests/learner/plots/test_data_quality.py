"""course_utils.plots.data_quality: each helper draws what its docstring promises."""

import numpy as np
import pandas as pd

from course_utils import plots


def test_missingness_map_shows_only_columns_with_gaps_and_their_share():
    frame = pd.DataFrame({"age": [50, 60, 70, 80], "hba1c": [np.nan, 6.0, np.nan, 7.0],
                          "code": ["b", "a", "b", "a"]})
    ax = plots.missingness_map(frame, sort_by="code")
    assert [label.get_text() for label in ax.get_xticklabels()] == ["hba1c\n50%"]
    image = ax.images[0].get_array()
    assert image.tolist() == [[False], [False], [True], [True]]  # sorted: the two 'a' rows first
    assert "sorted by code" in ax.get_ylabel()


def test_values_by_group_draws_one_histogram_per_group():
    units = ["mmol/L", "mmol/L", "mg/dL", "mg/dL", "mg/dL"]
    ax = plots.values_by_group([5.0, 6.0, 100.0, 110.0, 120.0], units, "glucose")
    assert ax.get_xlabel() == "glucose" and ax.get_ylabel() == "patients"
    assert sorted(text.get_text() for text in ax.get_legend().get_texts()) == ["mg/dL", "mmol/L"]


def test_plausible_ranges_counts_the_implausible_values_per_panel():
    frame = pd.DataFrame({"bmi": [24.0, 245.0, 30.0], "systolic_bp": [0.0, 0.0, 120.0]})
    fig = plots.plausible_ranges(frame, {"bmi": (10, 90), "systolic_bp": (50, 260)})
    assert [ax.get_title() for ax in fig.axes] == ["bmi\n1 implausible", "systolic_bp\n2 implausible"]

