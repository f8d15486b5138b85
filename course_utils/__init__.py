"""Helpers for the Neural Networks for Health course.

The notebooks hold the story; this package holds the machinery (data, plots,
metrics, exercise checkers, the course runner and the student-release tool).
Importing it is cheap: TensorFlow is imported only by :func:`setup`.
"""

from course_utils.environment import setup

__all__ = ["setup"]
__version__ = "0.1.0"
