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

The pages are English (``lang="en"``); each run of Chinese text is then marked
``<span lang="zh-Hans">`` in the HTML, and ``book/_static/course.css`` gives it
the system's Chinese fonts, falling back on a subset of Noto Sans CJK SC shipped
in ``book/_static/fonts/`` (only the characters the site uses). When the site's
Chinese text changes, ``--subset-font`` remakes that subset from a copy of Noto
Sans CJK (Debian: ``apt-get install fonts-noto-cjk``).

Usage::

    python -m course_tools.book [--no-execute] [--subset-font [NOTO_CJK_FONT]]
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
from course_tools.release import BEGIN_SOLUTION, without_hidden_tests
from course_utils.paths import build_dir

BOOK_DIR = PROJECT_DIR / "book"
STATIC_DIR = BOOK_DIR / "_static"
DOCS_DIR = PROJECT_DIR / "docs"
DATASHEETS_DIR = PROJECT_DIR / "data" / "datasheets"
# Pages in the "For instructors and readers" part, in this order when they exist.
DOCS_ORDER = ["instructor_guide", "teaching_at_scale", "benchmarks", "glossary"]
LAUNCH_TAG = "launch-links"
FOLD_TAG = "hide-input"
# The Chinese web font. Not named Noto or Source: the OFL keeps those names for the original fonts.
FONT = STATIC_DIR / "fonts" / "course-zh-subset.woff"
FONT_FAMILY = "Course Chinese Subset"
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian's fonts-noto-cjk
# CJK punctuation, Han ideographs (with extension A and compatibility forms) and full-width forms.
CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# Markup left as it is (comments, text that is not HTML, math, tags), or else a run of Chinese text.
MARKUP_OR_CHINESE = re.compile(rf"(<!--.*?-->|<(script|style|title|textarea)\b.*?</\2\s*>"
                               rf"|<[^>]*class=\"math[^>]*>[^<]*|<[^>]*>)|[{CJK}]+(?:\s+[{CJK}]+)*",
                               flags=re.DOTALL | re.IGNORECASE)


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
    the first thing a student scrolling the site sees. The check cells lose their hidden
    tests (the graded check is for autograding), so they read as in the learner edition.
    """
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = without_hidden_tests(cell.source)
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
    shutil.copytree(STATIC_DIR, target / "_static")
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
    for page in site_pages(site):
        page.write_text(mark_chinese(page.read_text(encoding="utf-8")), encoding="utf-8")
    return site


def mark_chinese(html: str) -> str:
    """``html`` with each run of Chinese text in ``<span lang="zh-Hans">``.

    Tags, comments, scripts, styles, math and the ``<title>`` are left as they are.
    """
    def mark(match: re.Match) -> str:
        return match[0] if match[1] else f'<span lang="zh-Hans">{match[0]}</span>'

    return MARKUP_OR_CHINESE.sub(mark, html)


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the site (nothing under ``_static`` or ``_sources``)."""
    return sorted(page for page in site.rglob("*.html")
                  if not page.relative_to(site).parts[0].startswith("_"))


def content_pages(site: Path) -> list[Path]:
    """The site's content pages (no search, index or redirect pages)."""
    generated = {"genindex.html", "search.html", "index.html"}
    return [page for page in site_pages(site) if page.name not in generated]


def site_chinese(site: Path) -> str:
    """Every Chinese character (and CJK punctuation) on the site's pages, sorted, once each."""
    pages = "".join(page.read_text(encoding="utf-8") for page in site_pages(site))
    return "".join(sorted(set(re.findall(f"[{CJK}]", pages))))


def subset_font(source: Path, characters: str, target: Path = FONT) -> Path:
    """Write the glyphs of ``characters`` from ``source`` as a WOFF web font named :data:`FONT_FAMILY`.

    ``source`` is an OpenType font or collection; from a collection the Simplified Chinese face is taken.
    The copyright and licence (SIL OFL 1.1) stay in the font's name table.
    """
    from fontTools import subset, ttLib

    faces = ttLib.TTCollection(source).fonts if source.suffix.lower() == ".ttc" else [ttLib.TTFont(source)]
    font = next((face for face in faces if face["name"].getDebugName(1).endswith(" SC")), faces[0])
    original = font["name"].getDebugName(4)
    options = subset.Options(flavor="woff", name_IDs=[0, 2, 5, 13, 14], layout_features=[])
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    for name_id, value in [(1, FONT_FAMILY), (3, f"{FONT_FAMILY} {len(characters)}"), (4, FONT_FAMILY),
                           (6, FONT_FAMILY.replace(" ", "") + "-Regular"),
                           (10, f"Subset of {original} for the course site, made by course_tools/book.py")]:
        font["name"].setName(value, name_id, 3, 1, 0x409)
    font.recalcTimestamp = False  # the same characters give the same file
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: build the site and say where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-execute", action="store_true",
                        help="do not execute notebooks lacking outputs (faster; used by tests)")
    parser.add_argument("--subset-font", nargs="?", const=NOTO_CJK, type=Path, metavar="NOTO_CJK_FONT",
                        help=f"then remake {FONT.relative_to(PROJECT_DIR)} with the site's Chinese "
                             f"characters (default font: {NOTO_CJK})")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.subset_font and not args.subset_font.exists():
        print(f"make book: no font {args.subset_font} (Debian: apt-get install fonts-noto-cjk)",
              file=sys.stderr)
        return 1
    try:
        site = build(execute=not args.no_execute)
    except RuntimeError as error:
        print(f"make book: {error}", file=sys.stderr)
        return 1
    if args.subset_font:
        characters = site_chinese(site)
        shutil.copy(subset_font(args.subset_font, characters), site / "_static" / "fonts" / FONT.name)
        print(f"Wrote {FONT} ({len(characters)} characters, {FONT.stat().st_size // 1024} kB); commit it.")
    print(f"Site with {len(content_pages(site))} pages in {site} ({time.perf_counter() - started:.0f} s). "
          f"Open {site / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
