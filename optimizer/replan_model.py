"""A replan's CP-SAT model: the plan model with its logged past fixed and a stability term.

Built on :class:`~optimizer.model.PlanModel` without touching the rules:

* **The past is fixed.** Every session variable of a day before the replan date is fixed (by
  its domain, so the model keeps its size) to what was really done (:mod:`optimizer.past`):
  done sessions to 1 in their logged kind, placement and slot, everything else to 0. So is
  every introduction variable the past decides (a new kind's first week, or "not yet" for the
  weeks wholly in the past), and every "started by week w" literal that follows from them.
  The rules are posted over the whole horizon as usual, so the past counts for weekly bands
  and caps, spacing across the replan date, introductions and the ladder.
* **A past that breaks a rule is a fact, not an infeasibility.** A rule constraint whose
  variables are all fixed and that the past breaks (two sessions on one logged day) is
  dropped: the checker reports it as a *logged* violation (:func:`optimizer.check.
  split_logged`). A constraint across the replan date that the past alone makes impossible is
  relaxed as a coach would: a cap the past already exceeds becomes "nothing more this week",
  and a floor it cannot reach any more is switched off at a cost of :data:`RELAX_POINTS`
  (reported in the plan's ``replan.relaxed``). Should the future still be infeasible, every
  constraint across the replan date is made relaxable that way, and so is every weekly floor
  (H10, H11) of a week that the log's new dates away fall in, and the model solved again
  (:func:`relax_for_past` says why).
* **Stability.** Each session variable from the replan date on that differs from the previous
  plan costs ``weight`` points (default :data:`STABILITY_POINTS`): a session dropped costs it
  once, a session added once, a session moved (dropped here, added there) twice. The term is
  linear in the session variables (no new variables) and reported apart from S1-S6: the
  plan's ``score`` stays S1-S6 and ``solver.objective`` = their sum + stability (-
  :data:`RELAX_POINTS` per relaxed floor, none in a normal replan). With the previous plan
  optimal and nothing logged, it is the unique optimum, so the replan returns it unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models import Plan, Session
from models.vocabulary import Kind

from .context import SCALE, ModelContext
from .model import PlanModel
from .past import Past
from .solve import SessionKey, held_sessions
from .variables import SessionVar, Variables

STABILITY_POINTS = 2.5
"""Points per changed session. A move (5 points) outweighs a routine change (S4, 1), an
interference penalty (S2, 1) or the favourite slot (S3, 2), and adding a session pays only for
a lift (S1, 5); so the replan changes a session where the rules, the logged past or a clear
gain call for it. The half point keeps the term from tying with the integer S1-S6 points."""
RELAX_POINTS = 1000
"""Cost of switching off one rule constraint across the replan date (a floor the logged
past cannot reach any more): far above any plan's score, so only the past's own breaks use it."""


@dataclass
class Fixed:
    """What :func:`fix_past` fixed: variable index -> value, and logged sessions that no
    variable could hold apart (two of one kind on one day)."""

    values: dict[int, int] = field(default_factory=dict)
    unmodelled: list[tuple[dt.date, Session]] = field(default_factory=list)


def _set(pm: PlanModel, var: cp_model.IntVar, value: int, fixed: Fixed) -> None:
    domain = pm.model.proto.variables[var.index].domain
    domain.clear()
    domain.extend([value, value])
    fixed.values[var.index] = value


def var_for(variables: Variables, index: int, session: Session,
            taken: set[SessionVar]) -> SessionVar | None:
    """The session variable of day ``index`` that stands for a logged ``session``: its kind,
    placement and slot, else its kind and placement in the other slot, else its kind."""
    options = variables.select(day=index, kind=session.kind)
    for match in (lambda sv: sv.placement is session.placement and sv.slot is session.slot,
                  lambda sv: sv.placement is session.placement,
                  lambda sv: True):
        found = [sv for sv in options if match(sv) and sv not in taken]
        if found:
            return found[0]
    return None


def past_vars(variables: Variables, past: Past) -> tuple[set[SessionVar],
                                                          list[tuple[dt.date, Session]]]:
    """The variables of the logged past's sessions, and the sessions none could hold."""
    chosen: set[SessionVar] = set()
    unmodelled = []
    for date, session in past.sessions():
        sv = var_for(variables, variables.calendar.index_of(date), session, chosen)
        if sv is None:
            unmodelled.append((date, session))
        else:
            chosen.add(sv)
    return chosen, unmodelled


