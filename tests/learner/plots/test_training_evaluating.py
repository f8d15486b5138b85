"""The plot helpers of 06-08 draw what they promise (Agg backend)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils import plots  # noqa: E402

TRUTH = np.array([0, 0, 1, 1, 0, 1, 0, 1])
PROB = np.array([0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.7])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_learning_curves_one_panel_per_metric_and_best_epoch():
    logs = {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.6, 0.7], "auc": [0.6, 0.8, 0.9]}
    axes = plots.learning_curves(logs, metrics=("loss", "auc"))
    assert len(axes) == 2
    assert "epoch 2" in axes[0].get_legend_handles_labels()[1][-1]
    assert len(axes[1].lines) == 1  # no validation AUC logged


def test_confusion_matrix_cells():
    ax = plots.confusion_matrix(TRUTH, (PROB >= 0.5).astype(int))
    texts = [text.get_text() for text in ax.texts]
    assert texts == ["3", "1", "1", "3"]  # tn, fp / fn, tp


def test_roc_pr_and_calibration_one_line_per_model():
    fig = plots.roc_pr_curves(TRUTH, {"a": PROB, "b": 1 - PROB})
    assert [len(ax.lines) for ax in fig.axes] == [3, 3]
    ax = plots.calibration_curves(TRUTH, {"a": PROB}, n_bins=2)
    assert len(ax.lines) == 2


def test_predicted_vs_actual_one_scatter_per_model():
    ax = plots.predicted_vs_actual([1.0, 2.0, 3.0], {"a": [1.1, 2.0, 2.7], "b": [2.0, 2.0, 2.0]})
    assert len(ax.collections) == 2 and len(ax.lines) == 1


def test_learning_curves_best_epoch_of_an_error_metric_is_its_minimum():
    logs = {"cross_entropy": [0.5, 0.1, 0.0], "val_cross_entropy": [0.4, 0.2, 0.9]}
    axes = plots.learning_curves(logs, metrics=("cross_entropy",))
    assert "epoch 2" in axes[0].get_legend_handles_labels()[1][-1]
