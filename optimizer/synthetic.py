"""Seeded, realistic synthetic scenarios for benchmarks, squads and batch tests.

A generated athlete looks like a real one: a level from novice to advanced with the history that
goes with it (a novice has nothing established, an advanced runner lifts and knows 1RMs), a race
from 5 km to the ultra, one of the running weeks coaches actually write (two or three quality
days, a long run at the weekend), three to five gym days of which at least one can really hold a
gym session, and sometimes a trip or a coach. The same seed always gives the same scenario.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from models import Scenario

RUNNING_WEEKS: tuple[dict[str, str], ...] = (
    # Two quality days and a long run: the guide's example week.
    {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "easy", "fri": "workout",
     "sat": "easy", "sun": "long"},
    # Tuesday/Thursday workouts, Saturday long run, Sunday off.
    {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "workout", "fri": "easy",
     "sat": "long", "sun": "rest"},
    # One workout and a long run, Monday off: a lighter week.
    {"mon": "rest", "tue": "easy", "wed": "workout", "thu": "easy", "fri": "easy",
     "sat": "easy", "sun": "long"},
    # Three quality days for an experienced runner.
    {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "workout", "fri": "easy",
     "sat": "easy", "sun": "long"},
    # Weekend workout and long run back to back is rare; Wednesday and Saturday quality.
    {"mon": "easy", "tue": "easy", "wed": "workout", "thu": "easy", "fri": "rest",
     "sat": "workout", "sun": "long"},
)
DISTANCES = ("5k", "10k", "half", "marathon", "ultra", "1500m")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ESTABLISHED = {
    "novice": ([], ["snc"]),
    "intermediate": (["snc"], ["snc", "lift"]),
    "advanced": (["snc", "lift"], ["snc", "lift", "plyo"], ["snc", "lift", "hills"]),
}


def _gym_ready_days(week: dict[str, str], double_days: bool) -> list[str]:
    """Weekdays that can hold a gym session: no quality run (unless double days), and the
    next day is not a quality day (H2, H4, H7)."""
    quality = {"workout", "long", "race"}
    out = []
    for i, day in enumerate(WEEKDAYS):
        following = week[WEEKDAYS[(i + 1) % 7]]
        if following in quality:
            continue
        if week[day] in quality and not double_days:
            continue
        out.append(day)
    return out


def synthetic_data(seed: int, weeks: int = 24, start: dt.date = dt.date(2027, 1, 4),
                   name: str | None = None) -> dict[str, Any]:
    """A scenario mapping for ``weeks`` weeks of training, reproducible from ``seed``."""
    rng = random.Random(seed)
    level = rng.choice(["novice", "novice", "intermediate", "intermediate", "advanced"])
    week = dict(rng.choice(RUNNING_WEEKS))
    double_days = level == "advanced" and rng.random() < 0.5
    ready = _gym_ready_days(week, double_days)
    gym_days = set(rng.sample(ready, k=min(len(ready), rng.randint(1, 2))))
    gym_days |= set(rng.sample(WEEKDAYS, k=rng.randint(1, 3)))
    sex = rng.choice(["female", "male"])
    mass = rng.randint(48, 66) if sex == "female" else rng.randint(58, 80)
    established = list(rng.choice(ESTABLISHED[level]))
    athlete: dict[str, Any] = {
        "name": name or f"Athlete {seed}", "sex": sex, "body_mass_kg": mass,
        "strength_level": level, "established": established, "double_days": double_days,
        "late_mornings": rng.random() < 0.2,
    }
    if "lift" in established:
        athlete["one_rep_max_kg"] = {"squat": round(mass * rng.uniform(0.8, 1.3) / 2.5) * 2.5,
                                     "deadlift": round(mass * rng.uniform(1.0, 1.5) / 2.5) * 2.5}
    race = start + dt.timedelta(weeks=weeks, days=-1)
    data: dict[str, Any] = {
        "name": name or f"synthetic-{seed}-{weeks}w",
        "athlete": athlete,
        "race": {"date": race.isoformat(), "distance": rng.choice(DISTANCES)},
        "start": start.isoformat(),
        "running": {"week": week},
        "availability": {
            "gym_days": [d for d in WEEKDAYS if d in gym_days],
            "hill_access": rng.random() < 0.8,
            "daily_strength_minutes": rng.choice([45, 60, 60, 75, 90]),
        },
    }
    usable = [d for d in ready if d in gym_days]
    if weeks >= 6 and rng.random() < 0.4:
        # A trip is either one or two whole plan weeks away (H11 excuses a week away on all
        # its gym days), or a short one that keeps clear of the days the gym session can go on.
        first = start + dt.timedelta(days=rng.randint(7, weeks * 7 - 21))
        if rng.random() < 0.5:
            first = start + dt.timedelta(weeks=(first - start).days // 7)
            last = first + dt.timedelta(days=7 * rng.randint(1, 2) - 1)
        else:
            while WEEKDAYS[first.weekday()] in usable or \
                    WEEKDAYS[(first + dt.timedelta(days=1)).weekday()] in usable:
                first += dt.timedelta(days=1)
            last = first + dt.timedelta(days=1)
        data["availability"]["unavailable"] = [f"{first.isoformat()}..{last.isoformat()}"]
    if weeks > 3 and rng.random() < 0.3:
        # A tune-up race on a weekday whose mini-taper (no gym or hills from 2 days before to
        # the day after, H16) leaves every usable gym day free.
        def clear(i: int) -> bool:
            return all(WEEKDAYS[(i + k) % 7] not in usable for k in (-2, -1, 0, 1))

        candidates = [d for i, d in enumerate(WEEKDAYS) if clear(i)]
        if candidates:
            weekday = rng.choice(candidates)
            monday = start + dt.timedelta(weeks=rng.randint(2, max(2, weeks - 3)))
            tune_up = monday + dt.timedelta(days=(WEEKDAYS.index(weekday) - monday.weekday()) % 7)
            data["running"]["dates"] = {tune_up.isoformat(): "race"}
    if rng.random() < 0.3:
        slots = {d: ["pm"] for d in rng.sample(ready, k=min(len(ready), 2))}
        data["coach"] = {"slots": slots}
    return data


def synthetic_scenario(seed: int, weeks: int = 24, **kwargs: Any) -> Scenario:
    """:func:`synthetic_data`, validated."""
    return Scenario.from_data(synthetic_data(seed, weeks, **kwargs),
                              label=f"<synthetic {seed}>")
