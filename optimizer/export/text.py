"""A session's prescription in words, shared by every export (the ``show`` sheet's wording)."""

from __future__ import annotations

from models.plan import Day, Exercise, Plan, Session, number
from models.vocabulary import Kind, RunKind

from ..sheet import KIND_TITLES, PLACEMENT_WORDS, RUN_WORDS, dose_text, load_text, rest_text, \
    session_title

__all__ = ["KIND_TITLES", "RUN_WORDS", "day_heading", "event_title", "exercise_line",
           "quality_runs", "replan_text", "run_text", "session_lines", "session_title",
           "week_title"]


def exercise_line(ex: Exercise, kind: Kind) -> str:
    """``squat: 3 x 5 at 40 kg (80 % 1RM), rest 90 s``."""
    text = ex.name
    dose = dose_text(ex)
    if dose:
        text += f": {dose}"
    load = load_text(ex, kind)
    if load:
        text += f" at {load}"
    rest = rest_text(ex, kind)
    if rest:
        text += f", rest {rest}"
    return text


def event_title(session: Session) -> str:
    """``Weight lifting`` / ``Plyometric drills (after the easy run)``, ``*`` when a coach
    supervises (H17)."""
    title = KIND_TITLES[session.kind]
    if session.kind is Kind.PLYO:
        title += f" ({PLACEMENT_WORDS[session.placement]})"
    return title + (" with a coach" if session.supervised else "")


def session_lines(session: Session) -> list[str]:
    """The prescription as plain lines: title, timing, warm-up, exercises (with cues), cues,
    after (rulebook P1-P5)."""
    p = session.prescription
    lines = [session_title(session)]
    if p.timing:
        lines.append("Timing: " + " + ".join(f"{k} {v}" for k, v in p.timing.items())
                     + f" = {session.minutes} min")
    if p.warmup:
        lines.append("Warm-up: " + "; ".join(p.warmup))
    for ex in p.exercises:
        line = "- " + exercise_line(ex, session.kind)
        if ex.cue:
            line += f" ({ex.cue})"
        lines.append(line)
    if p.cues:
        lines.append("Cues: " + "; ".join(p.cues))
    if p.after:
        lines.append("After: " + "; ".join(p.after))
    return lines


def run_text(day: Day) -> str:
    """``easy run (am)``, ``RACE``."""
    text = RUN_WORDS[day.run.value]
    if day.run_slot is not None and day.run is not RunKind.RACE:
        text += f" ({day.run_slot.value})"
    return text


def day_heading(day: Day) -> str:
    """``Mon 05 Apr 2027 · easy run (am)``."""
    return f"{day.date.strftime('%a %d %b %Y')} · {run_text(day)}"


def quality_runs(days: list[Day]) -> int:
    """Workouts, long runs and races in ``days``."""
    return sum(1 for d in days if d.run.is_quality)


def week_title(plan: Plan, number: int) -> str:
    """``Week 3 · 2027-04-19 to 2027-04-25 · strength · 3 sessions · 75 min``."""
    days = plan.week(number)
    phases = list(dict.fromkeys(d.phase.value for d in days if d.phase.value != "race")) \
        or ["race"]
    counted = sum(1 for d in days for s in d.sessions if s.counted)
    minutes = sum(s.minutes for d in days for s in d.sessions)
    return (f"Week {number} · {days[0].date} to {days[-1].date} · {', '.join(phases)} · "
            f"{counted} session{'s' if counted != 1 else ''} · {minutes} min")


def replan_text(plan: Plan) -> str | None:
    """``Replanned from 2027-04-11 with log.yaml ...``: the replan record in one sentence
    (``None`` for a plan never replanned)."""
    info = plan.replan
    if info is None:
        return None
    return (f"Replanned from {info.since} with {info.log}: the days before it are as logged. "
            f"Kept {info.kept} sessions, moved {info.moved}, dropped {info.dropped}, added "
            f"{info.added}; stability {number(info.stability)} points "
            f"({number(info.stability_weight)} per session changed), so the objective is "
            "the score plus stability.")
