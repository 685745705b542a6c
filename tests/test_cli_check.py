"""``stridelift check`` on plan JSON and on a coach's CSV sheet."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

from models import InputError, Plan, Scenario
from models.plan import Session
from optimizer import check, solve
from optimizer.cli import cli
from optimizer.plan_csv import plan_from_csv, plan_to_csv

from .conftest import BASE, merged

# Eight weeks for a runner who already does S&C and lifts.
DATA = merged(BASE, {"race": {"date": "2027-02-28"},
                     "athlete": {"established": ["snc", "lift"]}})


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("check")
    scenario_path = folder / "scenario.yaml"
    scenario_path.write_text(yaml.safe_dump(DATA, sort_keys=False))
    scenario = Scenario.from_data(DATA)
    plan = solve(scenario, time_limit=20).plan
    plan_path = folder / "plan.json"
    plan.write(plan_path)
    return folder, scenario_path, scenario, plan, plan_path


def broken_copy(plan: Plan) -> Plan:
    """The plan with snc added on every workout day (H7), introductions left as they were."""
    days = [d.model_copy(update={"sessions": [*d.sessions, Session(kind="snc", slot="pm",
                                                                     minutes=10)]})
            if d.run.value == "workout" else d for d in plan.days]
    return plan.model_copy(update={"days": days})


def test_solver_plan_checks_clean(solved):
    _, scenario_path, _, _, plan_path = solved
    result = CliRunner().invoke(cli, ["check", str(scenario_path), str(plan_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("clean:")


def test_violations_exit_1_one_line_each_and_json(solved):
    folder, scenario_path, scenario, plan, _ = solved
    bad = folder / "bad.json"
    broken_copy(plan).write(bad)
    result = CliRunner().invoke(cli, ["check", str(scenario_path), str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    # one line per violation: rule ID, date, then a sentence; a summary closes the report
    assert all(re.match(r"^H\d+ 2027-\d\d-\d\d: \w", line) for line in lines[:-1])
    assert any(line.startswith("H7 2027-01-05: snc (pm) on Tuesday, a workout day")
               for line in lines)
    assert "violations" in lines[-1]
    as_json = CliRunner().invoke(cli, ["check", str(scenario_path), str(bad), "--json"])
    data = json.loads(as_json.stdout)
    assert as_json.exit_code == 1 and data["ok"] is False
    assert len(data["violations"]) == len(lines) - 1
    assert {"H7", "H10", "H12"} <= {v["rule"] for v in data["violations"]}


def test_csv_sheet_gives_the_same_result_as_the_json_plan(solved):
    folder, scenario_path, scenario, plan, _ = solved
    for candidate in (plan, broken_copy(plan)):
        text = plan_to_csv(candidate)
        back = plan_from_csv(text, scenario)
        assert check(scenario, back) == check(scenario, candidate)
        sheet, as_json = folder / "sheet.csv", folder / "candidate.json"
        sheet.write_text(text)
        candidate.write(as_json)
        outputs = [CliRunner().invoke(cli, ["check", str(scenario_path), str(path), "--json"])
                   for path in (sheet, as_json)]
        assert outputs[0].exit_code == outputs[1].exit_code
        assert json.loads(outputs[0].stdout)["violations"] == \
            json.loads(outputs[1].stdout)["violations"]


def test_a_minimal_sheet_with_only_sessions(solved):
    _, _, scenario, _, _ = solved
    text = "date,kind\n2027-01-04,snc\n2027-01-06,lift\n"
    plan = plan_from_csv(text, scenario)
    assert [s.kind.value for d in plan.days for s in d.sessions] == ["snc", "lift"]
    # Only week 1 is filled in: the other weeks miss their sessions (H10, H11), nothing else.
    assert {v.rule for v in check(scenario, plan)} == {"H10", "H11"}
    assert {v.date.isoformat() for v in check(scenario, plan)} >= {"2027-01-11"}


def test_bad_sheet_rows_are_all_reported_with_their_lines(solved):
    folder, scenario_path, scenario, _, _ = solved
    text = ("date,run,kind,slot\n"
            "2027-01-04,easy,yoga,pm\n"
            "2027-02-30,easy,snc,pm\n"
            "2027-01-06,easy,snc,noon\n")
    with pytest.raises(InputError) as error:
        plan_from_csv(text, scenario, "sheet.csv")
    problems = error.value.problems
    assert [p.line for p in problems] == [2, 3, 4]
    assert "strength kind" in problems[0].message and problems[0].value == "yoga"
    sheet = folder / "bad.csv"
    sheet.write_text(text)
    result = CliRunner().invoke(cli, ["check", str(scenario_path), str(sheet)])
    assert result.exit_code == 2
    assert "bad.csv:2" in result.stderr


def test_unreadable_plan_exits_2(solved):
    folder, scenario_path, *_ = solved
    junk = folder / "junk.json"
    junk.write_text("{not json")
    result = CliRunner().invoke(cli, ["check", str(scenario_path), str(junk)])
    assert result.exit_code == 2
    assert "malformed JSON" in result.stderr
