"""Solve a squad: every athlete alone first (in parallel), then the joint model (H18, fairness).

:func:`solve_squad` is the library call behind ``stridelift squad``:

1. each athlete is solved alone with :func:`optimizer.batch.solve_many` (in parallel, never
   oversubscribing the cores). An athlete with no plan of their own makes the squad
   infeasible (or unsolved) at once, naming them;
2. the joint :class:`~optimizer.squad.SquadModel` is built with those solo optima (for the
   fair objective) and the solo plans as a solution hint, and solved with the same seed and
   worker count (one worker by default, so a proven optimum repeats exactly);
3. each athlete's plan is extracted as an ordinary single-athlete plan, and the roster is
   read from the plans. An infeasible squad is explained by
   :func:`optimizer.squad_explain.explain_squad`: the dates and slots that overflow.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models import Plan
from models.plan import SolverInfo, number
from models.squad import Squad

from .batch import solve_many
from .context import SCALE
from .extract import extract_plan
from .roster import RosterSlot, build_roster
from .solve import DEFAULT_TIME_LIMIT, Progress, SolveResult, SolveStatus, configure, \
    default_workers, held_sessions, hint_sessions, with_scenario_notes
from .squad import PER_MILLE, SquadModel, share_of
from .squad_explain import SquadConflict, explain_squad
from .squad_greedy import greedy_sessions

SUMMARY_FORMAT = "stridelift.squad-summary/2"
"""The squad summary's format: /2 keeps every wall-clock time in one ``timing`` block (/1
had them in ``solver``, beside the fields that repeat)."""

SquadProgressFn = Callable[[float, float, float], None]
"""Called with ``(worst share in per-mille, total points, seconds)`` at each better plan."""


@dataclass
class AthleteResult:
    """One athlete of a solved squad: the plan, its score and what sharing cost them."""

    name: str
    source: str
    stem: str
    solo: SolveResult
    plan: Plan | None = None
    score: float | None = None

    @property
    def solo_score(self) -> float | None:
        """The athlete's optimum when solved alone (points; the best found if not proven)."""
        return self.solo.objective

    @property
    def price(self) -> float | None:
        """The price of sharing: solo optimum minus squad score, in points."""
        if self.score is None or self.solo_score is None:
            return None
        return self.solo_score - self.score

    @property
    def share(self) -> float | None:
        """What the athlete keeps of the solo optimum, per-mille (see
        :func:`optimizer.squad.fair_objective`)."""
        if self.score is None or self.solo_score is None:
            return None
        return share_of(self.score, self.solo_score)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.source, "plan_file": f"{self.stem}.json",
                "status": self.plan.solver.status if self.plan and self.plan.solver else None,
                "score": _num(self.score), "solo_optimum": _num(self.solo_score),
                "solo_status": self.solo.status, "price_of_sharing": _num(self.price),
                "share_per_mille": _num(self.share)}


def _num(value: float | None) -> float | int | None:
    return None if value is None else number(value)


def percent(share: float | None) -> str:
    """A share (per-mille, as the model and the JSON keep it) as people read it:
    ``916.7`` -> ``91.7 %``. The one unit of every human-readable squad output."""
    return "-" if share is None else f"{share / 10:.1f} %"


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


