"""course_utils.plots.foundations: each helper draws what its docstring promises."""

import numpy as np

from course_utils import plots


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


def test_descent_steps_one_panel_per_path():
    fig = plots.descent_steps_1d(lambda w: (w - 2) ** 2, {"slow": [0, 0.5, 1], "fast": [0, 2]}, (-1, 5))
    assert len(fig.axes) == 2
    assert list(fig.axes[1].lines[1].get_xdata()) == [0, 2]


def test_digit_grid_titles_wrong_predictions_in_red():
    images = np.zeros((3, 784))
    fig = plots.digit_grid(images, labels=[1, 2, 3], predicted=[1, 7, 3], n=3)
    titles = [ax.title for ax in fig.axes]
    assert [t.get_text() for t in titles] == ["true 1\npred 1", "true 2\npred 7", "true 3\npred 3"]
    assert [t.get_color() for t in titles] == ["black", "crimson", "black"]


def test_optimizer_paths_draws_each_path_and_the_minimum():
    paths = {"SGD": np.array([[-4.0, 1.0], [-3.0, -0.5], [0.0, 0.0]]),
             "Adam": np.array([[-4.0, 1.0], [-3.5, 0.5]])}
    ax = plots.optimizer_paths(lambda w: w[0] ** 2 + w[1] ** 2, paths)
    labels = [line.get_label() for line in ax.lines]
    assert labels == ["SGD", "Adam", "minimum"]
    assert list(ax.lines[0].get_xdata()) == [-4.0, -3.0, 0.0]

