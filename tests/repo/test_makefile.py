"""Every make target works as the very first command: it bootstraps .venv, then checks it."""

import re
import shutil
import subprocess

import pytest

from course_tools.notebooks import PROJECT_DIR

MAKEFILE = (PROJECT_DIR / "Makefile").read_text()
USER_TARGETS = ["lab", "lab-solutions", "course", "test", "lint", "clean-notebooks", "release", "data-check",
                "bench", "book", "env-files"]


def prerequisites(target: str) -> list[str]:
    match = re.search(rf"^{re.escape(target)}:([^#\n]*)", MAKEFILE, flags=re.MULTILINE)
    assert match, f"no target {target}"
    return match.group(1).split()


@pytest.mark.parametrize("target", USER_TARGETS)
def test_target_checks_the_environment_first(target):
    assert prerequisites(target) == ["doctor"]


def test_doctor_bootstraps_then_names_the_repair():
    assert prerequisites("doctor") == ["$(READY)"]
    recipe = MAKEFILE.split("\ndoctor:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/course doctor" in recipe and "make repair" in recipe


@pytest.fixture
def project_without_venv(tmp_path):
    for name in ("Makefile", "requirements.lock", "pyproject.toml", "tools/pyproject.toml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(PROJECT_DIR / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize("target", ["test", "lab"])
def test_missing_venv_is_created_from_the_lock(project_without_venv, target):
    dry_run = subprocess.run(["make", "-n", target], cwd=project_without_venv, capture_output=True,
                             text=True, check=True).stdout
    steps = ["-m venv --clear .venv", "--no-deps -r requirements.lock",
             "--no-deps --no-build-isolation -e . -e tools", "course doctor"]
    positions = [dry_run.find(step) for step in steps]
    assert -1 not in positions, f"missing bootstrap steps in:\n{dry_run}"
    assert positions == sorted(positions), "install first, then check, then run"


def test_repair_rebuilds_from_scratch():
    recipe = MAKEFILE.split("\nrepair:", 1)[1].split("\n\n", 1)[0]
    assert "rm -rf $(VENV)" in recipe and "$(MAKE) setup" in recipe


@pytest.mark.parametrize("target, command", [
    ("release", "course release"), ("data-check", "course data-check"), ("book", "course book"),
    ("bench", "course bench"), ("course", "course run"), ("env-files", "course env-files"),
    ("clean-notebooks", "course clean")])
def test_targets_run_their_course_command(target, command):
    recipe = MAKEFILE.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
    assert f"$(BIN)/{command}" in recipe


def test_lab_opens_the_learner_edition_and_lab_solutions_the_solved_source():
    assert "learner/00_welcome.ipynb" in MAKEFILE.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "notebooks/00_welcome.ipynb" in MAKEFILE.split("\nlab-solutions:", 1)[1].split("\n\n", 1)[0]
