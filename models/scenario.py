"""The scenario a runner or coach writes: athlete, race, running week, availability, rules.

Field names follow ``../shared/docs/formats.md``. Every default that the rulebook names is a
field of :class:`Rules` or :class:`Weights`, with the bounds that input validation enforces.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StrictFloat, TypeAdapter, ValidationError, \
    ValidationInfo, WithJsonSchema, field_validator, model_validator

from .catalog import LiftExercise, exercise_type
from .errors import Document, SemanticProblem, format_path
from .loading import expect_kind, load_document, validate
from .rulebook import SWITCHABLE_RULES
from .types import ClockTime, Date, DateOrRange, DateSpan, Distance, RunSlot, StrictModel, \
    TimeZoneName, WeekdayName, distance_metres
from .vocabulary import Kind, Level, RunKind, Sex, Slot, Weekday, parse_weekday

MIN_HORIZON_DAYS = 14
MAX_HORIZON_WEEKS = 104


def _kilograms(kg: float) -> float:
    if not 1 <= kg <= 500:
        raise ValueError("expected kilograms from 1 to 500")
    return kg


Kilograms = Annotated[StrictFloat, AfterValidator(_kilograms),
                      WithJsonSchema({"type": "number", "minimum": 1, "maximum": 500})]
"""A load or one-rep maximum per exercise: 1 to 500 kg (each entry checked at its own path)."""


class Athlete(StrictModel):
    """Who is training, and what they already do."""

    name: str = Field(min_length=1, max_length=200, description="the athlete's name")
    sex: Sex = Field(Sex.OTHER, description="used only for the long-term squat goal (P1)")
    body_mass_kg: float | None = Field(None, ge=25, le=250)
    strength_level: Level = Level.NOVICE
    established: list[Kind] = Field(
        default_factory=list,
        description="strength kinds already done regularly: no introduction needed (H13, H14)")
    one_rep_max_kg: dict[LiftExercise, Kilograms] = Field(
        default_factory=dict, description="known one-rep maxima; absent -> technique-first loads")
    double_days: bool = Field(False, description="allow AM run + PM gym on quality days (H2)")
    late_mornings: bool = Field(False, description="the AM slot is >= 3 h after waking (H3)")

    @field_validator("established")
    @classmethod
    def _unique(cls, kinds: list[Kind]) -> list[Kind]:
        return list(dict.fromkeys(kinds))


class Race(StrictModel):
    date: Date = Field(description="race day (YYYY-MM-DD), the last day of the plan")
    distance: Distance = Field(description="a race distance by name (1500m, mile, 3000m, 5k, "
                                           "10k, half, marathon, ultra) or metres")
    name: str | None = None

    @property
    def metres(self) -> int:
        return distance_metres(self.distance)


ALL_WEEKDAYS: list[Weekday] = list(Weekday)


class Running(StrictModel):
    """The running plan: a weekly template, per-date overrides, and the run's slot."""

    week: dict[WeekdayName, RunKind] = Field(
        description="the run kind of every weekday (rest for no run)")
    dates: dict[Date, RunKind] = Field(default_factory=dict,
                                       description="per-date overrides of the template")
    run_slot: RunSlot = Field(
        Slot.AM, description="the slot of the run: am (default) or pm, for every day or per "
                             "weekday (weekdays not named run am)")

    @field_validator("week")
    @classmethod
    def _every_weekday(cls, week: dict[Weekday, RunKind]) -> dict[Weekday, RunKind]:
        missing = [w.value for w in Weekday if w not in week]
        if missing:
            raise ValueError(f"every weekday needs a run kind (rest for none); missing: "
                             f"{', '.join(missing)}")
        return {w: week[w] for w in Weekday}

    def slot_on(self, weekday: Weekday) -> Slot:
        if isinstance(self.run_slot, dict):
            return self.run_slot.get(weekday, Slot.AM)
        return self.run_slot


class Availability(StrictModel):
    gym_days: list[WeekdayName] = Field(default_factory=lambda: list(ALL_WEEKDAYS),
                                        description="weekdays with gym access (H9)")
    unavailable: list[DateOrRange] = Field(
        default_factory=list, description="dates away: nothing planned (H9); ranges as A..B. "
                                          "Dates outside the plan are ignored, so a season's "
                                          "trips can stay listed from race to race")
    hill_access: bool = True
    daily_strength_minutes: int = Field(60, ge=10, le=300)

    def unavailable_dates(self) -> set[dt.date]:
        return {d for span in self.unavailable for d in span.dates()}


