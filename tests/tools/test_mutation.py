"""course mutation: reading mutmut's results, equivalent mutants, scores and the 90% rule (no mutmut run)."""

import pytest

from course_tools import cli, mutation

RESULTS = """\
    course_utils.metrics.x_brier_score__mutmut_1: killed
    course_utils.metrics.x_brier_score__mutmut_2: survived
    course_utils.metrics.x_bootstrap_values__mutmut_7: timeout
    course_utils.metrics.x_bootstrap_values__mutmut_8: no tests
    course_utils.compare.xǁDifferenceǁverdict__mutmut_3: segfault
"""
SHOW = """\
# course_utils.metrics.x_bootstrap_values__mutmut_8: no tests
--- course_utils/metrics.py
+++ course_utils/metrics.py
@@ -1,3 +1,3 @@
-    rng = np.random.default_rng(seed)
+    rng = np.random.default_rng(None)
     values = []
"""


def result(statuses, diffs=None, module="metrics"):
    return mutation.Result(module, statuses, diffs or {})


def test_parse_results_reads_every_mutant_and_its_status():
    statuses = mutation.parse_results("some banner\n" + RESULTS)
    assert len(statuses) == 5
    assert statuses["course_utils.metrics.x_bootstrap_values__mutmut_8"] == "no tests"
    assert statuses["course_utils.compare.xǁDifferenceǁverdict__mutmut_3"] == "segfault"


@pytest.mark.parametrize("mutant, function", [
    ("course_utils.metrics.x_brier_score__mutmut_12", "brier_score"),
    ("course_utils.metrics.x__as_labels__mutmut_1", "_as_labels"),
    ("course_utils.compare.xǁDifferenceǁverdict__mutmut_3", "Difference.verdict"),
])
def test_function_of_a_mutant(mutant, function):
    assert mutation.function_of(mutant) == function


def test_mutated_lines_are_the_added_lines_without_the_file_header():
    assert mutation.mutated_lines(SHOW) == ["rng = np.random.default_rng(None)"]


def test_score_counts_kills_timeouts_and_crashes_as_detected_and_leaves_out_equivalents():
    statuses = mutation.parse_results(RESULTS)
    scored = result(statuses)
    assert (scored.detected, scored.counted, scored.score) == (3, 5, 0.6)
    assert scored.survivors == ["course_utils.metrics.x_brier_score__mutmut_2",
                                "course_utils.metrics.x_bootstrap_values__mutmut_8"]
    scored.equivalent["course_utils.metrics.x_bootstrap_values__mutmut_8"] = "a reason"
    assert (scored.counted, scored.score) == (4, 0.75)
    assert scored.survivors == ["course_utils.metrics.x_brier_score__mutmut_2"]
    assert result({}).score == 1.0


def test_equivalents_match_by_module_function_and_mutated_line_and_stale_ones_are_returned():
    name = "course_utils.metrics.x_bootstrap_values__mutmut_8"
    scored = result({name: "survived"}, {name: ["rng = np.random.default_rng(None)"]})
    entries = [
        {"module": "metrics", "function": "bootstrap_values", "mutant": " rng = np.random.default_rng(None)",
         "reason": "a reason"},
        {"module": "metrics", "function": "brier_score", "mutant": "rng = np.random.default_rng(None)",
         "reason": "another function"},
        {"module": "compare", "function": "bootstrap_values", "mutant": "x", "reason": "another module"},
    ]
    stale = mutation.mark_equivalents(scored, entries)
    assert scored.equivalent == {name: "a reason"}
    assert stale == [entries[1]]


def test_report_passes_at_ninety_percent_and_fails_below_it():
    at_90 = result({f"m.x_f__mutmut_{i}": "killed" for i in range(9)} | {"m.x_f__mutmut_9": "survived"},
                   {"m.x_f__mutmut_9": ["return a > b"]})
    text, passed = mutation.report([at_90], [])
    assert passed and "metrics: 90.0% (9 of 10 mutants detected, 0 equivalent) ok" in text
    assert "survived m.x_f__mutmut_9 [survived]: return a > b" in text
    at_90.statuses["m.x_f__mutmut_8"] = "survived"
    text, passed = mutation.report([at_90], [])
    assert not passed and "metrics: 80.0%" in text and "FAIL" in text


