"""Solve one scenario: build the model, run CP-SAT, return a :class:`SolveResult`.

Reproducibility. CP-SAT repeats itself exactly only under conditions, and the defaults here
meet them:

* **one worker** (the default: with the full linearization it is also the fastest prover on
  2 cores), or several workers with ``interleave_search`` (the workers' searches are
  interleaved in one deterministic schedule instead of racing on threads);
* the same ``random_seed``;
* the search ends by **proving optimality** or at a **deterministic** time limit
  (``max_deterministic_time``, CP-SAT's work units). A wall-clock limit stops at whatever point
  the machine reached, so a plan cut short by ``--time-limit`` seconds may differ between runs
  and machines; such a result says ``deterministic: false`` in ``solver``;
* ties between equal optima are then broken the same way because the whole search is replayed
  identically.

``solver.wall_seconds`` is the one field that differs between identical runs.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models import Plan, Scenario
from models.scenario import as_scenario
from models.plan import SolverInfo, number

from .context import SCALE
from .extract import extract_plan
from .model import PlanModel

ProgressFn = Callable[[float, float, float], None]

DEFAULT_TIME_LIMIT = 60.0
DEFAULT_WORKERS = 1
# The rules are mostly clauses and at-most-ones; CP-SAT's default LP leaves many of them out, so
# proofs on long horizons stall on a weak bound. Level 2 linearizes them all: on a 12-week plan
# with six free days a week the proof drops from over 40 s to about 3 s, and 104 weeks from
# about 19 s to 5 s (one worker, 2 cores).
LINEARIZATION_LEVEL = 2


class SolveStatus:
    """What a result says about its search: ``status``, ``objective`` and ``best_bound``."""

    status: str
    objective: float | None
    best_bound: float | None

    @property
    def feasible(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"

    @property
    def gap(self) -> float | None:
        """Relative gap between the best plan and the proven bound (0 when optimal)."""
        if self.objective is None or self.best_bound is None:
            return None
        if self.optimal:
            return 0.0
        return abs(self.best_bound - self.objective) / max(1.0, abs(self.best_bound))


@dataclass
class SolveResult(SolveStatus):
    """The outcome of one solve: status, plan (when one was found), objective, bound, time."""

    status: str
    plan: Plan | None
    objective: float | None
    best_bound: float | None
    wall_seconds: float
    first_solution_seconds: float | None
    seed: int
    workers: int
    deterministic: bool
    variables: int
    constraints: int
    stats: dict[str, float] = field(default_factory=dict)
    build_seconds: float = 0.0
    """Seconds to build the CP-SAT model (before the search, not in ``wall_seconds``)."""
    greedy_seconds: float = 0.0
    """Seconds the greedy warm start took (:mod:`optimizer.greedy`; 0 without one)."""
    warm_start: str | None = None
    """Where the solution hint came from: ``"greedy"``, ``"plan"`` (``hint=``), or ``None``;
    ``"greedy (incomplete)"`` when the greedy planner got stuck and hinted what it had."""
    from_greedy: bool = False
    """Whether ``plan`` is the greedy warm start's own checked plan: CP-SAT stopped (status
    ``UNKNOWN``) before it found one, so the result is ``FEASIBLE`` with the greedy plan's
    objective and CP-SAT's bound (see :func:`solve`)."""

    def summary(self) -> str:
        """Status, objective and bound, gap, time, seed and workers, and model size, in a few
        lines (what ``stridelift solve`` prints under the week table)."""
        lines = [f"status: {self.status}"]
        if self.objective is not None:
            bound, gap = ("-", "-") if self.gap is None else (number(self.best_bound),
                                                               f"{self.gap:.2%}")
            lines.append(f"objective: {number(self.objective)}  best bound: {bound}  gap: "
                         f"{gap}" + ("  (the greedy plan)" if self.from_greedy else ""))
        lines.append(f"solve time: {self.wall_seconds:.2f} s (seed {self.seed}, "
                     f"{self.workers} worker{'s' if self.workers != 1 else ''})")
        lines.append(f"model: {self.variables} variables, {self.constraints} constraints")
        return "\n".join(lines)


