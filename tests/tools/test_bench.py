"""The benchmark's summaries, verdicts and report, on fake records (no notebook is run)."""

import json

import pytest

from course_tools import bench, runner
from course_tools.runner import FAILED, OK, RunRecord
from course_utils import results

BASELINES = {"logistic_regression_test_auc": 0.995, "linear_regression_test_rmse": 54.0,
             "linear_regression_test_r2": 0.45, "cox_test_c_index": 0.67}


def verdict_of(verdicts, budget_start):
    matches = [v.verdict for v in verdicts if v.budget.startswith(budget_start)]
    assert len(matches) == 1, f"expected one verdict for {budget_start!r}, got {matches}"
    return matches[0]


def test_summarise_takes_median_min_max_and_peak_per_notebook():
    runs = [(10, 700), (30, 900), (12, 800)]
    records = [RunRecord("a.ipynb", OK, seconds, memory) for seconds, memory in runs]
    records.append(RunRecord("b.ipynb", FAILED, 5, 100, 3, "ValueError: x"))
    a, b = bench.summarise(records)
    assert (a.notebook, a.runs, a.median_seconds, a.min_seconds, a.max_seconds) == ("a.ipynb", 3, 12, 10, 30)
    assert a.peak_memory_mb == 900 and a.failed_runs == 0
    assert b.failed_runs == 1 and b.failure == "cell 3: ValueError: x"


@pytest.mark.parametrize("seconds, memory, time_verdict, memory_verdict", [
    (59.9, 1535, "PASS", "PASS"), (60.0, 1536, "FAIL", "FAIL"), (75, 200, "FAIL", "PASS")])
def test_notebook_time_and_memory_budgets(seconds, memory, time_verdict, memory_verdict):
    summary = bench.NotebookSummary("notebooks/07_x.ipynb", 3, 0, seconds, seconds, seconds, memory)
    verdicts = bench.time_memory_verdicts([summary], complete_course=True)
    assert verdict_of(verdicts, "07_x median time") == time_verdict
    assert verdict_of(verdicts, "07_x peak memory") == memory_verdict


def test_a_failing_run_fails_even_when_fast():
    summary = bench.NotebookSummary("n/01_a.ipynb", 3, 1, 5, 5, 5, 100, "cell 2: KeyError: 'x'")
    verdicts = bench.time_memory_verdicts([summary], complete_course=True)
    assert verdict_of(verdicts, "01_a runs") == "FAIL"
    assert "cell 2" in next(v.measured for v in verdicts if v.budget == "01_a runs")


def test_whole_course_budget_sums_medians_and_needs_every_notebook():
    summaries = [bench.NotebookSummary(f"n/{i:02d}.ipynb", 3, 0, 50, 50, 50, 100) for i in range(10)]
    assert verdict_of(bench.time_memory_verdicts(summaries, True), "whole course") == "FAIL"  # 500 s
    assert verdict_of(bench.time_memory_verdicts(summaries[:9], True), "whole course") == "PASS"  # 450 s
    assert verdict_of(bench.time_memory_verdicts(summaries[:2], False), "whole course") == "MISSING"


def metrics_with(auc=0.995, c_index=0.67, accuracy=0.93):
    published = {"07_evaluating": {"test_auc": auc, "baseline_test_auc": 0.99},
                 "09_survival": {"test_c_index": c_index}, "04_building": {"mnist_test_accuracy": accuracy},
                 "06_training": {"test_rmse": 56.0}}
    return {notebook: {key: value for key, value in values.items() if value is not None}
            for notebook, values in published.items()}


@pytest.mark.parametrize("auc, expected", [(0.99, "PASS"), (0.989, "FAIL"), (None, "MISSING")])
def test_diagnosis_auc_budget(auc, expected):
    verdicts = bench.quality_verdicts(metrics_with(auc=auc), BASELINES)
    assert verdict_of(verdicts, "07_evaluating test_auc") == expected


@pytest.mark.parametrize("c_index, expected", [(0.661, "PASS"), (0.659, "FAIL"), (None, "MISSING")])
def test_survival_budget_is_relative_to_cox(c_index, expected):
    verdicts = bench.quality_verdicts(metrics_with(c_index=c_index), BASELINES)
    assert verdict_of(verdicts, "09_survival test_c_index") == expected


def test_survival_without_a_baseline_is_missing_not_pass():
    verdicts = bench.quality_verdicts(metrics_with(), {})
    assert verdict_of(verdicts, "09_survival test_c_index") == "MISSING"


@pytest.mark.parametrize("accuracy, expected", [(0.93, "PASS"), (0.9299, "FAIL"), (None, "MISSING")])
def test_mnist_budget(accuracy, expected):
    verdicts = bench.quality_verdicts(metrics_with(accuracy=accuracy), BASELINES)
    assert verdict_of(verdicts, "04_building mnist_test_accuracy") == expected


def test_quality_rows_give_ratios_against_the_bench_baselines():
    rows = {row["notebook"]: row for row in bench.quality_rows(metrics_with(), BASELINES)}
    assert rows["07_evaluating"]["ratio"] == pytest.approx(1.0)
    assert rows["07_evaluating"]["notebook_baseline"] == 0.99
    assert rows["06_training"]["ratio"] == pytest.approx(56 / 54)
    assert not rows["06_training"]["higher_is_better"]
    assert rows["04_building"]["ratio"] is None  # no classical baseline for the seed's MNIST model


