"""The independent plan checker: every hard rule H1-H17 and the plan contract, plus a scorer.

The checker reads a finished :class:`~models.Plan` against its :class:`~models.Scenario` with
plain Python over dates. It is written apart from the CP-SAT model on purpose: it does not
import the model, its calendar or its rules, and computes weeks, taper days, the power window
and introductions itself from the rulebook (``../shared/docs/rulebook.md``), so that a bug in
one is caught by the other.

>>> from optimizer import check, solve  # doctest: +SKIP
>>> for violation in check(scenario, solve(scenario).plan):  # doctest: +SKIP
...     print(violation)  # H4 2027-04-06: lift on Tuesday, the day before ...

Every hard rule is one small function ``hN_...(ctx) -> Iterator[Violation]`` listed in
:data:`HARD_RULE_CHECKS`; every soft term one function ``sN_...(ctx) -> float`` listed in
:data:`SOFT_RULE_SCORES`. Both read a :class:`PlanFacts`, the checker's own view of the plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from models import Plan, Scenario
from models.plan import Session
from models.rulebook import RULES, SWITCHABLE_RULES, min_minutes
from models.scenario import as_scenario
from models.types import distance_metres
from models.vocabulary import GYM_KINDS, KINDS, Kind, Phase, Placement, RunKind, Slot, Weekday

ONE_DAY = dt.timedelta(days=1)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FORMAT = "format"
TAPER_DAYS = 7  # H16 and the taper weeks: the last 7 days before race day


# -- violations ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Violation:
    """One broken rule on one date, in words a coach understands.

    ``rule`` is a rulebook ID (``"H4"``) or ``"format"`` for a break of the plan contract
    (``formats.md``); ``date`` is the day concerned (for a week, its first day); ``None`` only
    for a problem that belongs to no date.
    """

    rule: str
    date: dt.date | None
    message: str

    def __str__(self) -> str:
        where = f" {self.date.isoformat()}" if self.date is not None else ""
        return f"{self.rule}{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"rule", "title", "date", "message"}``."""
        return {"rule": self.rule,
                "title": RULES.get(self.rule, "plan format"),
                "date": self.date.isoformat() if self.date is not None else None,
                "message": self.message}


def _rule_rank(rule: str) -> tuple[int, str]:
    """Rules in ID order (``format`` first, then H1, H2, ..., H10), not text order."""
    digits = rule[1:]
    return (int(digits), rule) if rule[:1] in "HS" and digits.isdigit() else (-1, rule)


def _sort_key(v: Violation) -> tuple[Any, ...]:
    return (v.date is not None, v.date or dt.date.min, _rule_rank(v.rule), v.message)


# -- words ---------------------------------------------------------------------------------------


def weekday(day: dt.date) -> str:
    """``Tuesday``."""
    return WEEKDAY_NAMES[day.weekday()]


def on(day: dt.date) -> str:
    """``Tuesday 2027-04-06``."""
    return f"{weekday(day)} {day.isoformat()}"


RUN_NOUNS = {RunKind.REST: "rest day", RunKind.EASY: "easy run", RunKind.WORKOUT: "workout",
             RunKind.LONG: "long run", RunKind.RACE: "race"}
RUN_DAYS = {RunKind.REST: "a rest day", RunKind.EASY: "an easy day",
            RunKind.WORKOUT: "a workout day", RunKind.LONG: "a long-run day",
            RunKind.RACE: "a race day"}


