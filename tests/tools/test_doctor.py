"""The environment check every make target runs first."""

import sys
from pathlib import Path

from course_tools import doctor


def test_complete_environment_passes():
    assert doctor.missing_packages(doctor.NEEDED) == []
    assert doctor.course_utils_installed()
    assert doctor.main([]) == 0


def test_missing_package_is_named(monkeypatch, capsys):
    monkeypatch.setattr(doctor, "NEEDED", ["numpy", "no_such_package_for_the_course"])
    assert doctor.main([]) == 1
    assert "no_such_package_for_the_course" in capsys.readouterr().err


def test_interpreter_without_the_course_package_is_reported(monkeypatch, capsys):
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    monkeypatch.setattr(doctor.sys, "executable", str(base_python))
    assert not doctor.course_utils_installed()
    assert doctor.main([]) == 1
    assert "course_utils is not installed" in capsys.readouterr().err
