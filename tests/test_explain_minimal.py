"""An infeasible scenario is explained by an irreducible conflict, in merged coach language,
with the smallest changes that work (QA round 11: c1, c1c, c7, c8, c10b, c12, c16)."""

from __future__ import annotations

import datetime as dt

import pytest
from ortools.sat.python import cp_model

from models import Scenario
from models.vocabulary import Weekday
from optimizer import solve
from optimizer.explain import explain_infeasibility
from optimizer.facts import gym_day, scenario_data
from optimizer.model import PlanModel

from .conftest import make_scenario

TWELVE = {"race": {"date": "2027-03-28"}}
WEEK = {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "easy", "fri": "workout",
        "sat": "easy", "sun": "long"}
LIFTER = {"established": ["snc", "lift"]}

CASES = {
    # c1: the only gym day, Monday, is the day before Tuesday's workout; no double days
    "c1 only gym day before a workout": (
        dict(athlete=LIFTER, availability={"gym_days": ["mon"]}), {"H4", "H9", "H11"}),
    # c1c: the same with double days, still infeasible, so "no double days" is no cause
    "c1c the same with double days": (
        dict(athlete={**LIFTER, "double_days": True}, availability={"gym_days": ["mon"]}),
        {"H4", "H9", "H11"}),
    # c8: the gym days are the two workout days, no double days
    "c8 gym only on workout days": (
        dict(athlete=LIFTER, availability={"gym_days": ["tue", "fri"]}), {"H2", "H9", "H11"}),
    # c7: a tune-up race on Saturday 2027-01-23 keeps the gym off Thursday, the only gym day
    "c7 tune-up on the only gym day": (
        dict(athlete=LIFTER, availability={"gym_days": ["thu"]},
             running={"week": {**WEEK, "mon": "rest", "fri": "easy", "sat": "workout"},
                      "dates": {"2027-01-23": "race"}}), {"H9", "H11", "H16"}),
    # c16: in week 3 the workouts move to Tuesday and Friday, the days after the gym days
    "c16 a late week without a gym day": (
        dict(athlete=LIFTER, availability={"gym_days": ["mon", "thu"],
                                           "daily_strength_minutes": 60},
             running={"week": {"mon": "rest", "tue": "easy", "wed": "workout", "thu": "easy",
                               "fri": "rest", "sat": "easy", "sun": "long"},
                      "dates": {"2027-01-19": "workout", "2027-01-20": "easy",
                                "2027-01-22": "workout"}}), {"H4", "H9", "H11"}),
}


def scenario_of(name: str) -> Scenario:
    return make_scenario(**TWELVE, **CASES[name][0])


def feasible(pm: PlanModel, assumptions: list[cp_model.IntVar] = ()) -> bool:
    pm.model.clear_assumptions()
    pm.model.add_assumptions(list(assumptions))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    status = solver.solve(pm.model)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE)
    return status != cp_model.INFEASIBLE


def holds_with_only(scenario: Scenario, rules: set[str]) -> bool:
    """Can the hard rules ``rules`` (and no other) all hold?"""
    others = {f"H{i}" for i in range(1, 19)} - rules
    return feasible(PlanModel(scenario, skip=others, objective=False))


@pytest.mark.parametrize("name", sorted(set(CASES) - {"c1c the same with double days"}))
def test_the_conflict_names_exactly_the_rules_needed(name):
    scenario = scenario_of(name)
    explanation = explain_infeasibility(scenario)
    rules = {part.rule for part in explanation.conflict}
    assert rules == CASES[name][1], explanation.text()
    assert not holds_with_only(scenario, rules)
    for rule in rules:  # each one is needed: without it the others can hold
        assert holds_with_only(scenario, rules - {rule}), rule
    again = explain_infeasibility(scenario)
    assert again.to_dict() == explanation.to_dict()  # deterministic


def test_every_fact_and_day_reported_is_needed():
    scenario = scenario_of("c1 only gym day before a workout")
    explanation = explain_infeasibility(scenario)
    parts = {part.rule: part for part in explanation.conflict}
    pm = PlanModel(scenario, guarded=True, by_week=True, objective=False)
    days = pm.calendar.days

    def reported(guard):
        part = parts.get(guard.rule)
        return part is not None and (guard.fact is None or guard.fact in part.facts) and \
            {days[i].date for i in pm.ctx.guard_days[guard]} <= set(part.dates)

    guards = {g: lit for g, lit in pm.ctx.guards.items() if reported(g)}
    assert not feasible(pm, list(guards.values())), explanation.text()
    facts = {f for part in explanation.conflict for f in part.facts}
    assert facts, explanation.text()
    for fact in facts:  # without any one fact the rest of the conflict can hold
        assert feasible(pm, [lit for g, lit in guards.items() if g.fact != fact]), fact.key
    on = {g: frozenset(pm.ctx.guard_days[g]) for g in guards}
    for guard in guards:  # nor without any one rule on any one day it is reported on
        if len(on[guard]) == 1:
            rest = [lit for g, lit in guards.items()
                    if (g.rule, on[g]) != (guard.rule, on[guard])]
            assert feasible(pm, rest), str(guard)


