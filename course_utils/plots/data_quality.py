"""Figures for preparing medical data: missingness, distributions by group, plausible ranges (03)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from course_utils.plots._base import new_axes


def missingness_map(frame: pd.DataFrame, sort_by: str | None = None, ax=None):
    """Which values are missing: one row of pixels per patient, one column per variable with gaps.

    Introduced in ``03_preparing_data``. Sorting the patients by another column (e.g. the
    diagnosis) shows missingness that depends on it as blocks instead of speckle.
    """
    ordered = frame.sort_values(sort_by, kind="stable") if sort_by else frame
    gaps = ordered.loc[:, ordered.isna().any()].isna()
    ax = new_axes(ax, figsize=(7, 4))
    ax.imshow(gaps.to_numpy(), aspect="auto", interpolation="nearest", cmap="Greys")
    ax.set_xticks(range(gaps.shape[1]), [f"{c}\n{gaps[c].mean():.0%}" for c in gaps.columns])
    ax.set_ylabel(f"patients{f' (sorted by {sort_by})' if sort_by else ''}")
    ax.set_yticks([])
    ax.grid(False)
    ax.set_title("missing values in black (share missing under each name)", fontsize=10)
    return ax


def values_by_group(values, groups, xlabel: str, ax=None, bins: int = 40):
    """Overlaid histograms of ``values``, one colour per group (e.g. glucose by recorded unit).

    Introduced in ``03_preparing_data``.
    """
    import seaborn as sns

    ax = new_axes(ax)
    table = pd.DataFrame({"value": np.asarray(values, dtype=float), "group": np.asarray(groups)})
    sns.histplot(table, x="value", hue="group", bins=bins, element="step", ax=ax)
    ax.set(xlabel=xlabel, ylabel="patients")
    return ax


def plausible_ranges(frame: pd.DataFrame, ranges: dict):
    """One strip of values per column with its plausible range shaded; points outside it in red.

    Introduced in ``03_preparing_data``.

    Args:
        frame: the table.
        ranges: column -> ``(lowest, highest)`` plausible value.
    """
    fig, axes = plt.subplots(1, len(ranges), figsize=(3.2 * len(ranges), 3.2))
    rng = np.random.default_rng(0)
    for ax, (column, (low, high)) in zip(np.atleast_1d(axes), ranges.items(), strict=True):
        values = frame[column].dropna().to_numpy()
        outside = (values < low) | (values > high)
        jitter = rng.uniform(-0.3, 0.3, len(values))
        ax.axhspan(low, high, color="tab:green", alpha=0.12)
        ax.scatter(jitter[~outside], values[~outside], s=4, color="0.4")
        ax.scatter(jitter[outside], values[outside], s=14, color="crimson")
        ax.set(xticks=[], xlim=(-1, 1), title=f"{column}\n{outside.sum()} implausible")
    fig.tight_layout()
    return fig
