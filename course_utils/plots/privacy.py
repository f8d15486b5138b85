"""Figures for privacy: equivalence classes, membership attack, the privacy trade-off (11)."""

import numpy as np
import pandas as pd

from course_utils.plots._base import new_axes


def class_size_shares(sizes_by_stage, bins=(1, 2, 5, 10, 50), ax=None):
    """Share of records whose equivalence class has a given size, one bar group per stage.

    Introduced in ``11_privacy``. A record in a class of size 1 is unique on its
    quasi-identifiers: anyone who knows them can single the patient out.

    Args:
        sizes_by_stage: mapping of stage name to the per-record class sizes.
        bins: lower edges of the size groups (the last group is open-ended).
    """
    ax = new_axes(ax, figsize=(8, 4))
    edges = [*bins, np.inf]
    labels = [f"{low}" if high - low == 1 else (f"{low}+" if high == np.inf else f"{low}-{high - 1}")
              for low, high in zip(edges[:-1], edges[1:], strict=True)]
    width = 0.8 / len(sizes_by_stage)
    for offset, (stage, sizes) in enumerate(sizes_by_stage.items()):
        counts, _ = np.histogram(np.asarray(sizes, dtype=float), bins=edges)
        ax.bar(np.arange(len(labels)) + offset * width, counts / max(counts.sum(), 1), width, label=stage)
    ax.set_xticks(np.arange(len(labels)) + width * (len(sizes_by_stage) - 1) / 2, labels)
    ax.set_xlabel("size of the record's equivalence class")
    ax.set_ylabel("share of records")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax


def membership_losses(member_losses, nonmember_losses, ax=None):
    """Histograms of per-patient loss for training patients (members) and held-out patients.

    Introduced in ``11_privacy``: the gap between them is what a membership-inference attack uses.
    """
    ax = new_axes(ax)
    member_losses, nonmember_losses = np.ravel(member_losses), np.ravel(nonmember_losses)
    losses = np.r_[member_losses, nonmember_losses]
    edges = np.geomspace(max(losses.min(), 1e-6), losses.max(), 40)
    for losses_of_group, label in ((member_losses, "members (training patients)"),
                                   (nonmember_losses, "non-members (held-out patients)")):
        weights = np.full(losses_of_group.size, 1 / losses_of_group.size)
        ax.hist(np.clip(losses_of_group, edges[0], None), bins=edges, weights=weights, alpha=0.6, label=label)
    ax.set_xscale("log")
    ax.set_xlabel("per-patient loss (binary cross-entropy, log scale)")
    ax.set_ylabel("share of patients")
    ax.legend()
    return ax


def privacy_tradeoff(runs: pd.DataFrame, references=None, ax=None):
    """Held-out AUC against the privacy guarantee epsilon: mean and range over repeated runs.

    Introduced in ``11_privacy``. Runs without a guarantee (``epsilon`` infinite) are drawn as a
    horizontal line with a band for their range.

    Args:
        runs: one row per training run, with columns ``epsilon`` and ``held_out_auc``.
        references: optional mapping of label to an AUC drawn as a dashed line (e.g. a classical model).
    """
    if runs.empty or not {"epsilon", "held_out_auc"} <= set(runs.columns):
        raise ValueError("runs needs at least one row and the columns 'epsilon' and 'held_out_auc'.")
    ax = new_axes(ax, figsize=(7, 4))
    summary = runs.groupby("epsilon")["held_out_auc"].agg(["mean", "min", "max", "size"])
    private, unbounded = summary[np.isfinite(summary.index)], summary[~np.isfinite(summary.index)]
    spread = [private["mean"] - private["min"], private["max"] - private["mean"]]
    ax.errorbar(private.index, private["mean"], yerr=spread, marker="o", capsize=4,
                label=f"DP-SGD: mean and range of {int(summary['size'].max())} runs")
    for _, row in unbounded.iterrows():
        ax.axhline(row["mean"], color="black", label="no DP (ε = ∞): mean and range")
        ax.axhspan(row["min"], row["max"], color="black", alpha=0.12)
    for (label, auc), style in zip((references or {}).items(), ("--", ":", "-."), strict=False):
        ax.axhline(auc, linestyle=style, color="tab:green", label=label)
    ax.axhline(0.5, linestyle="--", color="grey", label="chance")
    ax.set_xscale("log")
    ax.set_xticks(private.index, [f"{epsilon:.2g}" for epsilon in private.index])
    ax.minorticks_off()
    ax.set_xlabel("privacy guarantee ε (log scale; smaller is more private, δ = 1e-5)")
    ax.set_ylabel("AUC on held-out patients")
    ax.set_title("What privacy costs: held-out AUC against the guarantee ε")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax
