"""What a replan changed and why, date by date, citing rule IDs.

Four kinds of lines, merged in date order:

* the **logged past**: sessions missed, added or moved by the athlete, loads lifted that differ
  from the plan, dates away, soreness ratings and what P6 made of them;
* the **future**: each session of the previous plan from the replan date on that the new plan
  no longer holds (dropped, or moved within its week) and each new one. The reason is found by
  asking the independent checker (:mod:`optimizer.check`) what keeping the old plan's session
  would break in the new plan (``H5 ...: snc on Wednesday, the day after ...``), or, when it
  breaks nothing, what it would cost by soft rule;
* **P6** cuts: each exercise's load (or reps) before → after at the first session of the cut;
* rule breaks of the **logged past** that the checker finds (``logged``: they happened).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from models import Plan, Scenario, Session
from models.log import exercise_name
from models.plan import Exercise, number

from .check import FORMAT, Violation, check, evaluate_score, split_logged, what
from .feedback import SoreDay
from .past import Past

WEEKDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
Key = tuple  # (date, kind, placement, slot)


@dataclass(frozen=True, order=True)
class Change:
    """One line of a replan's report: a date, and what changed there and why."""

    date: dt.date
    text: str
    rules: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.text}"

    def to_dict(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "text": self.text, "rules": list(self.rules)}


def day_name(day: dt.date) -> str:
    """``Thu 2027-05-13``."""
    return f"{WEEKDAY[day.weekday()]} {day.isoformat()}"


def _key(day: dt.date, s: Session) -> Key:
    return (day, s.kind, s.placement, s.slot)


def _sessions(plan: Plan, since: dt.date) -> dict[Key, Session]:
    return {_key(d.date, s): s for d in plan.days if d.date >= since for s in d.sessions}


def session_keys(plan: Plan, since: dt.date) -> set[Key]:
    """The ``(date, kind, placement, slot)`` of every session of ``plan`` from ``since`` on."""
    return set(_sessions(plan, since))


