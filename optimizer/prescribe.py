"""What each session says to do (P1-P5): exercises, sets x reps, loads, rest, cues, timing.

Pure Python and deterministic: given the scenario and the chosen sessions (kind, placement,
date, weeks since the kind began), :func:`prescribe` writes one
:class:`~models.plan.Prescription` per session, with the minutes of
:mod:`optimizer.minutes` (the same minutes the CP-SAT model counted for H9 and S6). Loads come
from :mod:`optimizer.loads`; a replan passes its training-log :class:`~optimizer.loads.Feedback`
(P6) through ``feedback``.

Selections:

* **lift / power** (P1, P2): the first 3-4 exercises of the pool (pinned exercises first, then
  the guide's list); a week's second session uses a different selection, taken from the end
  of the pool. Novices get no cleans or snatches unless a coach pins them: they are technical
  Olympic lifts.
* **snc** (P3): a circuit that moves through the pool session by session, so consecutive
  sessions mix exercises (pinned exercises stay in every circuit); the default pool
  alternates hamstrings and glutes with core.
* **plyo** (P4): the gentlest drills first; bounding only once the full drill set is due.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from models import Scenario
from models.catalog import EXERCISES
from models.plan import Exercise, Prescription, number
from models.vocabulary import GYM_KINDS, Kind, Level, Placement

from .loads import BAR_KG, Feedback, Load, LoadAdjustment, LoadBook
from .minutes import GYM_WARMUP_CARDIO, GYM_WARMUP_MOBILITY, Dose, MinutesTable

SNC_ORDER: tuple[str, ...] = (
    "hamstring bridge", "front plank", "donkey kicks", "side plank", "hamstring plank",
    "bird dog", "glute bridge march", "dead bug", "push-ups", "clamshell",
)
GYM_ORDER: dict[Kind, tuple[str, ...]] = {
    Kind.LIFT: ("squat", "deadlift", "lunge", "push press", "step-up", "good morning"),
    Kind.POWER: ("jump squat", "power clean", "speed deadlift", "split jump", "snatch",
                 "speed step-up"),
}
OLYMPIC = frozenset({"power clean", "snatch"})
PLYO_ORDER: tuple[str, ...] = ("a-skip", "b-skip", "single-leg hops", "double-leg bounces",
                               "bounding")
PLYO_LIGHT: tuple[str, ...] = ("a-skip", "double-leg bounces", "b-skip")
DRILL_METRES = 30
DRILL_SETS = 3
STRIDE_METRES = 80

SNC_CUES: dict[str, str] = {
    "hamstring bridge": "heels on a chair or bench, push the hips up, lower slowly",
    "front plank": "one rep = one slow leg lift from a straight plank, alternate legs",
    "donkey kicks": "each side; on hands and knees, drive the heel to the ceiling",
    "side plank": "each side; one rep = one slow hip dip and lift",
    "hamstring plank": "heels on the floor, hips up; one rep = one slow hip lift",
    "bird dog": "each side; opposite arm and leg long, hold 2 s",
    "glute bridge march": "hips up, march one knee at a time without dropping the hips",
    "dead bug": "each side; lower back pressed to the mat",
    "push-ups": "knees down if needed; body in one line",
    "clamshell": "each side; slow, feel the glute",
}
GYM_CUES: dict[str, str] = {
    "squat": "bar on the upper back, knees track over the toes, hips to knee height",
    "deadlift": "flat back, bar close to the legs, push the floor away",
    "lunge": "each leg; long step, back knee towards the floor, upright trunk",
    "push press": "small dip of the knees, drive the bar overhead with the legs",
    "step-up": "each leg; box at knee height, drive through the front heel",
    "good morning": "soft knees, hinge at the hips with a flat back, light and controlled",
    "jump squat": "quarter squat then jump as high as you can; land softly",
    "power clean": "explode from mid-thigh, catch on the shoulders",
    "snatch": "wide grip, one fast pull from floor to overhead",
    "speed deadlift": "pull as fast as you can, lower under control",
    "split jump": "each leg; switch legs in the air, land softly",
    "speed step-up": "each leg; drive up fast onto the box",
}
PLYO_CUES: dict[str, str] = {
    "a-skip": "knee up, quick active foot strike under the hips",
    "b-skip": "knee up, extend and paw the foot back under the hips",
    "single-leg hops": "each leg; short, springy contacts",
    "double-leg bounces": "stiff ankles, bounce off the forefoot",
    "bounding": "long, powerful strides; hang in the air",
}
PROTEIN = ("protein-rich meal within 30 minutes (yogurt, beans, eggs, chicken or a vegan "
           "option)")


@dataclass(frozen=True)
class Planned:
    """One chosen session, as :func:`prescribe` needs it.

    Attributes
    ----------
    day
        The session's date.
    week
        Its plan week (1-based).
    kind, placement
        What it is.
    offset
        Weeks since its kind began (:meth:`~optimizer.minutes.MinutesTable.offset`).
    taper
        Whether the week is a taper week (loads are deloaded).
    """

    day: dt.date
    week: int
    kind: Kind
    placement: Placement
    offset: int
    taper: bool = False


@dataclass
class Prescribed:
    """What :func:`prescribe` returns: one ``(minutes, prescription)`` per planned session, in
    the order given, and the plan-level notes it has."""

    sessions: list[tuple[int, Prescription]]
    notes: list[str] = field(default_factory=list)


def pool(kind: Kind, scenario: Scenario) -> list[str]:
    """Pinned exercises first, then the guide's list (P1-P4)."""
    pinned = scenario.prescription.exercises.of(kind)
    if kind is Kind.SNC:
        order = SNC_ORDER
    elif kind is Kind.PLYO:
        order = PLYO_ORDER
    elif kind is Kind.HILLS:
        return list(EXERCISES[kind])
    else:
        order = GYM_ORDER[kind]
        if kind is Kind.POWER and scenario.athlete.strength_level is Level.NOVICE:
            order = tuple(n for n in order if n not in OLYMPIC)
    order = tuple(n for n in order if n in EXERCISES[kind])
    return pinned + [n for n in order if n not in pinned]


