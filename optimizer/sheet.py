"""A plan's days as a training sheet: what a coach hands the athlete (P1-P5 in words)."""

from __future__ import annotations

from tabulate import tabulate

from models import Plan
from models.plan import Day, Exercise, Session, number
from models.vocabulary import Kind, Placement

KIND_TITLES: dict[Kind, str] = {
    Kind.SNC: "Strength & conditioning",
    Kind.LIFT: "Weight lifting",
    Kind.POWER: "Power (fast lifting)",
    Kind.PLYO: "Plyometric drills",
    Kind.HILLS: "Hill sprints",
}
PLACEMENT_WORDS: dict[Placement, str] = {
    Placement.GYM: "end of the gym session",
    Placement.WARMUP: "inside the run's warm-up",
    Placement.AFTER_RUN: "after the easy run",
    Placement.STANDALONE: "on its own",
}
RUN_WORDS = {"rest": "rest day", "easy": "easy run", "workout": "running workout",
             "long": "long run", "race": "RACE"}


def week_minutes(days: list[Day]) -> int:
    return sum(s.minutes for d in days for s in d.sessions)


def dose_text(ex: Exercise) -> str:
    """``3 x 5``, ``3 x 30 m``, ``6 x 8 s``."""
    count = ex.sets if ex.sets is not None else ex.reps
    if ex.metres is not None:
        return f"{count} x {ex.metres} m"
    if ex.seconds is not None:
        return f"{count} x {ex.seconds} s"
    if ex.sets is not None and ex.reps is not None:
        return f"{ex.sets} x {ex.reps}"
    return str(count) if count is not None else ""


def load_text(ex: Exercise, kind: Kind) -> str:
    if ex.load_kg is not None:
        percent = f" ({number(ex.percent_1rm)} % 1RM)" if ex.percent_1rm is not None else ""
        return f"{number(ex.load_kg)} kg{percent}"
    if ex.load:
        return ex.load
    if kind is Kind.SNC:
        return "body weight"
    if kind is Kind.HILLS:
        return "90-95 %"
    return ""


def rest_text(ex: Exercise, kind: Kind) -> str:
    if ex.rest_seconds is not None:
        return f"{ex.rest_seconds} s"
    return "walk back" if kind in (Kind.PLYO, Kind.HILLS) else ""


def session_title(session: Session) -> str:
    title = KIND_TITLES[session.kind]
    if session.kind is Kind.PLYO:
        title += f" ({PLACEMENT_WORDS[session.placement]})"
    parts = [title, session.slot.value, f"{session.minutes} min"]
    if session.supervised:
        parts.append("with a coach (H17)")
    block = session.prescription.block
    if block:
        parts.append(block)
    return " · ".join(parts)


def session_lines(session: Session) -> list[str]:
    p = session.prescription
    lines = [f"  {session_title(session)}"]
    if p.timing:
        lines.append("    timing:  " + " + ".join(f"{k} {v}" for k, v in p.timing.items())
                     + f" = {session.minutes} min")
    if p.warmup:
        lines.append("    warm-up: " + p.warmup[0])
        lines.extend("             " + w for w in p.warmup[1:])
    if p.exercises:
        rows = [[ex.name, dose_text(ex), load_text(ex, session.kind),
                 rest_text(ex, session.kind)] for ex in p.exercises]
        table = tabulate(rows, headers=["exercise", "sets x reps", "load", "rest"],
                         tablefmt="simple", disable_numparse=True)
        lines.extend("    " + row for row in table.splitlines())
        cues = [f"{ex.name}: {ex.cue}" for ex in p.exercises if ex.cue]
        if cues:
            lines.append("    how:     " + cues[0])
            lines.extend("             " + c for c in cues[1:])
    if p.cues:
        lines.append("    cues:    " + p.cues[0])
        lines.extend("             " + c for c in p.cues[1:])
    if p.after:
        lines.append("    after:   " + p.after[0])
        lines.extend("             " + a for a in p.after[1:])
    return lines


def day_lines(day: Day) -> list[str]:
    run = RUN_WORDS[day.run.value]
    if day.run_slot is not None and day.run.value != "race":
        run += f" ({day.run_slot.value})"
    head = f"{day.date.strftime('%a %d %b %Y')} · {run}"
    if not day.sessions:
        return [head + " · no strength today"]
    lines = [head]
    for session in day.sessions:
        lines.extend(session_lines(session))
    return lines


def render_days(plan: Plan, week: int, days: list[Day]) -> str:
    """The sheet for ``days`` of plan week ``week``."""
    whole = plan.week(week)
    phases = sorted({d.phase.value for d in whole}, key=[d.phase.value for d in whole].index)
    counted = sum(1 for d in whole for s in d.sessions if s.counted)
    total = week_minutes(whole)
    before = plan.week(week - 1) if week > 1 else []
    trend = ""
    if before and week_minutes(before):
        change = 100 * (total - week_minutes(before)) / week_minutes(before)
        trend = f" ({change:+.0f} % on week {week - 1})"
    lines = [f"{plan.athlete} · {plan.scenario} · {plan.race.distance} on {plan.race.date}",
             f"Week {week} · {whole[0].date} to {whole[-1].date} · {', '.join(phases)} phase"
             f" · {counted} strength session{'s' if counted != 1 else ''} · {total} min"
             f"{trend}", ""]
    for day in days:
        lines.extend(day_lines(day))
        lines.append("")
    return "\n".join(lines)
