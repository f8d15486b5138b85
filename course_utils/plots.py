"""Plot helpers: one short function per kind of figure, so notebooks hold no plotting boilerplate.

Each function draws on a new figure (or on ``ax`` when given) and returns the matplotlib Axes or
Figure. The docstring names the notebook that introduces it.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def _axes(ax=None, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def digit_grid(images, labels, predicted=None, n: int = 10):
    """The first ``n`` images in one row, titled with the true (and predicted) digit.

    Introduced in ``04_building``. Wrong predictions get a red title.

    Args:
        images: array of shape ``(N, 28, 28)`` or ``(N, 784)``.
        labels: true digits, length N.
        predicted: predicted digits, length N, or None.
        n: how many images to show.
    """
    images = np.asarray(images)[:n].reshape(-1, 28, 28)
    fig, axes = plt.subplots(1, len(images), figsize=(1.3 * len(images), 1.8))
    for index, ax in enumerate(np.atleast_1d(axes)):
        ax.imshow(images[index], cmap="gray_r")
        ax.axis("off")
        title = f"true {labels[index]}"
        wrong = predicted is not None and predicted[index] != labels[index]
        if predicted is not None:
            title += f"\npred {predicted[index]}"
        ax.set_title(title, fontsize=9, color="crimson" if wrong else "black")
    fig.tight_layout()
    return fig


def capacity_curve(results: pd.DataFrame, metric: str = "val_auc", ax=None):
    """Validation score against the number of parameters, one line per network depth.

    Introduced in ``04_building``.

    Args:
        results: one row per model with columns ``params``, ``depth`` and ``metric``.
        metric: the column plotted on the y axis.
    """
    ax = _axes(ax)
    for depth, group in results.sort_values("params").groupby("depth"):
        ax.plot(group["params"], group[metric], marker="o", label=f"{depth} hidden layer(s)")
    ax.set_xscale("log")
    ax.set_xlabel("trainable parameters (log scale)")
    ax.set_ylabel(metric.replace("_", " "))
    ax.legend()
    return ax


def censoring_timelines(time, event, n: int = 12, ax=None):
    """Follow-up of ``n`` patients as horizontal lines: x = event observed, o = censored.

    Introduced in ``09_survival``.

    Args:
        time: follow-up times (days).
        event: 1 when the event was observed, 0 when the patient was censored.
        n: how many patients to draw (the first ``n``).
    """
    ax = _axes(ax, figsize=(7, 4))
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

    ax = _axes(ax, figsize=(7, 4))
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
    ax = _axes(ax)
    for curve, label in zip(np.atleast_2d(curves), labels, strict=True):
        ax.step(times, curve, where="post", label=label)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("days")
    ax.set_ylabel("predicted probability still event-free")
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
    ax = _axes(ax, figsize=(6, 0.6 * len(results) + 1.2))
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


def neuron_boundaries(X, y, boundaries, feature_names=("feature 1", "feature 2"),
                      class_names=("benign", "malignant"), ax=None):
    """Patients on two features, with the line where one neuron's output is 0.5 for several (w, b).

    Introduced in ``01_concepts``: the weights turn the line, the bias shifts it.

    Args:
        X: array ``(N, 2)`` of the two features.
        y: 0/1 labels, length N.
        boundaries: label -> ``(weights, bias)`` with ``weights`` of length 2.
        feature_names: axis labels.
        class_names: legend names of labels 0 and 1.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    ax = _axes(ax, figsize=(6, 5))
    for label, name, marker in zip((0, 1), class_names, ("o", "^"), strict=True):
        ax.scatter(*X[y == label].T, s=14, alpha=0.5, marker=marker, label=name)
    xs = np.linspace(X[:, 0].min(), X[:, 0].max(), 50)
    for index, (label, (weights, bias)) in enumerate(boundaries.items(), start=2):
        w1, w2 = weights
        if w2 == 0:
            ax.axvline(-bias / w1, color=f"C{index}", label=label)
        else:
            ax.plot(xs, -(w1 * xs + bias) / w2, color=f"C{index}", linewidth=2, label=label)
    ax.set_ylim(X[:, 1].min(), X[:, 1].max())
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.legend(fontsize=8)
    return ax


