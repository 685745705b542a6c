"""Explain one day of a plan: why it holds what it holds, and what changing it would cost.

For each session of the day: the rules that placed or rewarded it (its ``why``), and the cost
of dropping it, or of moving it elsewhere in the same week, found by solving the scenario again
with that change imposed. For each kind the day does not hold: the hard rules that forbid it
there, or, when it is allowed, the cost of adding it. Costs are the objective difference by
soft rule against the best plan (positive = the plan as it is scores that much more).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models import Plan, Scenario
from models.plan import number
from models.rulebook import RULE_SENTENCES, RULES, title
from models.scenario import as_scenario
from models.vocabulary import KINDS, Kind

from .absent import absences
from .extract import extract_plan, score_breakdown
from .model import PlanModel
from .solve import configure
from .variables import SessionVar


@dataclass
class Alternative:
    """One change to the day, solved: its cost by rule and what else moved."""

    action: str
    status: str
    cost: dict[str, float] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float | None:
        return sum(self.cost.values()) if self.cost else None

    def text(self) -> str:
        """This part of the day's explanation as lines of text."""
        if self.status not in ("OPTIMAL", "FEASIBLE"):
            return f"{self.action}: impossible (no plan keeps every hard rule)"
        by_rule = ", ".join(f"{k} {number(v):+g}" for k, v in self.cost.items() if v)
        line = f"{self.action}: costs {number(self.total or 0):g} points"
        line += f" ({by_rule})" if by_rule else ""
        if self.changes:
            line += "; the plan would change: " + ", ".join(self.changes[:6])
            if len(self.changes) > 6:
                line += f" and {len(self.changes) - 6} more"
        return line

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "status": self.status,
                "cost": {k: number(v) for k, v in self.cost.items()},
                "total": None if self.total is None else number(self.total),
                "changes": self.changes}


@dataclass
class DayExplanation:
    date: dt.date
    facts: list[str]
    sessions: list[tuple[str, list[str]]]
    absent: list[tuple[str, list[str]]]
    alternatives: list[Alternative]
    baseline: float | None
    plan_objective: float | None

    def text(self) -> str:
        """The day's explanation as ``stridelift explain PLAN --date`` prints it."""
        lines = [f"{self.date.isoformat()} ({self.date.strftime('%A')}): "
                 + "; ".join(self.facts)]
        if self.plan_objective is not None and self.baseline is not None \
                and abs(self.plan_objective - self.baseline) > 1e-6:
            lines.append(f"note: this plan scores {number(self.plan_objective)}; the best plan "
                         f"for the scenario scores {number(self.baseline)}.")
        if not self.sessions:
            lines.append("No strength session today.")
        for label, reasons in self.sessions:
            lines.append(f"{label}:")
            lines += [f"  - {r}" for r in reasons]
        for label, reasons in self.absent:
            lines.append(f"no {label}: " + "; ".join(reasons))
        if self.alternatives:
            lines.append("What changing the day would cost:")
            lines += [f"  - {a.text()}" for a in self.alternatives]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "facts": self.facts,
                "sessions": [{"session": s, "why": r} for s, r in self.sessions],
                "absent": [{"kind": k, "why": r} for k, r in self.absent],
                "alternatives": [a.to_dict() for a in self.alternatives],
                "best_objective": None if self.baseline is None else number(self.baseline)}


def _session_keys(plan: Plan) -> set[tuple]:
    return {(d.date, s.kind.value, s.placement.value, s.slot.value)
            for d in plan.days for s in d.sessions}


def _describe(key: tuple) -> str:
    date, kind, placement, slot = key
    where = "" if placement == "standalone" else f" ({placement})"
    return f"{date.isoformat()} {kind} {slot}{where}"


