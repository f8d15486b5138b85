"""course_utils.plots.training: each helper draws what its docstring promises."""

import pandas as pd

from course_utils import plots


def test_metric_curves_and_gradient_norms_use_given_values():
    ax = plots.metric_curves({"a": [3, 2, 1], "b": [1, 1, 1]}, ylabel="loss", logy=True)
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
    ax = plots.gradient_norms_by_layer({"sigmoid": [1e-6, 1e-3, 1e-1]})
    assert ax.get_yscale() == "log" and list(ax.lines[0].get_ydata()) == [1e-6, 1e-3, 1e-1]


def test_grouped_bars_labels_every_bar_with_its_value():
    table = pd.DataFrame({"accuracy": [0.5, 0.98], "sensitivity": [0.0, 0.0]},
                         index=pd.Index(["50%", "2%"], name="prevalence"))
    ax = plots.grouped_bars(table, ylabel="value")
    heights = [bar.get_height() for bars in ax.containers for bar in bars]
    assert heights == [0.5, 0.98, 0.0, 0.0]
    assert [text.get_text() for text in ax.texts] == ["0.50", "0.98", "0.00", "0.00"]
    assert ax.get_xlabel() == "prevalence"


def test_learning_curves_one_panel_per_metric_and_best_epoch():
    logs = {"loss": [1.0, 0.5, 0.3], "val_loss": [1.1, 0.6, 0.7], "auc": [0.6, 0.8, 0.9]}
    axes = plots.learning_curves(logs, metrics=("loss", "auc"))
    assert len(axes) == 2
    assert "epoch 2" in axes[0].get_legend_handles_labels()[1][-1]
    assert len(axes[1].lines) == 1  # no validation AUC logged


def test_predicted_vs_actual_one_scatter_per_model():
    ax = plots.predicted_vs_actual([1.0, 2.0, 3.0], {"a": [1.1, 2.0, 2.7], "b": [2.0, 2.0, 2.0]})
    assert len(ax.collections) == 2 and len(ax.lines) == 1


def test_learning_curves_best_epoch_of_an_error_metric_is_its_minimum():
    logs = {"cross_entropy": [0.5, 0.1, 0.0], "val_cross_entropy": [0.4, 0.2, 0.9]}
    axes = plots.learning_curves(logs, metrics=("cross_entropy",))
    assert "epoch 2" in axes[0].get_legend_handles_labels()[1][-1]



def test_axes_name_metrics_in_words_never_as_raw_keras_keys():
    assert plots.training.metric_label("val_auc") == "validation AUC"
    assert plots.training.metric_label("rmse") == "RMSE"
    assert plots.training.metric_label("val_cross_entropy") == "validation cross entropy"
    axes = plots.learning_curves({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "rmse": [3.0, 2.0]},
                                 metrics=("loss", "rmse"), labels={"loss": "mean squared error (points²)"},
                                 title="Progression network")
    assert [ax.get_ylabel() for ax in axes] == ["mean squared error (points²)", "RMSE"]
    assert axes[0].figure.get_suptitle() == "Progression network"


def test_predicted_vs_actual_and_metric_curves_label_their_axes():
    ax = plots.predicted_vs_actual([1.0, 2.0], {"a": [1.0, 2.0]}, quantity="progression score")
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("observed progression score", "predicted progression score")
    ax = plots.metric_curves({"PPV": [0.1, 0.9]}, "PPV", xlabel="prevalence", x=[0.01, 0.5], logx=True)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "linear"


def test_curves_with_range_draws_the_mean_and_the_range_of_each_curve():
    values = [[1.0, 3.0], [0.5, 0.7]]  # two x values, two repeats
    ax = plots.curves_with_range({"validation": values}, x=[20, 40], xlabel="patients", ylabel="loss",
                                 title="t", logx=True)
    assert list(ax.lines[0].get_ydata()) == [2.0, 0.6] and ax.get_xscale() == "log"
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == 0.5 and band.max() == 3.0 and ax.get_title() == "t"
    assert ax.get_legend().get_texts()[1].get_text() == "validation: range over 2 repeats"
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["20", "40"]
    assert not ax.get_xticks(minor=True).size
