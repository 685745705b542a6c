"""How long and how much: every session's dose and minutes, as the model and the plan see them.

A session's minutes are a deterministic function of its kind, its placement, the weeks since
its kind was introduced (the *offset*) and the scenario (its daily budget). The CP-SAT model
counts exactly these minutes in the daily budget (H9) and in the week-over-week progression
term (S6), and :mod:`optimizer.prescribe` writes exactly this dose into the plan, so the
minutes a plan reports are the minutes the solver optimised.

The table (offset = weeks since the kind's first week; budget 60 min):

==========================  ==========================================================  =======
kind / placement            dose by offset                                              minutes
==========================  ==========================================================  =======
``snc``                     0-2: 2 x 10-12 / 3-5: 3 x 8-10 / then +1 rep every week     10 12 15
                            to 3 x 12 and every other week to 3 x 20 (P3); 4 to 6       18 22 27
                            exercises, the rest between sets filling the session        30
``lift``                    0-5: 3 exercises x 3 sets / 6+: 4 exercises x 3 sets (P1)   45 / 54
``power``                   0-1: 3 exercises x 3 sets / 2+: 3 exercises x 4 sets (P2)   45 / 51
``plyo`` ``gym``            2 drills x 3 x 30 m, light (P4)                             5
``plyo`` ``warmup``         3 drills x 3 x 30 m + 4 strides, inside the warm-up (P4)    10
``plyo`` ``after-run``      0-3: 3 drills + 4 strides / 4-7: 4 + 4 / 8+: 5 + 5 (P4)     10 12 15
``plyo`` ``standalone``     the same after a 5-minute jog                               15 17 20
``hills``                   6 sprints rising to 10, one more every other week (P5)      35 / 40
==========================  ==========================================================  =======

Rules the table keeps, each checked by the tests:

* every value lies between the kind's minimum and maximum length (rulebook, Vocabulary);
* every value is capped by the athlete's ``daily_strength_minutes`` so that a day the model
  allows stays within it: a single session by the budget, a gym session by the budget less
  the 5 minutes of a ``gym``-placed plyo (the one companion every gym session may carry, H1);
  a capped dose steps down to the largest stage that fits (fewer exercises, sprints or
  strides, a shorter jog); a day the budget cannot hold at all (a lift under 45 minutes) is
  left to H9, which then forbids the session;
* minutes never decrease with the offset, and never grow by more than 25 % from one week to
  the next, so the progression of doses alone never triggers S6: only the solver's choice of
  sessions does;
* each kind takes few distinct values (7 for ``snc``, 2 or 3 for the others), so S6 needs
  only a few auxiliary variables per kind and week (:mod:`optimizer.weekly_minutes`).

Timing behind the numbers: a lift or power session is 10 min of easy cardio and 8 min of
mobility, then per exercise 3 min for the ramp set and set-up and 2 min per working set
(about 30 s of work and 90 s of rest); a drill (3 x 30 m with walk-backs) 2 min, a stride
1 min; a hill sprint with its walk down 1.5 min after 15 min of easy running and 5 min of
drills and strides, an easy cool-down filling the rest; a conditioning exercise 3 s a rep.

An *established* kind (the athlete's history) starts at :data:`ESTABLISHED_OFFSET` in week 1:
the athlete is not a beginner at it, so it starts past the entry stages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models import Scenario
from models.rulebook import max_minutes, min_minutes
from models.vocabulary import GYM_KINDS, Kind, Placement

# An established kind is dosed as if introduced this many weeks before the plan's start: snc
# at 3 x 12 (15 min), lift past the technique block with 4 exercises, power at 4 sets, plyo at
# its full drill set, hills at 8 sprints.
ESTABLISHED_OFFSET: dict[Kind, int] = {
    Kind.SNC: 8, Kind.LIFT: 8, Kind.POWER: 4, Kind.PLYO: 8, Kind.HILLS: 4,
}

PLYO_GYM_MINUTES = 5  # P4: light and short at the end of a gym session
PLYO_WARMUP_MINUTES = 10  # P4: inside a quality run's warm-up

# P3: (sets, reps) for the first weeks; later +1 rep every other week up to 3 x 20.
SNC_LADDER: tuple[tuple[int, int], ...] = (
    (2, 10), (2, 10), (2, 12), (3, 8), (3, 9), (3, 10), (3, 11), (3, 12))
SNC_TOP = (3, 20)
# P3: 10 minutes at first, at most 30, each step at most +25 %; (first offset, minutes,
# exercises). The rest between sets fills the session (at least 30 s: never to exhaustion).
SNC_STAGES: tuple[tuple[int, int, int], ...] = (
    (0, 10, 4), (3, 12, 4), (6, 15, 4), (10, 18, 4), (14, 22, 5), (18, 27, 6), (23, 30, 6))
SNC_SECONDS_PER_REP = 3
SNC_MIN_REST = 30
SNC_MIN_EXERCISES = 2  # a session capped by a small budget keeps at least two exercises

# P1, P2: warm-up = 10 min easy cardio + 8 min mobility and activation; each exercise takes
# 3 min for its ramp set and set-up plus 2 min per working set (about 30 s of work and 90 s
# of rest: the guide's 1-2 min).
GYM_WARMUP_CARDIO = 10
GYM_WARMUP_MOBILITY = 8
GYM_RAMP_MINUTES = 3
GYM_SET_MINUTES = 2
GYM_REST_SECONDS = 90
# (first offset, exercises, sets)
GYM_STAGES: dict[Kind, tuple[tuple[int, int, int], ...]] = {
    Kind.LIFT: ((0, 3, 3), (6, 4, 3)),
    Kind.POWER: ((0, 3, 3), (2, 3, 4)),
}
LIFT_REPS = 5  # at 80 % of 1RM; fewer at higher intensity, see prescribe.lift_reps
POWER_REPS = (5, 4)  # first stage, later stages

# P4: a drill is 3 x 30 m with a walk back (about 2 min); a stride with its walk back 1 min.
DRILL_MINUTES = 2
STRIDE_MINUTES = 1
PLYO_JOG_MINUTES = 5  # a standalone session's own warm-up jog
MIN_STRIDES = 2  # "a few strides to finish", and the shortest jog of a capped session
# (first offset, drills, strides) for after-run and standalone placements
PLYO_STAGES: tuple[tuple[int, int, int], ...] = ((0, 3, 4), (4, 4, 4), (8, 5, 5))

# P5: 15 min easy warm-up, 5 min of dynamic stretches, drills and strides, then sprints of
# 8-10 s with a walk back (1.5 min each), the rest of the session an easy cool-down.
HILLS_WARMUP = 15
HILLS_DRILLS = 5
HILLS_SPRINT_SECONDS = 90
HILLS_STAGES: tuple[tuple[int, int], ...] = ((0, 35), (4, 40))  # (first offset, minutes)
HILLS_SPRINTS = (6, 10)


@dataclass(frozen=True)
class Dose:
    """How much one session holds; ``parts`` is its timing and sums to ``minutes``.

    Attributes
    ----------
    minutes
        The session's length, warm-up included (what H9 and S6 count).
    parts
        ``(part, minutes)`` in order, e.g. ``(("warm-up", 18), ("main set", 27))``.
    exercises
        Number of exercises (lift, power, snc) or drills (plyo).
    sets, reps
        Per exercise (lift, power, snc); ``reps`` is also the number of hill sprints.
    rest_seconds
        Rest between sets (lift, power, snc).
    strides
        Strides to finish (plyo).
    seconds
        Length of one hill sprint.
    """

    minutes: int
    parts: tuple[tuple[str, int], ...]
    exercises: int = 0
    sets: int = 0
    reps: int = 0
    rest_seconds: int = 0
    strides: int = 0
    seconds: int = 0


def _stage(stages: tuple[tuple, ...], offset: int) -> int:
    """Index of the last stage whose first offset is at most ``offset``."""
    return max(i for i, stage in enumerate(stages) if stage[0] <= offset)


def snc_volume(offset: int) -> tuple[int, int]:
    """P3's (sets, reps) at ``offset``: 2 x 10 rising week by week through 3 x 8-10 to 3 x 12,
    then one more rep every other week up to 3 x 20, where it holds."""
    if offset < len(SNC_LADDER):
        return SNC_LADDER[offset]
    sets, reps = SNC_LADDER[-1]
    return sets, min(SNC_TOP[1], reps + (offset - len(SNC_LADDER) + 1) // 2)


def snc_dose(offset: int, cap: int) -> Dose:
    """P3 conditioning: the volume ladder, in a session of the table's minutes (capped)."""
    _, planned, exercises = SNC_STAGES[_stage(SNC_STAGES, offset)]
    minutes = _clamp(planned, Kind.SNC, Placement.STANDALONE, cap)
    sets, reps = snc_volume(offset)
    seconds = minutes * 60
    fit = seconds // (sets * (reps * SNC_SECONDS_PER_REP + SNC_MIN_REST))
    exercises = max(SNC_MIN_EXERCISES, min(exercises, fit))
    work = exercises * sets * reps * SNC_SECONDS_PER_REP
    rest = max(0, 5 * round((seconds - work) / (exercises * sets) / 5))
    return Dose(minutes, (("circuit", minutes),), exercises, sets, reps, rest)