class Coach(StrictModel):
    """When a coach can supervise (H17), and how many athletes at once (H18, squads)."""

    slots: dict[WeekdayName, list[Slot]] = Field(default_factory=dict)
    capacity: int = Field(1, ge=1, le=100)
    unavailable: list[DateOrRange] = Field(default_factory=list,
                                           description="dates the coach is away")

    def unavailable_dates(self) -> set[dt.date]:
        return {d for span in self.unavailable for d in span.dates()}

    def has_slot(self, day: dt.date, slot: Slot) -> bool:
        weekday = Weekday.of(day.weekday())
        return slot in self.slots.get(weekday, []) and day not in self.unavailable_dates()


class Rules(StrictModel):
    """Rulebook defaults a scenario may override, within sane bounds."""

    intro_gap_weeks: int = Field(3, ge=1, le=8, description="H13: weeks between two new kinds")
    snc_weeks_before_lift: int = Field(
        8, ge=0, le=26, description="H14: weeks of snc before the first lift (0 when lift or "
                                    "snc is established)")
    power_phase_weeks: int = Field(12, ge=0, le=26,
                                   description="H15: power only in the final N weeks")
    max_lifts_per_week: int = Field(1, ge=1, le=2, description="H12: lift cap once established")
    single_lift_weeks: int = Field(4, ge=1, le=12,
                                   description="H12: weeks of once-weekly lifting before the "
                                               "cap rises to max_lifts_per_week")
    max_power_per_week: int = Field(1, ge=0, le=2,
                                    description="H12: power cap (power replaces some lifting)")
    max_gym_per_week: int | None = Field(
        None, ge=1, le=3, description="H12: gym sessions (lift + power) a week; default "
                                      "max_lifts_per_week (power replaces lifting)")
    max_snc_per_week: int = Field(3, ge=1, le=5, description="H12: snc cap")
    max_plyo_per_week: int = Field(2, ge=1, le=3, description="H12: plyo cap (all placements)")
    plyo_gym_weeks: int = Field(2, ge=0, le=8,
                                description="H14: weeks of gym-placed plyo before other "
                                            "placements")
    lift_weeks_before_power: int = Field(6, ge=0, le=26,
                                         description="H14: weeks of lift before power")
    no_new_kinds_weeks: int = Field(3, ge=0, le=12,
                                    description="H13: no kind is introduced in the weeks that "
                                                "overlap the last N x 7 days before race day")
    supervised_weeks: int = Field(4, ge=0, le=12,
                                  description="H17: first weeks of lift, power and plyo that "
                                              "are supervised")
    disable: list[Literal["H8", "H16"]] = Field(
        default_factory=list,
        description="[default]-tagged rules switched off for this scenario: "
                    + ", ".join(SWITCHABLE_RULES))


    @property
    def gym_cap(self) -> int:
        """H12's weekly cap on gym sessions (lift + power)."""
        return self.max_lifts_per_week if self.max_gym_per_week is None \
            else self.max_gym_per_week


class Weights(StrictModel):
    """Multipliers of the soft terms S1-S6 (``S2: 2`` doubles every S2 penalty; 0 drops it)."""

    S1: float = Field(1.0, ge=0, le=100)
    S2: float = Field(1.0, ge=0, le=100)
    S3: float = Field(1.0, ge=0, le=100)
    S4: float = Field(1.0, ge=0, le=100)
    S5: float = Field(1.0, ge=0, le=100)
    S6: float = Field(1.0, ge=0, le=100)

    @field_validator("S1", "S2", "S3", "S4", "S5", "S6")
    @classmethod
    def _hundredths(cls, value: float) -> float:
        """Multipliers are exact to 1/100: the objective counts in hundredths of a point."""
        if abs(value * 100 - round(value * 100)) > 1e-9:
            raise ValueError("a multiplier with at most 2 decimals was expected (the objective "
                             "counts hundredths of a point)")
        return value

    def of(self, rule_id: str) -> float:
        return float(getattr(self, rule_id))


def _no_repeats(names: list[str]) -> list[str]:
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"listed more than once: {', '.join(twice)}")
    return names


