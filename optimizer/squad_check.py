"""The squad checker: each athlete's plan against H1-H17, and the squad's plans against H18.

Plain Python over dates, written apart from the model code (:mod:`optimizer.squad`) so that a
bug in one is caught by the other: it reads who is in the gym and who is supervised from the
plans' sessions and the rulebook alone. A session is supervised (H17) when it is a ``lift``,
``power`` or plyo of a kind the athlete has not established, in one of the first
``supervised_weeks`` weeks counted from the week of that kind's first session in the plan
(weeks are 7-day blocks from the plan's first day) — or when the plan marks it supervised.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from models import Plan, Scenario
from models.squad import Squad
from models.vocabulary import Kind, Slot

from .check import Violation, check

WATCHED = (Kind.LIFT, Kind.POWER, Kind.PLYO)
GYM = (Kind.LIFT, Kind.POWER)


def _week(plan: Plan, day: dt.date) -> int:
    return (day - plan.days[0].date).days // 7 + 1


def supervised_slots(scenario: Scenario, plan: Plan) -> set[tuple[dt.date, Slot]]:
    """The dates and slots in which ``plan`` holds a supervised session (see module doc)."""
    coach = scenario.coach
    watching = coach is not None and any(coach.slots.values()) \
        and scenario.rules.supervised_weeks > 0
    first: dict[Kind, int] = {}
    for day in plan.days:
        for s in day.sessions:
            if s.kind not in first:
                first[s.kind] = _week(plan, day.date)
    out = set()
    for day in plan.days:
        for s in day.sessions:
            new = s.kind in WATCHED and s.kind not in scenario.athlete.established
            early = new and _week(plan, day.date) < first[s.kind] + \
                scenario.rules.supervised_weeks
            if s.supervised or (watching and early):
                out.add((day.date, s.slot))
    return out


def gym_slots(plan: Plan) -> set[tuple[dt.date, Slot]]:
    """The dates and slots in which ``plan`` holds a gym session (``lift`` or ``power``)."""
    return {(day.date, s.slot) for day in plan.days for s in day.sessions if s.kind in GYM}


def h18_shared_gym_and_coach(squad: Squad, plans: Sequence[Plan]) -> Iterator[Violation]:
    """H18 shared gym and coach [default, squads]: per date and slot, at most
    ``gym.capacity`` athletes in the gym and ``coach.capacity`` under supervision."""
    gym: dict[tuple[dt.date, Slot], list[str]] = defaultdict(list)
    watched: dict[tuple[dt.date, Slot], list[str]] = defaultdict(list)
    for scenario, plan in zip(squad.athletes, plans):
        name = scenario.athlete.name
        for key in gym_slots(plan):
            gym[key].append(name)
        for key in supervised_slots(scenario, plan):
            watched[key].append(name)
    for (what, cap, users) in (("in the gym", squad.gym.capacity, gym),
                               ("supervised", squad.coach.capacity, watched)):
        for (day, slot), names in sorted(users.items()):
            if len(names) > cap:
                yield Violation("H18", day, f"{len(names)} athletes {what} on {day:%A} "
                                f"{slot.value} ({', '.join(names)}); at most {cap}")


def check_squad(squad: Squad, plans: Sequence[Plan]) -> list[Violation]:
    """Every violation of the squad's plans: each athlete's H1-H17 and plan contract
    (:func:`optimizer.check.check`, the message led by the athlete's name) and H18.

    ``plans`` are in the squad's athlete order. Returns ``[]`` when every rule holds.
    """
    if len(plans) != len(squad.athletes):
        return [Violation("format", None, f"{len(plans)} plans for a squad of "
                          f"{len(squad.athletes)} athletes")]
    found = []
    for scenario, plan in zip(squad.athletes, plans):
        name = scenario.athlete.name
        if plan.athlete != name:
            found.append(Violation("format", None, f"the plan of {name} is {plan.athlete}'s"))
        found += [Violation(v.rule, v.date, f"{name}: {v.message}")
                  for v in check(scenario, plan)]
    found += h18_shared_gym_and_coach(squad, plans)
    return sorted(found, key=lambda v: (v.date is not None, v.date or dt.date.min, v.rule,
                                        v.message))
