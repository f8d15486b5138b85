"""Fast check that the course environment is whole (used by every make target).

Finds each needed package without importing it, so it costs well under a second.
Exits 1 naming what is missing.
"""

import importlib.util
import sys

NEEDED = ["tensorflow", "keras", "numpy", "pandas", "sklearn", "sksurv", "seaborn",
          "jupyterlab", "papermill", "nbval", "pytest", "course_utils"]


def missing_packages() -> list[str]:
    """Names of needed packages that cannot be found."""
    return [name for name in NEEDED if importlib.util.find_spec(name) is None]


def main() -> int:
    missing = missing_packages()
    if missing:
        print(f"Missing from the environment: {', '.join(missing)}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
