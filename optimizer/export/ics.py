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
* **Reproducible.** ``DTSTAMP`` is derived from the plan, not read from the clock, so the same
  plan exports to the same bytes (:func:`plan_stamp`).
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


def plan_stamp(plan: Plan) -> dt.datetime:
    """The ``DTSTAMP`` of every event of ``plan``: its replan date (``replan.since``) at 00:00
    UTC for a replanned plan, its first day (``start``) at 00:00 UTC before any replan.

    RFC 5545 (3.8.7.2) makes ``DTSTAMP`` the time the iCalendar object was created when it
    has a ``METHOD`` (this one publishes, ``METHOD:PUBLISH``); RFC 5546 (2.1.5) orders two
    versions of one event (the same ``UID``) by ``SEQUENCE`` first and by ``DTSTAMP`` only
    between equal sequences. The plan records no creation time (a plan file repeats byte for
    byte), so the stamp is the date the plan version came into force, which orders versions
    as their ``SEQUENCE`` (the replan number, which decides first) does: ``replan`` refuses
    a replan date before the plan's own (``optimizer.replan.logged_until``), so each version's
    events (its ``STATUS:CANCELLED`` ones too) are never stamped earlier than the version
    they update. Exporting one plan twice gives the same stamp, so importing it again changes
    nothing, as it should.
    """
    day = plan.replan.since if plan.replan is not None else plan.start
    return dt.datetime.combine(day, dt.time(0, 0), dt.timezone.utc)


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
        The ``DTSTAMP`` of every event (UTC); by default :func:`plan_stamp`, so the same
        plan always gives the same bytes.
    """
    times = times or SlotTimes()
    now = (now or plan_stamp(plan)).replace(microsecond=0)
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
