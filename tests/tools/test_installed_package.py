"""Colab without Colab: the wheel alone, installed with the learner's dependencies into a fresh
environment outside the clone, runs a learner notebook and guards its data.

Slow (minutes): builds the wheel and installs TensorFlow. ``pytest -s`` prints the timings.
"""

import json
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from packaging.markers import default_environment

import course_utils
from course_tools import lockfile
from course_tools.bench import NOTEBOOK_MEMORY_MB, NOTEBOOK_SECONDS
from course_tools.notebooks import PROJECT_DIR
from course_tools.runner import KernelMemorySampler, kernel_manager_logging_to
from course_tools.wheel import build as build_wheel
from course_utils.data import sha256_of
from course_utils.distribution import PIP_INSTALL

pytestmark = pytest.mark.slow

# The lightest learner notebook that loads data (every table, MNIST) and has exercises: about 5 s.
NOTEBOOK = PROJECT_DIR / "learner" / "00_welcome.ipynb"
REGISTRY = json.loads((PROJECT_DIR / "data" / "registry.json").read_text())
DATASHEETS = sorted(path.name for path in (PROJECT_DIR / "data" / "datasheets").glob("*.md"))
NOT_FOR_LEARNERS = ["course_tools", "papermill", "nbformat", "nbclient", "nbgrader", "jupyterlab", "pytest",
                    "nbval", "jupyter_book", "playwright"]
LOAD_DIABETES = "from course_utils import data; data.load_xy('diabetes')"
WHERE_IS = "import course_utils, sys; print(course_utils.__file__); print(sys.executable)"


@dataclass
class FreshEnvironment:
    """The fresh environment's interpreter, its site-packages and how long the install took."""

    python: Path
    site_packages: Path
    install_seconds: float


