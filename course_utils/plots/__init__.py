"""Plot helpers: one short function per kind of figure, so notebooks hold no plotting boilerplate.

Each function draws on a new figure (or on ``ax`` when given) and returns the matplotlib Axes or
Figure; its docstring names the notebook that introduces it. The functions live in one module per
lesson theme and are all reachable as ``plots.<name>``.
"""

from course_utils.plots.data_quality import (
    missingness_map,
    plausible_ranges,
    repeated_readings,
    values_by_group,
)
from course_utils.plots.decision import decision_curves
from course_utils.plots.evaluation import (
    calibration_curves,
    confusion_matrix,
    feature_by_class,
    interval_comparison,
    paired_resamples,
    repeated_scores,
    roc_pr_curves,
    split_differences,
    split_differences_panels,
)
from course_utils.plots.foundations import (
    activation_panels,
    descent_steps_1d,
    digit_grid,
    gradient_norms_by_layer,
    neuron_boundaries,
    optimizer_paths,
    repeated_curves,
)
from course_utils.plots.interpretability import attribution_heatmap, importance_bars, partial_dependence_grid
from course_utils.plots.privacy import class_size_shares, membership_losses, privacy_tradeoff
from course_utils.plots.survival import (
    censoring_timelines,
    kaplan_meier_by_group,
    log_minus_log,
    survival_calibration,
    survival_curves,
)
from course_utils.plots.training import (
    curves_with_range,
    grouped_bars,
    learning_curves,
    metric_curves,
    predicted_vs_actual,
)

__all__ = [
    "activation_panels",
    "attribution_heatmap",
    "calibration_curves",
    "censoring_timelines",
    "class_size_shares",
    "confusion_matrix",
    "curves_with_range",
    "decision_curves",
    "descent_steps_1d",
    "digit_grid",
    "feature_by_class",
    "gradient_norms_by_layer",
    "grouped_bars",
    "importance_bars",
    "interval_comparison",
    "kaplan_meier_by_group",
    "learning_curves",
    "log_minus_log",
    "membership_losses",
    "metric_curves",
    "missingness_map",
    "neuron_boundaries",
    "optimizer_paths",
    "paired_resamples",
    "partial_dependence_grid",
    "plausible_ranges",
    "predicted_vs_actual",
    "privacy_tradeoff",
    "repeated_curves",
    "repeated_readings",
    "repeated_scores",
    "roc_pr_curves",
    "split_differences",
    "split_differences_panels",
    "survival_calibration",
    "survival_curves",
    "values_by_group",
]
