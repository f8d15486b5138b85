"""The course benchmark (``make bench``): time, memory and model quality against budgets.

Runs every notebook N times in fresh kernels (through :mod:`course_tools.runner`, which
measures wall time and the kernel process tree's peak memory), reads the headline metrics the
notebooks publish (:mod:`course_utils.results`), fits the classical baselines on the same
seeded splits, and judges every budget PASS, FAIL or MISSING.

Usage::

    python -m course_tools.bench                          # every notebook, 3 runs each
    python -m course_tools.bench --repeat 1 --notebooks notebooks/07_evaluating.ipynb
    python -m course_tools.bench --write-docs             # also refresh docs/benchmarks.md

Writes ``build/bench.json`` and ``build/bench.md``; exits 1 when any budget is FAIL or MISSING.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import psutil

from course_tools import runner
from course_tools.notebooks import PROJECT_DIR, course_notebooks
from course_utils.paths import build_dir
from course_utils.results import metrics_path, read_metrics

NOTEBOOK_SECONDS = 60.0
NOTEBOOK_MEMORY_MB = 1.5 * 1024
COURSE_SECONDS = 6 * 60.0
REPEATED_FITS = 20
REPEATED_FIT_RATIO = 3.0  # K = 20 fits of the diagnosis network cost at most 3 times one fit
PASS, FAIL, MISSING = "PASS", "FAIL", "MISSING"
DOCS_PATH = PROJECT_DIR / "docs" / "benchmarks.md"
VERSIONED_PACKAGES = ["tensorflow-cpu", "tensorflow", "keras", "numpy", "pandas", "scikit-learn",
                      "scikit-survival", "papermill"]


@dataclass
class NotebookSummary:
    """One notebook's runs reduced to the figures the budgets judge."""

    notebook: str
    runs: int
    failed_runs: int
    median_seconds: float
    min_seconds: float
    max_seconds: float
    peak_memory_mb: float
    failure: str = ""


@dataclass
class Verdict:
    """One budget's outcome."""

    budget: str
    measured: str
    limit: str
    verdict: str


@dataclass(frozen=True)
class QualityTarget:
    """A headline metric a notebook publishes, its classical baseline and its floor, if any.

    ``baseline`` names a key of :func:`classical_baselines`; ``minimum`` is an absolute floor.
    """

    task: str
    notebook: str
    metric: str
    baseline: str | None = None
    higher_is_better: bool = True
    minimum: float | None = None


# The single split each notebook studies, reported beside the bench's own baselines. Only the seed's
# MNIST model has a floor; the medical models are judged by COMPARISON_TARGETS, over repeated splits.
QUALITY_TARGETS = [
    QualityTarget("diagnosis (breast_cancer), test ROC AUC", "07_evaluating", "test_auc",
                  baseline="logistic_regression_test_auc"),
    QualityTarget("progression (diabetes), test RMSE", "06_training", "test_rmse",
                  baseline="linear_regression_test_rmse", higher_is_better=False),
    QualityTarget("survival (gbsg2), test C-index", "09_survival", "test_c_index",
                  baseline="cox_test_c_index"),
    QualityTarget("seed MNIST model, test accuracy", "04_building", "mnist_test_accuracy", minimum=0.93),
]
MIN_SPLITS = 20


@dataclass(frozen=True)
class ComparisonTarget:
    """A model against its baseline over repeated splits, as a notebook publishes it.

    The notebook publishes ``<prefix>_diff_mean``, ``_diff_low``, ``_diff_high`` (model minus baseline,
    corrected resampled-t interval), ``<prefix>_wins`` and the number of splits as ``n_key``. Where the
    course offers the model as usable, ``judged_end="worse"``: the budget asks the interval's worse end
    to stay within ``margin`` (non-inferiority). Where the course concludes the baseline is the model
    to use, ``judged_end="better"``: it asks only that the interval's better end stay within ``margin``,
    so that the model is not shown worse by more than that.
    """

    task: str
    notebook: str
    prefix: str
    model: str
    baseline: str
    metric: str
    higher_is_better: bool
    margin: float | None = None
    n_key: str = "splits_n"
    judged_end: str = "worse"


