"""course_utils.plots.privacy: each helper draws what its docstring promises."""

import pandas as pd

from course_utils import plots


def test_class_size_shares_one_bar_per_stage_and_bin():
    ax = plots.class_size_shares({"raw": [1, 1, 1], "released": [3, 3, 3]})
    heights = [patch.get_height() for patch in ax.patches]
    assert len(heights) == 10
    assert heights[0] == 1.0 and heights[5 + 1] == 1.0  # raw: all size 1; released: all in 2-4


def test_membership_losses_and_privacy_tradeoff():
    ax = plots.membership_losses([0.01, 0.02, 0.5], [0.3, 1.2, 2.0, 0.05])
    assert ax.get_xscale() == "log" and len(ax.patches) > 0
    results = pd.DataFrame({"held_out_auc": [0.6, 0.55], "attack_auc": [0.6, 0.5]}, index=["no DP", "σ=1"])
    ax = plots.privacy_tradeoff(results)
    assert [label.get_text() for label in ax.get_xticklabels()] == ["no DP", "σ=1"]

