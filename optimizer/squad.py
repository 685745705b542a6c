"""One joint CP-SAT model for a squad: every athlete's own model, H18, and a fair objective.

Each athlete's :class:`~optimizer.model.PlanModel` is built into one shared ``CpModel`` with a
prefix (``a0_``, ``a1_``, ...), with exactly the rules it has when solved alone (H1-H17, and its
S1-S6 objective as an expression). The squad adds:

* **H18 shared gym and coach** (:func:`shared_gym_and_coach`): per date and slot, at most
  ``gym.capacity`` athletes in the gym and at most ``coach.capacity`` under supervision.
* **Fairness** (:func:`fair_objective`): no athlete is sacrificed for the group. Each athlete's
  *share* is what they keep of their solo optimum, in per-mille; the squad maximizes the worst
  share first and the sum of the athletes' objectives second.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from ortools.sat.python import cp_model

from models import Scenario
from models.squad import Squad
from models.vocabulary import GYM_KINDS, Slot

from .context import SCALE
from .model import PlanModel
from .rules.progression import SUPERVISED_KINDS, supervision_active
from .variables import Expr, SessionVar

Resource = Literal["gym", "coach"]

PER_MILLE = 1000
SHARE_FLOOR_POINTS = 10
"""An athlete whose solo optimum is below this many points (or not positive) has their share
measured against it: losing 10 points counts as losing everything (see :func:`share_base`)."""


@dataclass(frozen=True, order=True)
class SlotKey:
    """One shared resource on one date and slot: what an H18 constraint limits."""

    date: dt.date
    slot: Slot
    resource: Resource

    def __str__(self) -> str:
        return f"{self.resource} {self.date.isoformat()} {self.slot.value}"


@dataclass
class Limit:
    """One H18 constraint: who could use the resource at that date and slot, and the cap."""

    key: SlotKey
    capacity: int
    users: dict[int, Expr] = field(default_factory=dict)

    @property
    def binding(self) -> bool:
        """Only worth posting when more athletes could come than the capacity holds."""
        return len(self.users) > self.capacity


def share_base(solo: int) -> int:
    """The denominator of an athlete's share (objective units): the solo optimum, or the
    floor of :data:`SHARE_FLOOR_POINTS` points when the optimum is smaller or not positive."""
    return max(solo, SHARE_FLOOR_POINTS * SCALE)


def share_of(score: float, solo: float) -> float:
    """An athlete's share in per-mille: ``1000 * (1 - (solo - score) / base)`` with ``base``
    from :func:`share_base` (both in rulebook points)."""
    base = share_base(round(solo * SCALE)) / SCALE
    return PER_MILLE * (1 - (solo - score) / base)


def gym_uses(pm: PlanModel) -> dict[tuple[dt.date, Slot], list[SessionVar]]:
    """The athlete's possible gym sessions (``lift``, ``power``) by date and slot; sessions a
    rule already forbids are left out."""
    out: dict[tuple[dt.date, Slot], list[SessionVar]] = defaultdict(list)
    for sv in pm.vars.select(kinds=GYM_KINDS):
        if sv not in pm.ctx.forbidden:
            out[sv.day.date, sv.slot].append(sv)
    return out


def supervised_uses(pm: PlanModel) -> dict[tuple[dt.date, Slot], list[tuple[SessionVar, Expr]]]:
    """The athlete's possible supervised sessions (H17) by date and slot, each with the
    expression "the kind had started ``supervised_weeks`` weeks before": the session is
    supervised when it is held and that expression is 0."""
    out: dict[tuple[dt.date, Slot], list[tuple[SessionVar, Expr]]] = defaultdict(list)
    weeks = pm.scenario.rules.supervised_weeks
    if not supervision_active(pm.ctx) or weeks == 0:
        return out
    v = pm.vars
    for kind in SUPERVISED_KINDS:
        if kind not in v.new_kinds:
            continue
        for sv in v.select(kind=kind, where=lambda s: s.slot in s.day.coach_slots):
            if sv not in pm.ctx.forbidden:
                out[sv.day.date, sv.slot].append((sv, v.started(kind, sv.week - weeks)))
    return out


class SquadModel:
    """The joint CP-SAT model of a squad.

    Parameters
    ----------
    squad
        The validated squad.
    solo
        Each athlete's solo optimum in objective units (points x ``SCALE``), for the fair
        objective; ``None`` builds a feasibility model (no objective).
    guarded
        Guard every H18 constraint with an assumption literal (one per date, slot and
        resource), to name the overflowing slots of an infeasible squad.
    """

    def __init__(self, squad: Squad, solo: list[int] | None = None, *, guarded: bool = False):
        self.squad = squad
        self.model = cp_model.CpModel()
        self.athletes = [PlanModel(sc, model=self.model, prefix=f"a{i}_",
                                   objective=solo is not None, maximize=False)
                         for i, sc in enumerate(squad.athletes)]
        self.guarded = guarded
        self.limits: list[Limit] = []
        self.guards: dict[SlotKey, cp_model.IntVar] = {}
        self.scores: list[cp_model.IntVar] = []
        self.worst_share: cp_model.IntVar | None = None
        self.share_weight = 0
        shared_gym_and_coach(self)
        if solo is not None:
            fair_objective(self, solo)

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        return self.squad.athletes

    def post_limit(self, limit: Limit) -> None:
        """Post one H18 constraint (guarded in diagnosis mode)."""
        self.limits.append(limit)
        ct = self.model.add(sum(limit.users.values()) <= limit.capacity)
        if self.guarded:
            guard = self.model.new_bool_var(f"guard_H18_{limit.key}")
            self.guards[limit.key] = guard
            ct.only_enforce_if(guard)

    def size(self) -> dict[str, int]:
        proto = self.model.proto
        return {"variables": len(proto.variables), "constraints": len(proto.constraints)}


def shared_gym_and_coach(sm: SquadModel) -> None:
    """H18 shared gym and coach [default, squads]. Rulebook: in a squad, at most
    ``gym.capacity`` athletes have a gym session (``lift`` or ``power``) on the same date and
    slot, and at most ``coach.capacity`` athletes have a supervised session (H17) on the same
    date and slot.

    A gym session counts its athlete once (H1 allows one a day; gym-placed plyo rides along).
    Supervision is read from the order-encoded introductions: a session of a new ``lift``,
    ``power`` or plyo in week ``w`` is supervised unless its kind had started by week
    ``w - supervised_weeks``, so each athlete gets one literal per coach slot with
    ``supervised >= session - started(kind, w - supervised_weeks)`` for each such session, and
    the coach's capacity bounds the sum of those literals. A date and slot that fewer athletes
    could use than the capacity holds needs no constraint.
    """
    gym: dict[tuple[dt.date, Slot], Limit] = {}
    coach: dict[tuple[dt.date, Slot], Limit] = {}
    gym_cap, coach_cap = sm.squad.gym.capacity, sm.squad.coach.capacity
    for index, pm in enumerate(sm.athletes):
        for (date, slot), svs in gym_uses(pm).items():
            limit = gym.setdefault((date, slot), Limit(SlotKey(date, slot, "gym"), gym_cap))
            limit.users[index] = sum((sv.var for sv in svs), 0)
        for (date, slot), uses in supervised_uses(pm).items():
            limit = coach.setdefault((date, slot),
                                     Limit(SlotKey(date, slot, "coach"), coach_cap))
            limit.users[index] = _supervised_literal(pm, date, slot, uses)
    for limit in sorted([*gym.values(), *coach.values()], key=lambda lim: lim.key):
        if limit.binding:
            sm.post_limit(limit)


def _supervised_literal(pm: PlanModel, date: dt.date, slot: Slot,
                        uses: list[tuple[SessionVar, Expr]]) -> cp_model.IntVar:
    """A literal that is 1 whenever the athlete has a supervised session at ``date, slot``."""
    literal = pm.model.new_bool_var(f"{pm.vars.prefix}supervised_{date.isoformat()}_"
                                    f"{slot.value}")
    for sv, started in uses:
        pm.model.add(literal >= sv.var - started)
    return literal


def bounded_var(model: cp_model.CpModel, expr: Expr, name: str) -> cp_model.IntVar:
    """A variable equal to ``expr`` whose domain is the range ``expr`` can take given its
    variables' domains (read back from the posted linear constraint)."""
    x = model.new_int_var(-(2**40), 2**40, name)
    model.add(x == expr)
    constraints = model.proto.constraints
    ct = constraints[len(constraints) - 1].linear
    own, low, high = 1, 0, 0
    for var, coeff in zip(ct.vars, ct.coeffs):
        if var == x.index:
            own = coeff
            continue
        domain = list(model.proto.variables[var].domain)
        a, b = coeff * domain[0], coeff * domain[-1]
        low, high = low + min(a, b), high + max(a, b)
    # own * x + rest == bound, own being 1 or -1
    bound = ct.domain[0]
    lo, hi = sorted(((bound - low) * own, (bound - high) * own))
    domain = model.proto.variables[x.index].domain
    domain[0], domain[1] = lo, hi
    return x


