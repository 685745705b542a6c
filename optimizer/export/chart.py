"""The plan's weekly chart, drawn by matplotlib as an SVG to inline in the HTML export.

Bars: each week's strength minutes, stacked by kind (what S6 compares week to week). Line, on
a second axis: the week's quality runs (workouts, long runs, races), the load the strength
work is planned around. The SVG keeps its text as text (searchable, no embedded font) and is
byte-for-byte repeatable (fixed id salt, no date).
"""

from __future__ import annotations

import io
import re

from models import Plan
from models.vocabulary import KINDS, Kind

from .text import KIND_TITLES, quality_runs

KIND_COLOURS: dict[Kind, str] = {
    Kind.SNC: "#4c9a6a",
    Kind.LIFT: "#3b6fb6",
    Kind.POWER: "#8e5cb8",
    Kind.PLYO: "#e08a2c",
    Kind.HILLS: "#b5493c",
}
QUALITY_COLOUR = "#333333"


class MissingExtra(RuntimeError):
    """An export needs an optional dependency that is not installed."""


def weekly_series(plan: Plan) -> tuple[list[int], dict[Kind, list[int]], list[int]]:
    """Week numbers, minutes per kind per week, and quality runs per week."""
    weeks = sorted({d.week for d in plan.days})
    minutes = {k: [sum(s.minutes for d in plan.week(w) for s in d.sessions if s.kind is k)
                   for w in weeks] for k in KINDS}
    quality = [quality_runs(plan.week(w)) for w in weeks]
    return weeks, minutes, quality


def chart_svg(plan: Plan) -> str:
    """The chart as an ``<svg>`` element (no XML prolog), to inline in HTML."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise MissingExtra("the html export draws its chart with matplotlib: "
                           "pip install 'stridelift[export]'") from exc
    weeks, minutes, quality = weekly_series(plan)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "stridelift",
                                "font.size": 9}):
        fig = Figure(figsize=(9, 3.2))
        ax = fig.add_subplot()
        bottom = [0] * len(weeks)
        for kind in KINDS:
            if any(minutes[kind]):
                ax.bar(weeks, minutes[kind], bottom=bottom, color=KIND_COLOURS[kind],
                       label=KIND_TITLES[kind], width=0.75)
                bottom = [b + m for b, m in zip(bottom, minutes[kind])]
        ax.set_xlabel("plan week")
        ax.set_ylabel("strength minutes")
        ax.set_xticks(weeks)
        ax.set_xlim(weeks[0] - 0.6, weeks[-1] + 0.6)
        ax.spines[["top"]].set_visible(False)
        runs = ax.twinx()
        runs.plot(weeks, quality, color=QUALITY_COLOUR, marker="o", linewidth=1.5,
                  label="quality runs")
        runs.set_ylabel("quality runs")
        runs.set_ylim(0, max(quality + [1]) + 1)
        runs.spines[["top"]].set_visible(False)
        handles = ax.get_legend_handles_labels()
        more = runs.get_legend_handles_labels()
        ax.legend(handles[0] + more[0], handles[1] + more[1], loc="upper left",
                  ncols=3, frameon=False, fontsize=8)
        ax.set_ylim(0, max(bottom + [10]) * 1.35)
        ax.set_title("Weekly strength minutes by kind, and quality runs per week")
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1', svg, count=1)
    return svg.replace("<svg ", '<svg class="chart" role="img" aria-label="weekly strength '
                       'minutes by kind and quality runs per week" ', 1)
