"""What every command shares: exit statuses, input loading with clear errors, output."""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from models import InputError, Scenario
from models.errors import Problem
from models.loading import write_text_atomic

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_NO_PLAN = 4

F = TypeVar("F", bound=Callable[..., Any])


class Number(click.FloatRange):
    """A number in a range, and a real one: ``nan`` slips through ``click.FloatRange`` (every
    comparison with it is false), ``inf`` through an open upper end."""

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number) or math.isinf(number):
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


SECONDS = Number(0.1, 86400)
"""``--time-limit``: a tenth of a second to a day."""


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


COMMAND_LINE = "(command line)"
"""The ``file`` of a problem with the command line itself (an option, not an input file)."""


def fail_usage(message: str, as_json: bool, *, option: str, file: str = COMMAND_LINE,
               value: Any = None, has_value: bool = False) -> NoReturn:
    """A usage error of an option (exit 2, nothing written), reported as every bad input is:
    ``error: FILE: OPTION: message`` on stderr, and with ``--json`` the same
    ``{"ok": false, "exit": 2, "errors": [...]}`` on stdout as a bad file gets."""
    problem = Problem(file, option, message, value=value) if has_value else \
        Problem(file, option, message)
    fail_input(InputError([problem]), as_json)


class JsonCommand(click.Command):
    """A command whose ``--json`` flag covers its usage errors too: a bad option value, a
    missing argument or contradictory options (``click.UsageError``, exit 2) print click's
    message on stderr as always and, when ``--json`` was given, the same
    ``{"ok": false, "exit": 2, "errors": [...]}`` on stdout as a bad input file gets (each
    error's ``file`` is ``(command line)``, its ``path`` the option). Every command of the
    group is one; a command without an ``as_json`` flag (``bench --json FILE``) is unaffected.
    """

    def _takes_json(self) -> bool:
        return any(p.name == "as_json" and getattr(p, "is_flag", False) for p in self.params)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        wants_json = self._takes_json() and "--json" in args
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            if wants_json:
                _echo_usage_error(error)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            if self._takes_json() and ctx.params.get("as_json"):
                _echo_usage_error(error)
            raise


def _echo_usage_error(error: click.UsageError) -> None:
    """Print a usage error as ``--json`` prints every exit-2 problem."""
    param = getattr(error, "param", None)
    if param is not None and getattr(param, "opts", None):
        option = max(param.opts, key=len)
    else:
        option = getattr(error, "param_hint", None) or COMMAND_LINE
    if isinstance(option, (list, tuple)):
        option = " / ".join(option)
    problem = Problem(COMMAND_LINE, str(option).strip("'\""), error.format_message())
    click.echo(json.dumps({"ok": False, "exit": EXIT_BAD_INPUT, "errors": [problem.to_dict()]},
                          indent=2))


def load_scenario(path: str, as_json: bool = False) -> Scenario:
    try:
        return Scenario.load(path)
    except InputError as error:
        fail_input(error, as_json)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file (through links and ``..`` too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_output(path: str | None, inputs: tuple[str, ...] = ()) -> None:
    """Refuse an output path that cannot be written before any work is done (exit 2): a
    folder, a missing or read-only folder, or one of the command's own ``inputs``.

    Checked up front so that a long solve does not end in a failed write; ``write_output``
    still reports a write that fails for another reason.
    """
    if path is None:
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if any(same_file(target, given) for given in inputs):
        reason = "is an input of this command; name another file for the result"
    elif target.is_dir():
        reason = "is a folder; name a file to write"
    elif not folder.is_dir():
        reason = f"cannot be written: the folder {folder} does not exist"
    elif not os.access(folder, os.W_OK):
        reason = f"cannot be written: the folder {folder} is not writable"
    else:
        return
    refuse_output(path, reason)


def check_output_dir(path: str | os.PathLike[str]) -> None:
    """Refuse an output folder that cannot be made or written before any work is done (exit
    2): a file in its place or on its way, or a parent folder that is not writable."""
    target = Path(path)
    probe = target
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if probe == target and not target.is_dir():
        reason = "is a file; name a folder to write the plans into"
    elif probe != target and not probe.is_dir():
        reason = f"cannot be made: {probe} is a file"
    elif not os.access(probe, os.W_OK):
        reason = f"cannot be written: the folder {probe} is not writable"
    else:
        return
    refuse_output(path, reason)


def refuse_output(path: str | os.PathLike[str], reason: str) -> NoReturn:
    """Say why ``path`` cannot take the result, and exit 2 before anything is written."""
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
    fn = click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True,
                      help="CP-SAT random seed.")(fn)
    fn = click.option("--time-limit", type=SECONDS, default=60.0,
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
