"""A limit that stops CP-SAT before its first plan returns the checked greedy plan, FEASIBLE.

The limits here are deterministic (CP-SAT's work units), so the tests do not depend on the
machine's speed: 0.01 units stop CP-SAT in presolve, before the search starts.
"""

from __future__ import annotations

import functools

import pytest
from click.testing import CliRunner

import optimizer.cli.solve as solve_cli
from models import Plan, Scenario
from optimizer import check, greedy, solve, solve_many
from optimizer.cli import cli

from .conftest import SCENARIOS

TINY = 0.01
SCENARIO = SCENARIOS / "novice-marathon.yaml"


@pytest.fixture(scope="module")
def scenario():
    return Scenario.load(SCENARIO)


@pytest.fixture(scope="module")
def cut_short(scenario):
    return solve(scenario, time_limit=None, deterministic_limit=TINY)


def test_a_search_stopped_before_its_first_plan_returns_the_greedy_plan(scenario, cut_short):
    result = cut_short
    assert result.status == "FEASIBLE" and result.feasible and not result.optimal
    assert result.from_greedy and result.first_solution_seconds is None
    assert check(scenario, result.plan) == []
    baseline = greedy(scenario)
    assert result.objective == baseline.objective
    assert result.plan.solver.status == "FEASIBLE"
    assert result.plan.solver.objective == baseline.plan.solver.objective
    assert [d.model_dump() for d in result.plan.days] == \
        [d.model_dump() for d in baseline.plan.days]
    assert result.plan.notes[0].startswith("greedy plan: CP-SAT stopped at its time limit")
    assert "--time-limit" in result.plan.notes[0]


def test_the_status_fields_stay_truthful(cut_short):
    # CP-SAT proved no bound before it stopped: no bound, so no gap, rather than 0 %.
    assert cut_short.best_bound is None and cut_short.gap is None
    assert cut_short.plan.solver.best_bound is None
    assert cut_short.deterministic  # a deterministic limit: it repeats
    assert "best bound: -  gap: -  (the greedy plan)" in cut_short.summary()
    Plan.from_data(cut_short.plan.model_dump(mode="json"))  # a valid plan file


def test_the_greedy_fallback_repeats(scenario, cut_short):
    again = solve(scenario, time_limit=None, deterministic_limit=TINY)
    assert again.status == cut_short.status

    def without_wall(plan):
        data = plan.model_dump(mode="json")
        data["solver"].pop("wall_seconds")
        return data

    assert without_wall(again.plan) == without_wall(cut_short.plan)


def test_without_a_greedy_plan_there_is_truly_no_plan(scenario):
    result = solve(scenario, time_limit=None, deterministic_limit=TINY, warm_start=False)
    assert result.status == "UNKNOWN" and result.plan is None and not result.from_greedy


def test_a_longer_search_is_cp_sats_own(scenario):
    result = solve(scenario, time_limit=None, deterministic_limit=1.0)
    assert result.feasible and not result.from_greedy
    assert "greedy plan" not in " ".join(result.plan.notes)


def test_batch_returns_the_greedy_plan_too():
    [result] = solve_many([SCENARIO], time_limit=None, deterministic_limit=TINY, jobs=1)
    assert result.status == "FEASIBLE" and result.from_greedy


def test_the_cli_writes_the_greedy_plan_and_exits_0(tmp_path, monkeypatch):
    # The CLI's limit is wall-clock; a deterministic one in its place keeps the test exact.
    monkeypatch.setattr(solve_cli, "solve", functools.partial(
        _deterministic_solve, deterministic_limit=TINY))
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(cli, ["solve", str(SCENARIO), "--time-limit", "0.1",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "this is the greedy plan (checked, not optimised): raise --time-limit" in \
        result.output
    assert "best bound -   gap -" in result.output
    assert Plan.load(out).notes[0].startswith("greedy plan: CP-SAT stopped")


def _deterministic_solve(scenario, *, time_limit, deterministic_limit, **options):
    return solve(scenario, time_limit=None, deterministic_limit=deterministic_limit,
                 **options)
