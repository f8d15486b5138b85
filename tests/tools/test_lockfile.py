"""environment.yml, binder/ and requirements.lock pin the same packages and versions."""

import os

import pytest
import yaml

from course_tools import lockfile
from course_tools.notebooks import PROJECT_DIR

MACOS_ARM_PY311 = {**lockfile.LINUX_PY311, "sys_platform": "darwin", "platform_system": "Darwin",
                   "platform_machine": "arm64"}


def lock_versions(environment=lockfile.LINUX_PY311):
    return lockfile.resolve(lockfile.pinned_lines(lockfile.LOCK_PATH.read_text()), environment)


def environment_yml():
    return yaml.safe_load((PROJECT_DIR / "environment.yml").read_text())


def test_environment_yml_pins_the_lock():
    environment = environment_yml()
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    requirements = [line for line in pip_section if line != "-e ."]
    assert lockfile.resolve(requirements) == lock_versions()
    assert "-e ." in pip_section, "conda users need the course package itself"


def test_environment_yml_names_python_311_and_the_environment():
    environment = environment_yml()
    assert environment["name"] == lockfile.ENVIRONMENT_NAME
    assert "python=3.11" in environment["dependencies"]
    assert "pip" in environment["dependencies"]


def test_binder_requirements_pin_the_lock_for_linux():
    text = (PROJECT_DIR / "binder" / "requirements.txt").read_text()
    lines = lockfile.pinned_lines(text)
    assert all(";" not in line for line in lines), "Binder's file is already resolved for Linux"
    assert lockfile.resolve(lines) == lock_versions()


def test_binder_runs_python_311_and_installs_the_course_package():
    assert (PROJECT_DIR / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = PROJECT_DIR / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild only when it is executable"
    assert "pip install --no-deps -e ." in post_build.read_text()


def test_generated_files_are_up_to_date_with_the_lock():
    stale = lockfile.stale_files(lockfile.LOCK_PATH.read_text())
    assert not stale, f"stale: {stale}; run 'make env-files'"


def test_markers_pick_tensorflow_cpu_on_linux_and_tensorflow_on_macos():
    assert "tensorflow-cpu" in lock_versions() and "tensorflow" not in lock_versions()
    macos = lock_versions(MACOS_ARM_PY311)
    assert "tensorflow" in macos and "tensorflow-cpu" not in macos


def test_drift_is_detected():
    lock_text = lockfile.LOCK_PATH.read_text().replace("\nkeras==", "\nkeras==0.0.1+", 1)
    assert PROJECT_DIR / "binder" / "requirements.txt" in lockfile.stale_files(lock_text)
    assert PROJECT_DIR / "environment.yml" in lockfile.stale_files(lock_text)


def test_resolve_rejects_unpinned_lines():
    with pytest.raises(ValueError, match="numpy>=1"):
        lockfile.resolve(["numpy>=1"])


def test_names_are_normalised():
    assert lockfile.resolve(["Typing_Extensions==4.0"]) == {"typing-extensions": "4.0"}
