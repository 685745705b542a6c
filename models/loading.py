"""Reading YAML, TOML and JSON files safely, keeping the line of every field.

YAML is read with PyYAML's safe loader (no object construction from tags), with these changes:
dates stay text, so that an impossible date such as ``2027-02-30`` is named by validation instead
of crashing the parser; duplicate keys are reported instead of silently keeping the last one (in
JSON too); a tag that would build an object (``!!python/object/...``, ``!custom``) is refused by
name at its field; and a file that nests too deeply or expands (through YAML aliases) into more
than :data:`MAX_VALUES` values is refused before it is built.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Document, InputError, Problem, format_path, problems_from_validation, \
    sort_problems

M = TypeVar("M", bound=BaseModel)

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json", ".csv": "csv"}

# A scenario holds a few hundred values; a file that expands to far more is an alias bomb.
MAX_VALUES = 100_000
YAML_TAG_PREFIX = "tag:yaml.org,2002:"
MERGE_TAG = YAML_TAG_PREFIX + "merge"
TOO_DEEP = "nests lists or mappings too deeply to read"


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that keeps dates as text (validation parses them, and names bad ones)."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _key(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value)


class _TooBig(Exception):
    """Raised by :func:`_walk` when a document expands past :data:`MAX_VALUES` values."""


def _tag_problem(loader: _Loader, node: yaml.Node, path: tuple, doc: Document) -> Problem | None:
    """A problem for a node whose tag the safe loader would refuse (``!!python/...``)."""
    if node.tag in loader.yaml_constructors:
        return None
    tag = node.tag.replace(YAML_TAG_PREFIX, "!!")
    return doc.problem(path, f"the YAML tag '{tag}' is not allowed: a scenario holds plain "
                             "values (text, numbers, dates, lists and mappings)")


def _walk(loader: _Loader, node: yaml.Node, path: tuple, doc: Document,
          problems: list[Problem], budget: list[int]) -> None:
    """Record the line of every field path in ``doc.lines``; report bad tags and keys.

    Duplicate keys go to ``doc.problems`` (validation still runs, so they are reported with the
    rest); tags and non-scalar keys go to ``problems`` (the document cannot be built).
    """
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    doc.lines.setdefault(path, node.start_mark.line + 1)
    tag = _tag_problem(loader, node, path, doc)
    if tag is not None:
        problems.append(tag)
        return
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == MERGE_TAG:
                continue  # ``<<: *defaults``: the merged mapping was walked where it is written
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(doc.file, format_path(path), "a key must be a plain "
                                        "value (a name or a date), not a list or mapping", line))
                continue
            try:
                key = loader.construct_object(key_node, deep=True)
            except yaml.YAMLError:
                problems.append(_tag_problem(loader, key_node, path, doc)
                                or Problem(doc.file, format_path(path), "a key must be a plain "
                                           "value (a name or a date)", line))
                continue
            sub = path + (_key(key),)
            if key in seen:
                doc.problems.append(Problem(doc.file, format_path(sub), "duplicate key (first "
                                            f"given on line {seen[key]})", line))
                continue
            seen[key] = line
            doc.lines[sub] = line
            _walk(loader, value_node, sub, doc, problems, budget)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(loader, item, path + (index,), doc, problems, budget)


def _parse_yaml(text: str, doc: Document, problems: list[Problem], what: str = "YAML") -> Any:
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        problems.append(Problem(doc.file, "(file)", f"malformed {what}: a control character "
                                f"(#x{exc.character:04x}) that {what} does not allow", line))
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _walk(loader, node, (), doc, problems, [MAX_VALUES])
        if problems:
            return None
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        where = f" (column {mark.column + 1})" if mark else ""
        detail = ": ".join(str(x) for x in (exc.context, exc.problem) if x)
        problems.append(Problem(doc.file, "(file)", f"malformed {what}{where}: {detail}", line))
    except yaml.YAMLError as exc:
        problems.append(Problem(doc.file, "(file)", f"malformed {what}: {exc}"))
    except _TooBig:
        problems.append(Problem(doc.file, "(file)", f"expands to more than {MAX_VALUES} values "
                                "(YAML aliases?); a scenario is far smaller"))
    except RecursionError:
        problems.append(Problem(doc.file, "(file)", TOO_DEEP))
    finally:
        loader.dispose()
    return None


def read_text(path: str | os.PathLike[str], label: str | None = None) -> tuple[str, str]:
    """Return ``(label, text)``; raise :class:`InputError` for missing, empty or binary files."""
    label = label or str(path)
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(label, "(file)", "no such file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(label, "(file)", "is a directory, not a file")]) from None
    except OSError as exc:
        raise InputError([Problem(label, "(file)", f"cannot be read: {exc.strerror}")]) from None
    if b"\x00" in raw:
        raise InputError([Problem(label, "(file)", "is a binary file; expected YAML, TOML or "
                                  "JSON text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(label, "(file)", f"is not UTF-8 text (bad byte at offset "
                                  f"{exc.start})")]) from None
    if not text.strip():
        raise InputError([Problem(label, "(file)", "is empty")])
    return label, text


def _toml_line(message: str, text: str) -> int | None:
    """tomllib names the place in its message only: ``(at line 3, column 9)``."""
    match = re.search(r"at line (\d+)", message)
    if match:
        return int(match.group(1))
    if "end of document" in message:
        return text.count("\n") + (0 if text.endswith("\n") else 1)
    return None


def _parse_toml(text: str, doc: Document, problems: list[Problem]) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        hint = " (a key or table given twice?)" if message.startswith("Cannot overwrite") \
            else ""
        problems.append(Problem(doc.file, "(file)", f"malformed TOML: {message}{hint}",
                                getattr(exc, "lineno", None) or _toml_line(message, text)))
    except RecursionError:
        problems.append(Problem(doc.file, "(file)", TOO_DEEP))
    return None


def _parse_json(text: str, doc: Document, problems: list[Problem]) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(doc.file, "(file)", f"malformed JSON (column {exc.colno}): "
                                f"{exc.msg}", exc.lineno))
        return None
    except RecursionError:
        problems.append(Problem(doc.file, "(file)", TOO_DEEP))
        return None
    # JSON is (nearly) YAML: compose it again to learn the line of every field and to find
    # duplicate keys, which json.loads silently resolves to the last one.
    shadow = Document(doc.file, None)
    _parse_yaml(text, shadow, [])
    doc.lines = shadow.lines
    doc.problems.extend(shadow.problems)
    return data


def parse_text(text: str, fmt: str, label: str) -> Document:
    """Parse ``text`` in ``fmt`` (``yaml``, ``toml`` or ``json``) into a :class:`Document`.

    A file that cannot be parsed raises :class:`InputError`; problems that leave the data
    readable (duplicate keys) are kept in ``Document.problems`` for :func:`validate` to report
    with the rest.
    """
    doc = Document(label, None)
    problems: list[Problem] = []
    parsers = {"yaml": _parse_yaml, "toml": _parse_toml, "json": _parse_json}
    if fmt in parsers:
        doc.data = parsers[fmt](text, doc, problems)
    else:
        problems.append(Problem(label, "(file)", f"unknown format {fmt!r}"))
    if problems:
        raise InputError(problems)
    return doc


def load_document(path: str | os.PathLike[str], label: str | None = None,
                  mapping: bool = True) -> Document:
    """Read and parse a YAML, TOML or JSON file chosen by its suffix."""
    label, text = read_text(path, label)
    suffix = Path(path).suffix.lower()
    fmt = SUFFIXES.get(suffix)
    if fmt is None or fmt == "csv":
        if suffix and fmt is None:
            raise InputError([Problem(label, "(file)", f"unknown file type '{suffix}'; expected "
                                      ".yaml, .yml, .toml or .json")])
        fmt = "json" if text.lstrip().startswith("{") else "yaml"
    doc = parse_text(text, fmt, label)
    if mapping and not isinstance(doc.data, dict):
        raise InputError([Problem(label, "(top level)", "expected a mapping of fields "
                                  "(key: value lines)", 1, doc.data)])
    return doc


DOCUMENT_KINDS = {
    "scenario": "one athlete's scenario (athlete:, race:)",
    "squad": "a squad file (squad:, athletes:)",
    "plan": "a plan (format: stridelift.plan/1)",
    "squad summary": "a squad summary (squad-summary.json)",
}
"""The files stridelift reads whole, in words; :func:`document_kind` tells them apart."""

WHAT_TO_DO = {
    "scenario": "plan it with `stridelift solve`",
    "squad": "plan a squad with `stridelift squad SQUAD -d FOLDER` and check its plans with "
             "`stridelift check SQUAD FOLDER`; each FOLDER/<athlete>.json is an ordinary plan",
    "plan": "a plan is checked with `stridelift check SCENARIO PLAN`",
    "squad summary": "check a squad's plans with `stridelift check SQUAD FOLDER`",
}


def document_kind(data: Any) -> str | None:
    """Which of :data:`DOCUMENT_KINDS` ``data`` (a parsed file) plainly is, by its top-level
    keys; ``None`` when it is none of them plainly (then validation says what is wrong)."""
    if not isinstance(data, dict):
        return None
    fmt = data.get("format")
    if isinstance(fmt, str) and fmt.startswith("stridelift.plan/"):
        return "plan"
    if isinstance(fmt, str) and fmt.startswith("stridelift.squad-summary/"):
        return "squad summary"
    if "squad" in data and "athletes" in data and not {"athlete", "race"} & set(data):
        return "squad"
    if (isinstance(data.get("athlete"), dict) and "race" in data
            and not {"squad", "athletes", "days"} & set(data)):
        return "scenario"  # a plan names its athlete in a string and has days
    return None


def expect_kind(doc: Document, expected: str) -> None:
    """Raise one clear :class:`InputError` when ``doc`` is plainly another kind of file than
    ``expected`` (a key of :data:`DOCUMENT_KINDS`), instead of a flood of field errors."""
    found = document_kind(doc.data)
    if found is None or found == expected:
        return
    raise InputError([Problem(doc.file, "(top level)", f"this is {DOCUMENT_KINDS[found]}, not "
                              f"{DOCUMENT_KINDS[expected]}; {WHAT_TO_DO[found]}", 1)])


DEFERRED = {"semantic_checks": "deferred"}
"""The validation context :func:`validate` passes: the cross-field checks are its own (with a
path and line each), not the model's."""