COMPARISON_TARGETS = [
    ComparisonTarget("diagnosis (breast_cancer)", "07_evaluating", "splits_auc", "network",
                     "logistic regression", "AUC", True, margin=0.01),
    # 06 concludes that linear regression is the model to use and the network no better; it claims no
    # non-inferiority, so the budget checks its claim: the network not detectably worse (lower end <= 0).
    ComparisonTarget("progression (diabetes)", "06_training", "splits_rmse", "network", "linear regression",
                     "RMSE", False, margin=0.0, judged_end="better"),
    ComparisonTarget("survival (gbsg2)", "09_survival", "splits_net_cox", "network", "Cox PH", "C-index",
                     True, margin=0.02),
    ComparisonTarget("survival (gbsg2)", "09_survival", "splits_rsf_cox", "random survival forest", "Cox PH",
                     "C-index", True),
    ComparisonTarget("survival (veterans' lung cancer)", "09_survival", "veterans_splits_net_cox", "network",
                     "Cox PH", "C-index", True, n_key="veterans_splits_n"),
]


def comparison_records(metrics: dict[str, dict[str, float]]) -> list[dict]:
    """One record per comparison target, from what its notebook published (None where it did not)."""
    records = []
    for target in COMPARISON_TARGETS:
        published = metrics.get(target.notebook, {})
        figures = {name: published.get(f"{target.prefix}_{name}")
                   for name in ("diff_mean", "diff_low", "diff_high", "wins")}
        records.append({"task": target.task, "notebook": target.notebook, "model": target.model,
                        "baseline": target.baseline, "metric": target.metric,
                        "higher_is_better": target.higher_is_better, "n_splits": published.get(target.n_key),
                        **figures, "margin": target.margin, "judged_end": target.judged_end})
    return records


def comparison_verdicts(records: list[dict]) -> list[Verdict]:
    """Judge each budgeted comparison by its judged end of the interval; too few splits fail."""
    verdicts = []
    for record in (record for record in records if record["margin"] is not None):
        label = f"{record['task']}: {record['model']} - {record['baseline']} {record['metric']}"
        higher = record["higher_is_better"]
        end = "diff_low" if higher == (record["judged_end"] == "worse") else "diff_high"
        limit = f"{end} >= -{record['margin']:g}" if higher else f"{end} <= +{record['margin']:g}"
        limit += f", >= {MIN_SPLITS} splits"
        if record[end] is None or record["n_splits"] is None:
            verdicts.append(Verdict(label, "not published", limit, MISSING))
            continue
        measured = (f"{record['diff_mean']:+.3f} ({record['diff_low']:+.3f} to {record['diff_high']:+.3f}), "
                    f"{record['n_splits']:.0f} splits")
        within = record[end] >= -record["margin"] if higher else record[end] <= record["margin"]
        verdicts.append(Verdict(label, measured, limit,
                                PASS if within and record["n_splits"] >= MIN_SPLITS else FAIL))
    return verdicts


def summarise(records: list[runner.RunRecord]) -> list[NotebookSummary]:
    """Group run records by notebook (first-seen order): median, min, max time and peak memory."""
    by_notebook: dict[str, list[runner.RunRecord]] = {}
    for record in records:
        by_notebook.setdefault(record.notebook, []).append(record)
    summaries = []
    for notebook, runs in by_notebook.items():
        seconds = [run.seconds for run in runs]
        failures = [run for run in runs if run.status == runner.FAILED]
        summaries.append(NotebookSummary(
            notebook, len(runs), len(failures), round(statistics.median(seconds), 2), min(seconds),
            max(seconds), max(run.peak_memory_mb for run in runs),
            failures[0].failure if failures else ""))
    return summaries


