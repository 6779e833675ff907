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

import csv
import io
import json
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, TextIO

from intake_bot.errors import IntakeBotError
from intake_bot.flow.model import Condition, Flow, Question
from intake_bot.records.intake import Intake, flow_hash

FORMATS = ("json", "csv", "text", "fhir", "fhir-ndjson")
QUESTIONNAIRE_BASE = "urn:intake-bot:questionnaire:"
TICKET_SYSTEM = "urn:intake-bot:ticket"
SDC_ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
SDC_ANSWER_OPTIONS_TOGGLE_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression"
)


class ExportError(IntakeBotError):
    """An intake that cannot be written as asked (e.g. a CSV column it needs is not in
    the header already written)."""


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


# -- JSON --------------------------------------------------------------------------------


#: Characters a terminal may act on or that reorder what it shows: C1 controls (U+009B
#: is CSI), DEL, bidirectional and other invisible format characters, line and
#: paragraph separators, tag characters. JSON never needs them raw.
_UNSAFE = re.compile(
    "[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _escape(match: re.Match[str]) -> str:
    data = match.group().encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(data[i : i + 2]):04x}" for i in range(0, len(data), 2))


def json_safe(text: str) -> str:
    """JSON text with every :data:`_UNSAFE` character written as its ``\\uXXXX``
    escape: the same data once parsed, nothing raw for a terminal to act on (JSON's
    own rules already escape the C0 controls, ESC among them)."""
    return _UNSAFE.sub(_escape, text)


def _indented(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))


def _record(intake: Intake) -> str:
    return json_safe(json.dumps(intake.model_dump(mode="json"), ensure_ascii=False, indent=2))


def write_json(intakes: Iterable[Intake], out: TextIO, *, single: bool = False) -> int:
    """A list, one record at a time (as ``json.dumps(..., indent=2)`` lays it out);
    ``single`` and exactly one intake: that record alone."""
    rows: Iterator[Intake] = iter(intakes)
    if single:
        ahead = [intake for _, intake in zip(range(2), rows, strict=False)]
        if len(ahead) == 1:
            out.write(_record(ahead[0]) + "\n")
            return 1
        rows = chain(ahead, rows)
    count = 0
    for intake in rows:
        out.write(("[\n" if count == 0 else ",\n") + _indented(_record(intake), 2))
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


# -- CSV ---------------------------------------------------------------------------------

CSV_FIELDS = (
    "ticket",
    "finished_at",
    "started_at",
    "front_door",
    "status",
    "language",
    "flow_id",
    "flow_version",
    "outcome",
    "severity",
    "rules",
    "contraindications",
    "patient_ref",
    "staff_notes",
)


def _cell(value: Any) -> str:
    """Text as a spreadsheet shows it: never read as a formula (OWASP's CSV injection),
    control and bidirectional characters written out (``\\x1b``) as the console does."""
    from intake_bot.terminal import visible

    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else visible(value, newlines=True)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def extra_questions(intakes: Iterable[Intake], flow: Flow) -> list[str]:
    """The question ids intakes hold that ``flow`` does not ask, in order of first
    appearance. Only an intake answered with another flow (its ``flow_hash`` differs
    from ``flow``'s) can hold one, so only those are looked at: a caller streams just
    the intakes of the other hashes its store reports."""
    known = {q.id for q in flow.questions}
    current = flow_hash(flow)
    found: dict[str, None] = {}
    for intake in intakes:
        if intake.flow_hash != current:
            found.update(
                (a.question_id, None) for a in intake.answers if a.question_id not in known
            )
    return list(found)