def pair_moves(old: set[Key], new: set[Key],
               start: dt.date) -> tuple[list[tuple[Key, Key]], list[Key], list[Key]]:
    """``(moves, dropped, added)`` between two plans' sessions: a session of the old plan
    that the new one does not hold is *moved* when the new one holds a session of its kind
    that the old one did not, in the same plan week (weeks counted from the plan's
    ``start``; the nearest such date), else *dropped*; the new sessions left over are
    *added*."""
    gone, came = sorted(old - new), sorted(new - old)
    moves = []
    for key in list(gone):
        week = (key[0] - start).days // 7
        twin = min((k for k in came if k[1] is key[1] and (k[0] - start).days // 7 == week),
                   key=lambda k: (abs((k[0] - key[0]).days), k), default=None)
        if twin is not None:
            came.remove(twin)
            gone.remove(key)
            moves.append((key, twin))
    return moves, gone, came


def edited(plan: Plan, add: Iterable[tuple[dt.date, Session]] = (),
           remove: Iterable[Key] = ()) -> Plan:
    """A copy of ``plan`` with sessions added and removed (for what-if checks)."""
    gone = set(remove)
    extra: dict[dt.date, list[Session]] = {}
    for day, session in add:
        extra.setdefault(day, []).append(session)
    days = [d.model_copy(update={"sessions": [s for s in d.sessions
                                              if _key(d.date, s) not in gone]
                                 + extra.get(d.date, [])}) for d in plan.days]
    return plan.model_copy(update={"days": days})


def _reason(scenario: Scenario, new: Plan, base: set[Violation], trial: Plan,
            condition: str) -> tuple[str, tuple[str, ...]]:
    """Why the new plan does not look like ``trial``: the rules ``trial`` would break
    (``H9 if kept: ...``), else what the new plan gains by soft rule.

    The plan contract (``format``) is never a reason: ``trial`` is the new plan with one
    session put back, so its ``introductions`` may no longer name its first sessions (a plyo
    session kept a week before the new plan's first one), an inconsistency of the what-if,
    not of the plan. The rule behind such a session is one the checker reads off the
    sessions themselves (H17 for a supervised first week, H13/H14 for the ladder)."""
    broken = [v for v in check(scenario, trial) if v not in base and v.rule != FORMAT]
    if broken:
        first = broken[0]
        rules = tuple(dict.fromkeys(v.rule for v in broken))
        more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
        return f"{first.rule} {condition}: {first.message}{more}", rules
    now, then = evaluate_score(scenario, new), evaluate_score(scenario, trial)
    gains = {k: now[k] - then[k] for k in now if abs(now[k] - then[k]) > 1e-9}
    if gains:
        total = sum(gains.values())
        parts = ", ".join(f"{k} {number(v):+}" for k, v in gains.items())
        return f"scores {number(total):+} points this way ({parts})", tuple(gains)
    return "an equally good plan once the rest changed", ()


def future_changes(scenario: Scenario, previous: Plan, new: Plan,
                   since: dt.date) -> list[Change]:
    """Sessions from ``since`` on that the new plan dropped, moved or added, with reasons."""
    old, now = _sessions(previous, since), _sessions(new, since)
    moves, gone, came = pair_moves(set(old), set(now), new.start)
    base = set(check(scenario, new))
    out = []
    for key, twin in moves:
        day, session = key[0], old[key]
        trial = edited(new, [(day, session)], [twin])
        why, rules = _reason(scenario, new, base, trial, "if it stayed")
        where = "the same day" if twin[0] == day else day_name(twin[0])
        how = [p.value for p in (twin[2],) if twin[2] is not key[2]] + [twin[3].value]
        out.append(Change(day, f"{what(session)} moved to {where} ({', '.join(how)}) - {why}",
                          rules))
    for key in gone:
        trial = edited(new, [(key[0], old[key])])
        why, rules = _reason(scenario, new, base, trial, "if kept")
        out.append(Change(key[0], f"{what(old[key])} dropped - {why}", rules))
    for key in came:
        trial = edited(new, remove=[key])
        why, rules = _reason(scenario, new, base, trial, "without it")
        out.append(Change(key[0], f"{what(now[key])} added - {why}", rules))
    return out


def _loads(exercises: Iterable[Exercise]) -> dict[str, str]:
    out = {}
    for ex in exercises:
        if ex.load_kg is not None:
            out[ex.name] = f"{number(ex.load_kg)} kg"
        elif ex.reps is not None:
            out[ex.name] = f"{ex.sets} x {ex.reps}" if ex.sets else f"{ex.reps} reps"
    return out


def p6_changes(new: Plan, sore: list[SoreDay],
               unplanned: dict[Key, Session]) -> list[Change]:
    """Per P6 cut, each exercise before → after at the first session it lowers."""
    out = []
    for day in sore:
        for cut in day.adjustments:
            first = next(((d.date, s) for d in new.days if cut.first <= d.date <= cut.last
                          for s in d.sessions if s.kind is cut.kind), None)
            if first is None:
                out.append(Change(cut.first, f"P6: {cut.kind.value} would be "
                                  f"{number(cut.percent)} % lighter until {cut.last}, but no "
                                  f"{cut.kind.value} session falls there"))
                continue
            date, session = first
            before = unplanned.get(_key(date, session))
            was = _loads(before.prescription.exercises) if before else {}
            now = _loads(session.prescription.exercises)
            moves = [f"{name} {was[name]} → {now[name]}" for name in now
                     if name in was and was[name] != now[name]]
            detail = ", ".join(moves) if moves else f"{number(cut.percent)} % lighter"
            out.append(Change(date, f"P6: {cut.kind.value} {detail} until {cut.last} "
                              f"(soreness {day.rating} on {day_name(day.date)}), then "
                              "progression resumes", ("P6",)))
    return out


def planned_load(previous: Plan, name: str, date: dt.date) -> float | None:
    """The load the previous plan gave ``name`` in its last session on or before ``date``."""
    found = None
    for d in previous.days:
        if d.date > date:
            break
        for s in d.sessions:
            for ex in s.prescription.exercises:
                if ex.name == name and ex.load_kg is not None:
                    found = ex.load_kg
    return found


def past_changes(previous: Plan, past: Past, sore: list[SoreDay]) -> list[Change]:
    """What the log says happened, date by date."""
    out = []
    for date, day in sorted(past.days.items()):
        record = day.record
        if record is None:
            continue
        if record.away:
            what_ = ", ".join(k.value for k in record.missed)
            out.append(Change(date, "away (logged)" + (f": {what_} not done (H9)"
                                                       if what_ else ""), ("H9",)))
        else:
            out.extend(Change(date, f"{k.value} missed (logged)") for k in record.missed)
        for session, _ in day.added:
            out.append(Change(date, f"{what(session)} done, not in the plan that day "
                              "(logged: added or moved by the athlete)"))
        for done in day.done:
            for ex in done.exercises:
                name = exercise_name(ex.name)
                planned = planned_load(previous, name, date)
                if ex.load_kg is not None and planned is not None and planned != ex.load_kg:
                    out.append(Change(date, f"{name} {number(ex.load_kg)} kg lifted, the plan "
                                      f"had {number(planned)} kg (logged): its loads continue "
                                      "from what was lifted (P6)", ("P6",)))
    for day in sore:
        out.append(Change(day.date, f"soreness {day.rating} (logged): P6 {day.reason}",
                          ("P6",)))
    return out


def logged_breaks(scenario: Scenario, new: Plan) -> list[Change]:
    """Rule breaks of the logged past, as the checker finds them."""
    _, logged = split_logged(new, check(scenario, new))
    return [Change(v.date or new.start, f"{v.rule} (logged, it happened): {v.message}",
                   (v.rule,)) for v in logged]


def describe(scenario: Scenario, previous: Plan, new: Plan, past: Past, sore: list[SoreDay],
             unplanned: dict[Key, Session]) -> list[Change]:
    """Every change of a replan, in date order (see the module docstring)."""
    lines = (past_changes(previous, past, sore) + logged_breaks(scenario, new)
             + future_changes(scenario, previous, new, past.since)
             + p6_changes(new, sore, unplanned))
    return sorted(lines, key=lambda c: c.date)