def test_a_rule_is_only_dated_where_it_blocks_the_gym():
    # c1: H4 is cited on Mondays, the gym days, not on Thursdays or Saturdays (no gym there)
    explanation = explain_infeasibility(scenario_of("c1 only gym day before a workout"))
    h4 = next(p for p in explanation.conflict if p.rule == "H4")
    assert h4.dates and {d.weekday() for d in h4.dates} == {0}, explanation.text()
    h9 = next(p for p in explanation.conflict if p.rule == "H9")
    assert h9.because == ["no gym on Tuesdays, Wednesdays, Thursdays, Fridays, Saturdays and "
                          "Sundays"], explanation.text()


def test_weekday_facts_merge_in_weekday_order():
    from optimizer.facts import because

    facts = [gym_day(Weekday(d)) for d in ("sun", "fri", "tue", "wed")]
    assert because(facts) == ["no gym on Tuesdays, Wednesdays, Fridays and Sundays"]
    assert because(facts[:1]) == ["no gym on Sundays"]
    assert because([gym_day(w) for w in reversed(Weekday)]) == [
        "no gym on any day (availability.gym_days is empty)"]
    explanation = explain_infeasibility(scenario_of("c1c the same with double days"))
    weekdays = [r.patches[0].value for r in explanation.relaxations
                if r.patches[0].field() == "availability.gym_days"]
    assert weekdays == sorted(weekdays, key=lambda d: Weekday(d).index) and len(weekdays) > 1


def test_afternoon_runs_every_day_are_said_once():
    # c12: every run in the afternoon and no rest day
    scenario = make_scenario(**TWELVE, athlete={**LIFTER, "late_mornings": True},
                             running={"week": WEEK, "run_slot": "pm"})
    explanation = explain_infeasibility(scenario)
    h2 = next(p for p in explanation.conflict if p.rule == "H2")
    assert h2.because == ["every run is in the afternoon (running.run_slot: pm)"]
    assert "because: every run is in the afternoon (running.run_slot: pm)\n" in \
        explanation.text()
    assert explanation.to_dict()["conflict"][0]["because"] == h2.because


def test_a_rule_setting_is_raised_only_as_far_as_needed():
    # c10b: snc capped at 1 a week, no gym, no hill; 2 a week already solves
    scenario = make_scenario(**TWELVE, athlete={"established": ["snc"]},
                             availability={"gym_days": [], "hill_access": False},
                             rules={"max_snc_per_week": 1})
    explanation = explain_infeasibility(scenario)
    caps = [r for r in explanation.relaxations if r.patches[0].field() == "rules.max_snc_per_week"]
    assert [r.patches[0].value for r in caps] == [2], explanation.text()
    assert "(rules.max_snc_per_week: 2)" in explanation.text()
    assert solve(Scenario.from_data(caps[0].apply(scenario_data(scenario))),
                 time_limit=20).feasible


def test_least_bisects_to_the_first_that_works():
    from optimizer.cores import least

    tried = []

    def works(value):
        tried.append(value)
        return value >= 7

    assert least(list(range(1, 21)), works) == 7
    assert len(tried) <= 6
    assert least([1, 2, 3], works) is None
    assert least([1, 2, 3], works, last_works=True) == 3


def test_a_tune_up_clash_is_the_tune_ups_and_can_be_moved_or_dropped():
    scenario = scenario_of("c7 tune-up on the only gym day")
    explanation = explain_infeasibility(scenario)
    h16 = next(p for p in explanation.conflict if p.rule == "H16")
    assert "tune-up" in h16.sentence and "the last 7 days" not in h16.sentence
    assert h16.because == ["the tune-up race on 2027-01-23 (running.dates)"]
    text = explanation.text()
    assert "because: the taper" not in text
    tune_up = [r for r in explanation.relaxations if r.patches[0].field() == "running.dates"]
    says = [r.says for r in tune_up]
    assert any(s.startswith("move the tune-up race from 2027-01-23") for s in says), text
    assert any(s.startswith("drop the tune-up race on 2027-01-23") for s in says), text
    for relaxation in tune_up:
        data = relaxation.apply(scenario_data(scenario))
        fixed = Scenario.from_data(data)
        assert dt.date(2027, 1, 23) not in fixed.running.dates
        assert solve(fixed, time_limit=20).feasible, relaxation.says