def selection(names: list[str], pinned: int, size: int, second: bool) -> list[str]:
    """The first ``size`` names, or for a week's second session a different selection: the
    last ``size`` of the pinned names (of the whole pool when fewer than ``size + 1`` are
    pinned)."""
    if not second:
        return names[:size]
    window = names[:max(pinned, size + 1)] if pinned else names
    return window[-size:]


def rotation(names: list[str], pinned: int, size: int, index: int) -> list[str]:
    """Session ``index`` of a rotating circuit of ``size`` exercises: the pinned names in
    every session, the other places moving through the rest of the pool (P3: mix it up);
    when at least ``size`` names are pinned, the circuit rotates through those alone."""
    if pinned >= size:
        fixed, rest = [], names[:pinned]
    else:
        fixed, rest = names[:pinned], names[pinned:]
    places = min(size - len(fixed), len(rest))
    start = (index * places) % len(rest) if rest else 0
    return fixed + [rest[(start + i) % len(rest)] for i in range(places)]


def lift_reps(intensity: float) -> int:
    """P1: 1-6 reps, fewer as the load gets closer to the 1RM, always a few in reserve."""
    if intensity <= 0.80:
        return 5
    if intensity <= 0.85:
        return 4
    return 3


def timing(dose: Dose) -> dict[str, int]:
    return {part: minutes for part, minutes in dose.parts if minutes}


def _load_fields(load: Load) -> dict[str, object]:
    fields: dict[str, object] = {}
    if load.kg is not None:
        fields["load_kg"] = number(load.kg)
    if load.words is not None:
        fields["load"] = load.words
    if load.percent_1rm is not None:
        fields["percent_1rm"] = number(load.percent_1rm)
    return fields


