"""Where the course's files live, whatever the working directory."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = PROJECT_DIR / "data"
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"


def build_dir() -> Path:
    """The folder for generated files (``build/``, or ``$COURSE_BUILD_DIR``)."""
    return Path(os.environ.get("COURSE_BUILD_DIR", PROJECT_DIR / "build"))