def time_memory_verdicts(summaries: list[NotebookSummary], complete_course: bool) -> list[Verdict]:
    """Each notebook under 60 s median and 1.5 GB peak without failing; the course under 8 minutes."""
    verdicts = []
    for summary in summaries:
        name = Path(summary.notebook).stem
        if summary.failed_runs:
            verdicts.append(Verdict(f"{name} runs", f"{summary.failed_runs} of {summary.runs} failed: "
                                    f"{summary.failure}", "no failure", FAIL))
        verdicts.append(_at_most(f"{name} median time", summary.median_seconds, NOTEBOOK_SECONDS, "s"))
        verdicts.append(_at_most(f"{name} peak memory", summary.peak_memory_mb, NOTEBOOK_MEMORY_MB, "MB"))
    total = sum(summary.median_seconds for summary in summaries)
    if complete_course:
        verdicts.append(_at_most("whole course (sum of medians)", total, COURSE_SECONDS, "s"))
    else:
        verdicts.append(Verdict("whole course (sum of medians)", f"{total:.0f} s for "
                                f"{len(summaries)} notebook(s) only", f"< {COURSE_SECONDS:.0f} s", MISSING))
    return verdicts


def _at_most(budget: str, value: float, limit: float, unit: str) -> Verdict:
    return Verdict(budget, f"{value:.1f} {unit}", f"< {limit:.0f} {unit}", PASS if value < limit else FAIL)


def quality_rows(metrics: dict[str, dict[str, float]], baselines: dict[str, float]) -> list[dict]:
    """One row per quality target: ours, the notebook's own baseline, the bench's baseline, ratio."""
    rows = []
    for target in QUALITY_TARGETS:
        published = metrics.get(target.notebook, {})
        ours = published.get(target.metric)
        baseline = baselines.get(target.baseline) if target.baseline else None
        rows.append({
            "task": target.task, "notebook": target.notebook, "metric": target.metric, "ours": ours,
            "baseline": target.baseline,
            "notebook_baseline": published.get(f"baseline_{target.metric}"), "bench_baseline": baseline,
            "ratio": ours / baseline if ours is not None and baseline else None,
            "higher_is_better": target.higher_is_better,
        })
    return rows


def quality_verdicts(metrics: dict[str, dict[str, float]]) -> list[Verdict]:
    """Judge each quality target that has a floor; a metric nobody published is MISSING."""
    verdicts = []
    for target in (target for target in QUALITY_TARGETS if target.minimum is not None):
        ours = metrics.get(target.notebook, {}).get(target.metric)
        label, limit = f"{target.notebook} {target.metric}", f">= {target.minimum:.2f}"
        if ours is None:
            verdicts.append(Verdict(label, "not published", limit, MISSING))
        else:
            verdicts.append(Verdict(label, f"{ours:.3f}", limit, PASS if ours >= target.minimum else FAIL))
    return verdicts


def classical_baselines(seed: int = 42) -> dict[str, float]:
    """Fit the baselines a clinician-statistician would use, on the notebooks' default splits.

    Each is fitted on the training part of ``data.split(X, y, seed=seed)`` and scored on its test
    part: logistic regression (breast_cancer, ROC AUC), linear regression (diabetes, RMSE and R²),
    Cox proportional hazards (gbsg2, Harrell's C-index).
    """
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.metrics import r2_score, roc_auc_score, root_mean_squared_error
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from course_utils import data

    X_train, _, X_test, y_train, _, y_test = data.split(*data.load_xy("breast_cancer"), seed=seed)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)
    results = {"logistic_regression_test_auc": roc_auc_score(y_test, logistic.predict_proba(X_test)[:, 1])}

    X_train, _, X_test, y_train, _, y_test = data.split(*data.load_xy("diabetes"), seed=seed)
    predicted = LinearRegression().fit(X_train, y_train).predict(X_test)
    results["linear_regression_test_rmse"] = root_mean_squared_error(y_test, predicted)
    results["linear_regression_test_r2"] = r2_score(y_test, predicted)

    results["cox_test_c_index"] = _cox_test_c_index(seed)
    return {name: float(value) for name, value in results.items()}


