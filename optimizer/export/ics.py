"""iCalendar export (RFC 5545, through the ``icalendar`` library): one event per session.

* **When.** A session starts at its slot's time (scenario ``slot_times``: ``am`` 07:00 and
  ``pm`` 17:30 by default); sessions sharing a slot follow each other (a gym session, then
  the plyo that ends it). Without a ``timezone`` the times are floating local times (07:00
  wherever the athlete is); with one, they carry its ``TZID`` and the calendar its
  ``VTIMEZONE``. An event lasts the session's minutes.
* **What.** The summary names the kind (and placement, and a coach for supervised sessions,
  H17); the description is the prescription in the ``show`` sheet's words (P1-P5).
* **Updates, not duplicates.** An event's ``UID`` is derived from the plan's identity
  (scenario, athlete, race date and distance) and the session's date, kind, placement and
  slot, so the calendar of a replanned plan carries the same UID for every session it keeps:
  importing it updates those events. ``SEQUENCE`` is the plan's replan number (0 before any
  replan), so the update wins; the sessions a replan removed (``replan.removed``) are
  exported as cancelled events (``STATUS:CANCELLED``) so that importing removes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import icalendar

from models import Plan
from models.plan import Session, SessionKey
from models.rulebook import min_minutes
from models.scenario import SlotTimes
from models.vocabulary import Kind, Placement, Slot

from .text import event_title, session_lines

PRODID = "-//stridelift//plan export//EN"
UID_DOMAIN = "stridelift"


def session_uid(plan: Plan, date: dt.date, kind: Kind, placement: Placement,
                slot: Slot) -> str:
    """The event UID of a session: stable across replans of the same plan."""
    text = f"{plan.identity}|{date.isoformat()}|{kind.value}|{placement.value}|{slot.value}"
    return f"{hashlib.sha256(text.encode()).hexdigest()[:32]}@{UID_DOMAIN}"


def slot_start(date: dt.date, slot: Slot, times: SlotTimes) -> dt.datetime:
    """When ``slot`` starts on ``date`` (floating local time without a time zone)."""
    zone = ZoneInfo(times.timezone) if times.timezone else None
    return dt.datetime.combine(date, times.start(slot), zone)


def starts(date: dt.date, sessions: list[Session], times: SlotTimes) -> list[dt.datetime]:
    """Each session's start: its slot's time, after the sessions before it in that slot."""
    used: dict[Slot, int] = {}
    out = []
    for s in sessions:
        offset = used.get(s.slot, 0)
        out.append(slot_start(date, s.slot, times) + dt.timedelta(minutes=offset))
        used[s.slot] = offset + s.minutes
    return out


def _event(plan: Plan, key: SessionKey, begin: dt.datetime, minutes: int, summary: str,
           description: str, now: dt.datetime, cancelled: bool = False) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", session_uid(plan, key.date, key.kind, key.placement, key.slot))
    event.add("dtstamp", now)
    event.add("sequence", plan.replan.number if plan.replan is not None else 0)
    event.add("dtstart", begin)
    event.add("dtend", begin + dt.timedelta(minutes=minutes))
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [key.kind.value])
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def plan_to_ics(plan: Plan, times: SlotTimes | None = None,
                now: dt.datetime | None = None) -> bytes:
    """The plan as an iCalendar file (see the module docstring).

    Parameters
    ----------
    plan
        Any plan (a replanned one adds its cancelled sessions).
    times
        Slot start times and time zone (the scenario's ``slot_times``); defaults otherwise.
    now
        The ``DTSTAMP`` of every event (UTC); the current time by default.
    """
    times = times or SlotTimes()
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{plan.athlete}: {plan.scenario}")
    for day in plan.days:
        for session, begin in zip(day.sessions, starts(day.date, day.sessions, times)):
            key = SessionKey(date=day.date, kind=session.kind, placement=session.placement,
                             slot=session.slot)
            description = "\n".join(session_lines(session) + [f"Plan: {plan.scenario}"])
            cal.add_component(_event(plan, key, begin, session.minutes,
                                     event_title(session), description, now))
    removed = plan.replan.removed if plan.replan is not None else []
    for key in removed:
        minutes = min_minutes(key.kind.value, key.placement.value)
        cal.add_component(_event(plan, key, slot_start(key.date, key.slot, times), minutes,
                                 f"Cancelled: {key.kind.value}",
                                 "Removed by a replan of the training plan.", now,
                                 cancelled=True))
    if times.timezone:
        cal.add_missing_timezones()
    return cal.to_ical()
