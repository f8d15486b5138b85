"""The ``course`` command dispatches to the course's tools."""

import importlib

import pytest

from course_tools import cli, lockfile


def test_dispatches_arguments_to_the_module(monkeypatch):
    seen = []
    monkeypatch.setattr(lockfile, "main", lambda argv: seen.append(argv) or 0)
    assert cli.main(["env-files", "--check"]) == 0
    assert seen == [["--check"]]


def test_every_command_names_a_module_with_main():
    for module in cli.COMMANDS.values():
        assert callable(importlib.import_module(module).main)


@pytest.mark.parametrize("argv, status", [([], 2), (["frobnicate"], 2), (["--help"], 0)])
def test_unknown_or_missing_command_prints_usage(argv, status, capsys):
    assert cli.main(argv) == status
    assert "course run" in capsys.readouterr().err
