"""course_utils.plots.interpretability: each helper draws what its docstring promises."""

import numpy as np
import pandas as pd

from course_utils import plots


def test_importance_bars_highlights_and_limits():
    table = pd.DataFrame({"feature": ["a", "b", "c"], "importance_mean": [0.3, 0.2, 0.1],
                          "importance_std": [0.01, 0.02, 0.03]})
    ax = plots.importance_bars(table, top=2, highlight="a", xlabel="drop")
    assert len(ax.patches) == 2 and ax.get_xlabel() == "drop"
    assert ax.patches[-1].get_facecolor() != ax.patches[0].get_facecolor()


def test_partial_dependence_grid_and_attribution_heatmap():
    curves = {name: (np.arange(3), np.arange(3) * 0.1) for name in ["a", "b", "c", "d"]}
    fig = plots.partial_dependence_grid(curves, ncols=3)
    assert sum(ax.axison for ax in fig.axes) == 4
    table = pd.DataFrame({"m1": [1.0, -2.0], "m2": [0.0, 0.0]}, index=["x", "y"])
    ax = plots.attribution_heatmap(table)
    assert [text.get_text() for text in ax.texts] == ["0.50", "0.00", "-1.00", "0.00"]

