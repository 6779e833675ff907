"""A flow's conditions compiled once into predicates (shared by every session)."""

from __future__ import annotations

from dataclasses import dataclass

from intake_bot.flow.conditions import Predicate, compile_condition
from intake_bot.flow.model import Contraindication, Flow, LocalText, Rule


@dataclass(frozen=True)
class CompiledFlow:
    ask_if: tuple[Predicate | None, ...]  # by question index; None = always asked
    question_ids: frozenset[str]
    rules: tuple[tuple[Rule, Predicate], ...]
    contraindications: tuple[tuple[Contraindication, Predicate], ...]
    #: Each contraindication's worded cases, in order, by contraindication id.
    cases: dict[str, tuple[tuple[LocalText, Predicate], ...]]
    #: Each rule's worded cases, in order, by rule id.
    rule_cases: dict[str, tuple[tuple[LocalText, Predicate], ...]]
    #: By question id, the options shown only under a condition: (value, predicate).
    show_if: dict[str, tuple[tuple[str, Predicate], ...]]


def _build(flow: Flow) -> CompiledFlow:
    named = flow.conditions
    return CompiledFlow(
        question_ids=frozenset(q.id for q in flow.questions),
        ask_if=tuple(
            compile_condition(q.ask_if, named) if q.ask_if is not None else None
            for q in flow.questions
        ),
        rules=tuple((r, compile_condition(r.when, named)) for r in flow.rules),
        contraindications=tuple(
            (c, compile_condition(c.when, named)) for c in flow.contraindications
        ),
        cases={
            c.id: tuple((case.text, compile_condition(case.when, named)) for case in c.cases)
            for c in flow.contraindications
        },
        rule_cases={
            r.id: tuple((case.text, compile_condition(case.when, named)) for case in r.cases)
            for r in flow.rules
        },
        show_if={
            q.id: conditional
            for q in flow.questions
            if (
                conditional := tuple(
                    (o.value, compile_condition(o.show_if, named))
                    for o in q.options
                    if o.show_if is not None
                )
            )
        },
    )


def compiled(flow: Flow) -> CompiledFlow:
    return flow.compiled("predicates", _build)
