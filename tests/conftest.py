"""Test-wide settings: strict exercise checks, quiet TensorFlow, a non-interactive plot backend."""

import os

import pytest

os.environ.setdefault("COURSE_STRICT", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The course site (``make book`` without executing notebooks), built once per test session.

    Notebooks already executed by ``make course`` (``build/notebooks/``) show their outputs.
    """
    from course_tools import book

    return book.build(execute=False, root=tmp_path_factory.mktemp("book_build"))
