"""Why a plan never introduces a kind: no plan can, or the best plan leaves it out.

For each new kind a solved plan never holds, one guarded feasibility model (as the
infeasibility explanation builds it) is asked whether *some* plan can introduce the kind: the
kind's introduction is forced by an assumption literal, every rule and input fact is guarded.

* When no plan can, the assumptions sufficient for infeasibility are shrunk to a minimal set
  (:func:`~optimizer.cores.shrink`): the rules and facts that rule the kind out. The rules that
  hold no matter what the ladder says (availability, slots, supervision) are tried first,
  since they are the cause a coach can act on; when they alone rule the kind out and the
  progression rules H13-H15 alone do too, both sets are named. Each fact's change is then
  tried on the scenario (solved again with the kind forced in): only changes that let a plan
  introduce the kind are offered.
* When a plan can, the scenario is solved again with the kind forced in, from the best plan
  as a hint, for a bounded deterministic effort: the points introducing it costs.

Every solve uses one worker and the caller's seed, and a deterministic limit where it may stop
early, so the notes repeat exactly.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models import InputError, Plan, Scenario
from models.plan import number
from models.rulebook import title
from models.vocabulary import KINDS, Kind

from .context import SCALE, Guard
from .cores import shrink
from .explain import ConflictPart, Relaxation, summarise_dates
from .facts import scenario_data
from .model import PlanModel
from .solve import apply_hint, configure

PROGRESSION = frozenset({"H13", "H14", "H15"})
CORE_TIME_LIMIT = 30.0
COST_EFFORT = 2.0
"""Deterministic work units (CP-SAT's ``max_deterministic_time``) the cost solve may take."""

_FORCED = Guard("introduce")


@dataclass
class Absence:
    """Why ``kind`` is not in the plan: ``conflicts`` (each a minimal set of parts that rule
    it out on its own) when no plan can introduce it, else the best plan with it."""

    kind: Kind
    conflicts: list[list[ConflictPart]] = field(default_factory=list)
    relaxations: list[Relaxation] = field(default_factory=list)
    with_kind: float | None = None
    bound: float | None = None
    objective: float | None = None
    same_as: Kind | None = None
    """Another kind ruled out by the very same rules and facts."""
    costed: bool = False
    """Whether the best plan with the kind was solved for (``with_kind``, ``bound``)."""
    unnamed: bool = False
    """No plan can introduce the kind, but the plan is too long to name the rules
    (:data:`CAUSE_BUDGET`)."""
    optimal: bool = False
    """Whether the plan is proven optimal (then leaving the kind out is the optimum's choice)."""
    weeks: int = 0
    """The plan's number of weeks (a rule's dates are named when it holds in fewer)."""

    @property
    def possible(self) -> bool:
        return not self.conflicts and not self.unnamed

    def text(self) -> str:
        """One sentence on the kind, as the plan's note and ``explain --date`` print it."""
        name = self.kind.value
        if self.possible:
            return f"{name}: a plan could introduce it, but the best plan leaves it out" \
                + self._cost()
        if self.unnamed:
            return (f"{name}: no plan can introduce it (each plan was tested; naming the rules "
                    "that rule it out was cut short: list the kind as established in a copy "
                    "of the scenario and `stridelift explain` it)")
        if self.same_as is not None:
            text = f"{name}: no plan can introduce it, for the same reason as " \
                f"{self.same_as.value}"
        else:
            sets = ["; ".join(_part_text(p, self.weeks) for p in parts)
                    for parts in self.conflicts]
            text = f"{name}: no plan can introduce it: " + sets[0]
            if len(sets) > 1:
                text += "; and, on their own too, " + "; ".join(sets[1:])
        if self.relaxations:
            text += " (any one of these would let it in, each solved to check: " \
                + "; ".join(r.says for r in self.relaxations) + ")"
        return text

    def _cost(self) -> str:
        if not self.costed:
            return (" (the proven optimum: no plan with it scores more)" if self.optimal
                    else " (the best plan found; a longer search may bring it in)")
        if self.with_kind is None or self.objective is None:
            return " (no plan with it was found within the short search for one)"
        cost = number(self.objective - self.with_kind)
        if self.bound is not None and abs(self.bound - self.with_kind) < 1e-6:
            if cost == 0:
                return (f": a plan with it scores the same {number(self.objective)} points "
                        "(a tie)")
            unit = "point" if cost == 1 else "points"
            return (f": introducing it costs {cost:g} {unit} (the best plan with it scores "
                    f"{number(self.with_kind)} against {number(self.objective)})")
        least = number(max(0.0, self.objective - (self.bound or self.with_kind)))
        return (f": introducing it costs {least:g} to {cost:g} points (a plan with it scores "
                f"{number(self.with_kind)} against {number(self.objective)}; a short search "
                "did not prove a better one impossible)")


def _part_text(part: ConflictPart, weeks: int) -> str:
    """``H17 supervision (no coach on Wednesdays pm)``, with the dates when the part is about
    some weeks of the plan only."""
    text = title(part.rule)
    if part.facts:
        text += " (" + "; ".join(f.says for f in part.facts) + ")"
    if part.dates and len({(d - part.dates[0]).days // 7 for d in part.dates}) < weeks - 1:
        text += " on " + summarise_dates(part.dates, limit=3)
    return text


def missing_kinds(scenario: Scenario, plan: Plan) -> list[Kind]:
    """The kinds the athlete does not have established and ``plan`` never introduces."""
    return [k for k in KINDS if not scenario.established(k) and k not in plan.introductions]


class _OverBudget(Exception):
    """Naming the rules took more than :data:`CAUSE_BUDGET`."""


class _Forced:
    """A guarded feasibility model with one assumption literal per kind that forces the
    kind's introduction."""

    def __init__(self, scenario: Scenario, kinds: list[Kind], seed: int):
        self.pm = PlanModel(scenario, guarded=True, objective=False)
        self.seed = seed
        self.spent = 0.0
        """Deterministic time of the solves so far (:data:`CAUSE_BUDGET`)."""
        self.force = _force_literals(self.pm, kinds)

    def core_of(self, kind: Kind):
        """The guards of ``active`` sufficient to rule ``kind`` out, or None when a plan
        keeping them all can introduce it (as :func:`~optimizer.cores.assumption_core`, but
        without presolve: these models are easy, and presolving them is most of the time)."""
        model = self.pm.model
        guards = self.pm.ctx.guards

        def core(active: list[Guard]) -> list[Guard] | None:
            index = {guards[g].index: g for g in active}
            model.clear_assumptions()
            model.add_assumptions([*(guards[g] for g in active), self.force[kind]])
            if self.spent >= CAUSE_BUDGET:
                raise _OverBudget
            solver = _solver(self.seed)
            solver.parameters.max_deterministic_time = CAUSE_BUDGET - self.spent
            status = solver.solve(model)
            self.spent += solver.deterministic_time
            if status == cp_model.UNKNOWN:
                raise _OverBudget
            if status != cp_model.INFEASIBLE:
                return None
            found = [index[i] for i in solver.sufficient_assumptions_for_infeasibility()
                     if i in index]
            return found or list(active)
        return core

    def conflicts(self, kind: Kind, known: dict[Kind, list[list[Guard]]]
                  ) -> tuple[list[list[Guard]], Kind | None]:
        """Minimal guard sets that each rule ``kind`` out ([] when a plan can have it); when
        the sets of a kind in ``known`` rule it out too, those sets and that kind."""
        core_of = self.core_of(kind)
        guards = list(self.pm.ctx.guards)
        if core_of(guards) is None:
            return [], None
        found = []
        for rules in ([g for g in guards if g.rule not in PROGRESSION],
                      [g for g in guards if g.rule in PROGRESSION]):
            if core_of(rules) is None:
                continue
            reused = [core for cores in known.values() for core in cores
                      if set(core) <= set(rules) and core_of(core) is not None]
            found.append(reused[0] if reused else shrink(core_of, rules))
        found = found or [shrink(core_of, guards)]
        same = [other for other, cores in known.items() if cores == found]
        return found, same[0] if same else None

    def parts(self, core: list[Guard]) -> list[ConflictPart]:
        calendar = self.pm.calendar
        days = self.pm.ctx.guard_days
        parts: dict[str, ConflictPart] = {}
        for guard in sorted(core, key=lambda g: (int(g.rule[1:]), g.fact.key if g.fact else "")):
            part = parts.setdefault(guard.rule, ConflictPart(guard.rule))
            if guard.fact is not None:
                part.facts.append(guard.fact)
            part.dates = sorted(set(part.dates) | {calendar.days[i].date
                                                   for i in days.get(guard, ())})
        return list(parts.values())


def _solver(seed: int) -> cp_model.CpSolver:
    """One worker, the caller's seed, no presolve: for the feasibility solves here."""
    solver = cp_model.CpSolver()
    configure(solver, time_limit=CORE_TIME_LIMIT, seed=seed, workers=1)
    solver.parameters.cp_model_presolve = False
    return solver


def _patched(scenario: Scenario, relax: Relaxation) -> Scenario | None:
    try:
        return Scenario.from_data(relax.apply(scenario_data(scenario)))
    except InputError:
        return None


def _force_literals(pm: PlanModel, kinds: list[Kind]) -> dict[Kind, cp_model.IntVar]:
    """One literal per kind that, as an assumption, forces the kind's introduction."""
    force = {}
    for kind in kinds:
        lit = pm.model.new_bool_var(f"introduce_{kind.value}")
        pm.model.add(sum(pm.vars.intro[kind, w.number] for w in pm.calendar.weeks) == 1
                     ).only_enforce_if(lit)
        force[kind] = lit
    return force


def _introducible_kinds(scenario: Scenario, kinds: list[Kind], seed: int) -> set[Kind]:
    """The ``kinds`` some plan of ``scenario`` can introduce: one model, one feasibility solve
    per kind under its forcing assumption."""
    pm = PlanModel(scenario, objective=False)
    force = _force_literals(pm, kinds)
    found = set()
    for kind in kinds:
        pm.model.clear_assumptions()
        pm.model.add_assumptions([force[kind]])
        if _solver(seed).solve(pm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found.add(kind)
    return found


def _introducible(scenario: Scenario | None, kind: Kind, seed: int) -> bool:
    return scenario is not None and kind in _introducible_kinds(scenario, [kind], seed)


def _relaxations(forced: _Forced, scenario: Scenario, kind: Kind, conflicts: list[list[Guard]],
                 seed: int) -> list[Relaxation]:
    """The fact changes (one from each conflict) that let a plan introduce ``kind``: first
    tried on the guarded model (every guard of the changed facts off), then those that pass
    on the changed scenario itself."""
    core_of = forced.core_of(kind)
    choices = [list(dict.fromkeys(g.fact.patch for g in core if g.fact and g.fact.patch))
               for core in conflicts]
    found = []
    for combo in itertools.islice(itertools.product(*choices), 12):
        changed = {g.fact.key for core in conflicts for g in core
                   if g.fact and g.fact.patch in combo}
        rest = [g for g in forced.pm.ctx.guards if not (g.fact and g.fact.key in changed)]
        relax = Relaxation(tuple(combo))
        if core_of(rest) is None and _introducible(_patched(scenario, relax), kind, seed):
            found.append(relax)
    return found


def _best_with(scenario: Scenario, plan: Plan, kind: Kind, seed: int) -> tuple[float | None,
                                                                               float | None]:
    """The best objective (and the proven bound) of a plan that introduces ``kind``."""
    pm = PlanModel(scenario)
    pm.model.add(_force_literals(pm, [kind])[kind] == 1)
    apply_hint(pm, plan)
    solver = cp_model.CpSolver()
    configure(solver, time_limit=None, seed=seed, workers=1, deterministic_limit=COST_EFFORT)
    status = solver.solve(pm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, None
    return solver.objective_value / SCALE, solver.best_objective_bound / SCALE


CAUSE_BUDGET = 0.6
"""CP-SAT deterministic work units (summed over its solves, each solve capped by what is left)
that naming the rules of the ruled-out kinds may take. Whether a plan can introduce a kind
is one feasibility solve at any length (under a second at 104 weeks); naming the rules
shrinks a guarded model by many solves: 0.49 units (about 1 s) for the QA scenario with a
morning-only coach (26 weeks), 0.2 for the one with no gym, but 1.9 (9 s) for a 24-week
synthetic athlete and 40-160 s at 52 and 104 weeks. Past the budget the note says only that
no plan can introduce the kind; the budget is deterministic, so the note repeats exactly."""
CACHE_SIZE = 64
"""Scenarios whose causes :func:`absences` keeps: solving one scenario again (a batch run
again, a coach trying weights, a test suite) asks the same question of the same rules."""
_causes: collections.OrderedDict[tuple[str, tuple[Kind, ...], int], list[Absence]] = \
    collections.OrderedDict()


def _causes_of(scenario: Scenario, kinds: list[Kind], seed: int) -> list[Absence]:
    """Per kind, the rules and facts that rule it out (with the fact changes that let it in),
    or none when a plan could introduce it: a pure function of the scenario, the kinds and the
    seed, so it is kept (:data:`CACHE_SIZE` scenarios, least recently used out)."""
    key = (scenario.model_dump_json(), tuple(kinds), seed)
    if key in _causes:
        _causes.move_to_end(key)
        return [dataclasses.replace(a) for a in _causes[key]]
    possible = _introducible_kinds(scenario, kinds, seed)
    forced = _Forced(scenario, kinds, seed) if set(kinds) - possible else None
    out = []
    known: dict[Kind, list[list[Guard]]] = {}
    relaxed: dict[Kind, list[Relaxation]] = {}
    for kind in kinds:
        if forced is None or kind in possible:
            out.append(Absence(kind))
            continue
        weeks = forced.pm.calendar.num_weeks
        try:
            cores, same_as = forced.conflicts(kind, known)
        except _OverBudget:
            out.append(Absence(kind, weeks=weeks, unnamed=True))
            continue
        known[kind] = cores
        absence = Absence(kind, [forced.parts(c) for c in cores], same_as=same_as,
                          weeks=weeks)
        if same_as is not None:
            absence.relaxations = [r for r in relaxed[same_as]
                                   if _introducible(_patched(scenario, r), kind, seed)]
        elif cores:
            absence.relaxations = _relaxations(forced, scenario, kind, cores, seed)
        relaxed[kind] = absence.relaxations
        out.append(absence)
    _keep(key, out)
    return [dataclasses.replace(a) for a in out]


def _keep(key: tuple[str, tuple[Kind, ...], int], found: list[Absence]) -> None:
    _causes[key] = found
    while len(_causes) > CACHE_SIZE:
        _causes.popitem(last=False)


def absences(scenario: Scenario, plan: Plan, kinds: list[Kind] | None = None, seed: int = 0,
             cost: bool = True) -> list[Absence]:
    """Why ``plan`` never introduces each of ``kinds`` (by default :func:`missing_kinds`);
    ``cost`` also solves for the best plan with each kind a plan could introduce."""
    kinds = missing_kinds(scenario, plan) if kinds is None else kinds
    if not kinds:
        return []
    objective = plan.solver.objective if plan.solver else None
    out = _causes_of(scenario, kinds, seed)
    for absence in out:
        absence.objective = objective
        absence.optimal = bool(plan.solver and plan.solver.status == "OPTIMAL")
        if absence.possible and cost and objective is not None:
            absence.with_kind, absence.bound = _best_with(scenario, plan, absence.kind, seed)
            absence.costed = True
    return out


NOTE_PREFIX = "Not introduced in this plan: "


def absence_note(found: list[Absence]) -> str:
    """The plan's note on the kinds it never introduces, one clause per kind."""
    return NOTE_PREFIX + ". ".join(a.text() for a in found) + "."
