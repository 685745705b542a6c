"""Solve many independent athletes in parallel: a process pool here, or any executor.

A platform plans thousands of athletes a night. :func:`solve_many` ships each scenario as plain
data (a JSON-ready mapping) to a worker, which validates it and builds and solves its CP-SAT
model there: no CP-SAT object is ever pickled, so the same call runs on a
:class:`~concurrent.futures.ProcessPoolExecutor` on this machine or on a Dask cluster
(``distributed.Client(address).get_executor()``), or on any other
:class:`concurrent.futures.Executor` a platform passes in.

Each scenario is solved exactly as :func:`optimizer.solve` solves it alone, with the same seed
and worker count, so a plan from a batch is byte for byte the plan of a solo solve
(``solver.wall_seconds`` aside; see the reproducibility notes in :mod:`optimizer.solve`).

Never oversubscribe: pool processes x CP-SAT workers <= cores. :func:`pool_size` chooses the
number of processes from ``os.cpu_count()`` and the CP-SAT worker count; ``jobs`` overrides it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from typing import Any

from models import InputError, Scenario

from .solve import DEFAULT_TIME_LIMIT, SolveResult, check_arguments, default_workers, solve

ResultFn = Callable[[int, SolveResult], None]


def cores() -> int:
    """The cores this machine offers (``os.cpu_count()``, at least 1)."""
    return max(1, os.cpu_count() or 1)


def pool_size(workers: int, jobs: int | None = None, tasks: int | None = None) -> int:
    """How many scenarios to solve at once: ``jobs`` when given, else as many as the cores
    hold with ``workers`` CP-SAT workers each (at least 1), and never more than ``tasks``."""
    size = jobs if jobs is not None else max(1, cores() // max(1, workers))
    if tasks is not None:
        size = min(size, max(1, tasks))
    return max(1, size)


def scenario_payload(scenario: Scenario | dict[str, Any]) -> dict[str, Any]:
    """The plain data shipped to a worker: JSON-ready, so any executor can move it."""
    if isinstance(scenario, Scenario):
        return scenario.model_dump(mode="json", exclude_none=True)
    return scenario


def solve_payload(data: dict[str, Any], time_limit: float | None, seed: int, workers: int,
                  deterministic_limit: float | None = None) -> SolveResult:
    """Runs in the worker: validate the scenario data, build its model there, solve it."""
    scenario = Scenario.from_data(data)
    return solve(scenario, time_limit=time_limit, seed=seed, workers=workers,
                 deterministic_limit=deterministic_limit)


def new_pool(size: int) -> ProcessPoolExecutor:
    """A process pool whose workers start fresh (``spawn``): no CP-SAT or thread state is
    inherited from the caller."""
    return ProcessPoolExecutor(max_workers=size, mp_context=multiprocessing.get_context("spawn"))


def _validated(scenarios: Sequence[Scenario | dict[str, Any] | str | os.PathLike[str]],
               ) -> list[Scenario | dict[str, Any]]:
    """Validate every scenario given as a mapping or a file path before any is solved: one
    :class:`~models.InputError` with every problem of every entry (a mapping labelled
    ``<scenario N>``, N from 0; a file by its name), so one bad entry neither stops the others
    half-way nor hides the next bad one. Files are read here; mappings go to the workers."""
    problems = []
    out: list[Scenario | dict[str, Any]] = []
    for index, scenario in enumerate(scenarios):
        try:
            if isinstance(scenario, dict):
                Scenario.from_data(scenario, label=f"<scenario {index}>")
                out.append(scenario)
            elif isinstance(scenario, (str, os.PathLike)):
                out.append(Scenario.load(scenario))
            elif isinstance(scenario, Scenario):
                out.append(scenario)
            else:
                raise TypeError(f"scenarios[{index}]: expected a Scenario, a mapping or a "
                                f"file path, got {type(scenario).__name__}")
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return out


def solve_many(scenarios: Sequence[Scenario | dict[str, Any] | str | os.PathLike[str]], *,
               time_limit: float | None = DEFAULT_TIME_LIMIT, seed: int = 0,
               workers: int | None = None, jobs: int | None = None,
               executor: Executor | None = None, deterministic_limit: float | None = None,
               on_result: ResultFn | None = None) -> list[SolveResult]:
    """Solve independent scenarios in parallel; the results come back in input order.

    Parameters
    ----------
    scenarios
        Validated scenarios, scenario mappings or file paths: all validated before any is
        solved (an :class:`~models.InputError` names every problem, a mapping as
        ``<scenario N>``).
    time_limit, seed, workers, deterministic_limit
        As for :func:`optimizer.solve`, the same for every scenario.
    jobs
        Scenarios solved at once by the default process pool; by default
        ``cores // workers`` (:func:`pool_size`), so the machine is never oversubscribed.
    executor
        Any :class:`concurrent.futures.Executor`: a process pool by default (none at all for
        a single job), ``distributed.Client(address).get_executor()`` for a Dask cluster.
        An executor passed in is not shut down.
    on_result
        Called with ``(index, result)`` as each scenario finishes (in completion order), for
        progress reports.
    """
    workers = workers or default_workers()
    check_arguments(time_limit=time_limit, seed=seed, workers=workers)
    payloads = [scenario_payload(sc) for sc in _validated(scenarios)]
    results: list[SolveResult | None] = [None] * len(payloads)
    args = (time_limit, seed, workers, deterministic_limit)
    size = pool_size(workers, jobs, len(payloads))
    if executor is None and size == 1:
        for index, data in enumerate(payloads):
            results[index] = solve_payload(data, *args)
            if on_result is not None:
                on_result(index, results[index])
        return [r for r in results if r is not None]
    own = executor is None
    pool = new_pool(size) if executor is None else executor
    try:
        futures: dict[Future[SolveResult], int] = {
            pool.submit(solve_payload, data, *args): index for index, data in enumerate(payloads)}
        for future in as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            if on_result is not None:
                on_result(index, results[index])
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)
    return [r for r in results if r is not None]
