"""Triage: the flow's rules read on one person's answers -> an explained outcome.

A pure function of flow + answers. The outcome is the most severe among the
matching rules (the flow's default outcome when none match); every matching
rule gives its reason, most severe first, so the result explains itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from intake_bot.catalog import join_words
from intake_bot.flow.compiled import compiled
from intake_bot.flow.conditions import Predicate, RuleState
from intake_bot.flow.model import Condition, Contraindication, Flow, LocalText, plain_number
from intake_bot.flow.templates import CONTRAINDICATIONS, PLACEHOLDER, reported


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchedRule:
    id: str
    outcome: str
    severity: int
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundContraindication:
    id: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TriageResult:
    flow_id: str
    flow_version: int
    language: str
    outcome: str
    severity: int
    title: str
    text: str
    next_steps: str | None
    rules: tuple[MatchedRule, ...]
    contraindications: tuple[FoundContraindication, ...]
    disclaimer: str

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]

    def to_json(self) -> dict[str, Any]:
        """The result as the CLI and exports print it."""
        return {
            "flow": {"id": self.flow_id, "version": self.flow_version},
            "language": self.language,
            "outcome": self.outcome,
            "severity": self.severity,
            "title": self.title,
            "text": self.text,
            "next_steps": self.next_steps,
            "rules": self.rule_ids,
            "reasons": [asdict(rule) for rule in self.rules],
            "contraindications": [c.id for c in self.contraindications],
            "disclaimer": self.disclaimer,
        }

    def to_text(self) -> str:
        """Plain text for a person: outcome, why, what next, disclaimer."""
        lines = [self.title, "", self.text]
        if self.rules:
            lines += ["", *(f"- {rule.reason}" for rule in self.rules)]
        if self.next_steps:
            lines += ["", self.next_steps]
        lines += ["", self.disclaimer]
        return "\n".join(lines)


def triage(flow: Flow, answers: Mapping[str, Any], language: str | None = None) -> TriageResult:
    """Read every rule on ``answers`` (already checked, e.g. by ``check_answers``)."""
    language = language or flow.languages[0]
    plan = compiled(flow)
    found = [
        _found(flow, contra, plan.cases[contra.id], answers, language)
        for contra, holds in plan.contraindications
        if holds(answers, None)
    ]
    state = RuleState(contraindicated=bool(found))
    severity_of = {o.id: o.severity for o in flow.outcomes}
    matched: list[MatchedRule] = []
    for rule, holds in plan.rules:
        if holds(answers, state):
            state.matched_outcomes.add(rule.outcome)
            reason = fill(flow, rule.reason, rule.when, answers, language, found)
            matched.append(
                MatchedRule(
                    id=rule.id,
                    outcome=rule.outcome,
                    severity=severity_of[rule.outcome],
                    reason=reason,
                )
            )
    matched.sort(key=lambda rule: -rule.severity)
    outcome = flow.outcome(matched[0].outcome if matched else flow.default_outcome)
    return TriageResult(
        flow_id=flow.id,
        flow_version=flow.version,
        language=language,
        outcome=outcome.id,
        severity=outcome.severity,
        title=flow.text(outcome.title, language),
        text=flow.text(outcome.text, language),
        next_steps=flow.text(outcome.next_steps, language) if outcome.next_steps else None,
        rules=tuple(matched),
        contraindications=tuple(found),
        disclaimer=flow.text(flow.disclaimer, language),
    )


def _found(
    flow: Flow,
    contra: Contraindication,
    cases: tuple[tuple[LocalText, Predicate], ...],
    answers: Mapping[str, Any],
    language: str,
) -> FoundContraindication:
    """A contraindication that holds, worded by its first case that holds (else its text)."""
    for (text, holds), case in zip(cases, contra.cases, strict=True):
        if holds(answers, None):
            both = Condition(all=(contra.when, case.when))
            return FoundContraindication(
                id=contra.id, text=fill(flow, text, both, answers, language)
            )
    return FoundContraindication(
        id=contra.id, text=fill(flow, contra.text, contra.when, answers, language)
    )


def fill(
    flow: Flow,
    template: dict[str, str],
    condition: Condition,
    answers: Mapping[str, Any],
    language: str,
    found: list[FoundContraindication] | None = None,
) -> str:
    """``template`` in ``language`` with its placeholders filled (see
    :mod:`intake_bot.flow.templates`): what the person reported that ``condition``
    looks for, and the contraindications ``found``."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == CONTRAINDICATIONS and found is not None:
            return join_words([c.text for c in found], language)
        if not flow.has_question(name) or name not in answers:
            return match.group(0)
        question = flow.question(name)
        # The loader makes sure the condition looks for what it names; the whole answer
        # is only a guard, so that a sentence never has a gap.
        values = reported(condition, name, answers[name], flow.conditions) or (
            answers[name] if isinstance(answers[name], list | tuple) else [answers[name]]
        )
        if question.type == "number":
            return join_words([plain_number(v) for v in values], language)
        if question.type == "text":
            return join_words([str(v) for v in values], language)
        return join_words([flow.reason_text(question, v, language) for v in values], language)

    return PLACEHOLDER.sub(one, flow.text(template, language))
