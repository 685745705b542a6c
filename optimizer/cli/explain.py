"""``stridelift explain``: why a scenario has no plan, or why a day holds what it holds."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from models import InputError, Plan

from ..explain import explain_infeasibility
from ..explain_day import explain_day
from ..solve import solve
from . import cli
from .common import EXIT_INFEASIBLE, SECONDS, exit_no_plan, fail_input, fail_usage, \
    load_scenario


def print_infeasibility(scenario, label: str, as_json: bool, time_limit: float) -> int:
    """Explain an infeasible scenario on stdout; return the exit status (0 or 3)."""
    explanation = explain_infeasibility(scenario, label=label, time_limit=time_limit)
    if as_json:
        click.echo(json.dumps(explanation.to_dict(), indent=2))
    else:
        click.echo(explanation.text())
    return 0 if explanation.feasible else EXIT_INFEASIBLE


@cli.command("explain")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(dir_okay=False))
@click.option("--plan", "plan_path", type=click.Path(dir_okay=False), default=None,
              help="A plan of SCENARIO (solved afresh when left out).")
@click.option("--date", "date_text", default=None, metavar="YYYY-MM-DD",
              help="Explain this day of the plan.")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
@click.option("--time-limit", type=SECONDS, default=30.0,
              show_default=True, metavar="S", help="Limit of each solve, in seconds.")
def explain_command(scenario_path: str, plan_path: str | None, date_text: str | None,
                    as_json: bool, time_limit: float) -> None:
    """Explain SCENARIO: which rules conflict when it has no plan, or, with --date, why that
    day of the plan holds what it holds and what moving or dropping its session would cost.

    \b
    An infeasible scenario is answered with rules that cannot all hold, every one of them
    needed (without any one the others can hold; an irreducible set, found by deletion), with
    what they ask, the facts and dates involved (each needed too), and the changes that make
    it solvable, each checked by solving the changed scenario. Exit 3 when infeasible.

    \b
    Examples:
      stridelift explain my-athlete.yaml
      stridelift explain scenarios/novice-marathon.yaml --plan plan.json --date 2027-06-16
    """
    scenario = load_scenario(scenario_path, as_json)
    if date_text is None:
        if plan_path is not None:
            fail_usage("--plan needs --date: which day should be explained?", as_json,
                       option="--date")
        sys.exit(print_infeasibility(scenario, scenario_path, as_json, time_limit))
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        fail_usage("expected a date as YYYY-MM-DD", as_json, option="--date",
                   value=date_text, has_value=True)
    if not scenario.start <= date <= scenario.race.date:
        fail_usage(f"outside the plan ({scenario.start}..{scenario.race.date})", as_json,
                   option="--date", file=scenario_path, value=date_text, has_value=True)
    if plan_path is not None:
        try:
            plan = Plan.load(plan_path)
        except InputError as error:
            fail_input(error, as_json)
        if plan.days[0].date != scenario.start or plan.days[-1].date != scenario.race.date:
            fail_usage(f"this plan covers {plan.days[0].date}..{plan.days[-1].date}, not the "
                       f"scenario's {scenario.start}..{scenario.race.date}", as_json,
                       option="--plan", file=plan_path)
    else:
        result = solve(scenario, time_limit=time_limit)
        if result.plan is None:
            if result.status == "INFEASIBLE":
                sys.exit(print_infeasibility(scenario, scenario_path, as_json, time_limit))
            exit_no_plan(scenario_path, f"{time_limit:g} s, ", result.status, as_json)
        plan = result.plan
    explanation = explain_day(scenario, plan, date, time_limit=time_limit)
    if as_json:
        click.echo(json.dumps(explanation.to_dict(), indent=2))
    else:
        click.echo(explanation.text())
