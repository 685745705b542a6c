"""The shared model context that every rule posts onto.

Hard rules call :meth:`ModelContext.add` / :meth:`ModelContext.forbid` with their rule ID and,
where the constraint comes from one input fact (a date away, a weekday without gym access, a
cap), that :class:`~optimizer.facts.Fact`. Normally the constraint is posted as is. In
*guarded* mode (used to explain an infeasible scenario) each ``(rule, fact)`` pair — or, with
``by_week``, each ``(rule, fact, week)`` and, for a constraint about a single day, each
``(rule, fact, week, day)`` — gets one assumption literal that enforces its constraints, so
CP-SAT can name the rules, facts, weeks and days that cannot all hold.

Soft rules add :class:`Term` objects: a coefficient in rulebook points (before the scenario's
weight multiplier) on a linear expression. The objective is their weighted sum, and each term's
value is reported per rule ID in the plan's score breakdown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ortools.sat.python import cp_model

from models import Scenario

from .calendar import Calendar
from .facts import Fact
from .minutes import MinutesTable
from .variables import Expr, SessionVar, Variables

# Objective coefficients are integers: rulebook points x SCALE (weights may have 2 decimals).
SCALE = 100


@dataclass(frozen=True)
class Guard:
    """A rule, or one input fact behind it (and, finely, one week of it, or one day when the
    constraint is about a single day) that the explanation can switch off."""

    rule: str
    fact: Fact | None = None
    week: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        text = self.rule if self.fact is None else f"{self.rule}[{self.fact.key}]"
        text = text if self.week is None else f"{text}@w{self.week}"
        return text if self.day is None else f"{text}d{self.day}"

    @property
    def coarse(self) -> Guard:
        return Guard(self.rule, self.fact)


@dataclass
class Term:
    """One soft-objective contribution: ``points`` (rulebook units, signed) times ``expr``."""

    rule: str
    points: float
    expr: Expr
    sessions: tuple[SessionVar, ...] = ()
    label: str = ""


@dataclass
class ModelContext:
    """Everything a rule needs: the CP-SAT model, the scenario, its calendar and variables."""

    model: cp_model.CpModel
    scenario: Scenario
    calendar: Calendar
    vars: Variables
    guarded: bool = False
    by_week: bool = False
    guards: dict[Guard, cp_model.IntVar] = field(default_factory=dict)
    guard_days: dict[Guard, set[int]] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    constraints_by_rule: dict[str, int] = field(default_factory=dict)
    forbidden: dict[SessionVar, list[tuple[str, Fact | None]]] = field(default_factory=dict)
    posted: list[tuple[str, int]] = field(default_factory=list)
    """``(rule ID, constraint index)`` of every rule constraint (not definitions), for a
    replan that relaxes those its logged past makes impossible."""

    @property
    def rules(self):
        return self.scenario.rules

    @cached_property
    def minutes(self) -> MinutesTable:
        """Session minutes as the prescription will give them (H9, S6)."""
        return MinutesTable(self.scenario)

    # -- hard constraints ------------------------------------------------------------------

    def guard(self, rule: str, fact: Fact | None = None,
              days: Iterable[int] = ()) -> cp_model.IntVar:
        days = set(days)
        week = day = None
        if self.by_week and days:
            week = self.calendar.days[min(days)].week
            day = min(days) if len(days) == 1 else None
        key = Guard(rule, fact, week, day)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"{self.vars.prefix}guard_{key}")
            self.guard_days[key] = set()
        self.guard_days[key] |= days
        return self.guards[key]

    def add(self, rule: str, constraint: cp_model.BoundedLinearExpression | bool,
            fact: Fact | None = None, days: Iterable[int] = ()) -> cp_model.Constraint | None:
        """Post ``constraint`` on behalf of ``rule`` (and ``fact``); ``days`` are the day
        indexes it is about, for explanations."""
        if isinstance(constraint, bool):
            # A constant comparison: only possible when both sides are constants.
            if constraint:
                return None
            constraint = cp_model.LinearExpr.constant(0) == 1  # type: ignore[assignment]
        self.constraints_by_rule[rule] = self.constraints_by_rule.get(rule, 0) + 1
        ct = self.model.add(constraint)
        self.posted.append((rule, ct.index))
        if self.guarded:
            ct.only_enforce_if(self.guard(rule, fact, days))
        return ct

    def define(self, constraint: cp_model.BoundedLinearExpression) -> None:
        """Post a definition (what a variable means), never guarded: it is not a rule."""
        self.constraints_by_rule["definitions"] = self.constraints_by_rule.get(
            "definitions", 0) + 1
        self.model.add(constraint)

    def forbid(self, rule: str, sessions: Iterable[SessionVar], fact: Fact | None = None) -> None:
        """No session of ``sessions`` may be in the plan."""
        for sv in sessions:
            self.add(rule, sv.var == 0, fact, (sv.day.index,))
            self.forbidden.setdefault(sv, []).append((rule, fact))

    def at_most(self, rule: str, sessions: Iterable[SessionVar], bound: int | Expr,
                fact: Fact | None = None) -> None:
        svs = list(sessions)
        if not svs:
            return
        self.add(rule, Variables.total(svs) <= bound, fact, {sv.day.index for sv in svs})

    def implies_started(self, rule: str, sessions: Iterable[SessionVar], expr: Expr,
                        fact: Fact | None = None) -> None:
        """Each session of ``sessions`` needs ``expr`` (a 0/1 expression) to be 1."""
        for sv in sessions:
            if isinstance(expr, int):
                if expr == 0:
                    self.forbid(rule, [sv], fact)
                continue
            self.add(rule, sv.var <= expr, fact, (sv.day.index,))

    # -- soft terms ------------------------------------------------------------------------

    def reward(self, rule: str, points: float, expr: Expr,
               sessions: Iterable[SessionVar] = (), label: str = "") -> None:
        if points:
            self.terms.append(Term(rule, points, expr, tuple(sessions), label))

    def penalise(self, rule: str, points: float, expr: Expr,
                 sessions: Iterable[SessionVar] = (), label: str = "") -> None:
        if points:
            self.terms.append(Term(rule, -abs(points), expr, tuple(sessions), label))

    def coefficient(self, term: Term) -> int:
        """The integer objective coefficient of ``term`` after the scenario's weight."""
        return round(term.points * self.scenario.weights.of(term.rule) * SCALE)
