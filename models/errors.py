"""Input problems: one clear message per problem, naming file, field path, line, value, expectation.

A scenario, squad, plan or log file is validated whole: every problem found is collected into
one :class:`InputError`, so a coach fixes the file in one pass instead of one error at a time.
"""

from __future__ import annotations

import difflib
import math
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .types import plain_types

Loc = tuple[Any, ...]
SemanticProblem = tuple[Loc, str] | tuple[Loc, str, Any]
"""``(path, message)`` or ``(path, message, value)``: what a model's cross-field check reports;
:func:`~models.loading.validate` turns each into a :class:`Problem` with its line."""


class _NoValue:
    """The "no value given" default of :attr:`Problem.value` (a missing field has none). A
    :class:`Problem` made with it holds ``value=None, has_value=False`` instead, so no problem
    carries this object (``dataclasses.asdict`` and pickling see plain values)."""

    def __repr__(self) -> str:
        return "<no value>"


_NO_VALUE = _NoValue()


def format_path(loc: Loc) -> str:
    """``("availability", "unavailable", 2)`` -> ``availability.unavailable[2]``."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file.

    Attributes
    ----------
    file
        The file as the user named it.
    path
        The dotted field path inside the file (``athlete.body_mass_kg``).
    message
        What was expected, in words a coach understands.
    line
        The 1-based line in the file, when the format keeps lines (YAML and JSON).
    value
        The offending value, when there is one; ``None`` when there is none (a missing or
        unknown field), which ``has_value`` tells apart from a ``null`` in the file.
    has_value
        Whether the problem has a value: leave ``value`` out for none, and this is
        ``False`` (``dataclasses.replace`` keeps it).

    As JSON: :meth:`to_dict` (what every ``--json`` output prints). ``dataclasses.asdict``
    holds no marker object either (``value=None, has_value=False`` for none), but keeps the
    value as it is, which ``json.dumps`` cannot always write (a date, a set, ``nan``).
    """

    file: str
    path: str
    message: str
    line: int | None = None
    value: Any = field(default=_NO_VALUE, compare=False)
    has_value: bool = field(default=True, compare=False)

    def __post_init__(self) -> None:
        if self.value is _NO_VALUE or not self.has_value:
            object.__setattr__(self, "value", None)
            object.__setattr__(self, "has_value", False)

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        got = f" (got {_short(self.value)})" if self.has_value else ""
        return f"{where}: {self.path}: {self.message}{got}"

    def to_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready data: ``file``, ``path``, ``line`` (``None`` when the
        format keeps no lines), ``message`` and, only when the problem has a value,
        ``value``: text, whole numbers, finite numbers, ``True``/``False`` and ``None`` as
        they are; anything else (a date, a list, a mapping, ``nan``) as the short text the
        message shows after "got". ``json.dumps(problem.to_dict(), allow_nan=False)`` always
        works."""
        out: dict[str, Any] = {"file": self.file, "path": self.path, "line": self.line,
                               "message": self.message}
        if self.has_value:
            out["value"] = self.value if _json_scalar(self.value) else _short(self.value)
        return out


def _json_scalar(value: Any) -> bool:
    """A value JSON writes as itself: text, a whole or finite number, true/false, null."""
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, (int, str, bool))


class InputError(Exception):
    """Raised when an input file is invalid; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its problems (not its message) when it crosses a process boundary.
        return (type(self), (self.problems,))


def _norm(part: Any) -> Any:
    if isinstance(part, int) and not isinstance(part, bool):
        return part
    return str(part)


@dataclass
class Document:
    """Parsed file content plus the line of every field path (YAML and JSON only)."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems found while parsing that leave the data readable (duplicate keys); validation
    reports them together with its own."""

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc``, or of its nearest ancestor the file has."""
        key = tuple(_norm(p) for p in loc)
        while True:
            if key in self.lines:
                return self.lines[key]
            if not key:
                return None
            key = key[:-1]

    def problem(self, loc: Loc, message: str, value: Any = _NO_VALUE) -> Problem:
        return Problem(self.file, format_path(loc), message, self.line_of(loc), value)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``loc`` (for did-you-mean hints)."""
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for ann in current:
            for typ in plain_types(ann):
                if isinstance(typ, type) and issubclass(typ, BaseModel):
                    fld = typ.model_fields.get(str(part))
                    if fld is None:
                        for candidate in typ.model_fields.values():
                            if candidate.alias == part:
                                fld = candidate
                    if fld is not None:
                        following.append(fld.annotation)
                else:
                    origin = typing.get_origin(typ)
                    args = typing.get_args(typ)
                    if origin in (list, tuple, set, frozenset) and args:
                        following.append(args[0])
                    elif origin is dict and len(args) == 2:
                        following.append(args[1])
        current = following
    for ann in current:
        for typ in plain_types(ann):
            if isinstance(typ, type) and issubclass(typ, BaseModel):
                return typ
    return None


