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
    ax.legend()
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


def privacy_tradeoff(results: pd.DataFrame, ax=None):
    """Held-out AUC and membership-attack AUC for each training setting, left to right.

    Introduced in ``11_privacy``.

    Args:
        results: indexed by setting label, with columns ``held_out_auc`` and ``attack_auc``.
    """
    ax = new_axes(ax, figsize=(7, 4))
    positions = np.arange(len(results))
    ax.plot(positions, results["held_out_auc"], marker="o", label="readmission AUC (held-out patients)")
    ax.plot(positions, results["attack_auc"], marker="s", label="membership-attack AUC")
    ax.axhline(0.5, linestyle="--", color="grey", label="chance")
    ax.set_xticks(positions, results.index)
    ax.set_ylabel("AUC")
    ax.legend(fontsize=8, loc="lower left")
    return ax
