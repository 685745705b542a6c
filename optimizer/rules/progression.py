"""Progression rules H13-H17: introducing kinds one at a time, in order, and phasing them."""

from __future__ import annotations

from models.vocabulary import GYM_KINDS, Kind, Placement, RunKind

from .. import facts
from ..calendar import TAPER_DAYS, TAPER_LIGHT_DAYS, TAPER_REST_DAYS
from ..context import ModelContext
from . import hard

SUPERVISED_KINDS = (Kind.LIFT, Kind.POWER, Kind.PLYO)


def link_introductions(ctx: ModelContext) -> None:
    """Define ``intro[kind, week]``: a kind is introduced in the week of its first session.

    At most one introduction per kind; no session before it; and the introduction week holds
    a session of the kind. These are definitions, not rules, so they are never switched off.
    """
    v = ctx.vars
    for kind in v.new_kinds:
        ctx.define(sum(v.intro[kind, w.number] for w in ctx.calendar.weeks) <= 1)
        for week in ctx.calendar.weeks:
            sessions = v.select(week=week.number, kind=kind)
            for sv in sessions:
                ctx.define(sv.var <= v.started(kind, week.number))
            ctx.define(v.intro[kind, week.number] <= v.total(sessions))


def supervision_active(ctx: ModelContext) -> bool:
    """H17 is on when the scenario names at least one slot in which a coach can supervise."""
    coach = ctx.scenario.coach
    return coach is not None and any(coach.slots.values())


@hard("H13")
def one_new_kind_at_a_time(ctx: ModelContext) -> None:
    """H13 one new kind at a time. Guide, "Balancing" and "How to Build it Up": adding all forms
    of strength at once is way too much; add one type at a time.

    Two kinds are never introduced less than ``intro_gap_weeks`` (3) weeks apart: every window
    of that many consecutive weeks holds at most one introduction (an at-most-one the LP keeps).
    Written down here: nothing new close to the race — no kind is introduced in the weeks that
    overlap the last ``no_new_kinds_weeks`` (3) x 7 days before race day.
    """
    v = ctx.vars
    gap = ctx.rules.intro_gap_weeks
    late = ctx.rules.no_new_kinds_weeks
    near = facts.rule_setting("no_new_kinds_weeks", f"nothing new in the last {late} weeks",
                              0, "allow a new kind close to the race")
    for week in ctx.calendar.weeks_near_race(late):
        for kind in v.new_kinds:
            ctx.add("H13", v.intro[kind, week.number] == 0, near, week.days)
    if len(v.new_kinds) < 2:
        return
    weeks = ctx.calendar.num_weeks
    fact = facts.rule_setting("intro_gap_weeks", f"new kinds at least {gap} weeks apart", 1,
                              "let new kinds follow each other a week apart")
    for first in range(1, max(1, weeks - gap + 1) + 1):
        window = range(first, min(first + gap - 1, weeks) + 1)
        ctx.add("H13", sum(v.intro[k, w] for k in v.new_kinds for w in window) <= 1, fact,
                ctx.calendar.week(first).days)


@hard("H14")
def the_ladder(ctx: ModelContext) -> None:
    """H14 the ladder. Guide, "How to Build it Up": start with S&C; after a couple of months
    start lifting; once used to lifting add light plyometrics at the end of the gym session, and
    only then separate drill sessions.

    ``lift`` starts only after ``snc_weeks_before_lift`` (8) weeks of ``snc`` (none when snc is
    established); plyo enters as ``gym`` placement for ``plyo_gym_weeks`` (2) weeks before any
    other placement; ``power`` only once lift is established or has run for
    ``lift_weeks_before_power`` (6) weeks; ``hills`` only after ``snc`` is introduced. A
    prerequisite that is not established must start in an earlier week, even when its count of
    weeks is set to 0.
    """
    v = ctx.vars
    r = ctx.rules
    prerequisites = (
        (Kind.LIFT, Kind.SNC, r.snc_weeks_before_lift,
         facts.rule_setting("snc_weeks_before_lift",
                            f"{r.snc_weeks_before_lift} weeks of snc before lifting", 0,
                            "let lifting start right after snc")),
        (Kind.POWER, Kind.LIFT, r.lift_weeks_before_power,
         facts.rule_setting("lift_weeks_before_power",
                            f"{r.lift_weeks_before_power} weeks of lifting before power", 0,
                            "let power start right after lifting")),
        (Kind.HILLS, Kind.SNC, 1, None),
    )
    for kind, before, weeks, fact in prerequisites:
        if kind not in v.new_kinds or before not in v.new_kinds:
            continue
        lag = max(weeks, 1)
        for week in ctx.calendar.weeks:
            ctx.add("H14", v.intro[kind, week.number] <= v.started(before, week.number - lag),
                    fact if weeks > 0 else None, week.days)
    if Kind.PLYO in v.new_kinds and r.plyo_gym_weeks > 0:
        fact = facts.rule_setting("plyo_gym_weeks",
                                  f"{r.plyo_gym_weeks} weeks of plyo at the gym first", 0,
                                  "let plyo start outside the gym")
        for week in ctx.calendar.weeks:
            loose = v.select(week=week.number, kind=Kind.PLYO,
                             where=lambda sv: sv.placement is not Placement.GYM)
            ctx.implies_started("H14", loose,
                                v.started(Kind.PLYO, week.number - r.plyo_gym_weeks), fact)


