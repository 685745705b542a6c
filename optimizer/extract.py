"""Turn a solved model's variable values into a :class:`~models.Plan`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from models import Plan
from models.plan import Day, Prescription, RaceInfo, Session, SolverInfo, number
from models.rulebook import title
from models.vocabulary import GYM_KINDS, KINDS, Kind

from .context import SCALE, Term
from .loads import Feedback
from .model import PlanModel
from .prescribe import Planned, prescribe
from .rules.progression import SUPERVISED_KINDS, supervision_active
from .rules.week import band_floor, gym_week_excused
from .variables import SessionVar

ValueFn = Callable[[object], int]


def chosen_sessions(pm: PlanModel, value: ValueFn) -> list[SessionVar]:
    return [sv for sv in pm.vars.sessions if value(sv.var)]


def introduction_weeks(pm: PlanModel, value: ValueFn) -> dict[Kind, int]:
    out = {}
    for (kind, week), var in pm.vars.intro.items():
        if value(var):
            out[kind] = week
    return out


def score_breakdown(pm: PlanModel, value: ValueFn) -> dict[str, float]:
    """Each soft rule's total in rulebook points (after the scenario's weights)."""
    totals: dict[str, float] = defaultdict(float)
    for rule_id in ("S1", "S2", "S3", "S4", "S5", "S6"):
        totals[rule_id] = 0.0
    for term in pm.terms:
        totals[term.rule] += pm.ctx.coefficient(term) * value(term.expr) / SCALE
    return dict(totals)


def supervised(pm: PlanModel, sv: SessionVar, intro_weeks: dict[Kind, int]) -> bool:
    """A session is supervised when it falls in its kind's first supervised weeks (H17)."""
    if not supervision_active(pm.ctx) or sv.kind not in SUPERVISED_KINDS:
        return False
    if sv.kind not in pm.vars.new_kinds:
        return False
    first = intro_weeks.get(sv.kind)
    return first is not None and sv.week < first + pm.scenario.rules.supervised_weeks


def _why(pm: PlanModel, sv: SessionVar, value: ValueFn, terms: dict[SessionVar, list[Term]],
         chosen: list[SessionVar], is_supervised: bool) -> list[str]:
    reasons = []
    for term in terms.get(sv, ()):
        if term.points > 0 and value(term.expr) and term.rule not in reasons:
            reasons.append(term.rule)
    cal = pm.calendar
    week = cal.week(sv.week)
    if sv.kind in GYM_KINDS and week in cal.banded_weeks and not gym_week_excused(cal, week):
        gym_in_week = [s for s in chosen if s.week == sv.week and s.kind in GYM_KINDS]
        if len(gym_in_week) == 1:
            reasons.append("H11")
    if sv.counted and week in cal.banded_weeks:
        counted = [s for s in chosen if s.week == sv.week and s.counted]
        if len(counted) <= band_floor(cal, week):
            reasons.append("H10")
    if is_supervised:
        reasons.append("H17")
    return sorted(reasons, key=lambda r: (r[0] != "H", int(r[1:])))


def notes_for(pm: PlanModel, intro_weeks: dict[Kind, int]) -> list[str]:
    sc = pm.scenario
    notes = []
    if not supervision_active(pm.ctx):
        notes.append(f"{title('H17')} is off: the scenario gives no coach availability. Have a "
                     "coach or gym instructor watch the first 4 weeks of lifting, power and "
                     "plyometrics anyway (guide, FAQ 7).")
    for rule_id in sorted(pm.skipped, key=lambda r: (r[0], int(r[1:]))):
        notes.append(f"{title(rule_id)} was left out of this solve on request; the plan may "
                     "break it.")
    for rule_id in sc.rules.disable:
        notes.append(f"{title(rule_id)} is switched off by this scenario (rules.disable).")
    if sc.athlete.established:
        kinds = ", ".join(k.value for k in sc.athlete.established)
        notes.append(f"Established: {kinds}; no introduction needed (H13, H14).")
    missing = [k.value for k in KINDS if k in pm.vars.new_kinds and k not in intro_weeks]
    if missing:
        # Named per kind, with its cause, by optimizer.absent where a solve asks for it; here
        # the cause is not known (the ladder is one possibility among H9, H17 and others).
        notes.append("Not introduced in this plan: " + ", ".join(missing) + " (the hard rules "
                     "leave no room for it, or it does not pay).")
    return notes


