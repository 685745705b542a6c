"""The ``stridelift`` command line: one click group, one verb per task.

Exit statuses: 0 done, 1 a check found violations, 2 bad input (nothing written), 3 infeasible
(explained), 4 no plan found within the time limit.
"""

from __future__ import annotations

import os
import sys

import click

from .common import EXIT_BAD_INPUT, EXIT_OK, JsonCommand


class StrideliftGroup(click.Group):
    """The command group: every command is a :class:`~.common.JsonCommand`."""

    command_class = JsonCommand


@click.group(cls=StrideliftGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="stridelift")
def cli() -> None:
    """Plan strength training around a distance runner's week, solved exactly with CP-SAT.

    \b
    Exit statuses: 0 done, 1 a check found violations, 2 bad input (nothing
    written), 3 infeasible (explained), 4 no plan found within the time limit.

    \b
    Start here:
      stridelift solve scenarios/novice-marathon.yaml --output plan.json
    """


def main() -> None:
    """The console command. Output that cannot be written (a full disk behind ``>``, a closed
    pipe) ends in one line on stderr, not a traceback: a pipe closed by the reader (``| head``)
    is no error; any other failed write exits 2."""
    try:
        try:
            cli(prog_name="stridelift", standalone_mode=False)
        finally:
            sys.stdout.flush()
    except click.exceptions.Exit as done:
        raise SystemExit(done.exit_code) from None
    except click.ClickException as error:
        error.show()
        raise SystemExit(error.exit_code) from None
    except click.exceptions.Abort:  # pragma: no cover - interactive only
        click.echo("interrupted; nothing was written", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("interrupted; nothing was written", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    except BrokenPipeError:
        # The reader went away; Python would complain again when it flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(EXIT_OK) from None
    except OSError as error:
        where = f" {error.filename}" if error.filename else " the output"
        click.echo(f"error: cannot write{where}: {error.strerror or error}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None


from . import (  # noqa: E402,F401  (commands)
    batch, bench, check, explain, export, replan, schema, show, solve, squad)
