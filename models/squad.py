"""The squad file: a training group that shares one coach and one gym (H17, H18).

A squad names its athletes' scenario files (paths relative to the squad file) or inlines the
scenarios, and gives the shared resources (``../shared/docs/formats.md``)::

    squad: Iten group
    athletes: [athletes/jane.yaml, athletes/ken.yaml]
    coach: {slots: {mon: [pm], wed: [pm]}, capacity: 6}
    gym: {capacity: 8}

**The squad's coach and an athlete's own ``coach`` section.** A squad has one coach, so the
squad's ``coach.slots`` apply to every athlete (H17: the first weeks of lift, power and plyo
only fall in them) and ``coach.capacity`` is the one number H18 counts against. An athlete's
own ``coach`` section may only *narrow* that coach: its slots, when it names any, are the
squad coach's slots this athlete can come to (each must be one of the squad coach's, or it is
an input error naming the athlete file's line), and its ``unavailable`` dates add to the
coach's. Its ``capacity`` means nothing in a squad and is ignored. An athlete file without a
``coach`` section simply takes the squad's coach. This keeps the rulebook's one-coach reading
of H17 and H18 (a private coach outside the squad would need neither capacity nor slots of the
squad) and lets one athlete file serve both a solo plan and the squad.

Validation is as for scenarios: every problem at once, each with its file, field path, line
and value; an athlete file's own problems name that file and its lines; duplicate athlete
names (they name plans and roster entries) are errors.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, PlainValidator

from .errors import Document, InputError, Problem, sort_problems
from .loading import expect_kind, load_document, validate
from .scenario import Coach, Scenario
from .types import StrictModel

MAX_ATHLETES = 500


def _athlete_entry(value: Any) -> str | dict[str, Any]:
    """A path to a scenario file, or an inlined scenario mapping (validated afterwards)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        return value
    raise ValueError("a scenario file path (relative to the squad file) or an inlined "
                     "scenario mapping was expected")


AthleteEntry = Annotated[Any, PlainValidator(_athlete_entry,
                                             json_schema_input_type=str | Scenario)]


class Gym(StrictModel):
    """The shared gym (H18)."""

    capacity: int = Field(ge=1, le=1000, description="athletes in the gym per date and slot")


class SquadFile(StrictModel):
    """The squad file as written: athletes by path or inlined, the coach and the gym."""

    squad: str = Field(min_length=1, max_length=200, description="the squad's name")
    athletes: list[AthleteEntry] = Field(
        min_length=1, max_length=MAX_ATHLETES,
        description="scenario files (paths relative to this file) or inlined scenarios")
    coach: Coach = Field(description="the one coach everyone shares: slots (H17) and how many "
                                     "athletes at once (capacity, H18)")
    gym: Gym

    def semantic_problems(self) -> list[tuple[tuple[Any, ...], str, Any]]:
        out: list[tuple[tuple[Any, ...], str, Any]] = []
        for weekday, slots in self.coach.slots.items():
            if len(set(slots)) != len(slots):
                out.append((("coach", "slots", weekday.value), "a slot is listed twice",
                            [s.value for s in slots]))
        return out


def plan_stem(name: str) -> str:
    """The file stem of an athlete's plan: ``Jane Doe`` -> ``jane-doe``, ``Zoë Núñez`` ->
    ``zoe-nunez``, ``李娜`` -> ``李娜``: the accents of Latin letters dropped, letters and digits
    of every script kept, everything else one hyphen."""
    kept: list[str] = []
    for c in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(c) and kept and kept[-1].isascii():
            continue  # the accent of a Latin letter (é -> e); й, ё keep theirs
        kept.append(c)
    plain = unicodedata.normalize("NFC", "".join(kept))
    stem = re.sub(r"[\W_]+", "-", plain.casefold()).strip("-")
    return stem or "athlete"


