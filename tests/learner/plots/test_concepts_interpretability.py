"""Plot helpers of 01_concepts, 02_forward_backprop and 10_interpretability draw what they claim."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_neuron_boundaries_draws_points_and_one_line_per_setting():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, -1.0]])
    ax = plots.neuron_boundaries(X, [0, 1, 1], {"a": ((1.0, 1.0), 0.0), "vertical": ((1.0, 0.0), -1.0)})
    assert len(ax.collections) == 2 and len(ax.lines) == 2
    assert np.allclose(ax.lines[1].get_xdata(), 1.0)


def test_activation_panels_has_values_and_derivatives():
    z = np.linspace(-2, 2, 5)
    fig = plots.activation_panels(z, {"relu": (np.maximum(z, 0), (z > 0).astype(float))})
    left, right = fig.axes
    assert np.allclose(left.lines[0].get_ydata(), np.maximum(z, 0))
    assert np.allclose(right.lines[0].get_ydata(), (z > 0).astype(float))


def test_metric_curves_and_gradient_norms_use_given_values():
    ax = plots.metric_curves({"a": [3, 2, 1], "b": [1, 1, 1]}, ylabel="loss", logy=True)
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
    ax = plots.gradient_norms_by_layer({"sigmoid": [1e-6, 1e-3, 1e-1]})
    assert ax.get_yscale() == "log" and list(ax.lines[0].get_ydata()) == [1e-6, 1e-3, 1e-1]


def test_descent_steps_one_panel_per_path():
    fig = plots.descent_steps_1d(lambda w: (w - 2) ** 2, {"slow": [0, 0.5, 1], "fast": [0, 2]}, (-1, 5))
    assert len(fig.axes) == 2
    assert list(fig.axes[1].lines[1].get_xdata()) == [0, 2]


def test_importance_bars_highlights_and_limits():
    table = pd.DataFrame({"feature": ["a", "b", "c"], "importance_mean": [0.3, 0.2, 0.1],
                          "importance_std": [0.01, 0.02, 0.03]})
    ax = plots.importance_bars(table, top=2, highlight="a", xlabel="drop")
    assert len(ax.patches) == 2 and ax.get_xlabel() == "drop"
    assert ax.patches[-1].get_facecolor() != ax.patches[0].get_facecolor()


def test_partial_dependence_grid_and_attribution_heatmap():
    curves = {name: (np.arange(3), np.arange(3) * 0.1) for name in ["a", "b", "c", "d"]}
    fig = plots.partial_dependence_grid(curves, ncols=3)
    assert sum(ax.axison for ax in fig.axes) == 4
    table = pd.DataFrame({"m1": [1.0, -2.0], "m2": [0.0, 0.0]}, index=["x", "y"])
    ax = plots.attribution_heatmap(table)
    assert [text.get_text() for text in ax.texts] == ["0.50", "0.00", "-1.00", "0.00"]
