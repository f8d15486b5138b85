"""course_utils.paths (a clone's data/ or the installed package's _data) and data.restore_advice."""

import importlib.util
import shutil
import tempfile
from pathlib import Path

from course_utils import data, paths
from course_utils.distribution import PIP_INSTALL

REPOSITORY = Path(__file__).resolve().parents[2]


def test_in_a_clone_the_data_are_the_repository_data_folder():
    assert paths.IN_CHECKOUT
    assert paths.DATA_DIR == REPOSITORY / "data"
    assert (paths.DATA_DIR / "registry.json").is_file()


def test_build_dir_is_build_in_a_clone_unless_course_build_dir_says_otherwise(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_BUILD_DIR", raising=False)
    assert paths.build_dir() == REPOSITORY / "build"
    monkeypatch.setenv("COURSE_BUILD_DIR", str(tmp_path))
    assert paths.build_dir() == tmp_path


def test_installed_outside_a_clone_the_data_travel_in_the_package(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "course_utils"
    package.mkdir(parents=True)
    shutil.copy(paths.__file__, package / "paths.py")
    spec = importlib.util.spec_from_file_location("installed_paths", package / "paths.py")
    installed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installed)
    monkeypatch.delenv("COURSE_BUILD_DIR", raising=False)
    assert not installed.IN_CHECKOUT
    assert installed.DATA_DIR == package.resolve() / "_data"
    assert installed.build_dir() == Path(tempfile.gettempdir()) / "course_utils_build"


def test_restore_advice_installed_names_the_reinstall_not_git():
    advice = data.restore_advice("diabetes.csv", in_checkout=False)
    assert f"{PIP_INSTALL} --force-reinstall" in advice
    assert "git checkout" not in advice


def test_restore_advice_in_a_clone_names_git_checkout_of_the_file():
    assert "git checkout -- data/diabetes.csv" in data.restore_advice("diabetes.csv", in_checkout=True)
