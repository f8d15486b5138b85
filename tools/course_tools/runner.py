"""Run every notebook headless and report time and memory (``make course``).

Each notebook runs top to bottom in a fresh kernel through papermill; the
executed copy goes to ``build/notebooks/`` and the sources are never touched.
While a notebook runs, a thread samples the resident memory of the kernel's
process tree. A failing notebook does not stop the others; the report names
the notebook and the cell, and the exit status is non-zero.

Usage::

    python -m course_tools.runner                      # every notebooks/NN_*.ipynb
    python -m course_tools.runner notebooks/04_building.ipynb

Writes ``build/course_report.json`` (one record per notebook) and
``build/course_report.md``. Also used by the benchmark (``course_tools.bench``).
"""

import argparse
import json
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from course_tools.notebooks import NOTEBOOKS_DIR, course_notebooks
from course_utils.paths import build_dir

OK, FAILED = "ok", "failed"
CELL_TIMEOUT_SECONDS = 600
MB = 1024 * 1024


@dataclass
class RunRecord:
    """How one notebook run went.

    ``failed_cell`` is the 0-based index of the failing cell in the notebook
    (as JupyterLab lists cells top to bottom), ``None`` when the notebook
    ran or failed outside any cell (e.g. the kernel died).
    """

    notebook: str
    status: str
    seconds: float
    peak_memory_mb: float
    failed_cell: int | None = None
    error: str | None = None

    @property
    def failure(self) -> str:
        """One line saying where and how the notebook failed ('' if it ran)."""
        if self.status == OK:
            return ""
        where = f"cell {self.failed_cell}" if self.failed_cell is not None else "outside a cell"
        return f"{where}: {self.error}"


class KernelMemorySampler:
    """Samples the peak resident memory of this process's descendants in a thread.

    The runner starts one kernel at a time as a child process, so the
    descendants of this process are exactly the kernel and whatever it
    spawned. Memory is summed over that tree at every sample.
    """

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "KernelMemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / MB

    def _run(self) -> None:
        while True:
            self.peak_bytes = max(self.peak_bytes, descendants_rss())
            if self._stop.wait(self.interval):
                return


def descendants_rss() -> int:
    """Resident bytes summed over every descendant process of this one."""
    total = 0
    for process in psutil.Process().children(recursive=True):
        try:
            total += process.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # a process that ended between listing and reading
    return total


def run_notebook(source: Path, output_dir: Path, timeout: int = CELL_TIMEOUT_SECONDS) -> RunRecord:
    """Execute one notebook in a fresh kernel, in its own folder, and measure it.

    Args:
        source: the notebook to run (left unchanged).
        output_dir: where the executed copy is written, under the same name.
        timeout: seconds any single cell may take.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output_dir.mkdir(parents=True, exist_ok=True)
    failed_cell, error = None, None
    start = time.perf_counter()
    with KernelMemorySampler() as sampler:
        try:
            papermill.execute_notebook(
                str(source), str(output_dir / source.name), cwd=str(source.parent),
                kernel_name="python3", progress_bar=False, execution_timeout=timeout,
                kernel_manager_class=kernel_manager_logging_to(output_dir / f"{source.stem}.kernel.log"),
            )
        except PapermillExecutionError as failure:
            failed_cell, error = failure.cell_index, f"{failure.ename}: {failure.evalue}"
        except Exception as failure:  # a dead kernel or a timeout must not stop the others
            error = f"{type(failure).__name__}: {failure}"
    seconds = time.perf_counter() - start
    status = OK if error is None else FAILED
    return RunRecord(_display_name(source), status, round(seconds, 2), round(sampler.peak_mb, 1),
                     failed_cell, error)


def kernel_manager_logging_to(log_path: Path) -> type:
    """A kernel manager whose kernel writes its own stdout/stderr to ``log_path``.

    The kernel's start-up warnings then stay out of the progress bar, and a crash
    message is kept next to the executed notebook. (Cell outputs are unaffected.)
    """
    from jupyter_client.manager import AsyncKernelManager

    class KernelManagerLoggingToFile(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            with open(log_path, "wb") as log:  # the kernel process keeps its own copy of the handle
                await super()._async_launch_kernel(kernel_cmd, **{**kw, "stdout": log, "stderr": log})

    return KernelManagerLoggingToFile


def _display_name(path: Path) -> str:
    """The path relative to the working folder when possible (``notebooks/04_x.ipynb``)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run_all(notebooks: list[Path], output_dir: Path, timeout: int = CELL_TIMEOUT_SECONDS,
            description: str = "Running notebooks") -> list[RunRecord]:
    """Run notebooks one after another with a progress bar; never stop early."""
    from tqdm import tqdm

    records = []
    with tqdm(notebooks, desc=description, unit="notebook", file=sys.stderr) as progress:
        for path in progress:
            progress.set_postfix_str(path.name)
            record = run_notebook(path, output_dir, timeout)
            if record.status == FAILED:
                progress.write(f"FAILED {record.notebook} at {record.failure}")
            records.append(record)
    return records


def report_table(records: list[RunRecord]) -> str:
    """A Markdown table of the records, with a total line."""
    lines = ["| notebook | status | seconds | peak memory (MB) | failure |",
             "| --- | --- | ---: | ---: | --- |"]
    for record in records:
        failure = record.failure.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {record.notebook} | {record.status} | {record.seconds:.1f} | "
                     f"{record.peak_memory_mb:.0f} | {failure} |")
    total = sum(record.seconds for record in records)
    failed = sum(record.status == FAILED for record in records)
    lines.append(f"| **total** ({len(records)} notebooks, {failed} failed) | | {total:.1f} | "
                 f"{max((r.peak_memory_mb for r in records), default=0):.0f} | |")
    return "\n".join(lines)


def write_report(records: list[RunRecord], folder: Path) -> tuple[Path, Path]:
    """Write ``course_report.json`` and ``course_report.md`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path, markdown_path = folder / "course_report.json", folder / "course_report.md"
    json_path.write_text(json.dumps([asdict(record) for record in records], indent=2) + "\n")
    markdown_path.write_text("# Course run\n\nEach notebook executed top to bottom in a fresh kernel "
                             "(`make course`); memory is the kernel process tree's peak resident "
                             "memory.\n\n" + report_table(records) + "\n")
    return json_path, markdown_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run notebooks headless; report time and memory.")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebooks/NN_*.ipynb)")
    parser.add_argument("--output-dir", type=Path, default=None,
                        help="where executed copies go (default: build/notebooks)")
    parser.add_argument("--report-dir", type=Path, default=None,
                        help="where the reports go (default: build)")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT_SECONDS, help="seconds per cell")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or course_notebooks()
    missing = [str(path) for path in notebooks if not path.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    if not notebooks:
        parser.error(f"no notebooks found in {NOTEBOOKS_DIR}")
    records = run_all(notebooks, args.output_dir or build_dir() / "notebooks", args.timeout)
    print(report_table(records))
    json_path, markdown_path = write_report(records, args.report_dir or build_dir())
    print(f"\nReport: {json_path} and {markdown_path}")
    failed = [record for record in records if record.status == FAILED]
    for record in failed:
        print(f"FAILED: {record.notebook} at {record.failure}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
