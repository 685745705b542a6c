"""stridelift's optimizer: calendar, CP-SAT model, rules, solving, checking.

>>> from models import Scenario
>>> from optimizer import solve
>>> result = solve(Scenario.load("scenarios/novice-marathon.yaml"), time_limit=10, seed=0)  # doctest: +SKIP
>>> result.plan.days[0].sessions  # doctest: +SKIP
"""

from .calendar import Calendar
from .check import Violation, check, evaluate_score
from .model import PlanModel
from .solve import SolveResult, solve

__all__ = ["Calendar", "PlanModel", "SolveResult", "Violation", "check", "evaluate_score",
           "solve"]
