"""Day-structure rules H1-H9: what one day may hold, and in which slot."""

from __future__ import annotations

from models.vocabulary import GYM_KINDS, Kind, Placement, RunKind, Slot

from .. import facts
from ..context import ModelContext
from . import hard

GYM = tuple(GYM_KINDS)


@hard("H1")
def one_session_a_day(ctx: ModelContext) -> None:
    """H1 one strength session a day. Guide, "How to Build it Up": keep space between strength
    sessions.

    At most one counted session a day; plyo placed ``gym`` belongs to that day's gym session
    (same slot) and plyo placed ``warmup`` to the run, so neither counts; at most one plyo a day
    in any placement. A placement needs what it belongs to: ``after-run`` plyo ends an easy run.
    Written down here: a ``standalone`` plyo session is its own session, so on a run day it
    takes the other slot (in the run's slot it would be ``after-run`` or ``warmup``).
    """
    v = ctx.vars
    for day in ctx.calendar.days:
        ctx.at_most("H1", v.select(day=day.index, counted=True), 1)
        ctx.at_most("H1", v.select(day=day.index, kind=Kind.PLYO), 1)
        for slot in Slot:
            for plyo in v.select(day=day.index, kind=Kind.PLYO, placement=Placement.GYM,
                                 slot=slot):
                gym = v.select(day=day.index, kinds=GYM, slot=slot)
                ctx.add("H1", plyo.var <= v.total(gym))
        if day.run is not RunKind.EASY:
            ctx.forbid("H1", v.select(day=day.index, placement=Placement.AFTER_RUN))
        if day.run_slot is not None:
            ctx.forbid("H1", v.select(day=day.index, kind=Kind.PLYO,
                                      placement=Placement.STANDALONE, slot=day.run_slot))


@hard("H2")
def run_first_lift_later(ctx: ModelContext) -> None:
    """H2 run first, lift later. Guide, "Best Days" and FAQ 3: if done on the same day, run
    first, then lift; never a weight session in the morning and a workout in the afternoon.

    A gym session never shares or precedes the run's slot; on a quality day it is allowed only
    in the ``pm`` slot after an ``am`` run, and only when the athlete allows double days.
    """
    v = ctx.vars
    double_days = ctx.scenario.athlete.double_days
    for day in ctx.calendar.days:
        if day.run_slot is None:
            continue
        for sv in v.select(day=day.index, kinds=GYM):
            if sv.slot is Slot.AM:
                ctx.forbid("H2", [sv])
            elif day.run_slot is Slot.PM:
                ctx.forbid("H2", [sv], facts.morning_run(day.weekday, ctx.scenario))
            elif day.quality and not double_days:
                ctx.forbid("H2", [sv], facts.double_days())


@hard("H3")
def lift_late_enough(ctx: ModelContext) -> None:
    """H3 lift late enough. Guide, FAQ 3: weight lifting at least 3 hours after waking.

    Gym kinds go in the ``pm`` slot, or in the ``am`` slot only on a day without a run when
    the athlete marks mornings as late.
    """
    late = ctx.scenario.athlete.late_mornings
    for day in ctx.calendar.days:
        if late and not day.has_run:
            continue
        ctx.forbid("H3", ctx.vars.select(day=day.index, kinds=GYM, slot=Slot.AM),
                   None if day.has_run else facts.late_mornings())


@hard("H4")
def no_gym_before_quality(ctx: ModelContext) -> None:
    """H4 no gym the day before quality. Guide, "Best Days": lifting may cost an easy run, never
    an important workout; the example week puts two days between the gym and the next workout.
    """
    for day in ctx.calendar.days:
        if ctx.calendar.before_quality(day.index):
            ctx.forbid("H4", ctx.vars.select(day=day.index, kinds=GYM))


AFTER_GYM = (Kind.SNC, Kind.LIFT, Kind.POWER, Kind.HILLS)


@hard("H5")
def no_conditioning_after_lifting(ctx: ModelContext) -> None:
    """H5 no conditioning after lifting. Guide, "How to Build it Up": no need for S&C the day
    after a weight session, the muscles are still recovering (S&C the day before is fine);
    always keep enough space between strength sessions.

    Written down here, by the same reasoning: the day after a gym session holds no ``snc``, no
    second gym session and no hill sprints either (plyo, light and short, is left to H6).
    These are all counted sessions, so one at-most-one covers the pair of days.
    """
    v = ctx.vars
    for day in ctx.calendar.days[:-1]:
        gym = v.select(day=day.index, kinds=GYM)
        following = v.select(day=day.index + 1, kinds=AFTER_GYM)
        ctx.add("H5", v.total(gym) + v.total(following) <= 1, days=(day.index, day.index + 1))


