"""The course runner on tiny throwaway notebooks (never the course's own)."""

import json

import nbformat
import pytest

from course_tools import runner


def write_notebook(path, *sources):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def course_run(tmp_path_factory):
    """Run one good and one failing notebook through the command line, once."""
    folder = tmp_path_factory.mktemp("course")
    good = write_notebook(folder / "01_good.ipynb", "x = 1 + 1",
                          "ballast = bytearray(200 * 1024 * 1024)\nimport time; time.sleep(0.5)")
    bad = write_notebook(folder / "02_bad.ipynb", "y = 2", "raise ValueError('deliberate failure')",
                         "z = 3")
    sources = {path: path.read_text() for path in (good, bad)}
    status = runner.main([str(good), str(bad), "--output-dir", str(folder / "out"),
                          "--report-dir", str(folder / "report")])
    return folder, sources, status


def test_failing_notebook_makes_exit_status_nonzero(course_run):
    _, _, status = course_run
    assert status == 1


def test_report_names_failing_notebook_and_cell(course_run, capsys):
    folder, _, _ = course_run
    records = json.loads((folder / "report" / "course_report.json").read_text())
    by_name = {record["notebook"].rsplit("/", 1)[-1]: record for record in records}
    assert by_name["02_bad.ipynb"]["status"] == "failed"
    assert by_name["02_bad.ipynb"]["failed_cell"] == 1
    assert "ValueError: deliberate failure" in by_name["02_bad.ipynb"]["error"]
    markdown = (folder / "report" / "course_report.md").read_text()
    assert "02_bad.ipynb" in markdown and "cell 1" in markdown


def test_other_notebooks_still_run_and_are_measured(course_run):
    folder, _, _ = course_run
    records = json.loads((folder / "report" / "course_report.json").read_text())
    good = next(record for record in records if record["notebook"].endswith("01_good.ipynb"))
    assert good["status"] == "ok" and good["failed_cell"] is None and good["error"] is None
    assert good["seconds"] >= 0.5
    # The kernel held a 200 MB buffer: the sampler must have seen the kernel, not this process.
    assert good["peak_memory_mb"] >= 200


def test_sources_untouched_and_executed_copies_written(course_run):
    folder, sources, _ = course_run
    for path, text in sources.items():
        assert path.read_text() == text
    executed = nbformat.read(folder / "out" / "01_good.ipynb", as_version=4)
    assert executed.cells[0].execution_count == 1
    assert (folder / "out" / "01_good.kernel.log").is_file(), "the kernel's own messages go to a log"


def test_record_failure_line():
    record = runner.RunRecord("notebooks/x.ipynb", runner.FAILED, 1.0, 10.0, 3, "KeyError: 'a'")
    assert record.failure == "cell 3: KeyError: 'a'"
    dead = runner.RunRecord("notebooks/x.ipynb", runner.FAILED, 1.0, 10.0, None, "DeadKernelError: died")
    assert dead.failure.startswith("outside a cell")
    assert runner.RunRecord("n", runner.OK, 1.0, 1.0).failure == ""


def test_table_escapes_pipes_and_totals():
    records = [runner.RunRecord("a.ipynb", runner.OK, 2.0, 100.0),
               runner.RunRecord("b.ipynb", runner.FAILED, 3.0, 300.0, 0, "Error: a|b")]
    table = runner.report_table(records)
    assert "a\\|b" in table
    assert "| **total** (2 notebooks, 1 failed) | | 5.0 | 300 | |" in table


def test_missing_notebook_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        runner.main([str(tmp_path / "nope.ipynb")])
    assert "no such notebook" in capsys.readouterr().err
