"""Rule IDs and their one-line titles, as ``../shared/docs/rulebook.md`` numbers them.

The model, the checker, explanations and reports all name rules by these IDs; the titles are
the coach-facing words shown next to them.
"""

from __future__ import annotations

HARD_RULES: dict[str, str] = {
    "H1": "one strength session a day",
    "H2": "run first, lift later",
    "H3": "lift late enough",
    "H4": "no gym the day before quality",
    "H5": "no conditioning after lifting",
    "H6": "no plyo two days running",
    "H7": "quality days stay clean",
    "H8": "hills are a hard session",
    "H9": "availability",
    "H10": "weekly band of 2 to 4 sessions",
    "H11": "lift every week",
    "H12": "weekly caps",
    "H13": "one new kind at a time",
    "H14": "the ladder",
    "H15": "power phase",
    "H16": "taper",
    "H17": "supervision",
    "H18": "shared gym and coach",
}

SOFT_RULES: dict[str, str] = {
    "S1": "stimulus",
    "S2": "interference with quality runs",
    "S3": "the guide's favourite slot",
    "S4": "routine",
    "S5": "spread",
    "S6": "progression",
}

RULES: dict[str, str] = {**HARD_RULES, **SOFT_RULES}

# Rules tagged [default] in the rulebook: practitioner defaults the guide does not state, which
# a scenario may switch off under ``rules: {off: [...]}``. H9 (availability) is [default] too,
# but it states facts about the athlete's life rather than advice, so it cannot be switched off.
SWITCHABLE_RULES: tuple[str, ...] = ("H8", "H16")


def title(rule_id: str) -> str:
    """``"H4 no gym the day before quality"``."""
    return f"{rule_id} {RULES[rule_id]}"


def min_minutes(kind: str, placement: str = "standalone") -> int:
    """A session's minimum length (rulebook, Vocabulary table; H9).

    ``snc`` 10, ``lift`` and ``power`` 45 (warm-up included), ``plyo`` 10 (5 when placed
    ``gym`` or ``warmup``), ``hills`` 30 (warm-up included).
    """
    if kind == "plyo" and placement in ("gym", "warmup"):
        return 5
    return {"snc": 10, "lift": 45, "power": 45, "plyo": 10, "hills": 30}[kind]


def max_minutes(kind: str, placement: str = "standalone") -> int:
    """A session's longest sensible length (the upper end of the Vocabulary table)."""
    if kind == "plyo" and placement in ("gym", "warmup"):
        return 10
    return {"snc": 30, "lift": 60, "power": 60, "plyo": 20, "hills": 45}[kind]


# What each hard rule asks, in a coach's words (used by explanations and check reports).
RULE_SENTENCES: dict[str, str] = {
    "H1": "at most one strength session a day (a warm-up or gym-end plyo rides along)",
    "H2": "run first, lift later: no gym session before or with the run, and on a quality "
          "day only in the afternoon with double days",
    "H3": "lift at least 3 hours after waking: gym sessions in the afternoon, or on a "
          "run-free morning marked as late",
    "H4": "no gym session the day before a workout, long run or race",
    "H5": "nothing hard the day after lifting: no conditioning, gym or hill sprints",
    "H6": "no plyometrics two days running",
    "H7": "workout, long-run and race days stay clean of strength work",
    "H8": "hill sprints only on an easy or rest day, not the day before a quality day or a "
          "gym session, once a week",
    "H9": "nothing on days away, the gym only on gym days, hills only with a hill, and the "
          "day's strength minutes within the daily budget",
    "H10": "2 to 4 strength sessions in every full week once strength work has started, and "
           "never more than 4",
    "H11": "a gym session in every full week once lifting is introduced or established",
    "H12": "weekly caps on lifting, power, gym sessions, conditioning and plyometrics",
    "H13": "one new kind of strength work at a time, weeks apart, and nothing new in the last "
           "weeks before the race",
    "H14": "the ladder: conditioning first, then lifting, plyo at the gym before drills, "
           "power after lifting, hills after conditioning",
    "H15": "power work only in the last weeks before the race",
    "H16": "the taper: at most 2 light sessions and no gym in the last 7 days, no hills or "
           "drills in the last 4, nothing the last 2; no gym or hills just before or after a "
           "tune-up race",
    "H17": "the first weeks of lifting, power and plyometrics only when a coach can watch",
    "H18": "the shared gym and coach hold only so many athletes at once",
}
