"""Benchmarks: seeded synthetic athletes (and squads), each run in a fresh process.

``stridelift bench`` measures what a coach or a platform waits for: for each plan length, a
synthetic athlete (:mod:`optimizer.synthetic`, reproducible from the seed) is planned
``repeat`` times, each time in a new process, and the median of every measure is reported:

* the model's size before presolve (variables, constraints);
* the seconds to build the model, to run the greedy warm start, to CP-SAT's first plan and to
  the end of the search (a proven optimum, or the gap when the time limit came first), and the
  whole ``solve()`` call end to end;
* the greedy plan's objective as a fraction of the optimum (:mod:`optimizer.greedy`): the
  median and the worst over the runs where the greedy planner found a plan, and how many runs
  it found none in (it cannot go back on a week, so a missed floor ends it);
* the process's peak resident memory (``ru_maxrss``: interpreter, OR-Tools and the solve).

With ``athletes`` above 1, each size plans that many athletes (seeds ``seed``, ``seed + 1``,
...) and the medians run over all of them; the slowest run is shown too, since one athlete's
easy plan says little about the next one's.

A fresh process per run keeps one run's memory and caches out of the next, so the peak is the
run's own. Runs go one after the other: a benchmark that shares the cores measures nothing.
The JSON document (``stridelift.bench/1``) has sorted keys and fixed fields, so it can be kept
and compared over time; its ``machine`` block says where it was measured.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

BENCH_FORMAT = "stridelift.bench/1"
DEFAULT_SIZES = (12, 24, 52, 104)
DEFAULT_REPEAT = 3
DEFAULT_TIME_LIMIT = 60.0
SQUAD_WEEKS = 24

Measure = dict[str, Any]
ProgressFn = Callable[[str], None]


def peak_mib() -> float:
    """The peak resident memory in MiB of this process or of the largest process it waited
    for (a squad's solo solves run in a pool); Linux reports ``ru_maxrss`` in KiB."""
    peak = max(resource.getrusage(who).ru_maxrss
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return peak / (1024 * 1024) if platform.system() == "Darwin" else peak / 1024


def measure_athlete(weeks: int, seed: int, time_limit: float, workers: int) -> Measure:
    """One run, in the calling process: plan synthetic athlete ``seed`` over ``weeks`` weeks."""
    from .greedy import greedy as greedy_plan
    from .solve import solve
    from .synthetic import synthetic_scenario

    scenario = synthetic_scenario(seed, weeks)
    started = time.perf_counter()
    result = solve(scenario, time_limit=time_limit, seed=0, workers=workers)
    total = time.perf_counter() - started
    baseline = greedy_plan(scenario)  # after the solve: the peak memory is the solve's own
    greedy = baseline.objective
    return {
        "scenario": scenario.name, "status": result.status,
        "variables": result.variables, "constraints": result.constraints,
        "objective": result.objective, "best_bound": result.best_bound, "gap": result.gap,
        "build_seconds": result.build_seconds, "greedy_seconds": result.greedy_seconds,
        "first_feasible_seconds": result.first_solution_seconds,
        "search_seconds": result.wall_seconds, "total_seconds": total,
        "greedy_objective": greedy, "greedy_plan_seconds": baseline.seconds,
        "greedy_reason": baseline.reason,
        "greedy_fraction": (greedy / result.objective
                            if greedy is not None and result.objective else None),
        "peak_mib": peak_mib(),
    }


def squad_capacities(athletes: int) -> tuple[int, int]:
    """The bench squad's gym and coach capacity: about a quarter and a fifth of the group
    (2/2 for 4 athletes, 4/3 for 12, 8/6 for 30), so that the athletes share (H18) without the
    squad being unplannable."""
    return max(2, athletes // 4 + 1), max(2, math.ceil(athletes / 5))


def measure_squad(athletes: int, seed: int, time_limit: float, workers: int) -> Measure:
    """One run: a squad of ``athletes`` synthetic athletes over :data:`SQUAD_WEEKS` weeks that
    share a coach (weekday afternoons and Saturday) and a gym. The solo solves run in a pool
    of processes as ``stridelift squad`` runs them (cores / workers)."""
    from models import Scenario, Squad

    from .squad_solve import solve_squad
    from .synthetic import synthetic_data

    gym, coach = squad_capacities(athletes)
    scenarios = []
    for number in range(seed, seed + athletes):
        data = synthetic_data(number, SQUAD_WEEKS, name=f"athlete {number}")
        data.pop("coach", None)  # the squad's coach is the one coach (H17, H18)
        scenarios.append(Scenario.from_data(data, label=f"<synthetic {number}>"))
    slots = {day: ["pm"] for day in ("mon", "tue", "wed", "thu", "fri")} | {"sat": ["am", "pm"]}
    squad = Squad.of(f"bench squad of {athletes}", scenarios,
                     coach={"slots": slots, "capacity": coach}, gym={"capacity": gym})
    started = time.perf_counter()
    result = solve_squad(squad, time_limit=time_limit, seed=0, workers=workers, explain=False)
    total = time.perf_counter() - started
    worst = result.worst
    return {
        "scenario": squad.name, "status": result.status,
        "gym_capacity": gym, "coach_capacity": coach,
        "variables": result.variables, "constraints": result.constraints,
        "objective": result.objective, "best_bound": result.best_bound, "gap": result.gap,
        "solo_seconds": result.solo_seconds, "greedy_seconds": result.greedy_seconds,
        "first_feasible_seconds": result.first_solution_seconds,
        "search_seconds": result.wall_seconds, "total_seconds": total,
        "worst_share_per_mille": result.worst_share,
        "worst_price_of_sharing": worst.price if worst else None,
        "peak_mib": peak_mib(),
    }


def _in_fresh_process(fn: Callable[..., Measure], *args: Any) -> Measure:
    """Run ``fn(*args)`` in a new (spawned) process and return what it measured."""
    with ProcessPoolExecutor(max_workers=1,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _median(values: Sequence[Any]) -> Any:
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numbers) != len(values) or not numbers:
        return values[0] if values and len(set(map(str, values))) == 1 else None
    return statistics.median(numbers)


@dataclass
class BenchRow:
    """One size: every run's measures and their medians."""

    kind: str  # "athlete" or "squad"
    size: int  # weeks for an athlete, athletes for a squad
    runs: list[Measure] = field(default_factory=list)

    @property
    def median(self) -> Measure:
        keys = sorted({k for run in self.runs for k in run})
        out = {k: _median([run.get(k) for run in self.runs]) for k in keys}
        statuses = sorted({run["status"] for run in self.runs})
        out["status"] = "/".join(statuses)
        out["optimal_runs"] = sum(run["status"] == "OPTIMAL" for run in self.runs)
        if self.kind == "athlete":
            fractions = [run["greedy_fraction"] for run in self.runs
                         if run.get("greedy_fraction") is not None]
            out["greedy_fraction"] = statistics.median(fractions) if fractions else None
            out["greedy_fraction_worst"] = min(fractions) if fractions else None
            out["greedy_no_plan_runs"] = len(self.runs) - len(fractions)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "size": self.size, "median": _rounded(self.median),
                "runs": [_rounded(run) for run in self.runs]}


def _rounded(measure: Measure) -> Measure:
    """Seconds to milliseconds, fractions to 4 places, MiB to 1: stable, readable JSON."""
    out = {}
    for key, value in measure.items():
        if isinstance(value, float):
            places = 1 if key.endswith("mib") else 4 if key.endswith(("fraction", "gap")) else 3
            value = round(value, places)
        out[key] = value
    return out


@dataclass
class BenchReport:
    """Everything ``stridelift bench`` measured."""

    seed: int
    repeat: int
    athletes: int
    time_limit: float
    workers: int
    rows: list[BenchRow]

    def machine(self) -> dict[str, Any]:
        from ortools import __version__ as ortools_version

        return {"cores": os.cpu_count(), "python": platform.python_version(),
                "ortools": ortools_version, "platform": platform.platform(terse=True)}

    def to_dict(self) -> dict[str, Any]:
        return {"format": BENCH_FORMAT, "seed": self.seed, "repeat": self.repeat,
                "athletes": self.athletes,
                "time_limit": self.time_limit, "workers": self.workers,
                "machine": self.machine(), "rows": [row.to_dict() for row in self.rows]}

    def table(self) -> str:
        """The medians as tables (tabulate's ``github`` format, for README.md too): one for
        athletes, one for squads."""
        from tabulate import tabulate

        athletes = [row for row in self.rows if row.kind == "athlete"]
        squads = [row for row in self.rows if row.kind == "squad"]
        out = []
        if athletes:
            head = ["size", "variables", "constraints", "first plan s", "search s", "total s",
                    "slowest s", "result", "greedy / optimum", "worst greedy", "peak MiB"]
            lines = []
            for row in athletes:
                m = row.median
                lines.append([f"{row.size} weeks", _fmt(m["variables"], "{:.0f}"),
                              _fmt(m["constraints"], "{:.0f}"),
                              _fmt(m.get("first_feasible_seconds"), "{:.2f}"),
                              _fmt(m["search_seconds"], "{:.2f}"),
                              _fmt(m["total_seconds"], "{:.2f}"),
                              f"{max(run['total_seconds'] for run in row.runs):.2f}",
                              _result(row), _greedy(m),
                              _fmt(m.get("greedy_fraction_worst"), "{:.1%}"),
                              _fmt(m["peak_mib"], "{:.0f}")])
            out.append(_table(tabulate, head, lines))
        if squads:
            head = ["squad", "gym / coach", "variables", "solo s", "first joint plan s",
                    "joint search s", "result", "worst share", "worst price", "peak MiB"]
            lines = []
            for row in squads:
                m = row.median
                lines.append([f"{row.size} athletes, {SQUAD_WEEKS} weeks",
                              f"{m['gym_capacity']} / {m['coach_capacity']}",
                              _fmt(m["variables"], "{:.0f}"), _fmt(m["solo_seconds"], "{:.2f}"),
                              _fmt(m.get("first_feasible_seconds"), "{:.2f}"),
                              _fmt(m["search_seconds"], "{:.2f}"), _result(row),
                              _fmt(m.get("worst_share_per_mille"), "{:.0f} ‰"),
                              _fmt(m.get("worst_price_of_sharing"), "{:g} points"),
                              _fmt(m["peak_mib"], "{:.0f}")])
            out.append(_table(tabulate, head, lines))
        return "\n\n".join(out)


def _table(tabulate: Callable[..., str], head: list[str], lines: list[list[str]]) -> str:
    return tabulate(lines, head, tablefmt="github", disable_numparse=True,
                    colalign=("left",) + ("right",) * (len(head) - 1))


def _fmt(value: Any, pattern: str) -> str:
    return "-" if value is None else pattern.format(value)


def _greedy(median: Measure) -> str:
    """The median greedy objective over the runs where the greedy planner found a plan, and
    how many runs it found none in (it stops at the first floor it misses)."""
    text = _fmt(median.get("greedy_fraction"), "{:.1%}")
    failed = median.get("greedy_no_plan_runs")
    return f"{text} ({failed} no plan)" if failed else text


def _result(row: BenchRow) -> str:
    n = len(row.runs)
    optimal = sum(run["status"] == "OPTIMAL" for run in row.runs)
    if optimal == n:
        return f"optimal {n}/{n}"
    gaps = [run["gap"] for run in row.runs if run.get("gap") is not None]
    gap = f", gap {statistics.median(gaps):.2%}" if gaps else ""
    return f"optimal {optimal}/{n}{gap}"


def bench(sizes: Sequence[int] = DEFAULT_SIZES, *, repeat: int = DEFAULT_REPEAT, seed: int = 0,
          athletes: int = 1, time_limit: float = DEFAULT_TIME_LIMIT, workers: int = 1,
          squads: Sequence[int] = (), progress: ProgressFn | None = None) -> BenchReport:
    """Measure ``athletes`` synthetic athletes (seeds ``seed``, ``seed + 1``, ...) per plan
    length in ``sizes`` (weeks) and one synthetic squad per size in ``squads`` (athletes),
    each ``repeat`` times in a fresh process, one run after the other."""
    rows = []
    plan = [("athlete", n, measure_athlete, athletes) for n in sizes]
    plan += [("squad", n, measure_squad, 1) for n in squads]
    for kind, size, fn, count in plan:
        row = BenchRow(kind, size)
        for number in range(seed, seed + count):
            for run in range(1, repeat + 1):
                measured = _in_fresh_process(fn, size, number, time_limit, workers)
                measured["seed"] = number
                row.runs.append(measured)
                if progress is not None:
                    what = f"{size} weeks" if kind == "athlete" else f"{size} athletes"
                    progress(f"{kind} seed {number}, {what}: run {run}/{repeat}: "
                             f"{measured['status']} in {measured['total_seconds']:.2f} s, "
                             f"peak {measured['peak_mib']:.0f} MiB")
        rows.append(row)
    return BenchReport(seed, repeat, athletes, time_limit, workers, rows)
