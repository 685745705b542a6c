"""Irreducible infeasible subsets of assumption literals, and the smallest change that works.

CP-SAT's sufficient assumptions are reliable only on a feasibility model solved with one worker
(design notes), and they need not be minimal; :func:`shrink` is a deletion filter over them:
it drops one member at a time and keeps it out when the rest is still infeasible, so every
member left is necessary — removing any one of them makes the rest feasible. That is an
*irreducible* set, not necessarily the one with the fewest members; the deletion order decides
which of several irreducible sets is found, so callers order the members by preference (the
first ones are dropped first). :func:`grouped` runs the same filter over groups of literals
(every guard of one rule, of one week). :func:`least` finds the smallest setting that works by
bisection, for every "raise this number" suggestion.
"""

from __future__ import annotations

import bisect

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

from ortools.sat.python import cp_model

G = TypeVar("G", bound=Hashable)
K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

CoreOf = Callable[[list[G]], "list[G] | None"]


def assumption_core(model: cp_model.CpModel, literals: dict[G, cp_model.IntVar],
                    active: Sequence[G], time_limit: float) -> list[G] | None:
    """Solve ``model`` assuming the literals of ``active``; the members CP-SAT names as
    sufficient for infeasibility (all of ``active`` if it names none), or ``None`` when the
    model is feasible (or undecided within ``time_limit``) under those assumptions.

    One worker and CP-SAT's default seed: the same model and assumptions give the same core.
    Presolve is off: a deletion check under a few assumptions is decided in well under a
    second, and presolving the whole model first took most of that time."""
    index = {literals[g].index: g for g in active}
    model.clear_assumptions()
    model.add_assumptions([literals[g] for g in active])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.cp_model_presolve = False  # a check is short: presolve costs 3x more
    if solver.solve(model) != cp_model.INFEASIBLE:
        return None
    core = [index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index]
    return core or list(active)


def shrink(core_of: CoreOf[G], active: list[G], accelerate: bool = True) -> list[G]:
    """An irreducible infeasible subset of ``active`` by deletion (``[]`` when ``active`` is
    feasible): drop one member, in the order of ``active``; if the rest is still infeasible it
    was not needed. With ``accelerate``, an infeasible rest is replaced by the core CP-SAT
    names in it (fewer solves, but CP-SAT then chooses what else goes); without, only the
    member tried is dropped, so the order of ``active`` alone decides which set is found."""
    core = core_of(active)
    if core is None:
        return []
    if not accelerate:
        core = list(active)
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        smaller = core_of(trial) if trial else None
        if smaller is not None:
            keep = set(smaller) if accelerate else set(trial)
            core = [g for g in trial if g in keep]
        else:
            i += 1
    return core


def grouped(core_of: CoreOf[G], groups: Mapping[K, Sequence[G]]) -> CoreOf[K]:
    """``core_of`` over groups of members: a set of groups is infeasible when all their members
    together are, and its core is the groups that hold a member of the members' core."""

    def group_core(active: list[K]) -> list[K] | None:
        core = core_of([g for key in active for g in groups[key]])
        if core is None:
            return None
        named = set(core)
        return [key for key in active if any(g in named for g in groups[key])]

    return group_core


def least(candidates: Sequence[T], works: Callable[[T], bool],
          last_works: bool = False) -> T | None:
    """The first of ``candidates`` that works, by bisection: they are ordered so that once one
    works every later one does too (a larger cap or budget only loosens the rules). ``None``
    when the last one does not work; ``last_works`` says it is known to (no solve for it)."""
    if not candidates or not (last_works or works(candidates[-1])):
        return None
    # works() is False, ..., False, True, ..., True over the candidates: the first True.
    return candidates[bisect.bisect_left(candidates, True, hi=len(candidates) - 1, key=works)]
