"""Build the executed course as a static, offline website (``make book``).

The sources are staged into ``build/book/`` with the repository's layout
(``notebooks/``, ``docs/``, ``data/datasheets/``) so relative links between
pages keep working; ``_toc.yml`` is written there from the files that exist;
then Jupyter Book 1.x renders the site into ``build/site/``.

Notebook outputs: a notebook already executed by ``make course`` (in
``build/notebooks/``, newer than its source) is used as it is; any other is
executed during the build (``--no-execute`` skips that, as the test suite does
to stay fast). Each notebook page gets a Binder and a Colab link from
:mod:`course_tools.links`.

Usage::

    python -m course_tools.book [--no-execute]
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import yaml

from course_tools import links
from course_tools.notebooks import PROJECT_DIR, course_notebooks
from course_tools.release import BEGIN_SOLUTION
from course_utils.paths import build_dir

BOOK_DIR = PROJECT_DIR / "book"
DOCS_DIR = PROJECT_DIR / "docs"
DATASHEETS_DIR = PROJECT_DIR / "data" / "datasheets"
# Pages in the "For instructors and readers" part, in this order when they exist.
DOCS_ORDER = ["instructor_guide", "teaching_at_scale", "benchmarks", "glossary"]
LAUNCH_TAG = "launch-links"
FOLD_TAG = "hide-input"


def staging_dir(root: Path | None = None) -> Path:
    """Where the book's sources are assembled (``build/book/``)."""
    return (root or build_dir()) / "book"


def site_dir(root: Path | None = None) -> Path:
    """Where the finished site goes (``build/site/``)."""
    return (root or build_dir()) / "site"


def executed_dir() -> Path:
    """Where ``make course`` leaves executed notebooks (``build/notebooks/``)."""
    return build_dir() / "notebooks"


def notebook_source(notebook: Path) -> Path:
    """The executed copy from ``make course`` when it is newer than ``notebook``, else ``notebook``."""
    executed = executed_dir() / notebook.name
    if executed.exists() and executed.stat().st_mtime >= notebook.stat().st_mtime:
        return executed
    return notebook


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The text of the notebook's first level-1 Markdown heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, flags=re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def with_launch_links(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """A copy of ``notebook`` with the Binder/Colab links right under its title.

    The first Markdown cell is split after its leading heading lines (title and
    subtitle), and the links go in a cell of their own between the two parts.
    """
    staged = nbformat.from_dict(json.loads(json.dumps(notebook)))
    staged.cells = [cell for cell in staged.cells if LAUNCH_TAG not in cell.metadata.get("tags", [])]
    launch = nbformat.v4.new_markdown_cell(links.launch_markdown(name), metadata={"tags": [LAUNCH_TAG]})
    title_at = next((i for i, c in enumerate(staged.cells) if c.cell_type == "markdown"), None)
    if title_at is None:
        staged.cells.insert(0, launch)
    else:
        headings, rest = split_headings(staged.cells[title_at].source)
        parts = [nbformat.v4.new_markdown_cell(headings), launch] if headings else [launch]
        if rest:
            parts.append(nbformat.v4.new_markdown_cell(rest))
        staged.cells[title_at:title_at + 1] = parts
    staged.nbformat_minor = max(staged.nbformat_minor, 5)
    for position, each in enumerate(staged.cells):
        each["id"] = f"cell-{position}"
    return staged


def fold_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Tag every solution cell ``hide-input``: the site shows it folded, behind a click.

    Readers can still check their work, but an assigned exercise's answer is not
    the first thing a student scrolling the site sees.
    """
    for cell in notebook.cells:
        if cell.cell_type == "code" and BEGIN_SOLUTION in cell.source:
            tags = cell.metadata.setdefault("tags", [])
            if FOLD_TAG not in tags:
                tags.append(FOLD_TAG)
    return notebook


def split_headings(source: str) -> tuple[str, str]:
    """``source`` split into its leading heading (and blank) lines and the rest."""
    lines = source.splitlines()
    count = 0
    while count < len(lines) and (lines[count].startswith("#") or not lines[count].strip()):
        count += 1
    return "\n".join(lines[:count]).strip(), "\n".join(lines[count:]).strip()


def stage_notebooks(target: Path) -> list[tuple[str, str, bool]]:
    """Copy every notebook (with launch links) into ``target/notebooks``.

    Returns:
        ``(page path without suffix, title, executed before the build)`` per notebook.
    """
    (target / "notebooks").mkdir(parents=True, exist_ok=True)
    pages = []
    for notebook in course_notebooks():
        source = notebook_source(notebook)
        content = nbformat.read(source, as_version=4)
        staged = fold_solutions(with_launch_links(content, notebook.name))
        nbformat.write(staged, target / "notebooks" / notebook.name)
        title = notebook_title(content, notebook.stem)
        pages.append((f"notebooks/{notebook.stem}", title, source != notebook))
    return pages


def stage_markdown_tree(source: Path, target: Path) -> list[Path]:
    """Copy a folder of Markdown pages (and their images) into ``target``; return the pages."""
    if not source.is_dir():
        return []
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("_build", ".*"))
    return sorted(path.relative_to(target) for path in target.glob("*.md") if path.name != "README.md")


