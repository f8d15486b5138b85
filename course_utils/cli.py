"""The ``course`` command: one entry point for the course's tools (installed with the package).

Usage::

    course run [notebooks...]        # = make course (course_utils.runner)
    course bench [--repeat N ...]    # = make bench (course_utils.bench)
    course doctor                    # is the environment whole?
    course clean [notebooks...]      # = make clean-notebooks (course_utils.notebook_format)
    course env-files [--check]       # = make env-files (course_utils.lockfile)
"""

import importlib
import sys

COMMANDS = {
    "run": "course_utils.runner",
    "bench": "course_utils.bench",
    "doctor": "course_utils.doctor",
    "clean": "course_utils.notebook_format",
    "env-files": "course_utils.lockfile",
}


def main(argv: list[str] | None = None) -> int:
    """Dispatch ``course <command> [arguments]`` to the module that implements it."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(__doc__.strip(), file=sys.stderr)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    command, arguments = argv[0], argv[1:]
    return importlib.import_module(COMMANDS[command]).main(arguments)


if __name__ == "__main__":
    sys.exit(main())
