"""The command line keeps its own conventions everywhere: reproducible files (ICS, the squad
summary), ``--json`` answering every exit-2 usage error, ``-q`` leaving only results and
errors, one unit for shares, and input errors a coach can read."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from models import InputError, Plan, Squad
from models.plan import ReplanInfo
from optimizer import solve
from optimizer.cli import cli
from optimizer.export import ics

from .conftest import BASE, make_scenario, write_scenario
from .squads import runner, write_squad

# Lifting is routine, but with workouts on Tuesday and Friday and no gym day the week's gym
# session (H11) has nowhere to go: infeasible.
STUCK = {"athlete": {**BASE["athlete"], "established": ["lift"]},
         "availability": {"gym_days": []}}


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def json_error(result: Any) -> dict[str, Any]:
    """The ``--json`` answer of an exit-2 usage error: asserted, and returned."""
    assert result.exit_code == 2, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["exit"] == 2 and data["errors"], data
    for error in data["errors"]:
        assert set(error) >= {"file", "path", "line", "message"}
    return data


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("plan")
    scenario = write_scenario(folder, athlete={**BASE["athlete"], "established": ["snc"]})
    plan = folder / "plan.json"
    result = run("solve", scenario, "-o", plan, "-q")
    assert result.exit_code == 0, result.output
    return scenario, plan


# -- 1. ICS export repeats ---------------------------------------------------------------------


def test_ics_export_is_byte_identical_and_stamped_from_the_plan(plan_file, tmp_path):
    _, plan = plan_file
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run("export", plan, "--format", "ics", "-o", first).exit_code == 0
    assert run("export", plan, "--format", "ics", "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    stamps = set(re.findall(rb"DTSTAMP:(\S+)", first.read_bytes()))
    assert b"BEGIN:VEVENT" in first.read_bytes()
    assert stamps == {b"20270104T000000Z"}  # the plan's start, 00:00 UTC
    assert run("export", plan, "--format", "ics").stdout_bytes == first.read_bytes()


def test_a_replanned_plan_is_stamped_with_its_replan_date(plan_file):
    plan = Plan.load(plan_file[1])
    replanned = plan.model_copy(update={"replan": ReplanInfo(
        since="2027-01-18", log="log.yaml", stability_weight=2.5, stability=0)})
    assert ics.plan_stamp(replanned).isoformat() == "2027-01-18T00:00:00+00:00"
    text = ics.plan_to_ics(replanned).decode()
    assert set(re.findall(r"DTSTAMP:(\S+)", text)) == {"20270118T000000Z"}
    assert "SEQUENCE:1" in text


# -- 2. the squad summary repeats, timings apart -----------------------------------------------


def seconds_fields(data: Any, path: str = "") -> list[str]:
    """Every key ending in ``_seconds`` in ``data``, as a dotted path."""
    if isinstance(data, dict):
        return [p for k, v in data.items()
                for p in ([f"{path}{k}"] if k.endswith("_seconds") else [])
                + seconds_fields(v, f"{path}{k}.")]
    if isinstance(data, list):
        return [p for v in data for p in seconds_fields(v, path)]
    return []


@pytest.fixture(scope="module")
def squad_twice(tmp_path_factory) -> list[tuple[Path, Any]]:
    """A tiny squad whose coach has no slot, solved twice into two folders."""
    folder = tmp_path_factory.mktemp("squad")
    path = write_squad(folder, [runner(1), runner(2)], gym=1,
                       coach={"slots": {}, "capacity": 1})
    out = []
    for name in ("one", "two"):
        result = run("squad", path, "-d", folder / name, "--jobs", "1")
        assert result.exit_code == 0, result.output
        out.append((folder / name, result))
    return out


def test_squad_summary_repeats_byte_for_byte_without_its_timing_block(squad_twice):
    texts = []
    for folder, _ in squad_twice:
        summary = json.loads((folder / "squad-summary.json").read_text())
        timing = summary.pop("timing")
        assert set(timing) == {"wall_seconds", "solo_seconds", "greedy_seconds",
                               "first_solution_seconds"}
        assert seconds_fields(summary) == []  # every timing is in the timing block
        texts.append(json.dumps(summary, indent=2))
    assert texts[0] == texts[1]
    (one, _), (two, _) = squad_twice
    assert (one / "roster.csv").read_bytes() == (two / "roster.csv").read_bytes()


# -- 5. one unit for shares, and no busiest coach without a coach slot -------------------------


def test_squad_output_gives_shares_in_percent_and_says_there_is_no_coach_slot(squad_twice):
    stdout = squad_twice[0][1].stdout
    assert "per-mille" not in stdout and "‰" not in stdout
    assert re.search(r"worst share \d+\.\d %", stdout)
    assert re.search(r"\d+\.\d %", stdout.splitlines()[2])  # the table's share column
    assert "busiest coach" not in stdout
    assert "no coach slot" in stdout


# -- 3. --json answers every usage error -------------------------------------------------------


def test_explain_plan_without_date_answers_in_json(plan_file):
    scenario, plan = plan_file
    data = json_error(run("explain", scenario, "--plan", plan, "--json"))
    assert data["errors"][0]["path"] == "--date"
    assert "--plan needs --date" in data["errors"][0]["message"]


@pytest.mark.parametrize("date", ["2027-03-01", "someday"])
def test_explain_date_outside_the_plan_or_not_a_date_answers_in_json(plan_file, date):
    scenario, plan = plan_file
    data = json_error(run("explain", scenario, "--plan", plan, "--date", date, "--json"))
    assert data["errors"][0]["path"] == "--date"
    assert data["errors"][0]["value"] == date


def test_click_usage_errors_answer_in_json_too(plan_file):
    _, plan = plan_file
    bad_value = json_error(run("show", plan, "--week", "abc", "--json"))
    assert bad_value["errors"][0]["path"] == "--week"
    both = json_error(run("show", plan, "--week", "1", "--date", "2027-01-05", "--json"))
    assert "not both" in both["errors"][0]["message"]
    plain = run("show", plan, "--week", "abc")
    assert plain.exit_code == 2 and plain.stdout == ""  # no --json, no JSON


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_solve_refuses_json_with_another_format(tmp_path, fmt):
    path = write_scenario(tmp_path)
    out = tmp_path / "plan.json"
    result = run("solve", path, "--json", "--format", fmt, "-o", out)
    data = json_error(result)
    assert data["errors"][0]["path"] == "--format"
    assert result.stderr.count("error:") == 1
    assert not out.exists()
    assert run("solve", path, "--json", "--format", "json", "-q").exit_code == 0


def test_batch_json_gives_the_problems_and_the_explanation(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({**BASE, "athlete": {"name": "x", "body_mass_kg": -1}},
                                  sort_keys=False))
    stuck = tmp_path / "stuck.yaml"
    stuck.write_text(yaml.safe_dump({**BASE, **STUCK}, sort_keys=False))
    result = run("batch", bad, stuck, "-d", tmp_path / "plans", "--jobs", "1", "--json", "-q")
    assert result.exit_code == 2, result.output
    entries = {Path(e["path"]).name: e for e in json.loads(result.stdout)["scenarios"]}
    errors = entries["bad.yaml"]["errors"]
    assert [e["path"] for e in errors] == ["athlete.body_mass_kg"]
    assert errors[0]["value"] == -1 and errors[0]["line"]
    explanation = entries["stuck.yaml"]["explanation"]
    expected = json.loads(run("solve", stuck, "--json", "-q").stdout)
    assert explanation == expected
    assert explanation["feasible"] is False and explanation["conflict"]


# -- 4. -q leaves only results and errors ------------------------------------------------------


def test_quiet_solve_of_an_infeasible_scenario_prints_only_the_explanation(tmp_path):
    path = write_scenario(tmp_path, **STUCK)
    result = run("solve", path, "-q")
    assert result.exit_code == 3
    assert result.stderr == ""
    assert "infeasible. These cannot all hold" in result.stdout
    loud = run("solve", path)
    assert "explaining" in loud.stderr


def test_quiet_squad_with_an_athlete_infeasible_alone_prints_only_the_explanation(tmp_path):
    path = write_squad(tmp_path, [runner(1), runner(2, availability={"gym_days": ["mon"]})])
    result = run("squad", path, "-d", tmp_path / "plans", "--jobs", "1", "-q")
    assert result.exit_code == 3
    assert result.stderr == ""
    assert "infeasible" in result.stdout


# -- 6. input ----------------------------------------------------------------------------------


def test_a_squad_without_athletes_is_told_in_a_coachs_words(tmp_path):
    path = tmp_path / "squad.yaml"
    path.write_text("squad: Empty group\nathletes: []\ncoach: {slots: {mon: [pm]}}\n"
                    "gym: {capacity: 2}\n")
    with pytest.raises(InputError) as caught:
        Squad.load(path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("athletes", 2)
    assert problem.message.startswith("expected at least 1 entry: scenario files")
    assert "after validation" not in problem.message
    result = run("squad", path, "-d", tmp_path / "plans", "--json")
    assert json_error(result)["errors"][0]["message"] == problem.message
    assert f"{path}:2: athletes: expected at least 1 entry" in result.stderr


def test_being_away_on_race_day_is_a_plan_note():
    scenario = make_scenario(availability={"unavailable": ["2027-01-29..2027-01-31"]})
    plan = solve(scenario, time_limit=30).plan
    notes = [n for n in plan.notes if n.startswith("Away on race day")]
    assert len(notes) == 1 and "2027-01-31" in notes[0] and "race.date" in notes[0]
    assert not any("Away on" in n for n in solve(make_scenario(), time_limit=30).plan.notes)
