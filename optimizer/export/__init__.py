"""Take a plan to where a runner lives: a calendar, a spreadsheet, a watch, paper, a browser.

=========  ==================================================  ==============================
format     what                                                module
=========  ==================================================  ==============================
ics        iCalendar: one event per session, stable UIDs       :mod:`.ics` (``icalendar``)
csv        the sheet ``stridelift check`` reads back           :mod:`optimizer.plan_csv`
markdown   the whole plan week by week, printable              :mod:`.markdown`
html       one self-contained page: calendar, phases, chart    :mod:`.html` (``matplotlib``)
fit        one FIT workout per session, zipped or in a folder  :mod:`.fit` (``fit-tool``)
=========  ==================================================  ==============================
"""

from __future__ import annotations

import datetime as dt

from models import Plan
from models.scenario import SlotTimes

from ..plan_csv import plan_to_csv
from .chart import MissingExtra
from .fit import fit_zip, plan_to_fit
from .html import plan_to_html
from .ics import plan_to_ics
from .markdown import plan_to_markdown

FORMATS: tuple[str, ...] = ("ics", "csv", "markdown", "html", "fit")
SUFFIXES: dict[str, str] = {"ics": ".ics", "csv": ".csv", "markdown": ".md", "html": ".html",
                            "fit": ".zip"}


def export_bytes(plan: Plan, fmt: str, times: SlotTimes | None = None,
                 away: set[dt.date] | frozenset[dt.date] = frozenset(),
                 now: dt.datetime | None = None) -> bytes:
    """``plan`` as one file in ``fmt`` (``fit``: a zip of the workouts).

    ``times`` are the slot start times (iCalendar, FIT); ``away`` the dates the athlete is
    unavailable (shaded in HTML); ``now`` the iCalendar ``DTSTAMP`` (by default derived from
    the plan, :func:`.ics.plan_stamp`, so the same plan gives the same bytes).
    """
    if fmt == "ics":
        return plan_to_ics(plan, times, now)
    if fmt == "csv":
        return plan_to_csv(plan).encode()
    if fmt == "markdown":
        return plan_to_markdown(plan).encode()
    if fmt == "html":
        return plan_to_html(plan, away).encode()
    if fmt == "fit":
        return fit_zip(plan_to_fit(plan, times))
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "SUFFIXES", "MissingExtra", "export_bytes", "fit_zip", "plan_to_fit",
           "plan_to_html", "plan_to_ics", "plan_to_markdown"]
