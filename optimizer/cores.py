"""Minimal infeasible subsets of assumption literals, shared by the explanations.

CP-SAT's sufficient assumptions are reliable only on a feasibility model solved with one worker
(design notes), and they need not be minimal; :func:`shrink` removes members by deletion until
every one left is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from ortools.sat.python import cp_model

G = TypeVar("G", bound=Hashable)


def assumption_core(model: cp_model.CpModel, literals: dict[G, cp_model.IntVar],
                    active: Sequence[G], time_limit: float) -> list[G] | None:
    """Solve ``model`` assuming the literals of ``active``; the members CP-SAT names as
    sufficient for infeasibility (all of ``active`` if it names none), or ``None`` when the
    model is feasible (or undecided within ``time_limit``) under those assumptions."""
    index = {literals[g].index: g for g in active}
    model.clear_assumptions()
    model.add_assumptions([literals[g] for g in active])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    if solver.solve(model) != cp_model.INFEASIBLE:
        return None
    core = [index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index]
    return core or list(active)


def shrink(core_of: Callable[[list[G]], list[G] | None], active: list[G]) -> list[G]:
    """A minimal infeasible subset of ``active`` by deletion (``[]`` when ``active`` is
    feasible): drop one member; if the rest is still infeasible it was not needed."""
    core = core_of(active)
    if core is None:
        return []
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        smaller = core_of(trial) if trial else None
        if smaller is not None:
            keep = set(smaller)
            core = [g for g in trial if g in keep]
        else:
            i += 1
    return core
