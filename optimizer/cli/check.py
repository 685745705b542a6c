"""``stridelift check``: any plan, solved or hand-made, against every hard rule."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from models import InputError, Plan, Scenario
from models.errors import Problem
from models.loading import document_kind, load_document, read_text
from models.plan import number
from models.squad import Squad

from ..check import Violation, check, evaluate_score, split_logged
from ..plan_csv import plan_from_csv
from ..squad_check import SquadCheck, check_squad_by_athlete
from . import cli
from .common import EXIT_OK, EXIT_VIOLATIONS, fail_input


def load_plan(path: str, scenario: Scenario) -> Plan:
    """A plan file: the plan JSON, or a CSV sheet (date, run, kind, slot, placement, ...)."""
    if Path(path).suffix.lower() == ".csv":
        label, text = read_text(path)
        return plan_from_csv(text, scenario, label)
    return Plan.load(path)


def is_squad_file(path: str) -> bool:
    """Whether ``path`` is plainly a squad file (``squad:`` and ``athletes:``)."""
    try:
        return document_kind(load_document(path).data) == "squad"
    except InputError:
        return False  # reported when it is read as a scenario


def rule_counts(violations: list[Violation]) -> str:
    """``H2 x1, H9 x3``: the rules broken and how often, the plan format last."""
    counts = Counter(v.rule for v in violations)
    return ", ".join(f"{rule} x{n}" for rule, n in sorted(
        counts.items(), key=lambda item: (item[0] == "format", item[0])))


def unwatched_note(scenario: Scenario, plan: Plan) -> str | None:
    """Why H17 was not checked when the plan marks supervised sessions and the scenario
    gives no coach: most likely a squad's plan checked against the athlete's own file."""
    marked = sum(1 for _, s in plan.sessions() if s.supervised)
    coach = scenario.coach
    if not marked or (coach is not None and any(coach.slots.values())):
        return None
    return (f"note: H17 was not checked: the scenario gives no coach, yet the plan marks "
            f"{marked} session{'s' if marked != 1 else ''} supervised. A squad's plan is "
            "checked against the squad file, which brings in the squad's coach (H17) and the "
            "shared gym (H18): stridelift check SQUAD FOLDER")


@cli.command("check")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(dir_okay=False))
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
def check_command(scenario_path: str, plan_path: str, as_json: bool) -> None:
    """Check PLAN against SCENARIO: every hard rule (H1-H17) and the plan format.

    SCENARIO may be a squad file: PLAN is then the folder `stridelift squad` wrote (every
    athlete's plan against their scenario with the squad's coach and gym, and H18 across
    them) or one athlete's plan from it (H1-H17 only).

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
      stridelift check scenarios/squads/iten-group.yaml plans/
    """
    if is_squad_file(scenario_path):
        check_squad_files(scenario_path, plan_path, as_json)
        return
    if Path(plan_path).is_dir():
        fail_input(InputError([Problem(plan_path, "(file)", "is a folder; a folder of plans "
                                       "is checked against a squad file (stridelift check "
                                       "SQUAD FOLDER), one plan against its scenario")]),
                   as_json)
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
    note = unwatched_note(scenario, plan)
    if as_json:
        click.echo(json.dumps({
            "ok": not violations, "plan": plan_path, "scenario": scenario_path,
            "violations": [v.to_dict() for v in violations],
            "counts": dict(sorted(counts.items())),
            "logged": [v.to_dict() for v in logged],
            "score": {k: number(v) for k, v in score.items()},
            "notes": [note] if note else [],
        }, indent=2))
    else:
        if note:
            click.echo(note)
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
            summary = rule_counts(violations)
            other = plan.days and (plan.start, plan.race.date) != (scenario.start,
                                                                   scenario.race.date)
            scored = "" if other else f"; it would score {total} points"
            click.echo(f"{len(violations)} violation{'s' if len(violations) != 1 else ''} "
                       f"({summary}) in {plan_path}{scored}.")
        else:
            since = f" from {plan.replan.since} on" if logged and plan.replan else ""
            rules = "H1-H16; H17 not checked, see the note" if note else "H1-H17"
            click.echo(f"clean{since}: {plan_path} keeps every hard rule ({rules}) and the plan "
                       f"format; it scores {total} points "
                       f"({'  '.join(f'{k} {number(v)}' for k, v in score.items())}).")
    sys.exit(EXIT_VIOLATIONS if violations else EXIT_OK)


SQUAD_SUMMARY = "squad-summary.json"  # written beside the plans by `stridelift squad`


def squad_plan_files(squad: Squad, plan_path: str) -> list[Path]:
    """The plan files to check: every ``*.json`` plan in a folder (the squad summary and
    other JSON that is plainly no plan left out), or the one file named."""
    path = Path(plan_path)
    if not path.is_dir():
        return [path]
    files = []
    for file in sorted(path.glob("*.json")):
        try:
            kind = document_kind(load_document(file).data)
        except InputError:
            kind = None  # Plan.load reports it
        if file.name != SQUAD_SUMMARY and kind in ("plan", None):
            files.append(file)
    if not files:
        fail_input(InputError([Problem(plan_path, "(folder)", "holds no plan files (*.json, "
                                       "one per athlete, as `stridelift squad -d FOLDER` "
                                       f"writes them) for {squad.name}")]))
    return files


def load_squad_plan(squad: Squad, file: Path) -> Plan:
    """One plan of the squad: JSON, or a CSV sheet named after its athlete
    (``amina-chebet.csv``), read with that athlete's scenario."""
    if file.suffix.lower() != ".csv":
        return Plan.load(file)
    for scenario, stem in zip(squad.athletes, squad.stems):
        if stem == file.stem:
            return load_plan(str(file), scenario)
    raise InputError([Problem(str(file), "(file)", "a CSV sheet carries no athlete name: "
                              "name it after an athlete of the squad ("
                              + ", ".join(f"{stem}.csv" for stem in squad.stems) + ")")])


