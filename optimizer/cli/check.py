"""``stridelift check``: any plan, solved or hand-made, against every hard rule."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from models import InputError, Plan, Scenario
from models.loading import read_text
from models.plan import number

from ..check import check, evaluate_score, split_logged
from ..plan_csv import plan_from_csv
from . import cli
from .common import EXIT_OK, EXIT_VIOLATIONS, fail_input


def load_plan(path: str, scenario: Scenario) -> Plan:
    """A plan file: the plan JSON, or a CSV sheet (date, run, kind, slot, placement, ...)."""
    if Path(path).suffix.lower() == ".csv":
        label, text = read_text(path)
        return plan_from_csv(text, scenario, label)
    return Plan.load(path)


@cli.command("check")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(dir_okay=False))
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
def check_command(scenario_path: str, plan_path: str, as_json: bool) -> None:
    """Check PLAN against SCENARIO: every hard rule (H1-H17) and the plan format.

    PLAN is a plan JSON (from `stridelift solve`, or written by hand) or a CSV sheet with the
    columns date, kind and optionally run, slot, placement, minutes, supervised. One line per
    violation: the rule ID, the date, and what is wrong in a coach's words. A replanned plan's
    violations before its replan date are marked "logged": the training log says they
    happened, so they are listed but do not fail the check. Exit 0 when the plan is clean, 1
    when it breaks a rule, 2 when a file cannot be read.

    \b
    Examples:
      stridelift check scenarios/novice-marathon.yaml plan.json
      stridelift check my-athlete.yaml coach-sheet.csv --json
    """
    try:
        scenario = Scenario.load(scenario_path)
    except InputError as error:
        # Report the plan's own problems too when it can be read without the scenario (JSON;
        # a CSV sheet needs the scenario's dates), so one run names everything to fix.
        problems = list(error.problems)
        if Path(plan_path).suffix.lower() != ".csv":
            try:
                Plan.load(plan_path)
            except InputError as plan_error:
                problems.extend(plan_error.problems)
        fail_input(InputError(problems), as_json)
    try:
        plan = load_plan(plan_path, scenario)
    except InputError as error:
        fail_input(error, as_json)
    violations, logged = split_logged(plan, check(scenario, plan))
    score = evaluate_score(scenario, plan)
    counts = Counter(v.rule for v in violations)
    if as_json:
        click.echo(json.dumps({
            "ok": not violations, "plan": plan_path, "scenario": scenario_path,
            "violations": [v.to_dict() for v in violations],
            "counts": dict(sorted(counts.items())),
            "logged": [v.to_dict() for v in logged],
            "score": {k: number(v) for k, v in score.items()},
        }, indent=2))
    else:
        for v in logged:
            click.echo(f"{v.rule} {v.date} (logged): {v.message}")
        if logged:
            click.echo(f"{len(logged)} of these {'are' if len(logged) > 1 else 'is'} in the "
                       f"logged past (before {plan.replan.since}): it happened, and they do "
                       "not fail the check.")
        for v in violations:
            click.echo(str(v))
        total = number(sum(score.values()))
        if violations:
            summary = ", ".join(f"{rule} x{n}" for rule, n in sorted(
                counts.items(), key=lambda item: (item[0] == "format", item[0])))
            other = plan.days and (plan.start, plan.race.date) != (scenario.start,
                                                                   scenario.race.date)
            scored = "" if other else f"; it would score {total} points"
            click.echo(f"{len(violations)} violation{'s' if len(violations) != 1 else ''} "
                       f"({summary}) in {plan_path}{scored}.")
        else:
            since = f" from {plan.replan.since} on" if logged and plan.replan else ""
            click.echo(f"clean{since}: {plan_path} keeps every hard rule (H1-H17) and the plan "
                       f"format; it scores {total} points "
                       f"({'  '.join(f'{k} {number(v)}' for k, v in score.items())}).")
    sys.exit(EXIT_VIOLATIONS if violations else EXIT_OK)
