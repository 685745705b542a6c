"""The logged past of a replan: what was really done on every day before the replan date.

A plan's day before the replan date holds what the training log says happened (formats.md):

* a date the log marks **unavailable** holds nothing (its planned sessions were missed);
* a date the log does **not name** was done as planned;
* on a named date, a **missed** kind removes that planned session; a **done** kind that the
  plan held is that session, in the logged slot and placement when the log gives them, with
  the logged exercises (sets, reps, ``load_kg``) in place of the prescribed ones of the same
  name; a done kind the plan did not hold that day is a session the athlete **added** (or
  moved there), in the slot the model would use unless the log says; planned sessions the
  date names neither as done nor as missed were done as planned.

These sessions are facts: the replan fixes them in the model (:mod:`optimizer.replan`) and
writes them into the new plan as they were, each named date with a :class:`~models.plan.
DayRecord`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models import Plan, Scenario
from models.log import DoneSession, LoggedExercise, TrainingLog, exercise_name
from models.plan import DayRecord, Exercise, Session
from models.rulebook import min_minutes
from models.vocabulary import GYM_KINDS, Kind, Placement, Slot, Weekday

from .loads import Lifted


@dataclass
class PastDay:
    """One day before the replan date, as it really was."""

    date: dt.date
    sessions: list[Session]
    planned: list[Session]
    added: list[tuple[Session, DoneSession]] = field(default_factory=list)
    """Sessions done that the plan did not hold that day (also in ``sessions``), with their
    log entries."""
    record: DayRecord | None = None
    done: list[DoneSession] = field(default_factory=list)
    """The log's ``done`` entries of the day."""


@dataclass
class Past:
    """Every day before ``since``, as logged."""

    since: dt.date
    days: dict[dt.date, PastDay]
    lifted: tuple[Lifted, ...] = ()

    def sessions(self) -> list[tuple[dt.date, Session]]:
        return [(d, s) for d, day in sorted(self.days.items()) for s in day.sessions]


def default_slot(kind: Kind, placement: Placement, run_slot: Slot | None) -> Slot:
    """The slot of a logged session the plan did not hold, when the log does not say: the
    slot the model uses (``snc`` and standalone plyo opposite the run, ``hills`` and plyo
    placed with the run in the run's slot, gym kinds ``pm``)."""
    if kind in GYM_KINDS:
        return Slot.PM
    if kind is Kind.HILLS or placement in (Placement.WARMUP, Placement.AFTER_RUN):
        return run_slot or Slot.PM
    return Slot.AM if run_slot is Slot.PM else Slot.PM


def merge_exercises(prescribed: list[Exercise], logged: list[LoggedExercise]) -> list[Exercise]:
    """The prescribed exercises with the logged ones in place of those of the same name
    (sets, reps, load, seconds, metres as logged); logged exercises the prescription did not
    hold are added at the end."""
    by_name = {exercise_name(x.name): x for x in logged}
    out = []
    for ex in prescribed:
        done = by_name.pop(ex.name, None)
        if done is None:
            out.append(ex)
            continue
        update = {k: v for k, v in done.model_dump(exclude={"name"}).items() if v is not None}
        if done.load_kg is not None:
            update.update(load=None, percent_1rm=None)
        out.append(ex.model_copy(update=update))
    for name, done in by_name.items():
        out.append(Exercise(name=name, **done.model_dump(exclude={"name"}, exclude_none=True)))
    return out


def _done_session(scenario: Scenario, day: dt.date, done: DoneSession,
                  planned: Session | None) -> Session:
    weekday = Weekday.of(day.weekday())
    run_slot = scenario.running.slot_on(weekday) if scenario.run_on(day).has_run else None
    placement = done.placement or (planned.placement if planned else Placement.STANDALONE)
    slot = done.slot or (planned.slot if planned else default_slot(done.kind, placement,
                                                                   run_slot))
    if planned is None:
        planned = Session(kind=done.kind, slot=slot, placement=placement,
                          minutes=min_minutes(done.kind.value, placement.value))
    prescription = planned.prescription
    if done.exercises:
        prescription = prescription.model_copy(update={
            "exercises": merge_exercises(prescription.exercises, done.exercises)})
    return planned.model_copy(update={
        "slot": slot, "placement": placement, "minutes": done.minutes or planned.minutes,
        "prescription": prescription})


def _take(sessions: list[Session], kind: Kind, placement: Placement | None) -> Session | None:
    """Remove and return the planned session of ``kind`` (of ``placement`` first, if given)."""
    for want in ((placement, None) if placement is not None else (None,)):
        for s in sessions:
            if s.kind is kind and (want is None or s.placement is want):
                sessions.remove(s)
                return s
    return None


def past_day(scenario: Scenario, date: dt.date, planned: list[Session], log: TrainingLog,
             away: set[dt.date], earlier: DayRecord | None = None) -> PastDay:
    """What really happened on ``date`` (see the module docstring); ``earlier`` is the record
    an earlier replan kept for it (the plan's ``log``), kept when this log does not name the
    date."""
    entry = log.entry(date)
    if entry is None and (earlier is not None or date not in away):
        return PastDay(date, list(planned), list(planned), record=earlier)
    if date in away:
        record = DayRecord(missed=[s.kind for s in planned], away=True,
                           soreness=entry.soreness if entry else None,
                           note=entry.note if entry else None)
        return PastDay(date, [], list(planned), record=record)
    assert entry is not None
    remaining = list(planned)
    missed = [s.kind for kind in entry.missed if (s := _take(remaining, kind, None))]
    sessions, added = [], []
    for done in entry.done:
        match = _take(remaining, done.kind, done.placement)
        session = _done_session(scenario, date, done, match)
        sessions.append(session)
        if match is None:
            added.append((session, done))
    sessions.extend(remaining)
    sessions.sort(key=lambda s: (s.slot is Slot.PM, not s.counted))
    record = DayRecord(missed=missed, added=[s.kind for s, _ in added], soreness=entry.soreness,
                       note=entry.note)
    return PastDay(date, sessions, list(planned), added, record, list(entry.done))


def logged_past(scenario: Scenario, plan: Plan, log: TrainingLog, since: dt.date,
                away: set[dt.date] | None = None) -> Past:
    """Every day of ``plan`` before ``since`` as ``log`` tells it (``away``: the dates the
    athlete is unavailable, the log's own by default)."""
    away = log.unavailable_dates() if away is None else away
    days = {day.date: past_day(scenario, day.date, list(day.sessions), log, away, day.log)
            for day in plan.days if day.date < since}
    past = Past(since, days)
    past.lifted = lifted_loads(past)
    return past


def lifted_loads(past: Past) -> tuple[Lifted, ...]:
    """The loads of every past gym session: what was logged, or else what was prescribed
    (done as planned). Taper-deload sessions are left out: their loads are a temporary 15 %
    below the working load, not a new one."""
    return tuple(Lifted(date, exercise_name(ex.name), ex.load_kg)
                 for date, session in past.sessions()
                 if session.kind in GYM_KINDS and session.prescription.block != "taper deload"
                 for ex in session.prescription.exercises if ex.load_kg is not None)
