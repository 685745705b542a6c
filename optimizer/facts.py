"""Input facts behind hard constraints, and the scenario changes that would lift them.

A hard rule posts some constraints because of a fact of the scenario: the athlete is away on
these dates, has no gym on Wednesdays, does not allow double days, caps snc at 3 a week. When a
scenario is infeasible, the explanation guards each ``(rule, fact)`` pair with an assumption
literal; the facts in the conflict then name *what the coach could change*, and
:meth:`Fact.relax` says how, as a :class:`Patch` on the scenario data that the explanation
applies and re-solves to prove it works.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Literal

from models import Scenario
from models.types import DateSpan
from models.vocabulary import Slot, Weekday

_WEEKDAY_NAMES = {"mon": "Mondays", "tue": "Tuesdays", "wed": "Wednesdays",
                  "thu": "Thursdays", "fri": "Fridays", "sat": "Saturdays", "sun": "Sundays"}


@dataclass(frozen=True, eq=False)
class Patch:
    """One change to a scenario's data: set a field, or add/remove a list item."""

    path: tuple[str, ...]
    op: Literal["set", "add", "remove"]
    value: Any
    says: str

    def _identity(self) -> tuple[Any, ...]:
        return (self.path, self.op, repr(self.value))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Patch) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        """A changed deep copy of ``data`` (scenario data in JSON form)."""
        out = copy.deepcopy(data)
        node = out
        for key in self.path[:-1]:
            node = node.setdefault(key, {})
        last = self.path[-1]
        if self.op == "set":
            node[last] = self.value
        elif self.op == "add":
            items = node.setdefault(last, [])
            if self.value not in items:
                items.append(self.value)
        else:
            node[last] = [item for item in node.get(last, []) if item != self.value]
        return out

    def field(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, eq=False)
class Fact:
    """A scenario fact that a rule's constraints rest on.

    Attributes
    ----------
    key
        A stable identifier, e.g. ``gym_day:wed``.
    says
        The fact in a coach's words: "no gym on Wednesdays".
    patch
        The change that lifts it, when the scenario has one.
    """

    key: str
    says: str
    patch: Patch | None = None

    def __str__(self) -> str:
        return self.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Fact) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


def away(index: int, span: DateSpan) -> Fact:
    return Fact(f"away:{span}", f"away {span}",
                Patch(("availability", "unavailable"), "remove", str(span),
                      f"drop the dates away {span} (availability.unavailable)"))


def gym_day(weekday: Weekday) -> Fact:
    name = _WEEKDAY_NAMES[weekday.value]
    return Fact(f"gym_day:{weekday.value}", f"no gym on {name}",
                Patch(("availability", "gym_days"), "add", weekday.value,
                      f"allow a gym session on {name} (add {weekday.value} to "
                      "availability.gym_days)"))


def hill() -> Fact:
    return Fact("hill", "no hill",
                Patch(("availability", "hill_access"), "set", True,
                      "find a hill (availability.hill_access: true)"))


DAILY_MINUTES_PATH = ("availability", "daily_strength_minutes")


def daily_minutes_patch(minutes: int) -> Patch:
    return Patch(DAILY_MINUTES_PATH, "set", minutes,
                 f"allow {minutes} minutes a day (availability.daily_strength_minutes)")


def daily_minutes(budget: int) -> Fact:
    """The daily budget (H9). The patch offers a generous budget first (90 minutes, or 30
    more); :mod:`optimizer.explain` then lowers it to the smallest 5-minute step that still
    solves, so the coach is asked for no more time than the plan needs."""
    raised = min(300, max(90, budget + 30))
    return Fact("daily_minutes", f"{budget} minutes of strength a day at most",
                daily_minutes_patch(raised))


def double_days() -> Fact:
    return Fact("double_days", "no double days",
                Patch(("athlete", "double_days"), "set", True,
                      "turn on double days: an AM run and a PM gym session on a quality day "
                      "(athlete.double_days: true)"))


def late_mornings() -> Fact:
    return Fact("late_mornings", "mornings are too early to lift",
                Patch(("athlete", "late_mornings"), "set", True,
                      "mark mornings as late, so a rest-day morning can hold a gym session "
                      "(athlete.late_mornings: true)"))


def morning_run(weekday: Weekday, scenario: Scenario) -> Fact:
    """The run on ``weekday`` is in the afternoon, which leaves no slot after it for the gym."""
    name = _WEEKDAY_NAMES[weekday.value]
    slots = {w.value: scenario.running.slot_on(w).value for w in Weekday}
    slots[weekday.value] = Slot.AM.value
    return Fact(f"pm_run:{weekday.value}", f"the run on {name} is in the afternoon",
                Patch(("running", "run_slot"), "set", slots,
                      f"run in the morning on {name}, so the gym can follow in the afternoon "
                      f"(running.run_slot.{weekday.value}: am)"))


def rule_setting(field: str, says: str, value: Any, how: str) -> Fact:
    """A rulebook default under ``rules:``, e.g. a weekly cap, and the value that lifts it."""
    return Fact(f"rules.{field}", says,
                Patch(("rules", field), "set", value, f"{how} (rules.{field}: {value})"))


def switch_off(rule_id: str, title: str) -> Fact:
    return Fact(f"rule:{rule_id}", title,
                Patch(("rules", "disable"), "add", rule_id,
                      f"switch off {rule_id} for this athlete (rules.disable: [{rule_id}])"))


def coach_slot(weekday: Weekday, slot: Slot) -> Fact:
    name = _WEEKDAY_NAMES[weekday.value]
    return Fact(f"coach:{weekday.value}-{slot.value}",
                f"no coach on {name} {slot.value}",
                Patch(("coach", "slots", weekday.value), "add", slot.value,
                      f"have a coach on {name} {slot.value} (coach.slots.{weekday.value})"))


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data, ready for :meth:`Patch.apply` and re-validation."""
    return scenario.model_dump(mode="json", exclude_none=True)
