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



def test_repeated_curves_draw_the_mean_and_the_range_of_each_setting():
    runs = {"tanh": {"loss": np.array([[0.7, 0.9], [0.2, 0.4], [0.1, 0.1]]), "auc": np.ones((3, 2))}}
    fig = plots.repeated_curves(runs, {"loss": "training loss", "auc": "validation AUC"},
                                references={"loss": (0.66, "base rate")}, title="three epochs")
    loss_panel = fig.axes[0]
    assert list(loss_panel.lines[0].get_xdata()) == [0, 1, 2]
    assert np.allclose(loss_panel.lines[0].get_ydata(), [0.8, 0.3, 0.1])
    band = loss_panel.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == 0.1 and band.max() == 0.9
    assert loss_panel.lines[1].get_ydata()[0] == 0.66 and len(fig.axes[1].lines) == 1
    assert fig.get_suptitle() == "three epochs" and loss_panel.get_ylabel() == "training loss"
    labels = [text.get_text() for text in fig.legends[0].get_texts()]
    assert labels == ["tanh (mean)", "tanh (range)", "base rate"]


def test_gradient_norms_by_layer_draws_the_median_and_range_of_repeats():
    norms = np.array([[1e-6, 1e-2], [1e-4, 1e-1], [1e-5, 1e-3]])
    ax = plots.gradient_norms_by_layer({"sigmoid": norms}, title="ten starts")
    assert np.allclose(ax.lines[0].get_ydata(), [1e-5, 1e-2]) and ax.get_title() == "ten starts"
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert np.isclose(band.min(), 1e-6) and np.isclose(band.max(), 1e-1)


def test_descent_steps_stop_at_the_frame_and_say_where_the_path_left():
    fig = plots.descent_steps_1d(lambda w: (w - 2) ** 2, {"diverges": [0, 4.5, -1, 7]}, (-1, 5),
                                 title="steps")
    ax = fig.axes[0]
    assert list(ax.lines[1].get_xdata()) == [0, 4.5, -1]
    assert ax.get_title() == "diverges\n(step 3 leaves the plot: w = 7)" and fig.get_suptitle() == "steps"


def test_activation_panels_and_neuron_boundaries_keep_legends_off_the_data():
    z = np.linspace(-2, 2, 5)
    fig = plots.activation_panels(z, {"relu": (np.maximum(z, 0), (z > 0).astype(float))}, title="slopes")
    assert fig.get_suptitle() == "slopes" and len(fig.legends) == 1
    assert all(ax.get_legend() is None for ax in fig.axes)
    ax = plots.neuron_boundaries(np.array([[0.0, 0.0], [1.0, 1.0]]), [0, 1], {"a": ((1.0, 1.0), 0.0)},
                                 title="t")
    assert ax.get_legend().get_bbox_to_anchor().x0 > ax.get_window_extent().x1 and ax.get_title() == "t"