def field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def closest(name: str, choices: list[str]) -> str | None:
    """The choice ``name`` most likely misspells, if any is close enough."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(name: str, choices: list[str]) -> str:
    close = closest(name, choices)
    if close:
        return f"did you mean '{close}'?"
    return "expected one of: " + ", ".join(choices)


# pydantic's wording for a wrong type, in the words of a file's author.
_TYPE_MESSAGES = {
    "model_type": "expected a mapping of fields (key: value lines)",
    "model_attributes_type": "expected a mapping of fields (key: value lines)",
    "dict_type": "expected a mapping (key: value lines)",
    "list_type": "expected a list, such as [a, b]",
    "string_type": "expected text",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
}
_BOUND_ERRORS = ("greater_than_equal", "less_than_equal", "greater_than", "less_than")


def _field(model: type[BaseModel], loc: Loc) -> FieldInfo | None:
    """The pydantic field at ``loc``, when ``loc`` names a field of a model."""
    parent = _model_at(model, loc[:-1]) if loc else None
    return parent.model_fields.get(str(loc[-1])) if parent is not None else None


def _bounds_message(model: type[BaseModel], loc: Loc) -> str | None:
    """``expected a whole number from 1 to 8``: both bounds of a field, when it has both."""
    fld = _field(model, loc)
    if fld is None:
        return None
    low = next((getattr(m, "ge") for m in fld.metadata if hasattr(m, "ge")), None)
    high = next((getattr(m, "le") for m in fld.metadata if hasattr(m, "le")), None)
    if low is None or high is None:
        return None
    whole = int in plain_types(fld.annotation) and float not in plain_types(fld.annotation)
    return f"expected {'a whole number' if whole else 'a number'} from {low} to {high}"


def _length_message(kind: str, ctx: dict[str, Any], about: FieldInfo | None) -> str:
    """``expected at least 1 entry: <what the field holds>``, for a list too short or too
    long (pydantic says "List should have at least 1 item after validation, not 0")."""
    limit = ctx.get("min_length" if kind == "too_short" else "max_length")
    entries = "entry" if limit == 1 else "entries"
    bound = "at least" if kind == "too_short" else "at most"
    what = f": {about.description}" if about is not None and about.description else ""
    return f"expected {bound} {limit} {entries}{what}"


def _message(error: dict[str, Any], model: type[BaseModel]) -> tuple[Loc, str, Any]:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    msg: str = error["msg"]
    value = error.get("input", _NO_VALUE)
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if msg.startswith("Assertion failed, "):
        msg = msg[len("Assertion failed, "):]
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        return loc, f"bad key: {msg[0].lower() + msg[1:]}", value
    if kind == "missing":
        about = _field(model, loc)
        what = f": {about.description}" if about is not None and about.description else ""
        return loc, f"this field is required{what}", _NO_VALUE
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), field_names(parent)) if parent else ""
        return loc, f"unknown field '{loc[-1]}'" + (f"; {hint}" if hint else ""), _NO_VALUE
    if kind in _TYPE_MESSAGES:
        return loc, _TYPE_MESSAGES[kind], value
    if kind in ("too_short", "too_long"):
        return loc, _length_message(kind, error.get("ctx") or {}, _field(model, loc)), value
    if kind in _BOUND_ERRORS:
        bounds = _bounds_message(model, loc)
        if bounds:
            return loc, bounds, value
    if msg.startswith("Input should be "):
        rest = msg[len("Input should be "):]
        if rest.startswith(("greater", "less")):
            rest = "a number " + rest
        msg = "expected " + rest
    elif msg and msg[0].isupper():
        msg = msg[0].lower() + msg[1:]
    return loc, msg, value


def problems_from_validation(err: ValidationError, doc: Document,
                             model: type[BaseModel]) -> list[Problem]:
    """Turn pydantic's errors into :class:`Problem` objects with lines and hints."""
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    errors = err.errors(include_url=False)
    # A misspelled field (``athelte``) also leaves the real one missing; the did-you-mean of
    # the unknown name says it all, so the "required" message for the field it names is
    # dropped rather than given twice.
    suggested = set()
    for error in errors:
        if error["type"] == "extra_forbidden" and error["loc"]:
            parent = _model_at(model, tuple(error["loc"][:-1]))
            close = closest(str(error["loc"][-1]), field_names(parent)) if parent else None
            if close:
                suggested.add(tuple(error["loc"][:-1]) + (close,))
    for error in errors:
        if error["type"] == "missing" and tuple(error["loc"]) in suggested:
            continue
        loc, message, value = _message(error, model)
        problem = doc.problem(loc, message, value)
        key = (problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return sort_problems(problems)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File order: by line, problems without a line last."""
    return sorted(problems, key=lambda p: (p.file, p.line is None, p.line or 0))
