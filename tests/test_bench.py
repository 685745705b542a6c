"""``stridelift bench``: seeded synthetic athletes and squads, measured in fresh processes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from optimizer.bench import BENCH_FORMAT, BenchReport, BenchRow, squad_capacities
from optimizer.cli import cli


def test_bench_measures_an_athlete_and_a_squad_and_writes_stable_json(tmp_path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(cli, ["bench", "--sizes", "4", "--squad", "2", "--repeat", "2",
                                      "--time-limit", "30", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "| 4 weeks" in result.output and "| 2 athletes, 24 weeks" in result.output
    assert "optimal 2/2" in result.output
    report = json.loads(out.read_text())
    assert report["format"] == BENCH_FORMAT and report["repeat"] == 2
    assert list(report) == sorted(report)
    athlete, squad = report["rows"]
    assert (athlete["kind"], athlete["size"], squad["kind"], squad["size"]) == (
        "athlete", 4, "squad", 2)
    assert len(athlete["runs"]) == 2
    first, second = athlete["runs"]
    # The same seed is the same athlete and the same optimum, run after run.
    assert first["scenario"] == second["scenario"] == "synthetic-0-4w"
    assert first["objective"] == second["objective"] == athlete["median"]["objective"]
    median = athlete["median"]
    assert median["status"] == "OPTIMAL" and median["gap"] == 0
    assert 0 < median["greedy_fraction"] <= 1
    assert median["variables"] > 0 and median["constraints"] > 0
    assert 0 < median["first_feasible_seconds"] <= median["search_seconds"] <= \
        median["total_seconds"]
    assert median["peak_mib"] > 20  # a whole process: interpreter, OR-Tools and the solve
    assert squad["median"]["status"] == "OPTIMAL"
    capacities = (squad["median"]["gym_capacity"], squad["median"]["coach_capacity"])
    assert capacities == squad_capacities(2)


def test_bench_json_on_stdout():
    result = CliRunner().invoke(cli, ["bench", "--sizes", "3", "--repeat", "1", "--json", "-",
                                      "--quiet"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["rows"][0]["size"] == 3


def test_bench_refuses_sizes_it_cannot_plan():
    result = CliRunner().invoke(cli, ["bench", "--sizes", "24,1"])
    assert result.exit_code == 2
    assert "expected plan lengths in weeks from 2 to 104" in result.output
    assert "'1'" in result.output


def _run(seed, greedy_fraction):
    return {"seed": seed, "status": "OPTIMAL", "variables": 10, "constraints": 20,
            "first_feasible_seconds": 0.1, "search_seconds": 0.2, "total_seconds": 0.3,
            "peak_mib": 100.0, "gap": 0.0, "greedy_fraction": greedy_fraction}


def test_greedy_column_counts_runs_without_a_greedy_plan_apart():
    # Three athletes: the greedy planner reaches 90 % and 98 % of the optimum on two and
    # finds no plan on the third. The median and worst are over the two plans; the third
    # is counted, not hidden (a plain median over all three would be None and print "-").
    row = BenchRow("athlete", 24, [_run(0, 0.98), _run(1, None), _run(2, 0.90)])
    median = row.median
    assert median["greedy_fraction"] == 0.94
    assert median["greedy_fraction_worst"] == 0.90
    assert median["greedy_no_plan_runs"] == 1
    table = BenchReport(0, 1, 3, 60.0, 1, [row]).table()
    assert "94.0% (1 no plan)" in table and "90.0%" in table and "worst greedy" in table