def run(*command, **kwargs) -> str:
    """Run a command, fail with its output if it fails, return its stdout."""
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def outputs_text(cell) -> str:
    """Everything a cell printed or displayed, as one string."""
    return "".join(out.get("text", "") + str(out.get("data", "")) for out in cell.get("outputs", []))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The course_utils wheel, built from a copy of the clone's sources."""
    return build_wheel(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def fresh(wheel, tmp_path_factory):
    """A new virtual environment outside the clone holding the wheel and the learner's packages only.

    Removed after the module's tests (it holds 2 GB).
    """
    folder = tmp_path_factory.mktemp("fresh")
    run(getattr(sys, "_base_executable", sys.executable), "-m", "venv", folder / "venv")
    python = folder / "venv" / "bin" / "python"
    start = time.perf_counter()
    run(python, "-m", "pip", "install", "--quiet", f"{wheel}[tensorflow]", "-c", lockfile.LOCK_PATH,
        cwd=folder, timeout=3600)
    install_seconds = time.perf_counter() - start
    print(f"\nInstalled {wheel.name}[tensorflow] in a fresh environment: {install_seconds:.0f} s")
    site_packages = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    yield FreshEnvironment(python, Path(site_packages.strip()).resolve(), install_seconds)
    shutil.rmtree(folder)


def test_the_wheel_carries_every_data_file_and_datasheet(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    files = {"registry.json", "README.md", *(f"datasheets/{name}" for name in DATASHEETS)}
    files |= {info[key] for info in REGISTRY.values() for key in ("file", "datasheet")}
    missing = sorted(file for file in files if f"course_utils/_data/{file}" not in names)
    assert missing == [], "data files missing from the wheel"


def test_the_wheel_leaves_the_toolkit_out(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert [name for name in names if name.startswith("course_tools/") or "entry_points" in name] == []


def test_the_fresh_environment_holds_the_learner_packages_at_the_locked_versions(fresh, tmp_path):
    installed = {lockfile.normalise(package["name"]): package["version"] for package in
                 json.loads(run(fresh.python, "-m", "pip", "list", "--format", "json"))}
    locked = lockfile.resolve(lockfile.pinned_lines(lockfile.LOCK_PATH.read_text()), default_environment())
    assert installed.pop("course-utils") == course_utils.__version__
    unlocked = {name: version for name, version in installed.items()
                if name not in ("pip", "setuptools") and locked.get(name) != version}
    assert unlocked == {}, "installed versions differ from requirements.lock"
    code = ("import importlib.util as u, json; from course_utils import environment; print(json.dumps("
            f"[environment.missing_packages(), [n for n in {NOT_FOR_LEARNERS} if u.find_spec(n)]]))")
    missing, toolkit = json.loads(run(fresh.python, "-c", code, cwd=tmp_path))
    assert missing == [], "the learner's packages (TensorFlow included) are all there"
    assert toolkit == [], "nothing of the lab, tools, test, grading, book or browser extras"
    module, _ = run(fresh.python, "-c", WHERE_IS, cwd=tmp_path).splitlines()
    assert Path(module).resolve().is_relative_to(fresh.site_packages)


def test_a_learner_notebook_runs_alone_in_the_fresh_environment(fresh, tmp_path, monkeypatch):
    import papermill

    kernels, alone = tmp_path / "kernels", tmp_path / "alone"
    run(fresh.python, "-m", "ipykernel", "install", "--prefix", kernels, "--name", "course-fresh")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(WHERE_IS))  # which package and kernel ran it
    alone.mkdir()
    nbformat.write(notebook, alone / NOTEBOOK.name)
    monkeypatch.setenv("JUPYTER_PATH", str(kernels / "share" / "jupyter"))
    monkeypatch.setenv("COURSE_STRICT", "0")  # the learner's setting: blanks say "Not attempted"
    monkeypatch.delenv("PYTHONPATH", raising=False)
    start = time.perf_counter()
    with KernelMemorySampler() as sampler:
        executed = papermill.execute_notebook(
            str(alone / NOTEBOOK.name), str(tmp_path / NOTEBOOK.name), cwd=str(alone),
            kernel_name="course-fresh", progress_bar=False, execution_timeout=600,
            kernel_manager_class=kernel_manager_logging_to(tmp_path / "kernel.log"))
    seconds = time.perf_counter() - start
    print(f"\n{NOTEBOOK.name} in the fresh environment: {seconds:.1f} s, peak memory "
          f"{sampler.peak_mb:.0f} MB (install: {fresh.install_seconds:.0f} s)")
    assert "already installed" in outputs_text(executed.cells[0])
    assert "Not attempted" in "".join(outputs_text(cell) for cell in executed.cells)
    module, executable = outputs_text(executed.cells[-1]).split()
    assert Path(module).resolve().is_relative_to(fresh.site_packages)
    assert Path(executable) == fresh.python
    assert seconds < NOTEBOOK_SECONDS, "the notebook's time budget (docs/benchmarks.md)"
    assert sampler.peak_mb < NOTEBOOK_MEMORY_MB, "the notebook's memory budget (docs/benchmarks.md)"


def test_a_damaged_installed_data_file_names_both_hashes_and_the_reinstall(fresh, tmp_path):
    path = fresh.site_packages / "course_utils" / "_data" / REGISTRY["diabetes"]["file"]
    original = path.read_bytes()
    try:
        path.write_bytes(bytes([original[0] ^ 1]) + original[1:])
        damaged_sha256 = sha256_of(path)
        result = subprocess.run([fresh.python, "-c", LOAD_DIABETES], capture_output=True, text=True,
                                cwd=tmp_path)
    finally:
        path.write_bytes(original)
    assert result.returncode == 1
    assert "During handling" not in result.stderr, "one error, not a chain"
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("course_utils.data.DataError: ")
    expected_sha256 = REGISTRY["diabetes"]["sha256"]
    for part in [str(path), damaged_sha256, expected_sha256, f"{PIP_INSTALL} --force-reinstall"]:
        assert part in message
    assert "git checkout" not in message
