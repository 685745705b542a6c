"""The smallest end-to-end path: a tiny scenario solves to an optimal plan."""

from optimizer import solve

from .conftest import make_scenario


def test_tiny_scenario_solves_to_optimal_plan():
    result = solve(make_scenario(), time_limit=20)
    assert result.status == "OPTIMAL"
    assert result.plan is not None
    assert len(result.plan.days) == 28