def gym_minutes(exercises: int, sets: int) -> int:
    return (GYM_WARMUP_CARDIO + GYM_WARMUP_MOBILITY
            + exercises * (GYM_RAMP_MINUTES + sets * GYM_SET_MINUTES))


def gym_dose(kind: Kind, offset: int, cap: int) -> Dose:
    """P1 lift / P2 power: the stage due at ``offset``, or the largest that fits ``cap``."""
    stages = GYM_STAGES[kind]
    index = _stage(stages, offset)
    while index > 0 and gym_minutes(*stages[index][1:]) > cap:
        index -= 1
    _, exercises, sets = stages[index]
    main = exercises * (GYM_RAMP_MINUTES + sets * GYM_SET_MINUTES)
    minutes = gym_minutes(exercises, sets)
    if kind is Kind.LIFT:
        reps = LIFT_REPS
    else:
        reps = POWER_REPS[0] if index == 0 else POWER_REPS[1]
    return Dose(minutes, (("warm-up", GYM_WARMUP_CARDIO + GYM_WARMUP_MOBILITY),
                          ("main set", main)), exercises, sets, reps, GYM_REST_SECONDS)


def plyo_dose(placement: Placement, offset: int, cap: int) -> Dose:
    """P4 plyometrics: short and light in the gym, a fixed block inside a warm-up, growing
    drill sets after a run or on their own."""
    if placement is Placement.GYM:
        drills = 2
        return Dose(PLYO_GYM_MINUTES, (("drills", drills * DRILL_MINUTES),
                                       ("walk and shake out", PLYO_GYM_MINUTES
                                        - drills * DRILL_MINUTES)), drills)
    if placement is Placement.WARMUP:
        drills, strides = 3, 4
        return Dose(PLYO_WARMUP_MINUTES, (("drills", drills * DRILL_MINUTES),
                                          ("strides", strides * STRIDE_MINUTES)),
                    drills, strides=strides)
    jog = PLYO_JOG_MINUTES if placement is Placement.STANDALONE else 0
    index = _stage(PLYO_STAGES, offset)
    while index > 0 and jog + _plyo_main(index) > cap:
        index -= 1
    _, drills, strides = PLYO_STAGES[index]
    if jog + drills * DRILL_MINUTES + strides * STRIDE_MINUTES > cap:
        # A small budget: fewer strides, then a shorter jog (never under 2 of each).
        over = jog + drills * DRILL_MINUTES + strides * STRIDE_MINUTES - cap
        strides = max(MIN_STRIDES, strides - over)
        if jog:
            jog = max(MIN_STRIDES, min(jog, cap - drills * DRILL_MINUTES - strides))
    parts = (("easy jog", jog),) if jog else ()
    parts += (("drills", drills * DRILL_MINUTES), ("strides", strides * STRIDE_MINUTES))
    return Dose(sum(m for _, m in parts), parts, drills, strides=strides)


