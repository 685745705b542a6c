"""Explain an infeasible scenario in coach language, with relaxations that are proven to work.

Following the design note, the explanation is a separate *diagnostic* solve: the objective is
dropped, every rule family and every input fact it rests on is guarded by an assumption literal
(:class:`~optimizer.context.Guard`), and CP-SAT is asked, with one worker, for the assumptions
sufficient for infeasibility. That core need not be minimal, so it goes through a deletion
filter (:func:`~optimizer.cores.shrink`), each check a short one-worker solve:

1. **Rules.** Over the rules in CP-SAT's core, in rule-ID order, each rule (all its guards at
   once) is dropped when the others still cannot all hold. What is left is an *irreducible*
   set of rules: without any one of them the rest can hold. (Irreducible, not the fewest
   possible: deletion keeps the first such set it meets in rule-ID order.)
2. **Weeks.** A second model guards those rules per week, and per day for a constraint about
   one day; the weeks are filtered the same way, to the fewest weeks that still conflict.
3. **Days and facts.** In those weeks every guard is tried, unconditional constraints before
   those resting on a scenario fact (so "no gym on Thursdays" is kept rather than H4 on a
   Thursday that is not a gym day anyway), and dropped when not needed.

So every rule, fact and date reported is needed: removing any one of them (all its guards)
leaves constraints that can all hold. Finally each fact in the conflict that has a scenario
change (:class:`~optimizer.facts.Patch`) is applied to the scenario data and the whole scenario
is solved again: only changes that make it solvable are offered as relaxations, and a numeric
setting (the daily budget, a ``rules:`` cap or count of weeks) is offered at the value closest
to the scenario's that solves (:func:`~optimizer.cores.least`). The same scenario always gets
the same explanation.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models import InputError, Scenario
from models.rulebook import HARD_RULES, RULE_SENTENCES
from models.scenario import as_scenario

from .context import Guard
from .cores import assumption_core, grouped, least, shrink
from .facts import Fact, Patch, because, move_tune_up, scenario_data, switch_off
from .model import PlanModel


@dataclass
class ConflictPart:
    """One member of the irreducible conflicting set: a rule, its facts and its dates."""

    rule: str
    facts: list[Fact] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        """What the rule asks; the narrower part when every fact names one (a tune-up race's
        mini-taper, not the whole taper)."""
        narrower = {f.rule_says for f in self.facts}
        if len(narrower) == 1 and "" not in narrower:
            return narrower.pop()
        return RULE_SENTENCES.get(self.rule, HARD_RULES.get(self.rule, ""))

    @property
    def because(self) -> list[str]:
        """The facts as clauses, per-weekday facts of one kind merged (Mon..Sun)."""
        return because(self.facts)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "says": self.sentence,
                "facts": [f.says for f in self.facts], "because": self.because,
                "dates": [d.isoformat() for d in self.dates]}


@dataclass
class Relaxation:
    """A scenario change that makes the scenario solvable (verified by solving it)."""

    patches: tuple[Patch, ...]

    @property
    def says(self) -> str:
        return " and ".join(p.says for p in self.patches)

    def apply(self, data: dict[str, Any]) -> dict[str, Any]:
        for patch in self.patches:
            data = patch.apply(data)
        return data

    def to_dict(self) -> dict[str, Any]:
        return {"says": self.says,
                "changes": [{"field": p.field(), "op": p.op, "value": p.value}
                            for p in self.patches]}


@dataclass
class Explanation:
    """Why a scenario has no plan, and what would give it one."""

    scenario: str
    feasible: bool
    status: str
    conflict: list[ConflictPart] = field(default_factory=list)
    relaxations: list[Relaxation] = field(default_factory=list)

    def text(self) -> str:
        """The explanation as ``stridelift explain`` prints it: the conflicting rules with their
        facts and dates, then the changes that were each solved and make it solvable."""
        if self.feasible:
            return f"{self.scenario}: feasible; every hard rule can hold (status {self.status})."
        if not self.conflict:
            return (f"{self.scenario}: no plan was found ({self.status}), and the diagnostic "
                    "solve could not name a conflict within its time limit.")
        lines = [f"{self.scenario}: infeasible. These cannot all hold:"]
        for part in self.conflict:
            lines.append(f"  - {part.rule} {part.sentence}")
            if part.facts:
                lines.append("      because: " + "; ".join(part.because))
            if part.dates:
                lines.append("      dates: " + summarise_dates(part.dates))
        if self.relaxations:
            lines.append("Any one of these changes makes it solvable (each was solved to "
                         "check):")
            lines += [f"  - {r.says}" for r in self.relaxations]
        else:
            lines.append("No single change of the facts above makes it solvable; revisit the "
                         "running week, the gym days or the established kinds.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "feasible": self.feasible, "status": self.status,
                "conflict": [p.to_dict() for p in self.conflict],
                "relaxations": [r.to_dict() for r in self.relaxations]}


def summarise_dates(dates: list[dt.date], limit: int = 6) -> str:
    """``2027-01-04..2027-01-10, 2027-01-18`` — runs of consecutive dates as ranges."""
    runs: list[list[dt.date]] = []
    for day in sorted(set(dates)):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    texts = [r[0].isoformat() if len(r) == 1 else f"{r[0].isoformat()}..{r[-1].isoformat()}"
             for r in runs]
    if len(texts) > limit:
        return ", ".join(texts[:limit]) + f" and {len(texts) - limit} more"
    return ", ".join(texts)


def _feasible(scenario: Scenario, time_limit: float) -> str:
    pm = PlanModel(scenario, objective=False)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = time_limit
    return solver.status_name(solver.solve(pm.model))


def _rule_number(rule: str) -> int:
    return int(rule[1:])


def _preference(guard: Guard) -> tuple[Any, ...]:
    """Deletion order of the last pass: unconditional constraints first, then those resting
    on a fact; by rule ID, fact (weekdays Mon..Sun) and day. What is tried first goes first
    when something later covers it, so the facts a coach can change are kept."""
    return (guard.fact is not None, _rule_number(guard.rule),
            guard.fact.order if guard.fact else (), -1 if guard.day is None else guard.day)


class _Diagnosis:
    """A guarded feasibility model and the assumption solves on it."""

    def __init__(self, scenario: Scenario, by_week: bool, time_limit: float):
        self.pm = PlanModel(scenario, guarded=True, by_week=by_week, objective=False)
        self.time_limit = time_limit

    @property
    def guards(self) -> dict[Guard, cp_model.IntVar]:
        return self.pm.ctx.guards

    def infeasible_core(self, active: list[Guard]) -> list[Guard] | None:
        """The guards sufficient for infeasibility among ``active``, or None if feasible."""
        return assumption_core(self.pm.model, self.guards, active, self.time_limit)

    def irreducible_rules(self) -> list[str]:
        """Pass 1: the rules of CP-SAT's core, filtered in rule-ID order, each rule with all
        its guards, to a set in which every rule is needed."""
        first = self.infeasible_core(list(self.guards))
        if first is None:
            return []
        by_rule: dict[str, list[Guard]] = defaultdict(list)
        for guard in self.guards:
            by_rule[guard.rule].append(guard)
        order = sorted({g.rule for g in first}, key=_rule_number)
        return shrink(grouped(self.infeasible_core, by_rule), order, accelerate=False)

    def irreducible_guards(self, rules: list[str]) -> list[Guard]:
        """Passes 2 and 3 on a model guarded by week (and day): the weeks of ``rules`` that
        still conflict, then every guard in them in :func:`_preference` order."""
        pool = [g for g in self.guards if g.rule in rules]
        first = self.infeasible_core(pool)
        if first is None:
            return []
        by_week: dict[int, list[Guard]] = defaultdict(list)
        for guard in pool:
            by_week[guard.week or 0].append(guard)
        weeks = set(shrink(grouped(self.infeasible_core, by_week),
                           sorted({g.week or 0 for g in first})))
        members = sorted((g for g in pool if (g.week or 0) in weeks), key=_preference)
        return shrink(self.infeasible_core, members, accelerate=False)


def _value_at(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _tune_up_moves(scenario: Scenario, fact: Fact) -> list[Patch]:
    """Moving a tune-up race by a day, two or three (later first), within the build-up."""
    date = dt.date.fromisoformat(fact.key.split(":", 1)[1])
    taken = set(scenario.running.dates)
    moves = []
    for days in (1, -1, 2, -2, 3, -3):
        to = date + dt.timedelta(days=days)
        if scenario.start <= to < scenario.race.date and to not in taken:
            moves.append(move_tune_up(scenario, date, to))
    return moves


def _relaxations(scenario: Scenario, conflict_facts: list[Fact], time_limit: float,
                 extra: list[Patch]) -> list[Relaxation]:
    """The changes, each solved to check, that make ``scenario`` solvable: a numeric setting
    at the working value closest to the scenario's, a tune-up race moved by the fewest days
    that works (or dropped); pairs of changes when no single one works."""
    options: list[list[Patch]] = []  # each: alternatives, the first that works is offered
    for fact in conflict_facts:
        if fact.key.startswith("tune_up:"):
            options.append(_tune_up_moves(scenario, fact))
        if fact.patch:
            options.append([fact.patch])
    options += [[patch] for patch in extra]
    patches = list(dict.fromkeys(p for option in options if len(option) == 1 for p in option))
    base = scenario_data(scenario)
    found: list[Relaxation] = []

    def works(relax: Relaxation) -> bool:
        try:
            patched = Scenario.from_data(relax.apply(base))
        except InputError:
            return False
        return _feasible(patched, time_limit) in ("OPTIMAL", "FEASIBLE")

    def works_alone(patch: Patch) -> bool:
        return works(Relaxation((patch,)))

    def nearest(patch: Patch) -> Patch:
        """A numeric setting's value closest to the scenario's (in the patch's steps, towards
        the patch's value, which works) that still solves, by bisection."""
        current = _value_at(base, patch.path)
        if not patch.step or not isinstance(current, int) or current == patch.value:
            return patch
        step = patch.step if patch.value > current else -patch.step
        values = [*range(current + step, patch.value, step), patch.value]
        return patch.with_value(least(values, lambda v: works_alone(patch.with_value(v)),
                                      last_works=True))

    seen: set[Patch] = set()
    for option in options:
        chosen = next((p for p in option if p not in seen and works_alone(p)), None)
        seen.update(option)
        if chosen is not None:
            found.append(Relaxation((nearest(chosen),)))
    if not found:
        for pair in itertools.combinations(patches[:8], 2):
            relax = Relaxation(pair)
            if works(relax):
                found.append(relax)
                if len(found) >= 3:
                    break
    return found


def _extra_patches(scenario: Scenario, rules: set[str], conflict_facts: list[Fact]
                   ) -> list[Patch]:
    """Changes not tied to one constraint: an established kind that is not routine yet (it
    makes H10's floor and H11 apply from week 1), or a longer build-up (the ladder and the
    introduction rules need weeks); and, after moving or dropping a tune-up race, switching off
    H16 (its mini-taper is part of the taper rule)."""
    extra = []
    if any(f.key.startswith("tune_up:") for f in conflict_facts):
        extra.append(switch_off("H16", "the taper").patch)
    established = [k.value for k in scenario.athlete.established]
    if "H11" in rules and "lift" in established:
        extra.append(Patch(("athlete", "established"), "remove", "lift",
                           "if lifting is not routine yet, take lift out of "
                           "athlete.established, so the ladder introduces it"))
    if "H10" in rules:
        for kind in established:
            extra.append(Patch(("athlete", "established"), "remove", kind,
                               f"if {kind} is not routine yet, take it out of "
                               "athlete.established"))
    if rules & {"H10", "H13", "H14"}:
        weeks = 4
        earlier = scenario.start - dt.timedelta(weeks=weeks)
        if (scenario.race.date - earlier).days < 104 * 7:
            extra.append(Patch(("start",), "set", earlier.isoformat(),
                               f"start the build-up {weeks} weeks earlier, on "
                               f"{earlier.isoformat()} (start)"))
    return extra


def explain_infeasibility(scenario: Scenario, label: str | None = None,
                          time_limit: float = 30.0) -> Explanation:
    """Explain why ``scenario`` has no plan (or say that it has one).

    Parameters
    ----------
    scenario
        The validated scenario (or a mapping or a file path, as for :func:`optimizer.solve`).
    label
        How to name the scenario in the text (its file).
    time_limit
        Limit of each diagnostic solve, in seconds.
    """
    scenario = as_scenario(scenario)
    name = label or scenario.name
    status = _feasible(scenario, time_limit)
    if status != "INFEASIBLE":
        return Explanation(name, status in ("OPTIMAL", "FEASIBLE"), status)
    coarse = _Diagnosis(scenario, by_week=False, time_limit=time_limit)
    rules = coarse.irreducible_rules()
    if not rules:
        return Explanation(name, False, status)
    fine = _Diagnosis(scenario, by_week=True, time_limit=time_limit)
    kept, diagnosis = fine.irreducible_guards(rules), fine
    if not kept:  # the fine model was undecided: name the rules' facts without dates per week
        kept, diagnosis = shrink(coarse.infeasible_core, sorted(
            (g for g in coarse.guards if g.rule in rules), key=_preference),
            accelerate=False), coarse
    calendar = coarse.pm.calendar
    parts: dict[str, ConflictPart] = {}
    for guard in sorted(kept, key=lambda g: (_rule_number(g.rule),
                                            g.fact.order if g.fact else ())):
        part = parts.setdefault(guard.rule, ConflictPart(guard.rule))
        if guard.fact is not None and guard.fact not in part.facts:
            part.facts.append(guard.fact)
        part.dates = sorted(set(part.dates) | {
            calendar.days[i].date for i in diagnosis.pm.ctx.guard_days.get(guard, set())})
    conflict = list(parts.values())
    facts = [f for part in conflict for f in part.facts]
    relaxations = _relaxations(scenario, facts, time_limit,
                               _extra_patches(scenario, set(parts), facts))
    return Explanation(name, False, status, conflict, relaxations)
