"""course_utils.plots.survival: each helper draws what its docstring promises."""

import numpy as np
import pandas as pd

from course_utils import plots


def test_censoring_timelines_marks_events_and_censoring():
    ax = plots.censoring_timelines([100, 250, 400], [1, 0, 1])
    offsets = [collection.get_offsets() for collection in ax.collections[1:]]
    assert [len(points) for points in offsets] == [2, 1]
    assert len(ax.get_yticks()) == 3


def test_kaplan_meier_by_group_draws_one_curve_per_group():
    rng = np.random.default_rng(0)
    groups = np.repeat(["a", "b"], 30)
    ax = plots.kaplan_meier_by_group(rng.exponential(100, 60), rng.integers(0, 2, 60), groups)
    assert len(ax.get_lines()) == 2
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["a (n=30)", "b (n=30)"]


def test_survival_curves_and_interval_comparison():
    ax = plots.survival_curves([0, 1, 2], [[1, 0.9, 0.8], [1, 0.5, 0.2]], ["low", "high"])
    assert len(ax.get_lines()) == 2
    results = pd.DataFrame({"estimate": [0.67, 0.68], "low": [0.6, 0.62], "high": [0.72, 0.74]},
                           index=["Cox", "network"])
    ax = plots.interval_comparison(results)
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Cox", "network"]



def test_kaplan_meier_prints_the_numbers_at_risk_under_each_day_in_the_groups_colours():
    ax = plots.kaplan_meier_by_group([1, 2, 3, 5, 7, 9], [1, 1, 1, 0, 1, 0], list("aabbba"),
                                     at_risk_days=[0, 3, 6])
    counts = [(text.get_position()[0], text.get_text(), text.get_color()) for text in ax.texts
              if text.get_text().isdigit()]
    colours = [line.get_color() for line in ax.get_lines()]
    # a: followed 1, 2, 9; b: 3, 5, 7
    assert counts == [(0, "3", colours[0]), (3, "1", colours[0]), (6, "1", colours[0]),
                      (0, "3", colours[1]), (3, "3", colours[1]), (6, "1", colours[1])]
    assert list(ax.get_xticks()) == [0, 3, 6]
    assert len(set(colours)) == 2 and len({line.get_linestyle() for line in ax.get_lines()}) == 2


def test_survival_calibration_draws_each_model_against_the_diagonal():
    table = pd.DataFrame({"predicted": [0.3, 0.6, 0.9], "observed": [0.35, 0.5, 0.88],
                          "low": [0.2, 0.4, 0.8], "high": [0.5, 0.6, 0.95]})
    ax = plots.survival_calibration({"Cox": table, "network": table}, "3 years")
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["perfect calibration", "Cox", "network"]
    assert "3 years" in ax.get_xlabel() and "3 years" in ax.get_title()


def test_log_minus_log_draws_one_curve_per_group_on_a_log_time_axis():
    ax = plots.log_minus_log([1, 2, 3, 5, 7, 9, 4, 6], [1, 1, 1, 0, 1, 1, 1, 1], list("aabbbaab"))
    assert len(ax.get_lines()) == 2 and ax.get_xscale() == "log"
