"""Mutation testing of the learner package's computational modules (``make mutation``; slow, not in
``make test``).

Each module is mutated by mutmut 3 and every mutant is run against the module's own fast unit tests
(``tests/learner/test_<module>.py``; ``tests/exercises/test_core.py`` and ``test_checks.py`` for the
exercise checkers), in a scratch copy of the repository under ``build/mutation/<module>/``. A
mutant is *detected* when a test fails or times out. The score is detected / (all mutants - the
equivalent ones listed with their reason in ``docs/mutation.toml``); a module below 90% fails, and so
does an equivalent entry that matches no surviving mutant. The latest scores are recorded in
``docs/mutation.md`` (``--record``).

Usage::

    course mutation                       # every module (make mutation)
    course mutation metrics exercises.checks  # some modules
    course mutation --children 1 --record # one mutant at a time; write the scores to docs/mutation.md
"""

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from course_tools.notebooks import PROJECT_DIR

LEARNER = ("metrics", "compare", "survival", "survival_checks", "decision", "privacy", "data", "interpret",
           "scratch")
# module name -> (the mutated file, its own fast unit tests)
MODULES = {**{name: (f"course_utils/{name}.py", f"tests/learner/test_{name}.py") for name in LEARNER},
           **{f"exercises.{name}": (f"course_utils/exercises/{name}.py", f"tests/exercises/test_{name}.py")
              for name in ("core", "checks")}}
THRESHOLD = 0.90
EQUIVALENTS_FILE = PROJECT_DIR / "docs" / "mutation.toml"
SCORES_PAGE = PROJECT_DIR / "docs" / "mutation.md"
BEGIN, END = "<!-- BEGIN SCORES: written by course mutation --record -->", "<!-- END SCORES -->"
DETECTED = {"killed", "timeout", "segfault"}
# mutmut stops a mutant after (estimated test time + timeout_constant) x 15 s of wall time; 5 s rather
# than 1 s keeps a busy machine from passing a slow, unkilled mutant off as a timeout.
_MUTANT = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+): (?P<status>.+)$")

CONFIG = """\
[tool.mutmut]
source_paths = ["course_utils"]
only_mutate = ["{source}"]
also_copy = ["data"]
pytest_add_cli_args_test_selection = ["{tests}"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-m", "not slow"]
process_isolation = "forkserver"
use_git_change_detection = false
timeout_constant = 5.0
"""


@dataclass
class Result:
    """One module's mutants: ``statuses`` maps a mutant's name to mutmut's status, ``diffs`` a
    surviving mutant's name to its mutated lines."""

    module: str
    statuses: dict[str, str]
    diffs: dict[str, list[str]] = field(default_factory=dict)
    equivalent: dict[str, str] = field(default_factory=dict)  # name -> reason

    @property
    def detected(self) -> int:
        return sum(status in DETECTED for status in self.statuses.values())

    @property
    def counted(self) -> int:
        return len(self.statuses) - len(self.equivalent)

    @property
    def score(self) -> float:
        return self.detected / self.counted if self.counted else 1.0

    @property
    def survivors(self) -> list[str]:
        return [name for name, status in self.statuses.items()
                if status not in DETECTED and name not in self.equivalent]


def parse_results(text: str) -> dict[str, str]:
    """Mutant name to status, from ``mutmut results --all true``."""
    return {match["name"]: match["status"].strip() for line in text.splitlines()
            if (match := _MUTANT.match(line))}


def function_of(mutant: str) -> str:
    """``course_utils.metrics.x_brier_score__mutmut_3`` -> ``brier_score`` (methods: ``Class.method``)."""
    mangled = mutant.rsplit(".", 1)[-1].rsplit("__mutmut_", 1)[0]
    if mangled.startswith("xǁ"):
        return mangled.removeprefix("xǁ").replace("ǁ", ".")
    return mangled.removeprefix("x_")


def mutated_lines(diff: str) -> list[str]:
    """The lines a mutant's diff adds, stripped."""
    return [line[1:].strip() for line in diff.splitlines()
            if line.startswith("+") and not line.startswith("+++")]


