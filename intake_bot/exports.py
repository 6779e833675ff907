"""Intakes out of the store: JSON, CSV, a text summary, FHIR R4.

- ``json``: the records themselves (an object for one ticket, else a list);
- ``csv``: one row per intake, one column per question id (the flow's values; a
  multiple choice joined with ``; ``), for a spreadsheet;
- ``text``: what a doctor reads in 30 seconds: outcome, reasons, contraindications,
  then every answer as the person saw it;
- ``fhir``: the flow as a ``Questionnaire`` (``enableWhen`` where the ``ask_if``
  fits it, else SDC's ``enableWhenExpression`` in FHIRPath; an option's ``show_if``
  as SDC's ``answerOptionsToggleExpression``) and each intake as a
  ``QuestionnaireResponse`` pointing at it, a ``Bundle`` when several. Built and
  validated with the ``fhir.resources`` models (R4B, FHIR 4.3, whose Questionnaire
  resources are R4's).

Every function is pure: intakes (and a flow) in, text out.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Sequence
from typing import Any

from intake_bot.flow.model import Condition, Flow, Question
from intake_bot.records import Intake

FORMATS = ("json", "csv", "text", "fhir")
QUESTIONNAIRE_BASE = "urn:intake-bot:questionnaire:"
TICKET_SYSTEM = "urn:intake-bot:ticket"
SDC_ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
SDC_ANSWER_OPTIONS_TOGGLE_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression"
)


def export(intakes: Sequence[Intake], fmt: str, flow: Flow, *, single: bool = False) -> str:
    """``intakes`` in format ``fmt``; ``single``: one intake asked for by its ticket."""
    if fmt == "json":
        return to_json(intakes, single=single)
    if fmt == "csv":
        return to_csv(intakes, flow)
    if fmt == "text":
        return to_text(intakes)
    if fmt == "fhir":
        return to_fhir(intakes, flow)
    raise ValueError(f"unknown format {fmt!r}")


# -- JSON --------------------------------------------------------------------------------


def to_json(intakes: Sequence[Intake], *, single: bool = False) -> str:
    records = [intake.model_dump(mode="json") for intake in intakes]
    data: Any = records[0] if single and len(records) == 1 else records
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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
    from intake_bot.staff import visible

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


def to_csv(intakes: Sequence[Intake], flow: Flow) -> str:
    """One row per intake; question columns in the flow's order, then any question an
    older record holds that the flow no longer asks."""
    questions = [q.id for q in flow.questions]
    for intake in intakes:
        questions += [a.question_id for a in intake.answers if a.question_id not in questions]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*CSV_FIELDS, *questions])
    for intake in intakes:
        values = intake.values()
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
    return buffer.getvalue()


# -- text --------------------------------------------------------------------------------


def summary(intake: Intake) -> str:
    """One intake for the consultation: outcome, why, contraindications, every answer."""
    when = intake.finished_at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Ticket {intake.ticket}   {when}   {intake.front_door}   {intake.status}",
        f"Outcome: {intake.triage.title} ({intake.triage.outcome}, severity {intake.triage.severity})",
    ]
    if intake.patient_ref:
        lines.append(f"Patient reference: {intake.patient_ref}")
    if intake.screened_by:
        lines.append(f"Screened by: {intake.screened_by}")
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


def to_text(intakes: Sequence[Intake]) -> str:
    """The summaries, safe on a terminal: control and bidirectional characters written
    out (``\\x1b``, ``\\u202e``) as the console shows them; only line breaks kept."""
    from intake_bot.staff import visible

    if not intakes:
        return "No intakes.\n"
    return "\n\n".join(visible(summary(intake), newlines=True) for intake in intakes) + "\n"


# -- FHIR R4 -----------------------------------------------------------------------------


def questionnaire_url(flow_id: str) -> str:
    return f"{QUESTIONNAIRE_BASE}{flow_id}"


def _system(flow_id: str, question_id: str) -> str:
    return f"urn:intake-bot:{flow_id}:{question_id}"


def _coded(question: Question) -> bool:
    return question.type in ("choice", "multi", "yes_no")


def questionnaire(flow: Flow, language: str | None = None) -> Any:
    """The flow as a FHIR ``Questionnaire`` (validated by fhir.resources)."""
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
            "id": f"{flow.id}-v{flow.version}".replace("_", "-"),
            "url": questionnaire_url(flow.id),
            "version": str(flow.version),
            "name": "".join(part.capitalize() for part in flow.id.split("_")),
            "title": flow.text(flow.title, language),
            "status": "active",
            "language": language,
            "item": items,
        }
    )


Atom = tuple[str, str, Any]  # (question id, operator, value)


def _enable_when(flow: Flow, condition: Condition) -> dict[str, Any]:
    """``enableWhen`` (+ ``enableBehavior``) when the condition is one plain ``all`` or
    ``any`` of simple tests; else the SDC ``enableWhenExpression`` in FHIRPath."""
    found = _atoms(flow, condition)
    if found is not None:
        behavior, atoms = found
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


def _atoms(flow: Flow, c: Condition) -> tuple[str, list[Atom]] | None:
    if c.ref is not None:
        return _atoms(flow, flow.conditions[c.ref])
    if c.all is not None or c.any is not None:
        behavior = "all" if c.all is not None else "any"
        merged: list[Atom] = []
        for child in c.all or c.any or ():
            inner = _atoms(flow, child)
            if inner is None or (len(inner[1]) > 1 and inner[0] != behavior):
                return None
            merged += inner[1]
        return behavior, merged
    if c.not_ is not None:
        inner = _atoms(flow, c.not_)
        if inner is not None and len(inner[1]) == 1 and inner[1][0][1] == "=":
            q, _, value = inner[1][0]
            return "all", [(q, "!=", value)]
        return None
    if c.q is None:
        return None  # outcome_matched, contraindicated: not about answers
    q = c.q
    if c.answered is not None:
        return "all", [(q, "exists", c.answered)]
    if c.eq is not None:
        return "all", [(q, "=", c.eq)]
    if c.in_ is not None or c.has is not None:
        values = c.in_ if c.in_ is not None else c.has
        return "any", [(q, "=", value) for value in values or ()]
    if c.has_other_than is not None:
        others = [v for v in flow.question(q).option_values if v not in c.has_other_than]
        return "any", [(q, "=", value) for value in others]
    if c.between is not None:
        low, high = c.between
        return "all", [(q, ">=", low), (q, "<=", high)]
    return None


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
            "questionnaire": f"{questionnaire_url(intake.flow_id)}|{intake.flow_version}",
            "status": "completed",
            "authored": intake.finished_at.isoformat(),
            "language": intake.language,
            "item": items,
        }
    )


def to_fhir(intakes: Sequence[Intake], flow: Flow) -> str:
    """One intake: its QuestionnaireResponse. Otherwise a ``collection`` Bundle: the
    flow's Questionnaire, then each intake's response."""
    from fhir.resources.R4B.bundle import Bundle

    if len(intakes) == 1:
        return questionnaire_response(intakes[0], flow).model_dump_json(indent=2) + "\n"
    form = questionnaire(flow)
    entries = [
        {
            "fullUrl": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{form.url}|{form.version}')}",
            "resource": form,
        }
    ]
    for intake in intakes:
        entries.append(
            {"fullUrl": f"urn:uuid:{intake.id}", "resource": questionnaire_response(intake, flow)}
        )
    bundle = Bundle.model_validate(
        {"resourceType": "Bundle", "type": "collection", "entry": entries}
    )
    return bundle.model_dump_json(indent=2) + "\n"


def questionnaire_json(flow: Flow, language: str | None = None) -> str:
    return questionnaire(flow, language).model_dump_json(indent=2) + "\n"
