"""A week's strength minutes as CP-SAT integer variables (for S6).

A session of kind ``k`` in week ``w`` lasts ``minutes(k, placement, w - i)`` when ``k`` was
introduced in week ``i`` (:mod:`optimizer.minutes`). The minutes of a placement change only at
a few *breakpoint* offsets ``o_1 < o_2 < ...`` (where the table steps up), so

    minutes(o) = minutes(0) + sum over breakpoints j with o >= o_j of delta_j,

and ``o >= o_j`` holds exactly when ``k`` was introduced by week ``w - o_j``: the order-encoded
literal ``S[k, w - o_j]`` (:meth:`~optimizer.variables.Variables.started`). The week's
minutes of ``k`` are then

    W(k, w) = C_0 + sum over j of  C_j * S[k, w - o_j],
    C_0 = sum over sessions s of minutes_s(0) * s,    C_j = sum over s of delta_j(s) * s,

and each product ``Q_j = C_j * S`` of a bounded integer expression (``0 <= C_j <= hi``) and a
literal is linearised exactly by three linear constraints:

    Q_j <= hi * S,    Q_j <= C_j,    Q_j >= C_j - hi * (1 - S).

So a kind adds one integer variable per breakpoint and week (``snc`` at most 6, ``plyo`` 2,
``lift``, ``power`` and ``hills`` 1), only once the week is late enough for the breakpoint to be
reachable; established kinds have one offset per week and add nothing. The ``S[k, t]`` literals
are the model's shared ``started`` literals (``S[k, t] = S[k, t-1] + intro[k, t]``).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.vocabulary import KINDS, Kind, Placement

from .context import ModelContext
from .variables import SessionVar

Groups = dict[tuple[int, ...], list[int]]


def offset_groups(ctx: ModelContext, kind: Kind, placements: list[Placement],
                  week: int) -> Groups:
    """Possible offsets of ``kind`` in ``week``, grouped by the minutes they give each of
    ``placements``, in offset order (minutes never fall as the offset grows)."""
    groups: Groups = {}
    for offset in ctx.minutes.possible_offsets(kind, week):
        key = tuple(ctx.minutes.minutes(kind, p, offset) for p in placements)
        groups.setdefault(key, []).append(offset)
    return groups


def kind_minutes(ctx: ModelContext, kind: Kind, week: int) -> tuple[cp_model.LinearExprT, int]:
    """``W(kind, week)`` as a linear expression, with an upper bound on its value."""
    sessions = [sv for sv in ctx.vars.select(week=week, kind=kind) if sv not in ctx.forbidden]
    if not sessions:
        return 0, 0
    placements = sorted({sv.placement for sv in sessions})
    groups = offset_groups(ctx, kind, placements, week)
    keys = list(groups)

    def at(key: tuple[int, ...], sv: SessionVar) -> int:
        return key[placements.index(sv.placement)]

    expr: cp_model.LinearExprT = sum(at(keys[0], sv) * sv.var for sv in sessions)
    for before, key in zip(keys, keys[1:]):
        delta = {sv: at(key, sv) - at(before, sv) for sv in sessions}
        high = sum(delta.values())
        count = sum(d * sv.var for sv, d in delta.items() if d)
        since = ctx.vars.started(kind, week - groups[key][0])
        product = ctx.model.new_int_var(
            0, high, f"{ctx.vars.prefix}minutes_{kind.value}_w{week}_o{groups[key][0]}")
        ctx.define(product <= high * since)
        ctx.define(product <= count)
        ctx.define(product >= count - high * (1 - since))
        expr += product
    return expr, sum(at(keys[-1], sv) for sv in sessions)


def budget_bound(ctx: ModelContext, week: int) -> int | None:
    """The most minutes ``week`` can hold under H9's daily budget (when H9 is posted)."""
    if "H9" not in ctx.constraints_by_rule:
        return None
    budget = ctx.scenario.availability.daily_strength_minutes
    return budget * len(ctx.calendar.week(week).days)


def weekly_minutes(ctx: ModelContext, weeks: list[int]) -> dict[int, tuple[cp_model.IntVar, int]]:
    """``W[w]``: an integer variable equal to week ``w``'s total strength minutes (every
    session, plyo placed ``gym`` or ``warmup`` included), with its upper bound (the daily
    budget of H9 times the week's days, when tighter than the sum of every session)."""
    out = {}
    for week in weeks:
        total: cp_model.LinearExprT = 0
        bound = 0
        for kind in KINDS:
            expr, most = kind_minutes(ctx, kind, week)
            total += expr
            bound += most
        cap = budget_bound(ctx, week)
        bound = bound if cap is None else min(bound, cap)
        var = ctx.model.new_int_var(0, bound, f"{ctx.vars.prefix}minutes_w{week}")
        ctx.define(var == total)
        out[week] = (var, bound)
    return out
