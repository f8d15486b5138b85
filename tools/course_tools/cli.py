"""The ``course`` command: the one entry point for every maintainer tool (the Makefile calls it).

Usage::

    course run [notebooks...]         # = make course: every notebook headless, report in build/
    course bench [--repeat N ...]     # = make bench: time, memory and model quality
    course doctor                     # is the environment whole?
    course clean [notebooks...]       # = make clean-notebooks: canonical format
    course release [source target]    # = make release: the learner edition (notebooks/ -> learner/)
    course audit COURSE_FOLDER        # after nbgrader autograde: check cells that earned points wrongly
    course book                       # = make book: the executed course as a static site
    course data-check                 # = make data-check: rebuild every data file, compare hashes
    course env-files [--check]        # = make env-files: environment.yml and binder/ from the lock
    course catalogue [--check]        # the exercise table in docs/instructor_guide.md
    course notebooks                  # list the lesson notebooks
    course mutation [modules...]      # = make mutation: mutation score of the learner modules (slow)
    course wheel [--graded]           # the course_utils wheel (--graded: no solution texts)
"""

import importlib
import sys

COMMANDS = {
    "run": "course_tools.runner",
    "bench": "course_tools.bench",
    "doctor": "course_tools.doctor",
    "clean": "course_tools.notebook_format",
    "release": "course_tools.release",
    "audit": "course_tools.audit",
    "book": "course_tools.book",
    "data-check": "course_tools.data_check",
    "env-files": "course_tools.lockfile",
    "catalogue": "course_tools.catalogue",
    "notebooks": "course_tools.notebooks",
    "mutation": "course_tools.mutation",
    "wheel": "course_tools.wheel",
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
