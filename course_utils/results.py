"""Headline metrics that notebooks publish for the benchmark (``make bench``).

A notebook calls ``publish("07_evaluating", test_auc=0.993)``; the values go
to ``build/metrics/07_evaluating.json`` as machine-readable records, so no one
has to scrape printed text.
"""

import json
import math
from pathlib import Path

from course_utils.paths import build_dir


def metrics_path(notebook: str) -> Path:
    """The JSON file holding one notebook's published metrics."""
    return build_dir() / "metrics" / f"{notebook}.json"


def publish(notebook: str, **metrics: float) -> dict[str, float]:
    """Record a notebook's headline metrics (merged with what it published before).

    Args:
        notebook: the notebook's file stem, e.g. ``"07_evaluating"``.
        **metrics: name to finite number, e.g. ``test_auc=0.993``.

    Returns:
        All metrics now recorded for that notebook.
    """
    for name, value in metrics.items():
        if isinstance(value, bool) or not math.isfinite(float(value)):
            raise ValueError(f"metric {name!r} must be a finite number, got {value!r}")
    path = metrics_path(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    recorded = read_metrics(notebook)
    recorded.update({name: float(value) for name, value in metrics.items()})
    path.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n")
    return recorded


def read_metrics(notebook: str) -> dict[str, float]:
    """The metrics a notebook has published, or an empty dict."""
    path = metrics_path(notebook)
    return json.loads(path.read_text()) if path.exists() else {}
