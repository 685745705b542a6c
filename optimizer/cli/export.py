"""``stridelift export``: a plan as a calendar, a sheet, watch workouts, Markdown or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from models import Plan
from models.loading import write_bytes_atomic

from ..check import replan_away
from ..export import FORMATS, MissingExtra, export_bytes, plan_to_fit
from ..export.fit import WORKOUT_FILE
from ..replan import plan_matches
from . import cli
from .common import EXIT_BAD_INPUT, err, handles_input_errors, load_scenario


def write_folder(folder: Path, files: dict[str, bytes], plan: Plan) -> list[str]:
    """Each file written atomically into ``folder`` (created if needed); then the workouts an
    earlier export of this plan left there for its dates that the plan no longer holds (a
    replan moved or dropped them) are removed, so a watch synced from the folder does not
    keep them. Only files named as this exporter names workouts are touched. Returns the
    names removed."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_bytes_atomic(folder / name, data)
    first, last = plan.start.isoformat(), plan.days[-1].date.isoformat()
    stale = sorted(p.name for p in folder.iterdir()
                   if p.is_file() and p.name not in files
                   and (match := WORKOUT_FILE.fullmatch(p.name))
                   and first <= match.group(1) <= last)
    for name in stale:
        (folder / name).unlink()
    return stale


@cli.command("export")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="ics (calendar), csv (sheet), markdown, html (one page), fit (watch).")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="File to write (atomically); for fit a .zip file or a folder. Text "
                   "formats print to stdout without it.")
@click.option("--scenario", "scenario_path", type=click.Path(dir_okay=False), default=None,
              help="The plan's scenario: its slot_times (am/pm start times, time zone) and "
                   "dates away. Defaults: am 07:00, pm 17:30, floating local time.")
@handles_input_errors
def export_command(plan_path: str, fmt: str, output: str | None,
                   scenario_path: str | None) -> None:
    """Export PLAN to a calendar (ics), the CSV sheet `check` reads (csv), printable Markdown,
    one self-contained HTML page (calendar, phases, prescriptions on click, weekly chart), or
    FIT workouts for a watch (fit: one file per session, in a zip or a folder).

    Calendar events keep their UIDs across replans, so importing a replanned plan's calendar
    updates the events instead of duplicating them (sessions a replan removed are cancelled).

    \b
    Examples:
      stridelift export plan.json --format ics --output plan.ics
      stridelift export plan.json --format html --output plan.html
      stridelift export plan.json --format fit --output workouts.zip
      stridelift export plan.json --format fit --output watch/ --scenario athlete.yaml
    """
    if Path(plan_path).suffix.lower() == ".csv":
        err(f"error: {plan_path}: export reads a plan JSON (from `stridelift solve`); a CSV "
            "sheet is for `stridelift check`")
        sys.exit(EXIT_BAD_INPUT)
    plan = Plan.load(plan_path)
    scenario = load_scenario(scenario_path) if scenario_path else None
    if scenario is not None:
        plan_matches(scenario, plan, plan_path)
    times = scenario.slot_times if scenario is not None else None
    away = replan_away(plan)
    if scenario is not None:
        away |= scenario.availability.unavailable_dates()
    if fmt == "fit" and output is None:
        err("error: --format fit writes binary files: give --output FILE.zip or a folder")
        sys.exit(EXIT_BAD_INPUT)
    try:
        if fmt == "fit" and output is not None and not output.lower().endswith(".zip"):
            files = plan_to_fit(plan, times)
            stale = write_folder(Path(output), files, plan)
            err(f"{len(files)} FIT workouts written to {output}")
            if stale:
                err(f"{len(stale)} workouts of an earlier export the plan no longer holds "
                    f"removed: {', '.join(stale)}")
            return
        data = export_bytes(plan, fmt, times, away)
    except MissingExtra as exc:
        err(f"error: {exc}")
        sys.exit(EXIT_BAD_INPUT)
    except OSError as exc:
        err(f"error: {output}: cannot write: {exc.strerror}")
        sys.exit(EXIT_BAD_INPUT)
    if output is None:
        click.echo(data.decode(), nl=False)
        return
    try:
        write_bytes_atomic(output, data)
    except OSError as exc:
        err(f"error: {output}: cannot write: {exc.strerror}")
        sys.exit(EXIT_BAD_INPUT)
    err(f"{fmt} written to {output}")
