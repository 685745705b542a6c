"""Batch: many athletes in parallel give the plans of solo solves, byte for byte."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from models import Plan
from optimizer import solve, solve_many
from optimizer import batch as batch_module
from optimizer.batch import pool_size
from optimizer.cli import cli
from optimizer.synthetic import synthetic_data, synthetic_scenario

from .conftest import BASE

SEEDS = (0, 1, 2, 3)


def without_wall_time(plan: Plan) -> str:
    data = json.loads(plan.to_json())
    data["solver"].pop("wall_seconds")
    return json.dumps(data, sort_keys=True)


@pytest.fixture(scope="module")
def alone():
    """Each scenario solved on its own: the reference plans."""
    scenarios = [synthetic_scenario(seed, weeks=8) for seed in SEEDS]
    return scenarios, [without_wall_time(solve(sc, time_limit=30, seed=5).plan)
                       for sc in scenarios]


def test_process_pool_gives_the_solo_plans_in_input_order(alone):
    scenarios, reference = alone
    finished = []
    results = solve_many(scenarios, time_limit=30, seed=5, jobs=2,
                         on_result=lambda i, r: finished.append(i))
    assert [without_wall_time(r.plan) for r in results] == reference
    assert sorted(finished) == list(range(len(SEEDS)))


def test_dask_local_cluster_gives_the_solo_plans(alone):
    distributed = pytest.importorskip("distributed")
    scenarios, reference = alone
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        results = solve_many([sc.model_dump(mode="json") for sc in scenarios], time_limit=30,
                             seed=5, executor=client.get_executor())
    assert [without_wall_time(r.plan) for r in results] == reference


def test_pool_never_oversubscribes_the_cores(monkeypatch):
    monkeypatch.setattr(batch_module.os, "cpu_count", lambda: 8)
    assert pool_size(workers=1) == 8
    assert pool_size(workers=2) == 4
    assert pool_size(workers=16) == 1
    assert pool_size(workers=1, tasks=3) == 3
    assert pool_size(workers=2, jobs=6) == 6  # --jobs overrides


def write(tmp_path, name, data):
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_batch_skips_a_bad_file_solves_the_rest_and_keeps_unchanged_plans(tmp_path):
    good = [write(tmp_path, f"athlete-{s}", synthetic_data(s, weeks=6)) for s in (0, 1)]
    bad = write(tmp_path, "broken", {**BASE, "athlete": {"name": "x", "body_mass_kg": -1}})
    out = tmp_path / "plans"
    args = ["batch", *map(str, good), str(bad), "--output-dir", str(out), "--jobs", "1"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 2, first.output
    assert "broken.yaml:" in first.stderr and "body_mass_kg" in first.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "athlete-0.json", "athlete-0.json.key", "athlete-1.json", "athlete-1.json.key"]
    reference = solve(synthetic_scenario(0, weeks=6), time_limit=60, seed=0).plan
    assert without_wall_time(Plan.load(out / "athlete-0.json")) == without_wall_time(reference)
    assert "2 solved, 1 bad input; 2 attempted" in first.stdout
    stamp = (out / "athlete-0.json").stat().st_mtime_ns

    good[1].write_text(yaml.safe_dump(synthetic_data(1, weeks=7), sort_keys=False))
    again = CliRunner().invoke(cli, ["batch", *map(str, good), "-d", str(out), "--jobs", "1",
                                     "--json"])
    assert again.exit_code == 0, again.output
    outcomes = {s["path"]: s["outcome"] for s in json.loads(again.stdout)["scenarios"]}
    assert outcomes == {str(good[0]): "unchanged", str(good[1]): "solved"}
    assert (out / "athlete-0.json").stat().st_mtime_ns == stamp
    # A different seed is a different plan: solved again.
    seeded = CliRunner().invoke(cli, ["batch", str(good[0]), "-d", str(out), "--seed", "1",
                                      "--jobs", "1", "-q"])
    assert seeded.exit_code == 0 and "solved" in seeded.stdout


def test_batch_names_an_infeasible_scenario_and_exits_3(tmp_path):
    ok = write(tmp_path, "ok", synthetic_data(0, weeks=6))
    stuck = write(tmp_path, "stuck", {**BASE, "athlete": {**BASE["athlete"],
                                                          "established": ["lift"]},
                                      "availability": {"gym_days": []}})
    result = CliRunner().invoke(cli, ["batch", str(ok), str(stuck), "-d", str(tmp_path / "o"),
                                      "--jobs", "1"])
    assert result.exit_code == 3
    assert "infeasible" in result.stdout and str(stuck) in result.stderr
    assert (tmp_path / "o" / "ok.json").exists() and not (tmp_path / "o" / "stuck.json").exists()


def test_batch_runs_on_a_dask_scheduler_address(tmp_path):
    distributed = pytest.importorskip("distributed")
    path = write(tmp_path, "athlete", synthetic_data(2, weeks=6))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = CliRunner().invoke(cli, ["batch", str(path), "-d", str(tmp_path / "o"),
                                          "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert f"on {cluster.scheduler_address}" in result.stderr
    plan = Plan.load(tmp_path / "o" / "athlete.json")
    assert without_wall_time(plan) == without_wall_time(
        solve(synthetic_scenario(2, weeks=6), time_limit=60).plan)
