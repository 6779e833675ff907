"""FHIR R4: the flow as one Questionnaire per language, each intake as a
QuestionnaireResponse; a streamed ``collection`` Bundle, or NDJSON."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from intake_bot.flow.model import Condition, Flow, Question
from intake_bot.records.exports.common import indented, json_safe
from intake_bot.records.intake import Intake

QUESTIONNAIRE_BASE = "urn:intake-bot:questionnaire:"
TICKET_SYSTEM = "urn:intake-bot:ticket"
SDC_ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
SDC_ANSWER_OPTIONS_TOGGLE_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression"
)


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
    body = indented(json_safe(resource.model_dump_json(indent=2)), 6).lstrip()
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
