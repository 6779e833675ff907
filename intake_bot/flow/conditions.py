"""Structured conditions turned into plain predicates (no ``eval``, no strings of code).

A predicate reads the answers given so far and, for triage rules, what the rules
before it found. A question without an answer makes every test false, except
``answered: false``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from intake_bot.flow.model import Condition


@dataclass
class RuleState:
    """What triage knows while it reads the rules in order."""

    matched_outcomes: set[str] = field(default_factory=set)
    contraindicated: bool = False


Answers = Mapping[str, Any]
Predicate = Callable[[Answers, RuleState | None], bool]


def compile_condition(condition: Condition, named: Mapping[str, Condition]) -> Predicate:
    """Turn ``condition`` into a predicate. ``named`` resolves ``ref``s.

    The flow must have passed :mod:`intake_bot.flow.checks` (no unknown refs, no cycles).
    """
    if condition.all is not None:
        parts = tuple(compile_condition(c, named) for c in condition.all)
        return lambda a, s: all(p(a, s) for p in parts)
    if condition.any is not None:
        parts = tuple(compile_condition(c, named) for c in condition.any)
        return lambda a, s: any(p(a, s) for p in parts)
    if condition.not_ is not None:
        inner = compile_condition(condition.not_, named)
        return lambda a, s: not inner(a, s)
    if condition.ref is not None:
        return compile_condition(named[condition.ref], named)
    if condition.outcome_matched is not None:
        outcome = condition.outcome_matched
        return lambda a, s: s is not None and outcome in s.matched_outcomes
    if condition.contraindicated is not None:
        wanted = condition.contraindicated
        return lambda a, s: s is not None and s.contraindicated == wanted
    return _compile_test(condition)


def _compile_test(condition: Condition) -> Predicate:
    q = condition.q
    assert q is not None
    if condition.answered is not None:
        wanted = condition.answered
        return lambda a, s: (q in a) == wanted
    if condition.eq is not None:
        value = condition.eq
        return lambda a, s: q in a and a[q] == value
    if condition.in_ is not None:
        values = frozenset(condition.in_)
        return lambda a, s: q in a and a[q] in values
    if condition.has is not None:
        values = frozenset(condition.has)
        return lambda a, s: q in a and not values.isdisjoint(a[q])
    if condition.has_other_than is not None:
        values = frozenset(condition.has_other_than)
        return lambda a, s: q in a and any(v not in values for v in a[q])
    assert condition.between is not None
    low, high = condition.between
    return lambda a, s: q in a and low <= a[q] <= high


def walk_condition(
    condition: Condition, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Condition, tuple[str | int, ...]]]:
    """Every condition inside ``condition`` (itself included) with its path below it."""
    yield condition, path
    if condition.all is not None:
        for i, c in enumerate(condition.all):
            yield from walk_condition(c, (*path, "all", i))
    if condition.any is not None:
        for i, c in enumerate(condition.any):
            yield from walk_condition(c, (*path, "any", i))
    if condition.not_ is not None:
        yield from walk_condition(condition.not_, (*path, "not"))


def reachable_conditions(
    condition: Condition, named: Mapping[str, Condition]
) -> Iterator[Condition]:
    """Every condition inside ``condition``, following ``ref``s once each (unknown refs skipped)."""
    seen_refs: set[str] = set()
    stack = [condition]
    while stack:
        for inner, _ in walk_condition(stack.pop()):
            yield inner
            if inner.ref is not None and inner.ref in named and inner.ref not in seen_refs:
                seen_refs.add(inner.ref)
                stack.append(named[inner.ref])


def questions_read(condition: Condition, named: Mapping[str, Condition]) -> set[str]:
    """The question ids a condition reads, following ``ref``s."""
    return {c.q for c in reachable_conditions(condition, named) if c.q is not None}


def describe(condition: Condition) -> str:
    """A short plain-text form of a condition, for diagrams and messages."""
    if condition.all is not None:
        return " and ".join(_grouped(c) for c in condition.all)
    if condition.any is not None:
        return " or ".join(_grouped(c) for c in condition.any)
    if condition.not_ is not None:
        return f"not {_grouped(condition.not_)}"
    if condition.ref is not None:
        return condition.ref
    if condition.outcome_matched is not None:
        return f"outcome {condition.outcome_matched} matched"
    if condition.contraindicated is not None:
        return "contraindicated" if condition.contraindicated else "not contraindicated"
    q = condition.q
    if condition.answered is not None:
        return f"{q} answered" if condition.answered else f"{q} not answered"
    if condition.eq is not None:
        return f"{q} = {condition.eq}"
    if condition.in_ is not None:
        return f"{q} in {'/'.join(map(str, condition.in_))}"
    if condition.has is not None:
        return f"{q} has {'/'.join(condition.has)}"
    if condition.has_other_than is not None:
        return f"{q} has other than {'/'.join(condition.has_other_than)}"
    assert condition.between is not None
    low, high = (int(b) if float(b).is_integer() else b for b in condition.between)
    return f"{q} {low}–{high}"


def _grouped(condition: Condition) -> str:
    text = describe(condition)
    return f"({text})" if condition.all is not None or condition.any is not None else text