class Prescriber:
    """Writes the prescriptions of one plan in date order (state: loads, rotations)."""

    def __init__(self, scenario: Scenario, feedback: Feedback | None = None):
        self.scenario = scenario
        self.table = MinutesTable(scenario)
        self.loads = LoadBook(scenario, feedback)
        self.pools = {kind: pool(kind, scenario) for kind in EXERCISES}
        self.pinned = {kind: len(scenario.prescription.exercises.of(kind)) for kind in EXERCISES}
        self.count: dict[Kind, int] = defaultdict(int)
        self.in_week: dict[tuple[Kind, int], int] = defaultdict(int)

    def __call__(self, planned: Planned) -> tuple[int, Prescription]:
        dose = self.table.dose(planned.kind, planned.placement, planned.offset)
        build = {Kind.LIFT: self.gym, Kind.POWER: self.gym, Kind.SNC: self.snc,
                 Kind.PLYO: self.plyo, Kind.HILLS: self.hills}[planned.kind]
        prescription = build(planned, dose)
        cut = self.volume_cut(planned)
        if cut is not None:
            prescription = lower_volume(prescription, cut)
        self.count[planned.kind] += 1
        self.in_week[planned.kind, planned.week] += 1
        return dose.minutes, prescription

    def volume_cut(self, planned: Planned) -> LoadAdjustment | None:
        """P6 for kinds without loads (snc, plyo, hills): the adjustment covering the session,
        if any (lift and power are lowered by load, in :class:`~optimizer.loads.LoadBook`)."""
        if planned.kind in GYM_KINDS:
            return None
        return next((a for a in self.loads.feedback.adjustments
                     if a.covers(planned.kind, planned.day)), None)

    # -- P1 lift, P2 power -----------------------------------------------------------------

    def gym(self, planned: Planned, dose: Dose) -> Prescription:
        kind = planned.kind
        lift = kind is Kind.LIFT
        second = self.in_week[kind, planned.week] > 0
        names = selection(self.pools[kind], self.pinned[kind], dose.exercises, second)
        reps = lift_reps(self.scenario.prescription.intensity) if lift else dose.reps
        exercises, ramps, blocks = [], [], []
        for name in names:
            if lift:
                load = self.loads.lift(name, planned.day, planned.offset, planned.taper)
            else:
                load = self.loads.power(name, planned.day, planned.taper)
            blocks.append(load.block)
            cue = "; ".join(c for c in (GYM_CUES.get(name), load.cue) if c)
            exercises.append(Exercise(
                name=name, sets=dose.sets, reps=6 if load.block == "technique" else reps,
                rest_seconds=dose.rest_seconds, cue=cue, **_load_fields(load)))
            ramps.append(self._ramp(name, load, lift))
        warmup = [f"{GYM_WARMUP_CARDIO} min easy running, elliptical or cycling",
                  f"{GYM_WARMUP_MOBILITY} min mobility: leg swings, hip openers, ankle rocks, "
                  "thoracic rotations"] + ramps
        if lift:
            cues = ["all reps of a set without pause; finish one exercise before the next",
                    "rest 1-2 min between sets",
                    "lift heavy but never to failure: end every set with 2-3 reps in reserve"]
        else:
            cues = ["every rep as fast as you can: stop the set when the speed drops",
                    "rest 1-2 min between sets so every set stays fast",
                    "never to failure"]
        learning = [n for n, b in zip(names, blocks) if b == "technique"]
        if learning:
            which = "each movement" if len(learning) == len(names) else ", ".join(learning)
            cues.append(f"technique block: learn {which} with the bar only (or a dumbbell or "
                        "broom) before adding weight; ask a coach or gym instructor to check it")
        if "taper deload" in blocks:
            cues.append("taper: loads 15 % lighter than last time; stay crisp, not tired")
        if learning and len(learning) < len(names):
            blocks = [b for b in blocks if b != "technique"]
        block = next((b for b in ("technique", "deload", "taper deload") if b in blocks), None)
        return Prescription(exercises=exercises, warmup=warmup, cues=cues,
                            after=[PROTEIN, "after a very heavy session, extra protein before "
                                            "bed"], block=block, timing=timing(dose))

    @staticmethod
    def _ramp(name: str, load: Load, lift: bool) -> str:
        """P1: one ramp set of 5-6 reps at about half to two-thirds of the working weight."""
        if load.kg is None:
            return f"{name}: 1 x 6 with a broom or the empty bar"
        ramp = max(0.0, 2.5 * round(load.kg * 0.6 / 2.5))
        if not lift:
            return f"{name}: 1 x 5 easy and fast at about {number(ramp)} kg"
        if ramp < BAR_KG:
            # The bar is the lightest a barbell lift gets: under about 33 kg of working weight
            # the ramp set is the empty bar, not "60 %" of a load that cannot be lightened.
            return f"{name}: 1 x 5 at the empty bar"
        return f"{name}: 1 x 5 at {number(ramp)} kg (about 60 % of {number(load.kg)} kg)"

    # -- P3 snc ----------------------------------------------------------------------------

    def snc(self, planned: Planned, dose: Dose) -> Prescription:
        names = rotation(self.pools[Kind.SNC], self.pinned[Kind.SNC], dose.exercises,
                         self.count[Kind.SNC])
        exercises = [Exercise(name=n, sets=dose.sets, reps=dose.reps,
                              rest_seconds=dose.rest_seconds, cue=SNC_CUES.get(n))
                     for n in names]
        cues = ["never to exhaustion: stop each set with 2-3 good reps left",
                "one exercise at a time; mostly core, hamstrings and glutes",
                "add reps week by week: the aim is 3 x 20"]
        return Prescription(exercises=exercises,
                            warmup=["straight after your run while warm, or 5 min of easy "
                                    "movement first"],
                            cues=cues, timing=timing(dose))

    # -- P4 plyo ---------------------------------------------------------------------------

    def plyo(self, planned: Planned, dose: Dose) -> Prescription:
        names = self.pools[Kind.PLYO]
        if planned.placement is Placement.GYM:
            light = [n for n in names if n in PLYO_LIGHT]
            drills = sorted(light, key=PLYO_LIGHT.index)[:dose.exercises] \
                if not self.pinned[Kind.PLYO] else names[:dose.exercises]
        else:
            drills = names[:dose.exercises]
        exercises = [Exercise(name=n, sets=DRILL_SETS, metres=DRILL_METRES,
                              cue=PLYO_CUES.get(n)) for n in drills]
        if dose.strides:
            exercises.append(Exercise(name="strides", reps=dose.strides, metres=STRIDE_METRES,
                                      cue="relaxed and fast, not a sprint"))
        where = {
            Placement.GYM: ["at the end of the gym session, on a 30 m stretch of floor, "
                            "corridor or track"],
            Placement.WARMUP: ["inside the workout's warm-up: after the easy running and "
                               "stretches, before the main set"],
            Placement.AFTER_RUN: ["straight after the easy run"],
            Placement.STANDALONE: ["5 min easy jog and leg swings"],
        }[planned.placement]
        cues = ["short, active ground contact; land under your hips, not in front",
                "3 x 30 m of each drill with a walk back"]
        if planned.placement is Placement.GYM:
            cues.append("light and short: stop if calves or Achilles feel stiff")
        return Prescription(exercises=exercises, warmup=where, cues=cues, timing=timing(dose))

    # -- P5 hills --------------------------------------------------------------------------

    def hills(self, planned: Planned, dose: Dose) -> Prescription:
        sprints = dose.reps
        exercises = [Exercise(name="hill sprint", reps=sprints, seconds=dose.seconds,
                              cue=f"reps 1-{sprints - 3} at 90-95 % effort, the last 3 close "
                                  "to all-out; walk back down")]
        parts = dict(dose.parts)
        warmup = [f"{parts['easy warm-up']} min easy running",
                  "dynamic stretches and drills (leg swings, A-skips), then 3 strides"]
        cues = ["a hill of 5-15 %: not so steep that it breaks your running form",
                "rolling start 5-10 m below the line: no standing start",
                "power, not cadence: drive the knee, hit the ground hard, pop off it"]
        after = [f"{parts['easy cool-down']} min easy jog"] if "easy cool-down" in parts \
            else []
        return Prescription(exercises=exercises, warmup=warmup, cues=cues, after=after,
                            timing=timing(dose))