def write_csv(
    intakes: Iterable[Intake], flow: Flow, out: TextIO, *, extra_questions: Sequence[str] = ()
) -> int:
    """The header (the record's fields, the flow's questions in order, then
    ``extra_questions``), then one row per intake as it comes. An intake holding a
    question in none of the columns is :class:`ExportError` (never a dropped answer)."""
    questions = [q.id for q in flow.questions]
    questions += [qid for qid in extra_questions if qid not in questions]
    columns = set(questions)
    writer = csv.writer(out)
    writer.writerow([*CSV_FIELDS, *questions])
    count = 0
    for intake in intakes:
        values = intake.values()
        missing = [qid for qid in values if qid not in columns]
        if missing:
            raise ExportError(
                f"intake {intake.ticket} holds question {missing[0]!r}, which is not among "
                "the CSV columns (stored during the export?); export again"
            )
        row: list[Any] = [
            intake.ticket,
            intake.finished_at.isoformat(),
            intake.started_at.isoformat() if intake.started_at else "",
            intake.front_door,
            intake.status,
            intake.language,
            intake.flow_id,
            intake.flow_version,
            intake.triage.outcome,
            intake.triage.severity,
            intake.triage.rule_ids,
            [c.id for c in intake.triage.contraindications],
            intake.patient_ref,
            intake.staff_notes,
        ]
        row += [values.get(qid) for qid in questions]
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


# -- text --------------------------------------------------------------------------------


def summary(intake: Intake) -> str:
    """One intake for the consultation: outcome, why, contraindications, every answer."""
    from intake_bot.terminal import visible

    when = intake.finished_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Ticket {intake.ticket}   {when}   {intake.front_door}   {intake.status}",
        f"Outcome: {intake.triage.title} ({intake.triage.outcome}, severity {intake.triage.severity})",
    ]
    if intake.patient_ref:  # one line, whatever it holds (a line break is written \x0a)
        lines.append(f"Patient reference: {visible(intake.patient_ref)}")
    if intake.screened_by:
        lines.append(f"Screened by: {visible(intake.screened_by)}")
    if intake.triage.rules:
        lines.append("Why:")
        lines += [f"  - {rule.reason}" for rule in intake.triage.shown_rules]
        lines += [
            f"  (also matched: {rule.id}, said by {rule.covered_by})"
            for rule in intake.triage.rules
            if rule.covered_by is not None
        ]
    if intake.triage.contraindications:
        lines.append("Contraindications:")
        lines += [f"  - {c.text} ({c.kind})" for c in intake.triage.contraindications]
    else:
        lines.append("Contraindications: none found")
    lines.append("Answers:")
    lines += [f"  {a.question}  ->  {a.shown}" for a in intake.answers]
    if intake.staff_notes:
        lines += ["Staff notes:", *(f"  {line}" for line in intake.staff_notes.splitlines())]
    lines.append(
        f"(flow {intake.flow_id} v{intake.flow_version}, {intake.language}; "
        "a screening aid, not a diagnosis)"
    )
    return "\n".join(lines)


def write_text(intakes: Iterable[Intake], out: TextIO) -> int:
    """The summaries, one after the other, safe on a terminal: control and bidirectional
    characters written out (``\\x1b``, ``\\u202e``) as the console shows them; only line
    breaks kept."""
    from intake_bot.terminal import visible

    count = 0
    for intake in intakes:
        out.write(("\n\n" if count else "") + visible(summary(intake), newlines=True))
        count += 1
    out.write("\n" if count else "No intakes.\n")
    return count


# -- FHIR R4 -----------------------------------------------------------------------------


def questionnaire_url(flow_id: str, language: str) -> str:
    """A flow's Questionnaire in one language: ``urn:intake-bot:questionnaire:ID:LANG``."""
    return f"{QUESTIONNAIRE_BASE}{flow_id}:{language}"


def _system(flow_id: str, question_id: str) -> str:
    return f"urn:intake-bot:{flow_id}:{question_id}"


def _coded(question: Question) -> bool:
    return question.type in ("choice", "multi", "yes_no")


