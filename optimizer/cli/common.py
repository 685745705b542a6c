"""What every command shares: exit statuses, input loading with clear errors, output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from models import InputError, Scenario
from models.loading import write_text_atomic

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_NO_PLAN = 4

F = TypeVar("F", bound=Callable[..., Any])


def err(message: str) -> None:
    """Progress and problems go to stderr; results go to stdout or the output file."""
    click.echo(message, err=True)


def fail_input(error: InputError, as_json: bool = False) -> NoReturn:
    """Report every problem of an input file and exit with status 2 (nothing written)."""
    count = len(error.problems)
    for problem in error.problems:
        err(f"error: {problem}")
    err(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
    if as_json:
        click.echo(json.dumps({"ok": False, "exit": EXIT_BAD_INPUT,
                               "errors": [p.to_dict() for p in error.problems]}, indent=2))
    sys.exit(EXIT_BAD_INPUT)


def load_scenario(path: str, as_json: bool = False) -> Scenario:
    try:
        return Scenario.load(path)
    except InputError as error:
        fail_input(error, as_json)


def check_output(path: str | None) -> None:
    """Refuse an output path that cannot be written before any work is done (exit 2).

    Checked up front so that a long solve does not end in a failed write; ``write_output``
    still reports a write that fails for another reason.
    """
    if path is None:
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        reason = "is a folder; name a file to write"
    elif not folder.is_dir():
        reason = f"cannot be written: the folder {folder} does not exist"
    elif not os.access(folder, os.W_OK):
        reason = f"cannot be written: the folder {folder} is not writable"
    else:
        return
    err(f"error: {path}: {reason}")
    err("nothing was written.")
    sys.exit(EXIT_BAD_INPUT)


def write_output(path: str, text: str) -> None:
    """Write a result file atomically; a problem writing it is bad input (exit 2)."""
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        err(f"error: {path}: cannot write: {exc.strerror}")
        sys.exit(EXIT_BAD_INPUT)


def handles_input_errors(fn: F) -> F:
    """Turn an :class:`InputError` escaping a command into the exit-2 report."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as error:
            fail_input(error, bool(kwargs.get("as_json")))

    return wrapper  # type: ignore[return-value]


def solver_options(fn: F) -> F:
    """``--time-limit``, ``--seed`` and ``--workers``, shared by every command that solves."""
    fn = click.option("--workers", type=click.IntRange(1, 64), default=None,
                      help="CP-SAT workers (default 1; more are interleaved so results repeat).")(fn)
    fn = click.option("--seed", type=int, default=0, show_default=True,
                      help="CP-SAT random seed.")(fn)
    fn = click.option("--time-limit", type=click.FloatRange(0.1, 86400), default=60.0,
                      show_default=True, metavar="S",
                      help="Wall-clock limit in seconds; a plan cut short by it may not "
                           "repeat exactly.")(fn)
    return fn


def exit_no_plan(what: str, detail: str, status: str, as_json: bool) -> NoReturn:
    """Exit 4: CP-SAT found no plan for ``what`` within the time limit."""
    err(f"no plan: {what}: CP-SAT found no plan within the time limit ({detail}status "
        f"{status}); raise --time-limit.")
    if as_json:
        click.echo(json.dumps({"ok": False, "exit": EXIT_NO_PLAN, "status": status}, indent=2))
    sys.exit(EXIT_NO_PLAN)
