"""Helpers for the Neural Networks for Health course: what the notebooks import.

The notebooks hold the story; this package holds the machinery (data, plots, metrics,
exercise checkers). It never imports the maintainer's toolkit (``course_tools``).
Importing it is cheap: TensorFlow is imported only by :func:`setup`.
"""

__version__ = "0.2.0"

from course_utils.environment import setup  # noqa: E402

__all__ = ["setup"]