def questionnaire(flow: Flow, language: str | None = None) -> Any:
    """The flow as a FHIR ``Questionnaire`` in ``language`` (default: the flow's first),
    validated by fhir.resources; its canonical URL is :func:`questionnaire_url`."""
    from fhir.resources.R4B.questionnaire import Questionnaire

    language = language or flow.languages[0]
    items = []
    for question in flow.questions:
        item: dict[str, Any] = {
            "linkId": question.id,
            "text": flow.text(question.text, language),
            "required": True,
        }
        if _coded(question):
            item["type"] = "choice"
            item["answerOption"] = [
                {
                    "valueCoding": {
                        "system": _system(flow.id, question.id),
                        "code": value,
                        "display": flow.option_text(question, value, language),
                    }
                }
                for value in question.option_values
            ]
            if question.type == "multi":
                item["repeats"] = True
        elif question.type == "number":
            item["type"] = "integer" if question.integer else "decimal"
        else:
            item["type"] = "text"
        if question.ask_if is not None:
            item.update(_enable_when(flow, question.ask_if))
        toggles = _option_toggles(flow, question, item.get("answerOption", []))
        if toggles:
            item["extension"] = [*item.get("extension", []), *toggles]
        items.append(item)
    return Questionnaire.model_validate(
        {
            "resourceType": "Questionnaire",
            "id": f"{flow.id}-v{flow.version}-{language}".replace("_", "-"),
            "url": questionnaire_url(flow.id, language),
            "version": str(flow.version),
            "name": "".join(part.capitalize() for part in flow.id.split("_")),
            "title": flow.text(flow.title, language),
            "status": "active",
            "language": language,
            "item": items,
        }
    )


Atom = tuple[str, str, Any]  # (question id, operator, value)
#: An exact enableWhen rendering: (behaviour "all" | "any", its tests). One test fits
#: either behaviour.
Form = tuple[str, tuple[Atom, ...]]


def _enable_when(flow: Flow, condition: Condition) -> dict[str, Any]:
    """``enableWhen`` (+ ``enableBehavior``) when some rendering says exactly what the
    condition says (:func:`_forms`); else the SDC ``enableWhenExpression`` in FHIRPath
    (never an approximate enableWhen)."""
    forms = _forms(flow, condition)
    if forms:
        behavior, atoms = forms[0]
        entries = [_enable_entry(flow, *atom) for atom in atoms]
        result: dict[str, Any] = {"enableWhen": entries}
        if len(entries) > 1:
            result["enableBehavior"] = behavior
        return result
    return {
        "extension": [
            {
                "url": SDC_ENABLE_WHEN_EXPRESSION,
                "valueExpression": {
                    "language": "text/fhirpath",
                    "expression": _fhirpath(flow, condition),
                },
            }
        ]
    }


def _fits(form: Form, behavior: str) -> bool:
    return len(form[1]) == 1 or form[0] == behavior


def _forms(flow: Flow, c: Condition, negated: bool = False) -> list[Form]:
    """The exact enableWhen renderings of ``c`` (of ``not c`` when ``negated``); none
    when it needs two behaviours at once (``(A or B) and C``) or is not about answers.

    FHIR's operators (R4): ``=`` at least one answer equals, ``!=`` no answer equals
    (true when unanswered), ``<``/``>``/``<=``/``>=`` at least one answer compares,
    ``exists``. A flow's test on an unanswered question is false, so: ``not`` goes
    inwards (De Morgan; ``not in`` is every ``!=``, ``not between`` is unanswered or
    below or above); groups of one behaviour merge; and an ``in`` on a single choice is
    also "answered and none of the other options", which fits inside an ``all``."""
    if c.ref is not None:
        return _forms(flow, flow.conditions[c.ref], negated)
    if c.not_ is not None:
        return _forms(flow, c.not_, not negated)
    if c.all is not None or c.any is not None:
        children = c.all if c.all is not None else c.any or ()
        behavior = "all" if (c.all is not None) != negated else "any"
        if len(children) == 1:
            return _forms(flow, children[0], negated)
        merged: list[Atom] = []
        for child in children:
            form = next((f for f in _forms(flow, child, negated) if _fits(f, behavior)), None)
            if form is None:
                return []
            merged += [atom for atom in form[1] if atom not in merged]
        return [(behavior, tuple(merged))]
    if c.q is None:
        return []  # outcome_matched, contraindicated: not about answers
    q = c.q
    question = flow.question(q)
    if c.answered is not None:
        return [("all", ((q, "exists", c.answered != negated),))]
    if c.between is not None:
        low, high = c.between
        if negated:
            return [("any", ((q, "exists", False), (q, "<", low), (q, ">", high)))]
        return [("all", ((q, ">=", low), (q, "<=", high)))]
    if c.eq is not None:
        values: tuple[Any, ...] = (c.eq,)
    elif c.in_ is not None or c.has is not None:
        values = c.in_ if c.in_ is not None else c.has or ()
    else:  # has_other_than: at least one answer among the other options
        others = c.has_other_than or ()
        values = tuple(v for v in question.option_values if v not in others)
    values = tuple(dict.fromkeys(values))
    if not values:
        return []
    if negated:
        return [("all", tuple((q, "!=", v) for v in values))]
    forms: list[Form] = [("any", tuple((q, "=", v) for v in values))]
    if question.type in ("choice", "yes_no"):  # one answer: in these = none of the rest
        rest = [v for v in question.option_values if v not in values]
        forms.append(("all", ((q, "exists", True), *((q, "!=", v) for v in rest))))
    return forms


