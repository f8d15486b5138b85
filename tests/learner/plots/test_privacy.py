"""course_utils.plots.privacy: each helper draws what its docstring promises."""

import numpy as np
import pandas as pd
import pytest

from course_utils import plots


def test_class_size_shares_one_bar_per_stage_and_bin():
    ax = plots.class_size_shares({"raw": [1, 1, 1], "released": [3, 3, 3]})
    heights = [patch.get_height() for patch in ax.patches]
    assert len(heights) == 10
    assert heights[0] == 1.0 and heights[5 + 1] == 1.0  # raw: all size 1; released: all in 2-4


def test_membership_losses_on_a_log_axis():
    ax = plots.membership_losses([0.01, 0.02, 0.5], [0.3, 1.2, 2.0, 0.05])
    assert ax.get_xscale() == "log" and len(ax.patches) > 0


def test_privacy_tradeoff_puts_epsilon_on_a_log_axis_with_the_range_of_runs():
    runs = pd.DataFrame({"epsilon": [np.inf, np.inf, 2.0, 2.0, 2.0, 8.0, 8.0, 8.0],
                         "held_out_auc": [0.66, 0.64, 0.60, 0.63, 0.57, 0.65, 0.61, 0.62]})
    ax = plots.privacy_tradeoff(runs, references={"logistic regression": 0.7})
    assert ax.get_xscale() == "log" and "ε" in ax.get_xlabel()
    assert [label.get_text() for label in ax.get_xticklabels()] == ["2", "8"]  # each run's epsilon, plainly
    points = ax.containers[0]  # the error bars of the private runs: mean, from min to max
    np.testing.assert_allclose(points.lines[0].get_ydata().astype(float), [0.6, 0.6266667], rtol=1e-6)
    np.testing.assert_allclose(points.lines[0].get_xdata().astype(float), [2.0, 8.0])
    lows_highs = points.lines[2][0].get_segments()
    np.testing.assert_allclose([segment[:, 1] for segment in lows_highs], [[0.57, 0.63], [0.61, 0.65]])
    horizontal = [line.get_ydata()[0] for line in ax.get_lines()[3:]]  # after the mean line and 2 caps
    assert horizontal == [0.65, 0.7, 0.5]  # no DP (mean of its runs), the reference, chance
    labels = ax.get_legend_handles_labels()[1]
    assert labels[-1] == "DP-SGD: mean and range of 3 runs" and "logistic regression" in labels


def test_privacy_tradeoff_refuses_a_table_without_epsilon():
    with pytest.raises(ValueError, match="runs needs at least one row and the columns 'epsilon'"):
        plots.privacy_tradeoff(pd.DataFrame({"held_out_auc": [0.6]}))
