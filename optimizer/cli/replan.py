"""``stridelift replan``: log what was done, solve the rest again, say what changed."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from models import InputError, Plan
from models.log import load_log
from models.plan import number

from ..replan import default_since, replan
from ..replan_model import STABILITY_POINTS
from . import cli
from .common import EXIT_INFEASIBLE, Number, check_output, err, exit_no_plan, fail_input, \
    load_scenario, solver_options, write_output


@cli.command("replan")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(dir_okay=False))
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("--log", "log_path", required=True, type=click.Path(dir_okay=False),
              help="The training log (YAML or CSV): what was done, missed, soreness, dates "
                   "away.")
@click.option("--from", "since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="First day to replan [default: the day after the last logged date].")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="Write the new plan JSON here (atomically).")
@click.option("--stability", type=Number(0, 100), default=STABILITY_POINTS,
              show_default=True, metavar="POINTS",
              help="Points each session that differs from PLAN costs (a move counts twice).")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@solver_options
def replan_command(scenario_path: str, plan_path: str, log_path: str,
                   since: dt.datetime | None, output: str, stability: float, as_json: bool,
                   time_limit: float, seed: int, workers: int | None) -> None:
    """Replan PLAN from a training log: the days before the replan date stay as logged
    (what was done, not what was planned), and the rest is solved again close to PLAN.

    Soreness on a quality day after a kind's first 4 weeks lowers that kind's load for 2
    weeks (P6); loads continue from what was really lifted. Prints what changed and why,
    date by date, citing rule IDs. Exit 0 a new plan written (also one that must break a
    weekly floor no plan can keep: it names the break and why), 2 bad input (nothing
    written), 3 no plan at all (nothing written), 4 no plan within the time limit.

    \b
    Examples:
      stridelift replan athlete.yaml plan.json --log week-6.yaml --output plan-v2.json
      stridelift replan athlete.yaml plan.json --log log.csv --from 2027-05-17 -o new.json
    """
    scenario = load_scenario(scenario_path, as_json)
    check_output(output)
    try:
        plan = Plan.load(plan_path)
        log = load_log(log_path, plan, since.date() if since else None)
        first = since.date() if since else default_since(plan, log)
        result = replan(scenario, plan, log, since=first, log_label=log_path,
                        plan_label=plan_path, stability=stability, time_limit=time_limit,
                        seed=seed, workers=workers)
    except InputError as error:
        fail_input(error, as_json)
    if result.plan is None:
        if result.status == "INFEASIBLE":
            err(result.summary())
            err("nothing was written")
            if as_json:
                click.echo(json.dumps({"ok": False, "exit": EXIT_INFEASIBLE,
                                       "status": result.status, "since": first.isoformat(),
                                       "summary": result.summary()}, indent=2))
            sys.exit(EXIT_INFEASIBLE)
        exit_no_plan(plan_path, f"{result.wall_seconds:.1f} s, ", result.status, as_json)
    write_output(output, result.plan.to_json())
    if as_json:
        info = result.plan.replan
        click.echo(json.dumps({
            "ok": True, "status": result.status, "output": output, "since": first.isoformat(),
            "objective": number(result.objective or 0),
            "score": result.plan.score, "stability": number(result.stability or 0),
            "replan": info.model_dump(mode="json") if info else None,
            "broken": [b.to_dict() | {"because": b.because} for b in result.broken],
            "changes": [c.to_dict() for c in result.changes]}, indent=2))
        return
    click.echo(result.summary())
    click.echo(f"new plan written to {output}")
