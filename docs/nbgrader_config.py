"""nbgrader configuration for a course built from these notebooks.

Copy this file to the root of your nbgrader course folder (beside ``source/``) and set
``course_id``. With it:

- ``nbgrader generate_assignment`` produces the same student cells as ``make release``
  (``name = ____`` stubs, instructor cells and hidden tests removed), as graded work:
  ``ex.qN.solution()`` says solutions are off (set ``GradedRelease.hints = False`` to turn the
  hints off too);
- ``nbgrader autograde`` gives a check cell its points only when its hidden graded check
  reported the answer correct (``course audit`` reports the same for any autograded folder);
- ``nbgrader generate_feedback`` leaves the hidden tests out of the feedback;
- autograding kernels get time to train the course's small models.

See docs/instructor_guide.md.
"""

from course_tools.nbgrader_plugin import (
    autograde_preprocessors,
    feedback_preprocessors,
    student_version_preprocessors,
)

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "neural-networks-for-health"
c.GenerateAssignment.preprocessors = student_version_preprocessors()
c.GradedRelease.hints = True
c.Autograde.autograde_preprocessors = autograde_preprocessors()
c.GenerateFeedback.preprocessors = feedback_preprocessors()
# Seconds one cell may run while autograding (nbgrader's default, 30, is too short for training).
c.Execute.timeout = 300
