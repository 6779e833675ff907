"""Issue 21, scale: exports stream (each intake written as it is read), a failed export
to a file leaves nothing behind, FHIR is always a Bundle with a Questionnaire per
language, fhir-ndjson is one response a line, and enableWhen says exactly what the
flow's conditions say wherever it can."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import random
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake_bot.cli import main
from intake_bot.engine.path import check_answers
from intake_bot.engine.triage import triage
from intake_bot.errors import StoreError
from intake_bot.flow.conditions import compile_condition
from intake_bot.records.exports import FORMATS, ExportError, export, questionnaire, write
from intake_bot.records.intake import Intake, RecordedAnswer, build_intake
from intake_bot.store.store import Store
from tests.hair_loss_paths import answers

# A few real paths (hair_loss_paths.answers walks the flow), each in both languages.
PATHS: list[dict[str, Any]] = [
    {},
    {"sex": "female", "age": 30, "patches": "yes", "scalp_symptoms": ["pain_burning", "itch"]},
    {"sex": "female", "age": 45, "shedding_amount": "heavy", "pregnant": "not_sure"},
    {"sex": "other", "age": 16, "medications": ["retinoids"], "shedding_amount": "increased"},
    {"sex": "female", "age": 60, "thinning_pattern": "diffuse", "menopause": "post"},
]


def make(flow, ticket: str, language: str = "en", **overrides: Any) -> Intake:
    checked = check_answers(flow, answers(**overrides), language)
    return build_intake(
        flow, checked, triage(flow, checked, language), ticket=ticket, front_door="kiosk"
    )


def ticket(number: int) -> str:
    letters = "ACDEFGHJKLMNPQRSTUVWXYZ"
    return f"KA{letters[number // 23 % 23]}-A{letters[number % 23]}A"


def mixed(flow, count: int) -> list[Intake]:
    return [
        make(flow, ticket(n), ("en", "es")[n % 2], **PATHS[n % len(PATHS)]) for n in range(count)
    ]


# -- streaming: the first intake is out before the last is read -------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_each_intake_before_reading_the_next(flow, fmt):
    intakes = mixed(flow, 3)
    out = io.StringIO()
    seen: list[str] = []

    def stream() -> Iterator[Intake]:
        for number, intake in enumerate(intakes):
            if number == 2:  # asked for the 3rd: the 1st is already written
                seen.append(out.getvalue())
            yield intake

    assert write(stream(), fmt, flow, out, languages=["en", "es"]) == 3
    assert intakes[0].ticket in seen[0]
    assert intakes[2].ticket not in seen[0]
    assert intakes[2].ticket in out.getvalue()


def test_streamed_json_reads_back_as_before(flow):
    intakes = mixed(flow, 3)
    out = io.StringIO()
    write(iter(intakes), "json", flow, out)
    records = [intake.model_dump(mode="json") for intake in intakes]
    assert out.getvalue() == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    one = io.StringIO()
    write(iter(intakes[:1]), "json", flow, one, single=True)
    assert json.loads(one.getvalue())["ticket"] == intakes[0].ticket
    assert export([], "json", flow) == "[]\n"
    assert export([], "text", flow) == "No intakes.\n"


# -- CSV: an older flow's questions keep their column -----------------------------------


def older(intake: Intake) -> Intake:
    """The intake as an older flow recorded it: another hash, one more question."""
    extra = RecordedAnswer(
        question_id="scalp_photo_ok", question="May we photograph your scalp?", type="yes_no",
        value="yes", labels=["Yes"],
    )  # fmt: skip
    return intake.model_copy(
        update={"flow_hash": "0" * 64, "flow_version": 2, "answers": [*intake.answers, extra]}
    )


def test_csv_from_the_store_keeps_an_older_flows_question(capsys, tmp_path, flow):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    with Store(url) as store:
        store.add(make(flow, "KAA-AAA"))
        store.add(older(make(flow, "KAA-AAC")))
        store.add(make(flow, "KAA-AAD", sex="female", age=30))
    assert main(["export", "--db", url, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["ticket"] for row in rows] == ["KAA-AAA", "KAA-AAC", "KAA-AAD"]
    assert [row["scalp_photo_ok"] for row in rows] == ["", "yes", ""]
    assert list(rows[0])[-1] == "scalp_photo_ok"  # after the flow's own questions


def test_csv_never_drops_an_answer_it_has_no_column_for(flow):
    with pytest.raises(ExportError, match="KAA-AAC holds question 'scalp_photo_ok'"):
        write([make(flow, "KAA-AAA"), older(make(flow, "KAA-AAC"))], "csv", flow, io.StringIO())


# -- FHIR: always a Bundle, a Questionnaire per language -------------------------------


def test_one_intake_is_a_bundle_too(flow):
    bundle = Bundle.model_validate_json(export([make(flow, "KAA-AAA")], "fhir", flow, single=True))
    assert bundle.type == "collection"
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds == ["Questionnaire", "QuestionnaireResponse"]
    form, response = (entry.resource for entry in bundle.entry)
    assert form.url == "urn:intake-bot:questionnaire:hair_loss:en"
    assert response.questionnaire == "urn:intake-bot:questionnaire:hair_loss:en|3"


def test_a_hundred_mixed_language_responses_match_their_own_questionnaire(flow):
    intakes = mixed(flow, 100)
    out = io.StringIO()
    assert write(iter(intakes), "fhir", flow, out, languages=["en", "es"]) == 100
    bundle = Bundle.model_validate_json(out.getvalue())
    forms = {
        f"{e.resource.url}|{e.resource.version}": e.resource
        for e in bundle.entry
        if e.resource.get_resource_type() == "Questionnaire"
    }
    assert sorted(forms) == [
        "urn:intake-bot:questionnaire:hair_loss:en|3",
        "urn:intake-bot:questionnaire:hair_loss:es|3",
    ]
    responses = [e.resource for e in bundle.entry[2:]]
    assert [r.identifier.value for r in responses] == [i.ticket for i in intakes]
    assert {r.language for r in responses} == {"en", "es"}
    compared = 0
    for response in responses:
        form = forms[response.questionnaire]
        assert form.language == response.language
        items = {item.linkId: item for item in form.item}
        for answered in response.item:
            asked = items[answered.linkId]
            assert answered.text == asked.text
            displays = {o.valueCoding.code: o.valueCoding.display for o in asked.answerOption or []}
            for given in answered.answer:
                if given.valueCoding is not None:
                    assert given.valueCoding.display == displays[given.valueCoding.code]
                    compared += 1
    assert compared > 1000


def test_a_response_in_a_language_not_asked_for_still_points_at_its_own(flow):
    out = io.StringIO()
    write([make(flow, "KAA-AAA", "es")], "fhir", flow, out, languages=[])
    bundle = Bundle.model_validate_json(out.getvalue())
    assert bundle.entry[0].resource.url.endswith(":en")  # the flow's first, when none
    assert bundle.entry[1].resource.questionnaire.startswith("urn:intake-bot:questionnaire:")
    assert bundle.entry[1].resource.questionnaire.endswith(":es|3")


def test_fhir_export_from_the_store_has_the_languages_present(capsys, tmp_path, flow):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    with Store(url) as store:
        store.add(make(flow, "KAA-AAA", "es"))
        store.add(make(flow, "KAA-AAC", "es", sex="female", age=30))
    assert main(["export", "--db", url, "--format", "fhir"]) == 0
    bundle = Bundle.model_validate_json(capsys.readouterr().out)
    assert [e.resource.get_resource_type() for e in bundle.entry] == [
        "Questionnaire", "QuestionnaireResponse", "QuestionnaireResponse",
    ]  # fmt: skip
    assert bundle.entry[0].resource.language == "es"
    assert main(["export", "--db", url, "--format", "fhir", "--ticket", "kaa-aac"]) == 0
    bundle = Bundle.model_validate_json(capsys.readouterr().out)
    assert [e.resource.get_resource_type() for e in bundle.entry] == [
        "Questionnaire", "QuestionnaireResponse",
    ]  # fmt: skip


def test_fhir_ndjson_is_one_response_a_line_and_the_questionnaire_apart(capsys, tmp_path, flow):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    with Store(url) as store:
        for intake in mixed(flow, 6):
            store.add(intake)
    assert main(["export", "--db", url, "--format", "fhir-ndjson"]) == 0
    lines = capsys.readouterr().out.splitlines()
    responses = [QuestionnaireResponse.model_validate_json(line) for line in lines]
    assert len(responses) == 6 and all(r.status == "completed" for r in responses)
    argv = ["export", "--db", url, "--format", "fhir-ndjson", "--questionnaire", "--lang", "es"]
    assert main(argv) == 0
    (line,) = capsys.readouterr().out.splitlines()
    form = Questionnaire.model_validate_json(line)
    assert form.url == "urn:intake-bot:questionnaire:hair_loss:es" and form.language == "es"
    assert responses[1].questionnaire == f"{form.url}|{form.version}"  # the 2nd is Spanish
    assert main(["export", "--db", url, "--format", "csv", "--questionnaire"]) == 2
    assert "--questionnaire goes with --format fhir or fhir-ndjson" in capsys.readouterr().err


# -- enableWhen wherever it says exactly what the flow says -----------------------------

NOW_PLAIN = ["gave_birth_recently", "breastfeeding", "planning_pregnancy", "menopause"]
STILL_EXPRESSIONS = ["medication_started_recently", "pregnant"]


def test_the_pregnancy_and_menopause_items_are_plain_enable_when(flow):
    items = {item.linkId: item for item in questionnaire(flow).item}
    for qid in NOW_PLAIN:
        assert items[qid].enableWhen and items[qid].enableBehavior == "all", qid
        assert not items[qid].extension, qid  # no FHIRPath a plain R4 reader ignores
    menopause = [(w.question, w.operator) for w in items["menopause"].enableWhen]
    assert menopause == [
        ("sex", "exists"), ("sex", "!="), ("age", ">="), ("age", "<="), ("pregnant", "!="),
    ]  # fmt: skip
    for qid in STILL_EXPRESSIONS:  # (A or B) and C: two behaviours at once
        assert not items[qid].enableWhen, qid
        assert "enableWhenExpression" in items[qid].extension[0].url, qid


def fhir_enabled(item: Any, answers: dict[str, Any]) -> bool:
    """FHIR R4's enableWhen, as a plain reader evaluates it."""

    def holds(when: Any) -> bool:
        given = answers.get(when.question)
        values = [] if given is None else given if isinstance(given, list) else [given]
        if when.operator == "exists":
            return bool(values) == when.answerBoolean
        wanted = (
            when.answerCoding.code
            if when.answerCoding is not None
            else when.answerInteger
            if when.answerInteger is not None
            else when.answerDecimal
        )
        if when.operator == "!=":
            return all(v != wanted for v in values)
        compare = {
            "=": lambda v: v == wanted,
            "<": lambda v: v < wanted,
            ">": lambda v: v > wanted,
            "<=": lambda v: v <= wanted,
            ">=": lambda v: v >= wanted,
        }[when.operator]
        return any(compare(v) for v in values)

    found = [holds(when) for when in item.enableWhen]
    return all(found) if item.enableBehavior in (None, "all") else any(found)


