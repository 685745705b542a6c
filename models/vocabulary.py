"""The rulebook's vocabulary: run kinds, strength kinds, slots, placements, weekdays, phases.

Every other module speaks in these terms, so they live in one place and carry the exact
spellings that scenario and plan files use (``../shared/docs/rulebook.md``, Vocabulary).
"""

from __future__ import annotations

import difflib
from enum import StrEnum


class RunKind(StrEnum):
    """What the running plan holds on a day."""

    REST = "rest"
    EASY = "easy"
    WORKOUT = "workout"
    LONG = "long"
    RACE = "race"

    @property
    def is_quality(self) -> bool:
        """A quality day is a ``workout``, ``long`` or ``race`` day."""
        return self in QUALITY_RUNS

    @property
    def has_run(self) -> bool:
        return self is not RunKind.REST


QUALITY_RUNS = frozenset({RunKind.WORKOUT, RunKind.LONG, RunKind.RACE})


class Kind(StrEnum):
    """The guide's five forms of strength training."""

    SNC = "snc"
    LIFT = "lift"
    POWER = "power"
    PLYO = "plyo"
    HILLS = "hills"

    @property
    def is_gym(self) -> bool:
        return self in GYM_KINDS


KINDS: tuple[Kind, ...] = tuple(Kind)
GYM_KINDS = frozenset({Kind.LIFT, Kind.POWER})


class Slot(StrEnum):
    AM = "am"
    PM = "pm"


SLOTS: tuple[Slot, ...] = tuple(Slot)


class Placement(StrEnum):
    """Where a session sits. Plyo uses all four; every other kind is ``standalone``."""

    WARMUP = "warmup"
    AFTER_RUN = "after-run"
    GYM = "gym"
    STANDALONE = "standalone"


class Phase(StrEnum):
    FOUNDATION = "foundation"
    STRENGTH = "strength"
    POWER = "power"
    TAPER = "taper"
    RACE = "race"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Level(StrEnum):
    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Weekday(StrEnum):
    """Weekdays as scenario files spell them; ``index`` is Monday = 0 like ``date.weekday()``."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def index(self) -> int:
        return WEEKDAYS.index(self)

    @classmethod
    def of(cls, day_index: int) -> Weekday:
        return WEEKDAYS[day_index % 7]


WEEKDAYS: tuple[Weekday, ...] = tuple(Weekday)

WEEKDAY_NAMES = {
    **{w.value: w for w in Weekday},
    "monday": Weekday.MON,
    "tuesday": Weekday.TUE,
    "tues": Weekday.TUE,
    "wednesday": Weekday.WED,
    "thursday": Weekday.THU,
    "thur": Weekday.THU,
    "thurs": Weekday.THU,
    "friday": Weekday.FRI,
    "saturday": Weekday.SAT,
    "sunday": Weekday.SUN,
}


def parse_weekday(value: object) -> Weekday:
    """Read ``mon``, ``Monday``, ``MON``...; raise ``ValueError`` naming the choices otherwise."""
    if isinstance(value, Weekday):
        return value
    hint = ""
    if isinstance(value, str):
        text = value.strip().lower()
        found = WEEKDAY_NAMES.get(text)
        if found is not None:
            return found
        close = difflib.get_close_matches(text, list(WEEKDAY_NAMES), n=1, cutoff=0.8)
        if close:
            hint = f"; did you mean '{WEEKDAY_NAMES[close[0]].value}'?"
    raise ValueError(f"a weekday ({', '.join(w.value for w in Weekday)}) was expected{hint}")


# Race distances by name, in metres. A scenario may also give metres as a number.
DISTANCES: dict[str, int] = {
    "1500m": 1500,
    "mile": 1609,
    "3000m": 3000,
    "5k": 5000,
    "10k": 10000,
    "half": 21098,
    "marathon": 42195,
    "ultra": 50000,
}
