"""The independent checker: each hard rule (and each of its clauses) caught on its own.

Every test edits the clean hand-made baseline (``tests/handmade.py``: weeks 1-3 Mon snc, Wed
lift, Fri snc; Tue workout, Sat rest, Sun long) so that it breaks exactly one rule, and
asserts that the checker names that rule alone.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import Plan, Session
from models.plan import Day, RaceInfo
from optimizer import Violation, check, solve
from optimizer.check import HARD_RULE_CHECKS

from .handmade import (ALL_KINDS, RACE, SOLVED, START, baseline, broken, build_plan, day,
                       replace_all, scenario, session, solved)

LIFT, SNC = session("lift"), session("snc")
HAND_RUNNING = scenario().running.model_dump(mode="json")


def test_baseline_plan_is_clean():
    assert check(scenario(), build_plan(scenario(), baseline())) == []


def test_registry_lists_every_hard_rule_in_id_order_with_its_docstring():
    assert list(HARD_RULE_CHECKS) == [f"H{i}" for i in range(1, 18)]
    for rule_id, rule in HARD_RULE_CHECKS.items():
        assert rule.__name__.startswith(rule_id.lower() + "_")
        assert rule.__doc__.startswith(rule_id + " ")


# -- H1 one strength session a day --------------------------------------------------------------


def test_h1_two_counted_sessions_on_one_day():
    s = baseline()
    s[day("01-06")] = [LIFT, session("snc", "am")]
    assert broken(scenario(), s) == {"H1"}


def test_h1_two_plyo_on_one_day():
    s = baseline()
    s[day("01-06")] = [LIFT, session("plyo", placement="gym"), session("plyo", placement="gym")]
    assert broken(scenario(), s) == {"H1"}


@pytest.mark.parametrize("date, sessions", [
    ("01-06", [LIFT, session("plyo", "am", "gym")]),       # the lift is pm
    ("01-04", [SNC, session("plyo", "pm", "gym")]),        # snc is no gym session
])
def test_h1_gym_plyo_needs_a_gym_session_in_its_slot(date, sessions):
    s = baseline()
    s[day(date)] = sessions
    assert broken(scenario(), s) == {"H1"}


def test_h1_after_run_plyo_only_on_an_easy_day():
    s = baseline()
    s[day("01-09")] = [session("plyo", "am", "after-run")]     # Saturday is a rest day
    assert broken(scenario(), s) == {"H1"}


def test_h1_after_run_plyo_in_the_run_slot():
    s = baseline()
    s[day("01-07")] = [session("plyo", "pm", "after-run")]     # Thursday's easy run is am
    assert broken(scenario(), s) == {"H1"}


def test_h1_warmup_plyo_in_the_run_slot():
    s = baseline()
    s[day("01-05")] = [session("plyo", "pm", "warmup")]        # Tuesday's workout is am
    assert broken(scenario(), s) == {"H1"}


# -- H2 run first, lift later --------------------------------------------------------------------


def test_h2_no_gym_on_the_day_of_a_pm_run():
    sc = scenario(running={**HAND_RUNNING, "run_slot": {"wed": "pm"}})
    assert broken(sc, baseline()) == {"H2"}


def test_h2_gym_on_a_quality_day_needs_double_days():
    s = baseline()
    del s[day("01-06")]
    s[day("01-05")] = [LIFT]                                   # pm, after Tuesday's am workout
    assert broken(scenario(), s) == {"H2"}
    assert broken(scenario(athlete={"double_days": True}), s) == set()


def test_h2_gym_in_the_run_slot_also_breaks_h3():
    """An am gym session on an am-run day is both before the run's end (H2) and a morning lift
    on a run day (H3): the two rules cannot be told apart here."""
    s = baseline()
    s[day("01-06")] = [session("lift", "am")]
    assert broken(scenario(), s) == {"H2", "H3"}


# -- H3 lift late enough -------------------------------------------------------------------------


def test_h3_morning_lift_needs_late_mornings():
    sc = scenario(running={**HAND_RUNNING, "dates": {"2027-01-06": "rest"}})
    s = baseline()
    s[day("01-06")] = [session("lift", "am")]
    assert broken(sc, s) == {"H3"}
    late = scenario(running={**HAND_RUNNING, "dates": {"2027-01-06": "rest"}},
                    athlete={"late_mornings": True})
    assert broken(late, s) == set()


# -- H4 to H7 ------------------------------------------------------------------------------------


def test_h4_no_gym_the_day_before_a_workout():
    s = baseline()
    s[day("01-04")], s[day("01-06")] = [LIFT], [SNC]           # Monday, before Tuesday's workout
    assert broken(scenario(), s) == {"H4"}


def test_h4_message_names_both_days():
    s = baseline()
    s[day("01-04")], s[day("01-06")] = [LIFT], [SNC]
    (v,) = check(scenario(), build_plan(scenario(), s))
    assert str(v) == ("H4 2027-01-04: lift on Monday, the day before Tuesday's workout; "
                      "no gym the day before a quality day")


def test_h5_no_snc_the_day_after_lifting():
    s = baseline()
    s[day("01-07")] = [SNC]
    assert broken(scenario(), s) == {"H5"}


def test_h6_no_plyo_two_days_running():
    s = baseline()
    s[day("01-06")] = [LIFT, session("plyo", placement="gym")]
    s[day("01-07")] = [session("plyo", "am", "after-run")]
    assert broken(scenario(), s) == {"H6"}


def test_h7_no_snc_on_a_workout_day():
    s = baseline()
    s[day("01-05")] = [SNC]
    assert broken(scenario(), s) == {"H7"}


def test_h7_warmup_plyo_only_on_a_quality_day():
    s = baseline()
    s[day("01-07")] = [session("plyo", "am", "warmup")]        # Thursday is easy
    assert broken(scenario(), s) == {"H7"}


def test_h7_nothing_on_a_tune_up_race_day():
    tune_up = scenario(running={**HAND_RUNNING, "dates": {"2027-01-15": "race"}})
    assert broken(tune_up, baseline()) == {"H7"}               # Friday's snc
    s = baseline()
    s[day("01-15")] = [session("plyo", "am", "warmup")]
    assert broken(tune_up, s) == {"H7"}


# -- H8 hills ------------------------------------------------------------------------------------


def test_h8_hills_only_on_easy_or_rest_days_also_breaks_h7():
    """Every day that is neither easy nor rest is a quality day, which H7 keeps clean too."""
    s = baseline()
    s[day("01-05")] = [session("hills", "pm")]
    assert broken(scenario(), s) == {"H7", "H8"}
    assert broken(scenario(rules={"disable": ["H8"]}), s) == {"H7"}


def test_h8_no_hills_the_day_before_quality():
    s = baseline()
    s[day("01-09")] = [session("hills", "am")]                 # Saturday, before the long run
    assert broken(scenario(), s) == {"H8"}


def test_h8_hills_once_a_week():
    s = baseline()
    s[day("01-07")] = [session("hills", "am")]
    s[day("01-08")] = [session("hills", "am")]                 # instead of Friday's snc
    assert broken(scenario(), s) == {"H8"}
    assert broken(scenario(rules={"disable": ["H8"]}), s) == set()


# -- H9 availability -----------------------------------------------------------------------------


def test_h9_nothing_on_a_date_away():
    assert broken(scenario(availability={"unavailable": ["2027-01-11"]}), baseline()) == {"H9"}


def test_h9_gym_only_on_gym_days():
    sc = scenario(availability={"gym_days": ["mon", "tue", "thu", "fri", "sat", "sun"]})
    assert broken(sc, baseline()) == {"H9"}


def test_h9_hills_need_a_hill():
    s = baseline()
    s[day("01-07")] = [session("hills", "am")]
    assert broken(scenario(), s) == set()
    assert broken(scenario(availability={"hill_access": False}), s) == {"H9"}


def test_h9_daily_minutes_budget():
    s = baseline()
    s[day("01-06")] = [session("lift", minutes=55), session("plyo", placement="gym", minutes=10)]
    assert broken(scenario(), s) == {"H9"}                     # 65 min > 60
    assert broken(scenario(availability={"daily_strength_minutes": 65}), s) == set()


def test_h9_minimum_session_length():
    s = baseline()
    s[day("01-04")] = [session("snc", minutes=9)]
    assert broken(scenario(), s) == {"H9"}


# -- H10 and H11 ---------------------------------------------------------------------------------


def test_h10_at_most_four_sessions_in_a_banded_week():
    s = baseline()
    s[day("01-05")] = [session("power")]                       # pm after the am workout
    s[day("01-07")] = [session("plyo", "am", "after-run")]
    sc = scenario(athlete={"double_days": True})
    assert broken(sc, s) == {"H10"}


def test_h10_at_least_two_sessions_once_started():
    s = baseline()
    del s[day("01-04")], s[day("01-08")]
    assert broken(scenario(), s) == {"H10"}


def test_h10_floor_drops_with_the_days_available():
    # Week 1: away Mon, Wed, Thu, Fri; only Saturday is free of quality: floor 1. Gym only on
    # Wednesdays, so H11 excuses the week.
    sc = scenario(availability={"unavailable": ["2027-01-04", "2027-01-06..2027-01-08"],
                                "gym_days": ["wed"]})
    s = baseline()
    del s[day("01-04")], s[day("01-06")], s[day("01-08")]
    assert broken(sc, s) == {"H10"}
    s[day("01-09")] = [session("snc")]
    assert broken(sc, s) == set()


def test_h10_h11_not_before_strength_starts():
    sc = scenario(athlete={"established": []})
    assert check(sc, build_plan(sc, {})) == []


def test_h11_a_gym_session_every_banded_week():
    s = baseline()
    del s[day("01-06")]
    assert broken(scenario(), s) == {"H11"}


def test_h11_excused_when_away_on_every_gym_day():
    sc = scenario(availability={"gym_days": ["wed"], "unavailable": ["2027-01-06"]})
    s = baseline()
    del s[day("01-06")]
    assert broken(sc, s) == set()


def test_h11_not_before_lift_is_introduced():
    sc = scenario(athlete={"established": ["snc"]})
    assert broken(sc, replace_all(baseline(), "lift", SNC)) == set()


# -- H12 caps ------------------------------------------------------------------------------------


def test_h12_lift_cap():
    s = baseline()
    s[day("01-05")] = [LIFT]
    assert broken(scenario(athlete={"double_days": True}), s) == {"H12"}
    assert broken(scenario(athlete={"double_days": True},
                           rules={"max_lifts_per_week": 2}), s) == set()


def test_h12_once_a_week_while_lifting_is_new():
    s = baseline()
    s[day("01-12")] = [LIFT]                                   # week 2: Tuesday and Wednesday
    athlete = {"established": ["snc"], "double_days": True}
    sc = scenario(athlete=athlete, rules={"max_lifts_per_week": 2, "single_lift_weeks": 2})
    assert broken(sc, s) == {"H12"}
    sc = scenario(athlete=athlete, rules={"max_lifts_per_week": 2, "single_lift_weeks": 1})
    assert broken(sc, s) == set()


@pytest.mark.parametrize("rules, edits", [
    ({"max_snc_per_week": 1}, {}),
    ({"max_plyo_per_week": 1}, {"01-06": [LIFT, session("plyo", placement="gym")],
                                "01-10": [session("plyo", "am", "warmup")]}),
    ({"max_power_per_week": 0}, {"01-06": [session("power")]}),
    ({"max_gym_per_week": 1}, {"01-05": [session("power")]}),
])
def test_h12_weekly_caps(rules, edits):
    s = baseline()
    s.update({day(d): ss for d, ss in edits.items()})
    sc = scenario(athlete={"double_days": True}, rules=rules)
    assert broken(sc, s) == {"H12"}


# -- H13 and H14 progression ---------------------------------------------------------------------


def test_h13_two_new_kinds_in_the_same_week():
    sc = scenario(athlete={"established": ["snc"]}, rules={"intro_gap_weeks": 1})
    s = baseline()
    s[day("01-06")] = [LIFT, session("plyo", placement="gym")]
    assert broken(sc, s) == {"H13"}
    s[day("01-06")], s[day("01-13")] = [LIFT], [LIFT, session("plyo", placement="gym")]
    assert broken(sc, s) == set()


def test_h14_lift_after_weeks_of_snc():
    sc = scenario(athlete={"established": []},
                  rules={"snc_weeks_before_lift": 2, "intro_gap_weeks": 1})
    s = baseline()
    del s[day("01-06")]                                        # snc from week 1, lift week 2
    assert broken(sc, s) == {"H14"}
    sc = scenario(athlete={"established": []},
                  rules={"snc_weeks_before_lift": 1, "intro_gap_weeks": 1})
    assert broken(sc, s) == set()


def test_h14_lift_without_any_snc_before_it():
    sc = scenario(athlete={"established": ["power"], "double_days": True})
    s = {day(d): [session(k)] for d, k in [("01-05", "power"), ("01-06", "lift"),
                                           ("01-12", "power"), ("01-13", "lift")]}
    assert broken(sc, s) == {"H14"}


def test_h14_power_after_weeks_of_lift():
    s = baseline()
    s[day("01-13")] = [session("power")]                       # lift week 1, power week 2
    sc = scenario(athlete={"established": ["snc"]},
                  rules={"intro_gap_weeks": 1, "lift_weeks_before_power": 2})
    assert broken(sc, s) == {"H14"}
    sc = scenario(athlete={"established": ["snc"]},
                  rules={"intro_gap_weeks": 1, "lift_weeks_before_power": 1})
    assert broken(sc, s) == set()


def test_h14_power_without_any_lift():
    sc = scenario(athlete={"established": ["snc"]})
    assert broken(sc, replace_all(baseline(), "lift", session("power"))) == {"H14"}


def test_h14_hills_only_after_snc():
    sc = scenario(athlete={"established": ["lift"]})
    s = {day(d): [session(k, "am")] for d, k in [("01-07", "hills"), ("01-14", "hills")]}
    s.update({day(d): [LIFT] for d in ("01-06", "01-13")})
    assert broken(sc, s) == {"H14"}
    s.update({day(d): [SNC] for d in ("01-04", "01-11")})      # snc from week 1
    assert broken(sc, s) == {"H13", "H14"}                     # same week: still too early
    s[day("01-07")] = []                                       # hills from week 2
    assert broken(scenario(athlete={"established": ["lift"]},
                           rules={"intro_gap_weeks": 1}), s) == set()


def test_h14_plyo_at_the_gym_first():
    sc = scenario(athlete={"established": ["snc", "lift"]})
    s = baseline()
    s[day("01-06")] = [LIFT, session("plyo", placement="gym")]
    s[day("01-14")] = [session("plyo", "am", "after-run")]     # week 2: one week of gym plyo
    assert broken(sc, s) == {"H14"}
    s[day("01-13")] = [LIFT, session("plyo", placement="gym")]
    del s[day("01-14")]
    s[day("01-21")] = [session("plyo", "am", "after-run")]     # week 3: two weeks
    assert broken(sc, s) == set()


# -- H15 to H17 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("weeks", [0, 1])
def test_h15_power_only_in_the_power_phase(weeks):
    s = baseline()
    s[day("01-06")] = [session("power")]                       # 25 days before the race
    assert broken(scenario(rules={"power_phase_weeks": weeks}), s) == {"H15"}
    assert broken(scenario(rules={"power_phase_weeks": 4}), s) == set()


@pytest.mark.parametrize("date, sessions", [
    ("01-27", [LIFT]),                                         # 4 days out: no gym
    ("01-28", [session("hills", "am")]),                       # 3 days out: no hills
    ("01-28", [session("plyo", "am", "after-run")]),           # 3 days out: no plyo
    ("01-30", [SNC]),                                          # the day before: nothing
])
def test_h16_taper(date, sessions):
    s = baseline()
    s[day(date)] = sessions
    assert broken(scenario(), s) == {"H16"}
    assert broken(scenario(rules={"disable": ["H16"]}), s) == set()


def _supervised_lifts(**coach) -> tuple:
    sc = scenario(athlete={"established": ["snc"]}, coach={"slots": {"wed": ["pm"]}, **coach})
    return sc, replace_all(baseline(), "lift", session("lift", supervised=True))


def test_h17_supervised_lifts_are_clean():
    sc, s = _supervised_lifts()
    assert broken(sc, s) == set()


def test_h17_new_lift_marked_supervised():
    sc, _ = _supervised_lifts()
    assert broken(sc, baseline()) == {"H17"}


def test_h17_only_in_a_coach_slot():
    sc = scenario(athlete={"established": ["snc"]}, coach={"slots": {"wed": ["am"]}})
    assert broken(sc, _supervised_lifts()[1]) == {"H17"}


def test_h17_not_when_the_coach_is_away():
    sc, s = _supervised_lifts(unavailable=["2027-01-13"])
    assert broken(sc, s) == {"H17"}


def test_h17_only_for_the_first_weeks():
    _, s = _supervised_lifts()
    assert broken(scenario(athlete={"established": ["snc"]}, rules={"supervised_weeks": 1},
                           coach={"slots": {"wed": ["pm"]}, "unavailable": ["2027-01-13"]}),
                  s) == set()


def test_h17_off_without_coach_slots():
    sc = scenario(athlete={"established": ["snc"]}, coach={"slots": {"wed": []}})
    assert broken(sc, baseline()) == set()


# -- the plan contract ---------------------------------------------------------------------------


def _formats(sc, plan: Plan) -> set[str]:
    return {v.rule for v in check(sc, plan)}


def _edit_day(plan: Plan, date: dt.date, **changes) -> Plan:
    days = [d.model_copy(update=changes) if d.date == date else d for d in plan.days]
    return plan.model_copy(update={"days": days})


@pytest.mark.parametrize("changes", [
    {"run": "easy"},            # Tuesday's workout
    {"week": 2},
    {"run_slot": "pm"},
    {"run_slot": None},
    {"phase": "peak"},          # not a phase (a hand edit that skipped validation)
])
def test_format_day_fields_match_the_scenario(changes):
    plan = build_plan(scenario(), baseline())
    assert _formats(scenario(), _edit_day(plan, day("01-05"), **changes)) == {"format"}


def test_format_race_must_match():
    plan = build_plan(scenario(), baseline())
    for race in (RaceInfo(date=dt.date(2027, 2, 7), distance="10k"),
                 RaceInfo(date=RACE, distance="half")):
        assert _formats(scenario(), plan.model_copy(update={"race": race})) == {"format"}


def test_format_introductions_match_first_sessions():
    sc = scenario(athlete={"established": ["snc"]})
    right = {"lift": "2027-01-06"}
    assert check(sc, build_plan(sc, baseline(), introductions=right)) == []
    for wrong in ({"lift": "2027-01-13"}, {"lift": "2027-01-06", "snc": "2027-01-04"},
                  {"lift": "2027-01-06", "hills": "2027-01-07"}, {"snc": "2027-01-04"}):
        assert _formats(sc, build_plan(sc, baseline(), introductions=wrong)) == {"format"}


@pytest.mark.parametrize("keep", [slice(0, 21), slice(1, None)])
def test_format_every_date_from_start_to_race_day(keep):
    plan = build_plan(scenario(), baseline())
    short = plan.model_copy(update={"days": plan.days[keep]})
    assert _formats(scenario(), short) == {"format"}


def test_plan_without_days_gives_format_and_floor_violations_without_raising():
    plan = build_plan(scenario(), baseline())
    vs = check(scenario(), plan.model_copy(update={"days": []}))
    assert vs[0] == Violation("format", START, "28 dates of the plan missing (2027-01-04.."
                              "2027-01-31); days run from Monday 2027-01-04 to race day "
                              "Sunday 2027-01-31")
    assert {v.rule for v in vs} == {"format", "H10", "H11"}    # a missing day holds nothing


def test_format_no_dates_after_race_day():
    plan = build_plan(scenario(), baseline())
    extra = [Day(date=dt.date(2027, 2, 1) + dt.timedelta(days=i), week=5, phase="taper",
                 run="easy", run_slot="am", sessions=[session("lift")]) for i in range(3)]
    vs = check(scenario(), plan.model_copy(update={"days": plan.days + extra}))
    assert [(v.rule, v.date) for v in vs] == [("format", dt.date(2027, 2, 1))]


# -- robustness and the API ----------------------------------------------------------------------


def test_empty_plan_of_an_established_athlete_breaks_only_the_weekly_floors():
    sc = scenario()
    vs = check(sc, build_plan(sc, {}))
    assert {(v.rule, v.date) for v in vs} == {("H10", day("01-04")), ("H11", day("01-04")),
                                              ("H10", day("01-11")), ("H11", day("01-11"))}


def test_plan_for_another_season_gives_format_violations_without_raising():
    other = scenario(start="2028-01-03", race={"date": "2028-01-30", "distance": "10k"})
    vs = check(scenario(), build_plan(other, baseline()))
    assert "format" in {v.rule for v in vs}


DATES = [dt.date(2027, 1, 4) + dt.timedelta(days=i) for i in range(28)]
SESSIONS = st.builds(
    session, kind=st.sampled_from(ALL_KINDS), slot=st.sampled_from(["am", "pm"]),
    minutes=st.integers(1, 90)) | st.builds(
    session, kind=st.just("plyo"), slot=st.sampled_from(["am", "pm"]),
    placement=st.sampled_from(["warmup", "after-run", "gym", "standalone"]))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(DATES), st.lists(SESSIONS, max_size=3), max_size=20),
       st.sampled_from([[], ["snc"], ["lift"], ALL_KINDS]), st.booleans())
def test_check_never_raises_and_reports_known_rules_sorted(sessions, established, coach):
    sc = scenario(athlete={"established": established},
                  coach={"slots": {"wed": ["pm"], "sat": ["am"]}} if coach else None)
    vs = check(sc, build_plan(sc, sessions))
    assert {v.rule for v in vs} <= set(HARD_RULE_CHECKS) | {"format"}
    assert vs == sorted(vs, key=lambda v: (v.date, list(HARD_RULE_CHECKS).index(v.rule)))
    assert all(v.date in DATES and v.message for v in vs)


def test_violation_text_and_dict():
    v = Violation("H5", dt.date(2027, 1, 7), "snc on Thursday")
    assert str(v) == "H5 2027-01-07: snc on Thursday"
    assert v.to_dict() == {"rule": "H5", "title": "no conditioning after lifting",
                           "date": "2027-01-07", "message": "snc on Thursday"}
    assert str(Violation("format", None, "x")) == "format: x"


def test_check_accepts_a_solve_result():
    sc = scenario()
    result = solve(sc, time_limit=20)
    assert check(sc, result) == check(sc, result.plan) == []


def test_check_refuses_a_result_without_plan():
    class NoPlan:
        status, plan = "INFEASIBLE", None
    with pytest.raises(ValueError, match="INFEASIBLE"):
        check(scenario(), NoPlan())
    with pytest.raises(TypeError):
        check(scenario(), "plan.json")


# -- solved plans --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SOLVED)
def test_solved_plans_check_clean(name):
    sc, plan = solved(name)
    assert check(sc, plan) == []


def test_checker_catches_a_solved_plan_edited_by_hand():
    sc, plan = solved("coach slots")
    lift_day = next(d for d in plan.days if any(s.kind.value == "lift" for s in d.sessions))
    sessions = [s.model_copy(update={"supervised": False}) for s in lift_day.sessions]
    edited = _edit_day(plan, lift_day.date, sessions=sessions)
    assert {(v.rule, v.date) for v in check(sc, edited)} == {("H17", lift_day.date)}


def test_checker_catches_a_second_introduction_added_to_a_solved_plan():
    """Plyo at the end of the athlete's very first lift: two new kinds in one week (H13)."""
    sc, plan = solved("coach slots")
    lift_day = next(d for d in plan.days if any(s.kind.value == "lift" for s in d.sessions))
    gym = next(s for s in lift_day.sessions if s.kind.value == "lift")
    extra = Session(kind="plyo", slot=gym.slot, placement="gym", minutes=5, supervised=True)
    edited = _edit_day(plan, lift_day.date, sessions=[*lift_day.sessions, extra])
    edited = edited.model_copy(update={"introductions": {}})
    assert "H13" in {v.rule for v in check(sc, edited)}