class PinnedExercises(StrictModel):
    """Exercises a coach wants used, per kind (P1-P4), in order of preference.

    Pinned names come first; when a session needs more exercises than are pinned (3-4 per
    lift or power session, 4-6 per conditioning circuit, 2-5 drills, and a second, different
    selection when lifting twice a week), the guide's list fills the rest in its own order.
    """

    lift: list[exercise_type(Kind.LIFT)] = Field(  # type: ignore[valid-type]
        default_factory=list, description="P1 lifts, e.g. [squat, deadlift, step-up]")
    power: list[exercise_type(Kind.POWER)] = Field(  # type: ignore[valid-type]
        default_factory=list, description="P2 power exercises, e.g. [jump squat, power clean]")
    snc: list[exercise_type(Kind.SNC)] = Field(  # type: ignore[valid-type]
        default_factory=list, description="P3 conditioning exercises, e.g. [hamstring bridge]")
    plyo: list[exercise_type(Kind.PLYO)] = Field(  # type: ignore[valid-type]
        default_factory=list, description="P4 drills, e.g. [a-skip, b-skip, bounding]")

    @field_validator("lift", "power", "snc", "plyo")
    @classmethod
    def _unique(cls, names: list[str]) -> list[str]:
        return _no_repeats(names)

    def of(self, kind: Kind) -> list[str]:
        return list(getattr(self, kind.value, []))


class PrescriptionSettings(StrictModel):
    """How sessions are prescribed (P1-P5); every field is optional."""

    intensity: float = Field(0.80, ge=0.75, le=0.90,
                             description="P1: working load as a fraction of the 1RM (about "
                                         "0.80; 0.75-0.90)")
    exercises: PinnedExercises = Field(default_factory=PinnedExercises)
    start_loads_kg: dict[LiftExercise, Kilograms] = Field(
        default_factory=dict,
        description="working loads the athlete already lifts, per exercise: loads start "
                    "there (no technique block) instead of from the 1RM or the bar")

    soreness_threshold: int = Field(
        5, ge=1, le=10,
        description="P6: a soreness rating (0-10) at or above this, on a quality day within 2 "
                    "days after a session, lowers that kind's load or volume in a replan")
    soreness_cut_percent: float = Field(
        10, ge=0, le=50,
        description="P6: how much lower (percent) the load or volume is for the 2 weeks after "
                    "such a soreness rating (0 turns P6 off)")



class SlotTimes(StrictModel):
    """When the ``am`` and ``pm`` slots start, for calendar exports (iCalendar).

    Times are ``"HH:MM"`` (quote them in YAML: YAML 1.1 reads an unquoted ``17:30`` as the
    base-60 number 1050, which is accepted too, as minutes after midnight). Without a
    ``timezone`` the events are in floating local time: 07:00 wherever the athlete is.
    """

    am: ClockTime = Field(dt.time(7, 0), description="start of morning sessions (default 07:00)")
    pm: ClockTime = Field(dt.time(17, 30),
                          description="start of afternoon sessions (default 17:30)")
    timezone: TimeZoneName | None = Field(
        None, description="an IANA time zone such as Europe/Berlin; default: floating local "
                          "time")

    def start(self, slot: Slot) -> dt.time:
        return self.am if slot is Slot.AM else self.pm