class Progress(cp_model.CpSolverSolutionCallback):
    """Times the first plan and reports each better one with :meth:`measures`."""

    def __init__(self, report: ProgressFn | None):
        super().__init__()
        self.report = report
        self.started = time.perf_counter()
        self.first: float | None = None

    def measures(self) -> tuple[float, float]:
        """What is reported besides the time: objective and bound, in points."""
        return self.objective_value / SCALE, self.best_objective_bound / SCALE

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.started
        if self.first is None:
            self.first = now
        if self.report is not None:
            self.report(*self.measures(), now)


def default_workers() -> int:
    return max(1, min(DEFAULT_WORKERS, os.cpu_count() or 1))


def configure(solver: cp_model.CpSolver, *, time_limit: float | None, seed: int, workers: int,
              deterministic_limit: float | None = None, log: bool = False) -> None:
    """Set the CP-SAT parameters that make a run reproducible (see the module docstring)."""
    p = solver.parameters
    p.random_seed = seed
    p.num_workers = workers
    p.linearization_level = LINEARIZATION_LEVEL
    if workers > 1:
        p.interleave_search = True
    if time_limit is not None and math.isfinite(time_limit):
        p.max_time_in_seconds = float(time_limit)
    if deterministic_limit is not None:
        p.max_deterministic_time = float(deterministic_limit)
    p.log_search_progress = log


SEED_RANGE = range(0, 2**31)
"""CP-SAT's random seeds (a 32-bit signed integer, from 0)."""


