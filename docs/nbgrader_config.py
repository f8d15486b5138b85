"""nbgrader configuration for a course built from these notebooks.

Copy this file to the root of your nbgrader course folder (beside ``source/``)
and set ``course_id``. It makes ``nbgrader generate_assignment`` produce the same
student cells as ``make release`` (``name = ____`` stubs, instructor cells
removed), and gives autograding kernels time to train the course's small models.
Autograde runs with ``NBGRADER_EXECUTION=autograde``, which puts the course's
checks in strict mode: a check that is not correct raises, so its cell scores 0.
See docs/instructor_guide.md.
"""

from course_tools.nbgrader_plugin import student_version_preprocessors

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "neural-networks-for-health"
c.GenerateAssignment.preprocessors = student_version_preprocessors()
# Seconds one cell may run while autograding (nbgrader's default, 30, is too short for training).
c.Execute.timeout = 300
