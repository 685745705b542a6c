"""Working loads for lift and power exercises, session by session (P1, P2; inputs for P6).

Each exercise keeps one *track* through the plan, updated in date order:

* **Start.** A starting load the athlete already lifts (scenario ``prescription.
  start_loads_kg``, or a replan's :class:`Feedback`) is used as is. Otherwise a novice, or an
  exercise without a known 1RM, starts with a **technique block** (P1: the bar only, or a
  dumbbell or broom, ``load`` in words): 4 weeks for a novice's first exercises, 2 weeks for
  exercises added later or for a non-novice without a 1RM; loads then start from the bar
  (20 kg). A non-novice with a known 1RM starts at ``intensity x 1RM`` (default 0.80,
  0.75-0.90), rounded to 2.5 kg plates.
* **Progression.** After at least two sessions at a load, the load rises by one step once
  enough days have passed since the last rise: +5 kg every 3 weeks for squat and deadlift,
  +2.5 kg every 2 weeks for the other lifts (P1: 2.5-5 kg every 2-4 weeks). A novice with a
  known 1RM catches up from the bar to ``intensity x 1RM`` at +5 kg every 2 weeks. So loads
  never rise by more than 5 kg in 2 weeks.
* **Ceiling.** The long-term goal (guide, "Weight lifting"): squat 1.5 x body mass for men,
  1.25 x for women and ``other``; the other lifts relative to that goal: deadlift 1.2 x,
  lunge, step-up and push press 0.5 x, good morning 0.4 x (single-leg, overhead and
  good-morning loads are a fraction of a squat for runners). Without a body mass the goal
  assumes 70 kg (men) or 60 kg (women, other) and the plan says so. With a tested 1RM the
  ceiling is also 90 % of it (P1's upper intensity bound): the plan asks for a retest rather
  than prescribing loads the athlete has never shown they can lift with reps in reserve. A
  starting load already above its ceiling holds there.
* **Deloads.** In taper weeks every load is 15 % lighter (rounded down to a plate, never
  below the bar when the working load is on a bar); the track itself does not change and
  does not rise. A replan's :class:`LoadAdjustment` (P6: soreness that hurts quality runs)
  lowers the track by its percentage at the first session of that kind in its date range,
  holds it there to the end of the range, and progression continues from the lower load.
  A power load is simply that much lighter inside the range (it has no track).
* **Logged loads.** A replan's :class:`Lifted` loads (what the athlete really lifted) are the
  loads of their own sessions, and each exercise's track continues from them.

Power exercises (P2) keep the movement fast: 50 % of their own 1RM, else a fraction of the
1RM (or of the current working load / intensity) of the lift they speed up: jump squat 30 %
of the squat, speed deadlift 50 % of the deadlift, speed step-up 30 % of the step-up; else a
load in words.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from models import Scenario
from models.vocabulary import Kind, Level, Sex

BAR_KG = 20.0
PLATE_KG = 2.5
TAPER_DELOAD = 0.15
NOVICE_TECHNIQUE_WEEKS = 4
TECHNIQUE_WEEKS = 2
SESSIONS_BEFORE_RISE = 2
MAX_INTENSITY = 0.90  # P1: 75-90 % of the 1RM
CATCH_UP = (5.0, 14)  # kg, days
DEFAULT_STEP = (2.5, 14)
STEPS: dict[str, tuple[float, int]] = {"squat": (5.0, 21), "deadlift": (5.0, 21)}
SQUAT_GOAL: dict[Sex, float] = {Sex.MALE: 1.5, Sex.FEMALE: 1.25, Sex.OTHER: 1.25}
REFERENCE_MASS: dict[Sex, float] = {Sex.MALE: 70.0, Sex.FEMALE: 60.0, Sex.OTHER: 60.0}
GOAL_FACTOR: dict[str, float] = {
    "squat": 1.0, "deadlift": 1.2, "lunge": 0.5, "step-up": 0.5, "push press": 0.5,
    "good morning": 0.4,
}
POWER_OWN_FRACTION = 0.5
POWER_BASE: dict[str, tuple[str, float]] = {
    "jump squat": ("squat", 0.30), "speed deadlift": ("deadlift", 0.50),
    "speed step-up": ("step-up", 0.30),
}
POWER_WORDS: dict[str, str] = {
    "jump squat": "body weight or light dumbbells: jump as high as you can",
    "power clean": "empty bar or a light technique bar: a weight you can move fast",
    "snatch": "empty bar or a broom: a weight you can move fast",
    "speed deadlift": "a light bar you can pull fast",
    "split jump": "body weight",
    "speed step-up": "body weight or light dumbbells",
}
TECHNIQUE_WORDS = "bar only (or a dumbbell or broom)"


def plate(kg: float) -> float:
    """Round to the nearest 2.5 kg (half a plate pair)."""
    return PLATE_KG * round(kg / PLATE_KG)


def plate_down(kg: float) -> float:
    return PLATE_KG * math.floor(kg / PLATE_KG + 1e-9)


@dataclass(frozen=True)
class LoadAdjustment:
    """P6: lower every ``kind`` load by ``percent`` for sessions from ``first`` to ``last``."""

    kind: Kind
    first: dt.date
    last: dt.date
    percent: float

    def covers(self, kind: Kind, day: dt.date) -> bool:
        return kind is self.kind and self.first <= day <= self.last


@dataclass(frozen=True)
class Lifted:
    """A load really lifted: ``exercise`` at ``kg`` on ``day`` (a training log's ``load_kg``)."""

    day: dt.date
    exercise: str
    kg: float


@dataclass(frozen=True)
class Feedback:
    """What a replan knows from the training log (P6), for :func:`optimizer.prescribe`.

    Attributes
    ----------
    start_loads
        Working loads really lifted, per exercise: tracks start there (no technique block).
    adjustments
        Load reductions by kind and date range (soreness that hurt quality runs).
    lifted
        Loads really lifted on given days: the exercise's track continues from each one
        (P6: "loads continue from what was really lifted"); a power exercise keeps the last
        load lifted.
    """

    start_loads: Mapping[str, float] = field(default_factory=dict)
    adjustments: tuple[LoadAdjustment, ...] = ()
    lifted: tuple[Lifted, ...] = ()

    def lifted_by(self, exercise: str, day: dt.date) -> list[Lifted]:
        """The loads of ``exercise`` lifted on or before ``day``, in date order."""
        return sorted((x for x in self.lifted if x.exercise == exercise and x.day <= day),
                      key=lambda x: x.day)


@dataclass(frozen=True)
class Load:
    """One exercise's load in one session."""

    kg: float | None = None
    words: str | None = None
    percent_1rm: float | None = None
    block: str | None = None
    cue: str | None = None


@dataclass
class Track:
    """One exercise's working load as the plan goes on."""

    kg: float | None
    ceiling: float
    technique_until: dt.date | None = None
    target: float | None = None
    changed: dt.date | None = None
    sessions: int = 0
    peak: float = 0.0
    applied: set[LoadAdjustment] = field(default_factory=set)
    observed: set[Lifted] = field(default_factory=set)


class LoadBook:
    """Every lift and power load of one plan, asked for in date order.

    Parameters
    ----------
    scenario
        Gives 1RMs, body mass, sex, level, intensity and starting loads.
    feedback
        Optional P6 input from a replan.
    """

    def __init__(self, scenario: Scenario, feedback: Feedback | None = None):
        self.athlete = scenario.athlete
        self.intensity = scenario.prescription.intensity
        self.one_rm = dict(scenario.athlete.one_rep_max_kg)
        self.feedback = feedback or Feedback()
        self.start_loads = {**scenario.prescription.start_loads_kg,
                            **self.feedback.start_loads}
        self.tracks: dict[str, Track] = {}
        self.notes: list[str] = []
        mass = scenario.athlete.body_mass_kg
        if mass is None:
            mass = REFERENCE_MASS[scenario.athlete.sex]
            self.notes.append(f"No body mass given: the long-term load goals (P1) assume "
                              f"{mass:g} kg; add athlete.body_mass_kg.")
        self.squat_goal = SQUAT_GOAL[scenario.athlete.sex] * mass
        self._bar_note: list[str] = []

    # -- lift (P1) -------------------------------------------------------------------------

    def goal(self, exercise: str) -> float:
        """The long-term ceiling of ``exercise``: its share of the squat goal, and at most
        90 % of a tested 1RM."""
        goal = plate_down(GOAL_FACTOR.get(exercise, 0.5) * self.squat_goal)
        known = self.one_rm.get(exercise)
        if known is not None:
            goal = min(goal, plate_down(MAX_INTENSITY * known))
        return goal

    def _track(self, exercise: str, day: dt.date, offset: int) -> Track:
        if exercise in self.tracks:
            return self.tracks[exercise]
        novice = self.athlete.strength_level is Level.NOVICE
        known = self.one_rm.get(exercise)
        if exercise in self.start_loads:
            kg = plate(self.start_loads[exercise])
            track = Track(kg, max(self.goal(exercise), kg), changed=day, peak=kg)
        elif known is not None and not novice:
            kg = plate(self.intensity * known)
            track = Track(kg, max(self.goal(exercise), kg), changed=day, peak=kg)
        else:
            weeks = NOVICE_TECHNIQUE_WEEKS if novice and offset < NOVICE_TECHNIQUE_WEEKS \
                else TECHNIQUE_WEEKS
            target = plate(self.intensity * known) if known is not None else None
            track = Track(None, max(self.goal(exercise), BAR_KG),
                          technique_until=day + dt.timedelta(weeks=weeks), target=target)
            if known is None and not novice:
                self._bar_note.append(exercise)
        self.tracks[exercise] = track
        return track

    def lift(self, exercise: str, day: dt.date, offset: int, taper: bool) -> Load:
        """The working load of ``exercise`` in a lift session on ``day`` (P1)."""
        track = self._track(exercise, day, offset)
        if self._observe(exercise, track, day):
            # Lifted as logged; a P6 cut covering the day is in that load already.
            track.applied.update(a for a in self.feedback.adjustments
                                 if a.covers(Kind.LIFT, day))
            track.sessions += 1
            return Load(kg=track.kg, **self._percent(exercise, track.kg))
        if track.kg is None:
            if day < (track.technique_until or day):
                return Load(words=TECHNIQUE_WORDS, block="technique")
            track.kg, track.changed, track.sessions, track.peak = BAR_KG, day, 0, BAR_KG
        block = self._adjust(track, Kind.LIFT, day)
        if block is None and not taper:
            self._progress(exercise, track, day)
        track.sessions += 1
        kg = track.kg
        if taper:
            kg, block = self._deload(kg), "taper deload"
        return Load(kg=kg, block=block, **self._percent(exercise, kg))

    def _progress(self, exercise: str, track: Track, day: dt.date) -> None:
        assert track.kg is not None and track.changed is not None
        if track.kg >= track.ceiling or track.sessions < SESSIONS_BEFORE_RISE:
            return
        catching_up = track.target is not None and track.kg < track.target
        step, days = CATCH_UP if catching_up else STEPS.get(exercise, DEFAULT_STEP)
        if (day - track.changed).days >= days:
            track.kg = min(track.ceiling, track.kg + step)
            track.peak = max(track.peak, track.kg)
            track.changed, track.sessions = day, 0

    def _observe(self, exercise: str, track: Track, day: dt.date) -> bool:
        """Continue ``track`` from the loads really lifted up to ``day`` (P6); ``True`` when
        one was lifted on ``day`` itself, which is then the session's load.

        A logged load that differs from the track's restarts it there: the technique block
        is over, and the next rise comes after the usual sessions and days from that date.
        """
        today = False
        for seen in self.feedback.lifted_by(exercise, day):
            if seen in track.observed:
                continue
            track.observed.add(seen)
            today = seen.day == day
            kg = plate(seen.kg)
            if track.kg != kg:
                track.kg, track.changed, track.sessions = kg, seen.day, 0
                track.technique_until = None
                track.ceiling = max(track.ceiling, kg)
                track.peak = max(track.peak, kg)
        return today

    def _adjust(self, track: Track, kind: Kind, day: dt.date) -> str | None:
        """Apply a P6 adjustment covering ``day``; ``"deload"`` while one holds the load."""
        holding = None
        for adj in self.feedback.adjustments:
            if not adj.covers(kind, day):
                continue
            holding = "deload"
            if adj not in track.applied and track.kg is not None:
                track.applied.add(adj)
                track.kg = max(min(BAR_KG, track.kg),
                               plate_down(track.kg * (1 - adj.percent / 100)))
                track.changed, track.sessions = day, 0
        return holding

    @staticmethod
    def _deload(kg: float) -> float:
        lighter = plate_down(kg * (1 - TAPER_DELOAD))
        return max(BAR_KG, lighter) if kg >= BAR_KG else lighter

    def _percent(self, exercise: str, kg: float) -> dict[str, object]:
        known = self.one_rm.get(exercise)
        if known is None:
            return {}
        return {"percent_1rm": round(100 * kg / known, 1)}

    # -- power (P2) ------------------------------------------------------------------------

    def power(self, exercise: str, day: dt.date, taper: bool) -> Load:
        """A load that keeps ``exercise`` fast (P2)."""
        kg: float | None = None
        percent = None
        base, fraction = POWER_BASE.get(exercise, (None, 0.0))
        lifted = self.feedback.lifted_by(exercise, day)
        if lifted:
            kg = plate(lifted[-1].kg)
        elif exercise in self.start_loads:
            kg = plate(self.start_loads[exercise])
        elif exercise in self.one_rm:
            kg = plate(POWER_OWN_FRACTION * self.one_rm[exercise])
            percent = 100 * POWER_OWN_FRACTION
        elif base is not None and base in self.one_rm:
            kg = plate(fraction * self.one_rm[base])
            percent = 100 * fraction
        elif base is not None and base in self.tracks and self.tracks[base].peak > 0:
            kg = plate(fraction * self.tracks[base].peak / self.intensity)
        if kg is None or kg <= 0:
            return Load(words=POWER_WORDS.get(exercise, "a weight you can move fast"))
        block = None
        cut = next((a for a in self.feedback.adjustments if a.covers(Kind.POWER, day)), None)
        if cut is not None and not (lifted and lifted[-1].day == day):
            kg, block = plate_down(kg * (1 - cut.percent / 100)), "deload"
        if taper:
            kg, block = plate_down(kg * (1 - TAPER_DELOAD)), "taper deload"
        cue = "lighter than the bar: hold dumbbells (total weight)" if kg < BAR_KG else None
        return Load(kg=kg, percent_1rm=percent, block=block, cue=cue)

    # -- notes -----------------------------------------------------------------------------

    def plan_notes(self) -> list[str]:
        notes = list(self.notes)
        capped = sorted(n for n, t in self.tracks.items()
                        if n in self.one_rm and t.kg is not None and t.kg >= t.ceiling)
        if capped:
            notes.append(f"{', '.join(capped)}: loads reach 90 % of the tested 1RM and hold "
                         "(P1); retest the 1RM every 8-12 weeks and update "
                         "athlete.one_rep_max_kg to keep progressing.")
        if self._bar_note:
            names = ", ".join(sorted(set(self._bar_note)))
            notes.append(f"No 1RM or starting load for {names}: these start with a 2-week "
                         "technique block and then from the bar (P1); give "
                         "athlete.one_rep_max_kg or prescription.start_loads_kg.")
        return notes