def plural(n: int, word: str) -> str:
    """``1 week``, ``2 weeks``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def what(session: Session) -> str:
    """``lift (pm)``, ``plyo placed warmup (am)``: a session as the plan names it."""
    placed = f" placed {session.placement.value}" if session.kind is Kind.PLYO else ""
    return f"{session.kind.value}{placed} ({session.slot.value})"


# -- the checker's own view of the plan ----------------------------------------------------------


class PlanFacts:
    """Dates, weeks, run kinds and sessions of one plan, computed from the scenario alone.

    Days are ``start .. race day``; day index ``i = (date - start).days``; week ``i // 7 + 1``.
    Sessions are read from the plan's days that fall on those dates (the first day of a
    repeated date); days outside them are the ``format`` check's business only.
    """

    def __init__(self, scenario: Scenario, plan: Plan):
        self.scenario = scenario
        self.plan = plan
        self.rules = scenario.rules
        self.start = scenario.start
        self.race = scenario.race.date
        count = max(0, (self.race - self.start).days + 1)
        self.dates: tuple[dt.date, ...] = tuple(self.start + i * ONE_DAY for i in range(count))
        self.n_weeks = (count + 6) // 7
        by_date: dict[dt.date, tuple[Session, ...]] = {}
        for day in plan.days:
            if self.start <= day.date <= self.race and day.date not in by_date:
                by_date[day.date] = tuple(day.sessions)
        self._sessions = by_date
        self.intro: dict[Kind, dt.date] = {}
        for day, session in self.sessions():
            if self.is_new(session.kind):
                self.intro.setdefault(session.kind, day)
        self.away = scenario.availability.unavailable_dates() | replan_away(plan)

    # days

    def in_plan(self, day: dt.date) -> bool:
        return self.start <= day <= self.race

    def on(self, day: dt.date) -> tuple[Session, ...]:
        """The sessions on ``day`` (none outside the plan)."""
        return self._sessions.get(day, ())

    def sessions(self) -> Iterator[tuple[dt.date, Session]]:
        """Every session of the plan with its date, in date order."""
        for day in self.dates:
            for session in self.on(day):
                yield day, session

    def run(self, day: dt.date) -> RunKind:
        """The scenario's run kind (race day is ``race``; overrides; the weekly template)."""
        return self.scenario.run_on(day)

    def run_slot(self, day: dt.date) -> Slot | None:
        """The run's slot on a day with a run; ``None`` on a rest day."""
        if not self.run(day).has_run:
            return None
        return self.scenario.running.slot_on(Weekday.of(day.weekday()))

    def quality(self, day: dt.date) -> bool:
        """A ``workout``, ``long`` or ``race`` day inside the plan."""
        return self.in_plan(day) and self.run(day).is_quality

    def days_to_race(self, day: dt.date) -> int:
        return (self.race - day).days

    def has(self, day: dt.date, kinds: Iterable[Kind]) -> bool:
        wanted = set(kinds)
        return any(s.kind in wanted for s in self.on(day))

    def day_pairs(self, first: Iterable[Kind],
                  then: Iterable[Kind]) -> Iterator[tuple[dt.date, dt.date]]:
        """Consecutive days ``(before, day)`` of the plan, ``before`` holding one of ``first``
        and ``day`` one of ``then``."""
        kinds_before, kinds_after = set(first), set(then)
        for before, day in pairwise(self.dates):
            if self.has(before, kinds_before) and self.has(day, kinds_after):
                yield before, day

    # weeks

    def week(self, day: dt.date) -> int:
        return (day - self.start).days // 7 + 1

    def week_dates(self, week: int) -> list[dt.date]:
        first = (week - 1) * 7
        return list(self.dates[first:first + 7])

    def weeks(self) -> range:
        return range(1, self.n_weeks + 1)

    def full(self, week: int) -> bool:
        """A week wholly inside start .. race day."""
        return len(self.week_dates(week)) == 7

    def taper(self, week: int) -> bool:
        """A week overlapping the last 7 days before race day, or holding race day."""
        return any(1 <= self.days_to_race(d) <= TAPER_DAYS or d == self.race
                   for d in self.week_dates(week))

    def banded(self, week: int) -> bool:
        """A full week outside the taper: the weeks H10 and H11 govern."""
        return self.full(week) and not self.taper(week)

    def week_name(self, week: int) -> str:
        """``week 2 (from Monday 2027-01-11)``: weeks count from the start, whatever weekday."""
        return f"week {week} (from {on(self.week_dates(week)[0])})"

    def week_sessions(self, week: int) -> list[tuple[dt.date, Session]]:
        return [(d, s) for d in self.week_dates(week) for s in self.on(d)]

    def count(self, week: int, *kinds: Kind) -> int:
        return sum(1 for _, s in self.week_sessions(week) if s.kind in kinds)

    # progression

    def is_new(self, kind: Kind) -> bool:
        return not self.scenario.established(kind)

    def intro_week(self, kind: Kind) -> int | None:
        """The week of a new kind's first session; ``None`` if established or never held."""
        day = self.intro.get(kind)
        return None if day is None else self.week(day)

    def started(self, kind: Kind, week: int) -> bool:
        """``kind`` is established, or was introduced in or before ``week``."""
        intro = self.intro_week(kind)
        return not self.is_new(kind) or (intro is not None and week >= intro)


def replan_away(plan: Plan) -> set[dt.date]:
    """Dates away that training logs added to a replanned plan (``replan.unavailable``):
    facts about the athlete, like the scenario's own."""
    if plan.replan is None:
        return set()
    return {d for span in plan.replan.unavailable for d in span.dates()}


# -- hard rules ----------------------------------------------------------------------------------

HardCheck = Callable[[PlanFacts], Iterator[Violation]]


def h1_one_session_a_day(ctx: PlanFacts) -> Iterator[Violation]:
    """H1 one strength session a day [guide, "How to Build it Up"]: at most one counted session
    and one plyo a day; plyo placed ``gym`` rides on a gym session in its slot, ``after-run``
    on an easy run in its slot, ``warmup`` in the run's slot."""
    for day in ctx.dates:
        sessions = ctx.on(day)
        counted = [s for s in sessions if s.counted]
        if len(counted) > 1:
            yield Violation("H1", day, f"{len(counted)} strength sessions on {weekday(day)} "
                            f"({', '.join(what(s) for s in counted)}); one a day, leaving space "
                            "between strength sessions")
        plyo = [s for s in sessions if s.kind is Kind.PLYO]
        if len(plyo) > 1:
            yield Violation("H1", day, f"{len(plyo)} plyo sessions on {weekday(day)}; "
                            "at most one plyo a day, in any placement")
        for s in plyo:
            yield from _h1_plyo_placement(ctx, day, s)


