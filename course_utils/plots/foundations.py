"""Figures for the foundations: neurons, activations, gradients, optimisers, digits (01, 02, 04, 05)."""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from course_utils.plots._base import new_axes


def digit_grid(images, labels, predicted=None, n: int = 10):
    """The first ``n`` images in one row, titled with the true (and predicted) digit.

    Introduced in ``04_building``. Wrong predictions get a red title.

    Args:
        images: array of shape ``(N, 28, 28)`` or ``(N, 784)``.
        labels: true digits, length N.
        predicted: predicted digits, length N, or None.
        n: how many images to show.
    """
    images = np.asarray(images)[:n].reshape(-1, 28, 28)
    fig, axes = plt.subplots(1, len(images), figsize=(1.3 * len(images), 1.8))
    for index, ax in enumerate(np.atleast_1d(axes)):
        ax.imshow(images[index], cmap="gray_r")
        ax.axis("off")
        title = f"true {labels[index]}"
        wrong = predicted is not None and predicted[index] != labels[index]
        if predicted is not None:
            title += f"\npred {predicted[index]}"
        ax.set_title(title, fontsize=9, color="crimson" if wrong else "black")
    fig.tight_layout()
    return fig


def neuron_boundaries(X, y, boundaries, feature_names=("feature 1", "feature 2"),
                      class_names=("benign", "malignant"), title=None, ax=None):
    """Patients on two features, with the line where one neuron's output is 0.5 for several (w, b).

    Introduced in ``01_concepts``: the weights turn the line, the bias shifts it. The legend sits
    right of the axes, off the patients.

    Args:
        X: array ``(N, 2)`` of the two features.
        y: 0/1 labels, length N.
        boundaries: label -> ``(weights, bias)`` with ``weights`` of length 2.
        feature_names: axis labels.
        class_names: legend names of labels 0 and 1.
        title: the figure's title.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    ax = new_axes(ax, figsize=(6, 5))
    for label, name, marker in zip((0, 1), class_names, ("o", "^"), strict=True):
        ax.scatter(*X[y == label].T, s=14, alpha=0.5, marker=marker, label=name)
    xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 50)
    for index, (label, (weights, bias)) in enumerate(boundaries.items(), start=2):
        w1, w2 = weights
        if w2 == 0:
            ax.axvline(-bias / w1, color=f"C{index}", label=label)
        else:
            ax.plot(xs, -(w1 * xs + bias) / w2, color=f"C{index}", linewidth=2, label=label)
    ax.set_ylim(X[:, 1].min(), X[:, 1].max())
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    if title:
        ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)
    return ax


def activation_panels(z, curves, title=None):
    """Each activation (left panel) and its derivative (right panel) against ``z``.

    Introduced in ``01_concepts``. One legend, below the panels.

    Args:
        z: the x values.
        curves: name -> ``(values, derivatives)``, arrays the length of ``z``.
        title: the figure's title.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for name, (values, derivatives) in curves.items():
        style = "--" if "softmax" in name else "-"
        left.plot(z, values, style, label=name)
        right.plot(z, derivatives, style, label=name)
    left.set(title="activation g(z)", ylabel="output g(z)")
    right.set(title="derivative g'(z)", ylabel="slope g'(z)")
    for ax in (left, right):
        ax.set_xlabel("z = w·x + b (the neuron's weighted sum)")
    return _legend_below(fig, [left], title, ncol=len(curves))


def _legend_below(fig, axes, title, ncol, room=0.1):
    """``fig`` with ``title`` on top and one legend (each label once) below the panels, off the data."""
    entries = {label: handle for ax in axes for handle, label in zip(*ax.get_legend_handles_labels(),
                                                                     strict=True)}
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, room, 1, 1))
    fig.legend(entries.values(), entries.keys(), loc="lower center", ncol=ncol, fontsize=9, frameon=False)
    return fig


def gradient_norms_by_layer(norms, title=None, ax=None):
    """The size of each layer's weight gradient (log scale), one line per network.

    Introduced in ``01_concepts`` to make vanishing gradients visible. With several repeats per
    network (e.g. random starts) the line is their median and the band their range.

    Args:
        norms: network name -> gradient norms, the layer nearest the input first: a sequence, or an
            array ``(repeats, layers)``.
        title: the figure's title.
    """
    ax = new_axes(ax)
    for name, values in norms.items():
        values = np.atleast_2d(np.asarray(values, dtype=float))
        layers = np.arange(1, values.shape[1] + 1)
        line, = ax.semilogy(layers, np.median(values, axis=0), marker="o", label=name)
        if len(values) > 1:
            ax.fill_between(layers, values.min(axis=0), values.max(axis=0), alpha=0.2, color=line.get_color())
    ax.set_xlabel("hidden layer (1 = nearest the patient's measurements)")
    ax.set_ylabel("size of the weight gradient (log scale)")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)
    return ax


