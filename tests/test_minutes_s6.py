"""Session minutes (optimizer/minutes.py), H9 on real minutes, and the S6 progression term."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rulebook import max_minutes, min_minutes
from models.vocabulary import Kind, Placement
from optimizer import solve
from optimizer.minutes import ESTABLISHED_OFFSET, MinutesTable, cap_for, dose

from .conftest import make_scenario
from .plans import full_weeks, intro_week, solved, weekly_minutes

SHAPES = [(Kind.SNC, Placement.STANDALONE), (Kind.LIFT, Placement.STANDALONE),
          (Kind.POWER, Placement.STANDALONE), (Kind.HILLS, Placement.STANDALONE)] + [
    (Kind.PLYO, p) for p in Placement]
BUDGETS = [10, 20, 30, 45, 50, 60, 90, 300]
OFFSETS = range(0, 60)


def plain_steps(previous: int, current: int) -> int:
    """S6 recomputed from its definition, apart from the model's code: 2 points per started
    10 % step beyond +25 %, at most 10 steps, none after a week without strength."""
    if previous == 0:
        return 0
    over = current / previous - 1.25
    if over <= 1e-12:
        return 0
    return min(10, math.ceil(round(over / 0.10, 9)))


def plain_s6(plan) -> int:
    minutes = weekly_minutes(plan)
    full = set(full_weeks(plan))
    return -2 * sum(plain_steps(minutes[w - 1], minutes[w])
                    for w in sorted(full) if w - 1 in full)


@pytest.mark.parametrize("budget", BUDGETS)
@pytest.mark.parametrize("kind,placement", SHAPES)
def test_minutes_stay_in_kind_bounds_and_under_the_budget(kind, placement, budget):
    cap = cap_for(kind, placement, budget)
    for offset in OFFSETS:
        d = dose(kind, placement, offset, budget)
        assert min_minutes(kind, placement) <= d.minutes <= max_minutes(kind, placement)
        if min_minutes(kind, placement) <= cap:
            assert d.minutes <= cap
        assert sum(m for _, m in d.parts) == d.minutes


@pytest.mark.parametrize("budget", BUDGETS)
@pytest.mark.parametrize("kind,placement", SHAPES)
def test_minutes_never_fall_and_never_grow_more_than_25_percent_a_week(kind, placement,
                                                                       budget):
    for offset in OFFSETS:
        now = dose(kind, placement, offset, budget).minutes
        following = dose(kind, placement, offset + 1, budget).minutes
        assert now <= following
        assert 4 * following <= 5 * now, (kind, placement, offset)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SHAPES), st.integers(0, 40)), min_size=1,
                max_size=8), st.sampled_from(BUDGETS))
def test_a_week_of_the_same_sessions_never_jumps_by_progression_alone(sessions, budget):
    this_week = sum(dose(k, p, o, budget).minutes for (k, p), o in sessions)
    next_week = sum(dose(k, p, o + 1, budget).minutes for (k, p), o in sessions)
    assert plain_steps(this_week, next_week) == 0


def test_each_kind_takes_few_distinct_values_so_s6_needs_few_variables():
    for kind, placement in SHAPES:
        values = {dose(kind, placement, o, 60).minutes for o in OFFSETS}
        assert len(values) <= (7 if kind is Kind.SNC else 3), (kind, placement, values)


def test_established_kinds_start_past_the_entry_stages():
    table = MinutesTable(make_scenario(athlete={"established": ["snc", "lift"]}))
    assert table.offset(Kind.SNC, 1, None) == ESTABLISHED_OFFSET[Kind.SNC]
    assert table.offset(Kind.LIFT, 3, None) == ESTABLISHED_OFFSET[Kind.LIFT] + 2
    assert table.minutes(Kind.SNC, Placement.STANDALONE, table.offset(Kind.SNC, 1, None)) > 10
    assert table.offset(Kind.HILLS, 5, 2) == 3


@pytest.mark.parametrize("previous,current,steps", [
    (100, 125, 0), (100, 126, 1), (100, 135, 1), (100, 136, 2), (36, 59, 4), (30, 71, 10),
    (0, 80, 0), (10, 1000, 10), (80, 40, 0)])
def test_progression_steps_follow_the_definition(previous, current, steps):
    from optimizer.rules.objective import progression_steps

    assert progression_steps(previous, current) == steps == plain_steps(previous, current)


@pytest.mark.parametrize("key", ["novice", "intermediate", "advanced"])
def test_reported_s6_equals_a_plain_recomputation_from_the_plan(key):
    plan = solved(key)
    assert plan.score["S6"] == plain_s6(plan)
    total = sum(plan.score[f"S{i}"] for i in range(1, 7))
    assert total == pytest.approx(plan.solver.objective)


@pytest.mark.parametrize("key", ["novice", "intermediate", "advanced"])
def test_plan_minutes_are_the_model_minutes_and_keep_the_daily_budget(key):
    from .plans import scenario

    sc = scenario(key)
    table = MinutesTable(sc)
    plan = solved(key)
    for day in plan.days:
        assert sum(s.minutes for s in day.sessions) <= sc.availability.daily_strength_minutes
        for s in day.sessions:
            offset = table.offset(s.kind, day.week, intro_week(plan, s.kind))
            assert s.minutes == table.minutes(s.kind, s.placement, offset)
            assert sum(s.prescription.timing.values()) == s.minutes


def test_s6_changes_the_optimum_and_keeps_only_the_jumps_it_must():
    """Novice, 10 weeks, no gym: snc from week 1 (3 x 10 min = 30 min a week), hills may
    start in week 4 at the earliest (H13 gap 3). Without S6, hills start in week 4 on top of
    three snc sessions: 30 -> 3 x 12 + 35 = 71 min, +137 %, 10 steps = -20. With S6 the
    solver starts hills a week later with one snc fewer: 36 -> 12 + 12 + 35 = 59 min, +64 %,
    4 steps = -8, and loses a 2-point snc session: better by 10 points."""
    base = dict(race={"date": "2027-03-14", "distance": "10k"},
                availability={"gym_days": []})
    without = solve(make_scenario(weights={"S6": 0}, **base), time_limit=30).plan
    with_s6 = solve(make_scenario(weights={"S6": 1}, **base), time_limit=30).plan
    assert without.score["S6"] == 0 and plain_s6(without) < 0
    assert with_s6.score["S6"] == plain_s6(with_s6) > plain_s6(without)
    rescored = sum(without.score[f"S{i}"] for i in range(1, 6)) + plain_s6(without)
    assert with_s6.solver.objective > rescored
    # Every jump left is in the week a kind starts: the only jumps the rules force.
    minutes = weekly_minutes(with_s6)
    starts = {with_s6.day(d).week for d in with_s6.introductions.values()}
    for week in full_weeks(with_s6):
        if week - 1 in minutes and plain_steps(minutes[week - 1], minutes[week]):
            assert week in starts


def test_h9_counts_real_minutes_so_a_small_budget_forbids_long_combinations():
    """Budget 50: a lift (45 min) fits, but not with a 10-minute warm-up plyo; with double
    days allowed the model must keep them apart, and every day stays within 50 minutes."""
    sc = make_scenario(athlete={"established": ["snc", "lift", "plyo"], "double_days": True},
                       availability={"daily_strength_minutes": 50})
    plan = solve(sc, time_limit=30).plan
    assert plan is not None
    for day in plan.days:
        assert sum(s.minutes for s in day.sessions) <= 50
