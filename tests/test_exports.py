"""Exports: JSON, CSV (read back with the csv module), text, FHIR (validated by
fhir.resources); and the commands that write them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake_bot.cli import main
from intake_bot.engine.path import check_answers
from intake_bot.engine.triage import triage
from intake_bot.records.exports import export, questionnaire
from intake_bot.records.intake import build_intake
from tests.hair_loss_paths import answers


def intake(flow, ticket="KAA-AAA", language="en", **overrides):
    checked = check_answers(flow, answers(**overrides), language)
    return build_intake(
        flow, checked, triage(flow, checked, language), ticket=ticket, front_door="kiosk"
    )


@pytest.fixture
def two(flow):
    urgent = intake(
        flow,
        "KAA-AAC",
        sex="female",
        age=30,
        patches="yes",
        scalp_symptoms=["pain_burning", "itch"],
    )
    return [intake(flow), urgent.model_copy(update={"staff_notes": "=HYPERLINK(1)"})]


def test_csv_one_row_per_intake_one_column_per_question(flow, two):
    rows = list(csv.DictReader(io.StringIO(export(two, "csv", flow))))
    assert [r["ticket"] for r in rows] == ["KAA-AAA", "KAA-AAC"]
    assert all(q.id in rows[0] for q in flow.questions)
    assert rows[0]["age"] == "40" and rows[1]["sex"] == "female"
    assert rows[1]["scalp_symptoms"] == "pain_burning; itch"
    assert rows[0]["pregnant"] == ""  # not on his path
    assert rows[1]["staff_notes"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert rows[1]["outcome"] == "specialist_urgent"


def test_text_summary_outcome_reasons_then_answers(flow, two):
    text = export(two[1:], "text", flow)
    lines = text.splitlines()
    assert lines[0].startswith("Ticket KAA-AAC")
    assert lines[1].startswith("Outcome: ") and "specialist_urgent" in lines[1]
    assert lines.index("Why:") < lines.index("Answers:")
    assert "  How old are you?  ->  30" in lines
    assert any(line.startswith("  Do you have any of these on your scalp?") for line in lines)


def test_json_is_the_record(flow, two):
    data = json.loads(export(two[:1], "json", flow, single=True))
    assert data["ticket"] == "KAA-AAA" and data["triage"]["outcome"] == "routine"
    assert data["answers"][0] == {
        "question_id": "age",
        "question": "How old are you?",
        "type": "number",
        "value": 40,
        "labels": [],
    }
    assert len(json.loads(export(two, "json", flow))) == 2


def test_fhir_questionnaire_with_enable_when(flow):
    form = Questionnaire.model_validate_json(questionnaire(flow).model_dump_json())
    items = {item.linkId: item for item in form.item}
    assert [o.valueCoding.code for o in items["sex"].answerOption] == [
        o.value for o in flow.question("sex").options
    ]
    assert items["scalp_symptoms"].repeats
    assert items["duration"].enableWhen[0].question == "shedding_amount"
    # sex in [female, other] is "answered and not male", pregnant in [no, not_sure]
    # "answered and not yes": plain enableWhen, all of them
    breastfeeding = [(w.question, w.operator) for w in items["breastfeeding"].enableWhen]
    assert ("pregnant", "!=") in breastfeeding and items["breastfeeding"].enableBehavior == "all"
    assert items["onset"].enableBehavior == "any"  # hair loss present: any of three
    # (A or B) and C is beyond enableWhen: SDC's enableWhenExpression in FHIRPath.
    assert "linkId='sex'" in items["pregnant"].extension[0].valueExpression.expression
    # v3: a medicine reported and hair loss present, (A or B...) and (C or D...)
    started = items["medication_started_recently"]
    assert not started.enableWhen
    expression = started.extension[0].valueExpression.expression
    assert "linkId='medications'" in expression and "linkId='patches'" in expression
    # "not pregnant yes" holds when pregnant was not asked: "!=", no answer is yes
    (menopause,) = [w for w in items["menopause"].enableWhen if w.question == "pregnant"]
    assert menopause.operator == "!=" and menopause.answerCoding.code == "yes"
    # options shown only by sex (show_if): SDC answerOptionsToggleExpression, the
    # option enabled only while the sex answer fits; the other options always enabled
    toggle = "sdc-questionnaire-answerOptionsToggleExpression"
    toggled = {
        item.linkId: [
            (
                [sub.valueCoding.code for sub in ext.extension if sub.url == "option"],
                next(sub for sub in ext.extension if sub.url == "expression"),
            )
            for ext in item.extension or []
            if ext.url.endswith(toggle)
        ]
        for item in form.item
    }
    assert {qid for qid, found in toggled.items() if found} == {
        "other_hair_loss",
        "systemic_symptoms",
        "medications",
    }
    [(beard, beard_when)] = toggled["other_hair_loss"]
    assert beard == ["beard"]
    assert "linkId='sex'" in beard_when.valueExpression.expression
    assert "'male' | 'other'" in beard_when.valueExpression.expression
    [(periods, periods_when)] = toggled["systemic_symptoms"]
    assert periods == ["heavy_periods", "irregular_periods", "acne_or_excess_hair", "deeper_voice"]
    assert "'female' | 'other'" in periods_when.valueExpression.expression
    assert toggled["medications"][0][0] == ["hormonal_contraception_change"]
    assert all(
        item.enableWhen or item.extension
        for item in form.item
        if flow.question(item.linkId).ask_if is not None
    )


def test_fhir_responses_in_a_bundle(flow, two):
    bundle = Bundle.model_validate_json(export(two, "fhir", flow))
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds == ["Questionnaire", "QuestionnaireResponse", "QuestionnaireResponse"]
    response = bundle.entry[2].resource
    assert response.identifier.value == "KAA-AAC"
    assert response.questionnaire == "urn:intake-bot:questionnaire:hair_loss:en|3"
    sex = next(item for item in response.item if item.linkId == "sex")
    assert sex.answer[0].valueCoding.code == "female" and sex.answer[0].valueCoding.display
    one = Bundle.model_validate_json(export(two[:1], "fhir", flow, single=True))
    response = one.entry[1].resource
    assert isinstance(response, QuestionnaireResponse) and response.status == "completed"


def test_submit_then_export_every_format(capsys, tmp_path, flow):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    assert main(["submit", str(path), "--db", url, "--patient-ref", "MRN 7"]) == 0
    ticket = capsys.readouterr().out.strip()
    batch = tmp_path / "a.jsonl"
    batch.write_text(json.dumps(answers()) + "\nnot json\n" + json.dumps(answers()) + "\n")
    assert main(["submit", str(batch), "--batch", "--db", url]) == 2
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [("ticket" in line) for line in lines] == [True, False, True]
    assert "1 of 3 lines could not be stored" in err
    assert main(["export", "--db", url, "--ticket", ticket.lower(), "--format", "text"]) == 0
    assert "Patient reference: MRN 7" in capsys.readouterr().out
    target = tmp_path / "out.csv"
    assert main(["export", "--db", url, "--format", "csv", "-o", str(target)]) == 0
    assert len(list(csv.DictReader(target.open(newline="")))) == 3
    assert target.stat().st_mode & 0o077 == 0  # health data: private
    assert main(["export", "--db", url, "--since", "2020-01-01", "--status", "new"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert main(["export", "--db", url, "--status", "reviewed", "--format", "fhir"]) == 0
    assert Bundle.model_validate_json(capsys.readouterr().out).entry[0].resource
    assert main(["export", "--db", url, "--since", "yesterday"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert main(["export", "--db", url, "--ticket", "KAA-AAA"]) == 2
    assert "no intake with ticket KAA-AAA" in capsys.readouterr().err
    assert main(["purge", "--db", url]) == 0
    assert "0 intakes" in capsys.readouterr().out


def test_submit_refuses_bad_answers_like_triage(capsys, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({**answers(), "age": 500}), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    assert main(["submit", str(path), "--db", url]) == 2
    assert "question 'age'" in capsys.readouterr().err
