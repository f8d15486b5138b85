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

