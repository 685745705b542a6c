"""``stridelift batch``: many independent athletes in parallel, here or on a Dask cluster."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

import click
from tabulate import tabulate

from models import InputError, Scenario
from models.errors import Problem

from ..batch import pool_size, solve_many
from ..explain import explain_infeasibility
from ..solve import SolveResult, default_workers
from ..store import PlanStore, content_key
from . import cli
from .common import EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN, EXIT_OK, SECONDS, \
    check_output_dir, err, same_file


PLANNED = ("solved", "solved (not proven)", "unchanged")
"""The outcomes that leave a plan file in the output folder."""


@dataclass
class Entry:
    """One scenario file of the batch and what became of it."""

    path: str
    stem: str
    scenario: Scenario | None = None
    key: str = ""
    outcome: str = "bad input"
    result: SolveResult | None = None
    problems: list[Problem] = field(default_factory=list)
    """Why a bad input was skipped (``--json`` prints them as ``errors``)."""
    explanation: dict[str, Any] | None = None
    """An infeasible scenario's explanation, as ``solve --json`` prints it (``--json``)."""

    def refuse(self, problems: list[Problem]) -> None:
        """Mark the entry bad input: each problem on stderr, kept for ``--json``."""
        for problem in problems:
            err(f"error: {problem}")
        self.problems = list(problems)
        self.scenario = None
        self.outcome = "bad input"

    def to_dict(self, store: PlanStore) -> dict[str, Any]:
        """The entry in ``--json``: path, outcome, plan file, status, and the problems of a
        bad input (``errors``) or the explanation of an infeasible scenario."""
        out: dict[str, Any] = {
            "path": self.path, "outcome": self.outcome,
            "plan": str(store.plan_path(self.stem)) if self.outcome in PLANNED else None,
            "status": self.result.status if self.result else None}
        if self.outcome == "bad input":
            out["errors"] = [p.to_dict() for p in self.problems]
        if self.explanation is not None:
            out["explanation"] = self.explanation
        return out

    def row(self) -> list[str]:
        r = self.result
        points = "-" if r is None or r.objective is None else f"{r.objective:g}"
        seconds = "-" if r is None else f"{r.wall_seconds:.2f}"
        return [self.path, self.outcome, points, seconds]


def _load(paths: tuple[str, ...]) -> list[Entry]:
    """Read every scenario; a bad file is reported (every problem) and marked, not fatal."""
    entries: list[Entry] = []
    taken: dict[str, str] = {}
    for path in paths:
        entry = Entry(path, Path(path).stem)
        entries.append(entry)
        try:
            entry.scenario = Scenario.load(path)
        except InputError as error:
            entry.refuse(error.problems)
            err(f"{path}: skipped ({len(error.problems)} problem"
                f"{'s' if len(error.problems) != 1 else ''})")
            continue
        if entry.stem in taken:
            entry.refuse([Problem(path, "(file name)", f"its plan would overwrite "
                                  f"{taken[entry.stem]}'s ({entry.stem}.json); rename one of "
                                  "the files. Skipped.")])
            continue
        taken[entry.stem] = path
    return entries


@contextmanager
def _executor(scheduler: str | None) -> Iterator[Executor | None]:
    """A Dask executor on the cluster at ``scheduler``, or ``None`` (the process pool)."""
    if scheduler is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        err("error: --scheduler needs the cluster extra: pip install 'stridelift[cluster]'")
        sys.exit(EXIT_BAD_INPUT)
    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        err(f"error: --scheduler {scheduler}: cannot reach the cluster: {exc}")
        sys.exit(EXIT_BAD_INPUT)
    try:
        yield client.get_executor()
    finally:
        client.close()


def exit_status(entries: list[Entry]) -> int:
    """0 all solved; 2 any bad input or plan that could not be written; else 3 any
    infeasible; else 4 any without a plan."""
    outcomes = {e.outcome for e in entries}
    if outcomes & {"bad input", "not written"}:
        return EXIT_BAD_INPUT
    if "infeasible" in outcomes:
        return EXIT_INFEASIBLE
    if "no plan" in outcomes:
        return EXIT_NO_PLAN
    return EXIT_OK


@cli.command("batch")
@click.argument("scenario_paths", metavar="SCENARIO...", nargs=-1, required=True,
                type=click.Path(dir_okay=False))
@click.option("-d", "--output-dir", type=click.Path(file_okay=False), required=True,
              help="Write DIR/<scenario stem>.json (and its .key sidecar) per scenario.")
@click.option("--jobs", type=click.IntRange(1, 1024), default=None,
              help="Scenarios solved at once [default: cores divided by --workers].")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run on an existing Dask cluster (e.g. tcp://10.0.0.5:8786) instead of a "
                   "local process pool; needs the cluster extra.")