@hard("H6")
def no_plyo_two_days_running(ctx: ModelContext) -> None:
    """H6 no plyo two days running. Guide, "How to Build it Up": don't plan plyometric sessions
    on consecutive days; let the body recover and get stronger first.
    """
    v = ctx.vars
    for day in ctx.calendar.days[:-1]:
        pair = v.select(days=(day.index, day.index + 1), kind=Kind.PLYO)
        ctx.at_most("H6", pair, 1)


@hard("H7")
def quality_days_stay_clean(ctx: ModelContext) -> None:
    """H7 quality days stay clean. Guide, example week: "no strength today" on workout and
    long-run days.

    A quality day holds no strength session except plyo placed ``warmup`` (inside a workout's or
    long run's warm-up) and a ``pm`` gym session allowed by H2, with the light plyo placed
    ``gym`` that belongs to it (H1). Choice written down here: a race day, tune-up or main,
    holds no strength at all, not even a warm-up plyo or a double-day gym session: nobody lifts
    after a race or drills before one.
    """
    v = ctx.vars
    for day in ctx.calendar.days:
        if not day.quality:
            ctx.forbid("H7", v.select(day=day.index, placement=Placement.WARMUP))
            continue
        if day.run is RunKind.RACE:
            ctx.forbid("H7", v.select(day=day.index))
            continue
        ctx.forbid("H7", v.select(day=day.index, where=lambda sv: not (
            sv.placement in (Placement.WARMUP, Placement.GYM) or sv.kind in GYM_KINDS)))


@hard("H8")
def hills_are_hard(ctx: ModelContext) -> None:
    """H8 hills are a hard session [default]. Hill sprints only on an ``easy`` or ``rest`` day,
    never the day before a quality day, and at most once a week.

    Written down here: never the day before a gym session either (and H5 keeps them off the
    day after one), so hill sprints and heavy lifting never fall on consecutive days.
    """
    if "H8" in ctx.rules.disable:
        return
    v = ctx.vars
    off = facts.switch_off("H8", "hills are a hard session")
    for day in ctx.calendar.days:
        if day.run not in (RunKind.EASY, RunKind.REST) or ctx.calendar.before_quality(day.index):
            ctx.forbid("H8", v.select(day=day.index, kind=Kind.HILLS), off)
    for day in ctx.calendar.days[:-1]:
        hills = v.select(day=day.index, kind=Kind.HILLS)
        gym = v.select(day=day.index + 1, kinds=GYM)
        ctx.add("H8", v.total(hills) + v.total(gym) <= 1, off, (day.index, day.index + 1))
    for week in ctx.calendar.weeks:
        ctx.at_most("H8", v.select(week=week.number, kind=Kind.HILLS), 1, off)


@hard("H9")
def availability(ctx: ModelContext) -> None:
    """H9 availability [default]. Nothing on the athlete's unavailable dates; gym kinds only on
    gym-access days; hills only with a hill; a day's strength minutes within the daily budget.

    The budget counts each session at the most minutes its prescription can give in that week
    (:meth:`~optimizer.minutes.MinutesTable.most`: the dose at the largest offset its kind can
    have by then), so the real minutes of a plan never exceed the budget whichever week each
    kind is introduced. Every dose lasts at least its kind's minimum length.
    """
    v = ctx.vars
    availability = ctx.scenario.availability
    budget = availability.daily_strength_minutes
    spans = list(enumerate(availability.unavailable))
    for day in ctx.calendar.days:
        if not day.available:
            index, span = next((i, s) for i, s in spans if s.first <= day.date <= s.last)
            ctx.forbid("H9", v.select(day=day.index), facts.away(index, span))
            continue
        if not day.gym_access:
            ctx.forbid("H9", v.select(day=day.index, kinds=GYM), facts.gym_day(day.weekday))
        if not availability.hill_access:
            ctx.forbid("H9", v.select(day=day.index, kind=Kind.HILLS), facts.hill())
        most = {sv: ctx.minutes.most(sv.kind, sv.placement, day.week)
                for sv in v.select(day=day.index)}
        if sum(most.values()) > budget:
            ctx.add("H9", sum(m * sv.var for sv, m in most.items()) <= budget,
                    facts.daily_minutes(budget), (day.index,))