def _h1_plyo_placement(ctx: PlanFacts, day: dt.date, s: Session) -> Iterator[Violation]:
    run, run_slot = ctx.run(day), ctx.run_slot(day)
    if s.placement is Placement.GYM and not any(
            g.kind in GYM_KINDS and g.slot is s.slot for g in ctx.on(day)):
        yield Violation("H1", day, f"{what(s)} on {weekday(day)} has no lift or power session "
                        f"in the {s.slot.value} slot to end; gym-placed plyo belongs to a gym "
                        "session")
    elif s.placement is Placement.AFTER_RUN and run is not RunKind.EASY:
        yield Violation("H1", day, f"{what(s)} on {weekday(day)}, {RUN_DAYS[run]}; "
                        "after-run plyo ends an easy run")
    elif s.placement is Placement.AFTER_RUN and s.slot is not run_slot:
        yield Violation("H1", day, f"{what(s)} on {weekday(day)}, but the easy run is in the "
                        f"{run_slot} slot; after-run plyo goes with the run")
    elif (s.placement is Placement.WARMUP and run_slot is not None
          and s.slot is not run_slot):
        yield Violation("H1", day, f"{what(s)} on {weekday(day)}, but the {RUN_NOUNS[run]} is "
                        f"in the {run_slot} slot; warm-up plyo goes inside the run's warm-up")
    elif s.placement is Placement.STANDALONE and s.slot is run_slot:
        yield Violation("H1", day, f"{what(s)} on {weekday(day)} in the {run_slot.value} slot "
                        f"with the {RUN_NOUNS[run]}; a standalone plyo session takes the "
                        "other slot")


def h2_run_first(ctx: PlanFacts) -> Iterator[Violation]:
    """H2 run first, lift later [guide, "Best Days" and FAQ 3]: on a run day a gym session
    comes only in a slot after the run; on a quality day only with ``double_days``."""
    for day in ctx.dates:
        run_slot = ctx.run_slot(day)
        if run_slot is None:
            continue
        for s in ctx.on(day):
            if s.kind not in GYM_KINDS:
                continue
            if run_slot is Slot.PM or s.slot is Slot.AM:
                yield Violation("H2", day, f"{what(s)} on {weekday(day)} with the "
                                f"{RUN_NOUNS[ctx.run(day)]} in the {run_slot.value} slot; "
                                "run first, lift later in the day")
            if ctx.quality(day) and not ctx.scenario.athlete.double_days:
                yield Violation("H2", day, f"{what(s)} on {weekday(day)}, "
                                f"{RUN_DAYS[ctx.run(day)]}; a gym session on a quality day "
                                "needs double days, which this athlete does not allow")


def h3_lift_late_enough(ctx: PlanFacts) -> Iterator[Violation]:
    """H3 lift late enough [guide, FAQ 3: at least 3 h after waking]: a gym session in the
    ``am`` slot only on a day without a run, and only with ``late_mornings``."""
    late = ctx.scenario.athlete.late_mornings
    for day in ctx.dates:
        for s in ctx.on(day):
            if s.kind not in GYM_KINDS or s.slot is not Slot.AM:
                continue
            if ctx.run_slot(day) is not None:
                yield Violation("H3", day, f"{what(s)} on {weekday(day)}, "
                                f"{RUN_DAYS[ctx.run(day)]}; morning lifting only on a day "
                                "without a run")
            elif not late:
                yield Violation("H3", day, f"{what(s)} on {weekday(day)}, a morning without a run; "
                                "lift at least 3 h after waking, and this athlete's mornings "
                                "are not marked late")


def h4_no_gym_before_quality(ctx: PlanFacts) -> Iterator[Violation]:
    """H4 no gym the day before quality [guide, "Best Days": lifting may cost an easy run,
    never an important workout]."""
    for day in ctx.dates:
        after = day + ONE_DAY
        if not ctx.quality(after):
            continue
        for s in ctx.on(day):
            if s.kind in GYM_KINDS:
                yield Violation("H4", day, f"{s.kind.value} on {weekday(day)}, the day before "
                                f"{weekday(after)}'s {RUN_NOUNS[ctx.run(after)]}; no gym the day "
                                "before a quality day")


def h5_no_snc_after_gym(ctx: PlanFacts) -> Iterator[Violation]:
    """H5 no conditioning after lifting [guide, "How to Build it Up"]; as the project writes it
    down, the day after a gym session holds no snc, no gym session and no hill sprints."""
    hard = (Kind.SNC, Kind.LIFT, Kind.POWER, Kind.HILLS)
    for before, day in ctx.day_pairs(GYM_KINDS, hard):
        kinds = ", ".join(s.kind.value for s in ctx.on(day) if s.kind in hard)
        yield Violation("H5", day, f"{kinds} on {weekday(day)}, the day after "
                        f"{weekday(before)}'s gym session; the muscles are still recovering "
                        "from lifting")


def h6_no_plyo_two_days_running(ctx: PlanFacts) -> Iterator[Violation]:
    """H6 no plyo two days running [guide, "How to Build it Up"]."""
    for before, day in ctx.day_pairs([Kind.PLYO], [Kind.PLYO]):
        yield Violation("H6", day, f"plyo on {weekday(before)} and again on {weekday(day)}; "
                        "no plyo two days running")