def lower_volume(prescription: Prescription, cut: LoadAdjustment) -> Prescription:
    """P6 for a kind without loads: every exercise's reps (conditioning reps, strides, hill
    sprints) lowered by ``cut.percent``, rounded down and at least 1; drills without reps keep
    their 3 x 30 m. The session keeps its minutes (the model counted them), so the rest
    between sets grows a little."""
    factor = 1 - cut.percent / 100
    exercises = [ex.model_copy(update={"reps": max(1, int(ex.reps * factor + 1e-9))})
                 if ex.reps is not None else ex for ex in prescription.exercises]
    cue = (f"P6: {number(cut.percent)} % less volume until {cut.last.isoformat()} after "
           "soreness on a quality day")
    return prescription.model_copy(update={"exercises": exercises, "block": "deload",
                                           "cues": [*prescription.cues, cue]})


def prescribe(scenario: Scenario, sessions: Sequence[Planned],
              feedback: Feedback | None = None) -> Prescribed:
    """Prescribe every session of a plan (P1-P5), in date order; loads honour ``feedback``
    (P6) when a replan gives it.

    Parameters
    ----------
    scenario
        The scenario: level, 1RMs, body mass, budget, ``prescription`` settings.
    sessions
        The plan's sessions; any order (they are prescribed in date order, gym sessions
        before the plyo that ends them).
    feedback
        Starting loads and load adjustments from a training log (optional).

    Returns
    -------
    Prescribed
        ``(minutes, prescription)`` per session, in the order given, and plan notes.
    """
    prescriber = Prescriber(scenario, feedback)
    order = sorted(range(len(sessions)), key=lambda i: (sessions[i].day,
                                                        sessions[i].kind is Kind.PLYO, i))
    out: dict[int, tuple[int, Prescription]] = {}
    for i in order:
        out[i] = prescriber(sessions[i])
    return Prescribed([out[i] for i in range(len(sessions))], prescriber.loads.plan_notes())