def _cox_test_c_index(seed: int) -> float:
    """Cox PH on gbsg2, features encoded as 09 does (survival.encode_features): the test C-index."""
    from sksurv.linear_model import CoxPHSurvivalAnalysis
    from sksurv.metrics import concordance_index_censored
    from sksurv.util import Surv

    from course_utils import data, survival

    X, y = data.load_xy("gbsg2")
    X_train, _, X_test, y_train, _, y_test = data.split(X, y, seed=seed)
    categorical = list(X.select_dtypes(exclude="number").columns)
    _, (Z_train, Z_test) = survival.encode_features(X_train, X_test, categorical=categorical)
    cox = CoxPHSurvivalAnalysis(ties="breslow")
    cox.fit(Z_train, Surv.from_arrays(event=y_train["event"].astype(bool), time=y_train["time"]))
    risk = cox.predict(Z_test)
    return concordance_index_censored(y_test["event"].astype(bool), y_test["time"], risk)[0]


def repeated_fit_cost(k: int = REPEATED_FITS, seed: int = 42) -> dict:
    """Seconds to train the diagnosis network on one split, and on ``k`` splits at once as replicas
    (:mod:`course_utils.replicas`, the same code path and protocol), and their ratio."""
    import keras

    from course_utils import data, replicas

    X, y = data.load_xy("breast_cancer")
    seconds = {}
    for count in (1, k):
        keras.utils.set_random_seed(seed)
        stacked = replicas.stack_splits(X, y, range(seed, seed + count))
        replicas.fit_replicas(stacked, epochs=1)  # build and trace once, outside the clock
        start = time.perf_counter()
        replicas.fit_replicas(stacked)
        seconds[count] = time.perf_counter() - start
    return {"k": k, "one_fit_seconds": round(seconds[1], 2), "k_fits_seconds": round(seconds[k], 2),
            "ratio": round(seconds[k] / seconds[1], 2)}


def machine() -> dict:
    """The machine and software the benchmark ran on."""
    versions = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return {
        "cpu": _cpu_model(), "logical_cores": os.cpu_count(),
        "physical_cores": psutil.cpu_count(logical=False),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "platform": platform.platform(), "versions": versions,
    }


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def markdown_report(result: dict) -> str:
    """The benchmark as Markdown: verdicts, time and memory, quality against baselines, machine."""
    verdicts = [Verdict(**verdict) for verdict in result["verdicts"]]
    counts = {kind: sum(v.verdict == kind for v in verdicts) for kind in (PASS, FAIL, MISSING)}
    heading = (f"Run {result['started']} · {result['repeat']} run(s) per notebook · "
               f"{counts[PASS]} PASS, {counts[FAIL]} FAIL, {counts[MISSING]} MISSING")
    sections = [heading, _time_table(result["notebooks"]), _comparison_table(result.get("comparisons", [])),
                _quality_table(result), _verdict_table(verdicts), _machine_section(result["machine"])]
    return "\n\n".join(sections) + "\n"


