"""Small field types shared by the scenario, squad, plan and log models.

Each type validates in one step (no union branches), so one bad value gives exactly one
message, and each carries a JSON Schema so editors can check files as they are typed.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterable
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, TypeAdapter, \
    ValidationInfo, WithJsonSchema, field_validator

from .vocabulary import DISTANCES, WEEKDAY_NAMES, Slot, Weekday, parse_weekday


def plain_types(annotation: Any) -> set[Any]:
    """The concrete types an annotation may hold (Optional, unions and Annotated peeled)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return plain_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return set().union(*(plain_types(a) for a in typing.get_args(annotation)))
    return {annotation}


def _looks_numeric(value: object) -> bool:
    """Text such as ``"58"`` or ``"2.5"``: a number someone quoted."""
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


class StrictModel(BaseModel):
    """Base of every file model: unknown keys are errors (with a did-you-mean), never ignored.

    Numbers and yes/no fields take only what the file format writes for them: ``"58"`` (quoted)
    is text, not a number, and ``1`` is not ``true``. Pydantic's lax mode would accept both
    silently while rejecting ``"fifty-eight"``; a coach is better told to drop the quotes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_and_flags_as_written(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None:
            return value
        kinds = plain_types(cls.model_fields[info.field_name].annotation)
        if str in kinds:
            return value
        numeric = bool(kinds & {int, float})
        if numeric and isinstance(value, (str, bool)):
            what = "a whole number" if float not in kinds else "a number"
            raise ValueError(f"expected {what}" + (", written without quotes"
                                                    if _looks_numeric(value) else ""))
        if bool in kinds and not numeric and not isinstance(value, bool):
            raise ValueError("expected true or false")
        return value


def parse_date(value: Any) -> dt.date:
    """An ISO date (``2027-04-05``), as YAML/TOML give it or as text."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise ValueError("a date without a time of day was expected (YYYY-MM-DD)")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise ValueError("not a real calendar date") from None
    raise ValueError("an ISO date (YYYY-MM-DD) was expected")


Date = Annotated[
    dt.date,
    PlainValidator(parse_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date"}),
]


class DateSpan(NamedTuple):
    """An inclusive run of dates, written ``2027-08-01..2027-08-07`` or as a single date."""

    first: dt.date
    last: dt.date

    def dates(self) -> list[dt.date]:
        n = (self.last - self.first).days
        return [self.first + dt.timedelta(days=i) for i in range(n + 1)]

    def __str__(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


def parse_span(value: Any) -> DateSpan:
    if isinstance(value, DateSpan):
        return value
    if isinstance(value, str) and ".." in value:
        left, _, right = value.partition("..")
        first, last = parse_date(left), parse_date(right)
        if last < first:
            raise ValueError(f"the range ends ({last}) before it starts ({first}); write "
                             "FIRST..LAST")
        return DateSpan(first, last)
    day = parse_date(value)
    return DateSpan(day, day)


DateOrRange = Annotated[
    DateSpan,
    PlainValidator(parse_span),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "type": "string",
        "description": "an ISO date, or an inclusive range FIRST..LAST",
        "pattern": r"^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$",
    }),
]

def any_case(words: Iterable[str], spaces: bool = False) -> str:
    """A regex alternation matching any of ``words`` in any letter case (and, with
    ``spaces``, with spaces anywhere), as the loaders read them: JSON Schema regexes have no
    case-insensitive flag."""
    def one(word: str) -> str:
        gap = r"\s*" if spaces else ""
        return gap.join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c)
                        for c in word)
    return "|".join(one(w) for w in words)


def whole(alternation: str) -> str:
    """A JSON Schema ``pattern`` for a whole value, blanks around it allowed."""
    return r"^\s*(?:" + alternation + r")\s*$"


WeekdayName = Annotated[
    Weekday,
    PlainValidator(parse_weekday),
    PlainSerializer(lambda w: w.value, return_type=str),
    WithJsonSchema({"type": "string", "pattern": whole(any_case(WEEKDAY_NAMES)),
                    "examples": [w.value for w in Weekday],
                    "description": "a weekday: mon..sun (full names such as 'Monday' and any "
                                   "letter case are accepted)"}),
]


RUN_SLOT_EXPECTED = ("am or pm, or a mapping from weekday to am or pm (such as "
                     "{tue: pm, thu: pm}; weekdays not named run am)")