def merge_coach(squad_coach: Coach, own: Coach | None) -> Coach:
    """The coach one athlete of the squad trains with (see the module docstring).

    The squad coach's slots, narrowed to the athlete's own slots when the athlete names any;
    the squad coach's capacity; the dates either of them marks away.
    """
    if own is None:
        return squad_coach
    slots = squad_coach.slots
    if any(own.slots.values()):
        slots = {day: [s for s in squad_coach.slots.get(day, []) if s in own.slots.get(day, [])]
                 for day in squad_coach.slots}
        slots = {day: chosen for day, chosen in slots.items() if chosen}
    return Coach(slots=slots, capacity=squad_coach.capacity,
                 unavailable=[*squad_coach.unavailable, *own.unavailable])


def narrowing_problems(squad_coach: Coach, own: Coach | None,
                       loc: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str, Any]]:
    """An athlete's coach slot that the squad's coach does not have (an input error)."""
    if own is None:
        return []
    out = []
    for day, slots in own.slots.items():
        extra = [s for s in slots if s not in squad_coach.slots.get(day, [])]
        if extra:
            offered = [s.value for s in squad_coach.slots.get(day, [])] or "none"
            out.append((loc + ("coach", "slots", day.value),
                        f"in a squad an athlete's coach slots only narrow the squad coach's; "
                        f"the squad coach has {offered} on {day.value}",
                        [s.value for s in extra]))
    return out


@dataclass(frozen=True)
class Squad:
    """A validated squad: each athlete's scenario (with the squad's coach merged in, see
    :func:`merge_coach`), where it came from, and the shared coach and gym.

    Build one with :meth:`load` (a squad file), :meth:`from_data` (a mapping) or :meth:`of`
    (scenarios already in hand).
    """

    name: str
    athletes: tuple[Scenario, ...]
    sources: tuple[str, ...]
    coach: Coach
    gym: Gym

    @property
    def names(self) -> list[str]:
        return [sc.athlete.name for sc in self.athletes]

    @property
    def stems(self) -> list[str]:
        """Each athlete's plan file stem (:func:`plan_stem`), unique within the squad."""
        return [plan_stem(name) for name in self.names]

    # -- building --------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str], label: str | None = None) -> Squad:
        """Read a squad file and every athlete file it names; raise :class:`InputError` with
        every problem of the squad file and of the athlete files (each under its own name)."""
        doc = load_document(path, label)
        base = Path(path).parent
        return cls._from_document(doc, base, Path(doc.file).parent)

    @classmethod
    def from_data(cls, data: Any, base: str | os.PathLike[str] = ".",
                  label: str = "<squad>") -> Squad:
        """Validate an already-parsed squad mapping; athlete paths are relative to ``base``."""
        return cls._from_document(Document(label, data), Path(base), Path(base))

    @classmethod
    def of(cls, name: str, scenarios: list[Scenario], coach: Coach | dict[str, Any],
           gym: Gym | dict[str, Any], sources: list[str] | None = None) -> Squad:
        """A squad from scenarios in hand (library use); the same checks as a squad file."""
        data = {"squad": name, "athletes": [sc.model_dump(mode="json", exclude_none=True)
                                            for sc in scenarios],
                "coach": coach.model_dump(mode="json") if isinstance(coach, Coach) else coach,
                "gym": gym.model_dump(mode="json") if isinstance(gym, Gym) else gym}
        squad = cls.from_data(data)
        if sources is not None:
            squad = cls(squad.name, squad.athletes, tuple(sources), squad.coach, squad.gym)
        return squad

    @classmethod
    def _from_document(cls, doc: Document, base: Path, shown: Path) -> Squad:
        expect_kind(doc, "squad")
        problems: list[Problem] = []
        header: SquadFile | None = None
        try:
            header = validate(SquadFile, doc)
        except InputError as error:  # the athletes are still read, to report all at once
            problems += error.problems
        coach = header.coach if header is not None else _coach_alone(doc)
        raw = doc.data.get("athletes") if isinstance(doc.data, dict) else None
        entries: list[tuple[int, Scenario, str]] = []
        for index, entry in enumerate(raw if isinstance(raw, list) else []):
            loaded = _load_athlete(doc, index, entry, base, shown, problems)
            if loaded is None:
                continue
            scenario, source, athlete_doc, own_loc = loaded
            if coach is not None:
                for where, message, value in narrowing_problems(coach, scenario.coach,
                                                                own_loc):
                    problems.append(athlete_doc.problem(where, message, value))
                merged = merge_coach(coach, scenario.coach)
                scenario = scenario.model_copy(update={"coach": merged})
            entries.append((index, scenario, source))
        problems += _duplicate_names(doc, entries)
        if problems or header is None:
            raise InputError(sort_problems(problems))
        return cls(header.squad, tuple(sc for _, sc, _ in entries),
                   tuple(source for _, _, source in entries), header.coach, header.gym)


