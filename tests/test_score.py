"""The independent scorer: each soft term on hand-made plans, and agreement with the solver.

The hand-made baseline (``tests/handmade.py``) holds Mon snc, Wed lift, Fri snc in weeks 1-3
and Mon snc, Wed snc in week 4, with workouts on Tuesdays and long runs on Sundays.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from models import InputError, Plan
from optimizer import check, evaluate_score, solve
from optimizer.check import power_factor

from .conftest import make_scenario
from .handmade import SOLVED, baseline, build_plan, day, scenario, session, solved

BASE_SCORE = {
    "S1": 31.0,   # 3 weeks x (2 snc x 2 + lift 5) + week 4: 2 snc x 2 = 27 + 4
    "S2": 0.0,    # Wednesday + 2 is an easy Friday
    "S3": 6.0,    # each Wednesday lift follows Tuesday's workout, before an easy Thursday: 3 x 2
    "S4": -1.0,   # snc moves from {Mon, Fri} in week 3 to {Mon, Wed} in week 4
    "S5": 0.0,
    "S6": 0.0,
}


def score(sessions, **changes) -> dict[str, float]:
    sc = scenario(**changes)
    return evaluate_score(sc, build_plan(sc, sessions))


def test_baseline_score_breakdown():
    assert score(baseline()) == BASE_SCORE


@pytest.mark.parametrize("distance, points", [
    ("1500m", 6.0), ("5k", 6.0), ("10k", 5.0), (15000, 4.0), ("half", 4.0),
    ("marathon", 3.0), ("ultra", 3.0),
])
def test_s1_power_points_grow_as_the_race_shortens(distance, points):
    s = {day("01-06"): [session("power")]}
    assert power_factor(scenario(race={"date": "2027-01-31", "distance": distance})
                        .race.metres) * 4 == points
    assert score(s, race={"date": "2027-01-31", "distance": distance})["S1"] == points


def test_s1_every_placement_of_plyo_and_hills_earn_three():
    s = {day("01-06"): [session("lift"), session("plyo", placement="gym")],
         day("01-05"): [session("plyo", "am", "warmup")], day("01-07"): [session("hills")]}
    assert score(s)["S1"] == 5 + 3 + 3 + 3


def test_s2_gym_two_days_before_quality():
    s = baseline()
    s[day("01-06")], s[day("01-08")] = [session("snc")], [session("lift")]   # Fri, Sun long
    assert score(s)["S2"] == -1.0
    s[day("01-29")] = [session("lift")]                        # Friday before Sunday's race
    assert score(s)["S2"] == -2.0


def test_s2_ignores_days_after_race_day():
    s = {day("01-30"): [session("lift")]}                      # race day + 1 is outside
    assert score(s)["S2"] == 0.0


def test_s3_needs_an_easy_or_rest_day_next():
    s = {day("01-06"): [session("lift")],                      # Tue workout, Thu easy: +2
         day("01-11"): [session("lift")]}                      # Sun long, but Tue workout: 0
    assert score(s)["S3"] == 2.0


def test_s3_favourite_slot_includes_rest_days_next():
    sc = dict(running={**scenario().running.model_dump(mode="json"),
                       "dates": {"2027-01-07": "rest"}})
    assert score({day("01-06"): [session("lift")]}, **sc)["S3"] == 2.0


def test_s4_routine_change_between_full_weeks():
    s = baseline()
    s[day("01-13")], s[day("01-14")] = [], [session("lift")]  # week 2 lifts on Thursday
    assert score(s)["S4"] == -3.0                              # lift 1-2, 2-3; snc 3-4


def test_s4_starting_or_stopping_a_kind_is_no_change():
    s = baseline()
    del s[day("01-06")], s[day("01-20")]                       # lift in week 2 only
    assert score(s)["S4"] == -1.0                              # only snc's week 3-4 change


def test_s4_ignores_a_partial_last_week():
    sc = dict(race={"date": "2027-01-27", "distance": "10k"})  # week 4 is Mon-Wed only
    assert score({d: ss for d, ss in baseline().items() if d.day <= 27}, **sc)["S4"] == 0.0


def test_s5_snc_two_days_running():
    s = baseline()
    s[day("01-07")] = [session("snc")]                         # Thursday and Friday
    s[day("01-26")] = [session("snc")]                         # Mon, Tue, Wed of week 4
    assert score(s)["S5"] == -3.0


def test_weights_multiply_each_term():
    weights = {"S1": 2, "S3": 0.5, "S4": 0, "S5": 3}
    got = score(baseline(), weights=weights)
    assert got == {"S1": 62.0, "S2": 0.0, "S3": 3.0, "S4": 0.0, "S5": 0.0, "S6": 0.0}


def test_empty_plan_scores_zero():
    assert set(score({}).values()) == {0.0}


@pytest.mark.parametrize("name", SOLVED)
def test_scorer_agrees_with_the_solver(name):
    sc, plan = solved(name)
    mine = evaluate_score(sc, plan)
    assert mine == {k: float(plan.score[k]) for k in mine}
    assert sum(mine.values()) == pytest.approx(plan.solver.objective, abs=1e-4)


def neighbours(plan: Plan) -> Iterator[Plan]:
    """Every plan one session away from ``plan``: one session dropped, or one added (each
    kind, placement and slot at its minimum length). Introductions are left out, as a hand
    edit would leave them."""
    base = plan.model_copy(update={"introductions": {}})
    options = [(k, "standalone") for k in ("snc", "lift", "power", "hills")]
    options += [("plyo", p) for p in ("warmup", "after-run", "gym", "standalone")]
    for i, d in enumerate(plan.days):
        changes = [d.sessions[:j] + d.sessions[j + 1:] for j in range(len(d.sessions))]
        changes += [[*d.sessions, session(k, slot, p, supervised=True)]
                    for k, p in options for slot in ("am", "pm")]
        for sessions in changes:
            days = [*plan.days[:i], d.model_copy(update={"sessions": sessions}),
                    *plan.days[i + 1:]]
            yield base.model_copy(update={"days": days})


@pytest.mark.parametrize("name", ["tiny novice", "coach slots", "H8 and H16 off, weights"])
def test_no_clean_neighbour_beats_the_optimum(name):
    """The model is not stricter than the rulebook near its optimum: every plan one session
    away that the checker passes scores no more than the proven optimum."""
    sc, plan = solved(name)
    clean = [p for p in neighbours(plan) if not check(sc, p)]
    assert clean                                               # the test has teeth
    best = max(sum(evaluate_score(sc, p).values()) for p in clean)
    assert best <= plan.solver.objective + 1e-6


def test_weights_finer_than_a_hundredth_are_refused_and_hundredths_score_exactly():
    # The objective counts hundredths of a point, so a finer multiplier would be rounded.
    with pytest.raises(InputError) as error:
        make_scenario(weights={"S1": 0.333})
    assert "at most 2 decimals" in str(error.value)
    sc = make_scenario(weights={"S1": 0.33})
    plan = solve(sc, time_limit=20).plan
    assert evaluate_score(sc, plan)["S1"] == plan.score["S1"]
