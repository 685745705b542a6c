"""Explain a squad that cannot fit: which dates and slots overflow the gym or the coach (H18).

Every athlete has a plan alone (that is checked first), so a squad without a joint plan is
infeasible because of H18. The diagnosis is a feasibility model of the squad with each H18
constraint (one date, slot and resource) guarded by an assumption literal. CP-SAT names a
sufficient set, shrunk to a minimal one (:mod:`optimizer.cores`) in two passes: first by
calendar week and resource, then date by date and slot by slot inside the weeks that remain.
Each overflowing slot is reported with its capacity and the athletes who could use it, and the
smallest capacity that makes the squad fit is found by solving (so it is proven to work).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models.squad import Gym, Squad

from .cores import assumption_core, least, shrink
from .squad import Resource, SlotKey, SquadModel


@dataclass
class Overflow:
    """One date, slot and resource of a minimal conflict, and who could use it."""

    key: SlotKey
    capacity: int
    athletes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.key.date.isoformat(), "slot": self.key.slot.value,
                "resource": self.key.resource, "capacity": self.capacity,
                "athletes": self.athletes}


@dataclass
class SquadConflict:
    """Why a squad has no joint plan: overflowing slots, and capacities that fit (solved)."""

    squad: str
    overflows: list[Overflow] = field(default_factory=list)
    fits: dict[str, int | None] = field(default_factory=dict)

    def text(self) -> str:
        lines = [f"{self.squad}: infeasible. Every athlete has a plan alone, but H18 (shared "
                 "gym and coach) cannot hold on these dates and slots together:"]
        for o in self.overflows:
            what = "in the gym" if o.key.resource == "gym" else "under the coach's eye"
            lines.append(f"  - {o.key.date.isoformat()} ({o.key.date.strftime('%a')}) "
                         f"{o.key.slot.value}: {o.capacity} {what} at most; could be there: "
                         f"{', '.join(o.athletes)}")
        if not self.overflows:
            lines.append("  (the diagnosis could not narrow it down within its time limit)")
        for resource, capacity in self.fits.items():
            if capacity is None:
                lines.append(f"Raising {resource}.capacity alone does not make the squad fit.")
            else:
                lines.append(f"With {resource}.capacity: {capacity} the squad fits (solved to "
                             "check).")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"squad": self.squad, "rule": "H18",
                "overflows": [o.to_dict() for o in self.overflows],
                "fits": {f"{r}.capacity": c for r, c in self.fits.items()}}


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _feasible(squad: Squad, time_limit: float) -> bool:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(SquadModel(squad).model)
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def with_capacity(squad: Squad, resource: Resource, capacity: int) -> Squad:
    """The same squad with another gym or coach capacity."""
    if resource == "gym":
        return dataclasses.replace(squad, gym=Gym(capacity=capacity))
    coach = squad.coach.model_copy(update={"capacity": capacity})
    athletes = tuple(sc.model_copy(update={"coach": sc.coach.model_copy(
        update={"capacity": capacity})}) if sc.coach else sc for sc in squad.athletes)
    return dataclasses.replace(squad, coach=coach, athletes=athletes)


def smallest_fitting_capacity(squad: Squad, resource: Resource,
                              time_limit: float) -> int | None:
    """The smallest capacity of ``resource`` with which the squad fits (binary search over
    feasibility solves), or ``None`` when even one place per athlete does not fit."""
    current = squad.gym.capacity if resource == "gym" else squad.coach.capacity
    capacities = range(current + 1, max(current + 1, len(squad.athletes)) + 1)
    return least(capacities,
                 lambda capacity: _feasible(with_capacity(squad, resource, capacity),
                                            time_limit))


def explain_squad(squad: Squad, time_limit: float = 30.0) -> SquadConflict:
    """Name the dates and slots that overflow in an infeasible squad (see the module doc).

    Parameters
    ----------
    squad
        A squad whose athletes each have a plan alone.
    time_limit
        Limit of each diagnostic solve, in seconds.
    """
    sm = SquadModel(squad, guarded=True)
    weeks: dict[tuple[Resource, dt.date], list[SlotKey]] = {}
    for key in sm.guards:
        weeks.setdefault((key.resource, _monday(key.date)), []).append(key)
    week_literals = {}
    for group, keys in weeks.items():
        literal = sm.model.new_bool_var(f"week_{group[0]}_{group[1].isoformat()}")
        for key in keys:
            sm.model.add_implication(literal, sm.guards[key])
        week_literals[group] = literal
    coarse = shrink(lambda active: assumption_core(sm.model, week_literals, active, time_limit),
                    list(week_literals))
    fine = shrink(lambda active: assumption_core(sm.model, sm.guards, active, time_limit),
                  [key for group in coarse for key in weeks[group]])
    limits = {limit.key: limit for limit in sm.limits}
    names = squad.names
    overflows = [Overflow(key, limits[key].capacity, [names[i] for i in limits[key].users])
                 for key in sorted(fine)]
    resources = sorted({o.key.resource for o in overflows})
    fits = {r: smallest_fitting_capacity(squad, r, time_limit) for r in resources}
    return SquadConflict(squad.name, overflows, fits)
