"""The training log (``../shared/docs/formats.md``): what really happened, for ``replan``.

Per date: the sessions done (a kind, as planned, or in full with the slot, placement and the
exercises really lifted), the planned sessions missed, a soreness rating 0-10 felt on a run,
and a note; plus new ``unavailable`` dates or ranges (sick, travel). **Dates not named were
done as planned**, and so were the planned sessions of a named date that it neither lists as
done nor as missed.

A log is YAML (JSON works too) or CSV with the columns ``date, done, missed, soreness`` (and
optionally ``unavailable``, ``note``); a CSV cell lists kinds separated by spaces, ``;`` or
``+``, each optionally ``kind/placement@slot`` (``plyo/after-run@am``).

Validation reports every problem at once, like a scenario's: the file, the YAML line (or CSV
row), the field path (``days.2027-04-08.done[0].exercises[1].name``), the value and what was
expected. :func:`load_log` with the plan also checks the log against the plan: dates inside
it, missed sessions that the plan holds, nothing done on a date marked unavailable, a placement
for a plyo session the plan did not hold, and nothing logged on or after the replan date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from .catalog import EXERCISES, canonical_exercise
from .errors import Document, InputError, Problem, did_you_mean, sort_problems
from .loading import SUFFIXES, parse_text, read_text, validate
from .plan import Plan
from .types import Date, DateOrRange, DateSpan, StrictModel
from .vocabulary import GYM_KINDS, Kind, Placement, Slot

SORENESS_MAX = 10
EXTRA_EXERCISES: dict[Kind, tuple[str, ...]] = {Kind.PLYO: ("strides",)}
"""Names a prescription uses besides the catalog's (plyo ends with strides)."""


class LoggedExercise(StrictModel):
    """One exercise as it was really done."""

    name: str = Field(min_length=1, description="an exercise of the session's kind")
    sets: int | None = Field(None, ge=1, le=20)
    reps: int | None = Field(None, ge=1, le=100)
    load_kg: float | None = Field(None, ge=0, le=500,
                                  description="the working load lifted (lift and power)")
    seconds: int | None = Field(None, ge=1, le=3600)
    metres: int | None = Field(None, ge=1, le=1000)


class DoneSession(StrictModel):
    """A session done: ``snc`` (short form, as planned) or a mapping with the details.

    ``slot`` and ``placement`` default to the planned session's; for a session the plan did
    not hold that day, to the slot the model would use (``snc`` opposite the run, ``hills``
    with the run, gym kinds ``pm``); a plyo session the plan did not hold must say its
    ``placement``.
    """

    kind: Kind
    slot: Slot | None = None
    placement: Placement | None = None
    minutes: int | None = Field(None, ge=1, le=300)
    exercises: list[LoggedExercise] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        return {"kind": data} if isinstance(data, str) else data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """Either form: a kind's name, or the mapping."""
        full = handler.resolve_ref_schema(handler(core_schema))
        return {"anyOf": [{"type": "string", "enum": [k.value for k in Kind]}, full],
                "description": "a kind done as planned (snc), or a mapping with the details"}


class LogDay(StrictModel):
    """One logged date."""

    done: list[DoneSession] = Field(default_factory=list)
    missed: list[Kind] = Field(default_factory=list, description="planned kinds not done")
    soreness: int | None = Field(None, ge=0, le=SORENESS_MAX,
                                 description="0-10, felt on the day's run (P6 counts quality "
                                             "days)")
    note: str | None = Field(None, max_length=500)


LocProblem = tuple[Any, ...]
"""``(loc, message)`` or ``(loc, message, value)``, as ``validate`` takes them."""


