"""Replan a plan from a training log: keep the logged past, solve the rest again (P6).

>>> from models import Plan, Scenario
>>> from models.log import load_log
>>> from optimizer.replan import replan
>>> scenario = Scenario.load("athlete.yaml")  # doctest: +SKIP
>>> plan = Plan.load("plan.json")  # doctest: +SKIP
>>> result = replan(scenario, plan, load_log("log.yaml", plan))  # doctest: +SKIP
>>> print(result.summary())  # doctest: +SKIP

The days before the replan date (``since``: by default the day after the last logged date)
are what the log says happened (:mod:`optimizer.past`); new dates away join the scenario's;
the rest is solved again with the logged past fixed and a stability term that keeps it close
to the previous plan (:mod:`optimizer.replan_model`); soreness ratings lower the next weeks'
loads (P6, :mod:`optimizer.feedback`); and :mod:`optimizer.changes` tells what changed, date by
date, citing rule IDs.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from models import InputError, Plan, Problem, Scenario
from models.log import TrainingLog
from models.plan import Day, LoadCut, ReplanInfo, Session, SessionKey, SolverInfo, number
from models.types import DateSpan

from .changes import Change, describe, pair_moves, session_keys
from .check import Violation, check, split_logged
from .context import SCALE
from .explain import summarise_dates
from .extract import ValueFn, chosen_sessions, extract_plan, introduction_weeks, \
    prescriptions
from .feedback import SoreDay, as_cut, feedback, from_cut, sore_days
from .loads import Feedback, LoadAdjustment
from .model import PlanModel
from .past import Past, logged_past, merge_exercises
from .replan_causes import LOG_SOURCE, floor_causes
from .replan_model import STABILITY_POINTS, Fixed, Relaxation, count_logged, fix_past, \
    relax_for_past, stability_term
from .solve import DEFAULT_TIME_LIMIT, SolveStatus, configure, default_workers, hint_sessions

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class Break(Violation):
    """A hard rule the new plan of a replan breaks from the replan date on (a
    :class:`~optimizer.check.Violation`, as the checker words it), and what leaves no way to
    keep it (``because``: the logged past, and the dates away that close the week - the
    athlete's, of the scenario or the log, or the coach's while H17 asks for one, with the
    date the kind began; :mod:`optimizer.replan_causes`)."""

    because: str = "the training log"

    def __str__(self) -> str:
        return f"{Violation.__str__(self)} - not possible with {self.because}"


@dataclass
class ReplanResult(SolveStatus):
    """A replan's outcome: status, the new plan (when one was found), what changed and why.

    ``objective`` is the model's (S1-S6 plus ``stability``, in points); ``plan.score`` holds
    S1-S6 alone. ``broken`` lists the hard rules the new plan breaks from the replan date on
    (:class:`Break`): none, unless a floor had to be relaxed (no plan keeps it with the
    logged past and the dates away, the scenario's, the coach's or the log's); they are
    named with their causes in the plan's notes too, and ``check``
    reports them. :meth:`summary` (and ``str()``) says all of it in the words ``stridelift
    replan`` prints.
    """

    status: str
    plan: Plan | None
    objective: float | None
    best_bound: float | None
    wall_seconds: float
    since: dt.date
    stability: float | None = None
    changes: list[Change] = field(default_factory=list)
    sore: list[SoreDay] = field(default_factory=list)
    broken: list[Break] = field(default_factory=list)
    plan_label: str = "<plan>"
    log_label: str = "<log>"

    def summary(self) -> str:
        """What the replan did, in lines (what ``stridelift replan`` prints): the plan, the
        log and the replan date; each change, date by date with its rule IDs; the status
        and the objective (S1-S6, stability, floors relaxed); sessions kept, moved, dropped
        and added; the rules relaxed and the breaks they leave, and why; the score. Without
        a plan: the status and what it means."""
        lines = [f"replan of {self.plan_label} from {self.since} with {self.log_label}:"]
        plan = self.plan
        if plan is None:
            if self.status == "INFEASIBLE":
                lines.append(f"INFEASIBLE: no plan from {self.since} on keeps every hard rule "
                             "with the logged past and the new dates away")
            else:
                lines.append(f"{self.status}: CP-SAT found no plan within the time limit "
                             f"({self.wall_seconds:.1f} s)")
            return "\n".join(lines)
        lines += [f"  {change}" for change in self.changes] or ["  no change"]
        total = sum(plan.score.values())
        penalty = (self.objective or 0) - total - (self.stability or 0)
        relaxed = f" - {number(-penalty)} for floors out of reach" \
            if penalty < -1e-6 else ""
        lines.append(f"{self.status}: {number(self.objective or 0)} points = S1-S6 "
                     f"{number(total)} + stability {number(self.stability or 0)}{relaxed}")
        info = plan.replan
        if info is not None:
            lines.append(f"from {info.since}: kept {info.kept}, moved {info.moved}, dropped "
                         f"{info.dropped}, added {info.added} (stability: "
                         f"{number(info.stability_weight)} points per session changed)")
            if info.relaxed:
                why = ("no plan from the replan date on can keep them (each break below says "
                       "why)") if self.broken else "the logged past leaves no way to keep them"
                lines.append(f"relaxed because {why}: "
                             + ", ".join(f"{k} x{n}" for k, n in info.relaxed.items()))
            lines += [f"  so the new plan breaks {b}; `stridelift check` reports it"
                      for b in self.broken]
        else:
            lines.append("nothing logged and nothing changed: the plan is the same")
        lines.append("score " + "  ".join(f"{k} {number(v)}" for k, v in plan.score.items()))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def new_dates_away(scenario: Scenario, spans: list[DateSpan], since: dt.date) -> set[dt.date]:
    """The dates from ``since`` on that training logs (``spans``) mark away and
    ``scenario`` does not: where the log, not the scenario, may leave a weekly floor out of
    reach (:func:`~optimizer.replan_model.relax_for_past`)."""
    own = scenario.availability.unavailable_dates()
    return {d for span in spans for d in span.dates() if d >= since and d not in own}


def logged_until(plan: Plan) -> dt.date:
    """The first day that is not the logged past of ``plan``: its replan date, or its start
    for a plan never replanned."""
    return plan.replan.since if plan.replan is not None else plan.start


def default_since(plan: Plan, log: TrainingLog) -> dt.date:
    """The day after the last logged date; for a log naming no date, the plan's own replan
    date (its start for a plan never replanned)."""
    last = log.last_logged
    return max(logged_until(plan), plan.start if last is None else last + ONE_DAY)


def with_unavailable(scenario: Scenario, spans: list[DateSpan]) -> Scenario:
    """``scenario`` with more dates away (H9-H11 treat them like the scenario's own)."""
    if not spans:
        return scenario
    known = list(scenario.availability.unavailable)
    extra = [s for s in spans if s not in known]
    availability = scenario.availability.model_copy(update={"unavailable": known + extra})
    return scenario.model_copy(update={"availability": availability})


def plan_matches(scenario: Scenario, plan: Plan, label: str) -> None:
    """Raise :class:`~models.InputError` when ``plan`` was not made for ``scenario``."""
    problems = []
    if plan.start != scenario.start:
        problems.append(Problem(label, "days[0].date", f"the plan starts on {plan.start}, the "
                                f"scenario on {scenario.start}: a plan of another scenario?"))
    if plan.race.date != scenario.race.date:
        problems.append(Problem(label, "race.date", f"the plan races on {plan.race.date}, the "
                                f"scenario on {scenario.race.date}: a plan of another "
                                "scenario?"))
    if problems:
        raise InputError(problems)


def _check_since(plan: Plan, since: dt.date, label: str) -> None:
    first, last = logged_until(plan), plan.days[-1].date
    if since > last:
        raise InputError([Problem(label, "since (--from)", f"the replan date must be a day "
                                  f"of the plan ({plan.start}..{last})", value=since)])
    if since < first:
        raise InputError([Problem(label, "since (--from)", f"the days before {first} are "
                                  "this plan's logged past; replan from that day on",
                                  value=since)])


def _build(scenario: Scenario, plan: Plan, past: Past, weight: float, every_crossing: bool,
           away: set[dt.date]) -> tuple[PlanModel, Fixed, Relaxation, cp_model.LinearExprT]:
    """The replan's model: the plan model with the past fixed (and relaxed where it must be,
    with ``every_crossing`` also the floors over the log's dates away ``away``), maximizing
    S1-S6 + stability (- relaxed floors), hinted with the past and the old plan."""
    pm = PlanModel(scenario, maximize=False, after_hard=count_logged(past))
    fixed = fix_past(pm, past)
    relaxation = relax_for_past(pm, fixed, every_crossing,
                                {pm.calendar.index_of(d) for d in away})
    stability, old = stability_term(pm, plan, past.since, weight)
    pm.model.maximize(pm.objective + stability + relaxation.penalty())
    held = {(d, s.kind, s.placement, s.slot) for d, s in past.sessions()} | old
    hint_sessions(pm, held)
    return pm, fixed, relaxation, stability


def _past_days(new: Plan, past: Past) -> list[Day]:
    """The new plan's days with the past ones as logged. A session the athlete added takes
    its minutes, prescription and supervision from the solve (its variable was fixed to it),
    with the logged slot, placement, minutes and exercises."""
    days = []
    for day in new.days:
        was = past.days.get(day.date)
        if was is None:
            days.append(day)
            continue
        solved = list(day.sessions)
        sessions = []
        for session in was.sessions:
            done = next((d for s, d in was.added if s is session), None)
            twin = next((s for s in solved if s.kind is session.kind), None)
            if done is not None and twin is not None:
                solved.remove(twin)
                exercises = merge_exercises(twin.prescription.exercises, done.exercises)
                session = twin.model_copy(update={
                    "slot": session.slot, "placement": session.placement,
                    "minutes": done.minutes or twin.minutes,
                    "prescription": twin.prescription.model_copy(
                        update={"exercises": exercises})})
            sessions.append(session)
        days.append(day.model_copy(update={"sessions": sessions, "log": was.record}))
    return days


def _removed(previous: Plan, new: Plan) -> list[SessionKey]:
    """Sessions that earlier versions held and ``new`` does not: moved or dropped by the
    replan, and in the logged past those logged missed or done on another day, so that a
    calendar cancels every event that no longer happens."""
    before = session_keys(previous, previous.start)
    if previous.replan is not None:
        before |= {(k.date, k.kind, k.placement, k.slot) for k in previous.replan.removed}
    return [SessionKey(date=k[0], kind=k[1], placement=k[2], slot=k[3])
            for k in sorted(before - session_keys(new, new.start))]


def replan(scenario: Scenario, plan: Plan, log: TrainingLog, *, since: dt.date | None = None,
           log_label: str = "<log>", plan_label: str = "<plan>",
           stability: float = STABILITY_POINTS,
           time_limit: float | None = DEFAULT_TIME_LIMIT, seed: int = 0,
           workers: int | None = None) -> ReplanResult:
    """Replan ``plan`` from ``log``: fix the logged past, solve the rest with stability.

    Parameters
    ----------
    scenario
        The scenario the plan was made for (its dates away, and the log's, are respected).
    plan
        The previous plan (a replanned one too).
    log
        The validated training log (:func:`models.log.load_log` with the plan).
    since
        The first day to replan; the day after the last logged date by default.
    log_label, plan_label
        How the files are named in messages and in the new plan's ``replan.log``.
    stability
        Points per session that differs from ``plan`` from ``since`` on.
    time_limit, seed, workers
        As for :func:`optimizer.solve`.

    Returns
    -------
    ReplanResult
        Never raises for infeasibility; raises :class:`~models.InputError` for a plan of
        another scenario or a replan date outside the plan.
    """
    plan_matches(scenario, plan, plan_label)
    since = since or default_since(plan, log)
    _check_since(plan, since, plan_label)
    earlier = list(plan.replan.unavailable) if plan.replan is not None else []
    spans = earlier + [s for s in log.unavailable if s not in earlier]
    sc = with_unavailable(scenario, spans)
    away = new_dates_away(scenario, spans, since)
    past = logged_past(sc, plan, log, since)
    sore = sore_days(sc, past, log)
    earlier_cuts = tuple(from_cut(c) for c in plan.replan.cuts) if plan.replan else ()
    fb = feedback(past, sore, earlier_cuts)
    workers = workers or default_workers()
    started = time.perf_counter()
    for every_crossing in (False, True):
        pm, fixed, relaxation, stability_expr = _build(sc, plan, past, stability,
                                                       every_crossing, away)
        solver = cp_model.CpSolver()
        left = None if time_limit is None else \
            max(0.1, time_limit - (time.perf_counter() - started))
        configure(solver, time_limit=left, seed=seed, workers=workers)
        code = solver.solve(pm.model)
        status = solver.status_name(code)
        if status != "INFEASIBLE" or every_crossing or not (fixed.values or away):
            break
    wall = time.perf_counter() - started
    result = ReplanResult(status=status, plan=None, objective=None, best_bound=None,
                          wall_seconds=wall, since=since, sore=sore, plan_label=plan_label,
                          log_label=log_label)
    if status not in ("OPTIMAL", "FEASIBLE"):
        return result
    objective = solver.objective_value / SCALE
    bound = solver.best_objective_bound / SCALE
    stability_points = solver.value(stability_expr) / SCALE
    info = SolverInfo(status=status, objective=number(objective), best_bound=number(bound),
                      wall_seconds=round(wall, 3), seed=seed, workers=workers,
                      deterministic=status == "OPTIMAL", **pm.size())
    solved = extract_plan(pm, solver.value, info, fb)
    unplanned = _without_p6(pm, solver.value, fb)
    new = _assemble(solved, plan, past, log, log_label, spans, stability, stability_points,
                    relaxation.relaxed(solver.value), sore, fb, fixed)
    if new.replan is not None and new.replan.relaxed:
        new, result.broken = _name_broken(scenario, new, log, away)
    result.plan = new
    result.objective, result.best_bound = objective, bound
    result.stability = stability_points
    result.changes = describe(sc, plan, new, past, sore, unplanned)
    return result


def _name_broken(scenario: Scenario, plan: Plan, log: TrainingLog,
                 away: set[dt.date]) -> tuple[Plan, list[Break]]:
    """The hard rules ``plan`` breaks from its replan date on (after a relaxation), each as
    the checker words it with what leaves no way to keep it (:func:`_because`), and named
    in the plan's notes, so the coach learns it from the replan rather than from a later
    ``check``. ``scenario`` is the scenario as given (the plan's record holds the log's dates
    away)."""
    violations, _ = split_logged(plan, check(scenario, plan))
    broken = [Break(v.rule, v.date, v.message, _because(scenario, plan, log, v, away))
              for v in violations]
    if not broken:
        return plan, []
    notes = list(plan.notes) + [f"{b}; `stridelift check` reports it." for b in broken]
    return plan.model_copy(update={"notes": notes}), broken


def _because(scenario: Scenario, plan: Plan, log: TrainingLog, violation: Violation,
             away: set[dt.date]) -> str:
    """What leaves no way to keep ``violation`` of a replanned ``plan``: the logged past when
    its week (the plan's, of its date) began before the replan date, and the dates away that
    close every slot of that week the floor could use (:func:`~optimizer.replan_causes.
    floor_causes`: the athlete's, the scenario's or the log's, or the coach's while H17 asks
    for one), else the log's new dates ``away`` in that week."""
    assert plan.replan is not None
    since = plan.replan.since
    if violation.date is None:
        return "the training log (its past or its dates away)"
    first = plan.start + dt.timedelta(weeks=(violation.date - plan.start).days // 7)
    causes = []
    if first < since:
        causes.append(f"the logged past (the days before {since})")
    found = floor_causes(scenario, plan, log, violation)
    days = sorted(d for d in away if first <= d < first + dt.timedelta(weeks=1))
    if found is not None:
        causes += found
    elif days:
        causes.append(f"the athlete away {summarise_dates(days)} ({LOG_SOURCE})")
    if len(causes) > 1:
        return ", ".join(causes[:-1]) + " and " + causes[-1]
    return causes[0] if causes else "the training log (its past or its dates away)"


def _without_p6(pm: PlanModel, value: ValueFn, fb: Feedback) -> dict[tuple, Session]:
    """Each chosen session's prescription as it would be without the P6 cuts (for the
    report's before -> after)."""
    if not fb.adjustments:
        return {}
    chosen = chosen_sessions(pm, value)
    intro = introduction_weeks(pm, value)
    plain, _ = prescriptions(pm, chosen, intro, Feedback(lifted=fb.lifted))
    return {(sv.day.date, sv.kind, sv.placement, sv.slot):
            Session(kind=sv.kind, slot=sv.slot, placement=sv.placement, minutes=minutes,
                    prescription=prescription)
            for sv, (minutes, prescription) in plain.items()}


def _reason(cut: LoadAdjustment, earlier: list[LoadCut], sore: list[SoreDay]) -> str:
    """Why a P6 cut is in force: the soreness ratings behind it, this log's or earlier ones."""
    why = [c.reason for c in earlier if c.kind is cut.kind and c.reason
           and cut.first <= c.last and c.first <= cut.last]
    why += [f"soreness {s.rating} on {s.date}" for s in sore for a in s.adjustments
            if a.kind is cut.kind and cut.first <= a.first <= cut.last]
    return "; ".join(dict.fromkeys(why))


def _same_absence_note(notes: list[str], new: Plan, previous: Plan) -> list[str]:
    """``notes`` with the previous plan's note on the kinds it never introduces (the causes
    :mod:`optimizer.absent` found when it was solved) when the new plan introduces the very
    same kinds; otherwise the model's own note stands, which names no cause (the logged past
    can change what a plan can still introduce)."""
    from .absent import NOTE_PREFIX

    def absence(of: list[str]) -> str | None:
        return next((n for n in of if n.startswith(NOTE_PREFIX)), None)

    mine, old = absence(notes), absence(previous.notes)
    if mine is None or old is None or set(new.introductions) != set(previous.introductions):
        return notes
    return [old if n == mine else n for n in notes]


def _assemble(solved: Plan, previous: Plan, past: Past, log: TrainingLog, log_label: str,
              spans: list[DateSpan], weight: float, stability: float,
              relaxed: dict[str, int], sore: list[SoreDay], fb: Feedback,
              fixed: Fixed) -> Plan:
    """The new plan: the solve's days with the past as logged, notes, and the replan record
    (an empty log that changed nothing keeps the previous plan's record: nothing happened)."""
    since = past.since
    draft = solved.model_copy(update={"days": _past_days(solved, past)})
    moves, gone, came = pair_moves(session_keys(previous, since), session_keys(draft, since),
                                   draft.start)
    earlier = previous.replan.cuts if previous.replan is not None else []
    cuts = [as_cut(a, _reason(a, earlier, sore)) for a in fb.adjustments]
    notes = _same_absence_note(list(solved.notes), solved, previous)
    notes += [f"P6: {c.kind.value} {number(c.percent)} % lighter from {c.first} to {c.last}"
              + (f" ({c.reason})" if c.reason else "") + "." for c in cuts]
    if fixed.unmodelled:
        notes.append("Logged sessions the model could not hold apart (two of one kind on one "
                     "day) count once in the weekly rules: "
                     + ", ".join(f"{s.kind.value} on {d}" for d, s in fixed.unmodelled) + ".")
    if log.empty and not (moves or gone or came):
        return draft.model_copy(update={"notes": notes, "replan": previous.replan})
    info = ReplanInfo(
        since=since, log=log_label, cuts=cuts,
        number=previous.replan.number + 1 if previous.replan is not None else 1,
        stability_weight=number(weight), stability=number(stability),
        kept=len(session_keys(previous, since) & session_keys(draft, since)),
        moved=len(moves), dropped=len(gone), added=len(came), relaxed=relaxed,
        unavailable=spans, removed=_removed(previous, draft))
    return draft.model_copy(update={"notes": notes, "replan": info})
