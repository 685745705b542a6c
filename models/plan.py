"""The plan the solver writes (``stridelift.plan/1``), as ``../shared/docs/formats.md`` fixes it.

The same model reads plans a coach wrote by hand, so only the fields the contract requires
are required; everything a solved plan adds (prescriptions, ``why``) is optional on input.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any, Literal

from pydantic import Field, TypeAdapter, ValidationError, model_validator

from .errors import SemanticProblem
from .loading import expect_kind, load_document, validate, write_text_atomic
from .types import Date, DateOrRange, Distance, StrictModel
from .vocabulary import Kind, Phase, Placement, RunKind, Slot

PLAN_FORMAT = "stridelift.plan/1"

Number = int | float


def number(value: float) -> Number:
    """Whole numbers as ``int`` so that the JSON reads ``812`` rather than ``812.0``."""
    value = round(float(value), 4)
    return int(value) if value.is_integer() else value


class Exercise(StrictModel):
    """One exercise of a prescription."""

    name: str
    sets: int | None = Field(None, ge=1, le=20)
    reps: int | None = Field(None, ge=1, le=100)
    seconds: int | None = Field(None, ge=1, le=3600, description="hold or sprint length")
    metres: int | None = Field(None, ge=1, le=1000, description="drill length")
    load_kg: float | None = Field(None, ge=0, le=500)
    load: str | None = Field(None, description="load in words where no 1RM is known")
    percent_1rm: float | None = Field(None, ge=0, le=100)
    rest_seconds: int | None = Field(None, ge=0, le=900)
    cue: str | None = None


class Prescription(StrictModel):
    """What a session says to do (P1-P5)."""

    exercises: list[Exercise] = Field(default_factory=list)
    warmup: list[str] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)
    block: str | None = Field(None, description="'technique', 'deload' (P6) or 'taper deload'")
    timing: dict[str, int] = Field(
        default_factory=dict,
        description="minutes of each part in order (warm-up, main set...); they add up to "
                    "the session's minutes")


class Session(StrictModel):
    kind: Kind
    slot: Slot
    placement: Placement = Placement.STANDALONE
    minutes: int = Field(ge=1, le=300)
    supervised: bool = False
    prescription: Prescription = Field(default_factory=Prescription)
    why: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _placement(self) -> Session:
        if self.kind is not Kind.PLYO and self.placement is not Placement.STANDALONE:
            raise ValueError(f"only plyo has a placement; {self.kind.value} is 'standalone'")
        return self

    @property
    def counted(self) -> bool:
        """Counted in the weekly band (H10) and as a day's one session (H1)."""
        return not (self.kind is Kind.PLYO and self.placement in (Placement.WARMUP,
                                                                  Placement.GYM))


class DayRecord(StrictModel):
    """What the training log says of a past day of a replanned plan (its sessions are what was
    done): the planned sessions missed, the sessions done that the plan did not hold, the
    soreness rating and the athlete's note."""

    missed: list[Kind] = Field(default_factory=list)
    added: list[Kind] = Field(default_factory=list,
                              description="kinds done that the plan did not hold that day")
    soreness: int | None = Field(None, ge=0, le=10)
    away: bool = Field(False, description="a date the log marks unavailable")
    note: str | None = None


class Day(StrictModel):
    date: Date
    week: int = Field(ge=1)
    phase: Phase
    run: RunKind
    run_slot: Slot | None = None
    sessions: list[Session] = Field(default_factory=list)
    log: DayRecord | None = Field(None, description="a replanned plan's logged past day")


class SessionKey(StrictModel):
    """A session's identity in a calendar: date, kind, placement and slot."""

    date: Date
    kind: Kind
    placement: Placement = Placement.STANDALONE
    slot: Slot


class LoadCut(StrictModel):
    """P6: a kind's load (or, for kinds without loads, reps) lowered for a date range."""

    kind: Kind
    first: Date
    last: Date
    percent: Number = Field(ge=0, le=100)
    reason: str = ""


class ReplanInfo(StrictModel):
    """How a plan was replanned from a training log (``stridelift replan``).

    ``solver.objective`` of a replanned plan is the sum of its ``score`` (S1-S6) plus
    ``stability`` (less 1000 points for each floor that the log made unreachable: across the
    replan date by the logged past, or in a week of its new dates away; counted in
    ``relaxed``; see ``optimizer.replan_model``).
    """

    since: Date = Field(description="the first replanned date; the days before it are the "
                                    "logged past, kept as logged")
    log: str = Field(description="the training log the replan read")
    number: int = Field(1, ge=1, description="1 for a plan's first replan, then 2, 3...")
    stability_weight: Number = Field(
        description="points each session that differs from the previous plan costs (a move "
                    "is a session dropped and one added: twice)")
    stability: Number = Field(description="the stability term: -weight x sessions changed")
    kept: int = 0
    moved: int = 0
    dropped: int = 0
    added: int = 0
    unavailable: list[DateOrRange] = Field(
        default_factory=list, description="dates away that training logs added to the "
                                          "scenario's (the checker counts them too)")
    cuts: list[LoadCut] = Field(
        default_factory=list,
        description="P6 cuts in force from the replan date on (the next replan keeps them)")
    relaxed: dict[str, int] = Field(
        default_factory=dict,
        description="per rule ID, constraints that the log (its past, or its new dates "
                    "away) made impossible to keep, so they were relaxed")
    removed: list[SessionKey] = Field(
        default_factory=list,
        description="sessions of earlier versions of the plan that this one no longer holds: "
                    "moved or dropped by a replan, or logged missed (calendar exports "
                    "cancel them)")


