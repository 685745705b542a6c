"""Solved plans shared by the prescription, minutes/S6 and show tests (each solved once)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from typing import Any

from models import Plan, Scenario
from optimizer import solve

RUNNING = {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "easy", "fri": "workout",
           "sat": "easy", "sun": "long"}

SCENARIOS: dict[str, dict[str, Any]] = {
    # 24 weeks, novice, no 1RM: technique blocks, loads from the bar.
    "novice": {
        "name": "Novice marathon",
        "athlete": {"name": "Jane Doe", "sex": "female", "body_mass_kg": 58,
                    "strength_level": "novice"},
        "race": {"date": "2027-09-19", "distance": "marathon"},
        "start": "2027-04-05",
        "running": {"week": RUNNING},
        "availability": {"gym_days": ["mon", "wed", "fri", "sat"]},
    },
    # Intermediate with 1RMs: loads from 85 % of the 1RM, power phase.
    "intermediate": {
        "name": "Intermediate half",
        "athlete": {"name": "Ken Kip", "sex": "male", "body_mass_kg": 70,
                    "strength_level": "intermediate", "established": ["snc"],
                    "one_rep_max_kg": {"squat": 90, "deadlift": 110, "lunge": 50,
                                       "push press": 45, "step-up": 50,
                                       "good morning": 40}},
        "race": {"date": "2027-07-25", "distance": "half"},
        "start": "2027-04-05",
        "running": {"week": RUNNING},
        "availability": {"gym_days": ["mon", "wed", "fri", "sat"]},
        "prescription": {"intensity": 0.85},
    },
    # Advanced lifter, twice a week: different selections, 1RMs for two lifts only.
    "advanced": {
        "name": "Advanced 10k",
        "athlete": {"name": "Ana Fast", "sex": "female", "body_mass_kg": 60,
                    "strength_level": "advanced", "established": ["snc", "lift"],
                    "one_rep_max_kg": {"squat": 80, "deadlift": 95}},
        "race": {"date": "2027-07-18", "distance": "10k"},
        "start": "2027-04-05",
        "running": {"week": {**RUNNING, "fri": "easy", "sat": "long", "sun": "rest"}},
        "rules": {"max_lifts_per_week": 2, "power_phase_weeks": 6},
        "prescription": {"exercises": {"snc": ["hamstring bridge", "side plank"]}},
    },
}


def scenario(key: str, **changes: Any) -> Scenario:
    return Scenario.from_data({**SCENARIOS[key], **changes}, label=f"<{key}>")


@lru_cache(maxsize=None)
def solved(key: str) -> Plan:
    result = solve(scenario(key), time_limit=60)
    assert result.plan is not None, result.status
    return result.plan


def weeks(plan: Plan) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for day in plan.days:
        out[day.week].append(day)
    return dict(out)


def weekly_minutes(plan: Plan) -> dict[int, int]:
    """Each week's total strength minutes, from the plan's days alone."""
    return {n: sum(s.minutes for d in days for s in d.sessions)
            for n, days in weeks(plan).items()}


def full_weeks(plan: Plan) -> list[int]:
    return [n for n, days in weeks(plan).items() if len(days) == 7]


def intro_week(plan: Plan, kind) -> int | None:
    day: dt.date | None = plan.introductions.get(kind)
    return None if day is None else plan.day(day).week