BOUNDS = [0, 1, 2, 3, 4, 6, 7, 8, 10, 11, 12, 17, 18, 29, 30, 31, 34, 35, 55, 56, 65, 66, 120]


def random_answers(flow, chance: random.Random) -> dict[str, Any]:
    """Any valid answer (or none) to each question: more than any one path reaches."""
    result: dict[str, Any] = {}
    for question in flow.questions:
        if chance.random() < 0.2:
            continue  # not asked
        if question.type == "number":
            low, high = int(question.min or 0), int(question.max or 120)
            near = [n for n in BOUNDS if low <= n <= high]
            result[question.id] = chance.choice([chance.randint(low, high), *near])
        elif question.type == "multi":
            picked = chance.sample(question.option_values, chance.randint(1, 3))
            result[question.id] = picked
        elif question.option_values:
            result[question.id] = chance.choice(question.option_values)
        else:
            result[question.id] = "some text"
    return result


def assert_exact(flow) -> list[str]:
    """Every item's enableWhen holds exactly when its ask_if does (3,000 random answer
    sets); the items with an enableWhen."""
    items = [item for item in questionnaire(flow, flow.languages[-1]).item if item.enableWhen]
    predicates = {
        item.linkId: compile_condition(flow.question(item.linkId).ask_if, flow.conditions)
        for item in items
    }
    chance = random.Random(21)
    for _ in range(3000):
        given = random_answers(flow, chance)
        for item in items:
            wanted = predicates[item.linkId](given, None)
            assert fhir_enabled(item, given) == wanted, (item.linkId, given)
    return [item.linkId for item in items]