def check_squad_files(squad_path: str, plan_path: str, as_json: bool) -> None:
    """``stridelift check SQUAD FOLDER|PLAN``: each athlete's plan against their scenario with
    the squad's coach and gym merged in (H1-H17), and H18 across a folder's plans."""
    try:
        squad = Squad.load(squad_path)
    except InputError as error:
        fail_input(error, as_json)
    files = squad_plan_files(squad, plan_path)
    plans: list[Plan] = []
    problems = []
    for file in files:
        try:
            plans.append(load_squad_plan(squad, file))
        except InputError as error:
            problems += error.problems
    if problems:
        fail_input(InputError(problems), as_json)
    labels = [file.name if len(files) > 1 or Path(plan_path).is_dir() else str(file)
              for file in files]
    report = check_squad_by_athlete(squad, plans, labels)
    whole = Path(plan_path).is_dir()
    shown = [name for name in squad.names if whole or report.plans[name] is not None]
    label_of = {id(plan): label for plan, label in zip(plans, labels)}
    scenario_of = dict(zip(squad.names, squad.athletes))
    rows = [_athlete_row(name, scenario_of[name], report, label_of) for name in shown]
    failing = report.squad + [v for row in rows for v in row["found"]]
    if as_json:
        click.echo(json.dumps({
            "ok": not failing, "squad": squad_path, "plans": plan_path,
            "athletes": [{key: value for key, value in row.items() if key != "found"}
                         for row in rows],
            "squad_violations": [v.to_dict() for v in report.squad],
            "counts": dict(sorted(Counter(v.rule for v in failing).items())),
            "h18_checked": whole,
        }, indent=2))
        sys.exit(EXIT_VIOLATIONS if failing else EXIT_OK)
    click.echo(f"{squad.name}: {len(squad.names)} athletes, gym for {squad.gym.capacity}, "
               f"coach for {squad.coach.capacity}; plans in {plan_path}")
    for row in rows:
        _print_athlete(row)
    if whole:
        click.echo(f"the squad as a whole (H18: at most {squad.gym.capacity} in the gym and "
                   f"{squad.coach.capacity} under the coach per date and slot): "
                   + ("clean" if not report.squad else
                      f"{len(report.squad)} violation{'s' if len(report.squad) != 1 else ''}"))
        for v in report.squad:
            click.echo(f"  {v}")
    else:
        for v in report.squad:
            click.echo(str(v))
        click.echo("H18 (the shared gym and coach) needs every athlete's plan: check the "
                   "squad's folder for it.")
    rules = "H1-H18" if whole else "H1-H17"
    if failing:
        click.echo(f"{len(failing)} violation{'s' if len(failing) != 1 else ''} "
                   f"({rule_counts(failing)}) in the plans of {squad.name}.")
    else:
        total = number(sum(row["score"]["total"] for row in rows))
        if whole:
            click.echo(f"clean: the plans of {squad.name} keep every hard rule ({rules}) and "
                       f"the plan format; {total} points together.")
        else:
            click.echo(f"clean: {plan_path} keeps every hard rule ({rules}) and the plan "
                       f"format; it scores {total} points.")
    sys.exit(EXIT_VIOLATIONS if failing else EXIT_OK)


def _athlete_row(name: str, scenario: Scenario, report: SquadCheck,
                 label_of: dict[int, str]) -> dict:
    """One athlete's findings, JSON-ready (``found``: the violations that fail the check)."""
    plan = report.plans[name]
    found, logged = (split_logged(plan, report.athletes[name]) if plan is not None
                     else (report.athletes[name], []))
    score = evaluate_score(scenario, plan) if plan is not None and plan.days and (
        plan.start, plan.race.date) == (scenario.start, scenario.race.date) else None
    return {"name": name, "plan": label_of.get(id(plan)) if plan is not None else None,
            "ok": not found, "violations": [v.to_dict() for v in found],
            "logged": [v.to_dict() for v in logged],
            "score": None if score is None else {
                **{k: number(v) for k, v in score.items()},
                "total": number(sum(score.values()))},
            "found": found, "logged_since": str(plan.replan.since)
            if plan is not None and plan.replan is not None else None}


def _print_athlete(row: dict) -> None:
    """An athlete's heading line, then their violations, indented."""
    where = f" ({row['plan']})" if row["plan"] else ""
    found = row["found"]
    if row["plan"] is None:
        state = "no plan"
    elif found:
        state = f"{len(found)} violation{'s' if len(found) != 1 else ''} ({rule_counts(found)})"
    else:
        state = "clean"
    scored = f", {row['score']['total']} points" if row["score"] and not found else ""
    click.echo(f"{row['name']}{where}: {state}{scored}")
    for v in row["logged"]:
        click.echo(f"  {v['rule']} {v['date']} (logged): {v['message']}")
    if row["logged"]:
        click.echo(f"  (logged: before the replan date {row['logged_since']}, it happened "
                   "and does not fail the check)")
    for v in found:
        click.echo(f"  {v}")
