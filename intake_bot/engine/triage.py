"""Triage: the flow's rules read on one person's answers -> an explained outcome.

A pure function of flow + answers (+ where it is read, and the clinic's contact).
The outcome is the most severe among the matching rules (the flow's default outcome
when none match); every matching rule gives its reason, most severe first, so the
result explains itself, except a rule covered by another matching rule: still
matched (JSON, records), marked ``covered_by``, its reason not shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from intake_bot.catalog import join_words
from intake_bot.flow.compiled import compiled
from intake_bot.flow.conditions import Predicate, RuleState
from intake_bot.flow.model import Condition, Contraindication, Flow, LocalText, plain_number
from intake_bot.flow.templates import CONTRAINDICATIONS, PLACEHOLDER, reported


@dataclass(frozen=True, slots=True)
class Clinic:
    """The clinic's own contact from the settings (``[clinic]``); either may be unset."""

    name: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchedRule:
    id: str
    outcome: str
    severity: int
    reason: str
    #: The matched rule that says this one's reason for it (not shown), else None.
    covered_by: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundContraindication:
    id: str
    text: str
    kind: str = "relative"


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
        """Every matched rule, covered ones too."""
        return [rule.id for rule in self.rules]

    @property
    def shown_rules(self) -> tuple[MatchedRule, ...]:
        """The matched rules whose reasons the person reads."""
        return tuple(rule for rule in self.rules if rule.covered_by is None)

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
            "reasons": [
                {
                    "id": rule.id,
                    "outcome": rule.outcome,
                    "severity": rule.severity,
                    "reason": rule.reason,
                    "covered_by": rule.covered_by,
                }
                for rule in self.rules
            ],
            "contraindications": [c.id for c in self.contraindications],
            "contraindication_kinds": {c.id: c.kind for c in self.contraindications},
            "disclaimer": self.disclaimer,
        }

    def to_text(self) -> str:
        """Plain text for a person: outcome, why, what next, disclaimer."""
        lines = [self.title, "", self.text]
        if self.shown_rules:
            lines += ["", *(f"- {rule.reason}" for rule in self.shown_rules)]
        if self.next_steps:
            lines += ["", self.next_steps]
        lines += ["", self.disclaimer]
        return "\n".join(lines)


def triage(
    flow: Flow,
    answers: Mapping[str, Any],
    language: str | None = None,
    *,
    front_door: str = "self",
    clinic: Clinic | None = None,
    worded: bool = True,
) -> TriageResult:
    """Read every rule on ``answers`` (already checked, e.g. by ``check_answers``); the
    next steps are those of ``front_door`` (kiosk, self, staff), naming ``clinic``.
    ``worded=False`` leaves reasons and contraindication texts empty (what matched,
    for tools that read thousands of paths)."""
    language = language or flow.languages[0]
    plan = compiled(flow)
    found = [
        _found(flow, contra, plan.cases[contra.id], answers, language)
        if worded
        else FoundContraindication(id=contra.id, text="", kind=contra.kind)
        for contra, holds in plan.contraindications
        if holds(answers, None)
    ]
    state = RuleState(contraindicated=bool(found))
    severity_of = {o.id: o.severity for o in flow.outcomes}
    matched: list[MatchedRule] = []
    for rule, holds in plan.rules:
        if holds(answers, state):
            state.matched_outcomes.add(rule.outcome)
            if not worded:
                matched.append(
                    MatchedRule(
                        id=rule.id,
                        outcome=rule.outcome,
                        severity=severity_of[rule.outcome],
                        reason="",
                    )
                )
                continue
            text, condition = rule.reason, rule.when
            for (worded, case_holds), case in zip(
                plan.rule_cases[rule.id], rule.cases, strict=True
            ):
                if case_holds(answers, state):
                    text, condition = worded, Condition(all=(rule.when, case.when))
                    break
            reason = fill(flow, text, condition, answers, language, found)
            matched.append(
                MatchedRule(
                    id=rule.id,
                    outcome=rule.outcome,
                    severity=severity_of[rule.outcome],
                    reason=reason,
                )
            )
    matched = _mark_covered(flow, matched)
    matched.sort(key=lambda rule: -rule.severity)
    outcome = flow.outcome(matched[0].outcome if matched else flow.default_outcome)
    steps = outcome.next_steps.get(front_door) if outcome.next_steps else None
    return TriageResult(
        flow_id=flow.id,
        flow_version=flow.version,
        language=language,
        outcome=outcome.id,
        severity=outcome.severity,
        title=flow.text(outcome.title, language),
        text=flow.text(outcome.text, language),
        next_steps=fill_contact(flow, flow.text(steps, language), language, clinic)
        if steps
        else None,
        rules=tuple(matched),
        contraindications=tuple(found),
        disclaimer=flow.text(flow.disclaimer, language),
    )


def _mark_covered(flow: Flow, matched: list[MatchedRule]) -> list[MatchedRule]:
    """Each matched rule with ``covered_by`` set when another matched rule covers it
    (the most severe such rule, the first in the flow among equals)."""
    by_id = {rule.id: rule for rule in matched}
    covering: dict[str, list[MatchedRule]] = {}
    for rule in matched:
        for covered in flow.rule(rule.id).covers:
            if covered in by_id:
                covering.setdefault(covered, []).append(rule)
    marked = []
    for rule in matched:
        candidates = list(covering.get(rule.id, ()))
        if flow.rule(rule.id).covered_by_more_severe:
            candidates += [other for other in matched if other.severity > rule.severity]
        if candidates:
            top = max(candidates, key=lambda other: other.severity)  # (stable: first wins)
            rule = replace(rule, covered_by=top.id)
        marked.append(rule)
    return marked


def fill_contact(flow: Flow, text: str, language: str, clinic: Clinic | None = None) -> str:
    """``text`` with ``{call_the_clinic}`` filled from the flow's clinic_contact: the
    clinic's phone and name when set, else the sentence without them (never a gap)."""
    contact = flow.clinic_contact
    if contact is None or "{call_the_clinic}" not in text:
        return text
    clinic = clinic or Clinic()
    name = clinic.name or flow.text(contact.clinic, language)
    if clinic.phone:
        words = flow.text(contact.with_phone, language)
        words = words.replace("{phone}", clinic.phone)
    else:
        words = flow.text(contact.without_phone, language)
    return text.replace("{call_the_clinic}", words.replace("{clinic}", name))


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
                id=contra.id, text=fill(flow, text, both, answers, language), kind=contra.kind
            )
    return FoundContraindication(
        id=contra.id, text=fill(flow, contra.text, contra.when, answers, language), kind=contra.kind
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
            return contraindication_sentences(flow, found, language)
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


def contraindication_sentences(
    flow: Flow, found: Sequence[FoundContraindication], language: str
) -> str:
    """What ``{contraindications}`` says: with the flow's contraindication_kinds, one
    sentence per kind found (absolute first), each naming its own; else one list."""
    kinds = flow.contraindication_kinds
    if kinds is None:
        return join_words([c.text for c in found], language)
    sentences = []
    for kind in ("absolute", "relative"):
        texts = [c.text for c in found if c.kind == kind]
        if texts:
            sentence = flow.text(getattr(kinds, kind), language)
            sentences.append(sentence.replace("{list}", join_words(texts, language)))
    return " ".join(sentences)