def repeated_curves(runs, panels, references=None, title=None):
    """Per epoch, the mean over repeated runs (line) and their range (band), one colour per setting.

    Introduced in ``01_concepts`` (activations trained on 10 splits), one panel per quantity.

    Args:
        runs: setting name -> quantity -> array ``(epochs + 1, repeats)``, row 0 before training.
        panels: quantity -> its y-axis label, in panel order.
        references: quantity -> ``(value, label)``: a dashed horizontal line, e.g. a baseline's loss.
        title: the figure's title.
    """
    fig, axes = plt.subplots(1, len(panels), figsize=(4.6 * len(panels), 3.8), squeeze=False)
    for ax, (quantity, label) in zip(axes[0], panels.items(), strict=True):
        for name, curves in runs.items():
            values = np.asarray(curves[quantity], dtype=float)
            epochs = np.arange(len(values))
            line, = ax.plot(epochs, values.mean(axis=1), label=f"{name} (mean)")
            ax.fill_between(epochs, values.min(axis=1), values.max(axis=1), alpha=0.2, color=line.get_color(),
                            label=f"{name} (range)")
        if quantity in (references or {}):
            value, reference = references[quantity]
            ax.axhline(value, linestyle="--", color="black", linewidth=1, label=reference)
        ax.set(xlabel="epochs trained", ylabel=label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _legend_below(fig, axes[0], title, ncol=4, room=0.16)


def descent_steps_1d(loss_fn, paths, w_range, title=None):
    """Gradient-descent steps on a one-dimensional loss, one panel per run (e.g. learning rate).

    Introduced in ``02_forward_backprop``. Steps are drawn while they stay inside ``w_range``; the
    title of a run that leaves it says at which step.

    Args:
        loss_fn: vectorised loss ``L(w)``.
        paths: title -> the sequence of ``w`` values visited.
        w_range: ``(low, high)`` of the x axis.
        title: the figure's title.
    """
    w = np.linspace(*w_range, 200)
    fig, axes = plt.subplots(1, len(paths), figsize=(4 * len(paths), 3.4), sharey=True)
    for ax, (name, path) in zip(np.atleast_1d(axes), paths.items(), strict=True):
        path = np.asarray(path, dtype=float)
        outside = np.flatnonzero((path < w_range[0]) | (path > w_range[1]))
        shown = path[:outside[0]] if outside.size else path
        ax.plot(w, loss_fn(w), color="0.6")
        ax.plot(shown, loss_fn(shown), marker="o", markersize=4, color="crimson")
        note = f"\n(step {outside[0]} leaves the plot: w = {path[outside[0]]:.3g})" if outside.size else ""
        ax.set_xlim(*w_range)
        ax.set_ylim(0, loss_fn(w).max())
        ax.set_title(name + note, fontsize=10)
        ax.set_xlabel("weight w")
    np.atleast_1d(axes)[0].set_ylabel("loss L(w)")
    if title:
        fig.suptitle(title)
    fig.tight_layout(w_pad=2.5)
    return fig


def optimizer_paths(loss_fn, paths, w1_range=(-5, 5), w2_range=(-2, 2), ax=None):
    """Contours of a two-dimensional loss with each optimizer's path drawn on top.

    Introduced in ``05_compiling``.

    Args:
        loss_fn: vectorised loss of ``(w1, w2)`` grids, e.g. ``course_utils.optim.ravine_loss``.
        paths: optimizer name -> array of shape ``(steps + 1, 2)`` of visited weights.
        w1_range, w2_range: the axes' limits.
    """
    ax = new_axes(ax, figsize=(8, 4))
    w1, w2 = np.meshgrid(np.linspace(*w1_range, 200), np.linspace(*w2_range, 120))
    ax.contour(w1, w2, loss_fn(np.stack([w1, w2])), levels=15, colors="0.75", linewidths=0.8)
    for name, path in paths.items():
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], marker="o", markersize=3, linewidth=1.2, label=name)
    ax.plot(0, 0, marker="*", markersize=14, color="black", linestyle="none", label="minimum")
    ax.set(xlim=w1_range, ylim=w2_range, xlabel="weight $w_1$", ylabel="weight $w_2$")
    ax.legend(loc="upper right", fontsize=9)
    return ax