class TrainingLog(StrictModel):
    """A training log. Load with :func:`load_log`, or from a mapping with :meth:`from_data`
    (both check it against the plan when given one)."""

    days: dict[Date, LogDay] = Field(default_factory=dict)
    unavailable: list[DateOrRange] = Field(
        default_factory=list, description="new dates away (ranges as A..B): nothing is "
                                          "planned there; past ones were missed")

    @classmethod
    def from_data(cls, data: Any, plan: Plan | None = None, since: dt.date | None = None,
                  label: str = "<log>") -> TrainingLog:
        """Validate an already-parsed log mapping (see :func:`log_from_data`)."""
        return log_from_data(data, plan, since, label)

    # -- derived -----------------------------------------------------------------------------

    @property
    def empty(self) -> bool:
        return not self.days and not self.unavailable

    @property
    def last_logged(self) -> dt.date | None:
        """The last date the ``days`` name (``None`` for none)."""
        return max(self.days, default=None)

    def unavailable_dates(self) -> set[dt.date]:
        return {d for span in self.unavailable for d in span.dates()}

    def entry(self, day: dt.date) -> LogDay | None:
        return self.days.get(day)

    # -- validation --------------------------------------------------------------------------

    def semantic_problems(self) -> list[LocProblem]:
        """The checks within one date: kinds listed twice, a kind both done and missed,
        exercise names of the session's kind, loads only for lift and power, placements only
        for plyo."""
        out: list[LocProblem] = []
        for day, entry in self.days.items():
            out.extend(entry_problems(day, entry))
        return out

    @classmethod
    def raw_semantic_problems(cls, data: Any) -> list[LocProblem]:
        """The same checks on the dates of an invalid log that are valid on their own."""
        days, _ = _valid_parts(data)
        return [p for day, entry in days.items() for p in entry_problems(day, entry)]


def entry_problems(day: dt.date, entry: LogDay) -> list[LocProblem]:
    """:meth:`TrainingLog.semantic_problems` for one date."""
    base = ("days", day.isoformat())
    out: list[LocProblem] = []
    done = [s.kind for s in entry.done]
    for i, session in enumerate(entry.done):
        here = base + ("done", i)
        if session.kind in done[:i] and session.kind is not Kind.PLYO:
            out.append((here + ("kind",), "this kind is listed twice as done on the same date",
                        session.kind.value))
        if session.kind in entry.missed:
            out.append((here + ("kind",), "this kind is listed as done and as missed",
                        session.kind.value))
        if session.placement is not None and session.kind is not Kind.PLYO \
                and session.placement is not Placement.STANDALONE:
            out.append((here + ("placement",), f"only plyo has a placement; "
                        f"{session.kind.value} is standalone", session.placement.value))
        names = list(EXERCISES[session.kind]) + list(EXTRA_EXERCISES.get(session.kind, ()))
        for j, exercise in enumerate(session.exercises):
            at = here + ("exercises", j)
            name = canonical_exercise(exercise.name) or exercise.name.strip().lower()
            if name not in names:
                out.append((at + ("name",), f"not a {session.kind.value} exercise; "
                            f"{did_you_mean(exercise.name.lower(), names)}", exercise.name))
            if exercise.load_kg is not None and session.kind not in GYM_KINDS:
                out.append((at + ("load_kg",), "a load is logged for lift and power exercises "
                            "only", exercise.load_kg))
    seen: set[Kind] = set()
    for i, kind in enumerate(entry.missed):
        if kind in seen:
            out.append((base + ("missed", i), "this kind is listed twice as missed", kind.value))
        seen.add(kind)
    return out


def exercise_name(name: str) -> str:
    """The catalog spelling of a logged exercise name (``dead lift`` -> ``deadlift``)."""
    return canonical_exercise(name) or name.strip().lower()


# -- checks against the plan ---------------------------------------------------------------------


