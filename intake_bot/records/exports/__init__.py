"""Intakes out of the store: JSON, CSV, a text summary, FHIR R4 — streamed.

- ``json``: the records themselves (an object for one ticket, else a list);
- ``csv``: one row per intake, one column per question id (the flow's values; a
  multiple choice joined with ``; ``), for a spreadsheet;
- ``text``: what a doctor reads in 30 seconds: outcome, reasons, contraindications,
  then every answer as the person saw it;
- ``fhir``: always a ``collection`` Bundle: one ``Questionnaire`` per language (its
  canonical URL ``urn:intake-bot:questionnaire:<flow id>:<language>``), then each
  intake as a ``QuestionnaireResponse`` pointing at its own language's Questionnaire
  (``url|version``, the version it was answered in). Conditions become ``enableWhen``
  (+ ``enableBehavior``) wherever that says exactly the same, else SDC's
  ``enableWhenExpression`` in FHIRPath; an option's ``show_if`` is SDC's
  ``answerOptionsToggleExpression``;
- ``fhir-ndjson``: one ``QuestionnaireResponse`` per line (FHIR bulk data); the
  Questionnaires come apart (``questionnaire_json``).

Resources are built and validated one at a time with the ``fhir.resources`` models
(R4B, FHIR 4.3, whose Questionnaire resources are R4's).

:func:`write` takes any iterable of intakes and writes as it reads, so memory stays
flat whatever the count; :func:`export` is the same into a string, for a few intakes.
Every function is pure: intakes (and a flow) in, text out; no store here (the caller
gathers what a format must know first: ``languages``, ``extra_questions``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from intake_bot.flow.model import Flow
from intake_bot.records.exports.common import ExportError, json_safe
from intake_bot.records.exports.fhir import (
    questionnaire,
    questionnaire_json,
    questionnaire_response,
    write_fhir,
    write_fhir_ndjson,
)
from intake_bot.records.exports.tabular import extra_questions, write_csv, write_json
from intake_bot.records.exports.text import summary, write_text
from intake_bot.records.intake import Intake

__all__ = [
    "FORMATS",
    "ExportError",
    "export",
    "extra_questions",
    "json_safe",
    "questionnaire",
    "questionnaire_json",
    "questionnaire_response",
    "summary",
    "write",
]

FORMATS = ("json", "csv", "text", "fhir", "fhir-ndjson")


def write(
    intakes: Iterable[Intake],
    fmt: str,
    flow: Flow,
    out: TextIO,
    *,
    single: bool = False,
    languages: Sequence[str] | None = None,
    extra_questions: Sequence[str] = (),
) -> int:
    """Write ``intakes`` to ``out`` in format ``fmt``, each as soon as it is read;
    return how many were written.

    ``single``: one intake asked for by its ticket (json: an object, not a list).
    ``languages`` (fhir): the Questionnaires to put first (default: the flow's first
    language). ``extra_questions`` (csv): question ids older records hold that the flow
    no longer asks (:func:`extra_questions`), as columns after the flow's own."""
    if fmt == "json":
        return write_json(intakes, out, single=single)
    if fmt == "csv":
        return write_csv(intakes, flow, out, extra_questions=extra_questions)
    if fmt == "text":
        return write_text(intakes, out)
    if fmt == "fhir":
        return write_fhir(intakes, flow, out, languages=languages)
    if fmt == "fhir-ndjson":
        return write_fhir_ndjson(intakes, flow, out)
    raise ValueError(f"unknown format {fmt!r}")


def export(intakes: Sequence[Intake], fmt: str, flow: Flow, *, single: bool = False) -> str:
    """``intakes`` (a few, in memory) in format ``fmt`` as one string: :func:`write` with
    the languages and old questions these intakes hold."""
    buffer = io.StringIO()
    write(
        intakes,
        fmt,
        flow,
        buffer,
        single=single,
        languages=sorted({intake.language for intake in intakes}),
        extra_questions=extra_questions(intakes, flow),
    )
    return buffer.getvalue()
