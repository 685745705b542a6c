"""Explain an infeasible scenario in coach language, with relaxations that are proven to work.

Following the design note, the explanation is a separate *diagnostic* solve: the objective is
dropped, every rule family and every input fact it rests on is guarded by an assumption literal
(:class:`~optimizer.context.Guard`), and CP-SAT is asked, with one worker, for the assumptions
sufficient for infeasibility. That core is then shrunk to a minimal one by deletion (drop a
guard; if the rest is still infeasible it was not needed). A second pass guards the rules of
that minimal set week by week, to name the weeks and dates involved. Finally each fact in the
conflict that has a scenario change (:class:`~optimizer.facts.Patch`) is applied to the
scenario data and the whole scenario is solved again: only changes that make it solvable are
offered as relaxations.
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
from .cores import assumption_core, shrink
from .facts import DAILY_MINUTES_PATH, Fact, Patch, daily_minutes_patch, scenario_data
from .model import PlanModel


@dataclass
class ConflictPart:
    """One member of the minimal conflicting set: a rule, maybe a fact, and its dates."""

    rule: str
    facts: list[Fact] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        return RULE_SENTENCES.get(self.rule, HARD_RULES.get(self.rule, ""))

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "says": self.sentence,
                "facts": [f.says for f in self.facts],
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
                lines.append("      because: " + "; ".join(f.says for f in part.facts))
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

    def minimal_core(self, active: list[Guard]) -> list[Guard]:
        """Shrink a core by deletion until every member is needed."""
        return shrink(self.infeasible_core, active)


def _relaxations(scenario: Scenario, conflict_facts: list[Fact], time_limit: float,
                 extra: list[Patch]) -> list[Relaxation]:
    patches = list(dict.fromkeys([f.patch for f in conflict_facts if f.patch] + extra))
    base = scenario_data(scenario)
    found: list[Relaxation] = []

    def works(relax: Relaxation) -> bool:
        try:
            patched = Scenario.from_data(relax.apply(base))
        except InputError:
            return False
        return _feasible(patched, time_limit) in ("OPTIMAL", "FEASIBLE")

    def least_minutes(patch: Patch) -> Patch:
        """The smallest daily budget (5-minute steps above the scenario's) that still
        solves, when ``patch`` raises the budget and works (checked by bisection)."""
        steps = list(range(scenario.availability.daily_strength_minutes + 5,
                           int(patch.value), 5))
        low, high = 0, len(steps)  # steps[high:] solve (a larger budget only loosens H9)
        while low < high:
            middle = (low + high) // 2
            if works(Relaxation((daily_minutes_patch(steps[middle]),))):
                high = middle
            else:
                low = middle + 1
        return daily_minutes_patch(steps[high]) if high < len(steps) else patch

    for patch in patches:
        relax = Relaxation((patch,))
        if works(relax):
            if patch.path == DAILY_MINUTES_PATH:
                relax = Relaxation((least_minutes(patch),))
            found.append(relax)
    if not found:
        for pair in itertools.combinations(patches[:8], 2):
            relax = Relaxation(pair)
            if works(relax):
                found.append(relax)
                if len(found) >= 3:
                    break
    return found


def _extra_patches(scenario: Scenario, rules: set[str]) -> list[Patch]:
    """Changes not tied to one constraint: an established kind that is not routine yet (it
    makes H10's floor and H11 apply from week 1), or a longer build-up (the ladder and the
    introduction rules need weeks)."""
    extra = []
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
    core = coarse.minimal_core(list(coarse.guards))
    if not core:
        return Explanation(name, False, status)
    fine = _Diagnosis(scenario, by_week=True, time_limit=time_limit)
    wanted = set(core)
    fine_core = fine.minimal_core([g for g in fine.guards if g.coarse in wanted])
    days: dict[Guard, set[int]] = defaultdict(set)
    for guard in fine_core or []:
        days[guard.coarse] |= fine.pm.ctx.guard_days.get(guard, set())
    if not fine_core:
        for guard in core:
            days[guard] |= coarse.pm.ctx.guard_days.get(guard, set())
    calendar = coarse.pm.calendar
    parts: dict[str, ConflictPart] = {}
    for guard in sorted(core, key=lambda g: (int(g.rule[1:]), g.fact.key if g.fact else "")):
        part = parts.setdefault(guard.rule, ConflictPart(guard.rule))
        if guard.fact is not None and guard.fact not in part.facts:
            part.facts.append(guard.fact)
        part.dates = sorted(set(part.dates) | {calendar.days[i].date for i in days[guard]})
    conflict = list(parts.values())
    facts = [f for part in conflict for f in part.facts]
    relaxations = _relaxations(scenario, facts, time_limit,
                               _extra_patches(scenario, set(parts)))
    return Explanation(name, False, status, conflict, relaxations)
