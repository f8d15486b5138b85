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
    summaries = [bench.NotebookSummary(f"n/{i:02d}.ipynb", 3, 0, 50, 50, 50, 100) for i in range(8)]
    assert verdict_of(bench.time_memory_verdicts(summaries, True), "whole course") == "FAIL"  # 400 s
    assert verdict_of(bench.time_memory_verdicts(summaries[:7], True), "whole course") == "PASS"  # 350 s
    assert verdict_of(bench.time_memory_verdicts(summaries[:2], False), "whole course") == "MISSING"


def metrics_with(auc=0.995, c_index=0.67, accuracy=0.93):
    published = {"07_evaluating": {"test_auc": auc, "baseline_test_auc": 0.99},
                 "09_survival": {"test_c_index": c_index}, "04_building": {"mnist_test_accuracy": accuracy},
                 "06_training": {"test_rmse": 56.0}}
    return {notebook: {key: value for key, value in values.items() if value is not None}
            for notebook, values in published.items()}


def test_no_single_split_figure_of_a_medical_model_is_judged():
    budgets = [verdict.budget for verdict in bench.quality_verdicts(metrics_with(auc=0.5, c_index=0.5))]
    assert budgets == ["04_building mnist_test_accuracy"]


@pytest.mark.parametrize("accuracy, expected", [(0.93, "PASS"), (0.9299, "FAIL"), (None, "MISSING")])
def test_mnist_budget(accuracy, expected):
    verdicts = bench.quality_verdicts(metrics_with(accuracy=accuracy))
    assert verdict_of(verdicts, "04_building mnist_test_accuracy") == expected


def published_splits(notebook, prefix, mean, low, high, wins=12, n=20, n_key="splits_n"):
    return {notebook: {f"{prefix}_diff_mean": mean, f"{prefix}_diff_low": low, f"{prefix}_diff_high": high,
                       f"{prefix}_wins": wins, n_key: n}}


@pytest.mark.parametrize("low, n, expected", [(-0.0099, 20, "PASS"), (-0.0101, 20, "FAIL"),
                                              (0.002, 19, "FAIL")])
def test_diagnosis_fails_only_when_the_interval_shows_the_network_worse_by_the_margin(low, n, expected):
    published = published_splits("07_evaluating", "splits_auc", 0.001, low, 0.004, n=n)
    records = bench.comparison_records(published)
    assert verdict_of(bench.comparison_verdicts(records), "diagnosis") == expected


@pytest.mark.parametrize("low, high, expected",
                         [(-0.01, 30.0, "PASS"), (0.0, 3.9, "PASS"), (0.01, 3.9, "FAIL")])
def test_progression_fails_only_when_the_network_is_detectably_worse(low, high, expected):
    records = bench.comparison_records(published_splits("06_training", "splits_rmse", 1.0, low, high))
    verdicts = bench.comparison_verdicts(records)
    assert verdict_of(verdicts, "progression") == expected
    assert next(v.limit for v in verdicts if "progression" in v.budget) == "diff_low <= +0, >= 20 splits"


def test_unpublished_comparisons_are_missing_and_unbudgeted_ones_only_reported():
    records = bench.comparison_records(published_splits("09_survival", "splits_rsf_cox", 0.03, 0.01, 0.06))
    verdicts = bench.comparison_verdicts(records)
    assert verdict_of(verdicts, "survival (gbsg2): network") == "MISSING"
    assert not [v for v in verdicts if "random survival forest" in v.budget]
    rsf = next(record for record in records if record["model"] == "random survival forest")
    assert (rsf["diff_low"], rsf["wins"], rsf["n_splits"], rsf["higher_is_better"]) == (0.01, 12, 20, True)
    report = bench._comparison_table(records)
    assert ("| random survival forest - Cox PH | C-index (higher is better) | 20 | +0.030 | "
            "+0.010 to +0.060 | 12 of 20 |") in report
    assert ("- survival (gbsg2): the random survival forest is better than Cox PH by 0.030 C-index "
            "(95% CI +0.010 to +0.060, over 20 splits); the random survival forest did better in 12 of 20 "
            "splits.") in report


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
    assert status == 1  # 07's comparison was never published in this run, and the course is incomplete
    result = json.loads((folder / "build" / "bench.json").read_text())
    assert len(result["runs"]) == 4 and result["repeat"] == 2
    assert result["metrics"]["07_evaluating"] == {}, "a stale metric from an earlier run was counted"
    assert verdict_of([bench.Verdict(**v) for v in result["verdicts"]], "diagnosis") == "MISSING"
    assert verdict_of([bench.Verdict(**v) for v in result["verdicts"]], "04_building mnist") == "PASS"
    assert verdict_of([bench.Verdict(**v) for v in result["verdicts"]], "20 diagnosis fits") == "FAIL"  # 3.2x
    assert result["repeated_fits"]["ratio"] == 3.2
    markdown = (folder / "build" / "bench.md").read_text()
    assert "| 04_building | 2 | 0 | 20.0 | 20.0 | 20.0 | 900 |" in markdown
    assert "### Machine" in markdown and "MISSING" in markdown
    docs = (folder / "docs" / "benchmarks.md").read_text()
    assert docs.startswith("# Benchmarks") and "| 07_evaluating | 2 |" in docs
    assert "MISSING  diagnosis (breast_cancer): network - logistic regression AUC" in capsys.readouterr().out


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
    result = {"started": "t", "repeat": 1, "notebooks": [], "baselines": BASELINES, "comparisons": [],
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