@dataclass
class SquadResult(SolveStatus):
    """The outcome of a squad solve (never raised: an infeasible squad is a result too).

    ``status`` is the joint solve's CP-SAT status, or ``INFEASIBLE``/``UNKNOWN`` when an
    athlete alone has no plan (``athletes_without_plan``). ``objective``/``best_bound`` are
    the joint objective's (worst share weighted over the sum, :mod:`optimizer.squad`);
    ``gap`` is their relative gap, 0 when proven optimal.
    """

    squad: str
    status: str
    athletes: list[AthleteResult]
    roster: list[RosterSlot] = field(default_factory=list)
    objective: float | None = None
    best_bound: float | None = None
    worst_share_bound: float | None = None
    solo_seconds: float = 0.0
    greedy_seconds: float = 0.0
    wall_seconds: float = 0.0
    first_solution_seconds: float | None = None
    seed: int = 0
    workers: int = 1
    deterministic: bool = False
    variables: int = 0
    constraints: int = 0
    athletes_without_plan: list[str] = field(default_factory=list)
    conflict: SquadConflict | None = None

    @property
    def plans(self) -> list[Plan | None]:
        """Each athlete's plan in squad order (``None`` for an athlete without one)."""
        return [a.plan for a in self.athletes]

    @property
    def worst(self) -> AthleteResult | None:
        """The athlete with the smallest share (ties: the larger price, then squad order)."""
        scored = [a for a in self.athletes if a.share is not None]
        if not scored:
            return None
        return min(scored, key=lambda a: (a.share, -(a.price or 0)))

    @property
    def worst_share(self) -> float | None:
        worst = self.worst
        return None if worst is None else worst.share

    @property
    def total_score(self) -> float | None:
        if not self.feasible:
            return None
        return sum(a.score or 0.0 for a in self.athletes)

    def summary(self) -> str:
        """Status, worst share and total, the gap and times, in a few lines (what
        ``stridelift squad`` prints under its table)."""
        lines = [f"squad: {self.squad} ({len(self.athletes)} athletes)", f"status: {self.status}"]
        if self.feasible:
            worst = self.worst
            lines.append(f"total score: {number(self.total_score or 0)} points; worst share "
                         f"{percent(self.worst_share or 0)}"
                         + (f" ({worst.name}, price of sharing {number(worst.price or 0)})"
                            if worst else ""))
            lines.append(f"gap: {self.gap:.2%}; first plan after "
                         f"{self.first_solution_seconds or 0:.2f} s")
        if self.athletes_without_plan:
            lines.append("no plan alone: " + ", ".join(self.athletes_without_plan))
        lines.append(f"solve time: {self.solo_seconds:.2f} s alone (in parallel) + "
                     f"{self.wall_seconds:.2f} s together (seed {self.seed}, "
                     f"{self.workers} worker{'s' if self.workers != 1 else ''})")
        lines.append(f"model: {self.variables} variables, {self.constraints} constraints")
        return "\n".join(lines)

    def timing(self) -> dict[str, float | None]:
        """The wall-clock seconds of the solve: the summary's ``timing`` block, the one part
        of it that differs between two runs with the same squad, seed and workers.

        ``wall_seconds`` the joint solve (greedy start, model build and search),
        ``solo_seconds`` every athlete alone (in parallel), ``greedy_seconds`` the greedy
        start's share of the joint solve, ``first_solution_seconds`` from the end of the
        solo phase to CP-SAT's first joint plan (``None`` without one).
        """
        return {"wall_seconds": round(self.wall_seconds, 3),
                "solo_seconds": round(self.solo_seconds, 3),
                "greedy_seconds": round(self.greedy_seconds, 3),
                "first_solution_seconds": _seconds(self.first_solution_seconds)}

    def to_dict(self) -> dict[str, Any]:
        """The squad summary (``stridelift.squad-summary/2``): JSON-ready. Every timing is
        in its ``timing`` block (:meth:`timing`); everything else repeats byte for byte for
        the same squad, seed and workers when the joint solve proves optimality."""
        worst = self.worst
        return {
            "format": SUMMARY_FORMAT, "squad": self.squad, "status": self.status,
            "solver": {"objective": _num(self.objective), "best_bound": _num(self.best_bound),
                       "gap": None if self.gap is None else round(self.gap, 6),
                       "seed": self.seed, "workers": self.workers,
                       "deterministic": self.deterministic,
                       "variables": self.variables, "constraints": self.constraints},
            "timing": self.timing(),
            "fairness": {"worst_share_per_mille": _num(self.worst_share),
                         "worst_share_bound": _num(self.worst_share_bound),
                         "worst_athlete": worst.name if worst else None,
                         "worst_price_of_sharing": _num(worst.price) if worst else None,
                         "total_score": _num(self.total_score),
                         "total_solo": _num(sum(a.solo_score or 0 for a in self.athletes))},
            "athletes": [a.to_dict() for a in self.athletes],
            "athletes_without_plan": self.athletes_without_plan,
            "conflict": self.conflict.to_dict() if self.conflict else None,
            "roster": [slot.to_dict() for slot in self.roster],
        }


class _Progress(Progress):
    """Reports each better joint plan by its worst share and total points."""

    def __init__(self, sm: SquadModel, report: SquadProgressFn | None):
        super().__init__(report)
        self.sm = sm

    def measures(self) -> tuple[float, float]:
        total = sum(self.value(s) for s in self.sm.scores) / SCALE
        share = self.value(self.sm.worst_share) if self.sm.worst_share is not None else 0
        return float(share), total


