"""``stridelift bench``: seeded synthetic athletes and squads, measured in fresh processes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from optimizer.bench import BENCH_FORMAT, squad_capacities
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
