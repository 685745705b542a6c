"""The squad's roster: per date and slot, who is in the gym and who is supervised (H18).

Read from the plans alone (their sessions and ``supervised`` marks), so a roster can be built
for plans from anywhere; :func:`optimizer.squad_check.check_squad` judges plans independently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models import Plan
from models.squad import Squad
from models.vocabulary import GYM_KINDS, Slot, Weekday

ROSTER_COLUMNS = ("date", "weekday", "slot", "gym", "gym_use", "gym_capacity", "supervised",
                  "coach_use", "coach_capacity", "coach_available")


@dataclass(frozen=True)
class RosterSlot:
    """One date and slot in which the squad uses the gym or the coach."""

    date: dt.date
    slot: Slot
    gym: tuple[str, ...]
    supervised: tuple[str, ...]
    gym_capacity: int
    coach_capacity: int
    coach_available: bool

    @property
    def over(self) -> bool:
        """Whether the slot holds more than the gym or the coach can take (H18)."""
        return len(self.gym) > self.gym_capacity or len(self.supervised) > self.coach_capacity

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "slot": self.slot.value,
                "gym": list(self.gym), "gym_use": len(self.gym),
                "gym_capacity": self.gym_capacity, "supervised": list(self.supervised),
                "coach_use": len(self.supervised), "coach_capacity": self.coach_capacity,
                "coach_available": self.coach_available}


def build_roster(squad: Squad, plans: Sequence[Plan | None]) -> list[RosterSlot]:
    """Every date and slot that some athlete's plan uses the gym or the coach in, in order.

    ``plans`` are in the squad's athlete order; a missing plan (``None``) adds nobody.
    """
    gym: dict[tuple[dt.date, Slot], list[str]] = defaultdict(list)
    supervised: dict[tuple[dt.date, Slot], list[str]] = defaultdict(list)
    for name, plan in zip(squad.names, plans):
        if plan is None:
            continue
        for day, session in plan.sessions():
            key = (day.date, session.slot)
            if session.kind in GYM_KINDS and name not in gym[key]:
                gym[key].append(name)
            if session.supervised and name not in supervised[key]:
                supervised[key].append(name)
    coach = squad.coach
    return [RosterSlot(date, slot, tuple(gym.get((date, slot), ())),
                       tuple(supervised.get((date, slot), ())), squad.gym.capacity,
                       coach.capacity, coach.has_slot(date, slot))
            for date, slot in sorted(set(gym) | set(supervised))]


def roster_csv(roster: Sequence[RosterSlot]) -> str:
    """The roster as CSV text (:data:`ROSTER_COLUMNS`; names joined by ``; ``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROSTER_COLUMNS)
    for row in roster:
        writer.writerow([row.date.isoformat(), Weekday.of(row.date.weekday()).value,
                         row.slot.value, "; ".join(row.gym), len(row.gym), row.gym_capacity,
                         "; ".join(row.supervised), len(row.supervised), row.coach_capacity,
                         "yes" if row.coach_available else "no"])
    return out.getvalue()
