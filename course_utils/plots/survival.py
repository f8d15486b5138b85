"""Figures for survival analysis: censoring, Kaplan-Meier curves, predicted survival (09)."""

import numpy as np

from course_utils.plots._base import new_axes


def censoring_timelines(time, event, n: int = 12, ax=None):
    """Follow-up of ``n`` patients as horizontal lines: x = event observed, o = censored.

    Introduced in ``09_survival``.

    Args:
        time: follow-up times (days).
        event: 1 when the event was observed, 0 when the patient was censored.
        n: how many patients to draw (the first ``n``).
    """
    ax = new_axes(ax, figsize=(7, 4))
    time, event = np.asarray(time)[:n], np.asarray(event)[:n].astype(bool)
    rows = np.arange(len(time))
    ax.hlines(rows, 0, time, color="grey", linewidth=2)
    ax.scatter(time[event], rows[event], marker="x", s=60, color="crimson", zorder=3, label="event observed")
    ax.scatter(time[~event], rows[~event], marker="o", s=45, facecolors="white", edgecolors="steelblue",
               zorder=3, label="censored (event-free when last seen)")
    ax.set_yticks(rows, [f"patient {i + 1}" for i in rows])
    ax.invert_yaxis()
    ax.set_xlabel("days since study entry")
    ax.legend(loc="lower right", fontsize=8)
    return ax


def kaplan_meier_by_group(time, event, groups, ax=None):
    """Kaplan-Meier survival curves with 95% bands, one per group.

    Introduced in ``09_survival``.

    Args:
        time, event: follow-up times and event indicators (1 = event).
        groups: the group label of each patient (e.g. tumour grade).
    """
    from sksurv.nonparametric import kaplan_meier_estimator

    ax = new_axes(ax, figsize=(7, 4))
    time, event, groups = np.asarray(time, float), np.asarray(event).astype(bool), np.asarray(groups)
    for group in sorted(np.unique(groups)):
        mask = groups == group
        days, survival, (low, high) = kaplan_meier_estimator(event[mask], time[mask], conf_type="log-log")
        line, = ax.step(days, survival, where="post", label=f"{group} (n={mask.sum()})")
        ax.fill_between(days, low, high, step="post", alpha=0.2, color=line.get_color())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("days")
    ax.set_ylabel("share still event-free")
    ax.legend()
    return ax


def survival_curves(times, curves, labels, ax=None):
    """Predicted survival curves ``S(t)``, one step line per patient.

    Introduced in ``09_survival``.

    Args:
        times: the time grid, shape ``(k,)``.
        curves: survival probabilities, shape ``(m, k)``.
        labels: one label per curve.
    """
    ax = new_axes(ax)
    for curve, label in zip(np.atleast_2d(curves), labels, strict=True):
        ax.step(times, curve, where="post", label=label)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("days")
    ax.set_ylabel("predicted probability still event-free")
    ax.legend(fontsize=8)
    return ax