def fair_objective(sm: SquadModel, solo: list[int]) -> None:
    """The squad's objective [rulebook spirit: no athlete is sacrificed for the group].

    Lexicographic, in one weighted sum: maximize the *worst share* first, then the sum of the
    athletes' objectives. An athlete's share, in per-mille, is
    ``1000 * (1 - (solo - score) / base)`` where ``solo`` is their optimum when solved alone,
    ``score`` their objective in the squad plan and ``base = max(solo, 10 points)``
    (:func:`share_base`): a share of 1000 keeps the whole solo optimum, 900 gives up a tenth of
    it. The floor keeps the share meaningful for an athlete whose solo optimum is tiny or not
    positive (a ratio to a negative optimum would reward losing): for them, every 10 points
    lost costs the whole share. The worst share ``m`` is bounded by every athlete's share
    (``base * m <= 1000 * (base - solo + score)``, all integers) and the objective is
    ``W * m + sum(score)`` with ``W`` larger than the whole range of the sum, so one per-mille
    of the worst share outweighs any change in the sum.
    """
    floors, spans = [], []
    for pm, best in zip(sm.athletes, solo):
        score = bounded_var(sm.model, pm.objective, f"{pm.vars.prefix}score")
        low, high = list(sm.model.proto.variables[score.index].domain)
        sm.scores.append(score)
        base = share_base(best)
        floors.append((PER_MILLE * (base - best + low)) // base)
        spans.append(high - low)
    m = sm.model.new_int_var(min(floors), PER_MILLE, "worst_share")
    for score, best in zip(sm.scores, solo):
        base = share_base(best)
        sm.model.add(base * m <= PER_MILLE * (base - best + score))
    sm.worst_share = m
    sm.share_weight = sum(spans) + 1
    sm.model.maximize(sm.share_weight * m + sum(sm.scores))
