"""Fast check that the course environment is whole (used by every make target).

Finds each needed package without importing it, and checks that ``course_utils``
is installed so that a notebook kernel, which runs inside ``notebooks/``, can
import it. Costs well under a second. Exits 1 naming what is wrong.
"""

import subprocess
import sys
import tempfile

from course_utils.environment import LEARNER_PACKAGES, missing_packages

# The learner's packages, then what the make targets need.
NEEDED = [*LEARNER_PACKAGES, "jupyterlab", "papermill", "nbval", "pytest", "course_utils", "course_tools"]
# Exit status 0 only when course_utils is a regular package (a stale editable install
# can leave an empty namespace package with no __file__).
_IMPORT_PROBE = "import course_utils, sys; sys.exit(course_utils.__file__ is None)"


def course_utils_installed() -> bool:
    """True when ``course_utils`` imports as a regular package from outside the repository."""
    with tempfile.TemporaryDirectory() as elsewhere:
        probe = subprocess.run([sys.executable, "-c", _IMPORT_PROBE], cwd=elsewhere, capture_output=True)
    return probe.returncode == 0


def main(argv: list[str] | None = None) -> int:
    problems = []
    missing = missing_packages(NEEDED)
    if missing:
        problems.append(f"Missing from the environment: {', '.join(missing)}.")
    if not course_utils_installed():
        problems.append("course_utils is not installed in this environment (or its editable "
                        "install is stale), so notebooks cannot import it.")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