class _Resolver:
    def __init__(self, scenario: Scenario, time_limit: float, seed: int):
        self.scenario = scenario
        self.time_limit = time_limit
        self.seed = seed

    def solve(self, constrain=None) -> tuple[str, dict[str, float] | None, Plan | None]:
        pm = PlanModel(self.scenario)
        if constrain is not None:
            constrain(pm)
        solver = cp_model.CpSolver()
        configure(solver, time_limit=self.time_limit, seed=self.seed, workers=1)
        status = solver.status_name(solver.solve(pm.model))
        if status not in ("OPTIMAL", "FEASIBLE"):
            return status, None, None
        return status, score_breakdown(pm, solver.value), extract_plan(pm, solver.value, None)


def _match(pm: PlanModel, date: dt.date, kind: str, placement: str,
           slot: str) -> list[SessionVar]:
    index = pm.calendar.index_of(date)
    return [sv for sv in pm.vars.select(day=index) if sv.kind.value == kind
            and sv.placement.value == placement and sv.slot.value == slot]


def _forbidding_reasons(pm: PlanModel, options: list[SessionVar]) -> list[str]:
    """The rules that rule a kind out on a day: those that forbid every option if any do,
    else the rules per slot or placement."""
    by_option = [(sv, sorted({r for r, _ in pm.ctx.forbidden[sv]}, key=lambda r: int(r[1:])))
                 for sv in options]
    common = set.intersection(*(set(rules) for _, rules in by_option))
    if common:
        return [f"{r} {RULE_SENTENCES.get(r, '')}" for r in sorted(common, key=lambda r: int(r[1:]))]
    out = []
    for sv, rules in by_option:
        where = sv.slot.value if sv.placement.value == "standalone" else \
            f"{sv.placement.value} {sv.slot.value}"
        out.append(f"{where}: " + ", ".join(f"{r} {RULES.get(r, '')}" for r in rules))
    return list(dict.fromkeys(out))


def _across_days(scenario: Scenario, plan: Plan, kind: Kind, date: dt.date, seed: int) -> str:
    """Why no plan can hold ``kind`` on ``date`` although no one-day rule forbids it."""
    since = plan.introductions.get(kind)
    if since is None and not scenario.established(kind):
        absence, = absences(scenario, plan, [kind], seed=seed, cost=False)
        if not absence.possible:
            return "not possible today in any plan: " + absence.text().split(": ", 1)[1]
    if since is None or since > date:
        return (f"not possible today in any plan: {kind.value} is not introduced by then "
                "(H13-H15: one new kind at a time, the ladder, the power phase)")
    return ("not possible today in any plan: the rules across days (weekly caps H10/H12, "
            "spacing H5-H8, the taper H16, supervision H17) rule it out")


def _one_session(day, options: list[SessionVar], forbidden) -> str | None:
    """H1, when the day already holds its one counted session and every option of the kind
    left open would be a second one."""
    held = [s for s in day.sessions if not (s.kind is Kind.PLYO and s.placement.value in
                                            ("warmup", "gym"))]
    if not held or any(not sv.counted for sv in options if sv not in forbidden):
        return None
    names = ", ".join(f"{s.kind.value} {s.slot.value}" for s in held)
    return (f"{title('H1')}: {day.date.isoformat()} already holds {names}, its one counted "
            "session; it would have to make way (see the cost of adding it below)")