class Scenario(StrictModel):
    """One athlete's build-up to one race. Load with :meth:`Scenario.load`."""

    name: str = Field(min_length=1, max_length=200, description="free text naming the plan")
    athlete: Athlete = Field(description="who is training (at least a name)")
    race: Race = Field(description="the race the plan builds up to, with its date and distance")
    start: Date = Field(description="the first day of the plan (YYYY-MM-DD)")
    running: Running = Field(description="the running plan, a week template and per-date "
                                         "overrides")
    availability: Availability = Field(default_factory=Availability)
    coach: Coach | None = None
    rules: Rules = Field(default_factory=Rules)
    weights: Weights = Field(default_factory=Weights)
    prescription: PrescriptionSettings = Field(default_factory=PrescriptionSettings)
    slot_times: SlotTimes = Field(default_factory=SlotTimes,
                                  description="session start times for calendar exports")

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str], label: str | None = None) -> Scenario:
        """Read a YAML, TOML or JSON scenario; raise :class:`~models.InputError` listing
        every problem (file, field path, line, value, what was expected)."""
        doc = load_document(path, label)
        expect_kind(doc, "scenario")
        return validate(cls, doc)

    @classmethod
    def from_data(cls, data: Any, label: str = "<scenario>") -> Scenario:
        """Validate an already-parsed mapping (for library callers)."""
        doc = Document(label, data)
        expect_kind(doc, "scenario")
        return validate(cls, doc)

    # -- derived facts ---------------------------------------------------------------------

    @property
    def end(self) -> dt.date:
        """The last day of the plan: race day."""
        return self.race.date

    @property
    def horizon_days(self) -> int:
        return (self.race.date - self.start).days + 1

    def established(self, kind: Kind) -> bool:
        return kind in self.athlete.established

    def run_on(self, day: dt.date) -> RunKind:
        """The run kind of ``day``: race day, then per-date overrides, then the template."""
        if day == self.race.date:
            return RunKind.RACE
        if day in self.running.dates:
            return self.running.dates[day]
        return self.running.week[Weekday.of(day.weekday())]

    def plan_notes(self) -> list[str]:
        """What a plan of this scenario must tell its reader about the input itself: being
        away (``availability.unavailable``) on race day or on a tune-up race, and power
        established without lifting.

        Not an input error: neither the rulebook nor the file formats forbid it, and an
        athlete who travels to the race is away from home on race day. A race day holds no
        strength anyway (H7, H16), so the plan is the same; the note asks the coach to check
        the date, since an athlete away on race day who is not racing needs another
        ``race.date`` (or a tune-up moved or taken out of ``running.dates``)."""
        away = self.availability.unavailable_dates()
        races = [d for d in sorted(away) if self.start <= d <= self.race.date
                 and self.run_on(d) is RunKind.RACE]
        notes = []
        for day in races:
            what = "race day" if day == self.race.date else "a tune-up race (running.dates)"
            notes.append(f"Away on {what} {day} (availability.unavailable): fine when the "
                         f"athlete travels to the race, which holds no strength anyway (H7, "
                         f"H16); if {day} is not a race day after all, change "
                         + ("race.date." if day == self.race.date else "running.dates."))
        if Kind.POWER in self.athlete.established and Kind.LIFT not in self.athlete.established:
            notes.append(
                "Power is established but lifting is not (athlete.established): the guide "
                "builds power on heavy lifting (H14: power after lift is established or "
                f"{self.rules.lift_weeks_before_power} weeks of it). The plan keeps power as "
                "established and introduces lift by the ladder; if the athlete has never "
                "lifted, take power out of athlete.established so it waits for lifting.")
        return notes

    @model_validator(mode="after")
    def _whole(self, info: ValidationInfo) -> Scenario:
        """The cross-field checks for callers of pydantic's own ``model_validate``: one
        ``ValueError`` with them all (``load`` and ``from_data`` report each at its path and
        line instead)."""
        if (info.context or {}).get("semantic_checks") == "deferred":
            return self
        found = self.semantic_problems()
        if found:
            raise ValueError("; ".join(f"{format_path(loc)}: {message}"
                                       for loc, message, *_ in found))
        return self

    def semantic_problems(self) -> list[SemanticProblem]:
        """Problems that span several fields, as ``(path, message, value)``."""
        slots = self.coach.slots if self.coach is not None else {}
        return cross_field_problems(self.start, self.race.date, self.running.dates, slots)

    @classmethod
    def raw_key_problems(cls, data: Any) -> list[SemanticProblem]:
        """Problems only the file's own keys show (validation merges them): a weekday named
        twice in one mapping (:func:`weekday_key_problems`)."""
        return weekday_key_problems(data)

    @classmethod
    def raw_semantic_problems(cls, data: Any) -> list[SemanticProblem]:
        """The cross-field checks on the valid parts of a file whose other fields are invalid,
        so that one pass reports every problem (the invalid parts are reported already)."""
        def part(obj: Any, *keys: str) -> Any:
            for key in keys:
                obj = obj.get(key) if isinstance(obj, dict) else None
            return obj

        def entries(obj: Any) -> list[tuple[Any, Any]]:
            return list(obj.items()) if isinstance(obj, dict) else []

        def valid(adapter: TypeAdapter[Any], value: Any) -> Any:
            try:
                return adapter.validate_python(value)
            except ValidationError:
                return None

        start = valid(_DATE, part(data, "start"))
        race_date = valid(_DATE, part(data, "race", "date"))
        dates: dict[dt.date, RunKind] = {}
        for key, value in entries(part(data, "running", "dates")):
            day, kind = valid(_DATE, key), valid(_RUN_KIND, value)
            if day is not None and kind is not None:
                dates[day] = kind
        slots: dict[Weekday, list[Slot]] = {}
        for key, value in entries(part(data, "coach", "slots")):
            weekday, listed = valid(_WEEKDAY, key), valid(_SLOTS, value)
            if weekday is not None and listed is not None:
                slots[weekday] = listed
        return cross_field_problems(start, race_date, dates, slots)


