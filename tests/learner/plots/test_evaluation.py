"""course_utils.plots.evaluation: each helper draws what its docstring promises."""

import numpy as np
import pandas as pd
import pytest

from course_utils import plots

TRUTH = np.array([0, 0, 1, 1, 0, 1, 0, 1])
PROB = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.7])


def test_feature_by_class_draws_one_histogram_per_class():
    X = pd.DataFrame({"mean_radius": np.r_[np.full(20, 10.0), np.full(10, 20.0)]})
    y = np.r_[np.zeros(20), np.ones(10)].astype(int)
    ax = plots.feature_by_class(X, y, "mean_radius")
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["benign", "malignant"]
    assert ax.get_xlabel() == "mean radius" and ax.get_ylabel() == "patients"
    assert len(ax.collections) == 2  # one step outline per class


def test_confusion_matrix_cells():
    ax = plots.confusion_matrix(TRUTH, (PROB >= 0.5).astype(int))
    texts = [text.get_text() for text in ax.texts]
    assert texts == ["3", "1", "1", "3"]  # tn, fp / fn, tp


def test_roc_pr_and_calibration_one_line_per_model():
    fig = plots.roc_pr_curves(TRUTH, {"a": PROB, "b": 1 - PROB})
    assert [len(ax.lines) for ax in fig.axes] == [3, 3]
    ax = plots.calibration_curves(TRUTH, {"a": PROB}, n_bins=2)
    assert len(ax.lines) == 2



def test_split_differences_draws_each_split_the_interval_and_the_single_split():
    from course_utils.compare import Difference

    comparison = Difference("the network", "logistic regression", "AUC", True, 0.001, -0.002, 0.004,
                            n_splits=4, wins=2)
    ax = plots.split_differences([0.003, -0.001, 0.002, 0.0], comparison, single=-0.0003, title="20 splits")
    assert ax.get_title() == "20 splits"
    assert len(ax.collections[0].get_offsets()) == 4
    assert ax.collections[-1].get_offsets()[0][0] == pytest.approx(-0.0003)
    (bar,) = ax.containers[0].lines[2][0].get_segments()
    assert bar[:, 0] == pytest.approx([-0.002, 0.004])
    assert ax.get_xlabel() == "the network minus logistic regression: AUC"


def test_paired_resamples_plots_every_resample_and_three_intervals():
    scores = np.column_stack([np.linspace(0.90, 0.99, 50), np.linspace(0.89, 0.98, 50)])
    fig = plots.paired_resamples(scores, "the network", "logistic regression")
    left, right = fig.axes
    assert len(left.collections[0].get_offsets()) == 50
    assert [label.get_text() for label in right.get_yticklabels()] == [
        "the network", "logistic regression", "the network\nminus logistic regression"]
    (difference_bar,) = right.containers[2].lines[2][0].get_segments()
    assert difference_bar[:, 0] == pytest.approx([0, 0])  # the same gap on every resample: no width
    (network_bar,) = right.containers[0].lines[2][0].get_segments()
    width = np.ptp(np.percentile(scores[:, 0], [2.5, 97.5]))
    assert network_bar[1, 0] - network_bar[0, 0] == pytest.approx(width)


def test_repeated_scores_draws_every_split_the_corrected_interval_and_the_marked_split():
    from matplotlib.collections import LineCollection
    from scipy import stats

    scores = pd.DataFrame({"network": [0.6, 0.7, 0.8, 0.75], "baseline": [0.65, 0.7, 0.7, 0.7]})
    ax = plots.repeated_scores(scores, "AUC", test_to_train=0.25, marked={"baseline": 0.55}, reference=0.5,
                               title="4 splits")
    assert ax.get_title() == "4 splits"
    # network: mean 0.7125, sample variance 0.021875 / 3 inflated by (1/4 + 1/4), t with 3 degrees of freedom
    half = stats.t.ppf(0.975, 3) * np.sqrt(0.5 * 0.021875 / 3)
    intervals = [c.get_segments()[0][:, 0] for c in ax.collections if isinstance(c, LineCollection)]
    assert intervals[0] == pytest.approx([0.7125 - half, 0.7125 + half], abs=1e-9)
    assert len(intervals) == 2 and intervals[1].mean() == pytest.approx(0.6875)
    dots = [c.get_offsets() for c in ax.collections if not isinstance(c, LineCollection)]
    assert sorted(dots[0][:, 0].tolist()) == [0.6, 0.7, 0.75, 0.8]
    assert dots[-1].tolist()[0][0] == 0.55 and dots[-1].tolist()[0][1] < dots[1][:, 1].min()  # under its row
    assert [tick.get_text() for tick in ax.get_yticklabels()] == ["network", "baseline"]
    assert sorted(text.get_text() for text in ax.get_legend().get_texts()) == [
        "mean and 95% corrected interval", "one split", "the one split studied above"]
    assert ax.get_xlabel() == "AUC" and ax.lines[-1].get_xdata()[0] == 0.5


def test_split_differences_panels_draw_one_comparison_per_panel():
    from course_utils import compare

    scores = pd.DataFrame({"a": [0.70, 0.72, 0.69, 0.74], "b": [0.68, 0.71, 0.70, 0.70], "c": [0.6] * 4})
    comparisons = [compare.over_splits(scores, "AUC", "a", "b"), compare.over_splits(scores, "AUC", "a", "c")]
    fig = plots.split_differences_panels(scores, comparisons, singles={1: 0.1}, title="two comparisons")
    assert len(fig.axes) == 2 and fig._suptitle.get_text() == "two comparisons"
    assert [ax.get_xlabel() for ax in fig.axes] == ["a minus b: AUC", "a minus c: AUC"]
    first, second = fig.axes
    assert len(second.collections) == len(first.collections) + 1  # the studied split: 2nd panel only
    np.testing.assert_allclose(np.sort(first.collections[0].get_offsets()[:, 0]), [-0.01, 0.01, 0.02, 0.04])