SessionPrescriptions = dict[SessionVar, tuple[int, Prescription]]


def prescriptions(pm: PlanModel, chosen: list[SessionVar], intro_weeks: dict[Kind, int],
                  feedback: Feedback | None = None) -> tuple[SessionPrescriptions, list[str]]:
    """Each chosen session's minutes and prescription (P1-P5), from the introduction weeks
    the model chose: the minutes are the ones the model counted (H9, S6)."""
    table = pm.ctx.minutes
    planned = [Planned(day=sv.day.date, week=sv.week, kind=sv.kind, placement=sv.placement,
                       offset=table.offset(sv.kind, sv.week, intro_weeks.get(sv.kind)),
                       taper=pm.calendar.week(sv.week).taper)
               for sv in chosen]
    result = prescribe(pm.scenario, planned, feedback)
    return dict(zip(chosen, result.sessions)), result.notes


def extract_plan(pm: PlanModel, value: ValueFn, solver: SolverInfo | None,
                 feedback: Feedback | None = None) -> Plan:
    """Build the plan from ``value`` (a function giving each model variable's value);
    ``feedback`` (P6) passes a training log's loads to the prescriptions."""
    sc = pm.scenario
    cal = pm.calendar
    chosen = chosen_sessions(pm, value)
    intro_weeks = introduction_weeks(pm, value)
    prescribed, prescription_notes = prescriptions(pm, chosen, intro_weeks, feedback)
    terms: dict[SessionVar, list[Term]] = defaultdict(list)
    for term in pm.terms:
        for sv in term.sessions:
            terms[sv].append(term)
    lift_from = 1 if Kind.LIFT not in pm.vars.new_kinds else intro_weeks.get(Kind.LIFT)
    power_from = intro_weeks.get(Kind.POWER)
    if Kind.POWER not in pm.vars.new_kinds and any(sv.kind is Kind.POWER for sv in chosen):
        power_from = 1
    by_day: dict[int, list[SessionVar]] = defaultdict(list)
    for sv in chosen:
        by_day[sv.day.index].append(sv)
    days = []
    for cday in cal.days:
        sessions = []
        for sv in sorted(by_day[cday.index], key=_session_order):
            is_supervised = supervised(pm, sv, intro_weeks)
            minutes, prescription = prescribed[sv]
            sessions.append(Session(
                kind=sv.kind, slot=sv.slot, placement=sv.placement, minutes=minutes,
                supervised=is_supervised, prescription=prescription,
                why=_why(pm, sv, value, terms, chosen, is_supervised)))
        days.append(Day(date=cday.date, week=cday.week,
                        phase=cal.phase_of(cal.week(cday.week), lift_from, power_from,
                                           cday.index),
                        run=cday.run, run_slot=cday.run_slot, sessions=sessions))
    introductions = {}
    for kind in KINDS:
        if kind in intro_weeks:
            first = min(sv.day.date for sv in chosen if sv.kind is kind)
            introductions[kind] = first
    return Plan(
        scenario=sc.name, athlete=sc.athlete.name,
        race=RaceInfo(date=sc.race.date, distance=sc.race.distance), solver=solver,
        introductions=introductions,
        score={k: number(v) for k, v in score_breakdown(pm, value).items()},
        notes=notes_for(pm, intro_weeks) + prescription_notes, days=days)


def _session_order(sv: SessionVar) -> tuple[int, int]:
    return (0 if sv.slot.value == "am" else 1, 0 if sv.counted else 1)