def plan_problems(days: Mapping[dt.date, LogDay], unavailable: Iterable[DateSpan | None],
                  plan: Plan, since: dt.date | None = None) -> list[LocProblem]:
    """Problems of a log with the plan it reports on.

    Dates must lie inside the plan; a missed kind must be a planned session of its date; a
    date marked unavailable cannot hold a done session; a plyo session the plan did not hold
    must give its placement; and with ``since`` (the replan date) nothing but new
    unavailable dates may be logged on or after it.
    """
    out: list[LocProblem] = []
    first, last = plan.start, plan.days[-1].date
    inside = f"inside the plan ({first}..{last})"
    away: set[dt.date] = set()
    for i, span in enumerate(unavailable):
        if span is None:
            continue
        if span.last < first or span.first > last:
            out.append((("unavailable", i), f"these dates are not {inside}", str(span)))
        away.update(span.dates())
    for day, entry in days.items():
        key = ("days", day.isoformat())
        if not first <= day <= last:
            out.append((key, f"this date is not {inside}", day))
            continue
        if since is not None and day >= since:
            out.append((key, f"logged on or after the replan date {since}: the log says what "
                        "happened before it (new dates away go under unavailable)", day))
        planned = [s for s in plan.day(day).sessions]
        planned_kinds = [s.kind for s in planned]
        for i, kind in enumerate(entry.missed):
            if kind not in planned_kinds:
                holds = ", ".join(k.value for k in planned_kinds) or "no session"
                out.append((key + ("missed", i), f"the plan holds no {kind.value} session on "
                            f"this date (it holds {holds})", kind.value))
        for i, session in enumerate(entry.done):
            if day in away:
                out.append((key + ("done", i), "this date is marked unavailable in the log; "
                            "nothing can be done on it", session.kind.value))
            if session.kind is Kind.PLYO and session.kind not in planned_kinds \
                    and session.placement is None:
                out.append((key + ("done", i, "placement"), "plyo that the plan did not hold "
                            "that day needs its placement: warmup, after-run, gym or "
                            "standalone"))
    return out


# -- loading -------------------------------------------------------------------------------------

_DAY: TypeAdapter[LogDay] = TypeAdapter(LogDay)
_DATE: TypeAdapter[dt.date] = TypeAdapter(Date)
_SPAN: TypeAdapter[DateSpan] = TypeAdapter(DateOrRange)