def h7_quality_days_clean(ctx: PlanFacts) -> Iterator[Violation]:
    """H7 quality days stay clean [guide, example week]: a workout or long-run day holds only
    plyo placed ``warmup`` and lift or power sessions (H2 decides when) with the plyo placed
    ``gym`` that belongs to them (H1 checks it has one); a race day holds nothing; warm-up plyo
    only on a workout or long-run day."""
    for day in ctx.dates:
        run = ctx.run(day)
        for s in ctx.on(day):
            if run is RunKind.RACE:
                yield Violation("H7", day, f"{what(s)} on {weekday(day)}, a race day; "
                                "nothing but the race that day")
            elif run.is_quality and not (s.kind in GYM_KINDS or s.placement in (
                    Placement.WARMUP, Placement.GYM)):
                yield Violation("H7", day, f"{what(s)} on {weekday(day)}, {RUN_DAYS[run]}; "
                                "a quality day carries no strength session but warm-up plyo "
                                "or a pm gym session")
            elif not run.is_quality and s.placement is Placement.WARMUP:
                yield Violation("H7", day, f"{what(s)} on {weekday(day)}, {RUN_DAYS[run]}; "
                                "warm-up plyo belongs inside a workout or long run")


def h8_hills_hard(ctx: PlanFacts) -> Iterator[Violation]:
    """H8 hills are a hard session [default]: only on an easy or rest day, never the day
    before a quality day or a gym session, at most once a week."""
    for day in ctx.dates:
        if not ctx.has(day, [Kind.HILLS]):
            continue
        run, after = ctx.run(day), day + ONE_DAY
        if run not in (RunKind.EASY, RunKind.REST):
            yield Violation("H8", day, f"hills on {weekday(day)}, {RUN_DAYS[run]}; hill "
                            "sprints only on an easy or rest day")
        if ctx.quality(after):
            yield Violation("H8", day, f"hills on {weekday(day)}, the day before "
                            f"{weekday(after)}'s {RUN_NOUNS[ctx.run(after)]}; hill sprints are a "
                            "hard session")
        if ctx.has(after, GYM_KINDS):
            yield Violation("H8", day, f"hills on {weekday(day)}, the day before "
                            f"{weekday(after)}'s gym session; hill sprints and lifting are "
                            "not done on consecutive days")
    for week in ctx.weeks():
        if (n := ctx.count(week, Kind.HILLS)) > 1:
            yield Violation("H8", ctx.week_dates(week)[0], f"{n} hill sessions in "
                            f"{ctx.week_name(week)}; at most one a week")


def h9_availability(ctx: PlanFacts) -> Iterator[Violation]:
    """H9 availability [default]: nothing on dates away, gym kinds on gym days, hills where a
    hill is, the daily minutes budget, each kind's minimum length."""
    avail = ctx.scenario.availability
    for day in ctx.dates:
        sessions = ctx.on(day)
        if sessions and day in ctx.away:
            yield Violation("H9", day, f"{', '.join(what(s) for s in sessions)} on "
                            f"{weekday(day)}, a date the athlete is away")
        for s in sessions:
            if s.kind in GYM_KINDS and Weekday.of(day.weekday()) not in avail.gym_days:
                yield Violation("H9", day, f"{s.kind.value} on {weekday(day)}, a day without "
                                "gym access")
            if s.kind is Kind.HILLS and not avail.hill_access:
                yield Violation("H9", day, f"hills on {weekday(day)}, but the athlete has no "
                                "hill")
            least = min_minutes(s.kind.value, s.placement.value)
            if s.minutes < least:
                yield Violation("H9", day, f"{what(s)} on {weekday(day)} lasts {s.minutes} min; "
                                f"it needs at least {least} min")
        total = sum(s.minutes for s in sessions)
        if total > avail.daily_strength_minutes:
            yield Violation("H9", day, f"{total} min of strength work on {weekday(day)}; the "
                            f"athlete has {avail.daily_strength_minutes} min a day")


def h10_weekly_band(ctx: PlanFacts) -> Iterator[Violation]:
    """H10 weekly band [guide, FAQ 1]: at most 4 counted sessions in any week; at least 2 in
    every full, non-taper week once strength has started, the floor dropping to the days
    available without a quality run."""
    started_week = min((ctx.week(d) for d in ctx.intro.values()), default=None)
    any_established = bool(ctx.scenario.athlete.established)
    for week in ctx.weeks():
        dates = ctx.week_dates(week)
        counted = sum(1 for _, s in ctx.week_sessions(week) if s.counted)
        if counted > 4:
            yield Violation("H10", dates[0], f"{counted} strength sessions in "
                            f"{ctx.week_name(week)}; at most 4 a week")
        if not ctx.banded(week):
            continue
        started = any_established or (started_week is not None and week >= started_week)
        free = sum(1 for d in dates if d not in ctx.away and not ctx.quality(d))
        floor = min(2, free)
        if started and counted < floor:
            yield Violation("H10", dates[0], f"{plural(counted, 'strength session')} in "
                            f"{ctx.week_name(week)}; at least {floor} once strength training "
                            "has started")


def h11_lift_every_week(ctx: PlanFacts) -> Iterator[Violation]:
    """H11 lift every week [guide, FAQ 1]: once lift has started, every full non-taper week
    holds a lift or power session, unless the athlete is away on all its gym-access days."""
    gym_days = ctx.scenario.availability.gym_days
    for week in ctx.weeks():
        if not ctx.banded(week) or not ctx.started(Kind.LIFT, week):
            continue
        if ctx.count(week, Kind.LIFT, Kind.POWER):
            continue
        dates = ctx.week_dates(week)
        access = [d for d in dates if Weekday.of(d.weekday()) in gym_days]
        if access and all(d in ctx.away for d in access):
            continue
        yield Violation("H11", dates[0], f"no lift or power session in {ctx.week_name(week)}; "
                        "at least one gym session every week once lifting has started")


