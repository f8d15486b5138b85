"""Where the course's files live: in a clone of the repository, or inside the installed package.

In a clone (``make setup``, Binder) the data are the repository's ``data/`` folder. Installed from
a wheel (Colab, ``pip install``), the same files travel inside the package as ``course_utils/_data``.
"""

import os
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent
IN_CHECKOUT = (CHECKOUT_DIR / "pyproject.toml").is_file() and (CHECKOUT_DIR / "data").is_dir()
DATA_DIR = CHECKOUT_DIR / "data" if IN_CHECKOUT else PACKAGE_DIR / "_data"


def build_dir() -> Path:
    """The folder for generated files: ``$COURSE_BUILD_DIR``, else ``build/`` in a clone.

    Installed outside a clone, generated files go to a temporary folder, never into the package.
    """
    default = CHECKOUT_DIR / "build" if IN_CHECKOUT else Path(tempfile.gettempdir()) / "course_utils_build"
    return Path(os.environ.get("COURSE_BUILD_DIR", default))
