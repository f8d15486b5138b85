"""Figures for survival analysis: censoring, Kaplan-Meier curves, predicted survival (09)."""

import numpy as np

from course_utils.plots._base import new_axes

# Distinguishable for colour-blind readers and in grey print: Okabe-Ito colours, one line style each.
GROUP_STYLES = [("#0072B2", "-"), ("#D55E00", "--"), ("#009E73", "-."), ("#CC79A7", ":"),
                ("#E69F00", "-"), ("#56B4E9", "--")]


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


def kaplan_meier_by_group(time, event, groups, ax=None, at_risk_days=None):
    """Kaplan-Meier survival curves with 95% bands, one per group, in distinguishable styles.

    Introduced in ``09_survival``.

    Args:
        time, event: follow-up times and event indicators (1 = event).
        groups: the group label of each patient (e.g. tumour grade).
        at_risk_days: days at which to print, under the plot, how many patients of each group were
            still followed (the numbers at risk); default: about five round days.
    """
    from sksurv.nonparametric import kaplan_meier_estimator

    ax = new_axes(ax, figsize=(7, 4.5))
    time, event, groups = np.asarray(time, float), np.asarray(event).astype(bool), np.asarray(groups)
    names = sorted(np.unique(groups))
    for group, (colour, style) in zip(names, GROUP_STYLES * 2, strict=False):
        mask = groups == group
        days, survival, (low, high) = kaplan_meier_estimator(event[mask], time[mask], conf_type="log-log")
        ax.step(days, survival, where="post", color=colour, linestyle=style,
                label=f"{group} (n={mask.sum()})")
        ax.fill_between(days, low, high, step="post", alpha=0.15, color=colour)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("days since study entry")
    ax.set_ylabel("share still event-free")
    ax.legend(loc="best", fontsize=8)
    _numbers_at_risk_below(ax, time, groups, names, at_risk_days)
    return ax


def _numbers_at_risk_below(ax, time, groups, names, at_risk_days):
    """Under the x axis, one row per group in its line's colour: patients still followed at each day."""
    from matplotlib.ticker import MaxNLocator
    from matplotlib.transforms import blended_transform_factory

    from course_utils.survival_checks import numbers_at_risk

    if at_risk_days is None:
        at_risk_days = [day for day in MaxNLocator(5).tick_values(0, time.max()) if 0 <= day <= time.max()]
    ax.set_xticks(at_risk_days)
    table = numbers_at_risk(time, groups, at_risk_days)
    below = blended_transform_factory(ax.transData, ax.transAxes)
    ax.text(0, -0.2, "numbers at risk", transform=ax.transAxes, fontsize=8, style="italic")
    for row, (group, (colour, _)) in enumerate(zip(names, GROUP_STYLES * 2, strict=False)):
        for day, count in table.loc[group].items():
            ax.text(day, -0.27 - 0.07 * row, str(count), transform=below, ha="center", fontsize=8,
                    color=colour)


def survival_calibration(tables, horizon_label: str, ax=None):
    """Observed (Kaplan-Meier, with 95% interval) against mean predicted survival, by risk group.

    Introduced in ``09_survival``.

    Args:
        tables: model name to a table from :func:`course_utils.survival_checks.calibration_at`.
        horizon_label: e.g. ``"3 years"``.
    """
    ax = new_axes(ax, figsize=(5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linewidth=1, label="perfect calibration")
    markers = ["o", "s", "^", "D"]
    for (name, table), (colour, _), marker in zip(tables.items(), GROUP_STYLES, markers, strict=False):
        ax.errorbar(table["predicted"], table["observed"],
                    yerr=[table["observed"] - table["low"], table["high"] - table["observed"]],
                    fmt=marker, color=colour, capsize=3, label=name)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"predicted share event-free at {horizon_label}")
    ax.set_ylabel(f"observed share event-free at {horizon_label}\n(Kaplan-Meier, 95% interval)")
    ax.set_title(f"Calibration at {horizon_label}, test patients in risk thirds", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def log_minus_log(time, event, groups, ax=None):
    """``log(-log S(t))`` of each group's Kaplan-Meier curve against ``log t``: under proportional
    hazards the curves are parallel; curves that converge or cross break the assumption.

    Introduced in ``09_survival``.
    """
    from sksurv.nonparametric import kaplan_meier_estimator

    ax = new_axes(ax, figsize=(6, 4))
    time, event, groups = np.asarray(time, float), np.asarray(event).astype(bool), np.asarray(groups)
    for group, (colour, style) in zip(sorted(np.unique(groups)), GROUP_STYLES * 2, strict=False):
        mask = groups == group
        days, survival = kaplan_meier_estimator(event[mask], time[mask])
        keep = (survival > 0) & (survival < 1)
        ax.step(days[keep], np.log(-np.log(survival[keep])), where="post", color=colour, linestyle=style,
                label=f"{group} (n={mask.sum()})")
    ax.set_xscale("log")
    ax.set_xlabel("days since study entry (log scale)")
    ax.set_ylabel("log(-log share event-free)")
    ax.legend(loc="lower right", fontsize=8)
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
