"""The plan as ONE self-contained HTML file: no script, font, style sheet or image from the
network, so it opens anywhere (a phone, a laptop on a plane) and prints.

* a header with the athlete, the race, the phases (with their weeks) and the plan's summary;
* the chart of weekly strength minutes by kind with the quality runs per week (matplotlib,
  inlined as SVG: :mod:`optimizer.export.chart`);
* the calendar, one row per week: the week's phase, then each day with its run and its
  sessions; a click on a session opens its prescription (``<details>``, no script needed),
  and hovering shows it as a tooltip; past days of a replanned plan show what was logged;
* the plan's notes.
"""

from __future__ import annotations

from html import escape

from models import Plan
from models.plan import Day, Session
from models.vocabulary import KINDS, Phase

from ..render import summary_lines
from ..sheet import dose_text, load_text, rest_text
from .chart import KIND_COLOURS, chart_svg
from .text import KIND_TITLES, event_title, replan_text, run_text, session_lines, \
    week_title

PHASE_COLOURS: dict[Phase, str] = {
    Phase.FOUNDATION: "#eef6ee",
    Phase.STRENGTH: "#eaf0fa",
    Phase.POWER: "#f3ecfa",
    Phase.TAPER: "#fbf3e6",
    Phase.RACE: "#fbe9e7",
}
RUN_CODES = {"rest": "rest", "easy": "easy", "workout": "workout", "long": "long run",
             "race": "RACE"}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 margin:1.5rem;color:#222;background:#fff}