def test_a_stale_equivalent_fails_the_run():
    entry = {"module": "metrics", "function": "f", "mutant": "return 1", "reason": "r"}
    text, passed = mutation.report([result({"m.x_f__mutmut_1": "killed"})], [entry])
    assert not passed and "stale equivalent in mutation.toml: metrics.f: return 1" in text


def test_equivalents_file_may_list_several_mutated_lines_under_one_reason(tmp_path):
    path = tmp_path / "mutation.toml"
    path.write_text('[[equivalent]]\nmodule = "metrics"\nfunction = "f"\nmutant = ["a = 1", "a = 2"]\n'
                    'reason = "either value"\n\n[[equivalent]]\nmodule = "data"\nfunction = "g"\n'
                    'mutant = "b = 1"\nreason = "one line"\n')
    assert [(e["module"], e["mutant"], e["reason"]) for e in mutation.load_equivalents(path)] == [
        ("metrics", "a = 1", "either value"), ("metrics", "a = 2", "either value"),
        ("data", "b = 1", "one line")]
    assert mutation.load_equivalents(tmp_path / "missing.toml") == []


def test_every_equivalent_in_the_docs_names_a_module_function_mutant_and_reason():
    for entry in mutation.load_equivalents():
        assert entry["module"] in mutation.MODULES
        assert entry["function"] and entry["mutant"] and len(entry["reason"]) > 10


def test_record_replaces_the_rows_of_the_modules_run_and_keeps_the_others(tmp_path):
    page = tmp_path / "mutation.md"
    old = "\n".join([*mutation.HEADER, "| metrics | 50.0% | old |", "| data | 95.0% | kept |"])
    page.write_text(f"# Title\n\n{mutation.BEGIN}\n{old}\n{mutation.END}\n\nafter\n")
    scored = result({"m.x_f__mutmut_1": "killed", "m.x_f__mutmut_2": "timeout",
                     "m.x_f__mutmut_3": "survived"})
    scored.equivalent["m.x_f__mutmut_3"] = "a reason"
    mutation.record({"metrics": mutation.score_row(scored, 150.0, "2026-01-02")}, page)
    text = page.read_text()
    assert text.startswith("# Title\n\n") and text.endswith("\n\nafter\n") and "old" not in text
    rows = text.split(mutation.BEGIN)[1].split(mutation.END)[0].strip().splitlines()
    assert rows == [*mutation.HEADER, "| metrics | 100.0% | 2 | 2 | 1 | 2.5 min | 2026-01-02 |",
                    "| data | 95.0% | kept |"]


def test_prepare_copies_the_package_the_modules_own_tests_and_the_settings(tmp_path):
    mutation.prepare("privacy", tmp_path / "work")
    work = tmp_path / "work"
    assert (work / "course_utils" / "privacy.py").is_file() and (work / "data" / "registry.json").is_file()
    assert sorted(path.name for path in (work / "tests" / "learner").iterdir()) == ["__init__.py",
                                                                                    "test_privacy.py"]
    config = (work / "pyproject.toml").read_text()
    assert 'only_mutate = ["course_utils/privacy.py"]' in config
    assert 'pytest_add_cli_args_test_selection = ["tests/learner/test_privacy.py"]' in config
    assert '"-m", "not slow"' in config  # fast tests only: no kernel or notebook per mutant


def test_prepare_takes_the_exercise_checkers_own_tests_from_tests_exercises(tmp_path):
    mutation.prepare("exercises.checks", tmp_path / "work")
    work = tmp_path / "work"
    assert sorted(path.name for path in (work / "tests" / "exercises").iterdir()) == ["__init__.py",
                                                                                      "test_checks.py"]
    assert not (work / "tests" / "learner").exists()
    config = (work / "pyproject.toml").read_text()
    assert 'only_mutate = ["course_utils/exercises/checks.py"]' in config
    assert 'pytest_add_cli_args_test_selection = ["tests/exercises/test_checks.py"]' in config


def test_the_command_is_registered_and_refuses_unknown_modules(capsys):
    assert cli.COMMANDS["mutation"] == "course_tools.mutation"
    with pytest.raises(SystemExit):
        mutation.main(["exercises"])
    assert "unknown modules ['exercises']" in capsys.readouterr().err