def solve_squad(squad: Squad, *, time_limit: float | None = DEFAULT_TIME_LIMIT, seed: int = 0,
                workers: int | None = None, jobs: int | None = None,
                executor: Executor | None = None, deterministic_limit: float | None = None,
                progress: SquadProgressFn | None = None, explain: bool = True,
                log: bool = False) -> SquadResult:
    """Plan a squad that shares one coach and one gym; never raises for infeasibility.

    Parameters
    ----------
    squad
        The validated squad (:meth:`models.squad.Squad.load`).
    time_limit
        Wall-clock limit in seconds of each solve: each athlete alone, then the joint solve.
    seed, workers, deterministic_limit
        As for :func:`optimizer.solve` (one CP-SAT worker by default).
    jobs, executor
        How the solo solves run in parallel (:func:`optimizer.batch.solve_many`).
    progress
        Called with ``(worst share, total points, seconds)`` at each better joint plan.
    explain
        Name the overflowing dates and slots when the squad is infeasible (extra solves).
    log
        Print CP-SAT's search log of the joint solve.
    """
    workers = workers or default_workers()
    started = time.perf_counter()
    solos = solve_many(list(squad.athletes), time_limit=time_limit, seed=seed, workers=workers,
                       jobs=jobs, executor=executor, deterministic_limit=deterministic_limit)
    solo_seconds = time.perf_counter() - started
    athletes = [AthleteResult(name, source, stem, solo) for name, source, stem, solo
                in zip(squad.names, squad.sources, squad.stems, solos)]
    result = SquadResult(squad.name, "UNKNOWN", athletes, solo_seconds=solo_seconds, seed=seed,
                         workers=workers)
    missing = [a for a in athletes if a.solo.plan is None]
    if missing:
        result.athletes_without_plan = [a.name for a in missing]
        infeasible = any(a.solo.status == "INFEASIBLE" for a in missing)
        result.status = "INFEASIBLE" if infeasible else "UNKNOWN"
        return result
    began = time.perf_counter()
    solo_plans = [a.solo.plan for a in athletes]
    greedy = greedy_sessions(squad, solo_plans, time_limit=min(time_limit or 10.0, 10.0),
                             seed=seed, workers=workers)
    result.greedy_seconds = time.perf_counter() - began
    sm = SquadModel(squad, [round(a.solo.objective * SCALE) for a in athletes])
    for pm, held, solo_plan in zip(sm.athletes, greedy or [None] * len(athletes), solo_plans):
        hint_sessions(pm, held if held is not None else held_sessions(solo_plan))
    solver = cp_model.CpSolver()
    configure(solver, time_limit=time_limit, seed=seed, workers=workers,
              deterministic_limit=deterministic_limit, log=log)
    callback = _Progress(sm, progress)
    status = solver.status_name(solver.solve(sm.model, callback))
    result.wall_seconds = time.perf_counter() - began
    if callback.first is not None:
        result.first_solution_seconds = callback.first + (callback.started - began)
    result.status = status
    result.deterministic = status in ("OPTIMAL", "INFEASIBLE") or (
        deterministic_limit is not None and solver.deterministic_time >= deterministic_limit)
    size = sm.size()
    result.variables, result.constraints = size["variables"], size["constraints"]
    if status == "INFEASIBLE" and explain:
        result.conflict = explain_squad(squad, time_limit=min(time_limit or 30.0, 30.0))
    if status not in ("OPTIMAL", "FEASIBLE"):
        return result
    result.objective = solver.objective_value
    result.best_bound = solver.best_objective_bound
    low = sum(list(sm.model.proto.variables[s.index].domain)[0] for s in sm.scores)
    result.worst_share_bound = min(PER_MILLE, (solver.best_objective_bound - low)
                                   // sm.share_weight)
    for pm, athlete, score, scenario in zip(sm.athletes, athletes, sm.scores, squad.athletes):
        athlete.score = solver.value(score) / SCALE
        info = SolverInfo(status=status, objective=number(athlete.score),
                          best_bound=number(athlete.solo.best_bound),
                          wall_seconds=round(result.wall_seconds, 3), seed=seed,
                          workers=workers, deterministic=result.deterministic,
                          variables=result.variables, constraints=result.constraints)
        athlete.plan = with_scenario_notes(extract_plan(pm, solver.value, info), scenario)
    result.roster = build_roster(squad, result.plans)
    return result