WEEKDAY_KEYED = (("running", "week"), ("running", "run_slot"), ("coach", "slots"))
"""The mappings keyed by weekday, where ``mon`` and ``monday`` are the same key."""


def weekday_key_problems(data: Any) -> list[SemanticProblem]:
    """Two keys of one weekday mapping that name the same weekday (``mon`` and ``monday``).

    YAML's duplicate-key check sees two different keys, and validation would keep the last
    one silently; a coach who wrote both meant one of them, so both are named.
    """
    out: list[SemanticProblem] = []
    for path in WEEKDAY_KEYED:
        obj = data
        for key in path:
            obj = obj.get(key) if isinstance(obj, dict) else None
        if not isinstance(obj, dict):
            continue
        seen: dict[Weekday, Any] = {}
        for key in obj:
            try:
                weekday = parse_weekday(key)
            except ValueError:
                continue  # reported by the field's validation
            if weekday in seen:
                out.append((path + (key,), f"{weekday.value} is given twice (also as "
                            f"'{seen[weekday]}'); name each weekday once", key))
            else:
                seen[weekday] = key
    return out
_DATE: TypeAdapter[dt.date] = TypeAdapter(Date)
_RUN_KIND: TypeAdapter[RunKind] = TypeAdapter(RunKind)
_WEEKDAY: TypeAdapter[Weekday] = TypeAdapter(WeekdayName)
_SLOTS: TypeAdapter[list[Slot]] = TypeAdapter(list[Slot])


def cross_field_problems(start: dt.date | None, race_date: dt.date | None,
                         dates: dict[dt.date, RunKind],
                         coach_slots: dict[Weekday, list[Slot]]) -> list[SemanticProblem]:
    """The checks that span several fields, on whichever of them are known (``None``: not).

    Race day after start, a horizon of 2 to :data:`MAX_HORIZON_WEEKS` weeks, per-date
    overrides inside the plan (race day itself always ``race``), no coach slot listed twice.

    Dates away (``unavailable``) outside the plan are *not* a problem, unlike per-date run
    overrides: a coach may keep a season's or a year's trips in one list and reuse it for the
    next race; the ones the plan never reaches change nothing.
    """
    out: list[SemanticProblem] = []
    span = start is not None and race_date is not None
    if span and race_date <= start:
        out.append((("race", "date"), f"race day must come after start ({start})", race_date))
    elif span:
        days = (race_date - start).days + 1
        plan = f"the plan from start ({start}) to race day is {days} days"
        if days < MIN_HORIZON_DAYS:
            out.append((("race", "date"), f"{plan}; at least {MIN_HORIZON_DAYS} days (2 weeks) "
                        "are needed", race_date))
        if days > MAX_HORIZON_WEEKS * 7:
            out.append((("race", "date"), f"{plan} ({days // 7} weeks and {days % 7} days); at "
                        f"most {MAX_HORIZON_WEEKS} weeks can be planned at once", race_date))
        for day, kind in dates.items():
            if not start <= day <= race_date:
                out.append((("running", "dates", day.isoformat()),
                            f"this date is outside the plan ({start}..{race_date})", day))
            elif day == race_date and kind is not RunKind.RACE:
                out.append((("running", "dates", day.isoformat()),
                            "race day is always 'race'", kind.value))
    for weekday, slots in coach_slots.items():
        if len(set(slots)) != len(slots):
            out.append((("coach", "slots", weekday.value), "a slot is listed twice",
                        [s.value for s in slots]))
    return out


def spans_cover(spans: list[DateSpan], day: dt.date) -> bool:
    return any(s.first <= day <= s.last for s in spans)


def as_scenario(scenario: Any) -> Scenario:
    """``scenario`` as a :class:`~models.Scenario`: one already, a mapping (validated by
    :meth:`~models.Scenario.from_data`, so a bad one raises :class:`~models.InputError`) or
    a file path (read by :meth:`~models.Scenario.load`)."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, dict):
        return Scenario.from_data(scenario)
    if isinstance(scenario, (str, os.PathLike)):
        return Scenario.load(scenario)
    raise TypeError(f"expected a Scenario, a scenario mapping or a file path, got "
                    f"{type(scenario).__name__}")
