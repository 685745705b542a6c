"""Soft rules S1-S6: what the optimizer trades off (rulebook, "Soft objectives").

Each rule adds named terms to the context; the objective is their weighted sum and the plan's
score reports each rule's total on its own.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.vocabulary import GYM_KINDS, KINDS, Kind, RunKind

from ..context import ModelContext
from ..weekly_minutes import weekly_minutes
from . import soft

STIMULUS: dict[Kind, float] = {
    Kind.LIFT: 5,
    Kind.POWER: 4,
    Kind.SNC: 2,
    Kind.PLYO: 3,
    Kind.HILLS: 3,
}
GYM_TWO_DAYS_BEFORE_QUALITY = 1
GYM_AFTER_QUALITY = 2
ROUTINE_CHANGE = 1
SNC_BACK_TO_BACK = 1
PROGRESSION_STEP = 2  # S6: points per started 10 % step beyond +25 %
PROGRESSION_FREE_PERCENT = 125
PROGRESSION_STEP_PERCENT = 10
PROGRESSION_MAX_STEPS = 10


def power_factor(metres: int) -> float:
    """S1's power multiplier by race distance. Guide, "Power training": power matters more the
    shorter the race. x1.5 up to 5,000 m, x1.25 up to 10,000 m, x1 up to the half marathon
    (21,098 m), x0.75 beyond."""
    if metres <= 5000:
        return 1.5
    if metres <= 10000:
        return 1.25
    if metres <= 21098:
        return 1.0
    return 0.75


def stimulus_points(kind: Kind, metres: int) -> float:
    points = STIMULUS[kind]
    return points * power_factor(metres) if kind is Kind.POWER else points


@soft("S1")
def stimulus(ctx: ModelContext) -> None:
    """S1 stimulus. Guide, "Types": each form of strength has its own benefit. Every session
    earns its kind's points (lift 5, power 4 scaled by race distance, snc 2, plyo 3 in any
    placement, hills 3)."""
    metres = ctx.scenario.race.metres
    for sv in ctx.vars.sessions:
        if sv in ctx.forbidden:
            continue
        ctx.reward("S1", stimulus_points(sv.kind, metres), sv.var, [sv], sv.kind.value)


@soft("S2")
def interference(ctx: ModelContext) -> None:
    """S2 interference with quality runs. Guide, "Balancing" and the example week: lifting on
    Wednesday before a Friday workout is fine, so a gym session two days before a quality day
    costs only 1 point: it prefers a third easy day when one is free. ``snc`` and plyo the day
    before a quality day cost nothing (the example week has S&C the day before the long run)."""
    cal = ctx.calendar
    for day in cal.days:
        ahead = day.index + 2
        if ahead < len(cal.days) and cal.days[ahead].quality:
            for sv in ctx.vars.select(day=day.index, kinds=GYM_KINDS):
                if sv not in ctx.forbidden:
                    ctx.penalise("S2", GYM_TWO_DAYS_BEFORE_QUALITY, sv.var, [sv],
                                 f"two days before {cal.days[ahead].run.value}")


@soft("S3")
def favourite_slot(ctx: ModelContext) -> None:
    """S3 the guide's favourite slot. Guide, "Best Days", option 2: a workout on day 1, an easy
    run plus the weight session on day 2, another easy day on day 3. A gym session on the day
    after a quality day earns 2 points when the following day is ``easy`` or ``rest``."""
    cal = ctx.calendar
    for day in cal.days:
        before, after = cal.prev_day(day.index), cal.next_day(day.index)
        if before is None or after is None:
            continue
        if before.quality and after.run in (RunKind.EASY, RunKind.REST):
            for sv in ctx.vars.select(day=day.index, kinds=GYM_KINDS):
                if sv not in ctx.forbidden:
                    ctx.reward("S3", GYM_AFTER_QUALITY, sv.var, [sv],
                               f"day after {before.run.value}")


@soft("S4")
def routine(ctx: ModelContext) -> None:
    """S4 routine [default]. Athletes keep plans they can remember: for each kind and each pair
    of consecutive full weeks in which the kind occurs in both, a change of its set of weekdays
    costs 1. Starting or stopping a kind is not a change.

    Encoding: ``occurs[kind, week]`` is at least every day's presence; the change literal is
    forced on when a weekday holds the kind in one week but not in the other while the kind
    occurs in that other week.
    """
    v = ctx.vars
    cal = ctx.calendar
    model = ctx.model
    occurs: dict[tuple[Kind, int], object] = {}

    def possible(kind: Kind, day: int) -> bool:
        return any(sv not in ctx.forbidden for sv in v.select(day=day, kind=kind))

    def occurs_in(kind: Kind, week: int):
        if (kind, week) not in occurs:
            var = model.new_bool_var(f"{v.prefix}occurs_{kind.value}_w{week}")
            for d in cal.week(week).days:
                if possible(kind, d):
                    ctx.define(var >= v.present(kind, d))
            occurs[kind, week] = var
        return occurs[kind, week]

    for week in cal.weeks[:-1]:
        following = cal.week(week.number + 1)
        if not (week.full and following.full):
            continue
        for kind in KINDS:
            pairs = [(a, b) for a, b in zip(week.days, following.days)
                     if possible(kind, a) or possible(kind, b)]
            if not (any(possible(kind, a) for a in week.days)
                    and any(possible(kind, b) for b in following.days)):
                continue
            change = model.new_bool_var(f"{v.prefix}routine_{kind.value}_w{week.number}")
            occ_a, occ_b = occurs_in(kind, week.number), occurs_in(kind, following.number)
            for a, b in pairs:
                pa, pb = v.present(kind, a), v.present(kind, b)
                if possible(kind, a):
                    ctx.define(change >= pa - pb + occ_b - 1)
                if possible(kind, b):
                    ctx.define(change >= pb - pa + occ_a - 1)
            ctx.penalise("S4", ROUTINE_CHANGE, change,
                         label=f"{kind.value} weekdays change, weeks {week.number}-"
                               f"{following.number}")


@soft("S5")
def spread(ctx: ModelContext) -> None:
    """S5 spread. Guide, S&C tip 1: three sessions of 10 minutes beat one of an hour, spaced
    through the week. ``snc`` on two consecutive days costs 1."""
    v = ctx.vars
    for day in ctx.calendar.days[:-1]:
        pair = v.select(days=(day.index, day.index + 1), kind=Kind.SNC)
        if len(pair) < 2 or any(sv in ctx.forbidden for sv in pair):
            continue
        both = ctx.model.new_bool_var(f"{v.prefix}snc_pair_{day.date.isoformat()}")
        ctx.define(both >= pair[0].var + pair[1].var - 1)
        ctx.penalise("S5", SNC_BACK_TO_BACK, both, pair, f"snc {day.date} and next day")


def progression_steps(previous: int, current: int) -> int:
    """S6's steps for one pair of weeks (plain Python: the checker and tests use it too).

    0 when ``previous`` is 0 or ``current <= 1.25 * previous``; otherwise the number of
    started 10 % steps beyond +25 % (``current`` 1.26-1.35 x ``previous`` is 1 step,
    1.351-1.45 x is 2...), at most 10.
    """
    if previous <= 0:
        return 0
    steps = 0
    while (steps < PROGRESSION_MAX_STEPS and 100 * current
           > (PROGRESSION_FREE_PERCENT + PROGRESSION_STEP_PERCENT * steps) * previous):
        steps += 1
    return steps


@soft("S6")
def progression(ctx: ModelContext) -> None:
    """S6 progression. Guide, "Lifting too Much or too Little": keep adding load or reps, but
    back off when it gets too much. The prescriptions add load and reps week by week (P1-P5)
    and their minutes alone never grow more than 25 % a week (:mod:`optimizer.minutes`), so
    this term reacts only to the solver's own choices: new kinds, more sessions, longer
    placements.

    For each pair of consecutive full weeks ``w - 1``, ``w`` with ``W`` a week's strength
    minutes (every session, plyo placed ``gym`` or ``warmup`` included, at the minutes its
    prescription gives): when ``W[w-1] > 0`` and ``W[w] > 1.25 W[w-1]``, 2 points for every
    started 10 % step beyond +25 % (:func:`progression_steps`), at most 10 steps. A week after
    one without any strength costs nothing: starting is governed by H13 and H14.

    Encoding: ``W`` per week from :func:`~optimizer.weekly_minutes.weekly_minutes`; a literal
    ``e`` = ``W[w-1] >= 1``; an integer ``steps`` in 0..10 and its product with the previous
    week, ``z = W[w-1] * steps`` (CP-SAT's multiplication constraint), with

        10 z >= 100 W[w] - 125 W[w-1]     unless steps = 10 or not e,

    so ``steps`` is at least the started 10 % steps beyond +25 %, and each step costs 2
    points. The objective pushes ``steps`` down to exactly that count, so S6 is exact in an
    optimal plan; in a plan cut short by the time limit it is never less than the true
    penalty (the plan is at least as good as reported; ``stridelift check`` scores it
    exactly). Measured against the previous encoding — ten step literals per pair of weeks,
    each tied to ``100 W[w] > (115 + 10 s) W[w-1]`` by big-M constraints both ways — on
    synthetic 104-week athletes (seeds 1-7, one worker): median 3.7 s instead of 5.9 s, the
    hardest 17 s instead of 40 s; requiring exactness in every solution too (a reverse
    constraint) cost back about a third of the gain.
    """
    cal = ctx.calendar
    model = ctx.model
    prefix = ctx.vars.prefix
    pairs = [(w.number - 1, w.number) for w in cal.weeks[1:]
             if w.full and cal.week(w.number - 1).full]
    if not pairs:
        return
    minutes = weekly_minutes(ctx, sorted({n for pair in pairs for n in pair}))
    for before, after in pairs:
        (previous, high_prev), (current, high_cur) = minutes[before], minutes[after]
        if high_prev == 0 or high_cur == 0:
            continue
        some = model.new_bool_var(f"{prefix}strength_w{before}")
        ctx.define(previous >= some)
        ctx.define(previous <= high_prev * some)
        steps = model.new_int_var(0, PROGRESSION_MAX_STEPS, f"{prefix}progression_w{after}")
        product = model.new_int_var(0, PROGRESSION_MAX_STEPS * high_prev,
                                    f"{prefix}progression_w{after}_z")
        model.add_multiplication_equality(product, [previous, steps])
        capped = model.new_bool_var(f"{prefix}progression_w{after}_capped")
        model.add(steps == PROGRESSION_MAX_STEPS).only_enforce_if(capped)
        excess = 100 * current - PROGRESSION_FREE_PERCENT * previous
        model.add(PROGRESSION_STEP_PERCENT * product
                  >= excess - 100 * high_cur * (1 - some)).only_enforce_if(~capped)
        ctx.penalise("S6", PROGRESSION_STEP, steps,
                     label=f"weeks {before}-{after}: minutes up more than 25 %")
