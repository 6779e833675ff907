"""Properties over random paths through the default flow (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_bot.engine.path import check_answers, offered_question, path_of
from intake_bot.engine.session import Session
from intake_bot.engine.triage import triage
from intake_bot.flow import load_default_flow
from intake_bot.flow.model import Flow, Question

FLOW = load_default_flow()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answer_for(question: Question) -> st.SearchStrategy[Any]:
    """Any valid answer to ``question``."""
    if question.type in ("choice", "yes_no"):
        return st.sampled_from(question.option_values)
    if question.type == "multi":
        plain = [o.value for o in question.options if not o.exclusive]
        exclusive = [(o.value,) for o in question.options if o.exclusive]
        subsets = st.lists(st.sampled_from(plain), min_size=1, unique=True).map(tuple)
        return st.one_of(st.sampled_from(exclusive), subsets) if exclusive else subsets
    if question.type == "number":
        assert question.min is not None and question.max is not None
        return st.integers(int(question.min), int(question.max))
    return st.text(min_size=1, max_size=question.max_length).filter(str.strip)


def offered_answer(flow: Flow, qid: str, answers: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Any valid answer to ``qid`` among the options shown on this path (``show_if``:
    a hidden option cannot be chosen, and is refused headless)."""
    return answer_for(offered_question(flow, flow.question(qid), answers))


@st.composite
def whole_path(draw: st.DrawFn, flow: Flow = FLOW) -> dict[str, Any]:
    """The answers of one random valid path, drawn question by question."""
    answers: dict[str, Any] = {}
    while True:
        path = path_of(flow, answers)
        pending = [qid for qid in path if qid not in answers]
        if not pending:
            return answers
        answers[pending[0]] = draw(offered_answer(flow, pending[0], answers))


@SETTINGS
@given(st.data())
def test_every_random_path_ends_in_an_explained_triage(data):
    with Session(FLOW, language=data.draw(st.sampled_from(FLOW.languages))) as session:
        steps = 0
        while session.current_question is not None:
            session.answer(data.draw(answer_for(session.current_question)))
            steps += 1
            assert steps <= len(FLOW.questions)
        assert session.at_review
        # the shared machine walked exactly the path the pure walker computes
        assert list(session.answers) == session.path()
        result = session.finish()
    assert result.outcome in {o.id for o in FLOW.outcomes}
    assert result.disclaimer
    assert all(rule.reason and "{" not in rule.reason for rule in result.rules)
    if result.outcome != FLOW.default_outcome:
        assert result.rules[0].outcome == result.outcome


def adding(value: str):
    """A red flag ticked beside what was already ticked (``none`` goes)."""
    return lambda old: tuple(v for v in (*old, value) if v != "none")


# (question, change, may_lower): a red flag is added to the answers, never swapped in.
# may_lower: spec v3, rapid_widespread_loss does not match with chemotherapy (hair loss
# is expected then), so adding chemotherapy can turn an urgent result into a specialist
# one on purpose; it still asks for a specialist at least.
RED_FLAGS = [
    ("patches", lambda _: "yes", False),
    ("scalp_symptoms", adding("pustules"), False),
    ("scalp_symptoms", adding("pain_burning"), False),
    ("other_hair_loss", adding("eyebrows"), False),
    ("systemic_symptoms", adding("fatigue"), False),
    ("medications", adding("retinoids"), False),
    ("medications", adding("chemotherapy"), True),
]


@SETTINGS
@given(whole_path(), st.sampled_from(RED_FLAGS), st.data())
def test_adding_a_red_flag_never_lowers_the_severity(answers, red_flag, data):
    before = triage(FLOW, answers)
    qid, change, may_lower = red_flag
    changed = dict(answers)
    changed[qid] = change(answers[qid])
    # questions the change newly asks get any valid answer among the options shown
    while True:
        changed = {q: changed[q] for q in path_of(FLOW, changed) if q in changed}
        pending = [q for q in path_of(FLOW, changed) if q not in changed]
        if not pending:
            break
        changed[pending[0]] = data.draw(offered_answer(FLOW, pending[0], changed))
    after = triage(FLOW, check_answers(FLOW, changed))
    if after.severity < before.severity:  # only chemotherapy, only this way
        assert may_lower and "rapid_widespread_loss" in before.rule_ids
    assert after.severity >= 2  # every red flag asks for a specialist at least


@SETTINGS
@given(st.data())
def test_a_session_never_holds_an_answer_its_path_does_not_ask(data):
    with Session(FLOW) as session:
        for _ in range(data.draw(st.integers(5, 60))):
            move = data.draw(
                st.sampled_from(["answer", "answer", "answer", "back", "go_to", "resume"])
            )
            if move == "answer" and session.current_question is not None:
                session.answer(data.draw(answer_for(session.current_question)))
            elif move == "back":
                session.back()
            elif move == "go_to" and session.answers:
                session.go_to(data.draw(st.sampled_from(list(session.answers))))
            elif move == "resume":
                session.resume()
            assert set(session.answers) <= set(session.path())
            assert list(session.answers) == [q for q in session.path() if q in session.answers]


@SETTINGS
@given(whole_path())
def test_headless_check_accepts_every_whole_path_and_agrees_with_the_session(answers):
    checked = check_answers(FLOW, answers)
    assert checked.keys() == answers.keys()
    with Session(FLOW) as session:
        for qid in answers:
            assert session.current_question is not None and session.current_question.id == qid
            session.answer(answers[qid])
        assert session.triage() == triage(FLOW, checked)
