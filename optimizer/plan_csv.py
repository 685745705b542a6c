"""Plans as a simple CSV, the shape a coach keeps in a spreadsheet.

Columns: ``date, run, kind, slot, placement, minutes, supervised``. One row per session; a day
without a session may have a row with an empty ``kind`` (the writer emits one, so every date
and its run appear), or no row at all. Only ``date`` and ``kind`` are required for a session;
``slot`` defaults to ``pm``, ``placement`` to ``standalone``, ``minutes`` to the kind's minimum
length (H9) and ``supervised`` to false. ``run`` is optional too: when given it must match the
scenario (a mismatch is reported by ``check`` as a ``format`` violation, the sign of a sheet
written for another running plan).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict

from models import InputError, Plan, Scenario
from models.errors import Problem
from models.plan import Day, RaceInfo, Session
from models.rulebook import min_minutes
from models.vocabulary import Kind, Placement, RunKind, Slot

from .calendar import Calendar

COLUMNS = ("date", "run", "kind", "slot", "placement", "minutes", "supervised")
TRUE = {"true", "yes", "y", "1", "x"}
FALSE = {"false", "no", "n", "0", ""}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def plan_to_csv(plan: Plan) -> str:
    """The plan as CSV text: one row per session, one row with an empty kind per free day."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for day in plan.days:
        if not day.sessions:
            writer.writerow([day.date.isoformat(), day.run.value, "", "", "", "", ""])
        for s in day.sessions:
            writer.writerow([day.date.isoformat(), day.run.value, s.kind.value, s.slot.value,
                             s.placement.value, s.minutes, "true" if s.supervised else "false"])
    return out.getvalue()


def _enum(value: str, enum: type, what: str, problems: list[Problem], label: str, line: int,
          column: str):
    try:
        return enum(value.strip().lower())
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        problems.append(Problem(label, f"row {line - 1}.{column}",
                                f"expected {what}: {choices}", line, value))
        return None


def _date(text: str) -> dt.date:
    """A date written exactly as YYYY-MM-DD (``fromisoformat`` also takes 20270608 and
    2027-W23-3, which a sheet should not)."""
    if not ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def _row(row: dict[str, str], number: int, scenario: Scenario, label: str,
         problems: list[Problem]) -> tuple[dt.date, RunKind | None, Session | None] | None:
    """One CSV row: its date, its run (when given) and its session (when it has a kind), or
    ``None`` when the row has a problem. Every problem of the row is reported."""
    before = len(problems)

    def bad(column: str, expected: str, value: object) -> None:
        problems.append(Problem(label, f"row {number - 1}.{column}", expected, number, value))

    date = None
    try:
        date = _date(row.get("date", ""))
    except ValueError:
        bad("date", "expected a date as YYYY-MM-DD", row.get("date"))
    if date is not None and not scenario.start <= date <= scenario.race.date:
        bad("date", f"this date is outside the plan ({scenario.start}..{scenario.race.date})",
            date.isoformat())
    run = None
    if row.get("run"):
        run = _enum(row["run"], RunKind, "a run kind", problems, label, number, "run")
    session = None
    if row.get("kind"):
        kind = _enum(row["kind"], Kind, "a strength kind", problems, label, number, "kind")
        slot = _enum(row.get("slot") or "pm", Slot, "a slot", problems, label, number, "slot")
        placement = _enum(row.get("placement") or "standalone", Placement, "a placement",
                          problems, label, number, "placement")
        minutes_text = row.get("minutes", "")
        minutes = None
        if minutes_text:
            try:
                minutes = int(minutes_text)
            except ValueError:
                minutes = 0
            if not 1 <= minutes <= 300:
                bad("minutes", "expected whole minutes from 1 to 300", minutes_text)
        supervised_text = row.get("supervised", "").lower()
        if supervised_text not in TRUE | FALSE:
            bad("supervised", "expected true or false", row.get("supervised"))
        if (kind is not None and placement is not None and kind is not Kind.PLYO
                and placement is not Placement.STANDALONE):
            bad("placement", f"only plyo has a placement; {kind.value} is standalone",
                placement.value)
        if len(problems) == before:
            assert kind is not None and slot is not None and placement is not None
            session = Session(kind=kind, slot=slot, placement=placement,
                              minutes=minutes or min_minutes(kind.value, placement.value),
                              supervised=supervised_text in TRUE)
    if len(problems) > before or date is None:
        return None
    return date, run, session


def plan_from_csv(text: str, scenario: Scenario, label: str = "<csv>") -> Plan:
    """Read a CSV plan for ``scenario``; raise :class:`~models.InputError` with every problem
    (the line, the column, the value and what was expected)."""
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "date" not in header or "kind" not in header:
        raise InputError([Problem(label, "(header)", "a CSV plan needs at least the columns "
                                  "date and kind (and may have run, slot, placement, minutes, "
                                  "supervised)", 1, ",".join(reader.fieldnames or []))])
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        problems.append(Problem(label, "(header)", "unknown column(s): " + ", ".join(unknown)
                                + "; expected " + ", ".join(COLUMNS), 1))
    sessions: dict[dt.date, list[Session]] = defaultdict(list)
    runs: dict[dt.date, RunKind] = {}
    for number, raw in enumerate(reader, start=2):
        extra = raw.pop(None, None)  # fields beyond the header (csv.DictReader's key None)
        if extra:
            problems.append(Problem(label, f"row {number - 1}", f"{len(header) + len(extra)} "
                                    f"fields, the header has {len(header)}", number,
                                    ",".join(extra)))
            continue
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        session = _row(row, number, scenario, label, problems)
        if session is None:
            continue
        date, run, made = session
        if run is not None:
            runs[date] = run
        if made is not None:
            sessions[date].append(made)
    if problems:
        raise InputError(problems)
    return _plan(scenario, sessions, runs)


def _plan(scenario: Scenario, sessions: dict[dt.date, list[Session]],
          runs: dict[dt.date, RunKind]) -> Plan:
    cal = Calendar(scenario)
    first_week: dict[Kind, int] = {}
    for date in sorted(sessions):
        for s in sessions[date]:
            first_week.setdefault(s.kind, cal.days[cal.index_of(date)].week)
    lift_from = 1 if scenario.established(Kind.LIFT) else first_week.get(Kind.LIFT)
    power_from = 1 if scenario.established(Kind.POWER) else first_week.get(Kind.POWER)
    days = []
    for cday in cal.days:
        days.append(Day(date=cday.date, week=cday.week,
                        phase=cal.phase_of(cal.week(cday.week), lift_from, power_from,
                                           cday.index),
                        run=runs.get(cday.date, cday.run), run_slot=cday.run_slot,
                        sessions=sessions.get(cday.date, [])))
    return Plan(scenario=scenario.name, athlete=scenario.athlete.name,
                race=RaceInfo(date=scenario.race.date, distance=scenario.race.distance),
                notes=["read from a CSV plan"], days=days)

