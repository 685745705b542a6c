"""The plan's calendar: every date from start to race day, its week, run and availability.

Definitions follow the rulebook's Vocabulary:

* **Weeks** are 7-day blocks counted from the start date (week 1 = start .. start + 6),
  whatever weekday the plan starts on. A *full week* lies wholly inside start .. race day.
* **Taper weeks** are the blocks that overlap the last 7 days before race day
  (race day - 7 .. race day - 1); the block holding race day is a taper week too.
* The **power window** (H15) is the final ``power_phase_weeks`` weeks before race day: dates on
  or after race day - 7 x ``power_phase_weeks``.
* **Phases** are shown per week and depend only on these dates and on the week ``lift`` was
  introduced: see :func:`phase_of`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from models import Scenario
from models.vocabulary import Phase, RunKind, Slot, Weekday

TAPER_DAYS = 7  # H16: no gym kind in the last 7 days before race day
TAPER_LIGHT_DAYS = 4  # H16: no hills or plyo other than warmup in the last 4 days
TAPER_REST_DAYS = 1  # H16: nothing on race day or the day before


@dataclass(frozen=True)
class CalendarDay:
    """One date of the plan, with everything the rules need to know about it."""

    index: int
    date: dt.date
    week: int
    weekday: Weekday
    run: RunKind
    run_slot: Slot | None
    available: bool
    gym_access: bool
    coach_slots: frozenset[Slot]
    days_to_race: int

    @property
    def quality(self) -> bool:
        return self.run.is_quality

    @property
    def has_run(self) -> bool:
        return self.run_slot is not None


@dataclass(frozen=True)
class Week:
    """A 7-day block of the plan (the last one may be shorter)."""

    number: int
    days: tuple[int, ...]
    full: bool
    taper: bool
    in_power_window: bool

    @property
    def first(self) -> int:
        return self.days[0]


class Calendar:
    """The dates of one scenario, indexed 0 .. n-1 from the start date."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.start = scenario.start
        self.race = scenario.race.date
        self.race_index = (self.race - self.start).days
        self.power_start = self.race - dt.timedelta(weeks=scenario.rules.power_phase_weeks)
        away = scenario.availability.unavailable_dates()
        gym_days = set(scenario.availability.gym_days)
        coach = scenario.coach
        coach_away = coach.unavailable_dates() if coach else set()
        days = []
        for i in range(self.race_index + 1):
            date = self.start + dt.timedelta(days=i)
            weekday = Weekday.of(date.weekday())
            run = scenario.run_on(date)
            coach_slots: frozenset[Slot] = frozenset()
            if coach is not None and date not in coach_away:
                coach_slots = frozenset(coach.slots.get(weekday, ()))
            days.append(CalendarDay(
                index=i, date=date, week=i // 7 + 1, weekday=weekday, run=run,
                run_slot=scenario.running.slot_on(weekday) if run.has_run else None,
                available=date not in away, gym_access=weekday in gym_days,
                coach_slots=coach_slots, days_to_race=self.race_index - i))
        self.days: tuple[CalendarDay, ...] = tuple(days)
        weeks = []
        for number in range(1, self.days[-1].week + 1):
            idx = tuple(range((number - 1) * 7, min(number * 7, len(days))))
            weeks.append(Week(
                number=number, days=idx, full=len(idx) == 7,
                taper=any(1 <= days[i].days_to_race <= TAPER_DAYS for i in idx)
                or self.race_index in idx,
                in_power_window=any(days[i].date >= self.power_start for i in idx)))
        self.weeks: tuple[Week, ...] = tuple(weeks)

    def __len__(self) -> int:
        return len(self.days)

    @property
    def num_weeks(self) -> int:
        return len(self.weeks)

    def week(self, number: int) -> Week:
        return self.weeks[number - 1]

    def next_day(self, index: int) -> CalendarDay | None:
        return self.days[index + 1] if index + 1 < len(self.days) else None

    def prev_day(self, index: int) -> CalendarDay | None:
        return self.days[index - 1] if index > 0 else None

    def before_quality(self, index: int) -> bool:
        """Whether the day after ``index`` is a quality day."""
        following = self.next_day(index)
        return following is not None and following.quality

    def in_power_window(self, index: int) -> bool:
        return self.days[index].date >= self.power_start

    def weeks_near_race(self, n_weeks: int) -> tuple[Week, ...]:
        """Weeks that overlap the last ``n_weeks`` x 7 days before race day, or hold race day
        (with ``n_weeks`` = 1, exactly the taper weeks)."""
        days = 7 * n_weeks
        return tuple(w for w in self.weeks if n_weeks > 0 and any(
            self.days[i].days_to_race <= days for i in w.days))

    @cached_property
    def banded_weeks(self) -> tuple[Week, ...]:
        """Full, non-taper weeks: the weeks H10 and H11 hold for."""
        return tuple(w for w in self.weeks if w.full and not w.taper)

    def index_of(self, date: dt.date) -> int:
        return (date - self.start).days

    def phase_of(self, week: Week, lift_from_week: int | None, power_from_week: int | None,
                 index: int | None = None) -> Phase:
        """The phase of ``week`` (of day ``index`` when given), per the rulebook's Vocabulary.

        ``race`` on race day; ``taper`` in taper weeks; ``power`` in the power window (H15)
        from the week power starts (``power_from_week``: its introduction, or 1 when power is
        established; ``None`` when the plan holds no power, so no week is labelled power
        without power work); ``strength`` from the week ``lift`` was introduced (1 when lift
        is established; ``None`` when lift never starts); ``foundation`` before that.
        """
        if index is not None and index == self.race_index:
            return Phase.RACE
        if week.taper:
            return Phase.TAPER
        if week.in_power_window and self.scenario.rules.power_phase_weeks > 0 \
                and power_from_week is not None and week.number >= power_from_week:
            return Phase.POWER
        if lift_from_week is not None and week.number >= lift_from_week:
            return Phase.STRENGTH
        return Phase.FOUNDATION
