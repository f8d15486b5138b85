"""course_utils.plots.evaluation: each helper draws what its docstring promises."""

import numpy as np
import pandas as pd

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