def h12_weekly_caps(ctx: PlanFacts) -> Iterator[Violation]:
    """H12 caps [guide]: lift once a week for the first ``single_lift_weeks`` weeks, then up
    to ``max_lifts_per_week``; caps on snc, plyo, power and all gym sessions."""
    r = ctx.rules
    lift_intro = ctx.intro_week(Kind.LIFT)
    for week in ctx.weeks():
        single = (ctx.is_new(Kind.LIFT) and lift_intro is not None
                  and week < lift_intro + r.single_lift_weeks)
        caps = [(Kind.LIFT.value, (Kind.LIFT,), 1 if single else r.max_lifts_per_week),
                ("snc", (Kind.SNC,), r.max_snc_per_week),
                ("plyo", (Kind.PLYO,), r.max_plyo_per_week),
                ("power", (Kind.POWER,), r.max_power_per_week),
                ("gym (lift and power)", (Kind.LIFT, Kind.POWER),
                 r.max_lifts_per_week if r.max_gym_per_week is None else r.max_gym_per_week)]
        for label, kinds, cap in caps:
            if (n := ctx.count(week, *kinds)) > cap:
                why = (f" while lifting is new (its first {r.single_lift_weeks} weeks)"
                       if single and kinds == (Kind.LIFT,) else "")
                yield Violation("H12", ctx.week_dates(week)[0],
                                f"{plural(n, label + ' session')} in {ctx.week_name(week)}; "
                                f"at most {cap} a week{why}")


def h13_one_new_kind_at_a_time(ctx: PlanFacts) -> Iterator[Violation]:
    """H13 one new kind at a time [guide, "Balancing"]: introductions at least
    ``intro_gap_weeks`` weeks apart, and none in a week that overlaps the last
    ``no_new_kinds_weeks`` x 7 days before race day."""
    gap = ctx.rules.intro_gap_weeks
    late = 7 * ctx.rules.no_new_kinds_weeks
    intros = sorted(ctx.intro.items(), key=lambda item: item[1])
    for kind, day in intros:
        if late and any(ctx.days_to_race(d) <= late for d in ctx.week_dates(ctx.week(day))):
            yield Violation("H13", day, f"{kind.value} starts on {on(day)}, in a week within "
                            f"{plural(ctx.rules.no_new_kinds_weeks, 'week')} of the race; "
                            "nothing new close to race day")
    for i, (first, first_day) in enumerate(intros):
        for second, second_day in intros[i + 1:]:
            apart = ctx.week(second_day) - ctx.week(first_day)
            if apart < gap:
                yield Violation("H13", second_day, f"{second.value} starts on "
                                f"{on(second_day)}, {plural(apart, 'week')} after "
                                f"{first.value} started; new kinds come at least "
                                f"{plural(gap, 'week')} apart")


def h14_the_ladder(ctx: PlanFacts) -> Iterator[Violation]:
    """H14 the ladder [guide, "How to Build it Up"]: snc before lift, lift before power, snc
    before hills, gym-placed plyo before any other plyo."""
    r = ctx.rules
    yield from _h14_after(ctx, Kind.LIFT, Kind.SNC, max(r.snc_weeks_before_lift, 1))
    yield from _h14_after(ctx, Kind.POWER, Kind.LIFT, max(r.lift_weeks_before_power, 1))
    yield from _h14_after(ctx, Kind.HILLS, Kind.SNC, 1)
    plyo_intro = ctx.intro_week(Kind.PLYO)
    if not ctx.is_new(Kind.PLYO) or r.plyo_gym_weeks <= 0 or plyo_intro is None:
        return
    for day, s in ctx.sessions():
        week = ctx.week(day)
        if s.kind is Kind.PLYO and s.placement is not Placement.GYM \
                and plyo_intro > week - r.plyo_gym_weeks:
            yield Violation("H14", day, f"{what(s)} on {weekday(day)} in week {week}, but plyo "
                            f"started in week {plyo_intro}; plyo stays at the end of gym "
                            f"sessions for {plural(r.plyo_gym_weeks, 'week')} first")


def _h14_after(ctx: PlanFacts, kind: Kind, before: Kind, weeks: int) -> Iterator[Violation]:
    """A new ``kind`` starts at least ``weeks`` weeks after a new ``before`` started."""
    day = ctx.intro.get(kind)
    if day is None or not ctx.is_new(before):
        return
    earlier, week = ctx.intro_week(before), ctx.week(day)
    if earlier is not None and week >= earlier + weeks:
        return
    since = (f"{before.value} only since week {earlier}" if earlier is not None and week >= earlier
             else f"no {before.value} session before it")
    yield Violation("H14", day, f"{kind.value} starts on {on(day)} (week {week}) with {since}; "
                    f"{plural(weeks, 'week')} of {before.value} must come first")


def h15_power_phase(ctx: PlanFacts) -> Iterator[Violation]:
    """H15 power phase [guide, "Power training": the last 2-3 months before the race]."""
    weeks = ctx.rules.power_phase_weeks
    opens = ctx.race - dt.timedelta(weeks=weeks)
    for day, s in ctx.sessions():
        if s.kind is not Kind.POWER:
            continue
        if weeks == 0:
            yield Violation("H15", day, f"power on {weekday(day)}, but this scenario has no "
                            "power phase")
        elif day < opens:
            yield Violation("H15", day, f"power on {weekday(day)}, before the power phase "
                            f"opens on {on(opens)} ({plural(weeks, 'week')} before race day)")


