"""Figures for evaluating a diagnosis model: confusion matrix, ROC/PR, calibration, intervals (07)."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from course_utils.plots._base import new_axes


def feature_by_class(X, y, feature: str, class_names=("benign", "malignant"), ax=None):
    """Overlaid histograms of one feature, one colour per class.

    Introduced in ``00_welcome`` (how well one measurement alone separates the diagnoses).

    Args:
        X: DataFrame of features holding column ``feature``.
        y: 0/1 labels, same length as ``X``.
        feature: the column to draw.
        class_names: names of label 0 and label 1 for the legend.
    """
    import seaborn as sns

    ax = new_axes(ax)
    labels = pd.Series(np.asarray(y)).map(dict(enumerate(class_names))).to_numpy()
    sns.histplot(x=np.asarray(X[feature]), hue=labels, hue_order=list(class_names), element="step",
                 stat="count", common_norm=False, ax=ax)
    ax.set(xlabel=feature.replace("_", " "), ylabel="patients")
    return ax


def confusion_matrix(y_true, y_pred, class_names=("benign", "malignant"), ax=None):
    """A 2x2 confusion matrix with counts, rows = truth, columns = prediction.

    Introduced in ``07_evaluating``. The lower-left cell counts the false negatives (missed disease).
    """
    import seaborn as sns

    from course_utils.metrics import confusion_counts

    counts = confusion_counts(y_true, y_pred)
    table = pd.DataFrame([[counts["tn"], counts["fp"]], [counts["fn"], counts["tp"]]],
                         index=[f"truly {name}" for name in class_names],
                         columns=[f"predicted {name}" for name in class_names])
    ax = new_axes(ax, figsize=(4.5, 3.6))
    sns.heatmap(table, annot=True, fmt="d", cmap="Blues", cbar=False, ax=ax)
    return ax


def roc_pr_curves(y_true, scores):
    """ROC curve (left) and precision-recall curve (right), one line per model.

    Introduced in ``07_evaluating``.

    Args:
        y_true: 0/1 labels.
        scores: model name -> predicted probabilities for the same patients.
    """
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name, score in scores.items():
        fpr, tpr, _ = roc_curve(y_true, score)
        left.plot(fpr, tpr, label=f"{name} (AUC {roc_auc_score(y_true, score):.3f})")
        precision, recall, _ = precision_recall_curve(y_true, score)
        right.plot(recall, precision, label=f"{name} (AP {average_precision_score(y_true, score):.3f})")
    left.plot([0, 1], [0, 1], linestyle="--", color="grey", label="chance")
    right.axhline(np.mean(y_true), linestyle="--", color="grey", label="chance (prevalence)")
    left.set(xlabel="1 - specificity (false-positive rate)", ylabel="sensitivity", title="ROC")
    right.set(xlabel="sensitivity (recall)", ylabel="PPV (precision)", title="precision-recall")
    for ax in (left, right):
        ax.legend(fontsize=8, loc="lower right" if ax is left else "lower left")
    fig.tight_layout()
    return fig


def calibration_curves(y_true, probabilities, n_bins=5, ax=None):
    """Observed disease rate against mean predicted probability per bin, one line per model.

    Introduced in ``07_evaluating``. Points on the diagonal mean "a predicted 30% risk comes true
    for 30% of patients".

    Args:
        y_true: 0/1 labels.
        probabilities: model name -> predicted probabilities for the same patients.
        n_bins: equal-width probability bins.
    """
    from course_utils.metrics import calibration_table

    ax = new_axes(ax, figsize=(5, 4.5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    for name, probability in probabilities.items():
        table = calibration_table(y_true, probability, n_bins=n_bins)
        ax.plot(table["mean_predicted"], table["observed_rate"], marker="o", label=name)
    ax.set(xlabel="mean predicted probability", ylabel="observed share with disease",
           xlim=(0, 1), ylim=(0, 1))
    ax.legend(fontsize=8)
    return ax


def interval_comparison(results: pd.DataFrame, metric: str = "C-index", chance: float | None = 0.5, ax=None):
    """Point estimates with confidence intervals, one row per model.

    Introduced in ``09_survival``.

    Args:
        results: indexed by model name, with columns ``estimate``, ``low`` and ``high``.
        metric: the x-axis label.
        chance: draw a dashed line at this value (None for none).
    """
    ax = new_axes(ax, figsize=(6, 0.6 * len(results) + 1.2))
    rows = np.arange(len(results))
    errors = [results["estimate"] - results["low"], results["high"] - results["estimate"]]
    ax.errorbar(results["estimate"], rows, xerr=errors, fmt="o", capsize=5)
    if chance is not None:
        ax.axvline(chance, linestyle="--", color="grey", label="chance")
        ax.legend(loc="lower right")
    ax.set_yticks(rows, results.index)
    ax.set_ylim(-0.5, len(results) - 0.5)
    ax.set_xlabel(f"{metric} (95% bootstrap interval)")
    return ax


def split_differences(differences, comparison, single: float | None = None, title: str | None = None,
                      ax=None):
    """One dot per split (model minus baseline), their mean with its corrected interval, and zero.

    Introduced in ``07_evaluating``; ``06`` and ``09`` reuse it.

    Args:
        differences: the per-split differences.
        comparison: the :class:`course_utils.compare.Difference` over those splits.
        single: the difference on the one split the notebook studied, marked when given.
        title: drawn above the legend.
    """
    ax = new_axes(ax, figsize=(6.5, 2.6))
    differences = np.asarray(differences, dtype=float)
    jitter = np.random.default_rng(0).uniform(-0.15, 0.15, differences.size)
    ax.scatter(differences, jitter, alpha=0.7, label=f"{differences.size} splits")
    error = [[comparison.estimate - comparison.low], [comparison.high - comparison.estimate]]
    ax.errorbar(comparison.estimate, 0.45, xerr=error, fmt="o", color="black", capsize=4,
                label=f"mean and {comparison.level:.0%} corrected interval")
    if single is not None:
        ax.scatter([single], [-0.45], marker="D", color="C3", label="the split studied above")
    ax.axvline(0, color="grey", linestyle="--", linewidth=1)
    ax.set(yticks=[], ylim=(-0.8, 0.8),
           xlabel=f"{comparison.model} minus {comparison.baseline}: {comparison.metric}")
    _legend_above(ax, title)
    return ax



def split_differences_panels(scores, comparisons, singles=None, title: str | None = None):
    """:func:`split_differences` for several comparisons over the same splits, one panel each, stacked.

    Introduced in ``09_survival``; ``12_scaling`` reuses it.

    Args:
        scores: one row per split, one column per model (from ``compare.repeated_splits``).
        comparisons: :class:`course_utils.compare.Difference` objects over those splits.
        singles: the split studied above, for some comparisons: ``{comparison index: difference}``.
    """
    singles = singles or {}
    fig, axes = plt.subplots(len(comparisons), 1, figsize=(7, 2.4 * len(comparisons)), sharex=True,
                             squeeze=False)
    for k, (ax, comparison) in enumerate(zip(axes[:, 0], comparisons, strict=True)):
        split_differences(scores[comparison.model] - scores[comparison.baseline], comparison,
                          single=singles.get(k), ax=ax)
        ax.xaxis.set_tick_params(labelbottom=True)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig


def paired_resamples(scores, model: str, baseline: str, metric: str = "AUC", level: float = 0.95):
    """Why two models scored on the same patients are compared pairwise (introduced in ``07_evaluating``).

    Left: each bootstrap resample's score for both models; the points hug the diagonal because a
    resample that is hard for one model is hard for the other. Right: the width of each model's
    separate interval against the width of the paired difference's interval, each centred on its
    median: the paired difference is known far more precisely than the two intervals suggest.

    Args:
        scores: an array ``(n_resamples, 2)`` from :func:`course_utils.compare.resampled_scores`.
    """
    scores = np.asarray(scores, dtype=float)
    tail = (1 - level) / 2 * 100
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.scatter(scores[:, 1], scores[:, 0], s=8, alpha=0.4)
    limits = [scores.min(), scores.max()]
    left.plot(limits, limits, color="grey", linestyle="--", linewidth=1, label="equal scores")
    left.set(xlabel=f"{baseline}: {metric} on a resample", ylabel=f"{model}: {metric} on the same resample",
             title="Both models rise and fall together")
    left.legend(loc="upper left", frameon=False)
    rows = {model: scores[:, 0], baseline: scores[:, 1],
            f"{model}\nminus {baseline}": scores[:, 0] - scores[:, 1]}
    for position, values in enumerate(rows.values()):
        low, middle, high = np.percentile(values, [tail, 50, 100 - tail])
        right.errorbar(0, position, xerr=[[middle - low], [high - middle]], fmt="o", capsize=4,
                       color=f"C{position}")
    right.set(yticks=range(len(rows)), yticklabels=list(rows), ylim=(-0.7, len(rows) - 0.3),
              xlabel=f"{metric} minus the interval's median ({level:.0%} bootstrap intervals)",
              title="How wide each interval is")
    fig.tight_layout()
    return fig


def repeated_scores(scores: pd.DataFrame, xlabel: str, test_to_train: float, marked=None,
                    reference: float | None = None, marked_label: str = "the one split studied above",
                    title: str | None = None, ax=None):
    """Each model's score on every split (dots) and their mean with its corrected 95% interval.

    Introduced in ``03_preparing_data`` (readmission over 5x5-fold cross-validation); ``04_building``
    reuses it (width and depth over 20 splits). The interval is
    :func:`course_utils.compare.corrected_t_interval`, so it allows for splits that share patients.

    Args:
        scores: one row per split, one column per model (or per paired difference), top row first.
        xlabel: what the scores are, in words.
        test_to_train: test patients per training patient in each split (1/4 for 5-fold CV).
        marked: model -> a value marked with a diamond (e.g. its score on the one split studied).
        reference: a dashed vertical line here (0.5 for a coin toss's AUC, 0 for no difference).
        marked_label: the legend's name for the diamonds.
        title: drawn above the legend.
    """
    from course_utils.compare import corrected_t_interval

    ax = new_axes(ax, figsize=(7, 0.55 * scores.shape[1] + 1.6))
    rows = -np.arange(scores.shape[1], dtype=float)
    jitter = np.random.default_rng(0).uniform(-0.12, 0.12, len(scores))
    for row, (_, values) in zip(rows, scores.items(), strict=True):
        values = values.dropna().to_numpy(dtype=float)
        ax.scatter(values, row + jitter[:values.size], s=12, alpha=0.5, color="C0",
                   label="one split" if row == 0 else None)
        mean, low, high = corrected_t_interval(values, test_to_train)
        ax.errorbar(mean, row + 0.3, xerr=[[mean - low], [high - mean]], fmt="o", color="black", capsize=4,
                    label="mean and 95% corrected interval" if row == 0 else None)
    for index, (name, value) in enumerate((marked or {}).items()):
        ax.scatter([value], [rows[list(scores.columns).index(name)] - 0.3], marker="D", color="C3",
                   label=marked_label if index == 0 else None)
    if reference is not None:
        ax.axvline(reference, color="grey", linestyle="--", linewidth=1)
    ax.set_yticks(rows, list(scores.columns))
    ax.set(ylim=(rows[-1] - 0.6, 0.6), xlabel=xlabel)
    _legend_above(ax, title)
    return ax


def _legend_above(ax, title: str | None) -> None:
    """The legend in one row above the axes, and the title (if any) above the legend."""
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize="small", frameon=False, ncol=3)
    if title:
        ax.set_title(title, pad=30)