def test_every_enable_when_says_exactly_what_the_flow_says(flow):
    assert set(assert_exact(flow)) == {*NOW_PLAIN, "onset", "duration"}


NEGATIONS = """
  - id: n_between
    type: yes_no
    text: {en: "A?", fr: "A ?"}
    ask_if: {not: {q: pain_level, between: [3, 7]}}
  - id: n_has
    type: yes_no
    text: {en: "B?", fr: "B ?"}
    ask_if: {not: {q: medical_history, has: [diabetes, none]}}
  - id: n_any
    type: yes_no
    text: {en: "C?", fr: "C ?"}
    ask_if: {not: {any: [{q: age, eq: 30}, {q: visit_reason, in: [pain, checkup]}]}}
  - id: n_other_than
    type: yes_no
    text: {en: "D?", fr: "D ?"}
    ask_if: {not: {q: medical_history, has_other_than: [none]}}
  - id: nested_any
    type: yes_no
    text: {en: "E?", fr: "E ?"}
    ask_if:
      any:
        - {q: visit_reason, eq: pain}
        - any: [{q: age, eq: 30}, {not: {q: medicines, answered: true}}]
  - id: two_behaviours
    type: yes_no
    text: {en: "F?", fr: "F ?"}
    ask_if:
      all:
        - {q: visit_reason, in: [pain, checkup]}
        - any: [{q: age, between: [1, 10]}, {q: swelling, eq: "yes"}]
"""