def activation_panels(z, curves):
    """Each activation (left panel) and its derivative (right panel) against ``z``.

    Introduced in ``01_concepts``.

    Args:
        z: the x values.
        curves: name -> ``(values, derivatives)``, arrays the length of ``z``.
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    for name, (values, derivatives) in curves.items():
        style = "--" if "softmax" in name else "-"
        left.plot(z, values, style, label=name)
        right.plot(z, derivatives, style, label=name)
    left.set_title("activation g(z)")
    right.set_title("derivative g'(z)")
    for ax in (left, right):
        ax.set_xlabel("z = w·x + b")
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def metric_curves(curves, ylabel, xlabel="epoch", x=None, logy=False, ax=None):
    """One line per run, e.g. the validation loss per epoch for each activation.

    Introduced in ``01_concepts``; ``02_forward_backprop`` reuses it.

    Args:
        curves: name -> sequence of values.
        ylabel: what the values are.
        xlabel: what the x axis is.
        x: shared x values; default 1, 2, ... for each curve.
        logy: use a log scale for the values.
    """
    ax = _axes(ax)
    for name, values in curves.items():
        xs = np.arange(1, len(values) + 1) if x is None else x
        ax.plot(xs, values, label=name)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def gradient_norms_by_layer(norms, ax=None):
    """The size of each layer's weight gradient (log scale), one line per network.

    Introduced in ``01_concepts`` to make vanishing gradients visible.

    Args:
        norms: network name -> gradient norms, the layer nearest the input first.
    """
    ax = _axes(ax)
    for name, values in norms.items():
        ax.semilogy(np.arange(1, len(values) + 1), values, marker="o", label=name)
    ax.set_xlabel("layer (1 = nearest the input)")
    ax.set_ylabel("gradient norm (log scale)")
    ax.legend()
    return ax


def descent_steps_1d(loss_fn, paths, w_range):
    """Gradient-descent steps on a one-dimensional loss, one panel per run (e.g. learning rate).

    Introduced in ``02_forward_backprop``. Steps that leave ``w_range`` run off the panel.

    Args:
        loss_fn: vectorised loss ``L(w)``.
        paths: title -> the sequence of ``w`` values visited.
        w_range: ``(low, high)`` of the x axis.
    """
    w = np.linspace(*w_range, 200)
    fig, axes = plt.subplots(1, len(paths), figsize=(4 * len(paths), 3.4), sharey=True)
    for ax, (title, path) in zip(np.atleast_1d(axes), paths.items(), strict=True):
        path = np.asarray(path, dtype=float)
        ax.plot(w, loss_fn(w), color="0.6")
        ax.plot(path, loss_fn(path), marker="o", markersize=4, color="crimson")
        ax.set_xlim(*w_range)
        ax.set_ylim(0, loss_fn(w).max())
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("w")
    np.atleast_1d(axes)[0].set_ylabel("loss L(w)")
    fig.tight_layout()
    return fig


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
    ax = _axes(ax, figsize=(6, 0.3 * len(shown) + 1))
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

    ax = _axes(ax, figsize=(1.3 * table.shape[1] + 3, 0.3 * table.shape[0] + 1))
    scaled = table / table.abs().max().replace(0, 1)
    sns.heatmap(scaled, cmap="vlag", center=0, vmin=-1, vmax=1, annot=True, fmt=".2f", ax=ax,
                cbar_kws={"label": "scaled attribution"})
    return ax


def learning_curves(history, metrics=("loss",), axes=None):
    """Training and validation value of each metric per epoch, one panel per metric.

    Introduced in ``06_training``; ``08_overfitting`` reuses it. A dotted line marks the epoch with
    the best validation value (the one EarlyStopping would keep): the highest for AUC, accuracy,
    precision and recall, the lowest for losses and errors.

    Args:
        history: a Keras ``History`` (from ``model.fit``) or its ``.history`` dict.
        metrics: names logged by ``fit``, e.g. ``("loss", "auc")``.
        axes: one Axes per metric, or None for a new figure.
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
        ax.set_ylabel(metric.replace("_", " "))
        ax.legend(fontsize=8)
    return axes


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
    ax = _axes(ax, figsize=(4.5, 3.6))
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

    ax = _axes(ax, figsize=(5, 4.5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    for name, probability in probabilities.items():
        table = calibration_table(y_true, probability, n_bins=n_bins)
        ax.plot(table["mean_predicted"], table["observed_rate"], marker="o", label=name)
    ax.set(xlabel="mean predicted probability", ylabel="observed share with disease",
           xlim=(0, 1), ylim=(0, 1))
    ax.legend(fontsize=8)
    return ax


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

    ax = _axes(ax)
    labels = pd.Series(np.asarray(y)).map(dict(enumerate(class_names))).to_numpy()
    sns.histplot(x=np.asarray(X[feature]), hue=labels, hue_order=list(class_names), element="step",
                 stat="count", common_norm=False, ax=ax)
    ax.set(xlabel=feature.replace("_", " "), ylabel="patients")
    return ax


def optimizer_paths(loss_fn, paths, w1_range=(-5, 5), w2_range=(-2, 2), ax=None):
    """Contours of a two-dimensional loss with each optimizer's path drawn on top.

    Introduced in ``05_compiling``.

    Args:
        loss_fn: vectorised loss of ``(w1, w2)`` grids, e.g. ``course_utils.optim.ravine_loss``.
        paths: optimizer name -> array of shape ``(steps + 1, 2)`` of visited weights.
        w1_range, w2_range: the axes' limits.
    """
    ax = _axes(ax, figsize=(8, 4))
    w1, w2 = np.meshgrid(np.linspace(*w1_range, 200), np.linspace(*w2_range, 120))
    ax.contour(w1, w2, loss_fn(np.stack([w1, w2])), levels=15, colors="0.75", linewidths=0.8)
    for name, path in paths.items():
        path = np.asarray(path)
        ax.plot(path[:, 0], path[:, 1], marker="o", markersize=3, linewidth=1.2, label=name)
    ax.plot(0, 0, marker="*", markersize=14, color="black", linestyle="none", label="minimum")
    ax.set(xlim=w1_range, ylim=w2_range, xlabel="weight $w_1$", ylabel="weight $w_2$")
    ax.legend(loc="upper right", fontsize=9)
    return ax


def grouped_bars(table: pd.DataFrame, ylabel: str, ax=None):
    """One group of bars per row of ``table``, one bar per column (values labelled on the bars).

    Introduced in ``05_compiling`` (accuracy vs sensitivity at each prevalence).
    """
    ax = _axes(ax)
    table.plot.bar(ax=ax, rot=0, width=0.75)
    for bars in ax.containers:
        ax.bar_label(bars, fmt="%.2f", fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(table.index.name or "")
    return ax


def predicted_vs_actual(y_true, predictions, ax=None):
    """Predicted against observed values, one colour per model, with the identity line.

    Introduced in ``06_training`` for the diabetes progression score.

    Args:
        y_true: observed values.
        predictions: model name -> predicted values for the same patients.
    """
    ax = _axes(ax, figsize=(5, 4.5))
    y_true = np.asarray(y_true, dtype=float)
    for name, predicted in predictions.items():
        ax.scatter(y_true, np.ravel(predicted), s=16, alpha=0.6, label=name)
    low, high = y_true.min(), y_true.max()
    ax.plot([low, high], [low, high], linestyle="--", color="grey", label="perfect prediction")
    ax.set(xlabel="observed", ylabel="predicted")
    ax.legend(fontsize=8)
    return ax


def class_size_shares(sizes_by_stage, bins=(1, 2, 5, 10, 50), ax=None):
    """Share of records whose equivalence class has a given size, one bar group per stage.

    Introduced in ``11_privacy``. A record in a class of size 1 is unique on its
    quasi-identifiers: anyone who knows them can single the patient out.

    Args:
        sizes_by_stage: mapping of stage name to the per-record class sizes.
        bins: lower edges of the size groups (the last group is open-ended).
    """
    ax = _axes(ax, figsize=(8, 4))
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
    ax = _axes(ax)
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
    ax = _axes(ax, figsize=(7, 4))
    positions = np.arange(len(results))
    ax.plot(positions, results["held_out_auc"], marker="o", label="readmission AUC (held-out patients)")
    ax.plot(positions, results["attack_auc"], marker="s", label="membership-attack AUC")
    ax.axhline(0.5, linestyle="--", color="grey", label="chance")
    ax.set_xticks(positions, results.index)
    ax.set_ylabel("AUC")
    ax.legend(fontsize=8, loc="lower left")
    return ax


def missingness_map(frame: pd.DataFrame, sort_by: str | None = None, ax=None):
    """Which values are missing: one row of pixels per patient, one column per variable with gaps.

    Introduced in ``03_preparing_data``. Sorting the patients by another column (e.g. the
    diagnosis) shows missingness that depends on it as blocks instead of speckle.
    """
    ordered = frame.sort_values(sort_by, kind="stable") if sort_by else frame
    gaps = ordered.loc[:, ordered.isna().any()].isna()
    ax = _axes(ax, figsize=(7, 4))
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

    ax = _axes(ax)
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