class RaceInfo(StrictModel):
    date: Date
    distance: Distance


PLAN_STATUSES = ("OPTIMAL", "FEASIBLE")
"""The CP-SAT statuses a plan is written with (formats.md): the solver found one."""
NO_PLAN_STATUSES = ("INFEASIBLE", "MODEL_INVALID", "UNKNOWN")
"""CP-SAT's other statuses: no plan was found (none exists, the model was refused, or time ran
out first), so a file carrying days under one contradicts itself."""


class SolverInfo(StrictModel):
    status: str = Field(description="the CP-SAT status the plan was found with: OPTIMAL or "
                                    "FEASIBLE (a plan file with another is refused)",
                        json_schema_extra={"enum": list(PLAN_STATUSES)})
    objective: Number | None = None
    best_bound: Number | None = None
    wall_seconds: float | None = None
    seed: int | None = None
    workers: int | None = None
    deterministic: bool | None = None
    variables: int | None = None
    constraints: int | None = None


def date_order_problems(dates: list[dt.date | None]) -> list[SemanticProblem]:
    """Where a list of days stops being one date after the other (``None``: unreadable, and
    skipped): a date given twice, a gap, or a step back."""
    out: list[SemanticProblem] = []
    seen: dict[dt.date, int] = {}
    previous: dt.date | None = None
    for i, date in enumerate(dates):
        if date is None:
            previous = None
            continue
        if date in seen:
            out.append((("days", i, "date"), f"this date is given twice (also days[{seen[date]}])",
                        date.isoformat()))
        elif previous is not None and date != previous + dt.timedelta(days=1):
            expected = previous + dt.timedelta(days=1)
            out.append((("days", i, "date"), f"days must hold every date once and in order: "
                        f"{expected} comes after {previous}", date.isoformat()))
        seen.setdefault(date, i)
        previous = date
    return out


def status_problems(status: Any, days: int) -> list[SemanticProblem]:
    """``solver.status`` names a plan found: OPTIMAL or FEASIBLE (:data:`PLAN_STATUSES`),
    the only statuses a plan is written with; a no-plan status (:data:`NO_PLAN_STATUSES`) or
    any other text is refused at ``solver.status``. ``days`` is how many days the file holds
    (the message says so: days under a no-plan status contradict it)."""
    if not isinstance(status, str) or status in PLAN_STATUSES:
        return []
    expected = f"a plan is written only for {' or '.join(PLAN_STATUSES)}"
    if status in NO_PLAN_STATUSES:
        held = f", yet this file holds {days} day{'s' if days != 1 else ''}" if days else ""
        message = f"this status says CP-SAT found no plan{held}; {expected}"
    else:
        message = f"not a CP-SAT status of a plan found; {expected}"
    return [(("solver", "status"), message, status)]


def horizon_problems(race: dt.date | None, dates: list[dt.date | None]) -> list[SemanticProblem]:
    """A plan runs from its first day to race day (formats.md), so it holds at least one day
    and none after ``race.date``. Days after race day are one problem, at the first of them
    (``days[212].date``), counting the rest. A plan that ends *before* race day is incomplete,
    not outside its horizon: ``check`` names the missing dates against the scenario."""
    if not dates:
        return [(("days",), "the plan has no days; expected one per date from start to race "
                            "day")]
    if race is None:
        return []
    after = [(i, d) for i, d in enumerate(dates) if d is not None and d > race]
    if not after:
        return []
    first, date = after[0]
    rest = (f"; {len(after)} days are after it ({min(d for _, d in after)}.."
            f"{max(d for _, d in after)})" if len(after) > 1 else "")
    return [(("days", first, "date"), f"a day after race day {race} (race.date): a plan runs "
             f"from its start to race day{rest}", date.isoformat())]


_DATE: TypeAdapter[dt.date] = TypeAdapter(Date)


def _readable_date(value: Any) -> dt.date | None:
    try:
        return _DATE.validate_python(value)
    except ValidationError:
        return None


