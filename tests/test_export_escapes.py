"""JSON and FHIR exports carry hostile text (a patient reference, a staff note) intact
but never raw: no C1 control, bidi override or invisible format character reaches a
terminal that shows the file (the text and CSV exports write them out as \\x9b)."""

from __future__ import annotations

import json
import re

import pytest

from intake_bot.flow import load_default_flow
from intake_bot.records.exports import export, questionnaire_json
from tests.store.driver import template

HOSTILE = "Ana\u202eRuiz\x9b2J\x1b]52;c;ZXZpbA==\x07\u2066x\u2069\u200b\U000e0041"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202e\u2066\u2069\U000e0041]")


@pytest.mark.parametrize("fmt", ["json", "fhir", "fhir-ndjson"])
def test_hostile_text_is_escaped_and_kept(fmt):
    flow = load_default_flow()
    base = template()
    answers = [base.answers[0].model_copy(update={"question": HOSTILE}), *base.answers[1:]]
    intake = base.model_copy(
        update={"patient_ref": HOSTILE, "staff_notes": HOSTILE, "answers": answers}
    )
    text = export([intake, intake.model_copy(update={"ticket": "KAA-AAC"})], fmt, flow)
    assert not RAW.search(text), RAW.search(text)
    if fmt == "json":
        assert json.loads(text)[0]["patient_ref"] == HOSTILE
        assert json.loads(text)[0]["answers"][0]["question"] == HOSTILE
    elif fmt == "fhir-ndjson":
        assert json.loads(text.splitlines()[0])["item"][0]["text"] == HOSTILE
    else:
        bundle = json.loads(text)
        responses = [e["resource"] for e in bundle["entry"]][-2:]
        assert responses[0]["item"][0]["text"] == HOSTILE


def test_the_questionnaire_is_plain_json():
    text = questionnaire_json(load_default_flow(), "es")
    assert not RAW.search(text) and json.loads(text)["language"] == "es"