def _plyo_main(index: int) -> int:
    _, drills, strides = PLYO_STAGES[index]
    return drills * DRILL_MINUTES + strides * STRIDE_MINUTES


def hills_sprints(offset: int) -> int:
    """P5: 6 sprints at first, one more every other week, at most 10."""
    return min(HILLS_SPRINTS[1], HILLS_SPRINTS[0] + offset // 2)


def hills_dose(offset: int, cap: int) -> Dose:
    """P5 hill sprints: warm-up, drills and strides, the sprints, an easy cool-down."""
    minutes = _clamp(HILLS_STAGES[_stage(HILLS_STAGES, offset)][1], Kind.HILLS,
                     Placement.STANDALONE, cap)
    room = (minutes - HILLS_WARMUP - HILLS_DRILLS) * 60 // HILLS_SPRINT_SECONDS
    sprints = max(HILLS_SPRINTS[0], min(hills_sprints(offset), room))
    sprint_minutes = math.ceil(sprints * HILLS_SPRINT_SECONDS / 60)
    cool = max(0, minutes - HILLS_WARMUP - HILLS_DRILLS - sprint_minutes)
    parts = (("easy warm-up", HILLS_WARMUP), ("drills and strides", HILLS_DRILLS),
             ("sprints", sprint_minutes))
    if cool:
        parts += (("easy cool-down", cool),)
    return Dose(HILLS_WARMUP + HILLS_DRILLS + sprint_minutes + cool, parts, reps=sprints,
                seconds=8 if offset < HILLS_STAGES[1][0] else 10)


def _clamp(minutes: int, kind: Kind, placement: Placement, cap: int) -> int:
    low = min_minutes(kind, placement)
    high = min(max_minutes(kind, placement), cap)
    return max(low, min(minutes, high))


def cap_for(kind: Kind, placement: Placement, budget: int) -> int:
    """The most minutes a session may take under the daily budget (H9): a gym session leaves
    room for the ``gym``-placed plyo that may follow it (H1)."""
    return budget - PLYO_GYM_MINUTES if kind in GYM_KINDS else budget


def dose(kind: Kind, placement: Placement, offset: int, budget: int) -> Dose:
    """The dose of one session (P1-P5) at ``offset`` weeks after its kind's introduction."""
    if offset < 0:
        raise ValueError(f"a {kind.value} session before its kind's introduction")
    cap = cap_for(kind, placement, budget)
    if kind is Kind.SNC:
        return snc_dose(offset, cap)
    if kind in GYM_KINDS:
        return gym_dose(kind, offset, cap)
    if kind is Kind.PLYO:
        return plyo_dose(placement, offset, cap)
    return hills_dose(offset, cap)


class MinutesTable:
    """One scenario's session minutes, by kind, placement and week.

    Parameters
    ----------
    scenario
        Gives the daily budget (H9) and which kinds are established.
    """

    def __init__(self, scenario: Scenario):
        self.budget = scenario.availability.daily_strength_minutes
        self.established = frozenset(scenario.athlete.established)
        self._cache: dict[tuple[Kind, Placement, int], Dose] = {}

    def dose(self, kind: Kind, placement: Placement, offset: int) -> Dose:
        key = (kind, placement, offset)
        if key not in self._cache:
            self._cache[key] = dose(kind, placement, offset, self.budget)
        return self._cache[key]

    def minutes(self, kind: Kind, placement: Placement, offset: int) -> int:
        return self.dose(kind, placement, offset).minutes

    def offset(self, kind: Kind, week: int, intro_week: int | None) -> int:
        """Weeks since ``kind`` started, as of ``week``: from its introduction week, or from
        :data:`ESTABLISHED_OFFSET` before week 1 when the athlete has it established."""
        if kind in self.established:
            return week - 1 + ESTABLISHED_OFFSET[kind]
        if intro_week is None or intro_week > week:
            raise ValueError(f"{kind.value} in week {week} before its introduction")
        return week - intro_week

    def possible_offsets(self, kind: Kind, week: int) -> range:
        """Every offset a session of ``kind`` in ``week`` may have (introduced in week 1..week)."""
        if kind in self.established:
            fixed = self.offset(kind, week, None)
            return range(fixed, fixed + 1)
        return range(0, week)

    def most(self, kind: Kind, placement: Placement, week: int) -> int:
        """The most minutes a session of ``kind`` in ``week`` can take, whatever week its kind
        was introduced (H9 counts this; minutes never fall as the offset grows)."""
        return self.minutes(kind, placement, self.possible_offsets(kind, week)[-1])
