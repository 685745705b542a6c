"""The rulebook as code: one small function per rule ID.

Hard rules (H1-H17; H18 lives with the squad model) post constraints; soft rules (S1-S6)
post objective terms. Each function's docstring cites the guide. Adding a rule means adding one
function with its ``@hard`` or ``@soft`` decorator and its tests; the model builder posts every
registered rule in ID order.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import ModelContext

RuleFn = Callable[[ModelContext], None]

HARD: dict[str, RuleFn] = {}
SOFT: dict[str, RuleFn] = {}


def _rule_key(rule_id: str) -> int:
    return int(rule_id[1:])


def _registrar(table: dict[str, RuleFn]) -> Callable[[str], Callable[[RuleFn], RuleFn]]:
    def decorator(rule_id: str) -> Callable[[RuleFn], RuleFn]:
        def register(fn: RuleFn) -> RuleFn:
            table[rule_id] = fn
            fn.rule_id = rule_id  # type: ignore[attr-defined]
            return fn

        return register

    return decorator


hard = _registrar(HARD)
"""``@hard("H4")``: register a hard rule's ``post(ctx)`` function under its rulebook ID."""
soft = _registrar(SOFT)
"""``@soft("S2")``: register a soft rule's ``post(ctx)`` function under its rulebook ID."""


def hard_rules() -> list[tuple[str, RuleFn]]:
    return sorted(HARD.items(), key=lambda item: _rule_key(item[0]))


def soft_rules() -> list[tuple[str, RuleFn]]:
    return sorted(SOFT.items(), key=lambda item: _rule_key(item[0]))


from . import day, objective, progression, week  # noqa: E402,F401  (registers the rules)
