"""The ``stridelift`` command line: one click group, one verb per task.

Exit statuses: 0 done, 1 a check found violations, 2 bad input (nothing written), 3 infeasible
(explained), 4 no plan found within the time limit.
"""

from __future__ import annotations

import click

from .common import EXIT_BAD_INPUT


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    try:
        cli(prog_name="stridelift")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("interrupted; nothing was written", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None


from . import (  # noqa: E402,F401  (commands)
    batch, bench, check, explain, export, replan, schema, show, solve, squad)
