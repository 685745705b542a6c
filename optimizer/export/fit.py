"""FIT workout files (Garmin's Flexible and Interoperable Data Transfer), through ``fit-tool``.

One workout file per session, so a runner can load the session onto a watch; the light plyo
that ends a gym session (placement ``gym``) is appended to that session's file rather than
given one of its own. Sport ``training`` / strength training (``running`` for hill sprints),
and the steps follow the prescription (P1-P5):

* a **warm-up** step as long as the prescription's warm-up (its lines in the step's notes);
* per exercise, an **active** step of ``reps`` repetitions (conditioning, lifting, power) with
  the exercise's FIT category and name and, where the prescription gives one, its weight in
  kilograms; or of ``metres`` (drills, strides) or ``seconds`` (hill sprints);
* a **rest** step after it (the prescribed rest; "walk back" drills and sprints end at the
  lap button) and a **repeat** step for the sets (or sprints);
* a **cool-down** step when the prescription has one.

Files are named ``DATE-SLOT-KIND.fit`` and written to a zip file or a folder; their bytes
depend on the plan only (creation time = the session's date and slot), so an export repeats.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile import profile_type as fit
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage

from models import Plan
from models.plan import Day, Exercise, Session
from models.scenario import SlotTimes
from models.vocabulary import GYM_KINDS, Kind, Placement

from .text import KIND_TITLES, exercise_line

# Catalog exercise -> (FIT exercise category, FIT exercise name within it, or None).
EXERCISE_CODES: dict[str, tuple[str, str | None]] = {
    "squat": ("SQUAT", "BARBELL_BACK_SQUAT"),
    "deadlift": ("DEADLIFT", "BARBELL_DEADLIFT"),
    "lunge": ("LUNGE", "BARBELL_LUNGE"),
    "step-up": ("SQUAT", "BARBELL_STEP_UP"),
    "push press": ("SHOULDER_PRESS", "BARBELL_PUSH_PRESS"),
    "good morning": ("LEG_CURL", "GOOD_MORNING"),
    "jump squat": ("PLYO", "JUMP_SQUAT"),
    "power clean": ("OLYMPIC_LIFT", "BARBELL_POWER_CLEAN"),
    "snatch": ("OLYMPIC_LIFT", "BARBELL_SNATCH"),
    "speed deadlift": ("DEADLIFT", "BARBELL_DEADLIFT"),
    "split jump": ("PLYO", "DUMBBELL_SPLIT_JUMP"),
    "speed step-up": ("SQUAT", "DUMBBELL_STEP_UP"),
    "hamstring bridge": ("HIP_RAISE", "HIP_RAISE"),
    "hamstring plank": ("PLANK", "LYING_REVERSE_PLANK"),
    "donkey kicks": ("BANDED_EXERCISES", "DONKEY_KICK"),
    "push-ups": ("PUSH_UP", "PUSH_UP"),
    "front plank": ("PLANK", "PLANK"),
    "side plank": ("PLANK", "SIDE_PLANK"),
    "bird dog": ("CORE", None),
    "dead bug": ("HIP_STABILITY", "DEAD_BUG"),
    "glute bridge march": ("HIP_RAISE", "MARCHING_HIP_RAISE"),
    "clamshell": ("HIP_RAISE", "CLAMS"),
    "a-skip": ("PLYO", None),
    "b-skip": ("PLYO", None),
    "single-leg hops": ("PLYO", None),
    "double-leg bounces": ("PLYO", None),
    "bounding": ("PLYO", None),
    "strides": ("RUN", "SPRINT"),
    "hill sprint": ("RUN", "SPRINT"),
}
NAME_SIZE = 40  # FIT string fields are fixed-size: names and notes are cut to fit


def exercise_code(name: str) -> tuple[int, int | None] | None:
    """The FIT ``(exercise_category, exercise_name)`` of a catalog exercise, if known."""
    found = EXERCISE_CODES.get(name)
    if found is None:
        return None
    category = fit.ExerciseCategory[found[0]]
    if found[1] is None:
        return category.value, None
    names = getattr(fit, "".join(w.title() for w in found[0].split("_")) + "ExerciseName")
    return category.value, names[found[1]].value


@dataclass
class Workout:
    """One FIT workout: the session (and the gym-placed plyo that ends it)."""

    day: Day
    sessions: list[Session]

    @property
    def main(self) -> Session:
        return self.sessions[0]

    @property
    def filename(self) -> str:
        s = self.main
        placed = f"-{s.placement.value}" if s.kind is Kind.PLYO else ""
        return f"{self.day.date.isoformat()}-{s.slot.value}-{s.kind.value}{placed}.fit"

    @property
    def name(self) -> str:
        return f"{KIND_TITLES[self.main.kind]} {self.day.date.strftime('%d %b')}"


def workouts(plan: Plan) -> list[Workout]:
    """The plan's workouts, in date order (gym-placed plyo joins its gym session)."""
    out = []
    for day in plan.days:
        placed = {id(s) for s in day.sessions
                  if s.kind is Kind.PLYO and s.placement is Placement.GYM}
        for s in day.sessions:
            if id(s) in placed:
                continue
            extra = [p for p in day.sessions if id(p) in placed and p.slot is s.slot] \
                if s.kind in GYM_KINDS else []
            out.append(Workout(day, [s, *extra]))
    return out