@hard("H15")
def power_phase(ctx: ModelContext) -> None:
    """H15 power phase. Guide, "Power training": in the last 2-3 months before the race, replace
    some of the heavy lifting with power lifting.

    ``power`` only in the final ``power_phase_weeks`` (12) weeks before race day.
    """
    weeks = ctx.rules.power_phase_weeks
    fact = facts.rule_setting("power_phase_weeks", f"power only in the last {weeks} weeks",
                              min(26, weeks + 8), "start the power phase earlier")
    for day in ctx.calendar.days:
        if not ctx.calendar.in_power_window(day.index) or weeks == 0:
            ctx.forbid("H15", ctx.vars.select(day=day.index, kind=Kind.POWER), fact)


TAPER_SESSIONS = 2  # counted sessions in the last 7 days before race day
TUNE_UP_BEFORE = 2  # days before a tune-up race without gym or hills
TUNE_UP_AFTER = 1  # days after a tune-up race without gym or hills


@hard("H16")
def taper(ctx: ModelContext) -> None:
    """H16 taper [default]. No gym kind in the last 7 days before race day, no hills or plyo
    other than ``warmup`` in the last 4 days, nothing on race day or the day before.

    Written down here: the last 7 days hold at most 2 counted sessions (a taper is lighter,
    not only gym-free); and a tune-up race gets a small taper of its own — no gym session or
    hill sprints in the 2 days before it or on the day after it.
    """
    if "H16" in ctx.rules.disable:
        return
    v = ctx.vars
    cal = ctx.calendar
    off = facts.switch_off("H16", "the taper")
    last_week = [d.index for d in cal.days if 1 <= d.days_to_race <= TAPER_DAYS]
    ctx.at_most("H16", v.select(days=last_week, counted=True), TAPER_SESSIONS, off)
    hard_kinds = (*GYM_KINDS, Kind.HILLS)
    for race in cal.days:
        if race.run is not RunKind.RACE or race.index == cal.race_index:
            continue
        around = range(race.index - TUNE_UP_BEFORE, race.index + TUNE_UP_AFTER + 1)
        tune_up = facts.tune_up(race.date)
        for i in around:
            if 0 <= i < len(cal.days) and i != race.index:
                ctx.forbid("H16", v.select(day=i, kinds=hard_kinds), tune_up)
    for day in cal.days:
        left = day.days_to_race
        if left <= TAPER_REST_DAYS:
            ctx.forbid("H16", v.select(day=day.index), off)
            continue
        if left <= TAPER_DAYS:
            ctx.forbid("H16", v.select(day=day.index, kinds=GYM_KINDS), off)
        if left <= TAPER_LIGHT_DAYS:
            ctx.forbid("H16", v.select(day=day.index, kind=Kind.HILLS), off)
            ctx.forbid("H16", v.select(day=day.index, kind=Kind.PLYO,
                                       where=lambda sv: sv.placement is not Placement.WARMUP),
                       off)


@hard("H17")
def supervision(ctx: ModelContext) -> None:
    """H17 supervision. Guide, FAQ 7: once you start lifting weights, do the sessions with a
    coach or gym instructor who watches your technique; plyometric drills too are better
    learnt with a coach.

    An athlete's first ``supervised_weeks`` (4) weeks of ``lift``, of ``power`` and of plyo
    (any placement) fall only in slots when a coach is available. Kinds the athlete has
    established are past that stage. Off when the scenario gives no coach availability.
    """
    if not supervision_active(ctx) or ctx.rules.supervised_weeks == 0:
        return
    v = ctx.vars
    weeks = ctx.rules.supervised_weeks
    for kind in SUPERVISED_KINDS:
        if kind not in v.new_kinds:
            continue
        for sv in v.select(kind=kind, where=lambda s: s.slot not in s.day.coach_slots):
            fact = facts.coach_slot(sv.day.weekday, sv.slot) if sv.day.available else None
            ctx.implies_started("H17", [sv], v.started(kind, sv.week - weeks), fact)