def count_logged(past: Past) -> Callable[[ModelContext], None]:
    """A :class:`~optimizer.model.PlanModel` ``after_hard`` hook: a logged session that the
    rules forbid (a lift on a workout day) is not left out of the soft terms, so S1-S6 score
    the logged past as the checker does."""
    def hook(ctx: ModelContext) -> None:
        chosen, _ = past_vars(ctx.vars, past)
        for sv in chosen:
            ctx.forbidden.pop(sv, None)

    return hook


def fix_past(pm: PlanModel, past: Past) -> Fixed:
    """Fix every variable of the days before ``past.since`` to what was done."""
    fixed = Fixed()
    chosen, fixed.unmodelled = past_vars(pm.vars, past)
    cal = pm.calendar
    boundary = cal.index_of(past.since)
    for sv in pm.vars.sessions:
        if sv.day.index < boundary:
            _set(pm, sv.var, int(sv in chosen), fixed)
    first_week: dict[Kind, int] = {}
    for sv in sorted(chosen, key=lambda s: s.day.index):
        first_week.setdefault(sv.kind, sv.week)
    # With each introduction, the "started by week w" literal it decides, so that a rule over a
    # week wholly in the past (H10, H11, H12, H17) is seen as fixed, and a broken one as logged.
    for (kind, week), var in pm.vars.intro.items():
        started = pm.vars.started_by[kind, week]
        if kind in first_week:
            _set(pm, var, int(week == first_week[kind]), fixed)
            _set(pm, started, int(week >= first_week[kind]), fixed)
        elif cal.week(week).days[-1] < boundary:
            _set(pm, var, 0, fixed)
            _set(pm, started, 0, fixed)
    return fixed


def _range(proto: Any, indexes: list[int], coeffs: list[int]) -> tuple[int, int]:
    """The least and most ``sum(coeff * var)`` can be, from the variables' domains."""
    low = high = 0
    for index, coeff in zip(indexes, coeffs):
        domain = proto.variables[index].domain
        lo, hi = domain[0], domain[len(domain) - 1]
        low += min(coeff * lo, coeff * hi)
        high += max(coeff * lo, coeff * hi)
    return low, high


@dataclass
class Relaxation:
    """What :func:`relax_for_past` did, per rule ID, and the literals it added."""

    dropped: Counter[str] = field(default_factory=Counter)
    """Constraints wholly in the logged past that it breaks (reported as logged)."""
    capped: Counter[str] = field(default_factory=Counter)
    """Caps across the replan date the past exceeds: now "nothing more"."""
    literals: list[tuple[str, cp_model.IntVar]] = field(default_factory=list)
    """Floors made optional (across the replan date, or of a week the log's dates away fall
    in), with their literal (1 = kept)."""

    def relaxed(self, value: Callable[[cp_model.IntVar], int]) -> dict[str, int]:
        """Per rule, the constraints that were relaxed in the solution ``value`` gives:
        caps, and floors switched off."""
        out = Counter(self.capped)
        for rule, lit in self.literals:
            if not value(lit):
                out[rule] += 1
        return dict(sorted(out.items()))

    def penalty(self) -> cp_model.LinearExprT:
        """``-RELAX_POINTS`` (in objective units) per floor switched off."""
        return sum((RELAX_POINTS * SCALE * (lit - 1) for _, lit in self.literals), 0)


