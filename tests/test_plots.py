"""Plot helpers draw what their docstrings promise."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from course_utils import plots  # noqa: E402


def test_feature_by_class_draws_one_histogram_per_class():
    X = pd.DataFrame({"mean_radius": np.r_[np.full(20, 10.0), np.full(10, 20.0)]})
    y = np.r_[np.zeros(20), np.ones(10)].astype(int)
    ax = plots.feature_by_class(X, y, "mean_radius")
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["benign", "malignant"]
    assert ax.get_xlabel() == "mean radius" and ax.get_ylabel() == "patients"
    assert len(ax.collections) == 2  # one step outline per class