def load_equivalents(path: Path = EQUIVALENTS_FILE) -> list[dict]:
    """The accepted equivalent mutants, one entry per mutated line: ``module``, ``function``, ``mutant``
    (the mutated line; the file may give a list of them under one reason) and ``reason``."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("equivalent", []) if path.is_file() else []
    return [{**entry, "mutant": line} for entry in entries
            for line in ([entry["mutant"]] if isinstance(entry["mutant"], str) else entry["mutant"])]


def mark_equivalents(result: Result, equivalents: list[dict]) -> list[dict]:
    """Mark the survivors that an entry of ``equivalents`` describes; return the module's entries that
    match no survivor (stale: the mutant is now killed, or the code changed)."""
    stale = []
    for entry in (e for e in equivalents if e["module"] == result.module):
        matches = [name for name, lines in result.diffs.items()
                   if function_of(name) == entry["function"] and entry["mutant"].strip() in lines]
        result.equivalent.update({name: entry["reason"] for name in matches})
        if not matches:
            stale.append(entry)
    return stale


def report(results: list[Result], stale: list[dict], threshold: float = THRESHOLD) -> tuple[str, bool]:
    """The per-module scores, the survivors and the stale equivalents as text, and whether all passed."""
    lines, passed = [], not stale
    for result in results:
        ok = result.score >= threshold
        passed &= ok
        lines.append(f"{result.module}: {result.score:.1%} ({result.detected} of {result.counted} mutants "
                     f"detected, {len(result.equivalent)} equivalent) {'ok' if ok else 'FAIL'}")
        for name in result.survivors:
            change = " | ".join(result.diffs.get(name, [])) or "(no diff)"
            lines.append(f"  survived {name} [{result.statuses[name]}]: {change}")
    for entry in stale:
        lines.append(f"stale equivalent in {EQUIVALENTS_FILE.name}: {entry['module']}.{entry['function']}: "
                     f"{entry['mutant']}")
    lines.append(f"{'PASS' if passed else 'FAIL'}: every module needs {threshold:.0%}")
    return "\n".join(lines), passed


HEADER = ["| module | score | detected | mutants counted | equivalent | run time | recorded |",
          "| --- | --- | --- | --- | --- | --- | --- |"]


def score_row(result: Result, seconds: float, day: str) -> str:
    """One module's row of the scores table in ``docs/mutation.md``."""
    return (f"| {result.module} | {result.score:.1%} | {result.detected} | {result.counted} | "
            f"{len(result.equivalent)} | {seconds / 60:.1f} min | {day} |")


def record(rows: dict[str, str], page: Path = SCORES_PAGE) -> None:
    """Put ``rows`` (module -> table row) into the scores table of ``page``, keeping the other modules'."""
    head, rest = page.read_text(encoding="utf-8").split(BEGIN, 1)
    table, tail = rest.split(END, 1)
    kept = {line.split("|")[1].strip(): line for line in table.strip().splitlines()[2:]}
    merged = {**kept, **rows}
    lines = HEADER + [merged[module] for module in MODULES if module in merged]
    page.write_text(f"{head}{BEGIN}\n" + "\n".join(lines) + f"\n{END}{tail}", encoding="utf-8")


def prepare(module: str, work: Path, root: Path = PROJECT_DIR) -> None:
    """A fresh scratch copy with the package, the module's own tests, the data and mutmut's settings."""
    shutil.rmtree(work, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(root / "course_utils", work / "course_utils", ignore=ignore)
    shutil.copytree(root / "data", work / "data", ignore=ignore)
    source, tests = MODULES[module]
    package = Path(tests).parent
    (work / package).mkdir(parents=True)
    for path in ("tests/__init__.py", "tests/conftest.py", package / "__init__.py", tests):
        shutil.copy(root / path, work / path)
    (work / "pyproject.toml").write_text(CONFIG.format(source=source, tests=tests), encoding="utf-8")


def mutmut(work: Path, *arguments: str) -> str:
    """Run ``python -m mutmut`` in ``work``; its standard output."""
    completed = subprocess.run([sys.executable, "-m", "mutmut", *arguments], cwd=work, text=True,
                               capture_output=True, env={**os.environ, "COURSE_STRICT": "1"})
    if completed.returncode:
        raise RuntimeError(f"mutmut {' '.join(arguments)} failed in {work}:\n{completed.stderr[-3000:]}")
    return completed.stdout


def run_module(module: str, children: int, work: Path) -> Result:
    """Mutate one module, run its tests against every mutant; the statuses and the survivors' diffs."""
    prepare(module, work)
    mutmut(work, "run", "--max-children", str(children))
    result = Result(module, parse_results(mutmut(work, "results", "--all", "true")))
    for name, status in result.statuses.items():
        if status not in DETECTED:
            result.diffs[name] = mutated_lines(mutmut(work, "show", name))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course mutation", description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="module",
                        help=f"any of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--children", type=int, default=os.cpu_count() or 1,
                        help="mutants run at once (default: one per core)")
    parser.add_argument("--record", action="store_true", help=f"write the scores to {SCORES_PAGE.name}")
    args = parser.parse_args(argv)
    if unknown := set(args.modules) - set(MODULES):
        parser.error(f"unknown modules {sorted(unknown)}; choose from {', '.join(MODULES)}")
    equivalents, results, stale, seconds = load_equivalents(), [], [], {}
    for module in args.modules or MODULES:
        start = time.monotonic()
        print(f"mutating {' against '.join(MODULES[module])} ...", flush=True)
        result = run_module(module, args.children, PROJECT_DIR / "build" / "mutation" / module)
        seconds[module] = time.monotonic() - start
        stale += mark_equivalents(result, equivalents)
        results.append(result)
        print(f"  {len(result.statuses)} mutants in {seconds[module] / 60:.1f} min", flush=True)
    text, passed = report(results, stale)
    print(text)
    if args.record:
        day = datetime.date.today().isoformat()
        record({r.module: score_row(r, seconds[r.module], day) for r in results})
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