@pytest.fixture
def fake_bench(tmp_path, monkeypatch):
    """Notebooks that 'run' instantly and publish metrics, baselines without fitting anything."""
    monkeypatch.setenv("COURSE_BUILD_DIR", str(tmp_path / "build"))
    monkeypatch.setattr(bench, "DOCS_PATH", tmp_path / "docs" / "benchmarks.md")
    notebooks = []
    for name in ("04_building", "07_evaluating"):
        path = tmp_path / f"{name}.ipynb"
        path.write_text("{}")
        notebooks.append(path)
    results.publish("07_evaluating", test_auc=0.5)  # stale: must be cleared before the run

    def fake_run_all(paths, output_dir, timeout=runner.CELL_TIMEOUT_SECONDS, description=""):
        results.publish("04_building", mnist_test_accuracy=0.95)
        return [RunRecord(str(path), OK, 20.0, 900.0) for path in paths]

    monkeypatch.setattr(runner, "run_all", fake_run_all)
    monkeypatch.setattr(bench, "classical_baselines", lambda seed=42: BASELINES)
    monkeypatch.setattr(bench, "repeated_fit_cost", lambda: {"k": 20, "one_fit_seconds": 5.0,
                                                              "k_fits_seconds": 16.0, "ratio": 3.2})
    return tmp_path, notebooks


def test_main_writes_reports_and_fails_on_missing_metrics(fake_bench, capsys):
    folder, notebooks = fake_bench
    status = bench.main(["--repeat", "2", "--write-docs", "--notebooks", *map(str, notebooks)])
    assert status == 1  # 07's AUC was never published in this run, and the course is incomplete
    result = json.loads((folder / "build" / "bench.json").read_text())
    assert len(result["runs"]) == 4 and result["repeat"] == 2
    assert result["metrics"]["07_evaluating"] == {}, "a stale metric from an earlier run was counted"
    assert verdict_of([bench.Verdict(**v) for v in result["verdicts"]], "07_evaluating test_auc") == "MISSING"
    assert verdict_of([bench.Verdict(**v) for v in result["verdicts"]], "04_building mnist") == "PASS"
    assert verdict_of([bench.Verdict(**v) for v in result["verdicts"]], "20 diagnosis fits") == "FAIL"  # 3.2x
    assert result["repeated_fits"]["ratio"] == 3.2
    markdown = (folder / "build" / "bench.md").read_text()
    assert "| 04_building | 2 | 0 | 20.0 | 20.0 | 20.0 | 900 |" in markdown
    assert "### Machine" in markdown and "MISSING" in markdown
    docs = (folder / "docs" / "benchmarks.md").read_text()
    assert docs.startswith("# Benchmarks") and "| 07_evaluating | 2 |" in docs
    assert "MISSING  07_evaluating test_auc" in capsys.readouterr().out


def test_main_rejects_bad_arguments(tmp_path, capsys):
    with pytest.raises(SystemExit):
        bench.main(["--repeat", "0"])
    with pytest.raises(SystemExit):
        bench.main(["--notebooks", str(tmp_path / "absent.ipynb")])
    assert "no such notebook" in capsys.readouterr().err


def test_machine_names_cpu_cores_memory_and_versions():
    info = bench.machine()
    assert info["cpu"] and info["logical_cores"] >= 1 and info["memory_gb"] > 0
    assert {"python", "keras", "numpy"} <= set(info["versions"])


def test_classical_baselines_on_the_real_splits():
    baselines = bench.classical_baselines()
    assert 0.95 < baselines["logistic_regression_test_auc"] <= 1
    assert 40 < baselines["linear_regression_test_rmse"] < 70
    assert 0.3 < baselines["linear_regression_test_r2"] < 0.7
    assert 0.6 < baselines["cox_test_c_index"] < 0.8


def test_report_says_n_a_where_no_classical_baseline_exists():
    result = {"started": "t", "repeat": 1, "notebooks": [], "baselines": BASELINES,
              "quality": bench.quality_rows(metrics_with(), BASELINES),
              "verdicts": [], "machine": bench.machine()}
    report = bench.markdown_report(result)
    mnist_line = next(line for line in report.splitlines() if "mnist_test_accuracy" in line)
    assert "n/a" in mnist_line and "MISSING" not in mnist_line
    auc_line = next(line for line in report.splitlines() if "`test_auc`" in line)
    assert "0.995 | 0.990 | 0.995 | 1.000 (higher is better)" in auc_line


@pytest.mark.slow
def test_repeated_fit_cost_times_one_and_k_fits_on_the_same_code_path():
    cost = bench.repeated_fit_cost(k=3)
    assert cost["k"] == 3 and cost["one_fit_seconds"] > 0 and cost["k_fits_seconds"] > 0
    assert cost["ratio"] == pytest.approx(cost["k_fits_seconds"] / cost["one_fit_seconds"], abs=0.01)
