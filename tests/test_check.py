"""The independent checker: each hard rule (and each of its clauses) caught on its own.

Every test edits the clean hand-made baseline (``tests/handmade.py``: weeks 1-3 Mon snc, Wed
lift, Fri snc; Tue workout, Sat rest, Sun long) so that it breaks exactly one rule, and
asserts that the checker names that rule alone.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import Plan, Session
from models.plan import Day, RaceInfo
from optimizer import Violation, check, solve
from optimizer.check import HARD_RULE_CHECKS

from .handmade import (ALL_KINDS, RACE, SOLVED, START, baseline, broken, broken_by, build_plan,
                       day, edited, replace_all, scenario, session, solved)

CHECK_MODULE = importlib.import_module("optimizer.check")  # optimizer.check is the function
LIFT, SNC = session("lift"), session("snc")
GYM_PLYO = session("plyo", placement="gym")


def test_baseline_plan_is_clean():
    assert check(scenario(), build_plan(scenario(), baseline())) == []


def test_registry_lists_every_hard_rule_in_id_order_with_its_docstring():
    assert list(HARD_RULE_CHECKS) == [f"H{i}" for i in range(1, 18)]
    for rule_id, rule in HARD_RULE_CHECKS.items():
        assert rule.__name__.startswith(rule_id.lower() + "_")
        assert rule.__doc__.startswith(rule_id + " ")


def test_checker_imports_nothing_of_the_model():
    """The checker stays independent: no import of the model, its calendar or its rules."""
    source = Path(CHECK_MODULE.__file__).read_text()
    imported = {node.module for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.Import) for alias in node.names}
    assert imported, "the parse found no imports"
    assert all(m and m.split(".")[0] in {"__future__", "datetime", "collections", "dataclasses",
                                         "itertools", "typing", "models"} for m in imported)


# -- H1 one strength session a day --------------------------------------------------------------


@pytest.mark.parametrize("edits", [
    pytest.param({"01-06": [LIFT, session("snc", "am")]}, id="two counted sessions"),
    pytest.param({"01-06": [LIFT, session("plyo", placement="gym"),
                            session("plyo", placement="gym")]}, id="two plyo"),
    pytest.param({"01-06": [LIFT, session("plyo", "am", "gym")]}, id="gym plyo, lift pm"),
    pytest.param({"01-04": [SNC, session("plyo", "pm", "gym")]}, id="gym plyo, no gym"),
    pytest.param({"01-09": [session("plyo", "am", "after-run")]}, id="after-run, rest day"),
    pytest.param({"01-07": [session("plyo", "pm", "after-run")]}, id="after-run, run am"),
    pytest.param({"01-05": [session("plyo", "pm", "warmup")]}, id="warmup, workout am"),
])
def test_h1_one_session_and_one_plyo_a_day_plyo_with_its_host(edits):
    assert broken_by(edits) == {"H1"}


# -- H2 and H3 run first, lift late enough --------------------------------------------------------


def test_h2_no_gym_on_the_day_of_a_pm_run():
    assert broken_by(running={"run_slot": {"wed": "pm"}}) == {"H2"}


def test_h2_gym_on_a_quality_day_needs_double_days():
    edits = {"01-05": [LIFT]}                                  # pm, after Tuesday's am workout
    assert broken_by(edits, drop=["01-06"]) == {"H2"}
    assert broken_by(edits, drop=["01-06"], athlete={"double_days": True}) == set()


def test_h2_gym_in_the_run_slot_also_breaks_h3():
    """An am gym session on an am-run day is both before the run's end (H2) and a morning lift
    on a run day (H3): the two rules cannot be told apart here."""
    assert broken_by({"01-06": [session("lift", "am")]}) == {"H2", "H3"}


def test_h3_morning_lift_needs_late_mornings():
    rest_wednesday = {"dates": {"2027-01-06": "rest"}}
    edits = {"01-06": [session("lift", "am")]}
    assert broken_by(edits, running=rest_wednesday) == {"H3"}
    assert broken_by(edits, running=rest_wednesday, athlete={"late_mornings": True}) == set()


# -- H4 to H7 ------------------------------------------------------------------------------------


def test_h4_no_gym_the_day_before_a_workout():
    assert broken_by({"01-04": [LIFT], "01-06": [SNC]}) == {"H4"}   # Monday, before Tuesday


def test_h4_message_names_both_days():
    (v,) = check(scenario(), build_plan(scenario(), edited({"01-04": [LIFT], "01-06": [SNC]})))
    assert str(v) == ("H4 2027-01-04: lift on Monday, the day before Tuesday's workout; "
                      "no gym the day before a quality day")


def test_h5_no_snc_the_day_after_lifting():
    assert broken_by({"01-07": [SNC]}) == {"H5"}


def test_h6_no_plyo_two_days_running():
    edits = {"01-06": [LIFT, session("plyo", placement="gym")],
             "01-07": [session("plyo", "am", "after-run")]}
    assert broken_by(edits) == {"H6"}


def test_h7_no_snc_on_a_workout_day():
    assert broken_by({"01-05": [SNC]}) == {"H7"}


def test_h7_warmup_plyo_only_on_a_quality_day():
    assert broken_by({"01-07": [session("plyo", "am", "warmup")]}) == {"H7"}   # Thursday easy


def test_h7_gym_plyo_rides_on_a_double_day_lift_but_not_alone():
    """H2 lets a pm lift onto a workout day with double days; the light plyo at the end of
    that gym session belongs to it (H1), so H7 lets it be; a standalone plyo is flagged."""
    double = {"double_days": True}
    assert broken_by({"01-05": [LIFT]}, drop=["01-06"], athlete=double) == set()
    assert broken_by({"01-05": [LIFT, GYM_PLYO]}, drop=["01-06"], athlete=double) == set()
    assert broken_by({"01-05": [session("plyo", "pm")]}) == {"H7"}


@pytest.mark.parametrize("edits", [{"01-17": [SNC]}, {"01-17": [session("plyo", "am", "warmup")]}],
                         ids=["snc", "warmup plyo"])
def test_h7_nothing_on_a_tune_up_race_day(edits):
    # Sunday's long run becomes a tune-up race: even warm-up drills stay off that day.
    assert broken_by(edits, running={"dates": {"2027-01-17": "race"}}) == {"H7"}


# -- H8 hills ------------------------------------------------------------------------------------


def test_h8_hills_only_on_easy_or_rest_days_also_breaks_h7():
    """Every day that is neither easy nor rest is a quality day, which H7 keeps clean too."""
    edits = {"01-05": [session("hills")]}
    assert broken_by(edits) == {"H7", "H8"}
    assert broken_by(edits, rules={"disable": ["H8"]}) == {"H7"}


def test_h8_no_hills_the_day_before_quality():
    assert broken_by({"01-09": [session("hills", "am")]}) == {"H8"}   # Saturday, before Sunday


def test_h8_hills_once_a_week():
    # Friday (instead of its snc) and Saturday, the rest day before Sunday's long run: the only
    # days of the week where hills break H8 alone (Thursday follows Wednesday's lift, H5).
    edits = {"01-08": [session("hills", "am")], "01-09": [session("hills", "am")]}
    assert broken_by(edits) == {"H8"}
    assert broken_by(edits, rules={"disable": ["H8"]}) == set()


def test_h8_no_hills_the_day_before_a_gym_session():
    edits = {"01-05": [], "01-12": [session("hills", "am")]}
    # Tuesday 01-12 is a workout; make it easy so that only the gym session follows it.
    assert broken_by(edits, running={"dates": {"2027-01-12": "easy"}}) == {"H8"}
    assert broken_by(edits, running={"dates": {"2027-01-12": "easy"}},
                     rules={"disable": ["H8"]}) == set()


# -- H9 availability -----------------------------------------------------------------------------


def test_h9_nothing_on_a_date_away():
    assert broken_by(availability={"unavailable": ["2027-01-11"]}) == {"H9"}


def test_h9_gym_only_on_gym_days():
    no_wednesday = ["mon", "tue", "thu", "fri", "sat", "sun"]
    assert broken_by(availability={"gym_days": no_wednesday}) == {"H9"}


def test_h9_hills_need_a_hill():
    edits = {"01-08": [session("hills", "am")]}                # Friday, instead of its snc
    assert broken_by(edits) == set()
    assert broken_by(edits, availability={"hill_access": False}) == {"H9"}


def test_h9_daily_minutes_budget():
    edits = {"01-06": [session("lift", minutes=55),
                       session("plyo", placement="gym", minutes=10)]}
    assert broken_by(edits) == {"H9"}                          # 65 min > 60
    assert broken_by(edits, availability={"daily_strength_minutes": 65}) == set()


def test_h9_minimum_session_length():
    assert broken_by({"01-04": [session("snc", minutes=9)]}) == {"H9"}


# -- H10 and H11 ---------------------------------------------------------------------------------


def test_h10_at_most_four_sessions_in_a_banded_week():
    edits = {"01-07": [session("plyo", "am", "after-run")],    # Thursday's easy run
             "01-09": [session("plyo", "pm")]}                 # Saturday, a rest day
    assert broken_by(edits) == {"H10"}


def test_h10_at_most_four_sessions_in_a_taper_week_too():
    # Week 4 (from 01-25) is a taper week: no floor, but the ceiling of 4 still holds (and
    # H16's own cap is switched off here to see H10 alone).
    edits = {"01-25": [SNC], "01-26": [], "01-27": [SNC], "01-28": [session("plyo", "pm")],
             "01-29": [SNC]}
    taper_off = {"disable": ["H16"]}
    assert broken_by(edits, rules=taper_off) == set()
    edits["01-26"] = [session("plyo", "pm")]                   # Tuesday's workout is am
    assert broken_by(edits, rules=taper_off, running={"dates": {"2027-01-26": "easy"}}) \
        == {"H10"}


def test_h10_at_least_two_sessions_once_started():
    assert broken_by(drop=["01-04", "01-08"]) == {"H10"}


def test_h10_floor_drops_with_the_days_available():
    # Week 1: away Mon, Wed, Thu, Fri; only Saturday is free of quality: floor 1. Gym only on
    # Wednesdays, so H11 excuses the week.
    away = {"unavailable": ["2027-01-04", "2027-01-06..2027-01-08"], "gym_days": ["wed"]}
    empty_week = ["01-04", "01-06", "01-08"]
    assert broken_by(drop=empty_week, availability=away) == {"H10"}
    assert broken_by({"01-09": [SNC]}, drop=empty_week, availability=away) == set()


def test_h10_h11_not_before_strength_starts():
    sc = scenario(athlete={"established": []})
    assert check(sc, build_plan(sc, {})) == []


def test_h11_a_gym_session_every_banded_week():
    assert broken_by(drop=["01-06"]) == {"H11"}


def test_h11_excused_when_away_on_every_gym_day():
    away = {"gym_days": ["wed"], "unavailable": ["2027-01-06"]}
    assert broken_by(drop=["01-06"], availability=away) == set()


def test_h11_not_before_lift_is_introduced():
    sc = scenario(athlete={"established": ["snc"]})
    assert broken(sc, replace_all(baseline(), "lift", SNC)) == set()


# -- H12 caps ------------------------------------------------------------------------------------


def test_h12_lift_cap():
    second = {"01-08": [LIFT]}                                 # Friday, instead of its snc
    assert broken_by(second) == {"H12"}
    assert broken_by(second, rules={"max_lifts_per_week": 2}) == set()


@pytest.mark.parametrize("single_weeks, expected", [(2, {"H12"}), (1, set())])
def test_h12_once_a_week_while_lifting_is_new(single_weeks, expected):
    athlete = {"established": ["snc"]}
    rules = {"max_lifts_per_week": 2, "single_lift_weeks": single_weeks}
    # lift starts in week 1; week 2 lifts on Wednesday and Friday
    assert broken_by({"01-15": [LIFT]}, athlete=athlete, rules=rules) == expected


@pytest.mark.parametrize("rules, edits", [
    ({"max_snc_per_week": 1}, {}),
    ({"max_plyo_per_week": 1}, {"01-06": [LIFT, session("plyo", placement="gym")],
                                "01-10": [session("plyo", "am", "warmup")]}),
    ({"max_power_per_week": 0}, {"01-06": [session("power")]}),
    ({"max_gym_per_week": 1, "max_lifts_per_week": 2}, {"01-08": [LIFT]}),
], ids=["snc", "plyo", "power", "gym"])
def test_h12_weekly_caps(rules, edits):
    assert broken_by(edits, athlete={"double_days": True}, rules=rules) == {"H12"}


def test_h12_power_replaces_lifting_by_default():
    # Without max_gym_per_week the gym cap is max_lifts_per_week: power takes the lift's place.
    power_week = {"01-06": [LIFT], "01-08": [session("power")]}
    assert broken_by(power_week, rules={"power_phase_weeks": 4}) == {"H12"}
    assert broken_by(power_week, rules={"power_phase_weeks": 4, "max_gym_per_week": 2}) == set()


# -- H13 and H14 progression ---------------------------------------------------------------------

NEW_LIFT = {"athlete": {"established": ["snc"]}}


def test_h13_two_new_kinds_in_the_same_week():
    gap_1 = {"intro_gap_weeks": 1}
    assert broken_by({"01-06": [LIFT, GYM_PLYO]}, rules=gap_1, **NEW_LIFT) == {"H13"}
    assert broken_by({"01-13": [LIFT, GYM_PLYO]}, rules=gap_1, **NEW_LIFT) == set()


@pytest.mark.parametrize("weeks, expected", [(2, {"H14"}), (1, set())])
def test_h14_lift_after_weeks_of_snc(weeks, expected):
    rules = {"snc_weeks_before_lift": weeks, "intro_gap_weeks": 1}
    # snc from week 1, lift from week 2
    assert broken_by(drop=["01-06"], athlete={"established": []}, rules=rules) == expected


def test_h14_lift_without_any_snc_before_it():
    sc = scenario(athlete={"established": ["power"]}, rules={"max_gym_per_week": 2})
    s = {day(d): [session(k)] for d, k in [("01-06", "lift"), ("01-08", "power"),
                                           ("01-13", "lift"), ("01-15", "power")]}
    assert broken(sc, s) == {"H14"}


@pytest.mark.parametrize("weeks, expected", [(2, {"H14"}), (1, set())])
def test_h14_power_after_weeks_of_lift(weeks, expected):
    rules = {"intro_gap_weeks": 1, "lift_weeks_before_power": weeks}
    # lift from week 1, power in week 2
    assert broken_by({"01-13": [session("power")]}, rules=rules, **NEW_LIFT) == expected


def test_h14_power_without_any_lift():
    sc = scenario(**NEW_LIFT)
    assert broken(sc, replace_all(baseline(), "lift", session("power"))) == {"H14"}


def test_h14_hills_only_after_snc():
    sc = scenario(athlete={"established": ["lift"]})
    s = {day(d): [session(k, "am")] for d, k in [("01-08", "hills"), ("01-15", "hills")]}
    s.update({day(d): [LIFT] for d in ("01-06", "01-13")})
    assert broken(sc, s) == {"H14"}
    s.update({day(d): [SNC] for d in ("01-04", "01-11")})      # snc from week 1
    assert broken(sc, s) == {"H13", "H14"}                     # same week: still too early
    s[day("01-08")] = []                                       # hills from week 2
    assert broken(scenario(athlete={"established": ["lift"]},
                           rules={"intro_gap_weeks": 1}), s) == set()


def test_h14_plyo_at_the_gym_first():
    new_plyo = {"athlete": {"established": ["snc", "lift"]}}
    after_run = session("plyo", "am", "after-run")
    # one week of gym plyo (week 1) before after-run plyo in week 2
    assert broken_by({"01-06": [LIFT, GYM_PLYO], "01-14": [after_run]}, **new_plyo) == {"H14"}
    # two weeks (1 and 2) before week 3
    two_weeks = {"01-06": [LIFT, GYM_PLYO], "01-13": [LIFT, GYM_PLYO], "01-21": [after_run]}
    assert broken_by(two_weeks, **new_plyo) == set()


# -- H15 to H17 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("weeks", [0, 1])
def test_h15_power_only_in_the_power_phase(weeks):
    edits = {"01-06": [session("power")]}                      # 25 days before the race
    assert broken_by(edits, rules={"power_phase_weeks": weeks}) == {"H15"}
    assert broken_by(edits, rules={"power_phase_weeks": 4}) == set()


@pytest.mark.parametrize("date, sessions", [
    ("01-27", [LIFT]),                                         # 4 days out: no gym
    ("01-28", [session("hills", "am")]),                       # 3 days out: no hills
    ("01-28", [session("plyo", "am", "after-run")]),           # 3 days out: no plyo
    ("01-30", [SNC]),                                          # the day before: nothing
], ids=["gym", "hills", "plyo", "snc"])
def test_h16_taper(date, sessions):
    assert broken_by({date: sessions}) == {"H16"}
    assert broken_by({date: sessions}, rules={"disable": ["H16"]}) == set()


SUPERVISED_LIFTS = {d: [session("lift", supervised=True)] for d in ("01-06", "01-13", "01-20")}


def supervised(rules: dict | None = None, **coach) -> set[str]:
    """Rules broken by supervised Wednesday pm lifts of a new lifter, coach on Wednesday pm."""
    return broken_by(SUPERVISED_LIFTS, rules=rules or {},
                     coach={"slots": {"wed": ["pm"]}, **coach}, **NEW_LIFT)


def test_h17_supervised_lifts_in_coach_slots_are_clean():
    assert supervised() == set()


def test_h17_new_lift_marked_supervised():
    assert broken_by(coach={"slots": {"wed": ["pm"]}}, **NEW_LIFT) == {"H17"}


def test_h17_only_in_a_coach_slot():
    assert supervised(slots={"wed": ["am"]}) == {"H17"}


def test_h17_not_when_the_coach_is_away():
    assert supervised(unavailable=["2027-01-13"]) == {"H17"}


def test_h17_only_for_the_first_weeks():
    assert supervised({"supervised_weeks": 1}, unavailable=["2027-01-13"]) == set()


def test_h17_off_without_coach_slots():
    assert broken_by(coach={"slots": {"wed": []}}, **NEW_LIFT) == set()


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
    unsupervised = _edit_day(plan, lift_day.date, sessions=sessions)
    assert {(v.rule, v.date) for v in check(sc, unsupervised)} == {("H17", lift_day.date)}


def test_checker_catches_a_second_introduction_added_to_a_solved_plan():
    """Plyo at the end of the athlete's very first lift: two new kinds in one week (H13)."""
    sc, plan = solved("coach slots")
    lift_day = next(d for d in plan.days if any(s.kind.value == "lift" for s in d.sessions))
    gym = next(s for s in lift_day.sessions if s.kind.value == "lift")
    extra = Session(kind="plyo", slot=gym.slot, placement="gym", minutes=5, supervised=True)
    two_new = _edit_day(plan, lift_day.date, sessions=[*lift_day.sessions, extra])
    two_new = two_new.model_copy(update={"introductions": {}})
    assert "H13" in {v.rule for v in check(sc, two_new)}