_SLOTS_BY_WEEKDAY = TypeAdapter(dict[WeekdayName, Slot])


def parse_run_slot(value: Any) -> Slot | dict[Weekday, Slot]:
    """The run's slot: one slot for every day, or a slot per weekday.

    A wrong scalar gets one message naming both forms; a mapping is checked entry by entry, so
    a bad weekday or slot is named at its own path (pydantic nests the entries' errors).
    """
    if isinstance(value, Slot):
        return value
    if isinstance(value, str):
        try:
            return Slot(value.strip().lower())
        except ValueError:
            pass
    elif isinstance(value, dict):
        return _SLOTS_BY_WEEKDAY.validate_python(value)
    raise ValueError(f"expected {RUN_SLOT_EXPECTED}")


RunSlot = Annotated[
    Slot | dict[Weekday, Slot],
    PlainValidator(parse_run_slot),
    PlainSerializer(lambda v: {w.value: s.value for w, s in v.items()} if isinstance(v, dict)
                    else v.value),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "enum": [s.value for s in Slot]},
            {"type": "object",
             "propertyNames": {"enum": [w.value for w in Weekday]},
             "additionalProperties": {"type": "string", "enum": [s.value for s in Slot]}},
        ],
        "description": RUN_SLOT_EXPECTED,
    }),
]


DISTANCE_ALIASES = {"5km": "5k", "10km": "10k", "halfmarathon": "half", "1500": "1500m",
                    "5000m": "5k", "10000m": "10k", "3k": "3000m"}
"""Other names of the distances in :data:`DISTANCES` (spaces and case ignored)."""


def parse_distance(value: Any) -> str | int:
    """A race distance: a name from :data:`DISTANCES`, or metres as a number (800-400000)."""
    if isinstance(value, bool):
        raise ValueError("a race distance was expected")
    if isinstance(value, (int, float)):
        metres = value
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if text in DISTANCES:
            return text
        if text in DISTANCE_ALIASES:
            return DISTANCE_ALIASES[text]
        match = re.fullmatch(r"(\d+(?:\.\d+)?)(m|km|k)?", text)
        if not match:
            raise ValueError("a race distance was expected: one of "
                             f"{', '.join(DISTANCES)}, or metres as a number")
        metres = float(match.group(1)) * (1000 if match.group(2) in ("km", "k") else 1)
    else:
        raise ValueError("a race distance was expected")
    if not 800 <= metres <= 400_000:
        raise ValueError("a race distance between 800 and 400000 metres was expected")
    return int(round(metres))


Distance = Annotated[
    str | int,
    PlainValidator(parse_distance),
    WithJsonSchema({"anyOf": [
        {"type": "string", "examples": list(DISTANCES),
         "pattern": whole(any_case([*DISTANCES, *DISTANCE_ALIASES], spaces=True)
                          + r"|\d+(?:\.\d+)?\s*(?:[mM]|[kK][mM]?)?")},
        {"type": "number", "minimum": 800, "maximum": 400000}],
        "description": "a race distance by name (any case: Marathon, half marathon, 5 km) or "
                       "metres (42195, or 42k as text)"}),
]


def distance_metres(distance: str | int) -> int:
    return DISTANCES[distance] if isinstance(distance, str) else int(distance)


def parse_clock(value: Any) -> dt.time:
    """A time of day: ``"07:00"``, or minutes after midnight (what YAML 1.1 makes of an unquoted
    ``17:30``: the base-60 number 1050)."""
    if isinstance(value, dt.time):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    if isinstance(value, str):
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
        if match:
            return dt.time(int(match.group(1)), int(match.group(2)))
    raise ValueError("a time of day as \"HH:MM\" (24-hour clock) was expected")


ClockTime = Annotated[
    dt.time,
    PlainValidator(parse_clock),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"},
                              {"type": "integer", "minimum": 0, "maximum": 1439}],
                    "description": "a time of day, HH:MM"}),
]


def parse_time_zone(value: Any) -> str:
    """An IANA time zone name known to this machine (``Europe/Berlin``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if isinstance(value, str) and value.strip():
        try:
            ZoneInfo(value.strip())
            return value.strip()
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise ValueError("an IANA time zone such as Europe/Berlin was expected")


TimeZoneName = Annotated[
    str,
    PlainValidator(parse_time_zone),
    WithJsonSchema({"type": "string", "description": "an IANA time zone (Europe/Berlin)"}),
]
