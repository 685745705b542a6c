"""``stridelift squad``: plan a training group that shares one coach and one gym."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tabulate import tabulate

from models import InputError
from models.loading import write_files_atomic
from models.plan import number
from models.squad import Squad

from ..explain import explain_infeasibility
from ..roster import roster_csv
from ..squad_solve import SquadResult, percent, solve_squad
from . import cli
from .common import EXIT_BAD_INPUT, EXIT_INFEASIBLE, check_output_dir, err, exit_no_plan, \
    fail_input, solver_options

SUMMARY_FILE = "squad-summary.json"
ROSTER_FILE = "roster.csv"


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{number(value):g}"


def athletes_table(result: SquadResult) -> str:
    """Per athlete: status, score, solo optimum, price of sharing, share (tabulate)."""
    rows = [[a.name, a.plan.solver.status if a.plan and a.plan.solver else a.solo.status,
             _fmt(a.score), _fmt(a.solo_score), _fmt(a.price),
             percent(a.share)] for a in result.athletes]
    return tabulate(rows, headers=["athlete", "status", "score", "solo optimum",
                                   "price of sharing", "share"], tablefmt="simple")


def roster_summary(result: SquadResult, coach_slots: bool = True) -> str:
    """The busiest dates and slots, with use against capacity; ``coach_slots`` says whether
    the squad coach has any slot (without one, nobody can be supervised, and it says so)."""
    if not result.roster:
        return "roster: nobody uses the gym or the coach"
    gym = max(result.roster, key=lambda r: len(r.gym))
    coach = max(result.roster, key=lambda r: len(r.supervised))
    if not coach_slots:
        busiest_coach = "no coach slot (the squad's coach.slots are empty)"
    elif not coach.supervised:
        busiest_coach = "nobody supervised"
    else:
        busiest_coach = (f"busiest coach {len(coach.supervised)}/{coach.coach_capacity} "
                         f"({coach.date} {coach.slot.value})")
    return (f"roster: {len(result.roster)} dates and slots used; busiest gym {len(gym.gym)}/"
            f"{gym.gym_capacity} ({gym.date} {gym.slot.value}), {busiest_coach}")


def _write(result: SquadResult, output_dir: Path) -> None:
    """One plan JSON per athlete, the squad summary and the roster: all of them or none (a
    squad's plans share the gym and the coach, so half a set would be wrong)."""
    files = {output_dir / f"{athlete.stem}.json": athlete.plan.to_json().encode()
             for athlete in result.athletes}
    files[output_dir / SUMMARY_FILE] = (json.dumps(result.to_dict(), indent=2) + "\n").encode()
    files[output_dir / ROSTER_FILE] = roster_csv(result.roster).encode()
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        write_files_atomic(files)
    except OSError as exc:
        where = exc.filename or output_dir
        err(f"error: {where}: cannot write: {exc.strerror or exc}")
        err("nothing was written.")
        sys.exit(EXIT_BAD_INPUT)


def _no_plan(result: SquadResult, squad: Squad, as_json: bool, time_limit: float,
             quiet: bool = False) -> None:
    """Exit 3 with the explanation of an infeasible squad, 4 when time ran out first.

    The explanations (stdout) are the result; the lines announcing them on stderr are
    progress, which ``--quiet`` leaves out."""
    if result.status == "INFEASIBLE" and result.athletes_without_plan:
        explanations = []
        for athlete, scenario in zip(result.athletes, squad.athletes):
            if athlete.solo.status == "INFEASIBLE":
                if not quiet:
                    err(f"infeasible: {athlete.source}: {athlete.name} has no plan even "
                        "alone; explaining ...")
                explanation = explain_infeasibility(scenario, athlete.source, time_limit)
                explanations.append(explanation.to_dict())
                if not as_json:
                    click.echo(explanation.text())
        if as_json:
            click.echo(json.dumps({"ok": False, "exit": EXIT_INFEASIBLE,
                                   "athletes_without_plan": result.athletes_without_plan,
                                   "explanations": explanations}, indent=2))
        sys.exit(EXIT_INFEASIBLE)
    if result.status == "INFEASIBLE":
        if not quiet:
            err(f"infeasible: {squad.name}: every athlete has a plan alone, but not together "
                "(H18)")
        if as_json:
            click.echo(json.dumps({"ok": False, "exit": EXIT_INFEASIBLE, **result.to_dict()},
                                  indent=2))
        elif result.conflict is not None:
            click.echo(result.conflict.text())
        sys.exit(EXIT_INFEASIBLE)
    who = ", ".join(result.athletes_without_plan) or "the squad together"
    exit_no_plan(who, "", result.status, as_json)


@cli.command("squad")
@click.argument("squad_path", metavar="SQUAD", type=click.Path(dir_okay=False))
@click.option("-d", "--output-dir", type=click.Path(file_okay=False), required=True,
              help="Write one plan per athlete, squad-summary.json and roster.csv here.")
@solver_options
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Athletes solved alone at once before the joint solve [default: cores "
                   "divided by --workers].")
@click.option("--json", "as_json", is_flag=True, help="Print the squad summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def squad_command(squad_path: str, output_dir: str, time_limit: float, seed: int,
                  workers: int | None, jobs: int | None, as_json: bool, quiet: bool) -> None:
    """Plan SQUAD, a training group sharing one coach and one gym, in one joint model.

    Every athlete keeps their own rules (H1-H17); together no date and slot holds more
    athletes in the gym than gym.capacity, nor more supervised athletes than coach.capacity
    (H18). Each athlete is first solved alone; the squad then maximizes the worst athlete's
    share of their solo optimum, then the total. --time-limit applies to each solve.

    \b
    A squad file (athlete paths are relative to it):
      squad: Iten group
      athletes: [athletes/jane.yaml, athletes/ken.yaml]
      coach: {slots: {mon: [pm], wed: [pm], fri: [am, pm]}, capacity: 6}
      gym: {capacity: 8}

    \b
    Example:
      stridelift squad iten.yaml --output-dir plans/ --time-limit 60

    \b
    Writes DIR/<athlete>.json (a plan per athlete), DIR/squad-summary.json and
    DIR/roster.csv (per date and slot: who is in the gym, who is supervised, use against
    capacity). Exit 3 names the dates and slots that overflow when the squad cannot fit.
    """
    try:
        squad = Squad.load(squad_path)
    except InputError as error:
        fail_input(error, as_json)
    check_output_dir(output_dir)

    def progress(share: float, total: float, seconds: float) -> None:
        if not quiet and seconds >= 1.0:
            err(f"  {seconds:7.2f} s  worst share {percent(share)}, total {total:g} points")

    if not quiet:
        err(f"solving {squad_path}: {len(squad.athletes)} athletes alone, then together "
            "...")
    result = solve_squad(squad, time_limit=time_limit, seed=seed, workers=workers, jobs=jobs,
                         progress=progress)
    if not result.feasible:
        _no_plan(result, squad, as_json, time_limit, quiet)
        return
    _write(result, Path(output_dir))
    if not quiet:
        gap = "" if result.optimal else f" (gap {result.gap:.1%}; not proven optimal)"
        err(f"{result.status} in {result.solo_seconds + result.wall_seconds:.2f} s{gap}; "
            f"plans written to {output_dir}")
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    click.echo(athletes_table(result))
    click.echo()
    click.echo(result.summary())
    click.echo(roster_summary(result, any(squad.coach.slots.values()))
               + f"; full roster in {Path(output_dir) / ROSTER_FILE}")
