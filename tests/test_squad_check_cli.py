"""Checking a squad's plans: `stridelift check SQUAD FOLDER|PLAN`, plans matched to athletes by
name (library `check_squad`), and one clear line for a squad file where a scenario is expected
(and the reverse)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from models import InputError, Plan, Scenario
from models.squad import Squad
from optimizer import check, check_squad, solve, solve_many
from optimizer.cli import cli

from .conftest import SCENARIOS
from .squads import runner, write_squad

# Runners 1-2 lift already; runner 3 starts lifting in this block (no S&C weeks first), so
# their first weeks of lifting are supervised (H17) once a coach is in the scenario.
LATER = {"date": "2027-02-14"}  # six weeks: room to start lifting before the taper
ATHLETES = [runner(1, race=LATER), runner(2, race=LATER),
            runner(3, race=LATER, athlete={"established": ["snc"]},
                   rules={"snc_weeks_before_lift": 0})]


@pytest.fixture(scope="module")
def group(tmp_path_factory):
    """A squad of three whose solo plans (solved with the squad's coach merged in, each
    alone) all lift on the same afternoons: clean for a gym of three, H18 for one."""
    base = tmp_path_factory.mktemp("group")
    roomy = write_squad(base / "roomy", ATHLETES, gym=3,
                        coach={"slots": {"tue": ["pm"], "wed": ["pm"], "fri": ["pm"]},
                               "capacity": 3})
    tight = write_squad(base / "tight", ATHLETES, gym=1,
                        coach={"slots": {"tue": ["pm"], "wed": ["pm"], "fri": ["pm"]},
                               "capacity": 3})
    squad = Squad.load(roomy)
    results = solve_many(list(squad.athletes), time_limit=30, jobs=1)
    folder = base / "plans"
    folder.mkdir()
    for stem, result in zip(squad.stems, results):
        result.plan.write(folder / f"{stem}.json")
    # the new lifter's plan made from their own file, which has no coach: nothing supervised
    own = solve(Scenario.load(base / "roomy" / "athletes" / "a3.yaml"), time_limit=30).plan
    own_path = base / "own-runner-3.json"
    own.write(own_path)
    return {"roomy": roomy, "tight": tight, "squad": squad, "folder": folder,
            "plans": [r.plan for r in results], "own": own_path, "base": base}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_squad_folder_checks_clean_with_h18(group):
    result = run("check", group["roomy"], group["folder"])
    assert result.exit_code == 0, result.output
    for name in ("Runner 1", "Runner 2", "Runner 3"):
        assert f"{name} ({name.lower().replace(' ', '-')}.json): clean" in result.output
    assert "(H1-H18)" in result.output
    as_json = json.loads(run("check", group["roomy"], group["folder"], "--json").output)
    assert as_json["ok"] and as_json["h18_checked"]
    assert [a["name"] for a in as_json["athletes"]] == ["Runner 1", "Runner 2", "Runner 3"]


def test_squad_folder_reports_h18_and_exits_1(group):
    result = run("check", group["tight"], group["folder"])
    assert result.exit_code == 1, result.output
    h18 = [line for line in result.output.splitlines() if line.strip().startswith("H18 ")]
    assert h18 and all("athletes in the gym" in line and "at most 1" in line
                       for line in h18)
    assert "Runner 1 (runner-1.json): clean" in result.output  # each one is fine alone
    as_json = json.loads(run("check", group["tight"], group["folder"], "--json").output)
    assert not as_json["ok"]
    assert {v["rule"] for v in as_json["squad_violations"]} == {"H18"}
    assert as_json["counts"] == {"H18": len(h18)}


def test_one_athletes_plan_is_checked_with_the_squad_coach_merged_in(group):
    # Alone, the plan from the athlete's own file is clean: that file has no coach, so H17
    # is off. Against the squad, the coach is merged in and the unsupervised first weeks
    # of lifting break H17.
    own_file = group["base"] / "roomy" / "athletes" / "a3.yaml"
    assert run("check", own_file, group["own"]).exit_code == 0
    result = run("check", group["roomy"], group["own"])
    assert result.exit_code == 1, result.output
    assert "Runner 3 (" in result.output and "\n  H17 " in result.output
    assert "H18 (the shared gym and coach) needs every athlete's plan" in result.output
    merged = group["squad"].athletes[2]
    assert any(v.rule == "H17" for v in check(merged, Plan.load(group["own"])))


def test_own_file_check_says_h17_was_not_checked_for_a_squad_plan(group):
    own_file = group["base"] / "roomy" / "athletes" / "a3.yaml"
    plan = group["folder"] / "runner-3.json"
    assert any(s.supervised for _, s in Plan.load(plan).sessions())
    result = run("check", own_file, plan)
    assert result.exit_code == 0
    assert "note: H17 was not checked" in result.output
    assert "stridelift check SQUAD FOLDER" in result.output
    assert json.loads(run("check", own_file, plan, "--json").output)["notes"]


def test_check_squad_matches_plans_by_athlete_name_in_any_order(group):
    squad, plans = group["squad"], group["plans"]
    assert check_squad(squad, plans) == []
    assert check_squad(squad, list(reversed(plans))) == []
    tight = Squad.load(group["tight"])
    assert check_squad(tight, list(reversed(plans))) == check_squad(tight, plans)
    assert {v.rule for v in check_squad(tight, plans[::-1])} == {"H18"}


def test_missing_and_foreign_plans_are_named(group, tmp_path):
    squad, plans = group["squad"], group["plans"]
    other = solve(SCENARIOS / "coached-half.yaml", time_limit=30).plan
    found = check_squad(squad, [plans[2], other, plans[0]])
    messages = [v.message for v in found]
    assert [v.rule for v in found] == ["format", "format"]
    assert "Runner 2: no plan of Runner 2 among the squad's plans" in messages
    assert any(f"a plan of {other.athlete}" in m and "not an athlete of Test group" in m
               for m in messages)
    assert check_squad(squad, [plans[0], plans[0], plans[1], plans[2]])[0].message == \
        "Runner 1: a plan of Runner 1 too; only the first was checked"

    folder = tmp_path / "plans"
    shutil.copytree(group["folder"], folder)
    (folder / "runner-2.json").unlink()
    other.write(folder / "stranger.json")
    result = run("check", group["roomy"], folder)
    assert result.exit_code == 1, result.output
    assert "Runner 2: no plan" in result.output
    assert f"stranger.json is a plan of {other.athlete}" in result.output


def test_a_folder_without_plans_or_with_a_broken_plan_is_bad_input(group, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("check", group["roomy"], empty)
    assert result.exit_code == 2 and "holds no plan files" in result.output
    broken = tmp_path / "broken"
    shutil.copytree(group["folder"], broken)
    (broken / "runner-1.json").write_text('{"format": "stridelift.plan/1", "days": 3}')
    assert run("check", group["roomy"], broken).exit_code == 2
    plan = group["folder"] / "runner-1.json"
    folder = run("check", SCENARIOS / "novice-marathon.yaml", group["folder"])
    assert folder.exit_code == 2 and "is a folder" in folder.output
    assert run("check", group["roomy"], tmp_path / "nowhere.json").exit_code == 2
    assert run("check", group["roomy"], plan).exit_code == 0


SQUAD_FILE = SCENARIOS / "squads" / "iten-group.yaml"


@pytest.mark.parametrize("args", [
    ["solve", SQUAD_FILE],
    ["explain", SQUAD_FILE],
    ["export", SQUAD_FILE, "--format", "csv"],
    ["squad", SCENARIOS / "novice-marathon.yaml", "-d", "never-written"],
])
def test_a_squad_file_where_a_scenario_is_expected_is_one_line(args, tmp_path):
    result = run(*args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    assert "(top level): this is" in errors[0]
    assert not (tmp_path / "never-written").exists()


def test_export_with_a_squad_file_as_its_scenario_is_one_line(group):
    plan = group["folder"] / "runner-1.json"
    result = run("export", plan, "--format", "csv", "--scenario", group["roomy"])
    assert result.exit_code == 2
    assert "1 problem found" in result.output
    assert "this is a squad file (squad:, athletes:), not one athlete's scenario" in \
        result.output


def test_the_library_says_which_file_it_got():
    with pytest.raises(InputError) as error:
        Scenario.load(SQUAD_FILE)
    assert len(error.value.problems) == 1
    with pytest.raises(InputError) as error:
        Squad.load(SCENARIOS / "novice-marathon.yaml")
    assert "not a squad file" in str(error.value.problems[0])