# -- clauses the project wrote down where the rulebook is silent ---------------------------------


def test_h1_standalone_plyo_takes_the_slot_the_run_does_not_use():
    assert broken_by({"01-07": [session("plyo", "am")]}) == {"H1"}   # Thursday's run is am
    assert broken_by({"01-07": [session("plyo", "pm")]}) == set()


@pytest.mark.parametrize("kind", ["lift", "hills"])
def test_h5_nothing_hard_the_day_after_lifting(kind):
    # Thursday after Wednesday's lift; Friday's snc moves out of the way of a second lift.
    edits = {"01-07": [session(kind, "pm" if kind == "lift" else "am")], "01-08": []}
    rules = {"max_lifts_per_week": 2}
    assert broken_by(edits, rules=rules, running={"dates": {"2027-01-08": "rest"}}) == {"H5"}


def test_h13_nothing_new_in_the_last_weeks_before_the_race():
    sc = scenario(athlete={"established": ["snc", "lift"]}, rules={"no_new_kinds_weeks": 3})
    s = baseline()
    s[day("01-15")] = [session("hills", "am")]                 # hills start in week 2
    assert broken(sc, s) == {"H13"}                            # week 2 ends 14 days out
    assert broken(scenario(athlete={"established": ["snc", "lift"]},
                           rules={"no_new_kinds_weeks": 1}), s) == set()


def test_h16_at_most_two_sessions_in_the_last_seven_days():
    edits = {"01-28": [session("plyo", "pm")]}                 # third session in 01-24..01-30
    assert broken_by(edits) == {"H16"}
    assert broken_by(edits, rules={"disable": ["H16"]}) == set()


def test_h16_no_gym_or_hills_around_a_tune_up_race():
    # Friday 01-15 becomes a tune-up race: Wednesday's lift is two days before it.
    tune_up = {"dates": {"2027-01-15": "race"}}
    assert broken_by({"01-15": []}, running=tune_up) == {"H16"}
    assert broken_by({"01-15": []}, running=tune_up, rules={"disable": ["H16"]}) == set()
    # the day after: Thursday hills after a Wednesday race in week 3 (a taper week, so no
    # gym session is owed that week)
    after = {"01-20": [], "01-21": [session("hills", "am")]}
    assert broken_by(after, running={"dates": {"2027-01-20": "race"}}) == {"H16"}
    assert broken_by(after, running={"dates": {"2027-01-20": "race"}},
                     rules={"disable": ["H16"]}) == set()
