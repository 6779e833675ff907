"""What the flow language gained for the hair-loss flow v3, on a small flow of its own:
options shown only under a condition, rules that cover others, routine rules with a
reason, next steps per front door naming the clinic, and contraindications of two
kinds. Each is checked at load with a located message, and a flow written before
(tests/flows/dental_checkin.yaml) keeps loading."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from intake_bot.cli import main
from intake_bot.engine.answers import AnswerError
from intake_bot.engine.path import AnswersError, check_answers, path_of, prune
from intake_bot.engine.replies import ReplyNotUnderstood, interpret
from intake_bot.engine.session import Session
from intake_bot.engine.triage import Clinic, triage
from intake_bot.flow import FlowError, load_flow, parse_flow

FLOW = textwrap.dedent(
    """\
    id: mini
    version: 1
    languages: [en]
    title: {en: Mini}
    welcome: {en: Hello.}
    consent:
      kiosk: {en: Kiosk consent.}
      self: {en: Self consent.}
      staff: {en: Staff consent.}
      self_save: {en: Your summary is saved when you see your result.}
    disclaimer: {en: Not a diagnosis.}
    yes_no: {yes: {en: "Yes"}, no: {en: "No"}}
    clinic_contact:
      clinic: {en: the clinic}
      with_phone: {en: "call {clinic} on {phone}"}
      without_phone: {en: "call {clinic}"}
    contraindication_kinds:
      absolute: {en: "It is not done while {list}."}
      relative: {en: "A doctor checks first, because {list}."}
    questions:
      - id: sex
        type: choice
        text: {en: "Sex?"}
        options:
          - {value: female, text: {en: Female}}
          - {value: male, text: {en: Male}}
      - id: symptoms
        type: multi
        text: {en: "Any of these?"}
        options:
          - {value: itch, text: {en: Itch}, reason_text: {en: itching}}
          - value: heavy_periods
            text: {en: Heavy periods}
            show_if: {q: sex, eq: female}
          - value: beard
            text: {en: Beard loss}
            show_if: {q: sex, eq: male}
          - {value: none, text: {en: None}, exclusive: true}
      - id: pain
        type: yes_no
        text: {en: "Pain?"}
      - id: pregnant
        type: yes_no
        text: {en: "Pregnant?"}
        ask_if: {q: sex, eq: female}
      - id: blood_thinner
        type: yes_no
        text: {en: "Blood thinner?"}
    outcomes:
      - id: urgent
        severity: 2
        title: {en: Urgent}
        text: {en: Soon.}
        next_steps:
          kiosk: {en: Show your ticket at the front desk.}
          self: {en: "Please {call_the_clinic} today."}
          staff: {en: The staff member with you arranges it.}
      - id: treat
        severity: 1
        title: {en: Treat}
        text: {en: A treatment may suit you.}
        next_steps: {en: Talk it over at your visit.}
      - id: routine
        severity: 0
        title: {en: Routine}
        text: {en: Nothing special.}
    default_outcome: routine
    contraindications:
      - id: pregnancy
        kind: absolute
        when: {q: pregnant, eq: "yes"}
        text: {en: you are pregnant}
      - id: blood_thinner
        when: {q: blood_thinner, eq: "yes"}
        text: {en: you take a blood thinner}
    rules:
      - id: itch_alone
        when: {q: symptoms, has: [itch]}
        outcome: routine
        covered_by_more_severe: true
        reason: {en: Itch often settles by itself.}
      - id: pain_rule
        when: {q: pain, eq: "yes"}
        outcome: urgent
        covers: [itch_and_pain]
        cases:
          - when: {q: symptoms, has: [itch]}
            text: {en: "You mentioned pain and {symptoms}."}
        reason: {en: You mentioned pain.}
      - id: itch_and_pain
        when: {all: [{q: pain, eq: "yes"}, {q: symptoms, has: [itch]}]}
        outcome: urgent
        reason: {en: Itch with pain.}
      - id: periods
        when: {q: symptoms, has: [heavy_periods]}
        outcome: treat
        reason: {en: You mentioned heavy periods.}
      - id: not_suitable
        when: {all: [{outcome_matched: treat}, {contraindicated: true}]}
        outcome: urgent
        reason: {en: "Injections into the scalp. {contraindications}"}
    """
)

CALM = {
    "sex": "female",
    "symptoms": ["none"],
    "pain": "no",
    "pregnant": "no",
    "blood_thinner": "no",
}


@pytest.fixture(scope="module")
def flow():
    return parse_flow(FLOW, "mini.yaml")


def refused(text: str) -> str:
    with pytest.raises(FlowError) as caught:
        parse_flow(text, "mini.yaml")
    return str(caught.value)


# -- option conditions ------------------------------------------------------------------


def test_a_hidden_option_is_not_offered_in_a_session(flow):
    session = Session(flow)
    session.answer("male")
    offered = session.current_question.option_values
    assert "heavy_periods" not in offered
    assert "beard" in offered
    with pytest.raises(AnswerError):
        session.answer(["heavy_periods"])
    assert "symptoms" not in session.answers  # nothing kept from the refused answer


def test_a_hidden_option_cannot_be_typed(flow):
    session = Session(flow)
    session.answer("male")
    question = session.current_question
    with pytest.raises(ReplyNotUnderstood):
        interpret(flow, question, "heavy periods", "en")
    assert interpret(flow, question, "beard loss", "en") == ("beard",)


def test_a_hidden_option_given_headless_names_question_and_option(flow):
    with pytest.raises(AnswersError) as caught:
        check_answers(flow, {**CALM, "sex": "male", "symptoms": ["heavy_periods"]} | {})
    assert caught.value.question_id == "symptoms"
    assert "heavy_periods" in caught.value.message
    assert "not offered on this path" in caught.value.message


def test_the_triage_command_refuses_a_hidden_option_with_exit_2(tmp_path, capsys):
    flow_file = tmp_path / "mini.yaml"
    flow_file.write_text(FLOW, encoding="utf-8")
    answers = {"sex": "male", "symptoms": ["beard", "heavy_periods"], "pain": "no"}
    answers["blood_thinner"] = "no"
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers), encoding="utf-8")
    code = main(["triage", "--flow", str(flow_file), str(answers_file)])
    err = capsys.readouterr().err
    assert code == 2
    assert "symptoms" in err and "heavy_periods" in err and "not offered" in err
    assert "Traceback" not in err


def test_changing_an_earlier_answer_drops_a_choice_it_hides_and_asks_again(flow):
    session = Session(flow)
    for value in ("female", ["heavy_periods"], "no", "no", "no"):
        session.answer(value)
    assert session.at_review
    session.go_to("sex")
    session.answer("male")
    assert "symptoms" not in session.answers  # its option is no longer offered
    session.resume()
    assert session.current_question.id == "symptoms"
    assert "pregnant" not in session.answers  # off the path, as before


def test_prune_and_path_keep_an_answer_whose_options_are_all_shown(flow):
    answers = {**CALM, "symptoms": ("itch",)}
    assert prune(flow, answers) == answers
    assert path_of(flow, {"sex": "male", "symptoms": ("heavy_periods",)})[:2] == [
        "sex",
        "symptoms",
    ]
    assert "symptoms" not in prune(flow, {"sex": "male", "symptoms": ("heavy_periods",)})


# -- covers, routine reasons ------------------------------------------------------------


def test_a_covered_rule_still_matches_but_its_reason_is_not_shown(flow):
    result = triage(flow, check_answers(flow, {**CALM, "symptoms": ["itch"], "pain": "yes"}))
    assert result.outcome == "urgent"
    assert result.rule_ids == ["pain_rule", "itch_and_pain", "itch_alone"]
    covered = {rule.id: rule.covered_by for rule in result.rules}
    assert covered == {"pain_rule": None, "itch_and_pain": "pain_rule", "itch_alone": "pain_rule"}
    assert [rule.id for rule in result.shown_rules] == ["pain_rule"]
    text = result.to_text()
    assert "Itch with pain." not in text and "settles by itself" not in text
    reasons = {r["id"]: r["covered_by"] for r in result.to_json()["reasons"]}
    assert reasons["itch_and_pain"] == "pain_rule"


def test_a_routine_rule_gives_its_reason_on_a_routine_result(flow):
    result = triage(flow, check_answers(flow, {**CALM, "symptoms": ["itch"]}))
    assert result.outcome == "routine"
    assert [rule.id for rule in result.shown_rules] == ["itch_alone"]
    assert "Itch often settles by itself." in result.to_text()


# -- next steps per front door ----------------------------------------------------------


@pytest.mark.parametrize(
    ("door", "clinic", "steps"),
    [
        ("kiosk", None, "Show your ticket at the front desk."),
        ("staff", None, "The staff member with you arranges it."),
        ("self", None, "Please call the clinic today."),
        (
            "self",
            Clinic(phone="+34 912 345 678"),
            "Please call the clinic on +34 912 345 678 today.",
        ),
        (
            "self",
            Clinic(name="Clínica Sol", phone="912 345 678"),
            "Please call Clínica Sol on 912 345 678 today.",
        ),
        ("self", Clinic(name="Clínica Sol"), "Please call Clínica Sol today."),
    ],
)
def test_next_steps_are_those_of_the_front_door_naming_the_clinic(flow, door, clinic, steps):
    answers = check_answers(flow, {**CALM, "pain": "yes"})
    assert triage(flow, answers, front_door=door, clinic=clinic).next_steps == steps


def test_one_next_steps_text_serves_every_front_door(flow):
    answers = check_answers(flow, {**CALM, "symptoms": ["heavy_periods"]})
    for door in ("kiosk", "self", "staff"):
        assert triage(flow, answers, front_door=door).next_steps == "Talk it over at your visit."


# -- contraindications of two kinds ------------------------------------------------------


def test_each_kind_of_contraindication_has_its_own_sentence(flow):
    answers = {**CALM, "symptoms": ["heavy_periods"], "pregnant": "yes", "blood_thinner": "yes"}
    result = triage(flow, check_answers(flow, answers))
    reason = next(r.reason for r in result.rules if r.id == "not_suitable")
    assert reason == (
        "Injections into the scalp. It is not done while you are pregnant. "
        "A doctor checks first, because you take a blood thinner."
    )
    assert {c.id: c.kind for c in result.contraindications} == {
        "pregnancy": "absolute",
        "blood_thinner": "relative",
    }


def test_only_the_kinds_found_are_said(flow):
    answers = {**CALM, "symptoms": ["heavy_periods"], "blood_thinner": "yes"}
    reason = next(
        r.reason for r in triage(flow, check_answers(flow, answers)).rules if r.id == "not_suitable"
    )
    assert (
        reason
        == "Injections into the scalp. A doctor checks first, because you take a blood thinner."
    )


# -- checked at load, with the place named ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "show_if: {q: sex, eq: female}",
            "show_if: {q: pain, eq: 'yes'}",
            "the show_if of 'symptoms' reads 'pain', which is asked later",
        ),
        (
            "show_if: {q: sex, eq: male}",
            "show_if: {q: sex, eq: man}",
            "'man' is not an option of 'sex'",
        ),
        ("covers: [itch_and_pain]", "covers: [itch_and_pains]", "unknown rule 'itch_and_pains'"),
        ("covers: [itch_and_pain]", "covers: [pain_rule]", "cannot cover itself"),
        (
            "outcome: treat\n    reason: {en: You mentioned heavy periods.}",
            "outcome: treat\n    covers: [pain_rule]\n    reason: {en: You mentioned heavy periods.}",
            "is more severe",
        ),
        (
            "staff: {en: The staff member with you arranges it.}",
            "",
            "missing the next steps for front door 'staff'",
        ),
        (
            'without_phone: {en: "call {clinic}"}',
            'without_phone: {en: "call {clinik}"}',
            "{clinik}: only {clinic}, {phone} can be filled here",
        ),
        (
            'absolute: {en: "It is not done while {list}."}',
            'absolute: {en: "It is not done."}',
            "{list} is missing",
        ),
        ("kind: absolute", "kind: absolut", "kind"),
    ],
)
def test_mistakes_in_the_new_parts_are_named_with_their_line(old, new, expected):
    assert old in FLOW
    message = refused(FLOW.replace(old, new, 1))
    assert expected in message
    assert "mini.yaml" in message and "line" in message


def test_call_the_clinic_needs_the_clinic_contact_texts():
    start = FLOW.index("clinic_contact:")
    end = FLOW.index("contraindication_kinds:")
    message = refused(FLOW[:start] + FLOW[end:])
    assert "{call_the_clinic} needs the flow's clinic_contact texts" in message


def test_a_flow_written_before_these_parts_keeps_loading():
    flow = load_flow(Path(__file__).parent / "flows" / "dental_checkin.yaml")
    assert flow.clinic_contact is None and flow.contraindication_kinds is None
    assert all(not rule.covers for rule in flow.rules)
    assert all(c.kind == "relative" for c in flow.contraindications)


def test_a_hidden_option_cannot_be_typed_even_after_it_was_offered_to_someone(flow):
    woman = Session(flow)
    woman.answer("female")
    assert interpret(flow, woman.current_question, "heavy periods", "en") == ("heavy_periods",)
    man = Session(flow)
    man.answer("male")
    with pytest.raises(ReplyNotUnderstood):
        interpret(flow, man.current_question, "heavy periods", "en")


@pytest.mark.parametrize(
    ("symptoms", "reason"),
    [(["itch"], "You mentioned pain and itching."), (["none"], "You mentioned pain.")],
)
def test_a_reason_is_worded_by_its_first_case_that_holds(flow, symptoms, reason):
    answers = check_answers(flow, {**CALM, "symptoms": symptoms, "pain": "yes"})
    assert triage(flow, answers).shown_rules[0].reason == reason


def test_a_case_placeholder_the_case_cannot_fill_is_refused_with_its_line():
    bad = FLOW.replace(
        'text: {en: "You mentioned pain and {symptoms}."}', 'text: {en: "You felt {pregnant}."}'
    )
    message = refused(bad)
    assert "{pregnant}" in message and "rules[1] (pain_rule).cases[0].text" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("covers: [itch_and_pain]", "covers: [itch_and_pain, itch_and_pain]", "is listed twice"),
        (
            "reason: {en: Itch with pain.}",
            "covers: [pain_rule]\n    reason: {en: Itch with pain.}",
            "cover each other",
        ),
        (
            "{value: none, text: {en: None}, exclusive: true}",
            "{value: none, text: {en: None}, exclusive: true, show_if: {q: sex, eq: male}}",
            "exclusive option 'none'",
        ),
        (
            'without_phone: {en: "call {clinic}"}',
            'without_phone: {en: "call {clinic} on {phone}"}',
            "{phone} cannot be filled here",
        ),
        (
            'text: {en: "You mentioned pain and {symptoms}."}',
            'text: {en: "You mentioned pain. {contraindications}"}',
            "add {contraindicated: true} to its when",
        ),
    ],
)
def test_more_mistakes_that_would_hide_a_reason_or_leave_a_gap(old, new, expected):
    assert old in FLOW
    assert expected in refused(FLOW.replace(old, new, 1))


SHOWN = textwrap.dedent(
    """\
    id: shown
    version: 1
    languages: [en]
    title: {en: Shown}
    welcome: {en: Hello.}
    consent: {kiosk: {en: K.}, self: {en: S.}, staff: {en: T.}}
    disclaimer: {en: Not a diagnosis.}
    questions:
      - id: sex
        type: choice
        text: {en: "Sex?"}
        options:
          - {value: female, text: {en: Female}}
          - {value: male, text: {en: Male}}
      - id: symptoms
        type: multi
        text: {en: "Any of these?"}
        options:
          - {value: periods, text: {en: Heavy periods}, show_if: {q: sex, eq: female}}
          - {value: itch, text: {en: Itch}, show_if: {q: sex, eq: female}}
    outcomes:
      - {id: routine, severity: 0, title: {en: Routine}, text: {en: Nothing special.}}
      - {id: see, severity: 1, title: {en: See}, text: {en: See someone.}}
    default_outcome: routine
    rules:
      - {id: itchy, when: {q: symptoms, has: [itch]}, outcome: see, reason: {en: Itch.}}
    """
)


def test_a_question_that_shows_no_option_on_some_path_fails_the_check(tmp_path, capsys):
    flow_file = tmp_path / "dead_end.yaml"
    flow_file.write_text(SHOWN, encoding="utf-8")
    assert main(["check", str(flow_file)]) == 2
    err = capsys.readouterr().err
    assert "question 'symptoms' shows no option a person could choose when sex=male" in err
    assert "Traceback" not in err


def test_an_option_with_show_if_first_in_its_list_is_checked_without_a_crash(tmp_path, capsys):
    flow_file = tmp_path / "first.yaml"
    flow_file.write_text(
        SHOWN.replace(
            "{value: itch, text: {en: Itch}, show_if: {q: sex, eq: female}}",
            "{value: itch, text: {en: Itch}}",
        ),
        encoding="utf-8",
    )
    assert main(["check", str(flow_file)]) == 0, capsys.readouterr().err
