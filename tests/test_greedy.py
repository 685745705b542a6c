"""The greedy planner: a coach's template filling that keeps every hard rule, the baseline the
optimum is measured against, and the warm start of every solve."""

from __future__ import annotations

import pytest

from models import Scenario
from optimizer import check, evaluate_score, solve
from optimizer.greedy import greedy, greedy_sessions
from optimizer.model import PlanModel
from optimizer.synthetic import synthetic_scenario

from .conftest import SCENARIOS, make_scenario
from .test_explain import INFEASIBLE, TWELVE

BUNDLED = sorted(SCENARIOS.glob("*.yaml"))


def cases() -> list[tuple[str, Scenario]]:
    out = [(path.stem, Scenario.load(path)) for path in BUNDLED]
    out += [(f"synthetic-{seed}", synthetic_scenario(seed, weeks=12)) for seed in range(8)]
    return out


@pytest.mark.parametrize("name,scenario", cases(), ids=[name for name, _ in cases()])
def test_greedy_plan_keeps_every_hard_rule_and_never_beats_the_optimum(name, scenario):
    result = greedy(scenario)
    assert result.found, result.reason
    assert check(scenario, result.plan) == []
    # The objective CP-SAT completed is the score the independent checker gives the plan.
    assert sum(evaluate_score(scenario, result.plan).values()) == pytest.approx(result.objective)
    optimum = solve(scenario, time_limit=30)
    assert optimum.optimal
    assert result.objective <= optimum.objective + 1e-9
    assert "greedy plan" in result.plan.notes[0]


@pytest.mark.parametrize("name", sorted(INFEASIBLE))
def test_greedy_says_which_rule_stopped_it_when_there_is_no_plan(name):
    changes, rules, _ = INFEASIBLE[name]
    scenario = make_scenario(**TWELVE, **changes)
    result = greedy(scenario)
    assert not result.found and result.plan is None and result.objective is None
    # The athlete lifts already, so every full week owes its gym session (H11): the first one
    # fails, or the week of the date away.
    week = ("week 3 (2027-01-18..2027-01-24)" if "away" in name
            else "week 1 (2027-01-04..2027-01-10)")
    assert result.reason.startswith(f"H11: {week}"), result.reason


def test_greedy_does_not_start_lifting_before_a_week_that_cannot_hold_it():
    # Week 6 has a tune-up on Thursday: its mini-taper (H16) and the Friday workout (H4) leave
    # the week's only gym day, Wednesday, unusable; once lifting starts every week owes a gym
    # session (H11), so lifting may only start after week 6.
    scenario = make_scenario(race={"date": "2027-05-30"}, availability={"gym_days": ["wed"]},
                             running={"dates": {"2027-02-11": "race"}},
                             rules={"snc_weeks_before_lift": 2})
    result = greedy(scenario)
    assert result.found, result.reason
    lift = result.plan.introductions["lift"]
    assert lift.isoformat() > "2027-02-14", lift
    assert check(scenario, result.plan) == []


def test_greedy_is_deterministic():
    scenario = synthetic_scenario(3, weeks=24)
    first = greedy_sessions(PlanModel(scenario))
    assert greedy_sessions(PlanModel(scenario)) == first


def test_solve_starts_from_the_greedy_plan_and_reaches_the_same_optimum():
    scenario = synthetic_scenario(1, weeks=12)
    warm = solve(scenario, time_limit=30)
    cold = solve(scenario, time_limit=30, warm_start=False)
    assert warm.warm_start == "greedy" and cold.warm_start is None
    assert warm.optimal and cold.optimal
    assert warm.objective == cold.objective
    assert warm.greedy_seconds > 0 and warm.build_seconds > 0