def ordered_docs(pages: list[Path]) -> list[Path]:
    """Docs pages: the known ones in :data:`DOCS_ORDER`, then the rest alphabetically."""
    rank = {stem: position for position, stem in enumerate(DOCS_ORDER)}
    return sorted(pages, key=lambda page: (rank.get(page.stem, len(rank)), page.stem))


def table_of_contents(notebooks: list[str], datasheets: list[str], docs: list[str]) -> dict:
    """The ``_toc.yml`` content: landing page, lessons, data sheets, docs."""
    parts = [
        ("Lessons", notebooks),
        ("Data sheets", datasheets),
        ("For instructors and readers", docs),
    ]
    return {
        "format": "jb-book",
        "root": "intro",
        "parts": [
            {"caption": caption, "chapters": [{"file": page} for page in pages]}
            for caption, pages in parts
            if pages
        ],
    }


def lesson_table(pages: list[tuple[str, str, bool]]) -> str:
    """Markdown table of lessons with their launch links, for the landing page."""
    rows = ["| Lesson | Run it |", "| --- | --- |"]
    for page, title, _ in pages:
        name = Path(page).name
        rows.append(f"| [{title}]({page}.ipynb) | "
                    f"[Binder]({links.binder_url(name)}) · [Colab]({links.colab_url(name)}) |")
    return "\n".join(rows)


def book_config(execute: bool) -> dict:
    """``book/_config.yml`` with the execution mode for this build."""
    config = yaml.safe_load((BOOK_DIR / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "auto" if execute else "off"
    return config


def stage(execute: bool = True, root: Path | None = None) -> Path:
    """Assemble the book's sources in :func:`staging_dir` and return it."""
    target = staging_dir(root)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    notebooks = stage_notebooks(target)
    datasheets = stage_markdown_tree(DATASHEETS_DIR, target / "data" / "datasheets")
    docs = ordered_docs(stage_markdown_tree(DOCS_DIR, target / "docs"))
    for stem in DOCS_ORDER:
        if not (DOCS_DIR / f"{stem}.md").exists():
            print(f"note: docs/{stem}.md does not exist yet; the site has no such page.")
    intro = (BOOK_DIR / "intro.md").read_text(encoding="utf-8")
    (target / "intro.md").write_text(f"{intro.rstrip()}\n\n## Lessons\n\n{lesson_table(notebooks)}\n",
                                     encoding="utf-8")
    toc = table_of_contents(
        [page for page, _, _ in notebooks],
        [f"data/datasheets/{page.with_suffix('')}" for page in datasheets],
        [f"docs/{page.with_suffix('')}" for page in docs],
    )
    (target / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
    (target / "_config.yml").write_text(yaml.safe_dump(book_config(execute), sort_keys=False,
                                                        allow_unicode=True))
    return target


def kernel_env() -> dict[str, str]:
    """The build's environment: as ours, but notebooks draw inline figures (no ``MPLBACKEND``)."""
    return {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}


def build(execute: bool = True, root: Path | None = None) -> Path:
    """Stage, render with Jupyter Book and copy the HTML to :func:`site_dir`.

    Args:
        execute: execute notebooks that have no executed copy from ``make course``.
        root: the folder for ``book/``, ``site/`` and the log (default ``build/``);
            executed notebooks are always taken from ``build/notebooks/``.

    Raises:
        RuntimeError: when Jupyter Book fails or a notebook fails to execute;
            the message names the log file.
    """
    source = stage(execute, root)
    log_path = (root or build_dir()) / "book.log"
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(source),
               "--builder", "html", "--keep-going"]
    with log_path.open("w", encoding="utf-8") as log:
        result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False,
                                env=kernel_env())
    log_text = log_path.read_text(encoding="utf-8")
    failed = re.findall(r"Executing notebook failed|Execution Failed|CellExecutionError", log_text)
    if result.returncode != 0 or failed:
        raise RuntimeError(f"the book build failed (exit {result.returncode}, {len(failed)} "
                           f"notebook execution failures); see {log_path}")
    html = source / "_build" / "html"
    if not (html / "index.html").exists():
        raise RuntimeError(f"Jupyter Book wrote no {html / 'index.html'}; see {log_path}")
    site = site_dir(root)
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(html, site)
    return site


def content_pages(site: Path) -> list[Path]:
    """The site's content pages (no search, index or redirect pages, nothing under ``_static``)."""
    generated = {"genindex.html", "search.html", "index.html"}
    return sorted(page for page in site.rglob("*.html")
                  if page.name not in generated and not page.relative_to(site).parts[0].startswith("_"))


def main(argv: list[str] | None = None) -> int:
    """Command line: build the site and say where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-execute", action="store_true",
                        help="do not execute notebooks lacking outputs (faster; used by tests)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        site = build(execute=not args.no_execute)
    except RuntimeError as error:
        print(f"make book: {error}", file=sys.stderr)
        return 1
    print(f"Site with {len(content_pages(site))} pages in {site} ({time.perf_counter() - started:.0f} s). "
          f"Open {site / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
