"""Infeasible scenarios are explained by their real cause, with relaxations that work."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from models import Scenario
from optimizer import solve
from optimizer.cli import cli
from optimizer.explain import explain_infeasibility
from optimizer.explain_day import explain_day
from optimizer.facts import scenario_data

from .conftest import BASE, make_scenario, write_scenario

WEEK = {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "easy", "fri": "workout",
        "sat": "easy", "sun": "long"}
TWELVE = {"race": {"date": "2027-03-28"}}
LIFTER = {"established": ["snc", "lift"]}

# name: (scenario changes, rule IDs the conflict must name, words one relaxation must say)
INFEASIBLE = {
    "no gym days": (dict(athlete=LIFTER, availability={"gym_days": []}),
                    {"H11", "H9"}, "allow a gym session on"),
    "gym only on workout days": (dict(athlete=LIFTER, availability={"gym_days": ["tue", "fri"]}),
                                 {"H11", "H2"}, "turn on double days"),
    "gym only the day before quality": (dict(athlete=LIFTER,
                                             availability={"gym_days": ["mon", "thu", "sat"]}),
                                        {"H11", "H4"}, "allow a gym session on"),
    "budget too small to lift": (dict(athlete=LIFTER,
                                      availability={"daily_strength_minutes": 30}),
                                 {"H11", "H9"}, "minutes a day"),
    "away on the only usable gym day": (dict(athlete=LIFTER,
                                             availability={"gym_days": ["wed", "sat"],
                                                           "unavailable": ["2027-01-20"]}),
                                        {"H11", "H9"}, "drop the dates away 2027-01-20"),
    "afternoon run on the gym day": (dict(athlete=LIFTER, availability={"gym_days": ["wed"]},
                                          running={"week": WEEK, "run_slot": {"wed": "pm"}}),
                                     {"H11", "H2"}, "run in the morning on Wednesdays"),
}

# A 4-week plan for an athlete whose only habit is hill sprints: strength has started, so the
# full week owes 2 sessions (H10), hills count once a week (H8), and nothing new may start so
# close to the race (H13).
SHORT_HILLS_ONLY = dict(athlete={"established": ["hills"]})


@pytest.mark.parametrize("words", ["allow a new kind close to the race",
                                   "take it out of athlete.established",
                                   "start the build-up 4 weeks earlier"])
def test_explain_offers_horizon_and_history_changes(words):
    scenario = make_scenario(**SHORT_HILLS_ONLY)
    explanation = explain_infeasibility(scenario)
    assert {"H10", "H13"} <= {part.rule for part in explanation.conflict}, explanation.text()
    chosen = [r for r in explanation.relaxations if words in r.says]
    assert chosen, explanation.text()
    fixed = Scenario.from_data(chosen[0].apply(scenario_data(scenario)))
    assert solve(fixed, time_limit=20).feasible


@pytest.mark.parametrize("name", sorted(INFEASIBLE))
def test_explain_names_the_cause_and_a_relaxation_that_works(name):
    changes, rules, relaxation_words = INFEASIBLE[name]
    scenario = make_scenario(**TWELVE, **changes)
    assert solve(scenario, time_limit=20).status == "INFEASIBLE"
    explanation = explain_infeasibility(scenario)
    named = {part.rule for part in explanation.conflict}
    assert rules <= named, explanation.text()
    assert all(part.dates for part in explanation.conflict if part.rule != "H13")
    chosen = [r for r in explanation.relaxations if relaxation_words in r.says]
    assert chosen, explanation.text()
    for relaxation in explanation.relaxations:  # every suggestion really works
        fixed = Scenario.from_data(relaxation.apply(scenario_data(scenario)))
        assert solve(fixed, time_limit=20).feasible, relaxation.says


def test_the_conflict_is_minimal():
    scenario = make_scenario(**TWELVE, **INFEASIBLE["no gym days"][0])
    explanation = explain_infeasibility(scenario)
    text = explanation.text()
    assert "These cannot all hold" in text and "H11" in text
    # No gym on any day is enough with H11: H2 (workout days) and H4 (days before quality)
    # are not needed, so they are not cited; the seven weekdays are said once.
    assert {part.rule for part in explanation.conflict} == {"H9", "H11"}, text
    assert "because: no gym on any day (availability.gym_days is empty)" in text


def test_feasible_scenario_is_said_to_be_feasible():
    explanation = explain_infeasibility(make_scenario())
    assert explanation.feasible and not explanation.conflict


def test_cli_explain_exits_3_and_solve_prints_the_same_explanation(tmp_path):
    path = write_scenario(tmp_path, athlete={**BASE["athlete"], **LIFTER},
                 availability={"gym_days": []})
    explained = CliRunner().invoke(cli, ["explain", str(path)])
    assert explained.exit_code == 3
    assert "cannot all hold" in explained.stdout and "H11" in explained.stdout
    solved = CliRunner().invoke(cli, ["solve", str(path), "-o", str(tmp_path / "p.json")])
    assert solved.exit_code == 3
    assert "cannot all hold" in solved.stdout
    assert not (tmp_path / "p.json").exists()
    as_json = CliRunner().invoke(cli, ["explain", str(path), "--json"])
    assert as_json.exit_code == 3
    assert '"relaxations"' in as_json.stdout


def test_explain_day_gives_reasons_and_costs():
    scenario = make_scenario(**TWELVE, athlete=LIFTER, availability={"gym_days": ["wed"]})
    plan = solve(scenario, time_limit=20).plan
    wednesday = next(d for d in plan.days if d.date.weekday() == 2 and d.sessions)
    explanation = explain_day(scenario, plan, wednesday.date)
    text = explanation.text()
    assert "lift pm" in text and "H11" in text
    drop = next(a for a in explanation.alternatives if a.action.startswith("drop lift"))
    # Dropping the week's only lift breaks H11 unless it moves; the plan is optimal, so no
    # feasible change can score more.
    assert drop.status == "INFEASIBLE" or drop.total >= 0
    tuesday = plan.day(wednesday.date - dt.timedelta(days=1))
    reasons = dict(explain_day(scenario, plan, tuesday.date).absent)
    assert any(r.startswith("H9") or r.startswith("H2") for r in reasons["lift"])


def test_cli_explain_day(tmp_path):
    path = write_scenario(tmp_path)
    result = CliRunner().invoke(cli, ["explain", str(path), "--date", "2027-01-06"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2027-01-06 (Wednesday)")
    bad = CliRunner().invoke(cli, ["explain", str(path), "--date", "2030-01-01"])
    assert bad.exit_code == 2
