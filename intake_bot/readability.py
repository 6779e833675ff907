"""How easy a flow's texts are to read, measured with textstat, for any flow.

The line (the triage spec's "What the person reads"): every English sentence a person
reads (questions, hints, reasons, results, welcome, consent, disclaimer) at
Flesch-Kincaid grade 7 or below; every Spanish text of eight words or more (labels
too) at Fernández-Huerta 70 or above. English labels and titles are not graded: a
grade formula means nothing on "Antidepressants". Languages without a measure here
are not scored. A text with placeholders is scored as each of its fills reads (each
one and each two of the things it can name, what a person typically ticks), and the
hardest fill counts.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from intake_bot.catalog import join_words
from intake_bot.flow.model import Condition, Flow, LocalText
from intake_bot.flow.templates import CONTRAINDICATIONS, PLACEHOLDER, conditions_on, looked_for

MAX_GRADE = 7.0  # English: Flesch-Kincaid grade, at most
MIN_EASE = 70.0  # Spanish: Fernández-Huerta, at least...
MIN_WORDS = 8  # ...for texts of this many words or more


@dataclass(frozen=True, slots=True)
class Reading:
    """One text's score: where it is, its language, the text as read, and the verdict."""

    where: str
    language: str
    text: str
    measure: str
    score: float
    ok: bool

    def line(self) -> str:
        limit = f"at most {MAX_GRADE:g}" if self.measure == "grade" else f"at least {MIN_EASE:g}"
        return f"{self.where} [{self.language}]: {self.measure} {self.score:.1f} ({limit}): {self.text}"


@cache
def _scorer(language: str) -> Any:
    from textstat.textstat import textstatistics  # ~0.5 s to load: only when measuring

    scorer = textstatistics()
    scorer.set_lang(language)
    scorer.set_rounding_points(None)
    return scorer


def readings(flow: Flow) -> list[Reading]:
    """A score for every text of ``flow`` in a language measured here: for a text with
    placeholders, the hardest of its fills."""
    found: list[Reading] = []
    for where, text, condition, sentence in _texts(flow):
        for language, words in text.items():
            if language == "en" and sentence:
                scored = [
                    (_scorer("en").flesch_kincaid_grade(s), s)
                    for s in _fills(flow, words, condition, language)
                ]
                score, shown = max(scored)
                ok = round(score, 1) <= MAX_GRADE
                found.append(Reading(where, language, shown, "grade", score, ok))
            elif language == "es":
                scorer = _scorer("es")
                fills = _fills(flow, words, condition, language)
                scored = [
                    (scorer.fernandez_huerta(s), s)
                    for s in fills
                    if scorer.lexicon_count(s) >= MIN_WORDS
                ]
                if scored:
                    score, shown = min(scored)
                    ok = round(score, 1) >= MIN_EASE
                    found.append(Reading(where, language, shown, "Fernández-Huerta", score, ok))
    return found


def over_the_line(flow: Flow) -> list[Reading]:
    """The texts of ``flow`` that are harder to read than the line allows."""
    return [reading for reading in readings(flow) if not reading.ok]


def summary(scored: list[Reading]) -> list[str]:
    """One line per language: how many texts, the median and the hardest."""
    lines = []
    for language in sorted({reading.language for reading in scored}):
        mine = sorted(
            (r for r in scored if r.language == language),
            key=lambda r: r.score if r.measure == "grade" else -r.score,
        )
        median = statistics.median(r.score for r in mine)
        worst = mine[-1]
        lines.append(
            f"readability [{language}]: {len(mine)} texts, {worst.measure} median {median:.1f}, "
            f"hardest {worst.score:.1f} ({worst.where}); {sum(not r.ok for r in mine)} over the line"
        )
    return lines


def _texts(flow: Flow) -> Iterator[tuple[str, LocalText, Condition | None, bool]]:
    """What a person reads: (where, text, the condition that fills its placeholders,
    whether it is a sentence rather than a label or a fragment)."""
    yield "title", flow.title, None, False
    yield "welcome", flow.welcome, None, True
    for door, text in flow.consent.items():
        yield f"consent.{door}", text, None, True
    yield "disclaimer", flow.disclaimer, None, True
    for question in flow.questions:
        yield f"questions ({question.id}).text", question.text, None, True
        if question.hint is not None:
            yield f"questions ({question.id}).hint", question.hint, None, True
        for option in question.options:
            where = f"questions ({question.id}).options ({option.value})"
            yield where, option.text, None, False
    for outcome in flow.outcomes:
        yield f"outcomes ({outcome.id}).title", outcome.title, None, False
        yield f"outcomes ({outcome.id}).text", outcome.text, None, True
        if outcome.next_steps is not None:
            yield f"outcomes ({outcome.id}).next_steps", outcome.next_steps, None, True
    for rule in flow.rules:
        yield f"rules ({rule.id}).reason", rule.reason, rule.when, True
    for contra in flow.contraindications:
        where = f"contraindications ({contra.id})"
        yield f"{where}.text", contra.text, contra.when, False
        for i, case in enumerate(contra.cases):
            yield f"{where}.cases[{i}].text", case.text, case.when, False


#: The most fills of one text that are scored (a text with several placeholders).
MAX_FILLS = 400


def _fills(flow: Flow, text: str, condition: Condition | None, language: str) -> list[str]:
    """``text`` as it can be read: each placeholder filled with each one and each two of
    the things it can name (one, for a single choice), in every combination."""
    names = list(dict.fromkeys(PLACEHOLDER.findall(text)))
    choices = [_choices(flow, name, condition, language) for name in names]
    fills = []
    for picked in itertools.islice(itertools.product(*choices), MAX_FILLS):
        by_name = dict(zip(names, picked, strict=True))
        fills.append(PLACEHOLDER.sub(lambda m, b=by_name: b.get(m.group(1)) or m.group(0), text))
    return fills


def _choices(flow: Flow, name: str, condition: Condition | None, language: str) -> list[str]:
    """The ways a placeholder can read: each one and each two of what it can name."""
    if name == CONTRAINDICATIONS:
        texts = [t for c in flow.contraindications for t in (c.text, *(k.text for k in c.cases))]
        items = [flow.text(text, language) for text in texts]
        many = True
    elif condition is None or not flow.has_question(name):
        return [""]
    else:
        question = flow.question(name)
        if question.type == "number":
            return ["40"]
        tests = list(conditions_on(condition, name, flow.conditions))
        items = [
            flow.reason_text(question, v, language)
            for v in question.option_values
            if not tests or any(looked_for(t, v) for t in tests)
        ]
        many = question.type == "multi"
    pairs = [list(pair) for pair in itertools.combinations(items, 2)] if many else []
    return [join_words(group, language) for group in [[item] for item in items] + pairs]