def plan_problems(status: Any, race: dt.date | None,
                  dates: list[dt.date | None]) -> list[SemanticProblem]:
    """Every check of :meth:`Plan.semantic_problems`: the order of the dates, the horizon
    and the status; ``dates`` has one entry per day (``None`` where unreadable)."""
    return (date_order_problems(dates) + horizon_problems(race, dates)
            + status_problems(status, len(dates)))


class Plan(StrictModel):
    """A day-by-day plan from ``start`` to race day."""

    format: Literal["stridelift.plan/1"] = PLAN_FORMAT
    scenario: str
    athlete: str
    race: RaceInfo
    solver: SolverInfo | None = None
    introductions: dict[Kind, Date] = Field(default_factory=dict)
    score: dict[str, Number] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)
    replan: ReplanInfo | None = None
    days: list[Day]

    def semantic_problems(self) -> list[SemanticProblem]:
        """What a plan file must be beyond its fields' own types, run by
        :func:`~models.loading.validate` (so by :meth:`load` and :meth:`from_data`, and by
        every command that reads a plan: ``show``, ``check``, ``export``, ``replan``,
        ``explain --plan``). Each problem at its field, with the value:

        * ``days`` holds every date once and in order: a problem at the day where the order
          breaks (``days[12].date``);
        * ``days`` stays inside the plan's horizon, its start to race day (formats.md): at
          least one day, and none after ``race.date`` (one problem at the first day after it,
          naming how many follow); a plan ending before race day is left to ``check``, which
          names the missing dates against the scenario;
        * ``solver.status``, when given, is OPTIMAL or FEASIBLE, the statuses a plan is written
          with: INFEASIBLE, MODEL_INVALID or UNKNOWN say that CP-SAT found no plan, so days
          under them contradict the status, and other text is no status of a plan found.

        A plan without ``solver`` (written by hand) is not asked for one. Plans built in code
        (``Plan(...)``, ``model_copy``) are not checked until they are read back.
        """
        status = self.solver.status if self.solver is not None else None
        return plan_problems(status, self.race.date, [d.date for d in self.days])

    @classmethod
    def raw_key_problems(cls, data: Any) -> list[tuple[Any, ...]]:
        """A plan file names its format: without ``format`` it is most likely some other
        JSON (the field has a default only for plans built in code)."""
        if isinstance(data, dict) and "format" not in data:
            return [(("format",), f"this field is required: \"{PLAN_FORMAT}\" (the first "
                     "field of a plan stridelift writes)")]
        return []

    @classmethod
    def raw_semantic_problems(cls, data: Any) -> list[SemanticProblem]:
        """:meth:`semantic_problems` on what can be read (the status, the race date, the
        days' dates) when other fields of the file are invalid."""
        def part(*keys: str) -> Any:
            obj = data
            for key in keys:
                obj = obj.get(key) if isinstance(obj, dict) else None
            return obj

        days = part("days")
        if not isinstance(days, list):
            return status_problems(part("solver", "status"), 0)
        dates = [_readable_date(day.get("date")) if isinstance(day, dict) else None
                 for day in days]
        return plan_problems(part("solver", "status"), _readable_date(part("race", "date")),
                             dates)

    # -- convenience -----------------------------------------------------------------------

    @property
    def start(self) -> dt.date:
        return self.days[0].date

    def day(self, date: dt.date) -> Day:
        index = (date - self.start).days
        if not 0 <= index < len(self.days):
            raise KeyError(date)
        return self.days[index]

    def week(self, number: int) -> list[Day]:
        return [d for d in self.days if d.week == number]

    def sessions(self) -> list[tuple[Day, Session]]:
        return [(day, s) for day in self.days for s in day.sessions]

    @property
    def identity(self) -> str:
        """What names this plan across replans: scenario, athlete, race date and distance
        (calendar UIDs derive from it)."""
        return f"{self.scenario}|{self.athlete}|{self.race.date.isoformat()}|" \
               f"{self.race.distance}"

    # -- files -----------------------------------------------------------------------------

    def to_json(self) -> str:
        """The plan as JSON text: stable key order, two-space indent, trailing newline."""
        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the plan JSON atomically (a temporary file renamed over ``path``)."""
        write_text_atomic(path, self.to_json())

    @classmethod
    def load(cls, path: str | os.PathLike[str], label: str | None = None) -> Plan:
        """Read and validate a plan file (JSON, as ``stridelift solve`` writes it); raise
        :class:`~models.InputError` with every problem (path, line, value)."""
        doc = load_document(path, label)
        expect_kind(doc, "plan")
        return validate(cls, doc)

    @classmethod
    def from_data(cls, data: Any) -> Plan:
        """Validate an already-parsed plan mapping; raise :class:`~models.InputError` like
        :meth:`load`."""
        from .errors import Document

        doc = Document("<plan>", data)
        expect_kind(doc, "plan")
        return validate(cls, doc)
