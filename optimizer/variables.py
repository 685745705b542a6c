"""The decision variables of one athlete's model, built once and shared by every rule.

Every possible strength session is one Boolean, described by a :class:`SessionVar` (kind,
placement, day, slot). Rules select the sessions they speak about with :meth:`Variables.select`
instead of reaching into parallel arrays, so a rule reads like the rulebook sentence it posts.

Introductions use an *order encoding*: one Boolean ``intro[kind, week]`` per week (at most one
per kind), and one Boolean ``started[kind, week]`` = ``started[kind, week - 1] + intro[kind,
week]`` that says the kind began by that week. Every rule that asks "started by week w" (the
ladder H14, the floors H10 and H11, the caps H12, supervision H17, the session minutes of S6)
reads that one literal, so a session's link to its introduction is a two-term implication.
Writing "started" as the sum of the intro variables up to ``w`` instead gave every session a
constraint of up to ``w`` terms: a model quadratic in the horizon (78,000 linear terms at 24
weeks and 926,000 at 104, against 43,000 and 196,000 now) whose presolve alone took most of
the solve time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models import Scenario
from models.vocabulary import GYM_KINDS, KINDS, Kind, Placement, Slot

from .calendar import Calendar, CalendarDay

Expr = cp_model.LinearExprT


@dataclass(frozen=True, eq=False)
class SessionVar:
    """One possible session: ``var`` is true when the plan holds it."""

    kind: Kind
    placement: Placement
    day: CalendarDay
    slot: Slot
    var: cp_model.IntVar

    @property
    def counted(self) -> bool:
        """Counted as a day's one session (H1) and in the weekly band (H10)."""
        return not (self.kind is Kind.PLYO and self.placement in (Placement.WARMUP,
                                                                  Placement.GYM))

    @property
    def is_gym(self) -> bool:
        return self.kind in GYM_KINDS

    @property
    def week(self) -> int:
        return self.day.week

    def __repr__(self) -> str:
        return (f"SessionVar({self.kind.value}/{self.placement.value} "
                f"{self.day.date} {self.slot.value})")


def snc_slot(day: CalendarDay) -> Slot:
    """Conditioning goes in the slot the run does not use (``pm`` on rest days).

    The guide's example week pairs an easy run with S&C; which half of the day is the
    athlete's choice, and no rule depends on it.
    """
    return Slot.AM if day.run_slot is Slot.PM else Slot.PM


def hills_slot(day: CalendarDay) -> Slot:
    """Hill sprints ride on the run (its easy running is their warm-up): the run's slot,
    or ``pm`` on a rest day."""
    return day.run_slot or Slot.PM


class Variables:
    """All session and introduction variables of one athlete, with selection helpers."""

    def __init__(self, model: cp_model.CpModel, calendar: Calendar, scenario: Scenario,
                 prefix: str = ""):
        self.model = model
        self.calendar = calendar
        self.scenario = scenario
        self.prefix = prefix
        self.sessions: list[SessionVar] = []
        self._by_day: list[list[SessionVar]] = [[] for _ in calendar.days]
        for day in calendar.days:
            self._add(Kind.SNC, Placement.STANDALONE, day, snc_slot(day))
            self._add(Kind.HILLS, Placement.STANDALONE, day, hills_slot(day))
            for slot in Slot:
                self._add(Kind.LIFT, Placement.STANDALONE, day, slot)
                self._add(Kind.POWER, Placement.STANDALONE, day, slot)
                self._add(Kind.PLYO, Placement.GYM, day, slot)
                self._add(Kind.PLYO, Placement.STANDALONE, day, slot)
            if day.run_slot is not None:
                self._add(Kind.PLYO, Placement.WARMUP, day, day.run_slot)
                self._add(Kind.PLYO, Placement.AFTER_RUN, day, day.run_slot)
        self.new_kinds: tuple[Kind, ...] = tuple(
            k for k in KINDS if not scenario.established(k))
        self.intro: dict[tuple[Kind, int], cp_model.IntVar] = {}
        for kind in self.new_kinds:
            for week in calendar.weeks:
                self.intro[kind, week.number] = model.new_bool_var(
                    f"{prefix}intro_{kind.value}_w{week.number}")
        self.started_by: dict[tuple[Kind, int], cp_model.IntVar] = {}
        """``started_by[kind, week]``: the literal :meth:`started` reads (new kinds only)."""
        for kind in self.new_kinds:
            before: Expr = 0
            for week in calendar.weeks:
                started = model.new_bool_var(f"{prefix}started_{kind.value}_w{week.number}")
                model.add(started == before + self.intro[kind, week.number])
                self.started_by[kind, week.number] = before = started

    def _add(self, kind: Kind, placement: Placement, day: CalendarDay, slot: Slot) -> None:
        name = f"{self.prefix}{kind.value}_{placement.value}_{day.date.isoformat()}_{slot.value}"
        sv = SessionVar(kind, placement, day, slot, self.model.new_bool_var(name))
        self.sessions.append(sv)
        self._by_day[day.index].append(sv)

    # -- selection -------------------------------------------------------------------------

    def select(self, *, day: int | None = None, days: Iterable[int] | None = None,
               week: int | None = None, kind: Kind | None = None,
               kinds: Iterable[Kind] | None = None, placement: Placement | None = None,
               slot: Slot | None = None, counted: bool | None = None,
               where: Callable[[SessionVar], bool] | None = None) -> list[SessionVar]:
        """Session variables matching every given filter."""
        if day is not None:
            pool: Iterable[SessionVar] = self._by_day[day]
        elif days is not None:
            pool = (sv for d in days for sv in self._by_day[d])
        elif week is not None:
            pool = (sv for d in self.calendar.week(week).days for sv in self._by_day[d])
        else:
            pool = self.sessions
        kind_set = set(kinds) if kinds is not None else None
        out = []
        for sv in pool:
            if kind is not None and sv.kind is not kind:
                continue
            if kind_set is not None and sv.kind not in kind_set:
                continue
            if placement is not None and sv.placement is not placement:
                continue
            if slot is not None and sv.slot is not slot:
                continue
            if counted is not None and sv.counted is not counted:
                continue
            if where is not None and not where(sv):
                continue
            out.append(sv)
        return out

    @staticmethod
    def total(svs: Iterable[SessionVar]) -> Expr:
        return sum((sv.var for sv in svs), 0)

    def started(self, kind: Kind, week: int) -> Expr:
        """1 when ``kind`` was introduced in week ``week`` or before (always, if established)."""
        if kind not in self.new_kinds:
            return 1
        if week < 1:
            return 0
        return self.started_by[kind, min(week, self.calendar.num_weeks)]

    def present(self, kind: Kind, day: int) -> Expr:
        """1 when the day holds a session of ``kind`` (at most one, by H1)."""
        return self.total(self.select(day=day, kind=kind))

