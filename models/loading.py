"""Reading YAML, TOML and JSON files safely, keeping the line of every field.

YAML is read with PyYAML's safe loader (no object construction from tags), with two changes:
dates stay text, so that an impossible date such as ``2027-02-30`` is named by validation instead
of crashing the parser, and duplicate keys are reported instead of silently keeping the last one.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import Document, InputError, Problem, format_path, problems_from_validation

M = TypeVar("M", bound=BaseModel)

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json", ".csv": "csv"}


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that keeps dates as text (validation parses them, and names bad ones)."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _key(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return str(value)


def _walk(loader: _Loader, node: yaml.Node, path: tuple, doc: Document,
          problems: list[Problem]) -> None:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            try:
                key = loader.construct_object(key_node, deep=True)
                hash(key)
            except (TypeError, yaml.YAMLError):
                problems.append(doc.problem(path, "a mapping key must be a plain value"))
                continue
            line = key_node.start_mark.line + 1
            sub = path + (_key(key),)
            if key in seen:
                problems.append(Problem(doc.file, format_path(sub), f"duplicate key (first given on "
                                        f"line {seen[key]})", line))
                continue
            seen[key] = line
            doc.lines[sub] = line
            _walk(loader, value_node, sub, doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(loader, item, path + (index,), doc, problems)


def _parse_yaml(text: str, doc: Document, problems: list[Problem], what: str = "YAML") -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _walk(loader, node, (), doc, problems)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        problems.append(Problem(doc.file, "(file)", f"malformed {what}: {detail}", line))
    except yaml.YAMLError as exc:
        problems.append(Problem(doc.file, "(file)", f"malformed {what}: {exc}"))
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


def parse_text(text: str, fmt: str, label: str) -> Document:
    """Parse ``text`` in ``fmt`` (``yaml``, ``toml`` or ``json``) into a :class:`Document`."""
    doc = Document(label, None)
    problems: list[Problem] = []
    if fmt == "yaml":
        doc.data = _parse_yaml(text, doc, problems)
    elif fmt == "toml":
        try:
            doc.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem(label, "(file)", f"malformed TOML: {exc}",
                                    getattr(exc, "lineno", None)))
    elif fmt == "json":
        try:
            doc.data = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(Problem(label, "(file)", f"malformed JSON: {exc.msg} (column "
                                    f"{exc.colno})", exc.lineno))
        else:
            # JSON is (nearly) YAML: compose it again only to learn the line of every field.
            shadow = Document(label, None)
            _parse_yaml(text, shadow, [])
            doc.lines = shadow.lines
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


def validate(model: type[M], doc: Document) -> M:
    """Validate ``doc.data`` as ``model``; every problem becomes one :class:`Problem`.

    After the field-by-field validation, ``model.semantic_problems()`` (when the model has it)
    reports the problems that span several fields, with their own paths and lines.
    """
    try:
        obj = model.model_validate(doc.data)
    except ValidationError as err:
        raise InputError(problems_from_validation(err, doc, model)) from None
    check = getattr(obj, "semantic_problems", None)
    if check is not None:
        problems = [doc.problem(loc, message, *value) for loc, message, *value in check()]
        if problems:
            raise InputError(problems)
    return obj


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half.

    The text goes to a temporary file in the same directory, is flushed to disk, and is then
    renamed over ``path`` (``os.replace`` is atomic on POSIX and Windows).
    """
    import tempfile

    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