def h16_taper(ctx: PlanFacts) -> Iterator[Violation]:
    """H16 taper [default]: no gym in the last 7 days, no hills or plyo but warm-up plyo in
    the last 4, nothing on race day or the day before; as the project writes it down, at most
    2 counted sessions in the last 7 days, and no gym or hills in the 2 days before or the day
    after a tune-up race."""
    last_week = [(d, s) for d, s in ctx.sessions()
                 if 1 <= ctx.days_to_race(d) <= TAPER_DAYS and s.counted]
    if len(last_week) > 2:
        yield Violation("H16", last_week[0][0], f"{len(last_week)} strength sessions in the "
                        "last 7 days before the race; at most 2 light ones in the taper")
    for race in ctx.dates:
        if ctx.run(race) is not RunKind.RACE or race == ctx.race:
            continue
        for offset in (-2, -1, 1):
            day = race + offset * ONE_DAY
            for s in ctx.on(day):
                if s.kind in (*GYM_KINDS, Kind.HILLS):
                    when = "the day after" if offset > 0 else f"{-offset} day" + \
                        ("s" if offset < -1 else "") + " before"
                    yield Violation("H16", day, f"{s.kind.value} on {weekday(day)}, {when} "
                                    f"the tune-up race on {on(race)}; no gym or hill sprints "
                                    "around a race")
    for day, s in ctx.sessions():
        left = ctx.days_to_race(day)
        if left <= 1:
            yield Violation("H16", day, f"{what(s)} on {weekday(day)}, {_before_race(left)}; "
                            "nothing on race day or the day before")
        elif left <= 4 and (s.kind is Kind.HILLS or s.kind is Kind.PLYO
                            and s.placement is not Placement.WARMUP):
            yield Violation("H16", day, f"{what(s)} on {weekday(day)}, {_before_race(left)}; "
                            "no hills or plyo but warm-up drills in the last 4 days")
        elif left <= TAPER_DAYS and s.kind in GYM_KINDS:
            yield Violation("H16", day, f"{s.kind.value} on {weekday(day)}, "
                            f"{_before_race(left)}; no gym in the last 7 days before the race")


def _before_race(days: int) -> str:
    return {0: "race day", 1: "the day before the race"}.get(days, f"{days} days before "
                                                                    "the race")


def h17_supervision(ctx: PlanFacts) -> Iterator[Violation]:
    """H17 supervision [guide, FAQ 7]: the first ``supervised_weeks`` weeks of new lift, power
    and plyo fall in the coach's slots and are marked supervised. Off without a coach slot."""
    coach = ctx.scenario.coach
    if coach is None or not any(coach.slots.values()):
        return
    weeks = ctx.rules.supervised_weeks
    for day, s in ctx.sessions():
        intro = ctx.intro_week(s.kind)
        if s.kind not in (Kind.LIFT, Kind.POWER, Kind.PLYO) or intro is None \
                or ctx.week(day) >= intro + weeks:
            continue
        first = f"{what(s)} on {weekday(day)}, in the first {plural(weeks, 'week')} of "
        if not coach.has_slot(day, s.slot):
            yield Violation("H17", day, f"{first}{s.kind.value}, when no coach is available; "
                            "a coach watches the first weeks")
        elif not s.supervised:
            yield Violation("H17", day, f"{first}{s.kind.value}, is not marked supervised; "
                            "a coach watches the first weeks")


# -- the plan contract ---------------------------------------------------------------------------


def plan_format(ctx: PlanFacts) -> Iterator[Violation]:
    """The plan contract (``formats.md``): race, dates, run kinds, weeks, run slots,
    introductions and phases agree with the scenario."""
    plan, sc = ctx.plan, ctx.scenario
    if plan.race.date != ctx.race:
        yield Violation(FORMAT, plan.race.date, f"the plan races on {on(plan.race.date)}, the "
                        f"scenario on {on(ctx.race)}")
    if distance_metres(plan.race.distance) != sc.race.metres:
        yield Violation(FORMAT, ctx.race, f"the plan's race distance is {plan.race.distance}, the "
                        f"scenario's {sc.race.distance}")
    yield from _format_dates(ctx)
    seen: set[dt.date] = set()
    for day in plan.days:
        if ctx.in_plan(day.date) and day.date not in seen:
            seen.add(day.date)
            yield from _format_day(ctx, day)
    yield from _format_introductions(ctx)


def _format_dates(ctx: PlanFacts) -> Iterator[Violation]:
    got = [d.date for d in ctx.plan.days]
    if got == list(ctx.dates):
        return
    present = set(got)
    missing = [d for d in ctx.dates if d not in present]
    extra = sorted({d for d in got if not ctx.in_plan(d)})
    if missing:
        yield Violation(FORMAT, missing[0], f"{plural(len(missing), 'date')} of the plan "
                        f"missing ({_span(missing)}); days run from "
                        f"{on(ctx.start)} to race day {on(ctx.race)}")
    if extra:
        yield Violation(FORMAT, extra[0], f"{plural(len(extra), 'date')} "
                        f"outside the plan ({_span(extra)}); days run from {on(ctx.start)} to "
                        f"race day {on(ctx.race)}")
    if not missing and not extra:
        yield Violation(FORMAT, None, "the days are not every date from start to race day "
                        "once and in order")


