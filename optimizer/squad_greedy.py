"""A first squad plan, athlete by athlete, to start the joint search from (a solution hint).

The joint model (:mod:`optimizer.squad`) is large and its H18 constraints couple every athlete,
so CP-SAT alone can take long to find any plan that keeps H18. This builds one quickly: the
athletes are solved one after the other, each with the gym and coach slots the earlier ones
filled closed to them (H18 with what is left of each capacity), starting from their solo plan.
It is a heuristic only: the joint solve then improves it under the fair objective.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from ortools.sat.python import cp_model

from models import Plan
from models.squad import Squad
from models.vocabulary import Slot

from .model import PlanModel
from .solve import SessionKey, apply_hint, configure
from .squad import gym_uses, supervised_uses

Use = tuple[dt.date, Slot]


def _close_full_slots(pm: PlanModel, gym_full: set[Use], coach_full: set[Use]) -> None:
    """H18 for one athlete given the others: no gym session in a full gym slot, and no
    supervised session in a full coach slot."""
    for key, svs in gym_uses(pm).items():
        if key in gym_full:
            for sv in svs:
                pm.model.add(sv.var == 0)
    for key, uses in supervised_uses(pm).items():
        if key in coach_full:
            for sv, started in uses:
                pm.model.add(sv.var <= started)


GREEDY_WORK_UNITS = 5.0
"""Each athlete's greedy solve stops after this much deterministic work (about seconds), so
the hint, and with it the joint search, repeats exactly."""


def greedy_sessions(squad: Squad, solo_plans: Sequence[Plan], *, time_limit: float, seed: int,
                    workers: int) -> list[set[SessionKey]] | None:
    """Each athlete's sessions in a plan that keeps H18, or ``None`` when one athlete finds no
    room left (or no plan within ``time_limit`` seconds).

    The least flexible athletes go first (fewest dates and slots their gym sessions could
    take, then squad order), each solved alone with the slots the earlier athletes filled
    closed (:func:`_close_full_slots`) and their solo plan as a hint.
    """
    gym: Counter[Use] = Counter()
    coach: Counter[Use] = Counter()
    models = [PlanModel(scenario) for scenario in squad.athletes]
    order = sorted(range(len(models)), key=lambda i: (len(gym_uses(models[i])), i))
    out: list[set[SessionKey]] = [set() for _ in models]
    for index in order:
        pm, solo = models[index], solo_plans[index]
        _close_full_slots(pm, {k for k, n in gym.items() if n >= squad.gym.capacity},
                          {k for k, n in coach.items() if n >= squad.coach.capacity})
        apply_hint(pm, solo)
        solver = cp_model.CpSolver()
        configure(solver, time_limit=time_limit, seed=seed, workers=workers,
                  deterministic_limit=GREEDY_WORK_UNITS)
        if solver.solve(pm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        held = set()
        for key, svs in gym_uses(pm).items():
            if any(solver.value(sv.var) for sv in svs):
                gym[key] += 1
        for key, uses in supervised_uses(pm).items():
            if any(solver.value(sv.var) and not solver.value(started) for sv, started in uses):
                coach[key] += 1
        for sv in pm.vars.sessions:
            if solver.value(sv.var):
                held.add((sv.day.date, sv.kind, sv.placement, sv.slot))
        out[index] = held
    return out
