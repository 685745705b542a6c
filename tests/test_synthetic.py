"""Synthetic athletes are reproducible, valid and plannable."""

from optimizer import solve
from optimizer.synthetic import synthetic_data, synthetic_scenario


def test_same_seed_same_scenario():
    assert synthetic_data(7, 24) == synthetic_data(7, 24)
    assert synthetic_data(7, 24) != synthetic_data(8, 24)


def test_generated_athletes_are_plannable():
    # Trips, tune-up races and gym days are placed so that every generated athlete has a plan
    # (bench and batch measure solving, not infeasibility).
    for seed in range(30):
        result = solve(synthetic_scenario(seed, weeks=16), time_limit=20)
        assert result.optimal, (seed, result.status)


def test_variety_of_levels_and_distances():
    data = [synthetic_data(seed, 24) for seed in range(40)]
    assert {d["athlete"]["strength_level"] for d in data} == {"novice", "intermediate",
                                                              "advanced"}
    assert len({d["race"]["distance"] for d in data}) >= 5
    assert any(d["availability"].get("unavailable") for d in data)
    assert any("coach" in d for d in data)
