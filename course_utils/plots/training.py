"""Figures for training and comparing models: learning curves, capacity, grouped results (05, 06, 08)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from course_utils.plots._base import new_axes

# How a metric logged by Keras is named on an axis: in words, never a raw key such as "val_auc".
METRIC_LABELS = {"loss": "loss", "auc": "AUC", "rmse": "RMSE", "mse": "mean squared error",
                 "mae": "mean absolute error", "accuracy": "accuracy", "precision": "precision",
                 "recall": "recall (sensitivity)"}


def metric_label(metric: str) -> str:
    """A Keras metric key in words: ``"val_auc"`` -> ``"validation AUC"``."""
    validation = metric.startswith("val_")
    name = metric.removeprefix("val_")
    words = METRIC_LABELS.get(name, name.replace("_", " "))
    return f"validation {words}" if validation else words


def metric_curves(curves, ylabel, xlabel="epoch", x=None, logy=False, ax=None, logx=False):
    """One line per run, e.g. the validation loss per epoch for each activation.

    Introduced in ``01_concepts``; ``02_forward_backprop`` reuses it.

    Args:
        curves: name -> sequence of values.
        ylabel: what the values are.
        xlabel: what the x axis is.
        x: shared x values; default 1, 2, ... for each curve.
        logy: use a log scale for the values.
        logx: use a log scale for the x axis (e.g. a prevalence from 0.1% to 50%).
    """
    ax = new_axes(ax)
    for name, values in curves.items():
        xs = np.arange(1, len(values) + 1) if x is None else x
        ax.plot(xs, values, label=name)
    if logy:
        ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def learning_curves(history, metrics=("loss",), axes=None, labels=None, title=None):
    """Training and validation value of each metric per epoch, one panel per metric.

    Introduced in ``06_training``; ``08_overfitting`` reuses it. A dotted line marks the epoch with
    the best validation value (the one EarlyStopping would keep): the highest for AUC, accuracy,
    precision and recall, the lowest for losses and errors.

    Args:
        history: a Keras ``History`` (from ``model.fit``) or its ``.history`` dict.
        metrics: names logged by ``fit``, e.g. ``("loss", "auc")``.
        axes: one Axes per metric, or None for a new figure.
        labels: metric -> y-axis label in words with units, e.g. ``{"rmse": "RMSE (score points)"}``;
            others are named by :func:`metric_label`.
        title: the figure's title.
    """
    logs = getattr(history, "history", history)
    if axes is None:
        _, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.6), squeeze=False)
        axes = axes[0]
    for ax, metric in zip(np.atleast_1d(axes), metrics, strict=True):
        epochs = np.arange(1, len(logs[metric]) + 1)
        ax.plot(epochs, logs[metric], label="training")
        if f"val_{metric}" in logs:
            validation = np.asarray(logs[f"val_{metric}"])
            ax.plot(epochs, validation, label="validation")
            higher_is_better = any(name in metric for name in ("auc", "accuracy", "precision", "recall"))
            best = np.argmax(validation) if higher_is_better else np.argmin(validation)
            ax.axvline(best + 1, linestyle=":", color="grey", label=f"best validation (epoch {best + 1})")
        ax.set_xlabel("epoch")
        ax.set_ylabel((labels or {}).get(metric, metric_label(metric)))
        ax.legend(fontsize=8)
    if title:
        np.atleast_1d(axes)[0].figure.suptitle(title)
    return axes


def grouped_bars(table: pd.DataFrame, ylabel: str, ax=None):
    """One group of bars per row of ``table``, one bar per column (values labelled on the bars).

    Introduced in ``05_compiling`` (accuracy vs sensitivity at each prevalence).
    """
    ax = new_axes(ax)
    table.plot.bar(ax=ax, rot=0, width=0.75)
    for bars in ax.containers:
        ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(table.index.name or "")
    return ax


def predicted_vs_actual(y_true, predictions, ax=None, quantity="value"):
    """Predicted against observed values, one colour per model, with the identity line.

    Introduced in ``06_training`` for the diabetes progression score.

    Args:
        y_true: observed values.
        predictions: model name -> predicted values for the same patients.
        quantity: what the values are, with units, for the axis labels.
    """
    ax = new_axes(ax, figsize=(5, 4.5))
    y_true = np.asarray(y_true, dtype=float)
    for name, predicted in predictions.items():
        ax.scatter(y_true, np.ravel(predicted), s=16, alpha=0.6, label=name)
    low, high = y_true.min(), y_true.max()
    ax.plot([low, high], [low, high], linestyle="--", color="grey", label="perfect prediction")
    ax.set(xlabel=f"observed {quantity}", ylabel=f"predicted {quantity}")
    ax.legend(fontsize=8)
    return ax


def curves_with_range(curves, x, xlabel: str, ylabel: str, title: str | None = None, logx: bool = False,
                      ax=None):
    """Each curve's mean over repeats (line with dots) and its range (band), against any x.

    Introduced in ``08_overfitting`` (cross-entropy against the number of training patients, over 20
    cohorts). The legend sits below the axes, off the data.

    Args:
        curves: name -> array ``(len(x), repeats)``.
        x: the shared x values, e.g. training-set sizes.
    """
    ax = new_axes(ax, figsize=(6.5, 4.2))
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        line, = ax.plot(x, values.mean(axis=1), marker="o", label=f"{name}: mean")
        ax.fill_between(x, values.min(axis=1), values.max(axis=1), alpha=0.2, color=line.get_color(),
                        label=f"{name}: range over {values.shape[1]} repeats")
    if logx:
        ax.set_xscale("log")
    ax.set_xticks(list(x), [f"{value:g}" for value in x], minor=False)
    ax.minorticks_off()  # a tick at each x value, and no others to collide with them
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize="small", frameon=False, ncol=2)
    return ax
