"""``stridelift show``: one week or one day of a plan, as a coach hands it over."""

from __future__ import annotations

import datetime as dt
import json

import click

from models import InputError, Plan
from models.errors import Problem
from models.plan import Day

from ..sheet import render_days, week_minutes
from . import cli
from .common import fail_input, fail_usage, handles_input_errors


def pick_week(plan: Plan, week: int | None, day: dt.date | None,
              today: dt.date | None = None) -> tuple[int, list[Day]]:
    """The days to show: ``week``, or the day ``day``, or the current week (the first week
    when today is outside the plan)."""
    weeks = sorted({d.week for d in plan.days})
    if day is not None:
        try:
            found = plan.day(day)
        except KeyError:
            raise click.BadParameter(f"{day} is not in this plan ({plan.start} to "
                                     f"{plan.days[-1].date})", param_hint="--date") from None
        return found.week, [found]
    if week is None:
        today = today or dt.date.today()
        inside = plan.start <= today <= plan.days[-1].date
        week = plan.day(today).week if inside else weeks[0]
    if week not in weeks:
        raise click.BadParameter(f"this plan has weeks 1 to {weeks[-1]}, not {week}",
                                 param_hint="--week")
    return week, plan.week(week)


@cli.command("show")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("-w", "--week", type=int, default=None, help="Plan week to show (1 = first).")
@click.option("-d", "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="One date to show (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the chosen days as JSON.")
@handles_input_errors
def show_command(plan_path: str, week: int | None, day: dt.datetime | None,
                 as_json: bool) -> None:
    """Print one week (or one day) of a solved PLAN as a training sheet: per session the
    exercises, sets x reps, loads, rest, cues, warm-up and what to do after.

    Without --week or --date it shows the current week, or the first week when today is
    outside the plan.

    \b
    Examples (a coach can copy these):
      stridelift solve my-athlete.yaml --output plan.json
      stridelift show plan.json --week 12
      stridelift show plan.json --date 2027-06-23
      stridelift show plan.json --week 12 --json > week12.json
    """
    if week is not None and day is not None:
        fail_usage("give --week or --date, not both", as_json, option="--week / --date")
    plan = Plan.load(plan_path)  # refuses a plan without days (Plan.semantic_problems)
    try:
        number, days = pick_week(plan, week, day.date() if day else None)
    except click.BadParameter as bad:
        value = week if day is None else day.date().isoformat()
        fail_input(InputError([Problem(plan_path, bad.param_hint or "--week", bad.message,
                                       value=value)]), as_json)
    if as_json:
        data = {"scenario": plan.scenario, "athlete": plan.athlete, "week": number,
                "minutes": week_minutes(plan.week(number)),
                "days": [d.model_dump(mode="json", exclude_none=True) for d in days]}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(render_days(plan, number, days), nl=False)
