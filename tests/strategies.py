"""Hypothesis strategies over the scenario fields (formats.md), kept to short horizons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from models.vocabulary import DISTANCES, Kind, RunKind, Slot, Weekday

WEEKDAYS = [w.value for w in Weekday]
RUNS = [RunKind.REST.value, RunKind.EASY.value, RunKind.WORKOUT.value, RunKind.LONG.value]


@st.composite
def running_weeks(draw: st.DrawFn) -> dict[str, str]:
    """A weekly template: mostly easy days, one to three quality days, maybe a rest day."""
    week = {day: "easy" for day in WEEKDAYS}
    quality = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True))
    for day in quality:
        week[day] = draw(st.sampled_from(["workout", "long"]))
    for day in draw(st.lists(st.sampled_from(WEEKDAYS), max_size=2, unique=True)):
        if day not in quality:
            week[day] = "rest"
    return week


@st.composite
def scenarios(draw: st.DrawFn, max_weeks: int = 14) -> dict[str, Any]:
    """A valid scenario mapping with 3 to ``max_weeks`` weeks and varied settings."""
    start = dt.date(2027, 1, 1) + dt.timedelta(days=draw(st.integers(0, 300)))
    days = draw(st.integers(3 * 7, max_weeks * 7))
    race = start + dt.timedelta(days=days)
    horizon = [start + dt.timedelta(days=i) for i in range(days)]
    overrides = draw(st.dictionaries(st.sampled_from(horizon[1:]), st.sampled_from(RUNS + ["race"]),
                                     max_size=3))
    away = []
    if draw(st.booleans()):
        first = draw(st.sampled_from(horizon))
        length = draw(st.integers(0, 9))
        away.append(f"{first}..{first + dt.timedelta(days=length)}")
    established = draw(st.lists(st.sampled_from([k.value for k in Kind]), max_size=3,
                                unique=True))
    data: dict[str, Any] = {
        "name": "generated",
        "athlete": {
            "name": "Generated Runner",
            "sex": draw(st.sampled_from(["female", "male", "other"])),
            "body_mass_kg": draw(st.integers(45, 90)),
            "strength_level": draw(st.sampled_from(["novice", "intermediate", "advanced"])),
            "established": established,
            "double_days": draw(st.booleans()),
            "late_mornings": draw(st.booleans()),
        },
        "race": {"date": race.isoformat(),
                 "distance": draw(st.sampled_from(sorted(DISTANCES)))},
        "start": start.isoformat(),
        "running": {"week": draw(running_weeks()),
                    "dates": {d.isoformat(): k for d, k in overrides.items()},
                    "run_slot": draw(st.sampled_from(["am", "am", "pm"]))},
        "availability": {
            "gym_days": draw(st.lists(st.sampled_from(WEEKDAYS), min_size=2, max_size=7,
                                      unique=True)),
            "unavailable": away,
            "hill_access": draw(st.booleans()),
            "daily_strength_minutes": draw(st.sampled_from([30, 45, 60, 90])),
        },
        "rules": {
            "intro_gap_weeks": draw(st.integers(1, 4)),
            "snc_weeks_before_lift": draw(st.integers(0, 6)),
            "power_phase_weeks": draw(st.integers(0, 8)),
            "max_lifts_per_week": draw(st.integers(1, 2)),
            "disable": draw(st.lists(st.sampled_from(["H8", "H16"]), max_size=1)),
        },
        "weights": {rule: draw(st.sampled_from([0, 0.5, 1, 1, 2]))
                    for rule in ("S1", "S2", "S3", "S4", "S5")},
    }
    if draw(st.booleans()):
        data["coach"] = {"slots": draw(st.dictionaries(
            st.sampled_from(WEEKDAYS),
            st.lists(st.sampled_from([s.value for s in Slot]), min_size=1, max_size=2,
                     unique=True), min_size=1, max_size=4))}
    return data