def validate(model: type[M], doc: Document) -> M:
    """Validate ``doc.data`` as ``model``; every problem becomes one :class:`Problem`.

    Problems found while parsing (duplicate keys) come first in line order with the rest. After
    the field-by-field validation, ``model.semantic_problems()`` (when the model has it)
    reports the problems that span several fields, with their own paths and lines; when some
    fields are invalid, ``model.raw_semantic_problems(data)`` (when the model has it) checks
    what can still be checked, so a file's problems are all reported at once; and
    ``model.raw_key_problems(data)`` (when the model has it) checks what only the file's own
    keys show, valid or not.
    """
    problems = list(doc.problems)
    obj: M | None = None
    try:
        obj = model.model_validate(doc.data, context=DEFERRED)
    except ValidationError as err:
        problems.extend(problems_from_validation(err, doc, model))
        raw = getattr(model, "raw_semantic_problems", None)
        found = raw(doc.data) if raw is not None else []
    else:
        check = getattr(obj, "semantic_problems", None)
        found = check() if check is not None else []
    keys = getattr(model, "raw_key_problems", None)
    if keys is not None:
        found = list(found) + keys(doc.data)
    known = {p.path for p in problems}
    for loc, message, *value in found:
        problem = doc.problem(loc, message, *value)
        if problem.path not in known:
            problems.append(problem)
    if problems or obj is None:
        raise InputError(sort_problems(problems))
    return obj


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that readers see the old file or the new one,
    never half (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_files_atomic(files: dict[Path, bytes]) -> None:
    """Write several files all or none: every one goes to a temporary file in its own folder
    and is flushed to disk; only when all are there are they renamed into place
    (``os.replace`` is atomic on POSIX and Windows). A failure before the renames leaves
    nothing written, and no temporary file is left behind either way."""
    import tempfile

    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            if target.is_dir():
                raise IsADirectoryError(21, "Is a directory", str(target))
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                       dir=target.parent)
            staged.append((tmp, target))
            os.chmod(tmp, _mode_for(target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        while staged:
            tmp, target = staged[0]
            os.replace(tmp, target)
            staged.pop(0)
    except BaseException:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise


def _mode_for(target: Path) -> int:
    """The permissions the written file gets: those of the file it replaces, or what a plain
    ``open()`` would give (0666 less the umask); ``mkstemp`` alone would leave 0600."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half
    (:func:`write_files_atomic` with one file)."""
    write_files_atomic({Path(path): data})
