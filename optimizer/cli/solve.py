"""``stridelift solve``: scenario file in, optimal day-by-day plan out."""

from __future__ import annotations

import sys

import click

from ..render import render_markdown, render_table
from ..solve import SolveResult, solve
from . import cli
from .common import EXIT_INFEASIBLE, check_output, err, exit_no_plan, fail_usage, \
    load_scenario, solver_options, write_output
from .explain import print_infeasibility


class ProgressPrinter:
    """Prints the best plan so far on stderr once a solve has run for a second."""

    def __init__(self, quiet: bool, after: float = 1.0):
        self.quiet = quiet
        self.after = after

    def __call__(self, objective: float, bound: float, seconds: float) -> None:
        if not self.quiet and seconds >= self.after:
            err(f"  {seconds:7.2f} s  best plan so far {objective:g} points "
                f"(bound {bound:g})")


def report_no_plan(result: SolveResult, scenario, scenario_path: str, as_json: bool,
                   time_limit: float, quiet: bool = False) -> None:
    """Exit 3 with the explanation for an infeasible scenario, 4 when time ran out first.

    The explanation on stdout is the result; the line announcing it on stderr is progress
    (``--quiet`` leaves it out)."""
    if result.status == "INFEASIBLE":
        if not quiet:
                err(f"infeasible: {scenario_path}: no plan can keep every hard rule (H1-H17); "
                "explaining ...")
        sys.exit(print_infeasibility(scenario, scenario_path, as_json, time_limit) or
                 EXIT_INFEASIBLE)
    exit_no_plan(scenario_path, f"{result.wall_seconds:.1f} s, ", result.status, as_json)


@cli.command("solve")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path())
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Write the plan JSON here (atomically; nothing is written on bad input).")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "markdown", "json"]),
              default=None, help="What to print on stdout [default: table; json with --json].")
@click.option("--json", "as_json", is_flag=True, help="Print the plan JSON on stdout.")
@solver_options
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def solve_command(scenario_path: str, output: str | None, fmt: str | None, as_json: bool,
                  time_limit: float, seed: int, workers: int | None, quiet: bool) -> None:
    """Solve SCENARIO's whole build-up to race day and print or write the plan.

    Every hard rule of the rulebook (H1-H17) is a constraint and S1-S6 are the weighted
    objective; the plan is proven optimal unless the time limit cuts the search short.

    \b
    Examples:
      stridelift solve scenarios/novice-marathon.yaml
      stridelift solve scenarios/novice-marathon.yaml --output plan.json --format markdown
      stridelift solve my-athlete.yaml --json --time-limit 30 --seed 1 > plan.json
    """
    if as_json and fmt not in (None, "json"):
        fail_usage(f"--json prints the plan JSON and --format {fmt} a {fmt}: give one of them",
                   True, option="--format", value=fmt, has_value=True)
    fmt = fmt or ("json" if as_json else "table")
    scenario = load_scenario(scenario_path, as_json=fmt == "json")
    check_output(output, inputs=(scenario_path,))
    if not quiet:
        weeks = -(-scenario.horizon_days // 7)
        err(f"solving {scenario_path}: {scenario.athlete.name}, {weeks} weeks to "
            f"{scenario.race.date} ...")
    result = solve(scenario, time_limit=time_limit, seed=seed, workers=workers,
                   explain_absent=True,
                   progress=ProgressPrinter(quiet))
    if result.plan is None:
        report_no_plan(result, scenario, scenario_path, fmt == "json", time_limit, quiet)
        return
    if not quiet:
        if result.from_greedy:
            how = ("; CP-SAT found no plan within the time limit, so this is the greedy plan "
                   "(checked, not optimised): raise --time-limit for the optimum")
        elif result.optimal:
            how = ""
        else:
            how = f" (gap {result.gap:.1%}; not proven optimal)"
        err(f"{result.status} in {result.wall_seconds:.2f} s: {result.objective:g} points"
            + how)
    plan = result.plan
    if output:
        write_output(output, plan.to_json())
        if not quiet:
            err(f"plan written to {output}")
    away = scenario.availability.unavailable_dates()
    if fmt == "json":
        click.echo(plan.to_json(), nl=False)
    elif fmt == "markdown":
        click.echo(render_markdown(plan, away), nl=False)
    else:
        click.echo(render_table(plan, away), nl=False)
