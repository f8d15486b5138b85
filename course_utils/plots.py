"""Plot helpers: one short function per kind of figure, so notebooks hold no plotting boilerplate.

Each function draws on a new figure (or on ``ax`` when given) and returns the matplotlib Axes or
Figure. The docstring names the notebook that introduces it.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def _axes(ax=None, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


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


def capacity_curve(results: pd.DataFrame, metric: str = "val_auc", ax=None):
    """Validation score against the number of parameters, one line per network depth.

    Introduced in ``04_building``.

    Args:
        results: one row per model with columns ``params``, ``depth`` and ``metric``.
        metric: the column plotted on the y axis.
    """
    ax = _axes(ax)
    for depth, group in results.sort_values("params").groupby("depth"):
        ax.plot(group["params"], group[metric], marker="o", label=f"{depth} hidden layer(s)")
    ax.set_xscale("log")
    ax.set_xlabel("trainable parameters (log scale)")
    ax.set_ylabel(metric.replace("_", " "))
    ax.legend()
    return ax
