"""Prose cannot state a measured number that no code prints: every decimal, percentage or
"k in n" in a Markdown cell appears in the notebook's code, or is a justified exception listed
(with its reason) in docs/prose_numbers.toml. See CONTRIBUTING.md."""

import re
import tomllib

import nbformat
import pytest

from course_tools.notebooks import PROJECT_DIR, course_notebooks

EXCEPTIONS = tomllib.loads((PROJECT_DIR / "docs" / "prose_numbers.toml").read_text(encoding="utf-8"))
NUMBER = re.compile(r"(?<![\w.$`])(\d+(?:\.\d+)+|\d+(?:\.\d+)?\s?%|\d+ in \d+)(?![\w])")
NOT_PROSE = [r"\$\$.*?\$\$", r"\$[^$\n]*\$", r"`[^`]*`", r"\]\([^)]*\)", r"https?://\S+", r"<[^>]+>"]


def prose_numbers(markdown: str) -> list[str]:
    """The decimals, percentages and "k in n" ratios in a Markdown text, outside maths, code and links."""
    for pattern in NOT_PROSE:
        markdown = re.sub(pattern, " ", markdown, flags=re.DOTALL)
    return [re.sub(r"\s+", " ", re.sub(r"\s+%", "%", match)) for match in NUMBER.findall(markdown)]


def unbacked_numbers(notebook) -> list[str]:
    """Numbers stated in Markdown that no code cell contains."""
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    stated = [number for cell in notebook.cells if cell.cell_type == "markdown"
              for number in prose_numbers(cell.source)]
    return sorted({number for number in stated if number.rstrip("%") not in code})


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda path: path.stem)
def test_every_number_in_the_prose_is_printed_by_code_or_justified(path):
    allowed = EXCEPTIONS.get(path.stem, {})
    unjustified = [number for number in unbacked_numbers(nbformat.read(path, as_version=4))
                   if number not in allowed]
    assert unjustified == [], (f"{path.name} states {unjustified} in Markdown but no code cell prints or "
                               "uses them: print them from code, check the claim with evidence.claim, or "
                               "justify them in docs/prose_numbers.toml")


@pytest.mark.parametrize("stem", sorted(EXCEPTIONS))
def test_every_exception_is_still_needed_and_has_a_reason(stem):
    path = PROJECT_DIR / "notebooks" / f"{stem}.ipynb"
    assert path.is_file(), f"docs/prose_numbers.toml names {stem}, which is not a notebook"
    stated = set(unbacked_numbers(nbformat.read(path, as_version=4)))
    stale = [number for number in EXCEPTIONS[stem] if number not in stated]
    assert stale == [], f"{stem}: exceptions no longer needed, remove them: {stale}"
    assert all(len(reason) > 10 for reason in EXCEPTIONS[stem].values())


@pytest.mark.parametrize("markdown, expected", [
    ("AUC 0.993, about 95 % of cases, 1 in 20 patients", ["0.993", "95%", "1 in 20"]),
    ("$p = 0.5$ and `lr=0.01` and [x](a/0.3.html) and section 7.10.2", ["7.10.2"]),
    ("13 epochs and 569 patients", []),
])
def test_the_scanner_finds_measured_looking_numbers_only_in_prose(markdown, expected):
    assert prose_numbers(markdown) == expected
