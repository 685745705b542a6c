"""Plans as text: a week-by-weekday table (tabulate), Markdown, and the summary block."""

from __future__ import annotations

from collections.abc import Iterable

from tabulate import tabulate

from models import Plan
from models.plan import Day, Session, number
from models.rulebook import SOFT_RULES
from models.vocabulary import GYM_KINDS, Kind, Placement, RunKind

RUN_CODES = {RunKind.REST: "Rest", RunKind.EASY: "E", RunKind.WORKOUT: "W", RunKind.LONG: "L",
             RunKind.RACE: "RACE"}

LEGEND = ("E easy, W workout, L long run, RACE race; +kind rides on the run (snc, hills, "
          "plyo warm-up or after-run); | kind slot is a session of its own; * supervised "
          "(H17); (away) unavailable; min = the week's strength minutes (S6)")


def _session_text(session: Session) -> str:
    star = "*" if session.supervised else ""
    if session.kind in GYM_KINDS:
        return f"| {session.kind.value} {session.slot.value}{star}"
    if session.kind is Kind.PLYO and session.placement is Placement.GYM:
        return f"+plyo{star}"
    if session.kind is Kind.PLYO and session.placement is Placement.STANDALONE:
        return f"| plyo {session.slot.value}{star}"
    return f"+{session.kind.value}{star}"


def cell(day: Day, away: bool = False) -> str:
    """``W +plyo``, ``E | lift pm +plyo``, ``E +snc``: the run, then its strength sessions."""
    parts = [RUN_CODES[day.run]]
    gym_first = sorted(day.sessions, key=lambda s: (s.kind is Kind.PLYO
                                                    and s.placement is Placement.GYM))
    parts.extend(_session_text(s) for s in gym_first)
    text = " ".join(parts)
    return text + " (away)" if away else text


def week_rows(plan: Plan, away: Iterable = ()) -> tuple[list[str], list[list[str]]]:
    away_set = set(away)
    first_week = plan.week(1)
    headers = ["wk", "from", "phase"] + [d.date.strftime("%a") for d in first_week] + ["min"]
    rows = []
    for number_ in sorted({d.week for d in plan.days}):
        days = plan.week(number_)
        phases = [d.phase.value for d in days if d.phase.value != "race"] or ["race"]
        row = [str(number_), days[0].date.isoformat(), phases[0]]
        row += [cell(d, d.date in away_set) for d in days]
        row += [""] * (len(headers) - 1 - len(row))
        row.append(str(sum(s.minutes for d in days for s in d.sessions)))
        rows.append(row)
    return headers, rows


def summary_lines(plan: Plan) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    s = plan.solver
    if s is not None:
        out.append(("status", s.status))
        if s.objective is not None:
            if s.best_bound is None:  # a greedy plan: no bound was proved
                bound, gap = "-", "-"
            else:
                ratio = 0.0 if s.status == "OPTIMAL" or s.best_bound == 0 else \
                    abs(s.best_bound - s.objective) / max(1.0, abs(s.best_bound))
                bound, gap = s.best_bound, f"{ratio:.2%}"
            out.append(("objective", f"{s.objective}   best bound {bound}   gap {gap}"))
        if s.wall_seconds is not None:
            plural = "" if s.workers == 1 else "s"
            out.append(("solve time", f"{s.wall_seconds:.2f} s  (seed {s.seed}, {s.workers} "
                        f"worker{plural}{'' if s.deterministic else ', not reproducible'})"))
        if s.variables is not None:
            out.append(("model", f"{s.variables} variables, {s.constraints} constraints"))
    if plan.introductions:
        ordered = sorted(plan.introductions.items(), key=lambda item: item[1])
        out.append(("introduced", ", ".join(f"{k.value} {d.isoformat()}" for k, d in ordered)))
    if plan.score:
        out.append(("score", "  ".join(f"{k} {number(v)}" for k, v in plan.score.items())))
        out.extend((f"  {k}", f"{number(v):>6}  {SOFT_RULES.get(k, '')}")
                   for k, v in plan.score.items())
    return out


def render_table(plan: Plan, away: Iterable = (), fmt: str = "simple") -> str:
    headers, rows = week_rows(plan, away)
    title = f"{plan.scenario}: {plan.athlete}, {plan.race.distance} on {plan.race.date}"
    table = tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)
    summary = "\n".join(f"{k:<12} {v}" for k, v in summary_lines(plan))
    notes = "\n".join(f"- {n}" for n in plan.notes)
    parts = [title, "", table, "", LEGEND, "", summary]
    if notes:
        parts += ["", "notes:", notes]
    return "\n".join(parts) + "\n"


def render_markdown(plan: Plan, away: Iterable = ()) -> str:
    headers, rows = week_rows(plan, away)
    # A cell's "| lift pm" (a session of its own) would end the Markdown cell: escaped.
    rows = [[str(cell).replace("|", "\\|") for cell in row] for row in rows]
    lines = [f"# {plan.scenario}", "",
             f"{plan.athlete}, {plan.race.distance} on {plan.race.date.isoformat()}", "",
             tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True), "",
             f"_{LEGEND}_", "", "## Summary", ""]
    lines += [f"- **{k.strip()}**: {v}" for k, v in summary_lines(plan)]
    if plan.notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in plan.notes]
    return "\n".join(lines) + "\n"