class _Steps:
    """Builds the workout steps with their message indexes."""

    def __init__(self) -> None:
        self.steps: list[WorkoutStepMessage] = []

    def add(self, name: str | None, intensity: fit.Intensity, duration: str,
            value: float | None = None, notes: str | None = None) -> WorkoutStepMessage:
        step = WorkoutStepMessage()
        step.message_index = len(self.steps)
        if name:
            step.workout_step_name = name[:NAME_SIZE]
        step.intensity = intensity
        step.target_type = fit.WorkoutStepTarget.OPEN
        if duration == "time":
            step.duration_type = fit.WorkoutStepDuration.TIME
            step.duration_time = float(value or 0)
        elif duration == "reps":
            step.duration_type = fit.WorkoutStepDuration.REPS
            step.duration_reps = int(value or 1)
        elif duration == "distance":
            step.duration_type = fit.WorkoutStepDuration.DISTANCE
            step.duration_distance = float(value or 0)
        else:
            step.duration_type = fit.WorkoutStepDuration.OPEN
        if notes:
            step.notes = notes[:NAME_SIZE * 3]
        self.steps.append(step)
        return step

    def repeat(self, first: int, times: int) -> None:
        step = WorkoutStepMessage()
        step.message_index = len(self.steps)
        step.duration_type = fit.WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        step.duration_step = first
        step.target_repeat_steps = times
        self.steps.append(step)


def _exercise_steps(steps: _Steps, ex: Exercise, session: Session) -> None:
    first = len(steps.steps)
    sets = ex.sets if ex.sets is not None else 1
    if ex.metres is not None:
        step = steps.add(ex.name, fit.Intensity.ACTIVE, "distance", ex.metres, ex.cue)
        count = ex.reps if ex.reps is not None and ex.sets is None else sets
    elif ex.seconds is not None:
        step = steps.add(ex.name, fit.Intensity.ACTIVE, "time", ex.seconds, ex.cue)
        count = ex.reps if ex.reps is not None else sets
    else:
        step = steps.add(ex.name, fit.Intensity.ACTIVE, "reps", ex.reps or 1,
                         exercise_line(ex, session.kind))
        count = sets
    code = exercise_code(ex.name)
    if code is not None:
        step.exercise_category = code[0]
        if code[1] is not None:
            step.exercise_name = code[1]
    if ex.load_kg is not None:
        step.exercise_weight = float(ex.load_kg)
        step.weight_display_unit = fit.FitBaseUnit.KILOGRAM.value
    if ex.rest_seconds:
        steps.add("rest", fit.Intensity.REST, "time", ex.rest_seconds)
    else:
        steps.add("walk back", fit.Intensity.REST, "open")
    if count > 1:
        steps.repeat(first, count)


def workout_steps(workout: Workout) -> list[WorkoutStepMessage]:
    """Warm-up, then each exercise of each session (reps, weight, rest, sets), cool-down."""
    steps = _Steps()
    for session in workout.sessions:
        p = session.prescription
        warm = next((m for part, m in p.timing.items() if "warm-up" in part), None)
        if warm:
            steps.add("warm-up", fit.Intensity.WARMUP, "time", warm * 60, "; ".join(p.warmup))
        elif p.warmup and session is workout.main:
            steps.add("warm-up", fit.Intensity.WARMUP, "open", notes="; ".join(p.warmup))
        for ex in p.exercises:
            _exercise_steps(steps, ex, session)
        cool = next((m for part, m in p.timing.items() if "cool-down" in part), None)
        if cool:
            steps.add("cool-down", fit.Intensity.COOLDOWN, "time", cool * 60)
    return steps.steps


def workout_bytes(workout: Workout, times: SlotTimes | None = None) -> bytes:
    """One FIT workout file."""
    times = times or SlotTimes()
    created = dt.datetime.combine(workout.day.date, times.start(workout.main.slot),
                                  dt.timezone.utc)
    file_id = FileIdMessage()
    file_id.type = fit.FileType.WORKOUT
    file_id.manufacturer = fit.Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = round(created.timestamp() * 1000)
    file_id.serial_number = int(hashlib.sha256(workout.filename.encode()).hexdigest()[:8], 16)
    steps = workout_steps(workout)
    message = WorkoutMessage()
    message.workout_name = workout.name[:NAME_SIZE]
    hills = workout.main.kind is Kind.HILLS
    message.sport = fit.Sport.RUNNING if hills else fit.Sport.TRAINING
    message.sub_sport = fit.SubSport.GENERIC if hills else fit.SubSport.STRENGTH_TRAINING
    message.num_valid_steps = len(steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=NAME_SIZE)
    builder.add(file_id)
    builder.add(message)
    builder.add_all(steps)
    return builder.build().to_bytes()


WORKOUT_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})-(am|pm)-[a-z]+(-[a-z-]+)?\.fit")
"""What :attr:`Workout.filename` looks like (group 1: the date), so an export to a folder can
tell its own workouts from other files there."""


def plan_to_fit(plan: Plan, times: SlotTimes | None = None) -> dict[str, bytes]:
    """Every workout of the plan: file name -> FIT bytes, in date order."""
    return {w.filename: workout_bytes(w, times) for w in workouts(plan)}


def fit_zip(files: dict[str, bytes]) -> bytes:
    """The FIT files in one zip (fixed timestamps, so the zip repeats too)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
