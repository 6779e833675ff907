"""Shared helpers for tests of the hair-loss flow against shared/domain/triage-spec.md.

``calm()`` is an adult man with nothing notable (triage: routine, no rules).
``answers(**overrides)`` builds a whole valid path from it: it walks ``path_of()``
so that only asked questions are answered, fills any asked question that the
overrides leave open with a neutral default, and refuses an override for a
question this path does not ask (so a test cannot build the path it meant to).
"""

from __future__ import annotations

from typing import Any

from intake_bot.engine.path import check_answers, path_of
from intake_bot.engine.session import Session
from intake_bot.engine.triage import TriageResult, triage
from intake_bot.flow import Flow, load_default_flow

# The spec's questions, in its order (version 3).
SPEC_ORDER = [
    "age",
    "sex",
    "shedding_amount",
    "thinning_pattern",
    "patches",
    "onset",
    "duration",
    "other_hair_loss",
    "scalp_symptoms",
    "hair_care",
    "systemic_symptoms",
    "medications",
    "medication_started_recently",
    "pregnant",
    "gave_birth_recently",
    "breastfeeding",
    "planning_pregnancy",
    "menopause",
    "bleeding_disorder",
    "health_conditions",
    "allergies",
    "stress_or_illness",
    "family_history",
    "hair_transplant",
    "prior_treatments",
]

# Severity of each outcome, per the spec's outcomes table.
SEVERITY = {"specialist_urgent": 3, "specialist": 2, "mesotherapy": 1, "routine": 0}

# Rule id -> the outcome it gives, per the spec's rules section (version 3).
RULE_OUTCOME = {
    "scarring_signs": "specialist_urgent",
    "rapid_widespread_loss": "specialist_urgent",
    "frontal_hairline_inflamed": "specialist_urgent",
    "androgen_excess_fast": "specialist_urgent",
    "retinoid_pregnancy": "specialist_urgent",
    "retinoid_planning": "specialist",
    "bald_patches": "specialist",
    "body_hair_loss": "specialist",
    "sudden_shedding": "specialist",
    "long_lasting_shedding": "specialist",
    "systemic_symptoms": "specialist",
    "scalp_inflammation": "specialist",
    "hair_care_related": "specialist",
    "frontal_hairline_women": "specialist",
    "chemotherapy_hair_loss": "specialist",
    "medication_related": "specialist",
    "thyroid_check": "specialist",
    "crash_diet": "specialist",
    "young_person": "specialist",
    "mesotherapy_not_suitable": "specialist",
    "postpartum_shedding": "mesotherapy",
    "menopausal_thinning": "mesotherapy",
    "stress_shedding": "mesotherapy",
    "transplant_support": "mesotherapy",
    "seborrhoea_with_loss": "mesotherapy",
    "pattern_thinning": "mesotherapy",
    "recent_trigger_shedding": "routine",
}
MESOTHERAPY_RULES = sorted(r for r, o in RULE_OUTCOME.items() if o == "mesotherapy")

# Neutral answers for the questions that are asked only on some paths.
CONDITIONAL_DEFAULTS: dict[str, Any] = {
    "onset": "gradual",
    "duration": "3_to_12_months",
    "pregnant": "no",
    "gave_birth_recently": "no",
    "breastfeeding": "no",
    "planning_pregnancy": "no",
    "menopause": "no",
    "medication_started_recently": "no",
}


def flow() -> Flow:
    return load_default_flow()


def calm() -> dict[str, Any]:
    """An adult man with nothing notable: asked only the always-asked questions."""
    return {
        "age": 40,
        "sex": "male",
        "shedding_amount": "normal",
        "thinning_pattern": "none",
        "patches": "no",
        "other_hair_loss": ["none"],
        "scalp_symptoms": ["none"],
        "hair_care": ["none"],
        "systemic_symptoms": ["none"],
        "medications": ["none"],
        "bleeding_disorder": "no",
        "health_conditions": ["none"],
        "allergies": "no",
        "stress_or_illness": ["none"],
        "family_history": "no",
        "hair_transplant": "none",
        "prior_treatments": ["none"],
    }


def answers(**overrides: Any) -> dict[str, Any]:
    """A whole path's answers: ``calm()`` with ``overrides``, only asked questions answered."""
    the_flow = flow()
    wanted = {**calm(), **overrides}
    result: dict[str, Any] = {}
    while True:
        path = path_of(the_flow, result)
        missing = [qid for qid in path if qid not in result]
        if not missing:
            break
        qid = missing[0]
        if qid in wanted:
            result[qid] = wanted[qid]
        elif qid in CONDITIONAL_DEFAULTS:
            result[qid] = CONDITIONAL_DEFAULTS[qid]
        else:  # pragma: no cover - a question the spec does not know
            raise AssertionError(f"no answer for asked question {qid!r}")
    not_asked = sorted(set(overrides) - set(path))
    if not_asked:
        raise AssertionError(f"these questions are not asked on this path: {not_asked}")
    return {qid: result[qid] for qid in path}


def run(language: str = "en", front_door: str = "self", **overrides: Any) -> TriageResult:
    """Check the answers of a whole path (headless) and triage them as read at ``front_door``."""
    the_flow = flow()
    checked = check_answers(the_flow, answers(**overrides), language)
    return triage(the_flow, checked, language, front_door=front_door)


def walk(given: dict[str, Any]) -> tuple[list[str], Session]:
    """Answer a Session question by question from ``given``; the question ids it asked."""
    session = Session(flow())
    asked: list[str] = []
    while session.current_question is not None:
        qid = session.current_question.id
        asked.append(qid)
        session.answer(given[qid])
    return asked, session
