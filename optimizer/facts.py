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
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from models import Scenario
from models.types import DateSpan
from models.vocabulary import Slot, Weekday

_WEEKDAY_NAMES = {"mon": "Mondays", "tue": "Tuesdays", "wed": "Wednesdays",
                  "thu": "Thursdays", "fri": "Fridays", "sat": "Saturdays", "sun": "Sundays"}
_WEEKDAY_ORDER = {name: i for i, name in enumerate(_WEEKDAY_NAMES)}


@dataclass(frozen=True, eq=False)
class Patch:
    """One change to a scenario's data: set a field, or add/remove a list item."""

    path: tuple[str, ...]
    op: Literal["set", "add", "remove"]
    value: Any
    says: str
    template: str = ""
    """For a numeric setting: ``says`` with ``{value}`` for the value, so the explanation can
    offer the smallest value that works (:meth:`with_value`) instead of ``value``."""
    step: int = 0
    """For a numeric setting: the steps the smallest working value is searched in."""

    def with_value(self, value: int) -> Patch:
        """The same change of a numeric setting to ``value``."""
        return Patch(self.path, self.op, value, self.template.format(value=value),
                     self.template, self.step)

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
        elif isinstance(node.get(last), dict):  # a key of a mapping, e.g. a date
            node[last] = {k: v for k, v in node[last].items() if k != self.value}
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
    weekday
        The weekday of a per-weekday fact (``wed`` for ``gym_day:wed``): facts of one ``group``
        on several weekdays are said as one clause (:func:`because`).
    group
        What a per-weekday fact is about, e.g. ``gym_day``.
    rule_says
        What the rule asks because of this fact, when that is narrower than the rule's
        sentence (a tune-up race's mini-taper is part of H16, the taper).
    """

    key: str
    says: str
    patch: Patch | None = None
    weekday: str | None = None
    group: str = ""
    rule_says: str = ""

    @property
    def order(self) -> tuple[str, int, str]:
        """Sort key: per-weekday facts of a group in weekday order (Mon..Sun), then by key."""
        return (self.group or self.key, _WEEKDAY_ORDER.get(self.weekday or "", -1), self.key)

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
                      "availability.gym_days)"), weekday.value, "gym_day")


def hill() -> Fact:
    return Fact("hill", "no hill",
                Patch(("availability", "hill_access"), "set", True,
                      "find a hill (availability.hill_access: true)"))


DAILY_MINUTES_PATH = ("availability", "daily_strength_minutes")


def daily_minutes_patch(minutes: int) -> Patch:
    template = "allow {value} minutes a day (availability.daily_strength_minutes)"
    return Patch(DAILY_MINUTES_PATH, "set", minutes, template.format(value=minutes), template,
                 step=5)


def daily_minutes(budget: int) -> Fact:
    """The daily budget (H9). The patch offers a generous budget first (90 minutes, or 30
    more); :mod:`optimizer.explain` then lowers it to the smallest 5-minute step above the
    scenario's budget that still solves, so the coach is asked for no more time than the plan
    needs."""
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
                      f"(running.run_slot.{weekday.value}: am)"), weekday.value, "pm_run")


def rule_setting(field: str, says: str, value: int, how: str) -> Fact:
    """A rulebook setting under ``rules:``, e.g. a weekly cap, and a value that lifts it; the
    explanation offers the value closest to the scenario's that still solves (steps of 1)."""
    template = f"{how} (rules.{field}: {{value}})"
    return Fact(f"rules.{field}", says,
                Patch(("rules", field), "set", value, template.format(value=value), template,
                      step=1))


TUNE_UP_RULE = ("the tune-up race's mini-taper: no gym session or hill sprints in the 2 days "
                "before a tune-up race or on the day after it")


def tune_up(date: dt.date) -> Fact:
    """A tune-up race (a ``race`` day before race day, under ``running.dates``): H16 keeps the
    gym and hills away from it. Dropping it gives the day back its weekly run."""
    day = date.isoformat()
    return Fact(f"tune_up:{day}", f"the tune-up race on {day} (running.dates)",
                Patch(("running", "dates"), "remove", day,
                      f"drop the tune-up race on {day} (take {day} out of running.dates; the "
                      "day keeps its weekly run)"),
                rule_says=TUNE_UP_RULE)


def move_tune_up(scenario: Scenario, date: dt.date, to: dt.date) -> Patch:
    """Move the tune-up race on ``date`` to ``to`` (the old day keeps its weekly run)."""
    dates = {d.isoformat(): kind.value for d, kind in scenario.running.dates.items()
             if d != date}
    dates[to.isoformat()] = "race"
    return Patch(("running", "dates"), "set", dates,
                 f"move the tune-up race from {date.isoformat()} to {to:%a} {to.isoformat()} "
                 "(running.dates)")


_MERGED = {  # group: (the clause for some weekdays, the clause for every weekday)
    "gym_day": ("no gym on {days}", "no gym on any day (availability.gym_days is empty)"),
    "pm_run": ("the runs on {days} are in the afternoon",
               "every run is in the afternoon (running.run_slot: pm)"),
    "coach-am": ("no coach on {days} am", "no coach on any morning (coach.slots)"),
    "coach-pm": ("no coach on {days} pm", "no coach on any afternoon (coach.slots)"),
}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def because(facts: Iterable[Fact]) -> list[str]:
    """The facts as clauses: per-weekday facts of one group merge into one clause in weekday
    order ("no gym on Tuesdays, Wednesdays and Fridays"), said once when it covers every day
    ("every run is in the afternoon"); the others as they are, in the order given."""
    order: list[Fact | str] = []  # a fact said as it is, or the group said in its place
    by_group: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.group in _MERGED and fact.weekday is not None:
            if fact.group not in by_group:
                order.append(fact.group)
            by_group.setdefault(fact.group, []).append(fact)
        else:
            order.append(fact)
    clauses = []
    for item in order:
        if isinstance(item, Fact):
            clauses.append(item.says)
            continue
        members = by_group[item]
        days = sorted({f.weekday for f in members if f.weekday}, key=_WEEKDAY_ORDER.__getitem__)
        some, every = _MERGED[item]
        if len(days) == len(_WEEKDAY_NAMES):
            clauses.append(every)
        elif len(days) == 1:
            clauses.append(members[0].says)
        else:
            clauses.append(some.format(days=_and([_WEEKDAY_NAMES[d] for d in days])))
    return clauses


def switch_off(rule_id: str, title: str) -> Fact:
    return Fact(f"rule:{rule_id}", title,
                Patch(("rules", "disable"), "add", rule_id,
                      f"switch off {rule_id} for this athlete (rules.disable: [{rule_id}])"))


def coach_slot(weekday: Weekday, slot: Slot) -> Fact:
    name = _WEEKDAY_NAMES[weekday.value]
    return Fact(f"coach:{weekday.value}-{slot.value}",
                f"no coach on {name} {slot.value}",
                Patch(("coach", "slots", weekday.value), "add", slot.value,
                      f"have a coach on {name} {slot.value} (coach.slots.{weekday.value})"),
                weekday.value, f"coach-{slot.value}")


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain data, ready for :meth:`Patch.apply` and re-validation."""
    return scenario.model_dump(mode="json", exclude_none=True)