def _span(days: list[dt.date]) -> str:
    return days[0].isoformat() if len(days) == 1 else f"{days[0]}..{days[-1]}"


def _format_day(ctx: PlanFacts, day: Any) -> Iterator[Violation]:
    d = day.date
    run, week, slot = ctx.run(d), ctx.week(d), ctx.run_slot(d)
    if day.run != run:
        yield Violation(FORMAT, d, f"{weekday(d)} shows the run as {_value(day.run)}; the "
                        f"scenario's running plan has {run.value}")
    if day.week != week:
        yield Violation(FORMAT, d, f"{weekday(d)} is numbered week {day.week}; it is in week "
                        f"{week} counted from the start")
    if slot is not None and day.run_slot != slot:
        shown = ("no slot for the run" if day.run_slot is None
                 else f"the run in the {_value(day.run_slot)} slot")
        yield Violation(FORMAT, d, f"{weekday(d)} shows {shown}; the scenario runs it "
                        f"{slot.value}")
    if _value(day.phase) not in {p.value for p in Phase}:
        yield Violation(FORMAT, d, f"{weekday(d)} has phase {day.phase!r}; one of "
                        f"{', '.join(p.value for p in Phase)} was expected")


def _value(x: Any) -> str:
    return str(getattr(x, "value", x))


def _format_introductions(ctx: PlanFacts) -> Iterator[Violation]:
    given = ctx.plan.introductions
    if not given:
        return
    for kind in KINDS:
        want, got = ctx.intro.get(kind), given.get(kind)
        if want == got:
            continue
        if got is None:
            text = f"introductions leave out {kind.value}, first held on {on(want)}"
        elif not ctx.is_new(kind):
            text = f"introductions list {kind.value} on {got}, but it is established"
        elif want is None:
            text = f"introductions list {kind.value} on {got}, but the plan never holds it"
        else:
            text = f"introductions list {kind.value} on {got}; its first session is on {on(want)}"
        yield Violation(FORMAT, want or got, text)


# -- the registry and the entry point ------------------------------------------------------------

HARD_RULE_CHECKS: dict[str, HardCheck] = {
    "H1": h1_one_session_a_day,
    "H2": h2_run_first,
    "H3": h3_lift_late_enough,
    "H4": h4_no_gym_before_quality,
    "H5": h5_no_snc_after_gym,
    "H6": h6_no_plyo_two_days_running,
    "H7": h7_quality_days_clean,
    "H8": h8_hills_hard,
    "H9": h9_availability,
    "H10": h10_weekly_band,
    "H11": h11_lift_every_week,
    "H12": h12_weekly_caps,
    "H13": h13_one_new_kind_at_a_time,
    "H14": h14_the_ladder,
    "H15": h15_power_phase,
    "H16": h16_taper,
    "H17": h17_supervision,
}
"""Hard rules in ID order; ``H8`` and ``H16`` are skipped when the scenario disables them."""


def _plan_of(plan: Any) -> Plan:
    """A :class:`Plan`, or the ``.plan`` of a result object such as ``SolveResult``."""
    if isinstance(plan, Plan):
        return plan
    inner = getattr(plan, "plan", None)
    if isinstance(inner, Plan):
        return inner
    if hasattr(plan, "plan"):
        status = getattr(plan, "status", "no status")
        raise ValueError(f"there is no plan to check (solver status {status})")
    raise TypeError(f"a Plan or a result with a .plan was expected, got {type(plan).__name__}")


def _other_scenario(scenario: Scenario, plan: Plan) -> Violation | None:
    """One ``format`` violation when ``plan`` starts or races on other dates than
    ``scenario``: it was made for another scenario, and checking it day by day would bury
    that in hundreds of lines about runs that differ."""
    if not plan.days or (plan.start == scenario.start and plan.race.date == scenario.race.date):
        return None
    return Violation(FORMAT, None, f"the plan runs from {plan.start} to a race on "
                     f"{plan.race.date}, the scenario from {scenario.start} to a race on "
                     f"{scenario.race.date}: a plan of another scenario? (nothing else was "
                     "checked)")


def check(scenario: Scenario, plan: Plan | Any) -> list[Violation]:
    """Every violation of H1-H17 and of the plan contract, sorted by date then rule ID.

    ``plan`` is a :class:`~models.Plan` or an object with a ``.plan`` (``SolveResult``).
    Returns ``[]`` for a plan that keeps every rule. Rules in ``scenario.rules.disable`` are
    not checked. A plan made for other dates gets one ``format`` violation saying so.
    """
    scenario, plan = as_scenario(scenario), _plan_of(plan)
    other = _other_scenario(scenario, plan)
    if other is not None:
        return [other]
    facts = PlanFacts(scenario, plan)
    off = set(scenario.rules.disable) & set(SWITCHABLE_RULES)
    found = list(plan_format(facts))
    for rule_id, rule in HARD_RULE_CHECKS.items():
        if rule_id not in off:
            found.extend(rule(facts))
    return sorted(found, key=_sort_key)


