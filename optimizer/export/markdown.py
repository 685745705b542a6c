"""The whole plan as Markdown a coach can print: summary, then week by week, day by day, each
session with its full prescription (P1-P5) in the ``show`` sheet's words."""

from __future__ import annotations

from tabulate import tabulate

from models import Plan
from models.plan import Day, Session

from ..render import summary_lines
from ..sheet import dose_text, load_text, rest_text, session_title
from .text import day_heading, replan_text, week_title


def session_markdown(session: Session) -> list[str]:
    """One session: its title, timing, warm-up, exercise table, cues and after."""
    p = session.prescription
    lines = [f"**{session_title(session)}**", ""]
    if p.timing:
        lines.append("- Timing: " + " + ".join(f"{k} {v}" for k, v in p.timing.items())
                     + f" = {session.minutes} min")
    lines += [f"- Warm-up: {w}" for w in p.warmup]
    if lines[-1] != "":
        lines.append("")
    if p.exercises:
        rows = [[ex.name, dose_text(ex), load_text(ex, session.kind),
                 rest_text(ex, session.kind), ex.cue or ""] for ex in p.exercises]
        lines += [tabulate(rows, headers=["exercise", "sets x reps", "load", "rest", "how"],
                           tablefmt="github", disable_numparse=True), ""]
    lines += [f"- {c}" for c in p.cues]
    lines += [f"- After: {a}" for a in p.after]
    return lines + [""]


def day_markdown(day: Day) -> list[str]:
    lines = [f"### {day_heading(day)}", ""]
    record = day.log
    if record is not None:
        facts = [f"missed {k.value}" for k in record.missed]
        facts += [f"added {k.value}" for k in record.added]
        if record.away:
            facts.insert(0, "away")
        if record.soreness is not None:
            facts.append(f"soreness {record.soreness}/10")
        if record.note:
            facts.append(record.note)
        lines += [f"_Logged: {'; '.join(facts) or 'done as planned'}_", ""]
    if not day.sessions:
        return lines + ["No strength today.", ""]
    for session in day.sessions:
        lines += session_markdown(session)
    return lines


def plan_to_markdown(plan: Plan) -> str:
    """The printable plan (see the module docstring)."""
    lines = [f"# {plan.scenario}", "",
             f"{plan.athlete} · {plan.race.distance} on {plan.race.date}", ""]
    replanned = replan_text(plan)
    if replanned:
        lines += [replanned, ""]
    lines += [f"- **{k.strip()}**: {v}" for k, v in summary_lines(plan)]
    if plan.notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in plan.notes]
    for number in sorted({d.week for d in plan.days}):
        lines += ["", f"## {week_title(plan, number)}", ""]
        for day in plan.week(number):
            lines += day_markdown(day)
    return "\n".join(lines).rstrip("\n") + "\n"
