"""A replan that must break a weekly floor names the real causes, and no change blames the
plan contract: the coach away after lifting began (H17), the scenario's own dates away."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from models import Scenario, TrainingLog
from models.vocabulary import Kind, Slot
from optimizer import replan, solve
from optimizer.check import FORMAT, check, split_logged
from optimizer.cli import cli
from optimizer.replan_causes import blocking_rules, floor_causes

from .conftest import make_scenario

ROOT = Path(__file__).resolve().parent.parent
HALF = ROOT / "scenarios" / "coached-half.yaml"
SINCE = dt.date(2027, 7, 11)
COACH_AWAY = "2027-07-11..2027-08-01"
LOG = {"days": {"2027-07-07": {"done": ["lift"]}}}
BECAUSE = ("lift begun 2027-07-07 (logged), H17 asking for a coach in its first 4 weeks "
           "(to 2027-08-01) and the coach away 2027-07-11..2027-08-01 (coach.unavailable)")


def _coach_away_data() -> dict:
    data = yaml.safe_load(HALF.read_text())
    data["coach"]["unavailable"] = [COACH_AWAY]
    return data


@functools.cache
def _coach_away():
    """The coached half marathoner's plan (lift begins Wednesday 2027-07-07, supervised,
    H17), replanned from Sunday 2027-07-11 with the lift logged, against the same scenario
    whose coach is away for the next three weeks: the scenario and the replan's result."""
    plan = solve(Scenario.load(HALF), time_limit=30).plan
    assert plan.introductions[Kind.LIFT] == dt.date(2027, 7, 7)
    sc = Scenario.from_data(_coach_away_data())
    return sc, replan(sc, plan, TrainingLog.from_data(LOG, plan), since=SINCE, time_limit=30)


def test_a_coach_away_after_lifting_began_breaks_h11_and_names_h17_and_the_coach():
    sc, result = _coach_away()
    assert result.plan is not None and result.plan.replan.relaxed == {"H11": 3}
    weeks = [dt.date(2027, 7, 12), dt.date(2027, 7, 19), dt.date(2027, 7, 26)]
    assert [(b.rule, b.date, b.because) for b in result.broken] == [
        ("H11", week, BECAUSE) for week in weeks]
    open_, _ = split_logged(result.plan, check(sc, result.plan))
    assert [(v.rule, v.date) for v in open_] == [("H11", week) for week in weeks]
    summary = result.summary()
    assert "the log" not in summary and "training log" not in summary
    assert "relaxed because no plan from the replan date on can keep them (each break below " \
        "says why): H11 x3" in summary.splitlines()
    assert f"H11 2027-07-12: no lift or power session in week 2 (from Monday 2027-07-12); at " \
        f"least one gym session every week once lifting has started - not possible with " \
        f"{BECAUSE}; `stridelift check` reports it." in result.plan.notes


def test_no_if_kept_reason_cites_the_plan_contract():
    _, result = _coach_away()
    assert not [c for c in result.changes if FORMAT in c.rules or "format" in c.text]
    plyo = [c for c in result.changes if c.date == dt.date(2027, 7, 28) and "plyo" in c.text]
    assert len(plyo) == 1 and set(plyo[0].rules) == {"H1", "H17"}
    assert plyo[0].text.startswith("plyo placed gym (pm) dropped - H1 if kept: ")


def test_a_slot_the_coachs_absence_closes_is_open_without_it():
    sc, result = _coach_away()
    plan = result.plan
    wednesday = dt.date(2027, 7, 14)
    assert blocking_rules(sc, plan, wednesday, Kind.LIFT, Slot.PM) == {"H17"}
    home = Scenario.load(HALF)
    assert blocking_rules(home, plan, wednesday, Kind.LIFT, Slot.PM) == set()
    # The week's other gym days stay closed with the coach at home: Monday is the day before
    # Tuesday's workout (H4), and Friday has no coach slot (H17: the coach's week).
    assert blocking_rules(home, plan, dt.date(2027, 7, 12), Kind.LIFT, Slot.PM) == {"H4"}
    assert blocking_rules(home, plan, dt.date(2027, 7, 16), Kind.LIFT, Slot.PM) == {"H17"}
    assert floor_causes(sc, plan, TrainingLog.from_data(LOG, plan), result.broken[0]) == [
        "lift begun 2027-07-07 (logged)", "H17 asking for a coach in its first 4 weeks (to "
        "2027-08-01)", "the coach away 2027-07-11..2027-08-01 (coach.unavailable)"]


def test_the_scenarios_own_dates_away_are_named_as_the_scenarios():
    # A lifter new to lifting (gym Mon/Wed/Sat, Saturday before the long run: H4) whose
    # scenario, not her log, now has her away Monday to Wednesday of week 3: that week
    # cannot hold its lift (H11), and the cause is the scenario's availability.
    base = {"race": {"date": "2027-02-28"}, "athlete": {"established": ["snc"]}}
    plan = solve(make_scenario(**base, availability={"gym_days": ["mon", "wed", "sat"]}),
                 time_limit=30).plan
    assert plan.introductions[Kind.LIFT] < dt.date(2027, 1, 15)
    sc = make_scenario(**base, availability={"gym_days": ["mon", "wed", "sat"],
                                             "unavailable": ["2027-01-18..2027-01-20"]})
    result = replan(sc, plan, TrainingLog.from_data({}, plan), since=dt.date(2027, 1, 15),
                    time_limit=30)
    assert [(b.rule, b.date, b.because) for b in result.broken] == [
        ("H11", dt.date(2027, 1, 18),
         "the athlete away 2027-01-18..2027-01-20 (availability.unavailable)")]


def test_replan_cli_names_the_coach_for_the_qa_case(tmp_path):
    half, away = tmp_path / "half.yaml", tmp_path / "half-coach-away.yaml"
    half.write_text(HALF.read_text())
    away.write_text(yaml.safe_dump(_coach_away_data(), sort_keys=False))
    log = tmp_path / "log1.yaml"
    log.write_text(yaml.safe_dump(LOG))
    old, new = tmp_path / "half-plan.json", tmp_path / "half-v2.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(half), "-o", str(old), "-q"]).exit_code == 0
    result = runner.invoke(cli, ["replan", str(away), str(old), "--log", str(log), "--from",
                                 "2027-07-11", "-o", str(new), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert [(b["rule"], b["because"]) for b in answer["broken"]] == [("H11", BECAUSE)] * 3
    assert not [c for c in answer["changes"] if "format" in c["rules"]]
    checked = runner.invoke(cli, ["check", str(away), str(new)])
    assert checked.exit_code == 1 and "3 violations (H11 x3)" in checked.output
