"""A person's pass through the flow: moving, going back, changing, progress."""

from __future__ import annotations

import pytest

from intake_bot.engine.answers import AnswerError
from intake_bot.engine.session import DONE, REVIEW, Session, SessionError, flow_machine

ADULT_WOMAN = [
    ("age", 30),
    ("sex", "female"),
    ("shedding_amount", "increased"),
    ("thinning_pattern", "diffuse"),
    ("patches", "no"),
    ("onset", "gradual"),
    ("duration", "3_to_12_months"),
    ("other_hair_loss", ["none"]),
    ("scalp_symptoms", ["none"]),
    ("hair_care", ["none"]),
    ("systemic_symptoms", ["none"]),
    ("medications", ["none"]),
    ("pregnant", "no"),
    ("gave_birth_recently", "yes"),
    ("breastfeeding", "no"),
    ("planning_pregnancy", "no"),
    ("bleeding_disorder", "no"),
    ("health_conditions", ["none"]),
    ("allergies", "no"),
    ("stress_or_illness", ["none"]),
    ("family_history", "no"),
    ("hair_transplant", "none"),
    ("prior_treatments", ["none"]),
]


def walk(session: Session, steps: list[tuple[str, object]]) -> None:
    for qid, value in steps:
        assert session.current_question is not None
        assert session.current_question.id == qid
        session.answer(value)


def test_whole_intake_reaches_review_then_done(flow):
    with Session(flow) as session:
        walk(session, ADULT_WOMAN)
        assert session.at_review and session.is_complete
        result = session.finish()
        assert session.state == DONE and session.is_finished
        assert result.outcome == "mesotherapy"
        assert {"postpartum_shedding", "pattern_thinning"} <= set(result.rule_ids)


def test_sessions_share_one_machine_and_leave_it_when_closed(flow):
    machine = flow_machine(flow)
    before = len(machine.models)
    first, second = Session(flow), Session(flow)
    assert flow_machine(flow) is machine
    assert len(machine.models) == before + 2
    first.answer(40)
    assert first.state == "sex" and second.state == "age"  # each its own state
    first.close()
    second.close()
    assert len(machine.models) == before
    assert dict(first.answers) == {}


def test_invalid_answer_raises_in_session_language_and_changes_nothing(flow):
    session = Session(flow, language="es")
    with pytest.raises(AnswerError) as error:
        session.answer(130)
    assert "del 1 al 120" in error.value.message
    assert session.state == "age" and dict(session.answers) == {}
    session.answer(50)
    with pytest.raises(AnswerError):
        session.answer("robot")
    assert session.state == "sex" and dict(session.answers) == {"age": 50}


def test_back_keeps_the_answer_and_returns_to_previous_question(flow):
    session = Session(flow)
    assert session.back() is False  # nothing before the first question
    walk(session, ADULT_WOMAN[:3])
    assert session.back() is True
    assert session.current_question.id == "shedding_amount"
    assert session.answers["shedding_amount"] == "increased"
    session.answer("heavy")
    assert session.current_question.id == "thinning_pattern"


def test_changing_an_earlier_answer_drops_answers_no_longer_asked(flow):
    session = Session(flow)
    walk(session, ADULT_WOMAN)
    assert {"pregnant", "gave_birth_recently", "breastfeeding", "onset"} <= set(session.answers)
    session.go_to("sex")
    session.answer("male")
    for gone in ("pregnant", "gave_birth_recently", "breastfeeding"):
        assert gone not in session.answers
    assert "onset" in session.answers  # still asked: kept
    session.go_to("shedding_amount")
    session.answer("normal")
    session.go_to("thinning_pattern")
    session.answer("none")
    assert "onset" not in session.answers and "duration" not in session.answers
    session.resume()
    assert session.at_review and session.is_complete
    assert session.triage().outcome == "routine"


def test_change_that_opens_new_questions_resumes_at_the_first_unanswered(flow):
    session = Session(flow)
    steps = [(q, v) for q, v in ADULT_WOMAN]
    steps[1] = ("sex", "male")
    walk(
        session,
        [
            s
            for s in steps
            if s[0]
            not in ("pregnant", "gave_birth_recently", "breastfeeding", "planning_pregnancy")
        ],
    )
    assert session.at_review
    session.go_to("sex")
    session.answer("female")
    session.resume()
    assert session.current_question.id == "pregnant"
    with pytest.raises(SessionError):
        session.finish()


def test_progress_counts_the_current_path(flow):
    session = Session(flow)
    first = session.progress()
    assert first.position == 1 and first.answered == 0
    walk(session, ADULT_WOMAN[:2])  # a woman of 30: pregnancy questions join the path
    progress = session.progress()
    assert progress.position == 3 and progress.answered == 2
    assert progress.total == len(session.path())
    walk(session, ADULT_WOMAN[2:])
    assert session.progress().remaining == 0


def test_go_to_a_question_off_the_path_is_refused(flow):
    session = Session(flow)
    walk(session, [("age", 70), ("sex", "male")])
    with pytest.raises(SessionError):
        session.go_to("pregnant")


def test_triage_before_the_end_is_refused(flow):
    session = Session(flow)
    session.answer(40)
    with pytest.raises(SessionError):
        session.triage()
    with pytest.raises(SessionError):
        session.finish()


def test_finished_session_cannot_be_changed(flow):
    session = Session(flow)
    walk(session, ADULT_WOMAN)
    session.finish()
    with pytest.raises(SessionError):
        session.back()
    with pytest.raises(SessionError):
        session.answer(40)


def test_language_can_switch_mid_intake(flow):
    session = Session(flow, language="en")
    walk(session, ADULT_WOMAN)
    session.set_language("es")
    result = session.triage()
    assert result.language == "es" and "no un diagnóstico" in result.disclaimer
    session.set_language("fr")  # not a language of the flow: ignored
    assert session.language == "es"


def test_review_back_goes_to_last_question(flow):
    session = Session(flow)
    walk(session, ADULT_WOMAN)
    assert session.state == REVIEW
    session.back()
    assert session.current_question.id == "prior_treatments"
