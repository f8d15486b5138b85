"""Where the course package comes from: its repository, its release, the command that installs it.

Colab opens one notebook and nothing else, so each learner notebook's first cell installs the
package (code and data) with :data:`PIP_INSTALL`, pinned to this release. The same command
repairs a damaged installation (see :func:`course_utils.data.restore_advice`).
"""

from course_utils import __version__

REPOSITORY = "neural-networks-for-health/course"
RELEASE_TAG = f"v{__version__}"
PACKAGE_URL = f"https://github.com/{REPOSITORY}/archive/refs/tags/{RELEASE_TAG}.zip"
PIP_INSTALL = f'pip install --quiet "course_utils @ {PACKAGE_URL}"'