@click.option("--time-limit", type=SECONDS, default=60.0,
              show_default=True, metavar="S", help="Wall-clock limit of each solve.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True,
              help="CP-SAT random seed.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="CP-SAT workers per scenario (default 1).")
@click.option("--json", "as_json", is_flag=True, help="Print the batch summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def batch_command(scenario_paths: tuple[str, ...], output_dir: str, jobs: int | None,
                  scheduler: str | None, time_limit: float, seed: int, workers: int | None,
                  as_json: bool, quiet: bool) -> None:
    """Solve many independent SCENARIO files in parallel, one plan file each.

    A bad file is reported and skipped; the others are still solved and written. A plan
    already written for an unchanged scenario (same content, seed, workers, time limit and
    stridelift version) is kept and not solved again.

    \b
    Examples:
      stridelift batch athletes/*.yaml --output-dir plans/
      stridelift batch athletes/*.yaml --output-dir plans/ --scheduler tcp://sched:8786

    \b
    Exit 0 when every scenario has a plan, 2 when a file was bad or a plan could not be
    written, 3 when a scenario is infeasible (named in the summary), 4 when one found no plan
    within the time limit.
    """
    workers = workers or default_workers()
    check_output_dir(output_dir)
    store = PlanStore(output_dir)
    entries = _load(scenario_paths)
    todo: list[Entry] = []
    for entry in entries:
        if entry.scenario is None:
            continue
        if any(same_file(store.plan_path(entry.stem), given) for given in scenario_paths):
            entry.refuse([Problem(entry.path, "--output-dir", f"its plan "
                                  f"{store.plan_path(entry.stem)} would overwrite a scenario "
                                  "of this batch; write the plans to another folder")])
            continue
        entry.key = content_key(entry.scenario, seed=seed, workers=workers,
                                time_limit=time_limit)
        if store.is_current(entry.stem, entry.key):
            entry.outcome = "unchanged"
        else:
            todo.append(entry)
    started = time.perf_counter()
    if not quiet:
        where = f"on {scheduler}" if scheduler else \
            f"{pool_size(workers, jobs, len(todo))} at a time"
        err(f"solving {len(todo)} of {len(entries)} scenarios ({where}; "
            f"{len(entries) - len(todo)} skipped) ...")

    def done(index: int, result: SolveResult) -> None:
        entry = todo[index]
        entry.result = result
        if result.plan is not None:
            try:
                store.write(entry.stem, result.plan, entry.key)
                entry.outcome = "solved" if result.optimal else "solved (not proven)"
            except OSError as exc:
                err(f"error: {exc.filename or store.plan_path(entry.stem)}: cannot write: "
                    f"{exc.strerror or exc}")
                entry.outcome = "not written"
        else:
            entry.outcome = "infeasible" if result.status == "INFEASIBLE" else "no plan"
        if not quiet:
            finished = sum(1 for e in todo if e.result is not None)
            err(f"  [{finished}/{len(todo)}] {entry.path}: {entry.outcome} "
                f"({result.status}, {result.wall_seconds:.2f} s)")

    with _executor(scheduler) as executor:
        solve_many([e.scenario for e in todo], time_limit=time_limit, seed=seed,
                   workers=workers, jobs=jobs, executor=executor, on_result=done)
    elapsed = time.perf_counter() - started
    if as_json:
        for entry in entries:
            if entry.outcome == "infeasible" and entry.scenario is not None:
                if not quiet:
                    err(f"infeasible: {entry.path}: explaining ...")
                entry.explanation = explain_infeasibility(
                    entry.scenario, label=entry.path, time_limit=time_limit).to_dict()
    status = exit_status(entries)
    counts = {o: sum(1 for e in entries if e.outcome == o) for o in
              dict.fromkeys(e.outcome for e in entries)}
    rate = len(todo) / elapsed * 60 if todo and elapsed > 0 else 0.0
    if as_json:
        click.echo(json.dumps({"exit": status, "seconds": round(elapsed, 3),
                               "plans_per_minute": round(rate, 1), "counts": counts,
                               "scenarios": [e.to_dict(store) for e in entries]}, indent=2))
    else:
        click.echo(tabulate([e.row() for e in entries],
                            headers=["scenario", "outcome", "points", "seconds"]))
        click.echo("total: " + ", ".join(f"{n} {o}" for o, n in counts.items())
                   + f"; {len(todo)} attempted in {elapsed:.1f} s ({rate:.1f} plans/min)")
    infeasible = [e.path for e in entries if e.outcome == "infeasible"]
    if infeasible and not quiet:
        err("infeasible (explain with `stridelift explain FILE`): " + ", ".join(infeasible))
    sys.exit(status)
