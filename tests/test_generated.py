"""Generated scenarios: every plan the solver writes keeps every hard rule.

The check is the plain-Python evaluation in ``optimizer.check``, written apart from the model,
so a bug in either shows up here as a disagreement.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Scenario
from optimizer import check, evaluate_score, solve

from .strategies import scenarios


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=scenarios(), seed=st.integers(0, 3))
def test_generated_plans_keep_every_hard_rule(data, seed):
    scenario = Scenario.from_data(data)
    result = solve(scenario, time_limit=20, seed=seed)
    assert result.status in ("OPTIMAL", "FEASIBLE", "INFEASIBLE"), result.status
    if result.plan is None:
        return
    assert check(scenario, result.plan) == []
    score = evaluate_score(scenario, result.plan)
    assert score == result.plan.score
    assert abs(sum(score.values()) - result.objective) < 1e-6
