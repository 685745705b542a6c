"""Why a replanned plan must break a weekly floor (H10, H11): the facts that leave no room.

A replan switches a floor off only when no plan keeps it (:func:`~optimizer.replan_model.
relax_for_past`). The coach then wants the cause in coach language, with its rule IDs and
dates, not "the log": the cause can as well be the *scenario's* dates away, such as a coach
away for three weeks right after lifting began, while H17 asks for a coach at the first
weeks of lifting. The cause is derived, not guessed, by asking the independent checker
(:mod:`optimizer.check`) about each day and slot of the week from the replan date on:

* put the session the floor asks for there (a lift for H11, an snc for H10: its shortest
  length, supervised, the day's other sessions taken off) and collect the rules it breaks
  by its day and slot alone (:data:`DAY_RULES`: the run, the gym days, quality days, the
  taper, dates away, the coach's slots);
* ask again with every date away taken out: the athlete's (the scenario's
  ``availability.unavailable`` and the logs' new dates away) and the coach's
  (``coach.unavailable``).

A slot blocked the first time and free the second is one that dates away close, and those
dates are the cause: the athlete away on it (H9), or the coach away on it while H17 asks for
a coach (its kind began on a date of the logged past or of the plan, and the slot is in its
first ``supervised_weeks`` weeks). A slot free the first time means the floor went for
another rule's sake (spacing, caps) and one that stays blocked is the running week's doing;
when no slot is closed by dates away, :func:`floor_causes` names none and the replan says
what it always did (the logged past, the log's new dates away in the week).
"""

from __future__ import annotations

import datetime as dt

from models import Plan, Scenario, Session
from models.log import TrainingLog
from models.rulebook import min_minutes
from models.types import DateSpan
from models.vocabulary import Kind, Placement, Slot

from .changes import edited
from .check import Violation, check, plural
from .explain import summarise_dates

DAY_RULES = frozenset({"H2", "H3", "H4", "H7", "H9", "H16", "H17"})
"""The hard rules a session breaks by its date and slot alone, whatever else the plan holds."""
FLOOR_KINDS = {"H11": Kind.LIFT, "H10": Kind.SNC}
"""The session each weekly floor asks for, tried on every day of a broken week."""
LOG_SOURCE = "new dates away in the log"
SCENARIO_SOURCE = "availability.unavailable"
COACH_SOURCE = "coach.unavailable"


def _without_dates_away(scenario: Scenario, plan: Plan) -> tuple[Scenario, Plan]:
    """``scenario`` and ``plan`` with no date away at all: the athlete's nor the coach's."""
    availability = scenario.availability.model_copy(update={"unavailable": []})
    update: dict[str, object] = {"availability": availability}
    if scenario.coach is not None:
        update["coach"] = scenario.coach.model_copy(update={"unavailable": []})
    replan = plan.replan.model_copy(update={"unavailable": []}) if plan.replan else None
    return scenario.model_copy(update=update), plan.model_copy(update={"replan": replan})


def blocking_rules(scenario: Scenario, plan: Plan, day: dt.date, kind: Kind,
                   slot: Slot) -> set[str]:
    """The rules of :data:`DAY_RULES` that a ``kind`` session in ``slot`` on ``day`` breaks
    there (the day's other sessions taken off, so only the day and slot speak)."""
    session = Session(kind=kind, slot=slot, placement=Placement.STANDALONE,
                      minutes=min_minutes(kind.value, Placement.STANDALONE.value),
                      supervised=True)
    gone = [(day, s.kind, s.placement, s.slot) for s in plan.day(day).sessions]
    trial = edited(plan, [(day, session)], gone)
    return {v.rule for v in check(scenario, trial) if v.date == day and v.rule in DAY_RULES}


def _spans_over(spans: list[DateSpan], dates: set[dt.date]) -> list[dt.date]:
    """Every date of the ``spans`` that hold one of ``dates``."""
    return sorted({d for span in spans if dates & set(span.dates()) for d in span.dates()})


def _began(plan: Plan, log: TrainingLog, kind: Kind, since: dt.date) -> str:
    """``lift begun 2027-07-07 (logged)``: when ``kind`` began, and how that is known."""
    first = plan.introductions[kind]
    entry = log.entry(first)
    if entry is not None and any(done.kind is kind for done in entry.done):
        how = "logged"
    elif first < since:
        how = "done as planned"
    else:
        how = "in the new plan"
    return f"{kind.value} begun {first} ({how})"


def floor_causes(scenario: Scenario, plan: Plan, log: TrainingLog,
                 violation: Violation) -> list[str] | None:
    """What closes every slot of the week of a broken floor ``violation`` of the replanned
    ``plan`` (``scenario``: the scenario as given, without the log's dates away, which
    ``plan.replan.unavailable`` holds), each in coach words with its rule ID, dates and
    source (see the module docstring); ``None`` when dates away do not explain it."""
    kind = FLOOR_KINDS.get(violation.rule)
    if kind is None or violation.date is None or plan.replan is None:
        return None
    since = plan.replan.since
    bare_scenario, bare_plan = _without_dates_away(scenario, plan)
    week = [violation.date + dt.timedelta(days=i) for i in range(7)]
    coach_away: set[dt.date] = set()
    athlete_away: set[dt.date] = set()
    for day in (d for d in week if since <= d <= plan.race.date):
        for slot in Slot:
            blocked = blocking_rules(scenario, plan, day, kind, slot)
            if not blocked:
                return None
            if blocking_rules(bare_scenario, bare_plan, day, kind, slot):
                continue
            if "H17" in blocked:
                coach_away.add(day)
            if "H9" in blocked:
                athlete_away.add(day)
    if not (coach_away or athlete_away):
        return None
    causes = []
    if coach_away:
        assert scenario.coach is not None
        weeks = scenario.rules.supervised_weeks
        first = plan.introductions[kind]
        start_week = plan.start + dt.timedelta(weeks=(first - plan.start).days // 7)
        last = start_week + dt.timedelta(weeks=weeks, days=-1)
        dates = _spans_over(list(scenario.coach.unavailable), coach_away)
        causes += [_began(plan, log, kind, since),
                   f"H17 asking for a coach in its first {plural(weeks, 'week')} (to {last})",
                   f"the coach away {summarise_dates(dates)} ({COACH_SOURCE})"]
    for spans, source in ((list(scenario.availability.unavailable), SCENARIO_SOURCE),
                          (list(plan.replan.unavailable), LOG_SOURCE)):
        dates = _spans_over(spans, athlete_away)
        if dates:
            causes.append(f"the athlete away {summarise_dates(dates)} ({source})")
    return causes