def relax_for_past(pm: PlanModel, fixed: Fixed, every_crossing: bool = False,
                   away: Collection[int] = ()) -> Relaxation:
    """Make the rule constraints satisfiable whatever the log holds.

    Per rule constraint touching a fixed variable: wholly fixed and broken -> dropped;
    across the replan date and impossible by bounds -> a cap (the past already over) becomes
    "the free part adds its least", a floor (out of reach) gets an enforcement literal that
    costs :data:`RELAX_POINTS` when off. With ``every_crossing`` (the fallback when the future
    is still infeasible), every constraint across the replan date gets such a literal, and so
    does every floor over a day of ``away``: the day indexes from the replan date on that the
    log newly marks away.

    H11 (and H10 alike) in a week of the log's new dates away, decided as a coach would: a
    week in which the athlete is away on every gym day the running week leaves for a gym
    session (away Monday to Wednesday, Friday a workout, Saturday the day before the long
    run: H2, H4) cannot hold its gym session. H11 excuses a week only when the athlete is
    away on *every* gym-access day of it (:func:`~optimizer.rules.week.gym_week_excused`),
    in a solve and in a replan alike, so such a week is not excused but broken: the replan
    keeps the rest of the plan, switches off that week's floor alone (each floor off costs
    :data:`RELAX_POINTS`, so no other goes), and names the break with its rule ID and dates
    (``ReplanResult.broken``, the plan's notes; ``stridelift check`` reports the same
    break). A solve of a scenario with those dates away has no plan instead, and
    ``explain`` offers to drop them: a scenario can still be changed, a trip the log records
    cannot. These floors are found by their days, not through the past: when the kind is
    established, ``started`` is the constant 1, so the floor of a week after the replan date
    touches no fixed variable at all (for a kind begun in the plan it touches the fixed
    "started" literal, which alone made such a replan find it).

    The scenario's own dates away can leave a floor out of reach as well, the coach's too: a
    coach away (``coach.unavailable``) for the weeks right after lifting began, while H17
    asks for a coach at lifting's first ``supervised_weeks`` weeks, leaves those weeks no
    slot for the gym session H11 asks for. Decided as a coach would: lifting has begun, a
    fact of the logged past that no replan undoes (the floors of those weeks touch its fixed
    "started" literal, so the fallback makes them relaxable), so the replan breaks H11 in
    those weeks alone rather than having no plan, and names the real causes - the date
    lifting began, H17 and the coach's absence - not the log
    (:func:`optimizer.replan_causes.floor_causes`).
    """
    proto = pm.model.proto
    out = Relaxation()
    day_of = {sv.var.index: sv.day.index for sv in pm.vars.sessions}
    away = set(away)
    for rule, index in pm.ctx.posted:
        ct = proto.constraints[index]
        if not ct.has_linear():
            continue
        linear = ct.linear
        indexes, coeffs = list(linear.vars), list(linear.coeffs)
        if not any(i in fixed.values for i in indexes):
            floor = linear.domain[len(linear.domain) - 1] == cp_model.INT_MAX  # ">=" only
            if every_crossing and floor and any(day_of.get(i) in away for i in indexes):
                out.literals.append((rule, _enforced_by_literal(pm, ct, rule, index)))
            continue
        constant = sum(c * fixed.values[i] for i, c in zip(indexes, coeffs)
                       if i in fixed.values)
        free = [(i, c) for i, c in zip(indexes, coeffs) if i not in fixed.values]
        low, high = _range(proto, [i for i, _ in free], [c for _, c in free])
        bounds = list(linear.domain)
        lower, upper = bounds[0], bounds[-1]
        possible = any(max(constant + low, a) <= min(constant + high, b)
                       for a, b in zip(bounds[::2], bounds[1::2]))
        if not free:
            if not possible:
                ct.clear_linear()
                out.dropped[rule] += 1
            continue
        if not possible and constant + low > upper:
            linear.domain.clear()
            linear.domain.extend([min(lower, constant + low), constant + low])
            out.capped[rule] += 1
        elif not possible or every_crossing:
            out.literals.append((rule, _enforced_by_literal(pm, ct, rule, index)))
    return out


def _enforced_by_literal(pm: PlanModel, ct: Any, rule: str, index: int) -> cp_model.IntVar:
    """A new literal that enforces constraint ``ct`` (its relaxation: 0 switches it off)."""
    lit = pm.model.new_bool_var(f"{pm.vars.prefix}relax_{rule}_{index}")
    ct.enforcement_literal.append(lit.index)
    return lit


def stability_term(pm: PlanModel, previous: Plan, since: dt.date,
                   weight: float) -> tuple[cp_model.LinearExprT, set[SessionKey]]:
    """``-weight`` points per session variable from ``since`` on that differs from
    ``previous`` (objective units), and the previous plan's sessions from ``since`` on."""
    points = round(weight * SCALE)
    old = {key for key in held_sessions(previous) if key[0] >= since}
    expr: cp_model.LinearExprT = 0
    known: set[SessionKey] = set()
    for sv in pm.vars.sessions:
        if sv.day.date < since:
            continue
        key = (sv.day.date, sv.kind, sv.placement, sv.slot)
        if key in old:
            known.add(key)
            expr += points * (sv.var - 1)
        else:
            expr -= points * sv.var
    return expr - points * len(old - known), old
