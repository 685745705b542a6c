"""The bundled example scenarios: every file in ``scenarios/`` loads, solves to a proven optimum
within a time limit, and its plan covers every day from start to race day.

The files are found by glob, so a scenario added later is covered without editing this test.
Each solve has a 30-second limit; the bundled files prove optimality in a few seconds on two
cores. If one gets slow, make the scenario smaller rather than raising the limit.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from models import RunKind, Scenario
from models.loading import SUFFIXES, load_document
from models.squad import Squad
from optimizer import check, check_squad, evaluate_score, solve, solve_squad
from optimizer.cli import cli

from .conftest import SCENARIOS

TIME_LIMIT = 30.0
SCENARIO_SUFFIXES = {suffix for suffix, fmt in SUFFIXES.items() if fmt != "csv"}
SQUADS = sorted((SCENARIOS / "squads").glob("*.yaml"))
FILES = sorted(p for p in SCENARIOS.rglob("*")
               if p.suffix in SCENARIO_SUFFIXES and p not in SQUADS)
REQUIRED = [
    "novice-marathon.yaml",
    "advanced-1500m-double-days.yaml",
    "10k-one-gym-day-travel.yaml",
    "masters-three-quality-no-hill.yaml",
    "coached-half.yaml",
    "tune-up-race.yaml",
]


def file_id(path: Path) -> str:
    return str(path.relative_to(SCENARIOS))


def test_the_six_situations_are_bundled():
    assert [name for name in REQUIRED if not (SCENARIOS / name).is_file()] == []


def test_every_file_in_scenarios_is_a_scenario_format():
    """A stray file (notes.txt, a plan.csv left behind) would be skipped by the glob below."""
    stray = [p for p in SCENARIOS.rglob("*")
             if p.is_file() and p not in FILES and p not in SQUADS and p.suffix != ".md"]
    assert stray == []


@pytest.mark.parametrize("path", SQUADS, ids=file_id)
def test_bundled_squad_plans_every_athlete_and_keeps_h18(path, tmp_path):
    squad = Squad.load(path)
    # Whether the joint proof ends within the limit is the benchmark's business (it takes
    # 35-60 s on 2 cores, see docs/squads.md); here every plan must exist and keep H18.
    result = solve_squad(squad, time_limit=60, seed=0)
    assert result.feasible, result.status
    assert all(plan is not None for plan in result.plans)
    assert check_squad(squad, result.plans) == []
    out = tmp_path / "plans"
    ran = CliRunner().invoke(cli, ["squad", str(path), "-d", str(out), "-q",
                                   "--time-limit", "20"])
    assert ran.exit_code == 0, ran.output
    assert len(list(out.glob("*.json"))) == len(squad.athletes) + 1  # plans + summary


@pytest.fixture(scope="module", params=FILES, ids=file_id)
def solved(request):
    scenario = Scenario.load(request.param)
    return scenario, solve(scenario, time_limit=TIME_LIMIT, seed=0)


def test_scenario_solves_to_a_proven_optimum(solved):
    scenario, result = solved
    assert result.status == "OPTIMAL", result.summary()
    assert result.wall_seconds < TIME_LIMIT
    assert result.plan is not None
    assert result.plan.solver.status == "OPTIMAL"


def test_plan_covers_every_day_from_start_to_race_day(solved):
    scenario, result = solved
    dates = [day.date for day in result.plan.days]
    expected = [scenario.start + dt.timedelta(days=i) for i in range(scenario.horizon_days)]
    assert dates == expected
    assert result.plan.days[-1].run is RunKind.RACE
    assert result.plan.days[-1].sessions == []


def test_plan_keeps_the_running_plan_of_the_scenario(solved):
    """Every day's run is the template's, or the per-date override's (race day: race)."""
    scenario, result = solved
    assert [day.run for day in result.plan.days] == \
        [scenario.run_on(day.date) for day in result.plan.days]


def test_plan_checks_clean_and_scores_what_the_solver_says(solved):
    """The independent checker passes every bundled plan; its scorer agrees term by term."""
    scenario, result = solved
    assert check(scenario, result.plan) == []
    assert evaluate_score(scenario, result.plan) == result.plan.score


def test_plan_holds_strength_work(solved):
    """A bundled example shows strength training, not an empty calendar."""
    scenario, result = solved
    kinds = {s.kind for day in result.plan.days for s in day.sessions}
    assert len(kinds) >= 2


def test_tune_up_race_is_a_race_day_inside_the_plan():
    scenario = Scenario.load(SCENARIOS / "tune-up-race.yaml")
    races = [d for d, kind in scenario.running.dates.items() if kind is RunKind.RACE]
    assert races and all(scenario.start <= d < scenario.race.date for d in races)


def test_coached_scenario_switches_supervision_on():
    scenario = Scenario.load(SCENARIOS / "coached-half.yaml")
    assert scenario.coach is not None and any(scenario.coach.slots.values())


def test_toml_and_json_variants_are_the_same_scenario():
    formats = SCENARIOS / "formats"
    assert Scenario.load(formats / "5k-starter.toml") == Scenario.load(formats / "5k-starter.json")


def _as_json_value(value: object) -> object:
    """TOML gives dates as dates; in JSON (and in the editor's view of YAML) they are text."""
    if isinstance(value, dict):
        return {str(k): _as_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schema() -> dict:
    result = CliRunner().invoke(cli, ["schema", "scenario"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    Draft202012Validator.check_schema(data)
    return data


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_schema_validates_every_bundled_scenario(schema, path):
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = _as_json_value(load_document(path).data)
    assert [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)] == []


def test_schema_rejects_what_the_loader_rejects(schema):
    """The control: the schema is not so loose that it accepts anything."""
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = _as_json_value(load_document(SCENARIOS / "novice-marathon.yaml").data)
    data["athelte"] = data.pop("athlete")
    data["race"]["date"] = "2027-02-30"
    data["rules"] = {"intro_gap_weeks": 30}
    assert len(list(validator.iter_errors(data))) == 4  # unknown, missing, date, bound