def split_logged(plan: Plan, violations: list[Violation]) -> tuple[list[Violation],
                                                                   list[Violation]]:
    """``(open, logged)``: the violations of a replanned plan dated before its replan date
    (``replan.since``) are *logged* — the training log says they happened, and no plan can
    change them now; the rest are the plan's own. A plan that was not replanned has no
    logged violations."""
    since = plan.replan.since if plan.replan is not None else None
    logged = [v for v in violations
              if since is not None and v.date is not None and v.date < since]
    return [v for v in violations if v not in logged], logged


# -- soft terms ----------------------------------------------------------------------------------

SoftScore = Callable[[PlanFacts], float]

STIMULUS = {Kind.LIFT: 5.0, Kind.POWER: 4.0, Kind.SNC: 2.0, Kind.PLYO: 3.0, Kind.HILLS: 3.0}


POWER_FACTORS = ((5000, 1.5), (10000, 1.25), (21098, 1.0))
"""S1: (longest race in metres, multiplier of power's points); 0.75 beyond the half."""


def power_factor(metres: int) -> float:
    """S1: power matters more the shorter the race (:data:`POWER_FACTORS`)."""
    return next((factor for longest, factor in POWER_FACTORS if metres <= longest), 0.75)


def s1_stimulus(ctx: PlanFacts) -> float:
    """S1 stimulus [guide, "Types"]: points per session by kind (power scaled by distance)."""
    factor = power_factor(ctx.scenario.race.metres)
    return sum(STIMULUS[s.kind] * (factor if s.kind is Kind.POWER else 1.0)
               for _, s in ctx.sessions())


def s2_interference(ctx: PlanFacts) -> float:
    """S2 interference [guide, "Balancing"]: -1 per gym session two days before quality."""
    return -float(sum(1 for d, s in ctx.sessions()
                      if s.kind in GYM_KINDS and ctx.quality(d + 2 * ONE_DAY)))


def s3_favourite_slot(ctx: PlanFacts) -> float:
    """S3 the guide's favourite slot ["Best Days", option 2]: +2 per gym session the day after
    quality with an easy or rest day next."""
    def favourite(d: dt.date) -> bool:
        after = d + ONE_DAY
        return (ctx.quality(d - ONE_DAY) and ctx.in_plan(after)
                and ctx.run(after) in (RunKind.EASY, RunKind.REST))
    return 2.0 * sum(1 for d, s in ctx.sessions() if s.kind in GYM_KINDS and favourite(d))


def s4_routine(ctx: PlanFacts) -> float:
    """S4 routine [default]: -1 per kind and pair of consecutive full weeks holding it on a
    different set of weekdays (starting or stopping is no change)."""
    def positions(week: int, kind: Kind) -> frozenset[int]:
        return frozenset(i for i, d in enumerate(ctx.week_dates(week)) if ctx.has(d, [kind]))
    changes = 0
    for week in ctx.weeks():
        if not (ctx.full(week) and ctx.full(week + 1)):
            continue
        for kind in KINDS:
            this, nxt = positions(week, kind), positions(week + 1, kind)
            changes += bool(this and nxt and this != nxt)
    return -float(changes)


def s5_spread(ctx: PlanFacts) -> float:
    """S5 spread [guide, S&C tip 1]: -1 per pair of consecutive days both holding snc."""
    return -float(sum(1 for _ in ctx.day_pairs([Kind.SNC], [Kind.SNC])))


S6_FREE_PERCENT = 125  # a week may hold up to 125 % of the previous week's minutes
S6_STEP_PERCENT = 10   # then 2 points for every started 10 % beyond
S6_MAX_STEPS = 10


def s6_progression(ctx: PlanFacts) -> float:
    """S6 progression: for consecutive full weeks, when the earlier week holds any strength
    minutes and the later week more than 125 % of them, -2 for every started 10 % beyond
    (at most 10 steps). Minutes are the sessions' own ``minutes``, every placement counted."""
    total = 0.0
    for week in ctx.weeks():
        if week == 1 or not (ctx.full(week) and ctx.full(week - 1)):
            continue
        previous = sum(s.minutes for _, s in ctx.week_sessions(week - 1))
        current = sum(s.minutes for _, s in ctx.week_sessions(week))
        if previous <= 0:
            continue
        steps = sum(1 for j in range(S6_MAX_STEPS)
                    if 100 * current > (S6_FREE_PERCENT + S6_STEP_PERCENT * j) * previous)
        total -= 2 * steps
    return total


SOFT_RULE_SCORES: dict[str, SoftScore] = {
    "S1": s1_stimulus,
    "S2": s2_interference,
    "S3": s3_favourite_slot,
    "S4": s4_routine,
    "S5": s5_spread,
    "S6": s6_progression,
}
"""Soft terms in ID order; each returns raw points before the scenario's weight."""


def evaluate_score(scenario: Scenario, plan: Plan | Any) -> dict[str, float]:
    """The plan's score per soft term, in rulebook points after ``scenario.weights``,
    rounded to 4 decimals: the same breakdown a solved plan reports in ``score``."""
    facts = PlanFacts(scenario, _plan_of(plan))
    return {rule_id: round(scenario.weights.of(rule_id) * score(facts) + 0.0, 4)
            for rule_id, score in SOFT_RULE_SCORES.items()}
