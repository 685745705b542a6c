"""P6 feedback: what a training log's soreness ratings do to the next weeks' prescriptions.

Rulebook P6 [guide, "Balancing"]: soreness in the first 3-4 weeks of lifting is expected;
after the first month, soreness that hurts quality runs means the load comes down. As a rule:

* a soreness rating at or above ``prescription.soreness_threshold`` (default 5) logged on a
  **quality day** (workout, long run, race),
* within **2 days after** a session of some kind (the day before or two days before: a
  session later on the same day cannot have hurt that day's run),
* once that kind is **past its first 4 weeks** (4 calendar weeks from the week of its first
  session; established kinds always are),

lowers that kind's prescription by ``prescription.soreness_cut_percent`` (default 10 %) for
the **2 weeks** after the sore day — the load of lift and power exercises, the reps of the
other kinds — after which progression resumes from the lower load. Only the part of those 2
weeks from the replan date on is replanned (the past is what was done); two sore days whose
windows overlap extend one cut rather than compounding. Every kind with a session in the
2 days is cut: the log does not say which session hurt.

Loads continue from what was really lifted: the log's ``load_kg`` values become
:class:`~optimizer.loads.Lifted` records, from which each exercise's track continues.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models import Scenario
from models.log import TrainingLog
from models.plan import LoadCut, Session, number
from models.vocabulary import Kind

from .loads import Feedback, LoadAdjustment
from .past import Past

SORE_WINDOW_DAYS = 2  # a session 1 or 2 days before the sore quality day
FIRST_WEEKS = 4  # soreness in a kind's first 4 weeks is expected
CUT_WEEKS = 2  # the cut holds for the 2 weeks after the sore day


@dataclass(frozen=True)
class SoreDay:
    """One logged soreness rating and what P6 made of it.

    Attributes
    ----------
    date, rating
        The sore day and its 0-10 rating.
    adjustments
        The cuts it caused (none when below the threshold, not a quality day, in a kind's
        first weeks, or when its 2 weeks are over by the replan date).
    reason
        In words, why it did or did not cut (for the replan's report).
    """

    date: dt.date
    rating: int
    adjustments: tuple[LoadAdjustment, ...]
    reason: str


def first_sessions(past: Past) -> dict[Kind, dt.date]:
    """Each kind's first session in the logged past."""
    out: dict[Kind, dt.date] = {}
    for date, session in past.sessions():
        out.setdefault(session.kind, date)
    return out


def weeks_since(scenario: Scenario, first: dt.date, day: dt.date) -> int:
    """Calendar weeks of the plan from ``first``'s week to ``day``'s (0 in the same week)."""
    return (day - scenario.start).days // 7 - (first - scenario.start).days // 7


def _sessions_before(past: Past, day: dt.date) -> list[tuple[dt.date, Session]]:
    return [(d, s) for d, s in past.sessions()
            if 1 <= (day - d).days <= SORE_WINDOW_DAYS]


def sore_day(scenario: Scenario, past: Past, date: dt.date, rating: int) -> SoreDay:
    """What P6 makes of ``rating`` logged on ``date`` (see the module docstring)."""
    settings = scenario.prescription
    threshold, percent = settings.soreness_threshold, settings.soreness_cut_percent
    run = scenario.run_on(date)
    none: tuple[LoadAdjustment, ...] = ()
    if rating < threshold:
        return SoreDay(date, rating, none, f"below the threshold of {threshold}: no change")
    if not run.is_quality:
        return SoreDay(date, rating, none, f"on an {run.value} day: P6 counts soreness that "
                       "hurts a quality run only")
    if percent == 0:
        return SoreDay(date, rating, none, "soreness_cut_percent is 0: P6 is off")
    before = _sessions_before(past, date)
    if not before:
        return SoreDay(date, rating, none, f"no strength session in the {SORE_WINDOW_DAYS} "
                       "days before: no change")
    first = first_sessions(past)
    cuts, young = [], []
    start = max(date + dt.timedelta(days=1), past.since)
    last = date + dt.timedelta(weeks=CUT_WEEKS)
    for d, session in before:
        kind = session.kind
        if not scenario.established(kind) and weeks_since(scenario, first[kind], d) \
                < FIRST_WEEKS:
            young.append(kind.value)
        elif start <= last and all(c.kind is not kind for c in cuts):
            cuts.append(LoadAdjustment(kind, start, last, float(percent)))
    after = ", ".join(f"{s.kind.value} on {d}" for d, s in before)
    expected = (f"{', '.join(dict.fromkeys(young))} in {'its' if len(set(young)) == 1 else 'their'}"
                f" first {FIRST_WEEKS} weeks: soreness expected") if young else ""
    if cuts:
        what = ", ".join(c.kind.value for c in cuts)
        return SoreDay(date, rating, tuple(cuts),
                       f"{what} {number(percent)} % lighter from {start} to {last} (after "
                       f"{after}{'; ' + expected if expected else ''})")
    if young:
        return SoreDay(date, rating, none, f"after {after}: {expected}, no change")
    return SoreDay(date, rating, none, f"its {CUT_WEEKS} weeks ended before the replan date")


def merge(adjustments: list[LoadAdjustment]) -> tuple[LoadAdjustment, ...]:
    """Overlapping cuts of one kind become one cut over their union (no compounding)."""
    out: list[LoadAdjustment] = []
    for adj in sorted(adjustments, key=lambda a: (a.kind.value, a.first)):
        prev = out[-1] if out else None
        if prev is not None and prev.kind is adj.kind and adj.first <= prev.last:
            out[-1] = LoadAdjustment(adj.kind, prev.first, max(prev.last, adj.last),
                                     max(prev.percent, adj.percent))
        else:
            out.append(adj)
    return tuple(out)


def sore_days(scenario: Scenario, past: Past, log: TrainingLog) -> list[SoreDay]:
    """Every soreness rating of the log before the replan date, judged by P6."""
    return [sore_day(scenario, past, date, entry.soreness)
            for date, entry in sorted(log.days.items())
            if entry.soreness is not None and date < past.since]


def feedback(past: Past, sore: list[SoreDay],
             earlier: tuple[LoadAdjustment, ...] = ()) -> Feedback:
    """The :class:`~optimizer.loads.Feedback` for the replan's prescriptions: the cuts of
    ``sore`` and those of an earlier replan still running at the replan date (a cut already
    applied to a past session is not applied again: the past loads are lifted loads)."""
    cuts = [a for day in sore for a in day.adjustments]
    cuts += [a for a in earlier if a.last >= past.since]
    return Feedback(adjustments=merge(cuts), lifted=past.lifted)


def as_cut(adjustment: LoadAdjustment, reason: str = "") -> LoadCut:
    """A cut as the plan records it (``replan.cuts``)."""
    return LoadCut(kind=adjustment.kind, first=adjustment.first, last=adjustment.last,
                   percent=number(adjustment.percent), reason=reason)


def from_cut(cut: LoadCut) -> LoadAdjustment:
    return LoadAdjustment(cut.kind, cut.first, cut.last, float(cut.percent))