def _valid(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def _valid_parts(data: Any) -> tuple[dict[dt.date, LogDay], list[DateSpan | None]]:
    """The entries of an invalid log that are valid on their own, to check them too
    (``None`` in place of an invalid range, so that indexes stay those of the file)."""
    days: dict[dt.date, LogDay] = {}
    spans: list[DateSpan | None] = []
    if not isinstance(data, dict):
        return days, spans
    raw_days = data.get("days")
    for key, value in (raw_days.items() if isinstance(raw_days, dict) else ()):
        day, entry = _valid(_DATE, key), _valid(_DAY, value if value is not None else {})
        if day is not None and entry is not None:
            days[day] = entry
    raw_spans = data.get("unavailable")
    for value in (raw_spans if isinstance(raw_spans, list) else ()):
        spans.append(_valid(_SPAN, value))
    return days, spans


def log_document(path: str | os.PathLike[str], label: str | None = None) -> Document:
    """Read a log file (YAML, JSON or CSV) into a :class:`~models.errors.Document`."""
    label, text = read_text(path, label)
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return csv_document(text, label)
    fmt = SUFFIXES.get(suffix)
    if fmt is None:
        if suffix:
            raise InputError([Problem(label, "(file)", f"unknown file type '{suffix}'; a log "
                                      "is .yaml, .yml, .json or .csv")])
        fmt = "json" if text.lstrip().startswith("{") else "yaml"
    doc = parse_text(text, fmt, label)
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        raise InputError([Problem(label, "(top level)", "expected a mapping with days and "
                                  "unavailable", 1, doc.data)])
    days = doc.data.get("days")
    if isinstance(days, dict):
        # ``2027-04-05:`` with nothing after it: a date named with nothing to say.
        doc.data["days"] = {k: ({} if v is None else v) for k, v in days.items()}
    return doc


def validate_log(doc: Document, plan: Plan | None = None,
                 since: dt.date | None = None) -> TrainingLog:
    """Validate a parsed log; with ``plan``, check it against the plan too (the dates of an
    invalid log that are valid on their own are checked as well, so that one pass reports
    every problem)."""
    problems: list[Problem] = []
    log: TrainingLog | None = None
    try:
        log = validate(TrainingLog, doc)
    except InputError as error:
        problems.extend(error.problems)
    if plan is not None and plan.days:
        if log is not None:
            days: dict[dt.date, LogDay] = dict(log.days)
            spans: list[DateSpan | None] = list(log.unavailable)
        else:
            days, spans = _valid_parts(doc.data)
        known = {(p.path, p.message) for p in problems}
        for loc, message, *value in plan_problems(days, spans, plan, since):
            problem = doc.problem(loc, message, *value)
            if (problem.path, problem.message) not in known:
                problems.append(problem)
    if problems or log is None:
        raise InputError(sort_problems(problems))
    return log


def load_log(path: str | os.PathLike[str], plan: Plan | None = None,
             since: dt.date | None = None, label: str | None = None) -> TrainingLog:
    """Read and validate a training log file; with ``plan``, check it against the plan too.

    Raises :class:`~models.InputError` listing every problem (file, line, field path, value,
    what was expected); nothing is returned for a log with any problem.
    """
    return validate_log(log_document(path, label), plan, since)


def log_from_data(data: Any, plan: Plan | None = None, since: dt.date | None = None,
                  label: str = "<log>") -> TrainingLog:
    """Validate an already-parsed log mapping (for library callers and tests)."""
    return validate_log(Document(label, data), plan, since)


# -- CSV -----------------------------------------------------------------------------------------

CSV_COLUMNS = ("date", "done", "missed", "soreness", "unavailable", "note")
CSV_TRUE = {"true", "yes", "y", "1", "x"}
CSV_FALSE = {"false", "no", "n", "0", ""}
_ITEM = re.compile(r"^(?P<kind>[a-z]+)(?:/(?P<placement>[a-z-]+))?(?:@(?P<slot>[a-z]+))?$")


def _csv_items(cell: str) -> list[Any]:
    """``lift@pm; snc`` -> ``[{"kind": "lift", "slot": "pm"}, "snc"]`` (bad items as text,
    for validation to name)."""
    out: list[Any] = []
    for item in re.split(r"[;+\s]+", cell.strip().lower()):
        if not item:
            continue
        match = _ITEM.match(item)
        if match is None or not (match.group("placement") or match.group("slot")):
            out.append(match.group("kind") if match else item)
            continue
        entry: dict[str, str] = {"kind": match.group("kind")}
        if match.group("placement"):
            entry["placement"] = match.group("placement")
        if match.group("slot"):
            entry["slot"] = match.group("slot")
        out.append(entry)
    return out


def csv_document(text: str, label: str) -> Document:
    """A CSV log as the same mapping a YAML log gives, with each row's line for messages."""
    reader = csv.DictReader(io.StringIO(text))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    doc = Document(label, {"days": {}, "unavailable": []})
    if "date" not in header:
        raise InputError([Problem(label, "(header)", "a CSV log needs the column date (and "
                                  "done, missed, soreness, unavailable or note)", 1,
                                  ",".join(reader.fieldnames or []))])
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        doc.problems.append(Problem(label, "(header)", "unknown column(s): "
                                    + ", ".join(unknown) + "; expected "
                                    + ", ".join(CSV_COLUMNS), 1))
    days: dict[str, dict[str, Any]] = doc.data["days"]
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()
               if isinstance(v, str) or v is None}
        key = row.get("date", "")
        if key in seen:
            doc.problems.append(Problem(label, f"days.{key}", f"date given twice (first on "
                                        f"line {seen[key]})", line))
            continue
        seen[key] = line
        entry: dict[str, Any] = {}
        for column in ("done", "missed"):
            if row.get(column):
                entry[column] = _csv_items(row[column])
        if row.get("soreness"):
            text_value = row["soreness"]
            entry["soreness"] = int(text_value) if text_value.isdigit() else text_value
        if row.get("note"):
            entry["note"] = row["note"]
        away = row.get("unavailable", "").lower()
        if away in CSV_TRUE:
            doc.lines[("unavailable", len(doc.data["unavailable"]))] = line
            doc.data["unavailable"].append(key)
        elif away not in CSV_FALSE:
            doc.problems.append(Problem(label, f"days.{key}.unavailable", "expected yes or "
                                        "no", line, row.get("unavailable")))
        if entry or away not in CSV_TRUE:
            days[key] = entry
        doc.lines[("days", key)] = line
        for column in entry:
            doc.lines[("days", key, column)] = line
    doc.lines[("days",)] = 1
    return doc
