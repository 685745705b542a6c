"""A coach's greedy plan: fill the template week by week, keeping every hard rule.

This is how a coach plans by hand, and it is two things for stridelift: the **baseline** the
optimum is measured against (``stridelift bench`` reports the greedy objective as a fraction
of the optimum), and the **warm start** of every solve (its sessions are CP-SAT's solution
hint, :func:`optimizer.solve.solve`).

The planner walks the weeks in order. In each week it tries the possible sessions best first
— a session's worth is what the objective gives it alone (S1 stimulus, S2 and S3 by its day,
with the scenario's weights), gym sessions before everything else because the week's other
sessions are fitted around the gym day (H4, H5, H8, H11), then plyo at the end of the gym
session, hills, other plyo and conditioning — and keeps each one that breaks no hard rule
given what is already planned. Rules that hold for one session alone (H2-H4, H7, H9's dates
and gym days, H15, H16's taper days) are read from the model's own list of forbidden sessions;
the rules between sessions (H1, H5, H6, H8, H9's minutes, H10, H12-H14, H16's taper count, H17)
are evaluated here in plain Python. A kind is introduced in the first week the rules allow it,
and ``lift`` only when every later week can hold the gym session H11 will then ask for.

The weekly floors (H10, H11) are checked when a week is filled. If one is missed the planner
stops and says which rule, week and dates: a greedy plan has no way back, which is the point
of the comparison. A plan it does find is completed by CP-SAT with every session fixed (that
only sets the objective's auxiliary variables) and then checked by the independent checker.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models import Plan, Scenario
from models.plan import SolverInfo, number
from models.scenario import as_scenario
from models.vocabulary import GYM_KINDS, Kind, Placement

from .context import SCALE
from .extract import extract_plan
from .model import PlanModel
from .rules.day import AFTER_GYM
from .rules.progression import SUPERVISED_KINDS, TAPER_SESSIONS, supervision_active
from .rules.week import BAND_MAX, band_floor, gym_week_excused
from .solve import SessionKey, configure, with_scenario_notes
from .variables import SessionVar

KIND_ORDER = (Kind.LIFT, Kind.POWER, Kind.PLYO, Kind.HILLS, Kind.SNC)
"""The order a coach fills a week in: the gym day first, then what fits around it."""
PLACEMENT_ORDER = (Placement.GYM, Placement.WARMUP, Placement.AFTER_RUN, Placement.STANDALONE)
"""Plyo first at the end of the gym session (light, H14's entry), then inside a quality run's
warm-up (neither counts as a session, H1), then after an easy run, then on its own."""


@dataclass
class GreedyResult:
    """The greedy planner's outcome: a checked plan, or the reason it found none."""

    plan: Plan | None
    objective: float | None
    seconds: float
    reason: str | None = None
    sessions: frozenset[SessionKey] = frozenset()

    @property
    def found(self) -> bool:
        return self.plan is not None


class GreedyPlanner:
    """Week-by-week template filling over one athlete's :class:`PlanModel` (see the module)."""

    def __init__(self, pm: PlanModel):
        self.pm = pm
        self.cal = pm.calendar
        self.rules = pm.scenario.rules
        self.new_kinds = set(pm.vars.new_kinds)
        self.chosen: list[list[SessionVar]] = [[] for _ in self.cal.days]
        self.intro: dict[Kind, int] = {}
        self.worth = self._worth()
        self.minutes = pm.ctx.minutes
        self.supervised = supervision_active(pm.ctx) and self.rules.supervised_weeks > 0
        self.near_race = {w.number for w in self.cal.weeks_near_race(
            self.rules.no_new_kinds_weeks)}
        self.last_days = {d.index for d in self.cal.days if 1 <= d.days_to_race <= 7}
        self.lift_from = self._earliest_lift_week()

    # -- what a session is worth, and which weeks can keep lifting ----------------------------

    def _worth(self) -> dict[SessionVar, int]:
        """The objective's points for a session on its own (S1-S3, weighted)."""
        worth: dict[SessionVar, int] = {}
        for term in self.pm.terms:
            if len(term.sessions) == 1:
                sv = term.sessions[0]
                worth[sv] = worth.get(sv, 0) + self.pm.ctx.coefficient(term)
        return worth

    def possible(self, sv: SessionVar) -> bool:
        return sv not in self.pm.ctx.forbidden

    def _earliest_lift_week(self) -> int:
        """The first week after the last banded week that could never hold a gym session: a
        coach does not start lifting before a week where H11 could not be kept."""
        blocked = 0
        for week in self.cal.banded_weeks:
            if gym_week_excused(self.cal, week):
                continue
            if not any(self.possible(sv) for sv in self.pm.vars.select(
                    week=week.number, kinds=GYM_KINDS)):
                blocked = week.number
        return blocked + 1

    # -- the state ----------------------------------------------------------------------------

    def started(self, kind: Kind, week: int) -> bool:
        """``kind`` established, or introduced in ``week`` or before."""
        if kind not in self.new_kinds:
            return True
        return kind in self.intro and self.intro[kind] <= week

    def count(self, days: Iterable[int], kinds: Iterable[Kind] | None = None,
              counted: bool | None = None) -> int:
        wanted = set(kinds) if kinds is not None else None
        return sum(1 for d in days if 0 <= d < len(self.chosen) for sv in self.chosen[d]
                   if (wanted is None or sv.kind in wanted)
                   and (counted is None or sv.counted is counted))

    # -- the rules between sessions -----------------------------------------------------------

    def fits(self, sv: SessionVar) -> bool:
        """Whether ``sv`` can join the plan as it stands without breaking a hard rule."""
        if not self.possible(sv):
            return False
        d, week = sv.day.index, sv.week
        day = self.chosen[d]
        week_days = self.cal.week(week).days
        # H1: one counted session a day, one plyo a day, gym plyo with its gym session.
        if sv.counted and any(s.counted for s in day):
            return False
        if sv.kind is Kind.PLYO:
            if any(s.kind is Kind.PLYO for s in day):
                return False
            if sv.placement is Placement.GYM and not any(
                    s.is_gym and s.slot is sv.slot for s in day):
                return False
            # H6: no plyo on consecutive days.
            if self.count((d - 1, d + 1), (Kind.PLYO,)):
                return False
        # H5: nothing hard the day after a gym session.
        if sv.is_gym and (self.count((d,), GYM_KINDS) or self.count((d + 1,), AFTER_GYM)):
            return False
        if sv.kind in AFTER_GYM and self.count((d - 1,), GYM_KINDS):
            return False
        # H8: hills once a week, never the day before a gym session.
        if "H8" not in self.rules.disable:
            if sv.kind is Kind.HILLS and (self.count(week_days, (Kind.HILLS,))
                                          or self.count((d + 1,), GYM_KINDS)):
                return False
            if sv.is_gym and self.count((d - 1,), (Kind.HILLS,)):
                return False
        # H9: the day's minutes within the budget.
        most = sum(self.minutes.most(s.kind, s.placement, s.week) for s in (*day, sv))
        if most > self.pm.scenario.availability.daily_strength_minutes:
            return False
        if sv.counted:
            # H10's ceiling, and H16's light last week.
            if self.count(week_days, counted=True) >= BAND_MAX:
                return False
            if ("H16" not in self.rules.disable and d in self.last_days
                    and self.count(self.last_days, counted=True) >= TAPER_SESSIONS):
                return False
        return self._caps_allow(sv, week_days) and self._progression_allows(sv)

    def _caps_allow(self, sv: SessionVar, week_days: Iterable[int]) -> bool:
        """H12: the weekly caps of each kind and of gym sessions."""
        r = self.rules
        week_days = tuple(week_days)
        if sv.kind is Kind.LIFT:
            cap = 1
            if r.max_lifts_per_week > 1 and self.started(Kind.LIFT,
                                                         sv.week - r.single_lift_weeks):
                cap = r.max_lifts_per_week
            if self.count(week_days, (Kind.LIFT,)) >= cap:
                return False
        caps = {Kind.SNC: r.max_snc_per_week, Kind.PLYO: r.max_plyo_per_week,
                Kind.POWER: r.max_power_per_week}
        if sv.kind in caps and self.count(week_days, (sv.kind,)) >= caps[sv.kind]:
            return False
        return not (sv.is_gym and self.count(week_days, GYM_KINDS) >= r.gym_cap)

    def _progression_allows(self, sv: SessionVar) -> bool:
        """H13 and H14 for a kind's first week, H14's plyo entry, and H17."""
        r = self.rules
        kind, week = sv.kind, sv.week
        if kind in self.new_kinds and kind not in self.intro and not self._may_introduce(
                kind, week):
            return False
        if (kind is Kind.PLYO and kind in self.new_kinds and r.plyo_gym_weeks > 0
                and sv.placement is not Placement.GYM
                and not self.started(kind, week - r.plyo_gym_weeks)):
            return False
        return not (self.supervised and kind in SUPERVISED_KINDS and kind in self.new_kinds
                    and sv.slot not in sv.day.coach_slots
                    and not self.started(kind, week - r.supervised_weeks))

    def _may_introduce(self, kind: Kind, week: int) -> bool:
        """H13: not close to the race, and ``intro_gap_weeks`` from any other new kind; H14:
        after its prerequisite's weeks; and lifting only when it can be kept up (H11)."""
        r = self.rules
        if week in self.near_race:
            return False
        if any(abs(week - w) < r.intro_gap_weeks for k, w in self.intro.items() if k != kind):
            return False
        if kind is Kind.LIFT and week < self.lift_from:
            return False
        for later, before, weeks in ((Kind.LIFT, Kind.SNC, r.snc_weeks_before_lift),
                                     (Kind.POWER, Kind.LIFT, r.lift_weeks_before_power),
                                     (Kind.HILLS, Kind.SNC, 1)):
            if kind is later and before in self.new_kinds and not self.started(
                    before, week - max(weeks, 1)):
                return False
        return True

    # -- filling ------------------------------------------------------------------------------

    def _order(self, sv: SessionVar) -> tuple[int, int, int, int]:
        placement = PLACEMENT_ORDER.index(sv.placement) if sv.kind is Kind.PLYO else 0
        return (KIND_ORDER.index(sv.kind), placement, -self.worth.get(sv, 0), sv.day.index)

    def add(self, sv: SessionVar) -> None:
        self.chosen[sv.day.index].append(sv)
        if sv.kind in self.new_kinds:
            self.intro.setdefault(sv.kind, sv.week)

    def fill_week(self, number: int) -> None:
        candidates = sorted((sv for sv in self.pm.vars.select(week=number)
                             if self.possible(sv) and self.worth.get(sv, 0) > 0),
                            key=self._order)
        for sv in candidates:
            if self.fits(sv):
                self.add(sv)

    def missed_floor(self, number: int) -> str | None:
        """H10's and H11's floors for a filled week, in words, or ``None`` when both hold."""
        week = self.cal.week(number)
        if week not in self.cal.banded_weeks:
            return None
        first, last = self.cal.days[week.first].date, self.cal.days[week.days[-1]].date
        dates = f"week {number} ({first}..{last})"
        begun = len(self.new_kinds) < len(Kind) or bool(self.intro)
        floor = band_floor(self.cal, week)
        if begun and self.count(week.days, counted=True) < floor:
            return (f"H10: {dates} holds fewer than {floor} strength sessions once the days "
                    "around the quality runs and the gym day are taken")
        if (not gym_week_excused(self.cal, week) and self.started(Kind.LIFT, number)
                and not self.count(week.days, GYM_KINDS)):
            return f"H11: {dates} has no day left for its gym session"
        return None

    def run(self) -> str | None:
        """Fill every week; the reason for stopping, or ``None`` when the plan is complete."""
        for week in self.cal.weeks:
            self.fill_week(week.number)
            reason = self.missed_floor(week.number)
            if reason is not None:
                return reason
        return None

    def sessions(self) -> set[SessionKey]:
        return {(sv.day.date, sv.kind, sv.placement, sv.slot)
                for day in self.chosen for sv in day}


def greedy_sessions(pm: PlanModel) -> tuple[set[SessionKey], str | None]:
    """The greedy planner's sessions for ``pm`` and, when it got stuck, why."""
    planner = GreedyPlanner(pm)
    reason = planner.run()
    return planner.sessions(), reason


GREEDY_NOTE = "greedy plan: filled week by week as a coach would, not optimised"
"""The first note of a greedy plan (:func:`greedy`)."""

COMPLETION_WORK_UNITS = 10.0
"""Deterministic work allowed to complete a greedy plan (every session fixed): presolve
settles it, so this is never reached in practice, and the completion repeats exactly."""


def greedy(scenario: Scenario, *, seed: int = 0) -> GreedyResult:
    """Plan ``scenario`` the way a coach fills a template (see the module docstring).

    Returns a :class:`GreedyResult` whose ``plan`` passes :func:`optimizer.check` and whose
    ``objective`` is in the optimizer's points, or ``plan=None`` with the ``reason``.
    """
    started = time.perf_counter()
    scenario = as_scenario(scenario)
    held, reason = greedy_sessions(PlanModel(scenario))
    if reason is not None:
        return GreedyResult(None, None, time.perf_counter() - started, reason, frozenset(held))
    return complete_greedy(scenario, held, seed=seed, started=started)


def complete_greedy(scenario: Scenario, held: set[SessionKey], *, seed: int = 0,
                    started: float | None = None) -> GreedyResult:
    """The checked plan of the greedy planner's complete sessions ``held`` (from
    :func:`greedy_sessions` on a model of ``scenario`` without skipped rules): CP-SAT sets the
    objective's auxiliary variables with every session fixed, then the independent checker
    reads the plan. ``started`` (a ``time.perf_counter()`` reading) counts the time the
    sessions took into ``seconds``."""
    from .check import check  # the independent checker; imported late, it is large

    started = time.perf_counter() if started is None else started
    pm = PlanModel(scenario)
    for sv in pm.vars.sessions:
        pm.model.add(sv.var == ((sv.day.date, sv.kind, sv.placement, sv.slot) in held))
    solver = cp_model.CpSolver()
    configure(solver, time_limit=None, seed=seed, workers=1,
              deterministic_limit=COMPLETION_WORK_UNITS)
    code = solver.solve(pm.model)
    seconds = time.perf_counter() - started
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return GreedyResult(None, None, seconds, "the greedy plan breaks a rule the model "
                            "holds (a bug: please report the scenario)", frozenset(held))
    objective = solver.objective_value / SCALE
    info = SolverInfo(status="FEASIBLE", objective=number(objective), best_bound=None,
                      wall_seconds=round(seconds, 3), seed=seed, workers=1,
                      deterministic=True, **pm.size())
    plan = with_scenario_notes(extract_plan(pm, solver.value, info), scenario)
    plan.notes.insert(0, GREEDY_NOTE)
    violations = check(scenario, plan)
    if violations:
        return GreedyResult(None, None, seconds, "the greedy plan fails the checker: "
                            + "; ".join(map(str, violations[:3])), frozenset(held))
    return GreedyResult(plan, objective, seconds, None, frozenset(held))