def _time_table(summaries: list[dict]) -> str:
    lines = ["### Time and memory", "",
             "| notebook | runs | failed | median s | min s | max s | peak memory MB |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in (NotebookSummary(**summary) for summary in summaries):
        lines.append(f"| {Path(s.notebook).stem} | {s.runs} | {s.failed_runs} | {s.median_seconds:.1f} | "
                     f"{s.min_seconds:.1f} | {s.max_seconds:.1f} | {s.peak_memory_mb:.0f} |")
    return "\n".join(lines)


def _comparison_table(records: list[dict]) -> str:
    lines = ["### Models against their baselines over repeated splits (what the budgets judge)", "",
             "| task | model - baseline | metric | splits | mean difference | 95% interval | model better |",
             "| --- | --- | --- | ---: | ---: | --- | ---: |"]
    for record in records:
        if record["diff_mean"] is None:
            figures = "not published | | |"
        else:
            figures = (f"{record['diff_mean']:+.3f} | {record['diff_low']:+.3f} to "
                       f"{record['diff_high']:+.3f} | {record['wins']:.0f} of {record['n_splits']:.0f}")
        direction = "higher" if record["higher_is_better"] else "lower"
        splits = _number(record["n_splits"]) if record["n_splits"] is None else f"{record['n_splits']:.0f}"
        lines.append(f"| {record['task']} | {record['model']} - {record['baseline']} | {record['metric']} "
                     f"({direction} is better) | {splits} | {figures} |")
    verdicts = [f"- {record['task']}: {_verdict(record)}." for record in records
                if record["diff_mean"] is not None]
    return "\n".join(lines) + ("\n\nWhat the intervals say:\n\n" + "\n".join(verdicts) if verdicts else "")


def _verdict(record: dict) -> str:
    """The course's one verdict sentence (course_utils.compare) for a comparison record."""
    from course_utils.compare import Difference

    figures = [record[name] for name in ("higher_is_better", "diff_mean", "diff_low", "diff_high")]
    return Difference(f"the {record['model']}", record["baseline"], record["metric"], *figures,
                      n_splits=int(record["n_splits"]), wins=int(record["wins"])).verdict()


def _quality_table(result: dict) -> str:
    lines = ["### The single split each notebook studies, against the bench's own baselines", "",
             "| task | notebook metric | ours | notebook's baseline | bench baseline | ours / baseline |",
             "| --- | --- | ---: | ---: | ---: | ---: |"]
    for row in result["quality"]:
        direction = "higher" if row["higher_is_better"] else "lower"
        ratio = _number(row["ratio"]) + ("" if row["ratio"] is None else f" ({direction} is better)")
        compared = [_number(row["notebook_baseline"]), _number(row["bench_baseline"]), ratio]
        if row["baseline"] is None:
            compared = ["n/a (no classical baseline)", "n/a", "n/a"]
        lines.append(f"| {row['task']} | {row['notebook']} `{row['metric']}` | {_number(row['ours'])} | "
                     + " | ".join(compared) + " |")
    fitted = ", ".join(f"{name} {value:.3f}" for name, value in result["baselines"].items())
    return "\n".join(lines) + f"\n\nBaselines fitted by the benchmark: {fitted}."


def _verdict_table(verdicts: list[Verdict]) -> str:
    lines = ["### Budgets", "", "| budget | measured | limit | verdict |", "| --- | --- | --- | --- |"]
    lines += [f"| {v.budget} | {v.measured.replace('|', '/')} | {v.limit} | **{v.verdict}** |"
              for v in verdicts]
    return "\n".join(lines)


def _machine_section(info: dict) -> str:
    versions = ", ".join(f"{name} {version}" for name, version in info["versions"].items())
    cores = f"{info['physical_cores']} physical / {info['logical_cores']} logical cores"
    return "\n".join(["### Machine", "", f"- CPU: {info['cpu']} ({cores})",
                      f"- Memory: {info['memory_gb']} GB; load average at start: "
                      f"{info['load_average_at_start']}",
                      f"- Platform: {info['platform']}", f"- Versions: {versions}"])


def _number(value: float | None) -> str:
    return "MISSING" if value is None else f"{value:.3f}"


def docs_page(report: str) -> str:
    """``docs/benchmarks.md``: what the benchmark measures, then a real run's report."""
    return ("# Benchmarks\n\n"
            "Measured by `make bench` (`course bench --write-docs`): every notebook run "
            "top to bottom in a fresh kernel several times; time is wall-clock, memory the peak resident "
            "memory of the kernel process tree. Budgets: each notebook under 60 s (median) and 1.5 GB "
            "(Binder kills kernels at 2 GB); the whole course under 6 minutes; 20 fits of the diagnosis "
            "network as replicas at most 3 times one fit. Models are judged over repeated splits, not on "
            "one: 06, 07 and 09 each repeat their whole procedure on 20 seeded 60/20/20 splits and publish "
            "the network-minus-baseline difference with its corrected resampled-t interval (Nadeau & "
            "Bengio 2003). Where the course offers the network as usable (diagnosis, survival), its "
            "budget asks for non-inferiority: the interval's worse end within a stated margin (AUC: "
            "lower end at least -0.01; C-index: at least -0.02). For progression the course concludes "
            "that linear regression is the model to use, so the budget checks that conclusion's claim, "
            "the network not detectably worse (RMSE difference: lower end at most 0), and the table "
            "shows how far the interval's worse end reaches. The single split each notebook studies is "
            "reported beside baselines the benchmark fits itself, and not judged; the seed's MNIST model "
            "must reach 0.93 test accuracy. MISSING means a notebook did not publish the figure (it is "
            "never counted as a pass). Timings depend on the machine and its load: see the machine "
            "section.\n\n"
            "## Latest run\n\n" + report)


def run_benchmark(notebooks: list[Path], repeat: int, output_dir: Path) -> dict:
    """Run the notebooks ``repeat`` times, fit the baselines, judge the budgets; return the result."""
    started, clock = datetime.now(UTC).isoformat(timespec="seconds"), time.perf_counter()
    info = machine()
    for path in notebooks:  # stale metrics from an earlier run must not count for this one
        metrics_path(path.stem).unlink(missing_ok=True)
    records = []
    for round_number in range(1, repeat + 1):
        records += runner.run_all(notebooks, output_dir / "notebooks",
                                  description=f"Benchmark run {round_number}/{repeat}")
    metrics = {path.stem: read_metrics(path.stem) for path in notebooks}
    baselines = classical_baselines()
    summaries = summarise(records)
    complete = {path.resolve() for path in notebooks} >= {p.resolve() for p in course_notebooks()}
    fit_cost = repeated_fit_cost()
    comparisons = comparison_records(metrics)
    verdicts = (time_memory_verdicts(summaries, complete) + quality_verdicts(metrics)
                + comparison_verdicts(comparisons))
    verdicts.append(_at_most(f"{REPEATED_FITS} diagnosis fits as replicas / one fit", fit_cost["ratio"],
                             REPEATED_FIT_RATIO, "x"))
    return {"started": started, "seconds": round(time.perf_counter() - clock, 1), "repeat": repeat,
            "machine": info, "repeated_fits": fit_cost, "runs": [asdict(r) for r in records],
            "notebooks": [asdict(s) for s in summaries], "metrics": metrics, "baselines": baselines,
            "quality": quality_rows(metrics, baselines), "comparisons": comparisons,
            "verdicts": [asdict(v) for v in verdicts]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the course against its budgets and baselines.")
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook (default 3)")
    parser.add_argument("--notebooks", nargs="+", type=Path, default=None,
                        help="notebooks to run (default: every notebooks/NN_*.ipynb)")
    parser.add_argument("--output-dir", type=Path, default=None, help="default: build/")
    parser.add_argument("--write-docs", action="store_true", help=f"also write {DOCS_PATH.name} in docs/")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    notebooks = args.notebooks or course_notebooks()
    missing = [str(path) for path in notebooks if not path.is_file()]
    if missing or not notebooks:
        parser.error(f"no such notebook: {', '.join(missing)}" if missing else "no notebooks found")
    output_dir = args.output_dir or build_dir()
    result = run_benchmark(notebooks, args.repeat, output_dir)
    report = markdown_report(result)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "bench.json").write_text(json.dumps(result, indent=2) + "\n")
    (output_dir / "bench.md").write_text("# Benchmark\n\n" + report)
    if args.write_docs:
        DOCS_PATH.parent.mkdir(parents=True, exist_ok=True)
        DOCS_PATH.write_text(docs_page(report))
    print(report)
    for verdict in result["verdicts"]:
        print(f"{verdict['verdict']:8} {verdict['budget']}: {verdict['measured']} (limit {verdict['limit']})")
    print(f"\nWrote {output_dir / 'bench.json'} and {output_dir / 'bench.md'}"
          + (f" and {DOCS_PATH}" if args.write_docs else ""))
    return 0 if all(v["verdict"] == PASS for v in result["verdicts"]) else 1


if __name__ == "__main__":
    sys.exit(main())