h1{margin:0 0 .2rem;font-size:1.5rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
.sub{color:#555;margin:0 0 .8rem}
.phases{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0;padding:0;list-style:none}
.phases li{padding:.2rem .6rem;border-radius:1rem;font-size:.85rem;border:1px solid #ccc}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem;font-size:.85rem}
dl.summary dt{color:#555}dl.summary dd{margin:0}
svg.chart{width:100%;max-width:60rem;height:auto}
table.calendar{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.8rem}
.calendar th,.calendar td{border:1px solid #ddd;vertical-align:top;padding:.3rem}
.calendar th{background:#f4f4f4}.calendar td.wk{width:7.5rem}
.wk b{display:block;font-size:.95rem}.wk span{color:#444}
.date{color:#666;font-size:.72rem}.run{font-weight:600;margin:.1rem 0 .25rem}
.run.quality{color:#9b2c1f}.away{background:repeating-linear-gradient(45deg,#fafafa,#fafafa
 6px,#f0f0f0 6px,#f0f0f0 12px)}
details.session{border-left:4px solid var(--c);background:#fff;margin:.2rem 0;
 padding:.15rem .3rem;border-radius:3px;box-shadow:0 0 0 1px #e4e4e4}
details.session summary{cursor:pointer;list-style:none}
details.session summary::-webkit-details-marker{display:none}
details.session{position:relative}details.session[open]{box-shadow:0 0 0 1px #999}
.rx{font-size:.75rem;line-height:1.35}.rx table{border-collapse:collapse}
details.session[open] .rx{position:absolute;left:0;top:100%;width:24rem;z-index:5;
 background:#fff;padding:.6rem;border-radius:4px;box-shadow:0 4px 18px rgba(0,0,0,.25)}
.calendar td:nth-last-child(-n+3) details.session[open] .rx{left:auto;right:0}
.rx td,.rx th{border:0;padding:0 .4rem 0 0;text-align:left}
.rx ul{margin:.2rem 0;padding-left:1rem}
.logged{font-size:.7rem;color:#7a5a00;background:#fff6d6;border-radius:3px;padding:0 .25rem}
.missed{font-size:.72rem;color:#999;text-decoration:line-through}
.legend span{display:inline-block;margin-right:.8rem;font-size:.8rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.25rem;
 vertical-align:-.1rem;border-radius:2px}
@media print{details.session{break-inside:avoid}
 details.session[open] .rx{position:static;width:auto;box-shadow:none}}
"""


def _prescription_html(session: Session) -> str:
    p = session.prescription
    parts = []
    if p.timing:
        parts.append("<div>" + escape(" + ".join(f"{k} {v}" for k, v in p.timing.items())
                                      + f" = {session.minutes} min") + "</div>")
    if p.warmup:
        parts.append("<div><b>Warm-up</b><ul>" + "".join(f"<li>{escape(w)}</li>"
                                                          for w in p.warmup) + "</ul></div>")
    if p.exercises:
        rows = "".join(
            f"<tr><td>{escape(ex.name)}</td><td>{escape(dose_text(ex))}</td>"
            f"<td>{escape(load_text(ex, session.kind))}</td>"
            f"<td>{escape(rest_text(ex, session.kind))}</td></tr>" for ex in p.exercises)
        parts.append("<table><tr><th>exercise</th><th>sets x reps</th><th>load</th>"
                     f"<th>rest</th></tr>{rows}</table>")
        cues = [f"{ex.name}: {ex.cue}" for ex in p.exercises if ex.cue]
        if cues:
            parts.append("<div><b>How</b><ul>" + "".join(f"<li>{escape(c)}</li>"
                                                          for c in cues) + "</ul></div>")
    if p.cues:
        parts.append("<div><b>Cues</b><ul>" + "".join(f"<li>{escape(c)}</li>"
                                                       for c in p.cues) + "</ul></div>")
    if p.after:
        parts.append("<div><b>After</b><ul>" + "".join(f"<li>{escape(a)}</li>"
                                                        for a in p.after) + "</ul></div>")
    return "".join(parts)


def session_html(session: Session) -> str:
    """A session chip: a click opens its prescription, hovering shows it as a tooltip."""
    tooltip = escape("\n".join(session_lines(session)), quote=True)
    label = f"{session.kind.value} {session.slot.value} · {session.minutes}′"
    if session.supervised:
        label += " · coach"
    if session.prescription.block:
        label += f" · {session.prescription.block}"
    return (f'<details class="session kind-{session.kind.value}" '
            f'style="--c:{KIND_COLOURS[session.kind]}" title="{tooltip}">'
            f"<summary>{escape(label)}</summary><div class=\"rx\">"
            f"<div><b>{escape(event_title(session))}</b></div>"
            f"{_prescription_html(session)}</div></details>")


def day_html(day: Day, away: bool) -> str:
    run = f'<div class="run{" quality" if day.run.is_quality else ""}">' \
          f"{escape(run_text(day))}</div>"
    cells = [f'<div class="date">{day.date.strftime("%a %d %b")}</div>', run]
    record = day.log
    if record is not None:
        facts = (["away"] if record.away else []) + \
            ([f"soreness {record.soreness}/10"] if record.soreness is not None else [])
        cells.append(f'<span class="logged">logged{": " + escape(", ".join(facts)) if facts else ""}'
                     "</span>")
        cells += [f'<div class="missed">{escape(k.value)} missed</div>' for k in record.missed]
    cells += [session_html(s) for s in day.sessions]
    css = ' class="away"' if away or (record is not None and record.away) else ""
    return f"<td{css}>{''.join(cells)}</td>"


def _phases(plan: Plan) -> str:
    spans: dict[Phase, list[int]] = {}
    for day in plan.days:
        spans.setdefault(day.phase, []).append(day.week)
    items = []
    for phase, weeks in spans.items():
        span = f"week {weeks[0]}" if weeks[0] == weeks[-1] else f"weeks {weeks[0]}-{weeks[-1]}"
        items.append(f'<li style="background:{PHASE_COLOURS[phase]}">{escape(phase.value)}: '
                     f"{span}</li>")
    return '<ul class="phases">' + "".join(items) + "</ul>"


def calendar_html(plan: Plan, away: set | frozenset = frozenset()) -> str:
    """The calendar table: one row per plan week."""
    heads = "".join(f"<th>{d.date.strftime('%a')}</th>" for d in plan.week(1))
    rows = []
    for number in sorted({d.week for d in plan.days}):
        days = plan.week(number)
        phase = days[0].phase
        title = week_title(plan, number).split(" · ", 2)[-1]
        cells = "".join(day_html(d, d.date in away) for d in days)
        cells += "<td></td>" * (7 - len(days))
        rows.append(f'<tr id="week-{number}" style="background:{PHASE_COLOURS[phase]}">'
                    f'<td class="wk"><b>Week {number}</b><span>{escape(title)}</span></td>'
                    f"{cells}</tr>")
    return (f'<table class="calendar"><thead><tr><th>week</th>{heads}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def plan_to_html(plan: Plan, away: set | frozenset = frozenset()) -> str:
    """The self-contained HTML page (see the module docstring)."""
    title = f"{plan.athlete}: {plan.scenario}"
    summary = "".join(f"<dt>{escape(k.strip())}</dt><dd>{escape(v)}</dd>"
                      for k, v in summary_lines(plan))
    held = {s.kind for d in plan.days for s in d.sessions}
    legend = "".join(f'<span><i style="background:{KIND_COLOURS[k]}"></i>'
                     f"{escape(KIND_TITLES[k])}</span>" for k in KINDS if k in held)
    replanned = replan_text(plan)
    replanned = f'<p class="sub">{escape(replanned)}</p>' if replanned else ""
    notes = "".join(f"<li>{escape(n)}</li>" for n in plan.notes)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{escape(plan.scenario)}</h1>
<p class="sub">{escape(plan.athlete)} · {escape(str(plan.race.distance))} on \
{plan.race.date.strftime('%A %d %B %Y')}</p>
{replanned}{_phases(plan)}
</header>
<section id="chart"><h2>Weekly load</h2>{chart_svg(plan)}</section>
<section id="calendar"><h2>Calendar</h2>
<p class="legend">{legend} — click a session for its prescription.</p>
{calendar_html(plan, away)}
</section>
<section id="summary"><h2>Summary</h2><dl class="summary">{summary}</dl></section>
<section id="notes"><h2>Notes</h2><ul>{notes}</ul></section>
<footer class="sub">Made with stridelift.</footer>
</body>
</html>
"""
