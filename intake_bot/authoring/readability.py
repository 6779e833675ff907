"""How easy the texts a person reads are to read: any flow's, and the program's own.

The line (the triage spec's "What the person reads"): every English sentence a person
reads (questions, hints, reasons, results, welcome, consent, disclaimer) at
Flesch-Kincaid grade 7 or below; every Spanish text of eight words or more (labels
too) at Fernández-Huerta 70 or above. English labels and titles are not graded: a
grade formula means nothing on "Antidepressants". Languages without a measure here
are not scored. A text with placeholders is scored as each of its fills reads (each
one and each two of the things it can name, what a person typically ticks), and the
hardest fill counts.

English is measured with textstat. Spanish syllables are counted as spoken by
:mod:`intake_bot.authoring.syllables_es` (a hyphenation dictionary undercounts them), with
textstat's Fernández-Huerta formula.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from string import Formatter
from typing import Any

from intake_bot.authoring.syllables_es import count_words, fernandez_huerta
from intake_bot.catalog import WORDS, join_words
from intake_bot.engine.triage import (
    FoundContraindication,
    contraindication_sentences,
    fill_contact,
)
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
            fills = _fills(flow, words, condition, language)
            reading = _reading(where, language, fills, sentence)
            if reading is not None:
                found.append(reading)
    return found


def _reading(where: str, language: str, fills: list[str], sentence: bool) -> Reading | None:
    """The score of the hardest of ``fills`` (one text as it can be read), or None when
    the text is not measured: a language without a measure, an English label, a
    Spanish text under ``MIN_WORDS`` words."""
    if language == "en" and sentence:
        score, shown = max((_scorer("en").flesch_kincaid_grade(s), s) for s in fills)
        return Reading(where, language, shown, "grade", score, round(score, 1) <= MAX_GRADE)
    if language == "es":
        scored = [(fernandez_huerta(s), s) for s in fills if count_words(s) >= MIN_WORDS]
        if scored:
            score, shown = min(scored)
            ok = round(score, 1) >= MIN_EASE
            return Reading(where, language, shown, "Fernández-Huerta", score, ok)
    return None


def over_the_line(flow: Flow) -> list[Reading]:
    """The texts of ``flow`` that are harder to read than the line allows."""
    return [reading for reading in readings(flow) if not reading.ok]


#: Realistic values for the catalog's placeholders, per language (English where a
#: language has none): each is tried and the hardest fill counts. ``{accepts}`` is
#: filled with the catalog's own texts. A ticket code, a file's place and a command
#: are copied, not read as prose: each stands as one short word.
CATALOG_SAMPLES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "options": ("Yes, No or I'm not sure", "1 Yes; 2 No; 3 I'm not sure"),
        "option": ("None",),
        "matches": ("Yes or I'm not sure",),
        "min": ("1",),
        "max": ("120", "200"),
        "value": ("150",),
        "length": ("230",),
        "position": ("7",),
        "remaining": ("5",),
        "seconds": ("20", "8"),
        "low": ("6",),
        "high": ("12",),
        "ticket": ("X",),
        "where": ("X",),
        "command": ("X",),
    },
    "es": {
        "options": ("Sí, No o No lo sé", "1 Sí; 2 No; 3 No lo sé"),
        "option": ("Ninguna",),
        "matches": ("Sí o No lo sé",),
    },
}

_ACCEPTS = ("accepts_choice", "accepts_multi", "accepts_number")
_SENTENCE_STOP = re.compile(r"[.?!](\s|$)")


def catalog_readings() -> list[Reading]:
    """A score for every text of the program's own words (:mod:`intake_bot.catalog`)
    that a person reads, in each language measured here, its placeholders filled with
    realistic values (the hardest fill counts); each reading's place is
    ``catalog (key)``. Not measured: texts that quote an id (``{name!r}``: the
    headless engine's messages to the program that sent the answers), English texts
    without a sentence stop (buttons, titles, prompts such as "Saving…"), and Spanish
    texts under ``MIN_WORDS`` words."""
    found: list[Reading] = []
    for language, table in WORDS.items():
        for key, template in table.items():
            fields = list(Formatter().parse(template))
            if any(conversion == "r" for _, _, _, conversion in fields):
                continue
            sentence = _SENTENCE_STOP.search(template) is not None
            fills = _catalog_fills(template, language)
            reading = _reading(f"catalog ({key})", language, fills, sentence)
            if reading is not None:
                found.append(reading)
    return found


def _catalog_fills(template: str, language: str) -> list[str]:
    """``template`` as it can read: each of its placeholders filled with each sample."""
    samples = {**CATALOG_SAMPLES["en"], **CATALOG_SAMPLES.get(language, {})}
    names = list(dict.fromkeys(name for _, name, _, _ in Formatter().parse(template) if name))
    if "accepts" in names:
        table = WORDS[language]
        accepts = [_catalog_fills(table[key], language) for key in _ACCEPTS if key in table]
        samples["accepts"] = tuple(fill for fills in accepts for fill in fills)
    choices = [samples.get(name) or (name,) for name in names]
    return [
        template.format(**dict(zip(names, picked, strict=True)))
        for picked in itertools.product(*choices)
    ]


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
        for door, steps in (outcome.next_steps or {}).items():
            # (read as when the clinic set no phone: "call the clinic")
            text = {lang: fill_contact(flow, words, lang) for lang, words in steps.items()}
            yield f"outcomes ({outcome.id}).next_steps.{door}", text, None, True
    for rule in flow.rules:
        yield f"rules ({rule.id}).reason", rule.reason, rule.when, True
        for i, case in enumerate(rule.cases):
            both = Condition(all=(rule.when, case.when))
            yield f"rules ({rule.id}).cases[{i}].text", case.text, both, True
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
    if name == CONTRAINDICATIONS:  # as triage says them: one sentence per kind found
        found = [
            FoundContraindication(id=c.id, text=flow.text(text, language), kind=c.kind)
            for c in flow.contraindications
            for text in (c.text, *(k.text for k in c.cases))
        ]
        pairs = [[a, b] for a, b in itertools.combinations(found, 2) if a.id != b.id]
        groups = [[one] for one in found] + pairs
        return [contraindication_sentences(flow, group, language) for group in groups]
    if condition is None or not flow.has_question(name):
        return [""]
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
