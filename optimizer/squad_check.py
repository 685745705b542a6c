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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from models import Plan, Scenario
from models.squad import Squad, plan_stem
from models.vocabulary import Kind, Slot

from .check import FORMAT, Violation, check

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


def h18_shared_gym_and_coach(squad: Squad, pairs: Sequence[tuple[Scenario, Plan]]
                             ) -> Iterator[Violation]:
    """H18 shared gym and coach [default, squads]: per date and slot, at most
    ``gym.capacity`` athletes in the gym and ``coach.capacity`` under supervision.
    ``pairs`` are ``(athlete's scenario, their plan)``."""
    gym: dict[tuple[dt.date, Slot], list[str]] = defaultdict(list)
    watched: dict[tuple[dt.date, Slot], list[str]] = defaultdict(list)
    for scenario, plan in pairs:
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


def _sorted(found: Iterable[Violation]) -> list[Violation]:
    return sorted(found, key=lambda v: (v.date is not None, v.date or dt.date.min, v.rule,
                                        v.message))


@dataclass
class SquadCheck:
    """What :func:`check_squad_by_athlete` found, athlete by athlete.

    ``plans`` and ``athletes`` are keyed by athlete name in the squad's order: each athlete's
    plan (``None`` when no plan is theirs) and its violations (H1-H17, the plan contract, a
    missing or second plan), worded as :func:`optimizer.check.check` words them. ``squad``
    holds what belongs to no one athlete: H18, and plans of no athlete of the squad.
    """

    plans: dict[str, Plan | None]
    athletes: dict[str, list[Violation]]
    squad: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.squad and not any(self.athletes.values())

    def violations(self) -> list[Violation]:
        """Every violation in one sorted list, each athlete's led by their name."""
        return _sorted([*self.squad, *(Violation(v.rule, v.date, f"{name}: {v.message}")
                                       for name, found in self.athletes.items()
                                       for v in found)])


def check_squad_by_athlete(squad: Squad, plans: Iterable[Plan | None],
                           labels: Sequence[str] | None = None) -> SquadCheck:
    """Check a squad's plans, matched to its athletes by the athlete name each plan carries
    (``plan.athlete``; case and accents aside, as the plan files are named), in any order.

    ``None`` entries are skipped (``SquadResult.plans`` holds one for an athlete without a
    plan). ``labels`` name the plans in messages (their files), in the order of ``plans``.
    An athlete with no plan, a second plan of one athlete and a plan of someone outside the
    squad are ``format`` violations; H18 is checked on the plans that are matched.
    """
    given = list(plans)
    names = list(labels) if labels is not None else [None] * len(given)
    stems = dict(zip(squad.stems, squad.names))
    matched: dict[str, Plan | None] = dict.fromkeys(squad.names)
    report = SquadCheck(matched, {name: [] for name in squad.names})
    roster = ", ".join(squad.names)
    for plan, label in zip(given, names):
        if plan is None:
            continue
        what = f"{label} is a plan" if label else "a plan"
        name = stems.get(plan_stem(plan.athlete))
        if name is None:
            report.squad.append(Violation(FORMAT, None, f"{what} of {plan.athlete} "
                                          f"({plan.scenario}), who is not an athlete of "
                                          f"{squad.name} ({roster}); nothing in it was "
                                          "checked"))
        elif matched[name] is not None:
            report.athletes[name].append(Violation(FORMAT, None, f"{what} of {name} too; "
                                                   "only the first was checked"))
        else:
            matched[name] = plan
    pairs = []
    for scenario, name in zip(squad.athletes, squad.names):
        plan = matched[name]
        if plan is None:
            report.athletes[name].insert(0, Violation(FORMAT, None, f"no plan of {name} "
                                                      "among the squad's plans"))
            continue
        report.athletes[name] += check(scenario, plan)
        pairs.append((scenario, plan))
    report.squad = _sorted([*report.squad, *h18_shared_gym_and_coach(squad, pairs)])
    return report


def check_squad(squad: Squad, plans: Iterable[Plan | None]) -> list[Violation]:
    """Every violation of the squad's plans: each athlete's H1-H17 and plan contract
    (:func:`optimizer.check.check`, the message led by the athlete's name) and H18.

    Plans are matched to athletes by the athlete name they carry, in any order (see
    :func:`check_squad_by_athlete`). Returns ``[]`` when every rule holds.
    """
    return check_squad_by_athlete(squad, plans).violations()