def test_not_and_nested_groups_become_exact_enable_when(dental, tmp_path):
    from intake_bot.flow import load_flow

    path = tmp_path / "negations.yaml"
    text = (Path(__file__).parent / "flows" / "dental_checkin.yaml").read_text(encoding="utf-8")
    questions, rest = text.split("\noutcomes:", 1)
    path.write_text(questions.rstrip("\n") + "\n" + NEGATIONS + "\noutcomes:" + rest, "utf-8")
    flow = load_flow(path)
    plain = assert_exact(flow)
    assert {"n_between", "n_has", "n_any", "n_other_than", "nested_any"} <= set(plain)
    assert "two_behaviours" not in plain  # (A or B) and (C or D): FHIRPath
    items = {item.linkId: item for item in questionnaire(flow).item}
    assert "enableWhenExpression" in items["two_behaviours"].extension[0].url


# -- -o: a failed export leaves nothing; the old file stays as it was -------------------


@pytest.fixture
def stored(tmp_path, flow) -> str:
    (tmp_path / "db").mkdir()
    url = f"sqlite:///{tmp_path / 'db' / 'i.sqlite3'}"
    with Store(url) as store:
        for intake in mixed(flow, 4):
            store.add(intake)
    return url


def failing_after_two(monkeypatch) -> None:
    real = Store.iter

    def iter_then_fail(self, **filters):
        for number, intake in enumerate(real(self, **filters)):
            if number == 2:
                raise StoreError("the connection was lost")
            yield intake

    monkeypatch.setattr(Store, "iter", iter_then_fail)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_failing_midway_leaves_no_file(capsys, tmp_path, stored, monkeypatch, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    failing_after_two(monkeypatch)
    assert main(["export", "--db", stored, "--format", fmt, "-o", str(folder / "x")]) == 2
    assert "the connection was lost" in capsys.readouterr().err
    assert list(folder.iterdir()) == []  # no file, no temporary file


@pytest.mark.parametrize("force", [False, True])
def test_a_failed_export_leaves_the_existing_file_untouched(
    capsys, tmp_path, stored, monkeypatch, force
):
    target = tmp_path / "old.json"
    target.write_text("yesterday's export\n")
    before = sorted(tmp_path.iterdir())
    failing_after_two(monkeypatch)
    argv = ["export", "--db", stored, "-o", str(target)] + (["--force"] if force else [])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert ("the connection was lost" if force else "already exists") in err
    assert target.read_text() == "yesterday's export\n"
    assert sorted(tmp_path.iterdir()) == before


def test_a_file_appearing_during_the_export_is_not_replaced(capsys, tmp_path, stored, monkeypatch):
    target = tmp_path / "out.csv"
    real = Store.iter

    def iter_while_someone_writes(self, **filters):
        for number, intake in enumerate(real(self, **filters)):
            if number == 1 and not target.exists():
                target.write_text("written meanwhile\n")
            yield intake

    monkeypatch.setattr(Store, "iter", iter_while_someone_writes)
    assert main(["export", "--db", stored, "--format", "csv", "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "written meanwhile\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "out.csv"]


def test_a_file_system_without_hard_links_still_gets_a_new_private_file(
    capsys, tmp_path, stored, monkeypatch
):
    def no_links(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "usb" / "out.json"
    target.parent.mkdir()
    assert main(["export", "--db", stored, "-o", str(target)]) == 0
    assert len(json.loads(target.read_text())) == 4
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]


def test_the_audit_counts_what_was_streamed(capsys, tmp_path, stored):
    from intake_bot.store import audit

    target = tmp_path / "all.ndjson"
    assert main(["export", "--db", stored, "--format", "fhir-ndjson", "-o", str(target)]) == 0
    assert len(target.read_text().splitlines()) == 4
    with Store(stored) as store, store.engine.connect() as connection:
        (row,) = [r for r in audit.rows(connection) if r.action == "export"]
    assert row.detail == f"fhir-ndjson, every intake: 4 intakes to {target}"


def test_a_missing_ticket_is_still_refused_before_any_file(capsys, tmp_path, stored):
    target = tmp_path / "one.json"
    assert main(["export", "--db", stored, "--ticket", "KZZ-ZZZ", "-o", str(target)]) == 2
    assert "no intake with ticket KZZ-ZZZ" in capsys.readouterr().err
    assert not target.exists()
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["db"]
