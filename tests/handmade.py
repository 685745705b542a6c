"""Hand-made plans for the checker and scorer tests, and a few solved plans shared by both.

The hand-made scenario runs four weeks from Monday 2027-01-04 to race day Sunday 2027-01-31:

    Mon easy | Tue workout | Wed easy | Thu easy | Fri easy | Sat rest | Sun long

so Tuesday and Sunday are quality days, Monday and Saturday the days before them. Weeks 1-2
are banded (full, outside the taper); weeks 3-4 are taper weeks (week 3 holds 2027-01-24, seven
days before the race). The athlete is established in every kind, so no progression rule binds
unless a test makes a kind new. The clean baseline plan holds

    weeks 1-3: Mon snc pm, Wed lift pm, Fri snc pm        week 4: Mon snc pm, Wed snc pm

and every test breaks exactly one rule by editing a copy of :func:`baseline`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from models import Day, Plan, Scenario, Session, Weekday
from models.rulebook import min_minutes
from optimizer import check, solve

from .conftest import make_scenario, merged

START = dt.date(2027, 1, 4)
RACE = dt.date(2027, 1, 31)
ALL_KINDS = ["snc", "lift", "power", "plyo", "hills"]

HAND: dict[str, Any] = {
    "name": "hand-made",
    "race": {"date": RACE.isoformat(), "distance": "10k"},
    "start": START.isoformat(),
    "running": {"week": {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "easy",
                         "fri": "easy", "sat": "rest", "sun": "long"}},
    "athlete": {"established": ALL_KINDS},
    # The hand-made plan is 4 weeks long, so any kind a test introduces starts within 3 weeks
    # of the race; H13's "nothing new close to the race" clause has tests of its own.
    "rules": {"no_new_kinds_weeks": 0},
}

Sessions = dict[dt.date, list[Session]]


def day(text: str) -> dt.date:
    """``"01-06"`` -> 2027-01-06 (every hand-made date is in January 2027)."""
    return dt.date.fromisoformat(f"2027-{text}")


def scenario(**changes: Any) -> Scenario:
    """The hand-made scenario with top-level changes merged (``athlete={...}`` merges)."""
    return make_scenario(**merged(HAND, changes))


def session(kind: str, slot: str = "pm", placement: str = "standalone",
            minutes: int | None = None, supervised: bool = False) -> Session:
    """A session lasting its kind's minimum unless ``minutes`` says otherwise."""
    return Session(kind=kind, slot=slot, placement=placement, supervised=supervised,
                   minutes=minutes if minutes is not None else min_minutes(kind, placement))


def baseline() -> Sessions:
    """The clean baseline's sessions by date (a fresh dict each call, safe to edit)."""
    out: Sessions = {}
    for week in range(3):
        monday = START + dt.timedelta(weeks=week)
        out[monday] = [session("snc")]
        out[monday + dt.timedelta(days=2)] = [session("lift")]
        out[monday + dt.timedelta(days=4)] = [session("snc")]
    out[day("01-25")] = [session("snc")]
    out[day("01-27")] = [session("snc")]
    return out


def build_plan(sc: Scenario, sessions: Mapping[dt.date, list[Session]],
               **fields: Any) -> Plan:
    """A plan of ``sc`` holding ``sessions``, with weeks, runs and run slots as the plan
    contract wants them (computed here, apart from the checker)."""
    days = []
    for i in range((sc.race.date - sc.start).days + 1):
        date = sc.start + dt.timedelta(days=i)
        run = sc.run_on(date)
        slot = sc.running.slot_on(Weekday.of(date.weekday())) if run.has_run else None
        days.append(Day(date=date, week=i // 7 + 1,
                        phase="race" if date == sc.race.date else "strength",
                        run=run, run_slot=slot, sessions=list(sessions.get(date, []))))
    data: dict[str, Any] = {"scenario": sc.name, "athlete": sc.athlete.name,
                            "race": {"date": sc.race.date, "distance": sc.race.distance},
                            "days": days, **fields}
    return Plan(**data)


