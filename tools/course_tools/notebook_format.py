"""Canonical, clean notebooks (``make clean-notebooks``).

Clean means: nbformat 4.5, kernelspec ``python3``, one-space JSON indent,
execution counts and outputs kept only in cells tagged ``nbval-check-output``
(their outputs are what nbval compares), and nbgrader metadata derived from the
solution markers and check cells (:func:`course_tools.release.annotate`).
``--execute`` first runs the notebook in a fresh kernel so that the tagged cells
carry fresh outputs.

Usage::

    python -m course_tools.notebook_format notebooks/*.ipynb            # clean in place
    python -m course_tools.notebook_format --execute notebooks/04_building.ipynb
    python -m course_tools.notebook_format --check notebooks/*.ipynb    # exit 1 if not clean
"""

import argparse
import sys
from pathlib import Path

import nbformat

from course_tools.notebooks import course_notebooks
from course_tools.release import annotate

CHECKED_TAG = "nbval-check-output"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def is_checked(cell) -> bool:
    """True for a cell whose outputs nbval compares."""
    return CHECKED_TAG in cell.get("metadata", {}).get("tags", [])


def clean(notebook: nbformat.NotebookNode, name: str = "notebook") -> nbformat.NotebookNode:
    """Return the notebook in canonical form (the input is modified too).

    Raises:
        course_tools.release.ReleaseError: a solution block or check cell, in the
            notebook called ``name``, that no student version can be made from.
    """
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    notebook.metadata = {
        key: value for key, value in notebook.metadata.items() if key in ("course", "nbgrader")
    }
    notebook.metadata["kernelspec"] = KERNELSPEC
    notebook.metadata["language_info"] = {"name": "python"}
    code_number = 0
    for index, cell in enumerate(notebook.cells):
        cell.setdefault("id", f"cell-{index}")
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in ("tags", "nbgrader")}
        if cell.cell_type == "code":
            code_number += 1
            # nbval compares only cells with an execution count ("unrun" cells must have no
            # outputs), so a tagged cell keeps one: its position among the code cells.
            cell.execution_count = code_number if is_checked(cell) else None
            if not is_checked(cell):
                cell.outputs = []
            for output in cell.outputs:
                if output.output_type == "execute_result":
                    output.execution_count = cell.execution_count
    annotate(notebook, name)
    nbformat.validate(notebook)
    return notebook


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel, in its own folder."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson notebook")
    parser.add_argument("--check", action="store_true", help="only report unclean notebooks")
    parser.add_argument("--execute", action="store_true", help="refresh tagged outputs first")
    args = parser.parse_args(argv)
    unclean = []
    for path in args.notebooks or course_notebooks():
        notebook = execute(path) if args.execute else nbformat.read(path, as_version=4)
        text = nbformat.writes(clean(notebook, path.name))
        if path.read_text() != text:
            unclean.append(path)
            if not args.check:
                path.write_text(text)
    verb = "not clean (run 'make clean-notebooks')" if args.check else "cleaned"
    for path in unclean:
        print(f"{path}: {verb}")
    return 1 if (args.check and unclean) else 0


if __name__ == "__main__":
    sys.exit(main())
