"""stridelift's optimizer: calendar, CP-SAT model, rules, solving, checking.

>>> from models import Scenario
>>> from optimizer import solve
>>> result = solve(Scenario.load("scenarios/novice-marathon.yaml"), time_limit=10, seed=0)  # doctest: +SKIP
>>> result.plan.days[0].sessions  # doctest: +SKIP
"""

from .batch import solve_many
from .calendar import Calendar
from .check import Violation, check, evaluate_score, split_logged
from .explain import Explanation, explain_infeasibility
from .explain_day import DayExplanation, explain_day
from .greedy import GreedyResult, greedy
from .model import PlanModel
from .replan import ReplanResult, replan
from .solve import SolveResult, solve
from .squad_check import check_squad
from .squad_solve import SquadResult, solve_squad

__all__ = ["Calendar", "DayExplanation", "Explanation", "GreedyResult", "PlanModel",
           "ReplanResult", "SolveResult", "SquadResult", "Violation", "check", "check_squad",
           "evaluate_score", "explain_day", "explain_infeasibility", "greedy", "replan", "solve",
           "solve_many", "solve_squad", "split_logged"]