def broken(sc: Scenario, sessions: Mapping[dt.date, list[Session]]) -> set[str]:
    """The IDs of the rules the hand-made plan breaks."""
    return {v.rule for v in check(sc, build_plan(sc, sessions))}


def edited(edits: Mapping[str, list[Session]] | None = None, drop: Iterable[str] = ()
           ) -> Sessions:
    """The baseline with the days in ``edits`` (``"MM-DD"``) holding those sessions instead,
    and the days in ``drop`` holding none."""
    out = baseline()
    out.update({day(d): sessions for d, sessions in (edits or {}).items()})
    for d in drop:
        out.pop(day(d), None)
    return out


def broken_by(edits: Mapping[str, list[Session]] | None = None, drop: Iterable[str] = (),
              **changes: Any) -> set[str]:
    """The rules that :func:`edited` ``(edits, drop)`` breaks in ``scenario(**changes)``."""
    return broken(scenario(**changes), edited(edits, drop))


def replace_all(sessions: Sessions, kind: str, by: Session) -> Sessions:
    """Every session of ``kind`` replaced by ``by``."""
    return {d: [by if s.kind.value == kind else s for s in ss] for d, ss in sessions.items()}


# -- solved plans shared by the checker and scorer tests -----------------------------------------

def _weeks(n: int, days: int = -1) -> str:
    return (dt.date(2027, 1, 4) + dt.timedelta(weeks=n, days=days)).isoformat()


SOLVED: dict[str, dict[str, Any]] = {
    "tiny novice": dict(rules={"no_new_kinds_weeks": 0}),
    "novice ladder, 12 weeks": dict(
        race={"date": _weeks(12), "distance": "half"},
        rules={"snc_weeks_before_lift": 2, "intro_gap_weeks": 2, "lift_weeks_before_power": 2,
               "plyo_gym_weeks": 1}),
    "double days, late mornings, 5k": dict(
        race={"date": _weeks(10), "distance": "5k"},
        athlete={"established": ["snc", "lift"], "double_days": True, "late_mornings": True}),
    "coach slots": dict(
        race={"date": _weeks(10), "distance": "10k"}, athlete={"established": ["snc"]},
        coach={"slots": {"wed": ["pm"], "sat": ["am", "pm"]}, "unavailable": [_weeks(3, 2)]},
        rules={"intro_gap_weeks": 2, "lift_weeks_before_power": 2}),
    "tune-up, away, pm runs, marathon": dict(
        race={"date": _weeks(9), "distance": "marathon"},
        athlete={"established": ["snc", "lift", "plyo"]},
        running={"week": {"mon": "rest", "tue": "workout", "wed": "easy", "thu": "easy",
                          "fri": "easy", "sat": "easy", "sun": "long"},
                 "dates": {_weeks(4, 5): "race"}, "run_slot": {"thu": "pm"}},
        availability={"unavailable": [f"{_weeks(2, 0)}..{_weeks(2, 3)}"],
                      "gym_days": ["wed", "thu", "fri"], "daily_strength_minutes": 50}),
    "H8 and H16 off, weights": dict(
        race={"date": _weeks(6), "distance": "5k"},
        athlete={"established": ALL_KINDS},
        rules={"disable": ["H8", "H16"], "max_lifts_per_week": 2},
        weights={"S2": 2, "S3": 0.5, "S4": 3}),
    "Wednesday start, 15 km": dict(
        start="2027-01-06", race={"date": "2027-03-10", "distance": 15000},
        athlete={"established": ["snc", "hills"]}),
}
"""Scenarios (changes to ``conftest.BASE``) that solve to optimality in about a second."""


@cache
def solved(name: str) -> tuple[Scenario, Plan]:
    """The scenario called ``name`` and its optimal plan (solved once per test session)."""
    sc = make_scenario(**SOLVED[name])
    result = solve(sc, time_limit=20)
    assert result.status == "OPTIMAL" and result.plan is not None, result.status
    return sc, result.plan