def _coach_alone(doc: Document) -> Coach | None:
    """The squad's coach when the rest of the squad file is broken (to check the athletes'
    coach sections against it all the same), or ``None`` when it is broken too."""
    raw = doc.data.get("coach") if isinstance(doc.data, dict) else None
    try:
        return Coach.model_validate(raw)
    except ValueError:
        return None


def _load_athlete(doc: Document, index: int, entry: Any, base: Path, shown: Path,
                  problems: list[Problem]) -> tuple[Scenario, str, Document, tuple] | None:
    """One athlete of the squad file: its scenario, source label, the document its lines
    are in and its location there; ``None`` (with ``problems`` added) when it is broken."""
    loc: tuple[Any, ...] = ("athletes", index)
    try:
        entry = _athlete_entry(entry)
    except ValueError:
        return None  # reported by the squad file's own validation
    if isinstance(entry, str):
        source = os.path.normpath(shown / entry)
        if not (base / entry).is_file():
            problems.append(doc.problem(loc, "no such scenario file (paths are relative to "
                                        "the squad file)", entry))
            return None
        try:
            athlete_doc = load_document(base / entry, source)
            expect_kind(athlete_doc, "scenario")
            return validate(Scenario, athlete_doc), source, athlete_doc, ()
        except InputError as error:
            problems += error.problems
            return None
    try:
        scenario = validate(Scenario, _sub_document(doc, loc))
    except InputError as error:
        problems += [_prefixed(p, doc, loc) for p in error.problems]
        return None
    return scenario, f"{doc.file}#athletes[{index}]", doc, loc


def _sub_document(doc: Document, loc: tuple[Any, ...]) -> Document:
    """The inlined scenario at ``loc`` as a document of its own (lines kept)."""
    lines = {key[len(loc):]: line for key, line in doc.lines.items() if key[:len(loc)] == loc}
    data = doc.data
    for part in loc:
        data = data[part]
    return Document(doc.file, data, lines)


def _prefixed(problem: Problem, doc: Document, loc: tuple[Any, ...]) -> Problem:
    """A problem of an inlined scenario, with its path inside the squad file."""
    prefix = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    path = prefix if problem.path == "(top level)" else f"{prefix}.{problem.path}"
    return replace(problem, file=doc.file, path=path)


def _duplicate_names(doc: Document,
                     entries: list[tuple[int, Scenario, str]]) -> list[Problem]:
    """Athlete names identify plans and roster entries: two athletes may not share one, nor
    two names one plan file (``entries`` are ``(athletes index, scenario, source)``)."""
    out = []
    seen: dict[str, tuple[str, str]] = {}
    for index, scenario, source in entries:
        name = scenario.athlete.name
        stem = plan_stem(name)
        if stem not in seen:
            seen[stem] = (name, source)
            continue
        first_name, first_source = seen[stem]
        what = ("is also the name of" if first_name == name else
                f"would write the same plan file ({stem}.json) as '{first_name}' of")
        out.append(doc.problem(("athletes", index), f"athlete name '{name}' {what} "
                               f"{first_source}; every athlete of a squad needs their own "
                               "name", name))
    return out
