"""Week-volume rules H10-H12: how many sessions a week, and of which kinds."""

from __future__ import annotations

from models.vocabulary import GYM_KINDS, Kind

from .. import facts
from ..calendar import Calendar, Week
from ..context import ModelContext
from . import hard

BAND_MIN = 2
BAND_MAX = 4


def band_floor(calendar: Calendar, week: Week) -> int:
    """H10's floor for ``week``: 2, or fewer when the athlete is away on part of the week.

    The floor is min(2, the days of that week on which the athlete is available and has no
    quality run).
    """
    free = sum(1 for i in week.days
               if calendar.days[i].available and not calendar.days[i].quality)
    return min(BAND_MIN, free)


def gym_week_excused(calendar: Calendar, week: Week) -> bool:
    """H11's excuse: the week has gym-access days and the athlete is away on every one."""
    gym_days = [calendar.days[i] for i in week.days if calendar.days[i].gym_access]
    return bool(gym_days) and not any(d.available for d in gym_days)


@hard("H10")
def weekly_band(ctx: ModelContext) -> None:
    """H10 weekly band. Guide, FAQ 1: 2-3 sessions a week; "If you are serious": 2-3 S&C plus
    one lift.

    Once the athlete has started strength work (any kind established, or introduced by that
    week), every full non-taper week holds at least 2 counted sessions (plyo placed ``warmup``
    or ``gym`` not counted); a week partly away has the lower floor of :func:`band_floor`.
    Written down here: the ceiling of 4 holds in every week, taper and partial weeks included —
    the taper excuses a week from the floor, never from the ceiling.
    """
    v = ctx.vars
    cal = ctx.calendar
    anything_established = len(v.new_kinds) < len(Kind)
    for week in cal.weeks:
        ctx.at_most("H10", v.select(week=week.number, counted=True), BAND_MAX)
    for week in cal.banded_weeks:
        total = v.total(v.select(week=week.number, counted=True))
        floor = band_floor(cal, week)
        if floor == 0:
            continue
        if anything_established:
            ctx.add("H10", total >= floor, days=week.days)
        else:
            for kind in v.new_kinds:
                ctx.add("H10", total >= floor * v.started(kind, week.number), days=week.days)


@hard("H11")
def lift_every_week(ctx: ModelContext) -> None:
    """H11 lift every week. Guide, FAQ 1: at least one weight lifting session a week.

    Once ``lift`` is introduced or established, every full non-taper week holds a gym session
    (``lift``, or ``power`` in the power phase), unless the athlete is away on every gym-access
    day of that week.
    """
    v = ctx.vars
    for week in ctx.calendar.banded_weeks:
        if gym_week_excused(ctx.calendar, week):
            continue
        gym = v.select(week=week.number, kinds=GYM_KINDS)
        ctx.add("H11", v.total(gym) >= v.started(Kind.LIFT, week.number), days=week.days)


@hard("H12")
def weekly_caps(ctx: ModelContext) -> None:
    """H12 caps. Guide: lifting once a week first, twice only if it suits the person; S&C 2-3
    times a week; plyo added carefully.

    ``lift`` at most once a week until ``single_lift_weeks`` (4) weeks of once-weekly lifting,
    then at most ``max_lifts_per_week``; ``snc`` at most ``max_snc_per_week`` (3); plyo in any
    placement at most ``max_plyo_per_week`` (2). Added and written down here: power replaces
    some lifting in the power phase ("Power training"), so ``power`` is capped at
    ``max_power_per_week`` (1) and gym sessions (lift + power) at ``max_gym_per_week``, which
    defaults to ``max_lifts_per_week``: power takes a lifting session's place, it does not add
    a gym day.
    """
    v = ctx.vars
    r = ctx.rules
    caps = [
        (Kind.SNC, (Kind.SNC,), r.max_snc_per_week,
         facts.rule_setting("max_snc_per_week", f"snc at most {r.max_snc_per_week} a week",
                            5, "allow more snc a week")),
        (Kind.PLYO, (Kind.PLYO,), r.max_plyo_per_week,
         facts.rule_setting("max_plyo_per_week", f"plyo at most {r.max_plyo_per_week} a week",
                            3, "allow more plyo a week")),
        (Kind.POWER, (Kind.POWER,), r.max_power_per_week,
         facts.rule_setting("max_power_per_week",
                            f"power at most {r.max_power_per_week} a week", 2,
                            "allow more power a week")),
        (None, tuple(GYM_KINDS), r.gym_cap,
         facts.rule_setting("max_gym_per_week", f"gym at most {r.gym_cap} a week",
                            3, "allow more gym sessions a week")),
    ]
    lift_cap = facts.rule_setting("max_lifts_per_week", "lift at most once a week", 2,
                                  "allow lifting twice a week once it is routine")
    for week in ctx.calendar.weeks:
        n = week.number
        lifts = v.select(week=n, kind=Kind.LIFT)
        extra = r.max_lifts_per_week - 1
        if extra:
            ctx.at_most("H12", lifts, 1 + extra * v.started(Kind.LIFT, n - r.single_lift_weeks))
        else:
            ctx.at_most("H12", lifts, 1, lift_cap)
        for _, kinds, cap, fact in caps:
            ctx.at_most("H12", v.select(week=n, kinds=kinds), cap, fact)
