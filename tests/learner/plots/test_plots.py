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


def test_digit_grid_titles_wrong_predictions_in_red():
    images = np.zeros((3, 784))
    fig = plots.digit_grid(images, labels=[1, 2, 3], predicted=[1, 7, 3], n=3)
    titles = [ax.title for ax in fig.axes]
    assert [t.get_text() for t in titles] == ["true 1\npred 1", "true 2\npred 7", "true 3\npred 3"]
    assert [t.get_color() for t in titles] == ["black", "crimson", "black"]


def test_capacity_curve_draws_one_line_per_depth_on_a_log_axis():
    results = pd.DataFrame({"depth": [1, 1, 3, 3], "params": [65, 513, 77, 1057],
                            "val_auc": [0.9, 0.95, 0.92, 0.96]})
    ax = plots.capacity_curve(results)
    assert len(ax.lines) == 2 and ax.get_xscale() == "log"
    assert list(ax.lines[0].get_xdata()) == [65, 513]


def test_optimizer_paths_draws_each_path_and_the_minimum():
    paths = {"SGD": np.array([[-4.0, 1.0], [-3.0, -0.5], [0.0, 0.0]]),
             "Adam": np.array([[-4.0, 1.0], [-3.5, 0.5]])}
    ax = plots.optimizer_paths(lambda w: w[0] ** 2 + w[1] ** 2, paths)
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["SGD", "Adam", "minimum"]
    assert list(ax.lines[0].get_xdata()) == [-4.0, -3.0, 0.0]


def test_grouped_bars_labels_every_bar_with_its_value():
    table = pd.DataFrame({"accuracy": [0.5, 0.98], "sensitivity": [0.0, 0.0]},
                         index=pd.Index(["50%", "2%"], name="prevalence"))
    ax = plots.grouped_bars(table, ylabel="value")
    heights = [bar.get_height() for bars in ax.containers for bar in bars]
    assert heights == [0.5, 0.98, 0.0, 0.0]
    assert [text.get_text() for text in ax.texts] == ["0.50", "0.98", "0.00", "0.00"]
    assert ax.get_xlabel() == "prevalence"


def test_missingness_map_shows_only_columns_with_gaps_and_their_share():
    frame = pd.DataFrame({"age": [50, 60, 70, 80], "hba1c": [np.nan, 6.0, np.nan, 7.0],
                          "code": ["b", "a", "b", "a"]})
    ax = plots.missingness_map(frame, sort_by="code")
    assert [label.get_text() for label in ax.get_xticklabels()] == ["hba1c\n50%"]
    image = ax.images[0].get_array()
    assert image.tolist() == [[False], [False], [True], [True]]  # sorted: the two 'a' rows first
    assert "sorted by code" in ax.get_ylabel()


def test_values_by_group_draws_one_histogram_per_group():
    units = ["mmol/L", "mmol/L", "mg/dL", "mg/dL", "mg/dL"]
    ax = plots.values_by_group([5.0, 6.0, 100.0, 110.0, 120.0], units, "glucose")
    assert ax.get_xlabel() == "glucose" and ax.get_ylabel() == "patients"
    assert sorted(text.get_text() for text in ax.get_legend().get_texts()) == ["mg/dL", "mmol/L"]


def test_plausible_ranges_counts_the_implausible_values_per_panel():
    frame = pd.DataFrame({"bmi": [24.0, 245.0, 30.0], "systolic_bp": [0.0, 0.0, 120.0]})
    fig = plots.plausible_ranges(frame, {"bmi": (10, 90), "systolic_bp": (50, 260)})
    assert [ax.get_title() for ax in fig.axes] == ["bmi\n1 implausible", "systolic_bp\n2 implausible"]
