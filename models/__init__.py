"""stridelift's data: scenario, plan and their file formats. No solver code lives here.

>>> from models import Scenario
>>> scenario = Scenario.load("scenarios/novice-marathon.yaml")  # doctest: +SKIP
"""

from .errors import InputError, Problem
from .log import TrainingLog, load_log, log_from_data
from .plan import PLAN_FORMAT, Day, Exercise, Plan, Prescription, Session, SolverInfo
from .rulebook import HARD_RULES, RULES, SOFT_RULES
from .scenario import Athlete, Availability, Coach, Race, Rules, Running, Scenario, Weights
from .squad import Gym, Squad, SquadFile
from .vocabulary import GYM_KINDS, KINDS, Kind, Phase, Placement, RunKind, Slot, Weekday

__all__ = [
    "GYM_KINDS", "HARD_RULES", "KINDS", "PLAN_FORMAT", "RULES", "SOFT_RULES",
    "Athlete", "Availability", "Coach", "Day", "Exercise", "InputError", "Kind", "Phase",
    "Placement", "Plan", "Prescription", "Problem", "Race", "Rules", "RunKind", "Running",
    "Scenario", "Session", "Slot", "SolverInfo", "Gym", "Squad", "SquadFile", "TrainingLog",
    "Weekday", "Weights", "load_log", "log_from_data",
]
