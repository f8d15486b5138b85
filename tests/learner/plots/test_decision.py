"""course_utils.plots.decision: decision curves draw what their docstring promises."""

import pandas as pd
import pytest

from course_utils import plots

TABLE = pd.DataFrame({"model": [0.30, 0.25, 0.10], "treat all": [0.35, 0.2, -0.2], "treat none": [0.0] * 3},
                     index=pd.Index([0.05, 0.2, 0.5], name="threshold probability"))


def test_one_panel_per_setting_with_every_strategy_per_100_patients():
    fig = plots.decision_curves({"clinic": TABLE, "screening": TABLE / 10}, marks=(0.2,))
    clinic, screening = fig.axes
    assert [clinic.get_title(), screening.get_title()] == ["clinic", "screening"]
    assert [line.get_label() for line in clinic.lines[:3]] == ["model", "treat all", "treat none"]
    assert clinic.lines[0].get_ydata().tolist() == pytest.approx([30, 25, 10])
    assert clinic.lines[3].get_xdata()[0] == 0.2  # the marked threshold
    assert clinic.get_ylim() == pytest.approx((-0.25 * 35, 1.1 * 35))  # treat all's plunge is cut
    assert clinic.get_xscale() == "log"
    assert [label.get_text() for label in clinic.get_xticklabels()] == ["5%", "10%", "20%", "50%"]
    assert "per 100 patients" in clinic.get_ylabel()


def test_the_top_axis_reads_each_threshold_as_a_harm_ratio():
    fig = plots.decision_curves({"clinic": TABLE})
    (harm,) = fig.axes[0].child_axes
    assert [label.get_text() for label in harm.get_xticklabels()] == ["19", "9", "4", "1"]
    assert "missed cancer" in harm.get_xlabel()
