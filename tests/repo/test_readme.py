"""README.md tells the truth: its badge, commands, targets and links exist."""

import re
from urllib.parse import parse_qs, urlparse

from course_tools.notebooks import PROJECT_DIR, course_notebooks

README = (PROJECT_DIR / "README.md").read_text()
MAKEFILE = (PROJECT_DIR / "Makefile").read_text()


def quick_start_commands() -> dict[str, str]:
    """The Quick start block's commands, keyed by the first word of their comment."""
    section = README.split("## Quick start", 1)[1]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    commands = {}
    for line in block.strip().splitlines():
        command, _, comment = line.partition("#")
        commands[comment.split()[0]] = command.strip()
    return commands


def binder_urls() -> list[str]:
    return re.findall(r"https://mybinder\.org/v2/[^)\s]+", README)


def test_binder_badge_opens_an_existing_notebook_in_jupyterlab():
    urls = binder_urls()
    assert urls, "README needs a Binder badge"
    for url in urls:
        urlpath = parse_qs(urlparse(url).query)["urlpath"][0]
        assert urlpath.startswith("lab/tree/"), f"{url} must open JupyterLab"
        target = urlpath.removeprefix("lab/tree/")
        assert target == "learner/00_welcome.ipynb", "the badge must open the learner edition"
        assert (PROJECT_DIR / target).is_file(), f"{target} named by the Binder badge does not exist"


def test_quick_start_shows_the_two_commands_first():
    commands = quick_start_commands()
    assert commands == {"use": "make lab", "test": "make test"}
    assert README.index("## Quick start") < README.index("### What each target does")


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = [line.strip() for line in (PROJECT_DIR / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in ci_lines if line and not line.startswith("#")]
    assert commands[-1] == quick_start_commands()["test"]
    assert not any("pytest" in line or "ruff" in line for line in commands), \
        ".ci/run must not run tests other than through the README's command"


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, flags=re.MULTILINE))


def test_every_make_command_in_readme_exists():
    mentioned = set(re.findall(r"`make ([a-z-]+)", README))
    assert mentioned, "README should show make commands"
    assert mentioned <= makefile_targets(), f"unknown targets: {mentioned - makefile_targets()}"


def test_every_documented_target_is_in_readme():
    documented = set(re.findall(r"^([a-z][a-z-]*):.*##", MAKEFILE, flags=re.MULTILINE))
    missing = {target for target in documented if f"`make {target}`" not in README}
    assert not missing, f"README's target table lacks: {missing}"


def test_relative_links_point_to_existing_files():
    links = re.findall(r"\]\((?!https?://|#)([^)\s]+)\)", README)
    assert links, "README should link the course's files"
    missing = [link for link in links if not (PROJECT_DIR / link).exists()]
    assert not missing, f"README links to missing files: {missing}"


def test_course_map_lists_every_notebook():
    for notebook in course_notebooks():
        assert f"(learner/{notebook.name})" in README, f"{notebook.name} is missing from the course map"


def test_readme_names_the_install_command_the_colab_cell_runs():
    from course_utils.distribution import PACKAGE_URL

    assert f'pip install "course_utils @ {PACKAGE_URL}"' in README
