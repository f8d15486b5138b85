"""Figures for interpreting a model: importances, partial dependence, attributions (10)."""

import matplotlib.pyplot as plt

from course_utils.plots._base import new_axes


def importance_bars(table, top=12, highlight=None, xlabel="increase in cross-entropy when shuffled", ax=None):
    """Permutation importance as bars with +-1 standard deviation over the repeats.

    Introduced in ``10_interpretability``.

    Args:
        table: columns ``feature``, ``importance_mean``, ``importance_std``, most important first.
        top: how many features to show.
        highlight: a feature name to draw in a contrasting colour, or None.
        xlabel: what the importance measures.
    """
    shown = table.head(top).iloc[::-1]
    ax = new_axes(ax, figsize=(6, 0.3 * len(shown) + 1))
    colours = ["crimson" if name == highlight else "steelblue" for name in shown["feature"]]
    ax.barh(shown["feature"], shown["importance_mean"], xerr=shown["importance_std"], color=colours)
    ax.set_xlabel(xlabel)
    return ax


def partial_dependence_grid(curves, ylabel="mean predicted P(malignant)", ncols=3):
    """Partial-dependence curves, one small panel per feature.

    Introduced in ``10_interpretability``.

    Args:
        curves: feature -> ``(grid, mean_prediction)``.
        ylabel: what the curves show.
        ncols: panels per row.
    """
    nrows = -(-len(curves) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 3 * nrows), sharey=True, squeeze=False)
    for ax, (feature, (grid, values)) in zip(axes.flat, curves.items(), strict=False):
        ax.plot(grid, values, marker=".")
        ax.set_xlabel(feature)
    for ax in axes.flat[len(curves):]:
        ax.axis("off")
    for ax in axes[:, 0]:
        ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig


def attribution_heatmap(table, ax=None):
    """Features by explanation method, each column scaled so that its largest absolute value is 1.

    Introduced in ``10_interpretability`` to compare rankings at a glance.

    Args:
        table: DataFrame indexed by feature, one column per method.
    """
    import seaborn as sns

    ax = new_axes(ax, figsize=(1.3 * table.shape[1] + 3, 0.3 * table.shape[0] + 1))
    scaled = table / table.abs().max().replace(0, 1)
    sns.heatmap(scaled, cmap="vlag", center=0, vmin=-1, vmax=1, annot=True, fmt=".2f", ax=ax,
                cbar_kws={"label": "scaled attribution"})
    return ax