def check_arguments(*, time_limit: float | None = None, seed: int = 0, workers: int = 1,
                    deterministic_limit: float | None = None) -> None:
    """Raise :class:`ValueError` for a solve argument CP-SAT would reject or misread (a
    negative limit is CP-SAT's MODEL_INVALID, a 64-bit seed a pybind ``TypeError``)."""
    for name, limit in (("time_limit", time_limit), ("deterministic_limit", deterministic_limit)):
        if limit is not None and not (isinstance(limit, (int, float)) and limit > 0
                                      and math.isfinite(limit)):
            raise ValueError(f"{name} must be a positive number of seconds (or None), "
                             f"got {limit!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed not in SEED_RANGE:
        raise ValueError(f"seed must be a whole number from 0 to {SEED_RANGE.stop - 1}, got "
                         f"{seed!r}")
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1, got {workers!r}")


def solve(scenario: Scenario, *, time_limit: float | None = DEFAULT_TIME_LIMIT, seed: int = 0,
          workers: int | None = None, deterministic_limit: float | None = None,
          progress: ProgressFn | None = None, log: bool = False,
          hint: Plan | None = None, warm_start: bool = True,
          skip: Iterable[str] = (), explain_absent: bool = False) -> SolveResult:
    """Solve ``scenario`` and return a :class:`SolveResult` (never raises for infeasibility).

    Parameters
    ----------
    scenario
        The validated scenario (or a mapping or a file path: see :func:`as_scenario`).
    time_limit
        Wall-clock limit in seconds (``None`` for none). A plan cut short by it may not repeat.
    seed
        CP-SAT's random seed.
    workers
        CP-SAT workers; 1 by default. More workers are interleaved, so the result still repeats
        exactly (but is not faster on 2 cores).
    deterministic_limit
        A limit in CP-SAT's deterministic work units; a plan cut short by it repeats exactly.
    progress
        Called with ``(objective, best_bound, seconds)`` at each improving plan.
    log
        Print CP-SAT's search log.
    hint
        A plan to start from (a solution hint); it need not be valid.
    warm_start
        Without ``hint``, start from the greedy planner's sessions (:mod:`optimizer.greedy`).
        The greedy plan is deterministic, so the result still repeats exactly.
    skip
        Rule IDs to leave out of the model, to see what a rule costs (the plan may then break
        them; it is marked in ``notes``).
    explain_absent
        Say in ``notes`` why each kind the plan never introduces is left out: no plan can
        introduce it (the rules and facts that rule it out), or some plan could and the
        optimum leaves it out (:mod:`optimizer.absent`): an exact feasibility test per kind,
        one worker and ``seed``. What introducing a kind would cost is not solved for here
        (a second optimisation per kind doubled the novice marathon's solve time);
        ``stridelift explain --plan P --date D`` prices adding it on one day. Off by default
        (``stridelift solve`` turns it on): each missing kind costs a feasibility solve (under
        a second at 104 weeks) and naming the rules of a ruled-out kind up to
        :data:`~optimizer.absent.CAUSE_BUDGET` more, which a batch or a platform planning
        many athletes need not pay; without it the note names the kinds only.

    When the limit stops CP-SAT before its first plan (status ``UNKNOWN``) and the greedy
    warm start found a complete plan (``warm_start``, no ``hint``, no ``skip``), the result is
    that plan, checked by :func:`optimizer.check`: status ``FEASIBLE``, ``objective`` the
    greedy plan's, ``best_bound`` CP-SAT's when it proved one, ``from_greedy`` true, and a note
    in the plan saying so. ``UNKNOWN`` with no plan remains only when there is none.
    """
    from .greedy import greedy_sessions  # the greedy planner builds on this module

    workers = workers or default_workers()
    check_arguments(time_limit=time_limit, seed=seed, workers=workers,
                    deterministic_limit=deterministic_limit)
    scenario = as_scenario(scenario)
    began = time.perf_counter()
    pm = PlanModel(scenario, skip=skip)
    build = time.perf_counter() - began
    source = None
    greedy_seconds = 0.0
    held: set[SessionKey] = set()
    stuck: str | None = "no greedy warm start"
    if hint is not None:
        apply_hint(pm, hint)
        source = "plan"
    elif warm_start:
        began = time.perf_counter()
        held, stuck = greedy_sessions(pm)
        hint_sessions(pm, held)
        greedy_seconds = time.perf_counter() - began
        source = "greedy" if stuck is None else "greedy (incomplete)"
    solver = cp_model.CpSolver()
    configure(solver, time_limit=time_limit, seed=seed, workers=workers,
              deterministic_limit=deterministic_limit, log=log)
    callback = Progress(progress)
    started = time.perf_counter()
    code = solver.solve(pm.model, callback)
    wall = time.perf_counter() - started
    status = solver.status_name(code)
    size = pm.size()
    deterministic = status in ("OPTIMAL", "INFEASIBLE") or (
        deterministic_limit is not None and solver.deterministic_time >= deterministic_limit)
    objective = bound = None
    plan = None
    if status in ("OPTIMAL", "FEASIBLE"):
        objective = solver.objective_value / SCALE
        bound = solver.best_objective_bound / SCALE
        info = SolverInfo(status=status, objective=number(objective), best_bound=number(bound),
                          wall_seconds=round(wall, 3), seed=seed, workers=workers,
                          deterministic=deterministic, **size)
        plan = with_scenario_notes(extract_plan(pm, solver.value, info), scenario)
    from_greedy = False
    if status == "UNKNOWN" and stuck is None and not skip:
        plan, objective, bound = _greedy_fallback(scenario, held, solver, seed=seed,
                                                  workers=workers, wall=wall,
                                                  deterministic=deterministic, size=size)
        if plan is not None:
            status, from_greedy = "FEASIBLE", True
    if explain_absent and plan is not None:
        plan = _explain_absent(scenario, plan, seed)
    return SolveResult(
        status=status, plan=plan, objective=objective, best_bound=bound, wall_seconds=wall,
        first_solution_seconds=callback.first, seed=seed, workers=workers,
        deterministic=deterministic, stats={"deterministic_time": solver.deterministic_time,
                                            "conflicts": solver.num_conflicts,
                                            "branches": solver.num_branches},
        build_seconds=build, greedy_seconds=greedy_seconds, warm_start=source,
        from_greedy=from_greedy, **size)


def _greedy_fallback(scenario: Scenario, held: set[SessionKey], solver: cp_model.CpSolver, *,
                     seed: int, workers: int, wall: float, deterministic: bool,
                     size: dict[str, int]) -> tuple[Plan | None, float | None, float | None]:
    """``(plan, objective, best bound)`` of the greedy warm start's checked plan, for a
    search that stopped before CP-SAT's first plan; ``(None, None, None)`` when the greedy
    plan fails its completion or the checker (then there is truly no plan)."""
    from .greedy import GREEDY_NOTE, complete_greedy

    greedy = complete_greedy(scenario, held, seed=seed)
    if greedy.plan is None or greedy.objective is None:
        return None, None, None
    objective = greedy.objective
    bound: float | None = solver.best_objective_bound / SCALE
    if (not solver.response_proto.inner_objective_lower_bound  # unset: CP-SAT proved none
            or not math.isfinite(bound) or bound < objective):
        bound = None
    info = SolverInfo(status="FEASIBLE", objective=number(objective),
                      best_bound=None if bound is None else number(bound),
                      wall_seconds=round(wall, 3), seed=seed, workers=workers,
                      deterministic=deterministic, **size)
    note = ("greedy plan: CP-SAT stopped at its time limit before it found a plan, so this "
            "is the greedy warm start's plan, filled week by week as a coach would and "
            "checked against every hard rule, but not optimised; raise --time-limit (or "
            "deterministic_limit) for the optimum")
    notes = [note if n == GREEDY_NOTE else n for n in greedy.plan.notes]
    plan = greedy.plan.model_copy(update={"solver": info, "notes": notes})
    return plan, objective, bound


def with_scenario_notes(plan: Plan, scenario: Scenario) -> Plan:
    """``plan`` with the notes the scenario's input calls for (:meth:`Scenario.plan_notes`:
    away on race day, power established without lifting) after its own."""
    extra = scenario.plan_notes()
    return plan.model_copy(update={"notes": [*plan.notes, *extra]}) if extra else plan


def _explain_absent(scenario: Scenario, plan: Plan, seed: int) -> Plan:
    """``plan`` with its note on the kinds it never introduces naming why, per kind."""
    from .absent import NOTE_PREFIX, absence_note, absences, missing_kinds

    if not missing_kinds(scenario, plan):
        return plan
    note = absence_note(absences(scenario, plan, seed=seed, cost=False))
    notes = [note if n.startswith(NOTE_PREFIX) else n for n in plan.notes]
    return plan.model_copy(update={"notes": notes})


SessionKey = tuple  # (date, kind, placement, slot)


def held_sessions(plan: Plan) -> set[SessionKey]:
    """The ``(date, kind, placement, slot)`` of every session ``plan`` holds."""
    return {(day.date, s.kind, s.placement, s.slot) for day in plan.days for s in day.sessions}


def hint_sessions(pm: PlanModel, held: set[SessionKey]) -> None:
    """Hint every session variable with whether ``held`` holds it, and every introduction
    variable with the week its kind first appears in ``held``."""
    first_week: dict[object, int] = {}
    for sv in pm.vars.sessions:
        on = (sv.day.date, sv.kind, sv.placement, sv.slot) in held
        pm.model.add_hint(sv.var, on)
        if on:
            first_week[sv.kind] = min(first_week.get(sv.kind, sv.week), sv.week)
    for (kind, week), var in pm.vars.intro.items():
        pm.model.add_hint(var, first_week.get(kind) == week)


def apply_hint(pm: PlanModel, plan: Plan) -> None:
    """Hint every session (and introduction) variable with what ``plan`` holds."""
    hint_sessions(pm, held_sessions(plan))