def explain_day(scenario: Scenario, plan: Plan, date: dt.date, time_limit: float = 30.0,
                seed: int = 0) -> DayExplanation:
    """Explain ``date`` of ``plan`` (see the module docstring); a date outside the plan
    raises :class:`ValueError` naming the plan's dates."""
    scenario = as_scenario(scenario)
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    try:
        day = plan.day(date)
    except KeyError:
        raise ValueError(f"{date} is not a day of this plan ({plan.start} to "
                         f"{plan.days[-1].date})") from None
    pm = PlanModel(scenario)
    cal = pm.calendar
    cday = cal.days[cal.index_of(date)]
    facts = [f"{cday.run.value} run" + (f" ({cday.run_slot.value})" if cday.run_slot else ""),
             f"week {cday.week}, {day.phase.value} phase", f"{cday.days_to_race} days to race"]
    facts.append("gym day" if cday.gym_access else "no gym access")
    if not cday.available:
        facts.append("athlete away")
    if cday.coach_slots:
        facts.append("coach " + "/".join(sorted(s.value for s in cday.coach_slots)))
    sessions = []
    for s in day.sessions:
        label = f"{s.kind.value} {s.slot.value}" + (
            "" if s.placement.value == "standalone" else f" ({s.placement.value})")
        reasons = [f"{r} {RULE_SENTENCES.get(r, RULES.get(r, ''))}" for r in s.why]
        sessions.append((label, reasons or ["(no reason recorded in the plan)"]))
    held = {s.kind for s in day.sessions}
    absent = []
    allowed_absent: list[Kind] = []
    for kind in KINDS:
        if kind in held:
            continue
        options = pm.vars.select(day=cday.index, kind=kind)
        if options and all(sv in pm.ctx.forbidden for sv in options):
            absent.append((kind.value, _forbidding_reasons(pm, options)))
        else:
            allowed_absent.append(kind)
            absent.append((kind.value, [_one_session(day, options, pm.ctx.forbidden)
                                        or "no rule of the day forbids it; not chosen (see "
                                        "its cost below)"]))
    resolver = _Resolver(scenario, time_limit, seed)
    status, base_score, base_plan = resolver.solve()
    alternatives: list[Alternative] = []
    baseline = sum(base_score.values()) if base_score else None
    if base_score is not None and base_plan is not None:
        base_keys = _session_keys(base_plan)

        def alternative(action: str, constrain) -> Alternative:
            st, score, alt_plan = resolver.solve(constrain)
            if score is None or alt_plan is None:
                return Alternative(action, st)
            cost = {k: base_score[k] - score.get(k, 0.0) for k in base_score}
            keys = _session_keys(alt_plan)
            diff = [("-", k) for k in base_keys - keys] + [("+", k) for k in keys - base_keys]
            diff.sort(key=lambda item: (abs((item[1][0] - date).days), item[1], item[0]))
            changes = [f"{sign}{_describe(k)}" for sign, k in diff]
            return Alternative(action, st, cost, changes)

        for s in day.sessions:
            key = (date, s.kind.value, s.placement.value, s.slot.value)
            label = f"{s.kind.value} {s.slot.value}"

            def drop(pm_, key=key):
                for sv in _match(pm_, *key):
                    pm_.model.add(sv.var == 0)

            alternatives.append(alternative(f"drop {label}", drop))
            week = cday.week
            count = sum(1 for d in base_plan.week(week) for x in d.sessions if x.kind is s.kind)

            def move(pm_, key=key, kind=s.kind, count=count, week=week):
                drop(pm_, key)
                pm_.model.add(pm_.vars.total(pm_.vars.select(week=week, kind=kind)) >= count)

            alternatives.append(alternative(f"move {label} to another day of week {week}",
                                            move))
        impossible = set()
        for kind in allowed_absent:
            def add(pm_, kind=kind):
                pm_.model.add(pm_.vars.total(pm_.vars.select(day=cday.index, kind=kind)) >= 1)

            alternatives.append(alternative(f"add {kind.value}", add))
            if alternatives[-1].status == "INFEASIBLE":
                impossible.add(kind.value)
        # A kind no plan can hold today is ruled out by the rules across days, not "not
        # chosen": say which, so the lines above and below do not contradict each other.
        for i, (name, _) in enumerate(absent):
            if name in impossible:
                absent[i] = (name, [_across_days(scenario, plan, Kind(name), date, seed)])
    plan_objective = plan.solver.objective if plan.solver else None
    return DayExplanation(date, facts, sessions, absent, alternatives, baseline,
                          plan_objective)