def _enable_entry(flow: Flow, question_id: str, operator: str, value: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"question": question_id, "operator": operator}
    question = flow.question(question_id)
    if operator == "exists":
        entry["answerBoolean"] = bool(value)
    elif _coded(question):
        entry["answerCoding"] = {"system": _system(flow.id, question_id), "code": str(value)}
    elif question.type == "number":
        if question.integer and float(value).is_integer():
            entry["answerInteger"] = int(value)
        else:
            entry["answerDecimal"] = float(value)
    else:
        entry["answerString"] = str(value)
    return entry


def _option_toggles(
    flow: Flow, question: Question, answer_options: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """SDC ``answerOptionsToggleExpression``: the options a ``show_if`` hides on some
    paths are enabled only while it holds (FHIRPath); options sharing one condition
    share one toggle. Options without ``show_if`` are always enabled."""
    codings = {o["valueCoding"]["code"]: o["valueCoding"] for o in answer_options}
    by_expression: dict[str, list[dict[str, Any]]] = {}
    for option in question.options:
        if option.show_if is not None:
            expression = _fhirpath(flow, option.show_if)
            by_expression.setdefault(expression, []).append(codings[option.value])
    return [
        {
            "url": SDC_ANSWER_OPTIONS_TOGGLE_EXPRESSION,
            "extension": [
                *({"url": "option", "valueCoding": coding} for coding in shown_if),
                {
                    "url": "expression",
                    "valueExpression": {"language": "text/fhirpath", "expression": expression},
                },
            ],
        }
        for expression, shown_if in by_expression.items()
    ]


def _fhirpath(flow: Flow, c: Condition) -> str:
    """The condition in FHIRPath, over the QuestionnaireResponse being filled in."""
    if c.ref is not None:
        return _fhirpath(flow, flow.conditions[c.ref])
    if c.all is not None:
        return "(" + " and ".join(_fhirpath(flow, child) for child in c.all) + ")"
    if c.any is not None:
        return "(" + " or ".join(_fhirpath(flow, child) for child in c.any) + ")"
    if c.not_ is not None:
        return f"({_fhirpath(flow, c.not_)}).not()"
    if c.q is None:
        return "true"
    question = flow.question(c.q)
    answer = f"%resource.repeat(item).where(linkId='{c.q}').answer.value"
    if _coded(question):
        answer += ".code"

    def literal(value: Any) -> str:
        return f"'{value}'" if isinstance(value, str) else str(value)

    def collection(values: Sequence[Any]) -> str:
        return "(" + " | ".join(literal(v) for v in values) + ")"

    if c.answered is not None:
        return f"{answer}.exists()" if c.answered else f"{answer}.empty()"
    if c.eq is not None:
        return f"{answer}.intersect({collection([c.eq])}).exists()"
    if c.in_ is not None or c.has is not None:
        return f"{answer}.intersect({collection(c.in_ or c.has or ())}).exists()"
    if c.has_other_than is not None:
        return f"{answer}.exclude({collection(c.has_other_than)}).exists()"
    assert c.between is not None
    low, high = c.between
    return f"({answer} >= {literal(low)} and {answer} <= {literal(high)})"


def questionnaire_response(intake: Intake, flow: Flow | None = None) -> Any:
    """One intake as a ``QuestionnaireResponse`` (validated by fhir.resources), with the
    texts the person saw; numbers typed as the flow asks them when ``flow`` is it."""
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    items = []
    for answer in intake.answers:
        values = answer.value if isinstance(answer.value, list) else [answer.value]
        if answer.type in ("choice", "multi", "yes_no"):
            labels = answer.labels or [str(v) for v in values]
            given = [
                {
                    "valueCoding": {
                        "system": _system(intake.flow_id, answer.question_id),
                        "code": str(value),
                        "display": label,
                    }
                }
                for value, label in zip(values, labels, strict=False)
            ]
        elif answer.type == "number":
            given = [
                {"valueInteger": v} if isinstance(v, int) else {"valueDecimal": v} for v in values
            ]
        else:
            given = [{"valueString": str(v)} for v in values]
        items.append({"linkId": answer.question_id, "text": answer.question, "answer": given})
    return QuestionnaireResponse.model_validate(
        {
            "resourceType": "QuestionnaireResponse",
            "id": str(intake.id),
            "identifier": {"system": TICKET_SYSTEM, "value": intake.ticket},
            "questionnaire": (
                f"{questionnaire_url(intake.flow_id, intake.language)}|{intake.flow_version}"
            ),
            "status": "completed",
            "authored": intake.finished_at.isoformat(),
            "language": intake.language,
            "item": items,
        }
    )


def _entry(full_url: str, resource: Any) -> str:
    """One Bundle entry, laid out as the Bundle's own ``model_dump_json(indent=2)``."""
    body = _indented(json_safe(resource.model_dump_json(indent=2)), 6).lstrip()
    return f'    {{\n      "fullUrl": {json.dumps(full_url)},\n      "resource": {body}\n    }}'


def write_fhir(
    intakes: Iterable[Intake],
    flow: Flow,
    out: TextIO,
    *,
    languages: Sequence[str] | None = None,
) -> int:
    """A ``collection`` Bundle, streamed: the flow's Questionnaire in each of
    ``languages`` the flow has (None: all of them; none: its first), then each intake's
    QuestionnaireResponse as it comes, each resource validated on its own."""
    wanted = flow.languages if languages is None else [x for x in languages if x in flow.languages]
    out.write('{\n  "resourceType": "Bundle",\n  "type": "collection",\n  "entry": [\n')
    for number, language in enumerate(wanted or flow.languages[:1]):
        form = questionnaire(flow, language)
        full_url = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{form.url}|{form.version}')}"
        out.write((",\n" if number else "") + _entry(full_url, form))
    count = 0
    for intake in intakes:
        out.write(",\n" + _entry(f"urn:uuid:{intake.id}", questionnaire_response(intake, flow)))
        count += 1
    out.write("\n  ]\n}\n")
    return count


def write_fhir_ndjson(intakes: Iterable[Intake], flow: Flow, out: TextIO) -> int:
    """One QuestionnaireResponse per line (FHIR bulk data's NDJSON), as each comes."""
    count = 0
    for intake in intakes:
        out.write(json_safe(questionnaire_response(intake, flow).model_dump_json()) + "\n")
        count += 1
    return count


def questionnaire_json(flow: Flow, language: str | None = None, *, ndjson: bool = False) -> str:
    """The flow's Questionnaire in ``language``: indented, or one line (``ndjson``)."""
    form = questionnaire(flow, language)
    return json_safe(form.model_dump_json() if ndjson else form.model_dump_json(indent=2)) + "\n"
