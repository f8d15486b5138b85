"""Smoke tests for the plot helpers of 09_survival and 11_privacy: each draws what it says."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
