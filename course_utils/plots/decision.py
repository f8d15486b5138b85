"""Figures for clinical decisions: decision curves (07)."""

from collections.abc import Mapping

import matplotlib.pyplot as plt
import pandas as pd

_TICKS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 0.8)
_DEFAULTS = {"treat all": {"color": "grey", "linestyle": "--"},
             "treat none": {"color": "black", "linewidth": 1}}


def decision_curves(tables: Mapping[str, pd.DataFrame], marks=(), per: int = 100):
    """Net benefit against the threshold probability, one panel per setting.

    Introduced in ``07_evaluating``. The bottom axis is the threshold probability ``pt`` (log scale);
    the top axis reads it as a harm ratio: how many false alarms one missed cancer is judged worth,
    ``(1 - pt) / pt``. The y-axis is cut a little below zero: *treat all* plunges far below at high
    thresholds, and a negative net benefit is worse than treating no one, however negative.

    Args:
        tables: panel title -> a :func:`course_utils.decision.decision_curve` table.
        marks: threshold probabilities to mark with dotted vertical lines (the ones the text discusses).
        per: net benefit is drawn per this many patients.
    """
    fig, axes = plt.subplots(1, len(tables), figsize=(6.4 * len(tables), 5), squeeze=False)
    for ax, (title, table) in zip(axes[0], tables.items(), strict=True):
        _panel(ax, table * per, title, marks, per)
    fig.tight_layout()
    return fig


def _panel(ax, table: pd.DataFrame, title: str, marks, per: int):
    for position, (name, values) in enumerate(table.items()):
        ax.plot(table.index, values, label=name, **_DEFAULTS.get(name, {"color": f"C{position}"}))
    for mark in marks:
        ax.axvline(mark, color="grey", linestyle=":", linewidth=1)
    top = float(table.to_numpy().max())
    ax.set_xscale("log")
    ticks = [tick for tick in _TICKS if table.index.min() <= tick <= table.index.max()]
    ax.set_xticks(ticks, [f"{tick * 100:g}%" for tick in ticks])
    ax.minorticks_off()
    ax.set(ylim=(-0.25 * top, 1.1 * top),
           xlabel="threshold probability $p_t$\n(a patient is called positive when her risk is $\\geq p_t$)",
           ylabel=f"net benefit\n(net cancers found per {per} patients)")
    ax.set_title(title, pad=16)
    harm = ax.secondary_xaxis("top")
    harm.set_xticks(ticks, [f"{(1 - tick) / tick:.3g}" for tick in ticks])
    harm.minorticks_off()
    harm.set_xlabel("false alarms one missed cancer is worth, $(1 - p_t) / p_t$")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False, fontsize="small")
