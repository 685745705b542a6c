"""Build one athlete's CP-SAT model from a scenario: variables, then one post() per rule ID."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from models import Scenario

from .calendar import Calendar
from .context import SCALE, ModelContext, Term
from .rules import hard_rules, soft_rules
from .rules.progression import link_introductions
from .variables import Variables


class PlanModel:
    """The CP-SAT model of one athlete's build-up.

    Parameters
    ----------
    scenario
        The validated scenario.
    model
        A model to build into (a squad shares one); a new one by default.
    prefix
        Prefix of every variable name (a squad gives each athlete one).
    guarded
        Guard every rule (and input fact) with an assumption literal, for explanations.
    by_week
        With ``guarded``: one guard per rule, fact and week (and day, for a constraint about a
        single day), to name the weeks and days in a conflict.
    objective
        Post the soft terms (S1-S6) and maximize them. A squad posts its own objective from
        each athlete's :attr:`objective`; an explanation solves for feasibility only.
    skip
        Rule IDs not to post (used by tests and explanations to show what a rule changes).
    after_hard
        Called with the context once the hard rules are posted, before the soft ones (a
        replan uses it to let the soft terms count logged sessions the rules forbid).
    """

    def __init__(self, scenario: Scenario, *, model: cp_model.CpModel | None = None,
                 prefix: str = "", guarded: bool = False, by_week: bool = False,
                 objective: bool = True, maximize: bool = True, skip: Iterable[str] = (),
                 after_hard: Callable[[ModelContext], None] | None = None):
        self.scenario = scenario
        self.calendar = Calendar(scenario)
        self.model = model if model is not None else cp_model.CpModel()
        self.vars = Variables(self.model, self.calendar, scenario, prefix)
        self.ctx = ModelContext(self.model, scenario, self.calendar, self.vars, guarded=guarded,
                                by_week=by_week)
        self.skipped = frozenset(skip)
        link_introductions(self.ctx)
        for rule_id, post in hard_rules():
            if rule_id not in self.skipped:
                post(self.ctx)
        if after_hard is not None:
            after_hard(self.ctx)
        self.objective: cp_model.LinearExprT = 0
        if objective:
            for rule_id, post in soft_rules():
                if rule_id not in self.skipped and scenario.weights.of(rule_id) > 0:
                    post(self.ctx)
            self.objective = sum((self.ctx.coefficient(t) * t.expr for t in self.terms), 0)
            if maximize:
                self.model.maximize(self.objective)

    @property
    def terms(self) -> list[Term]:
        return self.ctx.terms

    def size(self) -> dict[str, int]:
        """Model size before presolve: variables and constraints."""
        proto = self.model.proto
        return {"variables": len(proto.variables), "constraints": len(proto.constraints)}

    @staticmethod
    def points(raw: float) -> float:
        """Objective units back to rulebook points."""
        return raw / SCALE
