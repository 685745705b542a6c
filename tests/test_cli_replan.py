"""``stridelift replan`` and ``stridelift check`` of a replanned plan, through the CLI."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from models import Plan, Scenario
from models.log import load_log
from optimizer.cli import cli
from optimizer.replan import replan

from .live import DATA, missed_week_log, plan


def files(tmp_path, log: dict | str | None = None):
    log = missed_week_log() if log is None else log
    scenario = tmp_path / "athlete.yaml"
    scenario.write_text(yaml.safe_dump(DATA, sort_keys=False))
    old = tmp_path / "plan.json"
    plan().write(old)
    path = tmp_path / "log.yaml"
    path.write_text(log if isinstance(log, str) else yaml.safe_dump(log))
    return scenario, old, path


def test_replan_prints_what_changed_and_why_and_check_marks_the_logged_past(tmp_path):
    scenario, old, log = files(tmp_path)
    new = tmp_path / "new.json"
    runner = CliRunner()
    result = runner.invoke(cli, ["replan", str(scenario), str(old), "--log", str(log),
                                 "--output", str(new), "--time-limit", "30"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith(f"replan of {old} from 2027-04-11 with {log}:")
    assert "  2027-03-17 lift missed (logged)" in out
    assert "  2027-04-14 P6: lift squat 55 kg → 47.5 kg" in out
    assert "  2027-04-21 lift (pm) moved to Thu 2027-04-22 (pm) - H9 if it stayed: " in out
    assert "OPTIMAL: " in out and "from 2027-04-11: kept " in out
    # One implementation: the CLI prints the library's summary, then where the plan went.
    loaded = Plan.load(old)
    same = replan(Scenario.load(scenario), loaded, load_log(log, loaded), log_label=str(log),
                  plan_label=str(old), time_limit=30)
    assert out == f"{same.summary()}\nnew plan written to {new}\n"
    checked = runner.invoke(cli, ["check", str(scenario), str(new)])
    assert checked.exit_code == 0, checked.output
    lines = checked.output.splitlines()
    assert "H10 2027-03-15 (logged): 0 strength sessions in week 3 (from Monday 2027-03-15); " \
           "at least 2 once strength training has started" in lines
    assert lines[-1].startswith(f"clean from 2027-04-11 on: {new} keeps every hard rule")
    as_json = json.loads(runner.invoke(cli, ["check", str(scenario), str(new),
                                             "--json"]).output)
    assert as_json["ok"] and [v["rule"] for v in as_json["logged"]] == ["H10", "H11", "H5"]


def test_replan_json_reports_changes_and_the_stability_term(tmp_path):
    scenario, old, log = files(tmp_path)
    result = CliRunner().invoke(cli, ["replan", str(scenario), str(old), "--log", str(log),
                                      "-o", str(tmp_path / "new.json"), "--json",
                                      "--stability", "10"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["replan"]["stability_weight"] == 10
    assert data["objective"] == sum(data["score"].values()) + data["stability"]
    assert {"date": "2027-03-17", "text": "lift missed (logged)", "rules": []} \
        in data["changes"]


def test_a_bad_log_exits_2_naming_every_problem_and_writes_nothing(tmp_path):
    scenario, old, log = files(tmp_path, "days:\n  2027-03-17: {missed: [hills]}\n"
                                         "  2027-03-18: {soreness: 12}\n")
    new = tmp_path / "new.json"
    result = CliRunner().invoke(cli, ["replan", str(scenario), str(old), "--log", str(log),
                                      "-o", str(new)])
    assert result.exit_code == 2
    assert f"error: {log}:2: days.2027-03-17.missed[0]: the plan holds no hills session " \
           "on this date (it holds lift) (got 'hills')" in result.output
    assert f"error: {log}:3: days.2027-03-18.soreness: expected a whole number from 0 to " \
           "10 (got 12)" in result.output
    assert not new.exists()


def test_a_replan_date_outside_the_plan_or_a_plan_of_another_scenario_exits_2(tmp_path):
    scenario, old, log = files(tmp_path, "days: {}\n")
    runner = CliRunner()
    late = runner.invoke(cli, ["replan", str(scenario), str(old), "--log", str(log),
                               "--from", "2027-06-01", "-o", str(tmp_path / "n.json")])
    assert late.exit_code == 2 and "the replan date must be a day of the plan" in late.output
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump({**DATA, "start": "2027-03-08"}))
    moved = runner.invoke(cli, ["replan", str(other), str(old), "--log", str(log),
                                "-o", str(tmp_path / "n.json")])
    assert moved.exit_code == 2 and "a plan of another scenario?" in moved.output
    assert not (tmp_path / "n.json").exists()


def _lifter_without_gym_days(tmp_path):
    """The files of a replan that cannot be planned: lifting established, but the scenario
    now gives no gym day (H9, H11)."""
    scenario, old, log = files(tmp_path, "days: {}\n")
    scenario.write_text(yaml.safe_dump({
        **DATA, "athlete": {**DATA["athlete"], "established": ["snc", "lift"]},
        "availability": {"gym_days": []}}, sort_keys=False))
    return scenario, old, log


def test_an_infeasible_replan_exits_3_with_its_summary_and_writes_nothing(tmp_path):
    scenario, old, log = _lifter_without_gym_days(tmp_path)
    new = tmp_path / "new.json"
    result = CliRunner().invoke(cli, ["replan", str(scenario), str(old), "--log", str(log),
                                      "-o", str(new), "--time-limit", "30"])
    assert result.exit_code == 3
    assert result.stderr == (
        f"replan of {old} from 2027-03-01 with {log}:\n"
        "INFEASIBLE: no plan from 2027-03-01 on keeps every hard rule with the logged past "
        "and the new dates away\nnothing was written\n")
    assert not new.exists()


def test_an_infeasible_replan_with_json_answers_in_json_on_stdout(tmp_path):
    scenario, old, log = _lifter_without_gym_days(tmp_path)
    new = tmp_path / "new.json"
    result = CliRunner().invoke(cli, ["replan", str(scenario), str(old), "--log", str(log),
                                      "-o", str(new), "--time-limit", "30", "--json"])
    assert result.exit_code == 3
    answer = json.loads(result.stdout)
    assert answer["ok"] is False and answer["exit"] == 3 and answer["status"] == "INFEASIBLE"
    assert "keeps every hard rule" in answer["summary"] and not new.exists()


def test_replan_json_lists_the_floors_the_new_plan_breaks(tmp_path):
    # A lifter (Mon/Wed/Sat gym, Saturday before the long run: H4) away Monday to Wednesday
    # of week 3: the replan breaks that week's H11 alone, and --json says so with its reason.
    from .conftest import BASE, merged

    data = merged(BASE, {"race": {"date": "2027-02-28"},
                         "athlete": {"established": ["snc", "lift"]},
                         "availability": {"gym_days": ["mon", "wed", "sat"]}})
    scenario = tmp_path / "lifter.yaml"
    scenario.write_text(yaml.safe_dump(data, sort_keys=False))
    old, new, log = tmp_path / "plan.json", tmp_path / "new.json", tmp_path / "trip.yaml"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(scenario), "-o", str(old), "-q"]).exit_code == 0
    log.write_text("unavailable: [2027-01-18..2027-01-20]\n")
    result = runner.invoke(cli, ["replan", str(scenario), str(old), "--log", str(log),
                                 "--from", "2027-01-15", "-o", str(new), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert [(b["rule"], b["date"]) for b in answer["broken"]] == [("H11", "2027-01-18")]
    assert answer["broken"][0]["because"] == \
        "the athlete away 2027-01-18..2027-01-20 (new dates away in the log)"
    assert answer["replan"]["relaxed"] == {"H11": 1} and new.exists()
