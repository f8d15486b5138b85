"""The maintainer's toolkit for the Neural Networks for Health course.

Runner, benchmark, student release and nbgrader plugin, site builder, notebook
formatter, lock and environment files, data rebuild and check, and the ``course``
command that fronts them all. Learners never need it: notebooks import only
:mod:`course_utils`, which never imports this package.
"""

__version__ = "0.2.0"
