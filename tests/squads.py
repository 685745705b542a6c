"""Squad files written for tests: a training group whose solo plans all want the same slots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .conftest import merged

# Workouts Tuesday and Friday, long run Sunday: with double days the gym fits only on Tuesday,
# Wednesday and Friday afternoons (H2, H4), and every athlete's solo optimum lifts on the same
# one of them, so a small gym and a coach for two make the athletes share (H18).
RUNNER: dict[str, Any] = {
    "name": "runner",
    "athlete": {"name": "Runner", "sex": "female", "body_mass_kg": 60,
                "established": ["snc", "lift"], "double_days": True},
    "race": {"date": "2027-01-31", "distance": "10k"},
    "start": "2027-01-04",
    "running": {"week": {"mon": "easy", "tue": "workout", "wed": "easy", "thu": "easy",
                         "fri": "workout", "sat": "easy", "sun": "long"}},
}
COACH: dict[str, Any] = {"slots": {"tue": ["pm"], "wed": ["pm"], "fri": ["pm"]},
                         "capacity": 2}


def runner(number: int, **changes: Any) -> dict[str, Any]:
    """Runner ``number``'s scenario data, with top-level or nested (``athlete=``) changes."""
    named = merged(RUNNER, {"name": f"runner {number}", "athlete": {"name": f"Runner {number}"}})
    return merged(named, changes)


def write_squad(directory: Path, athletes: list[dict[str, Any]], *, gym: int = 4,
                coach: dict[str, Any] | None = None, inline: bool = False,
                extra: dict[str, Any] | None = None) -> Path:
    """Write ``athletes/<n>.yaml`` and ``squad.yaml`` (athletes by path unless ``inline``)."""
    (directory / "athletes").mkdir(parents=True, exist_ok=True)
    entries: list[Any] = []
    for index, data in enumerate(athletes, start=1):
        if inline:
            entries.append(data)
            continue
        path = directory / "athletes" / f"a{index}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        entries.append(f"athletes/a{index}.yaml")
    squad = {"squad": "Test group", "athletes": entries, "coach": coach or COACH,
             "gym": {"capacity": gym}, **(extra or {})}
    path = directory / "squad.yaml"
    path.write_text(yaml.safe_dump(squad, sort_keys=False))
    return path
