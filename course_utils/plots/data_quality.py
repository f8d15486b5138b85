"""Figures for preparing medical data: missingness, distributions by group, plausible ranges (03)."""

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from course_utils.plots._base import new_axes

# Readable names, with units, of the synthetic EHR cohort's columns (``03_preparing_data``).
COLUMN_LABELS = {
    "age": "age (years)",
    "bmi": "BMI (kg/m²)",
    "systolic_bp": "systolic blood pressure (mmHg)",
    "diastolic_bp": "diastolic blood pressure (mmHg)",
    "glucose": "glucose",
    "cholesterol": "cholesterol (mg/dL)",
    "creatinine": "creatinine (mg/dL)",
    "hba1c": "HbA1c (%)",
    "smoking_status": "smoking status",
}


def label(column: str) -> str:
    """A column's readable name: from :data:`COLUMN_LABELS`, else with underscores as spaces."""
    return COLUMN_LABELS.get(column, column.replace("_", " "))


def missingness_map(frame: pd.DataFrame, sort_by: str | None = None, ax=None):
    """Which values are missing: one row of pixels per patient, one column per variable with gaps.

    Introduced in ``03_preparing_data``. Sorting the patients by another column (e.g. the
    diagnosis) shows missingness that depends on it as blocks instead of speckle.
    """
    ordered = frame.sort_values(sort_by, kind="stable") if sort_by else frame
    gaps = ordered.loc[:, ordered.isna().any()].isna()
    ax = new_axes(ax, figsize=(7, 4))
    ax.imshow(gaps.to_numpy(), aspect="auto", interpolation="nearest", cmap="Greys")
    ticks = [f"{textwrap.fill(label(column).split(' (')[0], 14)}\n{share:.1%}"
             for column, share in gaps.mean().items()]
    ax.set_xticks(range(gaps.shape[1]), ticks, fontsize=9)
    ax.set_xlabel("variable (share of patients with it missing)")
    ax.set_ylabel(f"patients{f' (sorted by {label(sort_by)})' if sort_by else ''}")
    ax.set_yticks([])
    ax.grid(False)
    ax.set_title("Missing values in black, one row per patient", fontsize=10)
    return ax


def values_by_group(values, groups, xlabel: str, ax=None, bins: int = 40, group_name: str = "group"):
    """Overlaid histograms of ``values``, one colour per group (e.g. glucose by recorded unit).

    Introduced in ``03_preparing_data``; ``group_name`` titles the legend.
    """
    import seaborn as sns

    ax = new_axes(ax)
    table = pd.DataFrame({"value": np.asarray(values, dtype=float), group_name: np.asarray(groups)})
    sns.histplot(table, x="value", hue=group_name, bins=bins, element="step", ax=ax)
    ax.set(xlabel=xlabel, ylabel="patients")
    return ax


def plausible_ranges(frame: pd.DataFrame, ranges: dict):
    """One strip of values per column with its plausible range shaded; points outside it in red.

    Introduced in ``03_preparing_data``. Each panel's axis names the column with its unit
    (:func:`label`) and its title counts the values outside the range.

    Args:
        frame: the table.
        ranges: column -> ``(lowest, highest)`` plausible value.
    """
    fig, axes = plt.subplots(1, len(ranges), figsize=(3.2 * len(ranges), 3.4))
    rng = np.random.default_rng(0)
    for ax, (column, (low, high)) in zip(np.atleast_1d(axes), ranges.items(), strict=True):
        values = frame[column].dropna().to_numpy()
        outside = (values < low) | (values > high)
        jitter = rng.uniform(-0.3, 0.3, len(values))
        ax.axhspan(low, high, color="tab:green", alpha=0.12)
        ax.scatter(jitter[~outside], values[~outside], s=4, color="0.4")
        ax.scatter(jitter[outside], values[outside], s=14, color="crimson")
        ax.set(xticks=[], xlim=(-1, 1), ylabel=label(column), title=f"{outside.sum()} outside the range")
    fig.suptitle("Recorded values; shaded: the plausible range, red: outside it", fontsize=10)
    fig.tight_layout()
    return fig


def repeated_readings(first, second, threshold: float, quantity: str, ax=None):
    """Two readings of the same patients against each other, with a diagnostic threshold on both axes.

    Introduced in ``03_preparing_data`` (measurement noise). Patients on opposite sides of the threshold
    in the two readings (in red) would get different labels from the same body.
    """
    first, second = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    flipped = (first >= threshold) != (second >= threshold)
    ax = new_axes(ax, figsize=(5, 4.5))
    ax.scatter(first[~flipped], second[~flipped], s=4, color="0.6", label="same side of the threshold")
    ax.scatter(first[flipped], second[flipped], s=8, color="crimson", label="opposite sides")
    ax.axvline(threshold, color="0.3", linestyle="--", linewidth=1)
    ax.axhline(threshold, color="0.3", linestyle="--", linewidth=1)
    ax.set(xlabel=f"first reading: {quantity}", ylabel=f"second reading: {quantity}",
           title=f"{flipped.sum()} of {flipped.size} patients change side at {threshold:g}")
    ax.legend(loc="upper left", fontsize="small")
    return ax
