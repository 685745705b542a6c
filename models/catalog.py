"""The guide's exercises by kind, with the spellings a scenario may use for them.

Names are canonical lower-case strings. :func:`parse_exercise` accepts the usual variants
(``dead lift``, ``step_up``, ``barbell push press``) and rejects anything else with the list
of names it knows, so a typo in a scenario is an error rather than a silently empty session.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from .errors import did_you_mean
from .vocabulary import Kind

# Guide, "Weight lifting": squat, lunge, barbell push press, step up, dead lift, good morning.
LIFT_EXERCISES: tuple[str, ...] = (
    "squat", "deadlift", "lunge", "step-up", "push press", "good morning",
)
# Guide, "Power training": fast versions of the lifts, jump squats, cleans and snatches.
POWER_EXERCISES: tuple[str, ...] = (
    "jump squat", "power clean", "snatch", "speed deadlift", "split jump", "speed step-up",
)
# Guide, "General strength and conditioning": body weight, mostly core, hamstrings and glutes.
SNC_EXERCISES: tuple[str, ...] = (
    "hamstring bridge", "hamstring plank", "donkey kicks", "push-ups", "front plank",
    "side plank", "bird dog", "dead bug", "glute bridge march", "clamshell",
)
# Guide, "Plyometrics": skipping, hopping, bouncing, bounding.
PLYO_EXERCISES: tuple[str, ...] = (
    "a-skip", "b-skip", "single-leg hops", "double-leg bounces", "bounding",
)
HILLS_EXERCISES: tuple[str, ...] = ("hill sprint",)

EXERCISES: dict[Kind, tuple[str, ...]] = {
    Kind.LIFT: LIFT_EXERCISES,
    Kind.POWER: POWER_EXERCISES,
    Kind.SNC: SNC_EXERCISES,
    Kind.PLYO: PLYO_EXERCISES,
    Kind.HILLS: HILLS_EXERCISES,
}

ALL_EXERCISES: tuple[str, ...] = tuple(dict.fromkeys(
    name for names in EXERCISES.values() for name in names))

_ALIASES = {
    "dead lift": "deadlift",
    "step up": "step-up",
    "stepup": "step-up",
    "barbell push press": "push press",
    "pushpress": "push press",
    "back squat": "squat",
    "goodmorning": "good morning",
    "clean": "power clean",
    "push ups": "push-ups",
    "pushups": "push-ups",
    "push up": "push-ups",
    "plank": "front plank",
    "a skip": "a-skip",
    "b skip": "b-skip",
    "hops": "single-leg hops",
    "hopping": "single-leg hops",
    "bounces": "double-leg bounces",
    "bouncing": "double-leg bounces",
}


def canonical_exercise(value: str) -> str | None:
    text = " ".join(value.strip().lower().replace("_", " ").split())
    text = _ALIASES.get(text, text)
    if text in ALL_EXERCISES:
        return text
    dashed = text.replace(" ", "-")
    if dashed in ALL_EXERCISES:
        return dashed
    return None


def parse_exercise_of(kinds: tuple[Kind, ...]) -> Any:
    names = [n for k in kinds for n in EXERCISES[k]]

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("an exercise name was expected")
        name = canonical_exercise(value)
        if name is None or name not in names:
            raise ValueError(f"unknown exercise '{value}'; {did_you_mean(value.lower(), names)}")
        return name

    return parse


def exercise_type(*kinds: Kind) -> Any:
    names = [n for k in kinds for n in EXERCISES[k]]
    return Annotated[
        str,
        PlainValidator(parse_exercise_of(kinds)),
        PlainSerializer(str, return_type=str),
        WithJsonSchema({"type": "string", "enum": names}),
    ]


LiftExercise = exercise_type(Kind.LIFT, Kind.POWER)
