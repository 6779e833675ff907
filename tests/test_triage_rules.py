"""The hair-loss triage rules, pinned against shared/domain/triage-spec.md (version 3).

Written from the spec text alone, independently of the flow: where the two disagree,
these tests are meant to say so. Every path here is a whole, valid path (built by
walking path_of and checked by check_answers), so a rule is only ever read on answers a
real person could give.

For each rule: it matches on a minimal path, and it does not match when each part of its
condition is moved just across the boundary (ages 17/18, 34/35, 49/50, 55/56; each option
of an ``in``/``has`` list; "hair loss present"; the rules it covers).

The API relied on is version 3's: ``triage(flow, answers, language, *, front_door,
clinic)``; ``TriageResult.rules`` holds every matched rule, most severe first, each with
``covered_by`` (None when its reason is shown, else the id of a matched rule covering
it); ``shown_rules`` the uncovered ones; ``to_text()`` shows only uncovered reasons;
``to_json()["reasons"]`` lists every matched rule with ``covered_by``;
``contraindications`` each with ``id``, ``text`` and ``kind`` (absolute/relative).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from intake_bot.engine.path import AnswersError, check_answers
from intake_bot.engine.triage import triage
from tests.hair_loss_paths import RULE_OUTCOME, SEVERITY, SPEC_ORDER, answers, calm, flow, run

LANGUAGES = ["en", "es"]

# People: the calm man of hair_loss_paths (40, male) unless a test says otherwise.
WOMAN = {"age": 30, "sex": "female"}  # asked the pregnancy questions, not the menopause
OLDER_WOMAN = {"age": 60, "sex": "female"}  # asked the menopause, not the pregnancy ones

# "Hair loss present" (spec): shedding increased or heavy, or thinning diffuse, hairline,
# crown or part_widening, or patches yes. Each way is otherwise quiet for the calm man
# (sudden onset keeps pattern_thinning out; patches bring bald_patches, nothing else).
HAIR_LOSS = [
    pytest.param({"shedding_amount": "increased"}, id="shedding-increased"),
    pytest.param({"shedding_amount": "heavy"}, id="shedding-heavy"),
    pytest.param({"thinning_pattern": "diffuse", "onset": "sudden"}, id="thinning-diffuse"),
    pytest.param({"thinning_pattern": "hairline", "onset": "sudden"}, id="thinning-hairline"),
    pytest.param({"thinning_pattern": "crown", "onset": "sudden"}, id="thinning-crown"),
    pytest.param({"thinning_pattern": "part_widening", "onset": "sudden"}, id="thinning-part"),
    pytest.param({"patches": "yes"}, id="patches"),
]
# Hair loss not present: normal shedding, no patches, and no thinning pattern.
NO_HAIR_LOSS = [
    pytest.param({"thinning_pattern": "none"}, id="no-thinning"),
    pytest.param({"thinning_pattern": "not_sure"}, id="thinning-not-sure"),
]

ABSOLUTE = {
    "pregnancy",
    "breastfeeding",
    "planning_pregnancy",
    "chemotherapy",
    "cancer_current",
    "scalp_infection",
    "pustules",
    "open_sore",
}
RELATIVE = {
    "anticoagulants",
    "bleeding_disorder",
    "allergies",
    "keloids",
    "diabetes",
    "autoimmune",
    "heart_or_kidney",
}


# --- helpers ----------------------------------------------------------------------------


def rule(result, rule_id):
    """The matched rule ``rule_id`` of ``result``."""
    found = [r for r in result.rules if r.id == rule_id]
    assert found, f"{rule_id} did not match: {result.rule_ids}"
    return found[0]


def shown_ids(result) -> list[str]:
    return [r.id for r in result.shown_rules]


def assert_outcome(result, outcome):
    assert result.outcome == outcome, (result.outcome, result.rule_ids)
    assert result.severity == SEVERITY[outcome]


def assert_only(result, rule_id):
    """``rule_id`` is the one rule matched, its reason shown, its outcome the result."""
    assert result.rule_ids == [rule_id]
    assert_outcome(result, RULE_OUTCOME[rule_id])
    assert_shown(result, rule_id)


def assert_shown(result, rule_id):
    matched = rule(result, rule_id)
    assert matched.covered_by is None
    assert rule_id in shown_ids(result)
    assert matched.reason.strip()
    assert matched.reason in result.to_text()


def assert_covered(result, rule_id, by):
    """``rule_id`` matched but is covered by ``by``: counted, recorded, not shown."""
    covered, covering = rule(result, rule_id), rule(result, by)
    assert covered.covered_by == by
    assert covering.covered_by is None
    assert rule_id in result.rule_ids
    assert rule_id not in shown_ids(result)
    assert by in shown_ids(result)
    assert covered.reason.strip()
    assert covered.reason not in result.to_text()
    assert covering.reason in result.to_text()
    reasons = {r["id"]: r for r in result.to_json()["reasons"]}
    assert reasons[rule_id]["covered_by"] == by
    assert reasons[by]["covered_by"] is None


def lower_text(result) -> str:
    return result.to_text().lower()


# --- the question order and the options each person is offered --------------------------


def test_questions_are_in_the_spec_order():
    assert [q.id for q in flow().questions] == SPEC_ORDER


SPEC_VALUES = {
    "sex": ["female", "male", "other"],
    "shedding_amount": ["normal", "increased", "heavy"],
    "thinning_pattern": ["none", "diffuse", "hairline", "crown", "part_widening", "not_sure"],
    "patches": ["yes", "no"],
    "onset": ["sudden", "gradual"],
    "duration": ["under_3_months", "3_to_12_months", "over_12_months"],
    "other_hair_loss": ["eyebrows", "eyelashes", "beard", "body", "none"],
    "scalp_symptoms": ["pain_burning", "itch", "redness_scaling", "pustules", "lump_swelling",
                       "open_sore", "shiny_smooth_skin", "dandruff_oily", "none"],
    "hair_care": ["tight_styles", "chemical_treatments", "hair_breaks", "pulling", "none"],
    "systemic_symptoms": ["fatigue", "weight_change", "temperature_intolerance", "heavy_periods",
                          "irregular_periods", "acne_or_excess_hair", "deeper_voice",
                          "rash_or_sores", "none"],
    "medications": ["anticoagulants", "chemotherapy", "retinoids",
                    "hormonal_contraception_change", "hormone_therapy", "antidepressants",
                    "thyroid_medication", "other", "none"],
    "medication_started_recently": ["yes", "no"],
    "pregnant": ["yes", "no", "not_sure"],
    "gave_birth_recently": ["yes", "no"],
    "breastfeeding": ["yes", "no"],
    "planning_pregnancy": ["yes", "no"],
    "menopause": ["no", "peri", "post", "not_sure"],
    "bleeding_disorder": ["yes", "no"],
    "health_conditions": ["diabetes", "autoimmune", "cancer_current", "scalp_infection",
                          "keloids", "heart_or_kidney", "none"],
    "allergies": ["yes", "no"],
    "stress_or_illness": ["major_stress", "illness_fever", "surgery", "crash_diet", "none"],
    "family_history": ["yes", "no"],
    "hair_transplant": ["none", "planned", "done_within_12_months", "done_earlier"],
    "prior_treatments": ["minoxidil", "finasteride", "supplements", "prp", "mesotherapy",
                         "laser", "none"],
}  # fmt: skip
MULTI = {
    "other_hair_loss",
    "scalp_symptoms",
    "hair_care",
    "systemic_symptoms",
    "medications",
    "health_conditions",
    "stress_or_illness",
    "prior_treatments",
}


@pytest.mark.parametrize("question", sorted(SPEC_VALUES))
def test_each_question_offers_the_spec_values(question):
    # The rules read these ids and values; records and exports rely on them.
    asked = flow().question(question)
    assert sorted(asked.option_values) == sorted(SPEC_VALUES[question])
    if question in MULTI:
        assert asked.type == "multi"
        assert [o.exclusive for o in asked.options if o.value == "none"] == [True]
    elif SPEC_VALUES[question] == ["yes", "no"]:
        assert asked.type == "yes_no"
    else:
        assert asked.type == "choice"


def test_age_is_whole_years_from_1_to_120():
    age = flow().question("age")
    assert (age.type, age.min, age.max, age.integer) == ("number", 1, 120, True)


@pytest.mark.parametrize("question", sorted(MULTI - {"prior_treatments"}))
def test_none_stands_alone_in_a_multi_question(question):
    other = next(v for v in SPEC_VALUES[question] if v != "none" and v != "beard")
    given = answers(sex="other", **{question: ["none", other]})
    with pytest.raises(AnswersError) as caught:
        check_answers(flow(), given, "en")
    assert caught.value.question_id == question


@pytest.mark.parametrize(
    ("sex", "question", "value"),
    [
        ("male", "systemic_symptoms", "heavy_periods"),
        ("male", "systemic_symptoms", "irregular_periods"),
        ("male", "systemic_symptoms", "acne_or_excess_hair"),
        ("male", "systemic_symptoms", "deeper_voice"),
        ("male", "medications", "hormonal_contraception_change"),
        ("female", "other_hair_loss", "beard"),
    ],
)
def test_an_option_not_offered_to_this_person_is_refused(sex, question, value):
    # (So androgen_excess_fast, which reads deeper_voice and acne_or_excess_hair, can never
    # be reached by a man, and a woman never reaches body_hair_loss through "beard".)
    given = answers(sex=sex, **{question: [value]})
    with pytest.raises(AnswersError) as caught:
        check_answers(flow(), given, "en")
    assert caught.value.question_id == question
    assert value in str(caught.value)
    assert "not offered on this path" in str(caught.value)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("systemic_symptoms", "heavy_periods"),
        ("systemic_symptoms", "deeper_voice"),
        ("medications", "hormonal_contraception_change"),
        ("other_hair_loss", "beard"),
    ],
)
def test_a_person_of_sex_other_is_offered_every_option(question, value):
    given = answers(sex="other", **{question: [value]})
    assert check_answers(flow(), given, "en")[question] in ([value], (value,))


# Who is asked the conditional questions (the rules reading them are reachable only there).
CONDITIONAL = [
    "onset",
    "duration",
    "medication_started_recently",
    "pregnant",
    "gave_birth_recently",
    "breastfeeding",
    "planning_pregnancy",
    "menopause",
]


@pytest.mark.parametrize(
    ("overrides", "asked"),
    [
        pytest.param({}, set(), id="calm-man"),
        pytest.param({"shedding_amount": "increased"}, {"onset", "duration"}, id="hair-loss"),
        pytest.param({"medications": ["other"]}, set(), id="medicine-no-hair-loss"),
        pytest.param(
            {"medications": ["other"], "shedding_amount": "increased"},
            {"onset", "duration", "medication_started_recently"},
            id="medicine-and-hair-loss",
        ),
        pytest.param({"age": 11, "sex": "female", "medications": ["retinoids"]}, set(), id="f11"),
        pytest.param(
            {"age": 12, "sex": "female", "medications": ["retinoids"]}, {"pregnant"}, id="f12-ret"
        ),
        pytest.param(
            {"age": 17, "sex": "female", "medications": ["retinoids"], "pregnant": "no"},
            {"pregnant"},
            id="f17-retinoids",
        ),
        pytest.param(
            {"age": 17, "sex": "other", "medications": ["retinoids"]}, {"pregnant"}, id="o17-ret"
        ),
        pytest.param({"age": 17, "sex": "female"}, set(), id="f17-no-retinoids"),
        pytest.param(
            {"age": 17, "sex": "female", "medications": ["antidepressants"]}, set(), id="f17-other"
        ),
        pytest.param(
            {"age": 18, "sex": "female"},
            {"pregnant", "gave_birth_recently", "breastfeeding", "planning_pregnancy"},
            id="f18",
        ),
        pytest.param(
            {"age": 34, "sex": "female"},
            {"pregnant", "gave_birth_recently", "breastfeeding", "planning_pregnancy"},
            id="f34",
        ),
        pytest.param(
            {"age": 35, "sex": "female"},
            {"pregnant", "gave_birth_recently", "breastfeeding", "planning_pregnancy", "menopause"},
            id="f35",
        ),
        pytest.param(
            {"age": 35, "sex": "female", "pregnant": "yes"}, {"pregnant"}, id="f35-pregnant"
        ),
        pytest.param(
            {"age": 35, "sex": "female", "pregnant": "not_sure"},
            {"pregnant", "gave_birth_recently", "breastfeeding", "menopause"},
            id="f35-maybe-pregnant",
        ),
        pytest.param(
            {"age": 55, "sex": "other"},
            {"pregnant", "gave_birth_recently", "breastfeeding", "planning_pregnancy", "menopause"},
            id="o55",
        ),
        pytest.param({"age": 56, "sex": "female"}, {"menopause"}, id="f56"),
        pytest.param(
            {"age": 56, "sex": "female", "medications": ["retinoids"]}, {"menopause"}, id="f56-ret"
        ),
        pytest.param({"age": 30, "medications": ["retinoids"]}, set(), id="man-retinoids"),
        pytest.param({"age": 60}, set(), id="man-60"),
    ],
)
def test_who_is_asked_the_conditional_questions(overrides, asked):
    given = answers(**overrides)
    assert {q for q in CONDITIONAL if q in given} == asked
    check_answers(flow(), given, "en")  # a whole valid path


@pytest.mark.parametrize("question", ["gave_birth_recently", "menopause"])
def test_no_postpartum_or_menopause_answers_under_18(question):
    # postpartum_shedding and menopausal_thinning (18 or over) cannot reach a minor:
    # their questions are not asked, so the helper refuses the override.
    with pytest.raises(AssertionError, match="not asked"):
        answers(age=17, sex="female", medications=["retinoids"], **{question: "yes"})


# --- outcome: the most severe; routine when nothing matches ------------------------------


def test_calm_adult_man_is_routine_with_no_rules():
    result = run()
    assert_outcome(result, "routine")
    assert result.rule_ids == []
    assert list(result.shown_rules) == []
    assert list(result.contraindications) == []
    assert result.disclaimer and result.disclaimer in result.to_text()


def test_calm_baseline_asks_no_conditional_question():
    assert answers() == calm()


@pytest.mark.parametrize(
    ("overrides", "outcome", "rules"),
    [
        pytest.param(
            {"scalp_symptoms": ["lump_swelling"], "patches": "yes", "thinning_pattern": "crown"},
            "specialist_urgent",
            {"scarring_signs", "bald_patches", "pattern_thinning"},
            id="urgent-specialist-mesotherapy",
        ),
        pytest.param(
            {"patches": "yes", "thinning_pattern": "crown"},
            "specialist",
            {"bald_patches", "pattern_thinning"},
            id="specialist-mesotherapy",
        ),
        pytest.param(
            {"thinning_pattern": "crown", "hair_transplant": "planned"},
            "mesotherapy",
            {"pattern_thinning", "transplant_support"},
            id="two-mesotherapy",
        ),
        pytest.param(
            {
                "shedding_amount": "increased",
                "duration": "under_3_months",
                "stress_or_illness": ["surgery"],
                "other_hair_loss": ["body"],
            },
            "specialist",
            {"body_hair_loss", "recent_trigger_shedding"},
            id="specialist-routine",
        ),
        pytest.param(
            {"shedding_amount": "increased", "duration": "under_3_months",
             "stress_or_illness": ["surgery"]},
            "routine",
            {"recent_trigger_shedding"},
            id="routine-with-a-reason",
        ),
    ],
)  # fmt: skip
def test_outcome_is_the_most_severe_matching_rule(overrides, outcome, rules):
    result = run(**overrides)
    assert_outcome(result, outcome)
    assert set(result.rule_ids) == rules
    assert len(result.rule_ids) == len(rules)  # each rule once
    severities = [r.severity for r in result.rules]
    assert severities == sorted(severities, reverse=True)  # most severe first
    assert severities[0] == SEVERITY[outcome]
    assert all(r.severity == SEVERITY[RULE_OUTCOME[r.id]] for r in result.rules)
    assert all(r.outcome == RULE_OUTCOME[r.id] for r in result.rules)


# --- scarring_signs (urgent; covers scalp_inflammation) ----------------------------------


@pytest.mark.parametrize("symptom", ["lump_swelling", "shiny_smooth_skin"])
@pytest.mark.parametrize("hair_loss", [*NO_HAIR_LOSS, HAIR_LOSS[0]])
def test_scarring_signs_lump_or_shiny_skin_with_or_without_hair_loss(symptom, hair_loss):
    result = run(scalp_symptoms=[symptom], **hair_loss)
    assert "scarring_signs" in result.rule_ids
    assert "scalp_inflammation" not in result.rule_ids
    assert_outcome(result, "specialist_urgent")
    assert_shown(result, "scarring_signs")


@pytest.mark.parametrize("symptom", ["lump_swelling", "shiny_smooth_skin"])
def test_scarring_signs_lump_or_shiny_skin_alone(symptom):
    assert_only(run(scalp_symptoms=[symptom]), "scarring_signs")


@pytest.mark.parametrize("symptom", ["pain_burning", "pustules"])
@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
def test_scarring_signs_pain_or_pustules_with_hair_loss(symptom, hair_loss):
    result = run(scalp_symptoms=[symptom], **hair_loss)
    assert_outcome(result, "specialist_urgent")
    assert_covered(result, "scalp_inflammation", by="scarring_signs")


@pytest.mark.parametrize("symptom", ["pain_burning", "pustules"])
@pytest.mark.parametrize("hair_loss", NO_HAIR_LOSS)
def test_pain_or_pustules_without_hair_loss_is_scalp_inflammation_not_scarring_signs(
    symptom, hair_loss
):
    result = run(scalp_symptoms=[symptom], **hair_loss)
    assert "scarring_signs" not in result.rule_ids
    assert_only(result, "scalp_inflammation")


@pytest.mark.parametrize("age", [50, 51, 80, 120])
@pytest.mark.parametrize("hair_loss", [*NO_HAIR_LOSS, HAIR_LOSS[0]])
def test_scarring_signs_open_sore_from_50(age, hair_loss):
    result = run(age=age, scalp_symptoms=["open_sore"], **hair_loss)
    assert_outcome(result, "specialist_urgent")
    assert_covered(result, "scalp_inflammation", by="scarring_signs")


@pytest.mark.parametrize("age", [18, 40, 49])
@pytest.mark.parametrize("hair_loss", [*NO_HAIR_LOSS, HAIR_LOSS[0]])
def test_open_sore_under_50_is_scalp_inflammation_not_scarring_signs(age, hair_loss):
    result = run(age=age, scalp_symptoms=["open_sore"], **hair_loss)
    assert "scarring_signs" not in result.rule_ids
    assert_only(result, "scalp_inflammation")


@pytest.mark.parametrize("symptom", ["itch", "redness_scaling", "dandruff_oily", "none"])
@pytest.mark.parametrize("hair_loss", [HAIR_LOSS[0], HAIR_LOSS[6], NO_HAIR_LOSS[0]])
def test_no_scarring_signs_for_other_scalp_symptoms(symptom, hair_loss):
    result = run(age=60, scalp_symptoms=[symptom], **hair_loss)
    assert "scarring_signs" not in result.rule_ids
    assert result.outcome != "specialist_urgent"


@pytest.mark.parametrize(
    "symptoms",
    [["shiny_smooth_skin", "redness_scaling"], ["lump_swelling", "redness_scaling", "itch"]],
)
def test_scarring_signs_covers_scalp_inflammation_and_names_the_redness(symptoms):
    result = run(scalp_symptoms=symptoms)
    assert_outcome(result, "specialist_urgent")
    assert_covered(result, "scalp_inflammation", by="scarring_signs")
    # "the covering rule's reason names what the covered one would have named"
    without_redness = run(scalp_symptoms=[s for s in symptoms if s != "redness_scaling"])
    reason = rule(result, "scarring_signs").reason
    assert reason != rule(without_redness, "scarring_signs").reason
    assert re.search(r"\bred", reason.lower()), reason


@pytest.mark.parametrize("age", [30, 49])
def test_scarring_signs_covers_scalp_inflammation_and_names_the_sore(age):
    result = run(age=age, scalp_symptoms=["lump_swelling", "open_sore"])
    assert_covered(result, "scalp_inflammation", by="scarring_signs")
    reason = rule(result, "scarring_signs").reason.lower()
    assert re.search(r"\bsore|\bwound", reason), reason


WORD = {"pain_burning": "pain", "pustules": "pus", "lump_swelling": "lump", "shiny_smooth_skin": "shiny"}  # fmt: skip


@pytest.mark.parametrize("symptom", sorted(WORD))
def test_scarring_signs_names_only_what_was_reported(symptom):
    # "names only what they reported ..., never the whole list of a group's options"
    result = run(scalp_symptoms=[symptom], shedding_amount="increased")
    text = rule(result, "scarring_signs").reason.lower()
    assert re.search(rf"\b{WORD[symptom]}", text), text
    for other, word in WORD.items():
        if other != symptom:
            assert not re.search(rf"\b{word}", text), (symptom, other, text)


# --- rapid_widespread_loss (urgent; covers body_hair_loss and sudden_shedding) -----------

SUDDEN_HEAVY = {"shedding_amount": "heavy", "onset": "sudden"}


@pytest.mark.parametrize(
    ("sex", "where"),
    [
        ("male", ["eyebrows"]),
        ("male", ["eyelashes"]),
        ("male", ["beard"]),
        ("male", ["body"]),
        ("female", ["eyebrows"]),
        ("other", ["beard", "body"]),
    ],
)
def test_rapid_widespread_loss_sudden_heavy_and_other_hair(sex, where):
    result = run(age=60, sex=sex, other_hair_loss=where, **SUDDEN_HEAVY)
    assert set(result.rule_ids) == {"rapid_widespread_loss", "body_hair_loss", "sudden_shedding"}
    assert result.rule_ids[0] == "rapid_widespread_loss"
    assert_outcome(result, "specialist_urgent")
    assert_covered(result, "body_hair_loss", by="rapid_widespread_loss")
    assert_covered(result, "sudden_shedding", by="rapid_widespread_loss")
    assert shown_ids(result) == ["rapid_widespread_loss"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"shedding_amount": "increased", "onset": "sudden", "other_hair_loss": ["eyebrows"]},
            {"body_hair_loss", "sudden_shedding"},
            id="increased-not-heavy",
        ),
        pytest.param(
            {"shedding_amount": "heavy", "onset": "gradual", "other_hair_loss": ["eyebrows"]},
            {"body_hair_loss"},
            id="gradual-not-sudden",
        ),
        pytest.param(
            {**SUDDEN_HEAVY, "other_hair_loss": ["none"]}, {"sudden_shedding"}, id="no-other-hair"
        ),
        pytest.param(
            {**SUDDEN_HEAVY, "other_hair_loss": ["body"], "medications": ["chemotherapy"]},
            {"chemotherapy_hair_loss", "body_hair_loss", "sudden_shedding"},
            id="chemotherapy",
        ),
        pytest.param(
            {**SUDDEN_HEAVY, "other_hair_loss": ["eyebrows", "eyelashes", "body"],
             "medications": ["chemotherapy", "other"]},
            {"chemotherapy_hair_loss", "body_hair_loss", "sudden_shedding"},
            id="chemotherapy-and-another-medicine",
        ),
    ],
)  # fmt: skip
def test_rapid_widespread_loss_near_misses(overrides, expected):
    result = run(**overrides)
    assert "rapid_widespread_loss" not in result.rule_ids
    assert set(result.rule_ids) == expected
    assert_outcome(result, "specialist")
    for rule_id in expected:
        assert_shown(result, rule_id)


@pytest.mark.parametrize("medicine", ["other", "anticoagulants", "hormone_therapy", "retinoids"])
def test_rapid_widespread_loss_with_a_medicine_other_than_chemotherapy(medicine):
    result = run(medications=[medicine], other_hair_loss=["eyelashes"], **SUDDEN_HEAVY)
    assert "rapid_widespread_loss" in result.rule_ids
    assert_outcome(result, "specialist_urgent")


# --- frontal_hairline_inflamed (urgent; covers frontal_hairline_women) -------------------

HAIRLINE = {"thinning_pattern": "hairline", "onset": "sudden"}


@pytest.mark.parametrize(
    ("sex", "age", "other_hair", "scalp"),
    [
        # a woman (or sex other) with eyebrow loss, at any adult or teenage age
        ("female", 18, ["eyebrows"], ["none"]),
        ("female", 20, ["eyebrows"], ["none"]),
        ("female", 34, ["eyebrows"], ["none"]),
        ("female", 15, ["eyebrows"], ["none"]),
        ("other", 25, ["eyebrows", "body"], ["none"]),
        # a woman (or sex other) of 35 or over with itch, pain/burning or redness
        ("female", 35, ["none"], ["itch"]),
        ("female", 35, ["none"], ["pain_burning"]),
        ("female", 35, ["none"], ["redness_scaling"]),
        ("female", 58, ["none"], ["itch", "dandruff_oily"]),
        ("other", 35, ["none"], ["itch"]),
        ("other", 70, ["none"], ["redness_scaling"]),
    ],
)
def test_frontal_hairline_inflamed_in_a_woman_or_sex_other(sex, age, other_hair, scalp):
    result = run(age=age, sex=sex, other_hair_loss=other_hair, scalp_symptoms=scalp, **HAIRLINE)
    assert "frontal_hairline_inflamed" in result.rule_ids
    assert_outcome(result, "specialist_urgent")
    assert_covered(result, "frontal_hairline_women", by="frontal_hairline_inflamed")


@pytest.mark.parametrize("sex", ["male", "female", "other"])
@pytest.mark.parametrize("age", [18, 25, 34, 60])
@pytest.mark.parametrize("symptom", ["itch", "pain_burning", "redness_scaling"])
def test_frontal_hairline_inflamed_eyebrows_and_inflamed_scalp_any_sex(sex, age, symptom):
    result = run(
        age=age, sex=sex, other_hair_loss=["eyebrows"], scalp_symptoms=[symptom], **HAIRLINE
    )
    assert "frontal_hairline_inflamed" in result.rule_ids
    assert_outcome(result, "specialist_urgent")
    assert "frontal_hairline_women" not in shown_ids(result)


@pytest.mark.parametrize(
    ("sex", "age", "other_hair", "scalp"),
    [
        # under 35, itch/pain/redness without eyebrow loss: frontal_hairline_women only
        ("female", 34, ["none"], ["itch"]),
        ("female", 34, ["none"], ["pain_burning"]),
        ("female", 34, ["none"], ["redness_scaling"]),
        ("other", 34, ["none"], ["itch"]),
        ("female", 18, ["none"], ["itch", "redness_scaling"]),
        # 35 or over, but nothing on the scalp that counts
        ("female", 35, ["none"], ["none"]),
        ("female", 60, ["none"], ["dandruff_oily"]),
        ("female", 60, ["none"], ["pustules"]),
        ("female", 60, ["none"], ["open_sore"]),
        ("female", 60, ["none"], ["lump_swelling"]),
        # other hair loss than eyebrows
        ("female", 20, ["eyelashes"], ["none"]),
        ("female", 20, ["body"], ["none"]),
        ("female", 20, ["eyelashes", "body"], ["itch"]),
    ],
)
def test_no_frontal_hairline_inflamed_in_a_woman(sex, age, other_hair, scalp):
    result = run(age=age, sex=sex, other_hair_loss=other_hair, scalp_symptoms=scalp, **HAIRLINE)
    assert "frontal_hairline_inflamed" not in result.rule_ids
    assert_shown(result, "frontal_hairline_women")


@pytest.mark.parametrize(
    ("age", "other_hair", "scalp"),
    [
        (60, ["none"], ["itch"]),
        (60, ["none"], ["redness_scaling"]),
        (35, ["none"], ["itch", "redness_scaling"]),
        (25, ["eyebrows"], ["none"]),
        (40, ["eyebrows"], ["dandruff_oily"]),
        (40, ["eyelashes", "beard"], ["itch"]),
    ],
)
def test_no_frontal_hairline_inflamed_in_a_man_without_both_eyebrows_and_scalp_signs(
    age, other_hair, scalp
):
    result = run(age=age, other_hair_loss=other_hair, scalp_symptoms=scalp, **HAIRLINE)
    assert "frontal_hairline_inflamed" not in result.rule_ids
    assert "frontal_hairline_women" not in result.rule_ids
    assert result.outcome != "specialist_urgent"


@pytest.mark.parametrize("pattern", ["none", "diffuse", "crown", "part_widening", "not_sure"])
@pytest.mark.parametrize("sex", ["female", "male"])
def test_no_frontal_hairline_inflamed_without_a_receding_hairline(pattern, sex):
    result = run(
        age=60,
        sex=sex,
        thinning_pattern=pattern,
        other_hair_loss=["eyebrows"],
        scalp_symptoms=["itch"],
    )
    assert "frontal_hairline_inflamed" not in result.rule_ids
    assert "frontal_hairline_women" not in result.rule_ids


@pytest.mark.parametrize(
    ("sex", "age", "other_hair", "scalp", "words"),
    [
        ("female", 40, ["none"], ["itch"], [r"\bitch"]),
        ("female", 40, ["none"], ["redness_scaling"], [r"\bred"]),
        ("female", 40, ["none"], ["pain_burning"], [r"\bpain|\bburn"]),
        ("female", 25, ["eyebrows"], ["none"], [r"\beyebrow"]),
        ("male", 30, ["eyebrows"], ["itch"], [r"\beyebrow", r"\bitch"]),
    ],
)
def test_frontal_hairline_inflamed_reason_names_what_was_reported(
    sex, age, other_hair, scalp, words
):
    # "A rule's reason states what the person reported and why it matters": the signs
    # that make a receding hairline urgent are named where the person reads them (in this
    # reason, or in a shown reason of another rule), not left as "other changes".
    result = run(age=age, sex=sex, other_hair_loss=other_hair, scalp_symptoms=scalp, **HAIRLINE)
    assert_shown(result, "frontal_hairline_inflamed")
    assert "hairline" in rule(result, "frontal_hairline_inflamed").reason.lower()
    text = result.to_text().lower()
    for word in words:
        assert re.search(word, text), (word, text)


# --- androgen_excess_fast (urgent) ------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"sex": "female", "age": 30, "systemic_symptoms": ["deeper_voice"]}, id="f30-voice"),
        pytest.param({"sex": "female", "age": 12, "systemic_symptoms": ["deeper_voice"]}, id="f12-voice"),
        pytest.param({"sex": "female", "age": 17, "systemic_symptoms": ["deeper_voice"]}, id="f17-voice"),
        pytest.param({"sex": "female", "age": 70, "systemic_symptoms": ["deeper_voice"]}, id="f70-voice"),
        pytest.param({"sex": "other", "age": 30, "systemic_symptoms": ["deeper_voice"]}, id="o30-voice"),
        pytest.param(
            {"sex": "female", "age": 30, "systemic_symptoms": ["deeper_voice"],
             "medications": ["hormone_therapy"]},
            id="woman-on-hormones-voice",
        ),
        pytest.param(
            {"sex": "female", "age": 25, "systemic_symptoms": ["acne_or_excess_hair"],
             "shedding_amount": "increased", "onset": "sudden"},
            id="f25-acne-sudden",
        ),
        pytest.param(
            {"sex": "female", "age": 25, "systemic_symptoms": ["acne_or_excess_hair"],
             "thinning_pattern": "diffuse", "onset": "sudden"},
            id="f25-acne-sudden-thinning",
        ),
        pytest.param(
            {"sex": "other", "age": 25, "systemic_symptoms": ["acne_or_excess_hair"],
             "medications": ["antidepressants"], "shedding_amount": "heavy", "onset": "sudden"},
            id="o25-acne-sudden",
        ),
        pytest.param(
            {"sex": "female", "age": 60, "menopause": "post",
             "systemic_symptoms": ["acne_or_excess_hair"]},
            id="f60-post-acne",
        ),
        pytest.param(
            {"sex": "female", "age": 50, "menopause": "post",
             "systemic_symptoms": ["acne_or_excess_hair", "fatigue"],
             "shedding_amount": "increased", "onset": "gradual"},
            id="f50-post-acne-gradual",
        ),
        pytest.param(
            {"sex": "other", "age": 60, "menopause": "post",
             "systemic_symptoms": ["acne_or_excess_hair"]},
            id="o60-post-acne",
        ),
    ],
)  # fmt: skip
def test_androgen_excess_fast(overrides):
    result = run(**overrides)
    assert "androgen_excess_fast" in result.rule_ids
    assert_outcome(result, "specialist_urgent")
    assert_shown(result, "androgen_excess_fast")


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"sex": "female", "age": 25, "systemic_symptoms": ["acne_or_excess_hair"]}, id="acne-no-hair-loss"),
        pytest.param(
            {"sex": "female", "age": 25, "systemic_symptoms": ["acne_or_excess_hair"],
             "shedding_amount": "increased", "onset": "gradual"},
            id="acne-gradual",
        ),
        pytest.param(
            {"sex": "female", "age": 50, "menopause": "peri",
             "systemic_symptoms": ["acne_or_excess_hair"]},
            id="acne-perimenopause",
        ),
        pytest.param(
            {"sex": "female", "age": 50, "menopause": "no",
             "systemic_symptoms": ["acne_or_excess_hair"]},
            id="acne-before-menopause",
        ),
        pytest.param(
            {"sex": "female", "age": 50, "menopause": "not_sure",
             "systemic_symptoms": ["acne_or_excess_hair"],
             "shedding_amount": "increased", "onset": "gradual"},
            id="acne-menopause-not-sure",
        ),
        pytest.param(
            {"sex": "other", "age": 30, "systemic_symptoms": ["deeper_voice"],
             "medications": ["hormone_therapy"]},
            id="other-on-hormones-voice",
        ),
        pytest.param(
            {"sex": "other", "age": 25, "systemic_symptoms": ["acne_or_excess_hair"],
             "medications": ["hormone_therapy"], "shedding_amount": "increased",
             "onset": "sudden"},
            id="other-on-hormones-acne-sudden",
        ),
        pytest.param(
            {"sex": "other", "age": 60, "menopause": "post",
             "systemic_symptoms": ["acne_or_excess_hair"], "medications": ["hormone_therapy"]},
            id="other-on-hormones-acne-post",
        ),
        pytest.param(
            {"sex": "female", "age": 25, "systemic_symptoms": ["irregular_periods"],
             "shedding_amount": "increased", "onset": "sudden"},
            id="irregular-periods-sudden",
        ),
        pytest.param(
            {"sex": "female", "age": 60, "menopause": "post",
             "systemic_symptoms": ["heavy_periods", "fatigue", "weight_change"]},
            id="post-other-symptoms",
        ),
    ],
)  # fmt: skip
def test_no_androgen_excess_fast(overrides):
    result = run(**overrides)
    assert "androgen_excess_fast" not in result.rule_ids
    assert result.outcome != "specialist_urgent"
    assert "systemic_symptoms" in shown_ids(result)


# --- retinoid_pregnancy (urgent; covers medication_related) ------------------------------


@pytest.mark.parametrize("pregnant", ["yes", "not_sure"])
@pytest.mark.parametrize(("sex", "age"), [("female", 12), ("female", 17), ("female", 19),
                                          ("female", 55), ("other", 30)])  # fmt: skip
def test_retinoid_pregnancy(pregnant, sex, age):
    result = run(age=age, sex=sex, medications=["retinoids"], pregnant=pregnant)
    assert "retinoid_pregnancy" in result.rule_ids
    assert_outcome(result, "specialist_urgent")
    assert_covered(result, "medication_related", by="retinoid_pregnancy")


@pytest.mark.parametrize("started", ["yes", "no"])
def test_retinoid_pregnancy_covers_medication_related_with_hair_loss(started):
    result = run(
        **WOMAN,
        medications=["retinoids", "other"],
        pregnant="not_sure",
        shedding_amount="increased",
        medication_started_recently=started,
    )
    assert_outcome(result, "specialist_urgent")
    assert_covered(result, "medication_related", by="retinoid_pregnancy")


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({**WOMAN, "medications": ["retinoids"], "pregnant": "no"}, id="not-pregnant"),
        pytest.param({"age": 17, "sex": "female", "medications": ["retinoids"], "pregnant": "no"},
                     id="teen-not-pregnant"),
        pytest.param({"age": 56, "sex": "female", "medications": ["retinoids"]}, id="f56"),
        pytest.param({"age": 11, "sex": "female", "medications": ["retinoids"]}, id="f11"),
        pytest.param({"age": 30, "sex": "male", "medications": ["retinoids"]}, id="man"),
    ],
)  # fmt: skip
def test_retinoids_without_a_possible_pregnancy_is_medication_related(overrides):
    result = run(**overrides)
    assert "retinoid_pregnancy" not in result.rule_ids
    assert "retinoid_planning" not in result.rule_ids
    assert_only(result, "medication_related")


@pytest.mark.parametrize("pregnant", ["yes", "not_sure"])
@pytest.mark.parametrize("medicine", ["none", "other", "hormonal_contraception_change"])
def test_pregnancy_without_retinoids_is_not_retinoid_pregnancy(pregnant, medicine):
    result = run(**WOMAN, pregnant=pregnant, medications=[medicine])
    assert "retinoid_pregnancy" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("pregnant", ["yes", "not_sure"])
def test_retinoid_pregnancy_reason_call_the_prescriber_today_never_do_not_stop(pregnant):
    result = run(age=19, sex="female", medications=["retinoids"], pregnant=pregnant)
    reason = rule(result, "retinoid_pregnancy").reason.lower()
    assert "today" in reason
    assert "prescri" in reason  # the doctor who prescribed it
    assert any(word in reason for word in ("call", "phone", "ring", "contact"))
    text = lower_text(result).replace("\u2019", "'")
    assert "do not stop" not in text
    assert "don't stop" not in text


@pytest.mark.parametrize("pregnant", ["yes", "not_sure"])
def test_retinoid_pregnancy_reason_in_spanish_says_today(pregnant):
    result = run("es", age=19, sex="female", medications=["retinoids"], pregnant=pregnant)
    reason = rule(result, "retinoid_pregnancy").reason.lower()
    assert re.search(r"\bhoy\b", reason)
    assert "no dejes" not in lower_text(result)  # "do not stop"


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"pregnant": "not_sure"}, id="retinoid_pregnancy"),
        pytest.param({"pregnant": "no", "planning_pregnancy": "yes"}, id="retinoid_planning"),
    ],
)
def test_retinoid_rules_name_every_medicine_reported_as_medication_related_would(overrides):
    result = run(
        **WOMAN,
        **overrides,
        medications=["retinoids", "antidepressants"],
        shedding_amount="increased",
        medication_started_recently="yes",
    )
    covering = rule(result, "medication_related").covered_by
    assert covering in ("retinoid_pregnancy", "retinoid_planning")
    reason = rule(result, covering).reason.lower()
    assert "antidepressant" in reason
    assert "acne" in reason or "isotretinoin" in reason


# --- retinoid_planning (specialist; covers medication_related) ---------------------------


@pytest.mark.parametrize(("sex", "age"), [("female", 18), ("female", 30), ("female", 55),
                                          ("other", 40)])  # fmt: skip
def test_retinoid_planning(sex, age):
    overrides: dict[str, Any] = {"age": age, "sex": sex}
    result = run(**overrides, medications=["retinoids"], pregnant="no", planning_pregnancy="yes")
    assert "retinoid_planning" in result.rule_ids
    assert "retinoid_pregnancy" not in result.rule_ids
    assert_outcome(result, "specialist")  # not urgent
    assert_covered(result, "medication_related", by="retinoid_planning")


def test_retinoid_planning_reason_before_trying_for_a_baby_not_today():
    result = run(**WOMAN, medications=["retinoids"], pregnant="no", planning_pregnancy="yes")
    reason = rule(result, "retinoid_planning").reason.lower().replace("\u2019", "'")
    assert "baby" in reason
    assert "prescri" in reason
    assert "today" not in reason
    assert "do not stop" not in reason
    assert "don't stop" not in reason
    es = run("es", **WOMAN, medications=["retinoids"], pregnant="no", planning_pregnancy="yes")
    assert not re.search(r"\bhoy\b", rule(es, "retinoid_planning").reason.lower())


def test_no_retinoid_planning_when_not_planning():
    result = run(**WOMAN, medications=["retinoids"], pregnant="no", planning_pregnancy="no")
    assert "retinoid_planning" not in result.rule_ids
    assert_only(result, "medication_related")


@pytest.mark.parametrize("medicine", ["none", "antidepressants", "hormonal_contraception_change"])
def test_planning_without_retinoids_is_not_retinoid_planning(medicine):
    result = run(**WOMAN, medications=[medicine], pregnant="no", planning_pregnancy="yes")
    assert "retinoid_planning" not in result.rule_ids
    assert result.outcome == "routine"


# --- bald_patches -----------------------------------------------------------------------


@pytest.mark.parametrize("onset", ["gradual", "sudden"])
@pytest.mark.parametrize("duration", ["under_3_months", "3_to_12_months", "over_12_months"])
def test_bald_patches(onset, duration):
    assert_only(run(patches="yes", onset=onset, duration=duration), "bald_patches")


@pytest.mark.parametrize("hair_loss", HAIR_LOSS[:6])
def test_no_bald_patches_without_patches(hair_loss):
    result = run(patches="no", **hair_loss)
    assert "bald_patches" not in result.rule_ids


# --- body_hair_loss ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sex", "where"),
    [("male", "eyebrows"), ("male", "eyelashes"), ("male", "beard"), ("male", "body"),
     ("female", "eyebrows"), ("female", "eyelashes"), ("female", "body"), ("other", "beard")],
)  # fmt: skip
def test_body_hair_loss_each_place(sex, where):
    age = 40 if sex == "male" else 60
    assert_only(run(age=age, sex=sex, other_hair_loss=[where]), "body_hair_loss")


@pytest.mark.parametrize("hair_loss", [*HAIR_LOSS[:6], *NO_HAIR_LOSS])
def test_no_body_hair_loss_for_none(hair_loss):
    assert "body_hair_loss" not in run(other_hair_loss=["none"], **hair_loss).rule_ids


# --- sudden_shedding --------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["increased", "heavy"])
@pytest.mark.parametrize("duration", ["under_3_months", "3_to_12_months"])
def test_sudden_shedding(amount, duration):
    result = run(shedding_amount=amount, onset="sudden", duration=duration)
    assert_only(result, "sudden_shedding")


@pytest.mark.parametrize("amount", ["increased", "heavy"])
def test_gradual_shedding_is_not_sudden_shedding(amount):
    result = run(shedding_amount=amount, onset="gradual")
    assert "sudden_shedding" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("hair_loss", [HAIR_LOSS[2], HAIR_LOSS[4], HAIR_LOSS[6]])
def test_sudden_onset_with_normal_shedding_is_not_sudden_shedding(hair_loss):
    result = run(shedding_amount="normal", **{**hair_loss, "onset": "sudden"})
    assert "sudden_shedding" not in result.rule_ids


TRIGGERS = [
    pytest.param({**WOMAN, "gave_birth_recently": "yes"}, id="gave-birth"),
    pytest.param({"stress_or_illness": ["major_stress"]}, id="major_stress"),
    pytest.param({"stress_or_illness": ["illness_fever"]}, id="illness_fever"),
    pytest.param({"stress_or_illness": ["surgery"]}, id="surgery"),
    pytest.param({"stress_or_illness": ["major_stress", "crash_diet"]}, id="stress-and-diet"),
]


@pytest.mark.parametrize("trigger", TRIGGERS[:4])
@pytest.mark.parametrize("amount", ["increased", "heavy"])
def test_no_sudden_shedding_while_recent_trigger_shedding_matches(trigger, amount):
    result = run(**trigger, shedding_amount=amount, onset="sudden", duration="under_3_months")
    assert "recent_trigger_shedding" in result.rule_ids
    assert "sudden_shedding" not in result.rule_ids
    assert_only(result, "recent_trigger_shedding")


@pytest.mark.parametrize("trigger", TRIGGERS[:4])
@pytest.mark.parametrize("duration", ["3_to_12_months", "over_12_months"])
def test_sudden_shedding_with_a_trigger_that_no_longer_counts_as_recent(trigger, duration):
    result = run(**trigger, shedding_amount="increased", onset="sudden", duration=duration)
    assert "recent_trigger_shedding" not in result.rule_ids
    assert "sudden_shedding" in result.rule_ids
    assert_outcome(result, "specialist")


def test_sudden_shedding_after_a_crash_diet_alone():
    # A strict diet is not one of recent_trigger_shedding's triggers.
    result = run(
        stress_or_illness=["crash_diet"],
        shedding_amount="increased",
        onset="sudden",
        duration="under_3_months",
    )
    assert set(result.rule_ids) == {"sudden_shedding", "crash_diet"}


# --- long_lasting_shedding --------------------------------------------------------------


@pytest.mark.parametrize("amount", ["increased", "heavy"])
def test_long_lasting_shedding(amount):
    result = run(shedding_amount=amount, onset="gradual", duration="over_12_months")
    assert_only(result, "long_lasting_shedding")


@pytest.mark.parametrize("duration", ["under_3_months", "3_to_12_months"])
def test_shedding_under_a_year_is_not_long_lasting_shedding(duration):
    result = run(shedding_amount="increased", duration=duration)
    assert "long_lasting_shedding" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("hair_loss", [HAIR_LOSS[2], HAIR_LOSS[4], HAIR_LOSS[6]])
def test_long_lasting_thinning_with_normal_shedding_is_not_long_lasting_shedding(hair_loss):
    result = run(**hair_loss, duration="over_12_months")
    assert "long_lasting_shedding" not in result.rule_ids


# --- systemic_symptoms ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "symptom"),
    [
        ({}, "fatigue"),
        ({}, "weight_change"),
        ({}, "temperature_intolerance"),
        ({}, "rash_or_sores"),
        (WOMAN, "heavy_periods"),
        (WOMAN, "irregular_periods"),
        (WOMAN, "acne_or_excess_hair"),
    ],
)
def test_systemic_symptoms_each_alone(person, symptom):
    assert_only(run(**person, systemic_symptoms=[symptom]), "systemic_symptoms")


def test_systemic_symptoms_deeper_voice_also_androgen_excess_fast():
    result = run(**WOMAN, systemic_symptoms=["deeper_voice"])
    assert set(result.rule_ids) == {"systemic_symptoms", "androgen_excess_fast"}


def test_systemic_symptoms_several_is_one_rule():
    result = run(**WOMAN, systemic_symptoms=["fatigue", "weight_change", "heavy_periods"])
    assert result.rule_ids == ["systemic_symptoms"]


@pytest.mark.parametrize("person", [{}, WOMAN])
def test_no_systemic_symptoms_for_none(person):
    assert run(**person, systemic_symptoms=["none"]).outcome == "routine"


# --- scalp_inflammation -----------------------------------------------------------------


@pytest.mark.parametrize("symptom", ["redness_scaling", "pain_burning", "pustules", "open_sore"])
def test_scalp_inflammation_each_symptom_without_hair_loss_under_50(symptom):
    assert_only(run(age=49, scalp_symptoms=[symptom]), "scalp_inflammation")


@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
def test_scalp_inflammation_redness_with_hair_loss_is_shown(hair_loss):
    result = run(scalp_symptoms=["redness_scaling"], **hair_loss)
    assert "scarring_signs" not in result.rule_ids
    assert_shown(result, "scalp_inflammation")
    assert_outcome(result, "specialist")


@pytest.mark.parametrize(
    "symptoms", [["itch"], ["dandruff_oily"], ["lump_swelling"], ["shiny_smooth_skin"], ["none"]]
)
def test_no_scalp_inflammation_for_other_scalp_symptoms(symptoms):
    assert "scalp_inflammation" not in run(scalp_symptoms=symptoms).rule_ids


# --- hair_care_related ------------------------------------------------------------------


@pytest.mark.parametrize("person", [{}, WOMAN, {"age": 15, "sex": "female"}])
@pytest.mark.parametrize("care", [["hair_breaks"], ["pulling"], ["hair_breaks", "pulling"]])
def test_hair_care_related_breakage_or_pulling_alone(person, care):
    assert_only(run(**person, hair_care=care), "hair_care_related")


@pytest.mark.parametrize("care", ["tight_styles", "chemical_treatments"])
@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
def test_hair_care_related_styles_or_chemicals_with_hair_loss(care, hair_loss):
    result = run(hair_care=[care], **hair_loss)
    assert_shown(result, "hair_care_related")
    assert_outcome(result, "specialist")


@pytest.mark.parametrize("care", ["tight_styles", "chemical_treatments"])
@pytest.mark.parametrize("hair_loss", NO_HAIR_LOSS)
def test_no_hair_care_related_for_styles_or_chemicals_without_hair_loss(care, hair_loss):
    result = run(hair_care=[care], **hair_loss)
    assert "hair_care_related" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("hair_loss", [HAIR_LOSS[0], HAIR_LOSS[6]])
def test_no_hair_care_related_for_none(hair_loss):
    assert "hair_care_related" not in run(hair_care=["none"], **hair_loss).rule_ids


# --- frontal_hairline_women -------------------------------------------------------------


@pytest.mark.parametrize("sex", ["female", "other"])
@pytest.mark.parametrize("age", [18, 34, 35, 58, 80])
def test_frontal_hairline_women(sex, age):
    assert_only(run(age=age, sex=sex, **HAIRLINE), "frontal_hairline_women")


@pytest.mark.parametrize("age", [25, 58])
def test_frontal_hairline_women_with_slow_thinning_is_specialist_not_mesotherapy(age):
    result = run(age=age, sex="female", thinning_pattern="hairline", onset="gradual")
    assert set(result.rule_ids) == {"frontal_hairline_women", "pattern_thinning"}
    assert_outcome(result, "specialist")


@pytest.mark.parametrize("age", [25, 58])
def test_no_frontal_hairline_women_for_a_man(age):
    result = run(age=age, **HAIRLINE)
    assert "frontal_hairline_women" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("pattern", ["none", "diffuse", "crown", "part_widening", "not_sure"])
def test_no_frontal_hairline_women_for_another_pattern(pattern):
    result = run(**OLDER_WOMAN, thinning_pattern=pattern)
    assert "frontal_hairline_women" not in result.rule_ids


# --- chemotherapy_hair_loss -------------------------------------------------------------

URGENCY = {
    "en": ["urgent", "today", "soon", "immediately", "right away", "straight away", "at once"],
    "es": ["urgent", "hoy", "pronto", "cuanto antes", "enseguida", "inmediat", "ya mismo"],
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("hair_loss", [NO_HAIR_LOSS[0], HAIR_LOSS[0], HAIR_LOSS[1]])
def test_chemotherapy_hair_loss_without_urgency_words(language, hair_loss):
    result = run(language, medications=["chemotherapy"], **hair_loss)
    assert_only(result, "chemotherapy_hair_loss")
    reason = rule(result, "chemotherapy_hair_loss").reason.lower()
    for word in URGENCY[language]:
        assert not re.search(rf"\b{word}", reason), (word, reason)


@pytest.mark.parametrize("medicine", ["anticoagulants", "hormone_therapy", "other"])
def test_no_chemotherapy_hair_loss_for_another_medicine(medicine):
    assert "chemotherapy_hair_loss" not in run(medications=[medicine]).rule_ids


# --- medication_related -----------------------------------------------------------------


@pytest.mark.parametrize("person", [{}, WOMAN, {"age": 40, "sex": "other"}])
def test_medication_related_retinoids_alone(person):
    overrides = dict(person)
    if person:
        overrides["pregnant"] = "no"
    assert_only(run(**overrides, medications=["retinoids"]), "medication_related")


@pytest.mark.parametrize(
    "medicine",
    [
        "anticoagulants",
        "chemotherapy",
        "retinoids",
        "hormonal_contraception_change",
        "hormone_therapy",
        "antidepressants",
        "thyroid_medication",
        "other",
    ],
)
def test_medication_related_any_medicine_started_recently(medicine):
    result = run(
        **WOMAN,
        medications=[medicine],
        shedding_amount="increased",
        medication_started_recently="yes",
    )
    assert_shown(result, "medication_related")
    assert_outcome(result, "specialist")


@pytest.mark.parametrize(
    "medicine",
    [
        "anticoagulants",
        "hormonal_contraception_change",
        "hormone_therapy",
        "antidepressants",
        "thyroid_medication",
        "other",
    ],
)
def test_no_medication_related_for_a_woman_on_a_long_taken_medicine(medicine):
    result = run(
        **WOMAN,
        medications=[medicine],
        shedding_amount="increased",
        medication_started_recently="no",
    )
    assert "medication_related" not in result.rule_ids


@pytest.mark.parametrize("sex", ["male", "other"])
@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
def test_medication_related_hormone_treatment_in_a_man_or_sex_other_with_hair_loss(sex, hair_loss):
    result = run(
        age=60,
        sex=sex,
        medications=["hormone_therapy"],
        medication_started_recently="no",
        **hair_loss,
    )
    assert_shown(result, "medication_related")


@pytest.mark.parametrize("sex", ["male", "other"])
@pytest.mark.parametrize("hair_loss", NO_HAIR_LOSS)
def test_no_medication_related_for_hormone_treatment_without_hair_loss(sex, hair_loss):
    result = run(age=60, sex=sex, medications=["hormone_therapy"], **hair_loss)
    assert "medication_related" not in result.rule_ids
    assert result.outcome == "routine"


def test_medication_related_reason_names_the_medicine_reported():
    retinoids = rule(run(medications=["retinoids"]), "medication_related").reason
    hormones = rule(
        run(medications=["hormone_therapy"], shedding_amount="increased"), "medication_related"
    ).reason
    assert retinoids != hormones
    assert "acne" in retinoids.lower() or "isotretinoin" in retinoids.lower()
    assert "hormone" in hormones.lower() or "testosterone" in hormones.lower()
    assert "acne" not in hormones.lower()
    assert "hormone" not in retinoids.lower()


# --- thyroid_check ----------------------------------------------------------------------


@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
def test_thyroid_check_with_hair_loss(hair_loss):
    result = run(medications=["thyroid_medication"], **hair_loss)
    assert_shown(result, "thyroid_check")
    assert "medication_related" not in result.rule_ids  # started long ago
    assert_outcome(result, "specialist")


@pytest.mark.parametrize("hair_loss", NO_HAIR_LOSS)
def test_no_thyroid_check_without_hair_loss(hair_loss):
    result = run(medications=["thyroid_medication"], **hair_loss)
    assert "thyroid_check" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("medicine", ["antidepressants", "other", "none"])
def test_no_thyroid_check_for_another_medicine(medicine):
    assert "thyroid_check" not in run(medications=[medicine], shedding_amount="heavy").rule_ids


# --- crash_diet -------------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["increased", "heavy"])
@pytest.mark.parametrize("duration", ["3_to_12_months", "over_12_months", "under_3_months"])
def test_crash_diet(amount, duration):
    result = run(stress_or_illness=["crash_diet"], shedding_amount=amount, duration=duration)
    assert_shown(result, "crash_diet")
    if duration == "3_to_12_months":
        assert result.rule_ids == ["crash_diet"]


@pytest.mark.parametrize("hair_loss", [*NO_HAIR_LOSS, HAIR_LOSS[2], HAIR_LOSS[6]])
def test_no_crash_diet_with_normal_shedding(hair_loss):
    result = run(stress_or_illness=["crash_diet"], **hair_loss)
    assert "crash_diet" not in result.rule_ids


@pytest.mark.parametrize("event", ["major_stress", "illness_fever", "surgery", "none"])
def test_no_crash_diet_for_another_event(event):
    result = run(stress_or_illness=[event], shedding_amount="heavy")
    assert "crash_diet" not in result.rule_ids


# --- young_person -----------------------------------------------------------------------


@pytest.mark.parametrize("age", [1, 12, 17])
@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
def test_young_person_under_18_with_hair_loss(age, hair_loss):
    result = run(age=age, **hair_loss)
    assert_shown(result, "young_person")
    assert_outcome(result, "specialist")


@pytest.mark.parametrize("age", [1, 17])
def test_young_person_only_rule_for_shedding(age):
    assert_only(run(age=age, shedding_amount="increased"), "young_person")


@pytest.mark.parametrize("age", [1, 12, 17])
@pytest.mark.parametrize("hair_loss", NO_HAIR_LOSS)
def test_no_young_person_without_hair_loss(age, hair_loss):
    result = run(age=age, **hair_loss)
    assert "young_person" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("age", [18, 19])
@pytest.mark.parametrize("hair_loss", [HAIR_LOSS[0], HAIR_LOSS[4]])
def test_no_young_person_from_18(age, hair_loss):
    result = run(age=age, **hair_loss)
    assert "young_person" not in result.rule_ids
    assert result.outcome == "routine"


# --- the mesotherapy rules (each 18 or over; none while recent_trigger_shedding) --------

MESOTHERAPY_PATHS = {
    "postpartum_shedding": {**WOMAN, "gave_birth_recently": "yes", "shedding_amount": "increased"},
    "menopausal_thinning": {"age": 50, "sex": "female", "menopause": "peri",
                            "shedding_amount": "increased"},
    "stress_shedding": {"stress_or_illness": ["major_stress"], "shedding_amount": "increased"},
    "transplant_support": {"hair_transplant": "planned", "shedding_amount": "increased"},
    "seborrhoea_with_loss": {"scalp_symptoms": ["dandruff_oily"], "shedding_amount": "increased"},
    "pattern_thinning": {"thinning_pattern": "crown", "onset": "gradual"},
}  # fmt: skip


@pytest.mark.parametrize("rule_id", sorted(MESOTHERAPY_PATHS))
def test_each_mesotherapy_rule_alone_gives_mesotherapy(rule_id):
    result = run(**MESOTHERAPY_PATHS[rule_id])
    assert_only(result, rule_id)


# postpartum_shedding


@pytest.mark.parametrize("amount", ["increased", "heavy"])
@pytest.mark.parametrize("onset", ["gradual", "sudden"])
@pytest.mark.parametrize("age", [18, 30, 55])
def test_postpartum_shedding(amount, onset, age):
    result = run(
        age=age,
        sex="female",
        gave_birth_recently="yes",
        shedding_amount=amount,
        onset=onset,
        duration="3_to_12_months",
    )
    assert "postpartum_shedding" in result.rule_ids
    assert "recent_trigger_shedding" not in result.rule_ids


@pytest.mark.parametrize(
    ("overrides", "instead"),
    [
        pytest.param({"gave_birth_recently": "no"}, set(), id="no-birth"),
        pytest.param({"shedding_amount": "normal", "thinning_pattern": "diffuse",
                      "onset": "sudden"}, set(), id="normal-shedding"),
        pytest.param({"duration": "under_3_months"}, {"recent_trigger_shedding"}, id="under-3"),
        pytest.param({"duration": "over_12_months"}, {"long_lasting_shedding"}, id="over-12"),
    ],
)  # fmt: skip
def test_postpartum_shedding_near_misses(overrides, instead):
    result = run(**{**MESOTHERAPY_PATHS["postpartum_shedding"], **overrides})
    assert "postpartum_shedding" not in result.rule_ids
    assert set(result.rule_ids) == instead


def test_postpartum_shedding_while_maybe_pregnant_is_not_suitable():
    result = run(**MESOTHERAPY_PATHS["postpartum_shedding"], pregnant="not_sure")
    assert set(result.rule_ids) == {"postpartum_shedding", "mesotherapy_not_suitable"}
    assert_outcome(result, "specialist")


# menopausal_thinning


@pytest.mark.parametrize("stage", ["peri", "post"])
@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
@pytest.mark.parametrize("sex", ["female", "other"])
def test_menopausal_thinning_each_way_hair_loss_is_present(stage, hair_loss, sex):
    result = run(age=60, sex=sex, menopause=stage, **hair_loss)
    assert "menopausal_thinning" in result.rule_ids


@pytest.mark.parametrize("age", [35, 55])
def test_menopausal_thinning_from_35(age):
    result = run(age=age, sex="female", menopause="peri", shedding_amount="increased")
    assert_only(result, "menopausal_thinning")


@pytest.mark.parametrize("stage", ["no", "not_sure"])
def test_no_menopausal_thinning_before_or_unsure_of_menopause(stage):
    result = run(**OLDER_WOMAN, menopause=stage, shedding_amount="increased")
    assert "menopausal_thinning" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("hair_loss", NO_HAIR_LOSS)
def test_no_menopausal_thinning_without_hair_loss(hair_loss):
    result = run(**OLDER_WOMAN, menopause="post", **hair_loss)
    assert "menopausal_thinning" not in result.rule_ids
    assert result.outcome == "routine"


# stress_shedding


@pytest.mark.parametrize("event", ["major_stress", "illness_fever", "surgery"])
@pytest.mark.parametrize("amount", ["increased", "heavy"])
def test_stress_shedding_each_event(event, amount):
    result = run(stress_or_illness=[event], shedding_amount=amount, duration="3_to_12_months")
    assert_only(result, "stress_shedding")


@pytest.mark.parametrize(
    ("overrides", "instead"),
    [
        pytest.param({"stress_or_illness": ["crash_diet"]}, {"crash_diet"}, id="crash-diet"),
        pytest.param({"stress_or_illness": ["none"]}, set(), id="no-event"),
        pytest.param({"shedding_amount": "normal", "thinning_pattern": "diffuse",
                      "onset": "sudden"}, set(), id="normal-shedding"),
        pytest.param({"duration": "under_3_months"}, {"recent_trigger_shedding"}, id="under-3"),
        pytest.param({"duration": "over_12_months"}, {"long_lasting_shedding"}, id="over-12"),
    ],
)  # fmt: skip
def test_stress_shedding_near_misses(overrides, instead):
    result = run(**{**MESOTHERAPY_PATHS["stress_shedding"], **overrides})
    assert "stress_shedding" not in result.rule_ids
    assert set(result.rule_ids) == instead


# transplant_support


@pytest.mark.parametrize("transplant", ["planned", "done_within_12_months"])
@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
def test_transplant_support_with_hair_loss(transplant, hair_loss):
    result = run(hair_transplant=transplant, **hair_loss)
    assert "transplant_support" in result.rule_ids


@pytest.mark.parametrize("transplant", ["planned", "done_within_12_months"])
@pytest.mark.parametrize("hair_loss", NO_HAIR_LOSS)
def test_no_transplant_support_without_hair_loss(transplant, hair_loss):
    result = run(hair_transplant=transplant, **hair_loss)
    assert "transplant_support" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("transplant", ["none", "done_earlier"])
def test_no_transplant_support_when_none_or_long_ago(transplant):
    result = run(hair_transplant=transplant, shedding_amount="increased")
    assert "transplant_support" not in result.rule_ids
    assert result.outcome == "routine"


# seborrhoea_with_loss


@pytest.mark.parametrize("hair_loss", HAIR_LOSS)
def test_seborrhoea_with_loss(hair_loss):
    result = run(scalp_symptoms=["dandruff_oily"], **hair_loss)
    assert "seborrhoea_with_loss" in result.rule_ids


@pytest.mark.parametrize("hair_loss", NO_HAIR_LOSS)
def test_no_seborrhoea_with_loss_without_hair_loss(hair_loss):
    result = run(scalp_symptoms=["dandruff_oily"], **hair_loss)
    assert "seborrhoea_with_loss" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("symptom", ["itch", "redness_scaling", "none"])
def test_no_seborrhoea_with_loss_without_dandruff(symptom):
    result = run(scalp_symptoms=[symptom], shedding_amount="increased")
    assert "seborrhoea_with_loss" not in result.rule_ids


# pattern_thinning


@pytest.mark.parametrize("pattern", ["diffuse", "hairline", "crown", "part_widening"])
def test_pattern_thinning_each_pattern(pattern):
    assert_only(run(thinning_pattern=pattern, onset="gradual"), "pattern_thinning")


@pytest.mark.parametrize("pattern", ["diffuse", "hairline", "crown", "part_widening"])
def test_sudden_thinning_is_not_pattern_thinning(pattern):
    result = run(thinning_pattern=pattern, onset="sudden")
    assert "pattern_thinning" not in result.rule_ids
    assert result.outcome == "routine"


@pytest.mark.parametrize("pattern", ["none", "not_sure"])
def test_gradual_shedding_without_a_pattern_is_not_pattern_thinning(pattern):
    result = run(thinning_pattern=pattern, shedding_amount="increased", onset="gradual")
    assert "pattern_thinning" not in result.rule_ids


# each also requires age 18 or over (postpartum_shedding and menopausal_thinning cannot
# be reached under 18: their questions are not asked, see above)

ADULT_ONLY = ["stress_shedding", "transplant_support", "seborrhoea_with_loss", "pattern_thinning"]


@pytest.mark.parametrize("rule_id", ADULT_ONLY)
@pytest.mark.parametrize("age", [1, 12, 17])
def test_mesotherapy_rule_not_under_18(rule_id, age):
    young = run(**{**MESOTHERAPY_PATHS[rule_id], "age": age})
    assert young.rule_ids == ["young_person"]
    assert_outcome(young, "specialist")


@pytest.mark.parametrize("rule_id", ADULT_ONLY)
def test_mesotherapy_rule_from_18(rule_id):
    assert_only(run(**{**MESOTHERAPY_PATHS[rule_id], "age": 18}), rule_id)


# none matches while recent_trigger_shedding matches

RECENT = {"shedding_amount": "increased", "duration": "under_3_months"}
BLOCKED = {
    "menopausal_thinning": {"age": 50, "sex": "female", "menopause": "peri"},
    "transplant_support": {"hair_transplant": "done_within_12_months"},
    "seborrhoea_with_loss": {"scalp_symptoms": ["dandruff_oily"]},
    "pattern_thinning": {"thinning_pattern": "diffuse", "onset": "gradual"},
}


BLOCKED_CASES = [
    pytest.param(rule_id, trigger, onset, id=f"{rule_id}-{trigger}-{onset}")
    for rule_id in sorted(BLOCKED)
    for trigger in ("major_stress", "illness_fever", "surgery", "gave_birth")
    for onset in ("gradual", "sudden")
    if not (rule_id == "pattern_thinning" and onset == "sudden")  # it needs gradual
]


@pytest.mark.parametrize(("rule_id", "trigger", "onset"), BLOCKED_CASES)
def test_no_mesotherapy_rule_while_recent_trigger_shedding_matches(rule_id, trigger, onset):
    path: dict[str, Any] = {**BLOCKED[rule_id], **RECENT}
    if trigger == "gave_birth":
        path = {"age": 40, "sex": "female", **path, "gave_birth_recently": "yes"}
    else:
        path["stress_or_illness"] = [trigger]
    path.setdefault("onset", onset)
    result = run(**path)
    assert rule_id not in result.rule_ids
    assert "mesotherapy_not_suitable" not in result.rule_ids
    assert "sudden_shedding" not in result.rule_ids
    assert_only(result, "recent_trigger_shedding")
    # ...and the same person, shedding for 3 to 12 months, gets the mesotherapy rule
    later = run(**{**path, "duration": "3_to_12_months"})
    assert rule_id in later.rule_ids
    assert "recent_trigger_shedding" not in later.rule_ids


def test_contraindication_while_recent_trigger_shedding_matches_stays_routine():
    # Breastfeeding, just after a birth: no mesotherapy rule, so nothing "not suitable".
    result = run(
        **WOMAN,
        gave_birth_recently="yes",
        breastfeeding="yes",
        thinning_pattern="diffuse",
        onset="gradual",
        **RECENT,
    )
    assert_only(result, "recent_trigger_shedding")


# --- mesotherapy_not_suitable -----------------------------------------------------------

# One path per contraindication (and per worded answer), on top of pattern_thinning.
CONTRAINDICATIONS = [
    pytest.param("pregnancy", {**WOMAN, "pregnant": "yes"}, id="pregnancy-yes"),
    pytest.param("pregnancy", {**WOMAN, "pregnant": "not_sure"}, id="pregnancy-not-sure"),
    pytest.param("breastfeeding", {**WOMAN, "breastfeeding": "yes"}, id="breastfeeding"),
    pytest.param(
        "planning_pregnancy", {**WOMAN, "planning_pregnancy": "yes"}, id="planning_pregnancy"
    ),
    pytest.param("chemotherapy", {"medications": ["chemotherapy"]}, id="chemotherapy"),
    pytest.param("cancer_current", {"health_conditions": ["cancer_current"]}, id="cancer_current"),
    pytest.param(
        "scalp_infection", {"health_conditions": ["scalp_infection"]}, id="scalp_infection"
    ),
    pytest.param("pustules", {"scalp_symptoms": ["pustules"]}, id="pustules"),
    pytest.param("open_sore", {"scalp_symptoms": ["open_sore"]}, id="open_sore"),
    pytest.param("anticoagulants", {"medications": ["anticoagulants"]}, id="anticoagulants"),
    pytest.param("bleeding_disorder", {"bleeding_disorder": "yes"}, id="bleeding_disorder"),
    pytest.param("allergies", {"allergies": "yes"}, id="allergies"),
    pytest.param("keloids", {"health_conditions": ["keloids"]}, id="keloids"),
    pytest.param("diabetes", {"health_conditions": ["diabetes"]}, id="diabetes"),
    pytest.param("autoimmune", {"health_conditions": ["autoimmune"]}, id="autoimmune"),
    pytest.param(
        "heart_or_kidney", {"health_conditions": ["heart_or_kidney"]}, id="heart_or_kidney"
    ),
]
PATTERN = MESOTHERAPY_PATHS["pattern_thinning"]


def test_the_contraindication_tables_cover_the_spec():
    assert {p.values[0] for p in CONTRAINDICATIONS} == ABSOLUTE | RELATIVE
    assert not ABSOLUTE & RELATIVE


@pytest.mark.parametrize(("contra_id", "overrides"), CONTRAINDICATIONS)
def test_mesotherapy_not_suitable_each_contraindication(contra_id, overrides):
    result = run(**PATTERN, **overrides)
    assert "pattern_thinning" in result.rule_ids
    assert_shown(result, "mesotherapy_not_suitable")
    # pus-filled spots with hair loss are scarring signs too: urgent
    assert_outcome(result, "specialist_urgent" if contra_id == "pustules" else "specialist")
    assert [c.id for c in result.contraindications] == [contra_id]
    kind = "absolute" if contra_id in ABSOLUTE else "relative"
    assert result.contraindications[0].kind == kind
    assert result.contraindications[0].text in rule(result, "mesotherapy_not_suitable").reason


@pytest.mark.parametrize(("contra_id", "overrides"), CONTRAINDICATIONS)
def test_mesotherapy_not_suitable_wording_absolute_or_relative(contra_id, overrides):
    reason = rule(run(**PATTERN, **overrides), "mesotherapy_not_suitable").reason
    text = reason.lower()
    if contra_id in ABSOLUTE:
        assert "not done while" in text
        assert "a doctor must first check" not in text
    else:
        assert "a doctor must first check" in text
        assert "not done while" not in text
    assert "inject" in text  # says in a few words what mesotherapy is
    assert "just now" not in text
    assert "{" not in reason and "}" not in reason


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({**WOMAN, "pregnant": "yes"}, "you are pregnant"),
        ({**WOMAN, "pregnant": "not_sure"}, "you may be pregnant"),
        ({**WOMAN, "planning_pregnancy": "yes"}, "trying for a baby"),
        ({**WOMAN, "breastfeeding": "yes"}, "breastfeeding"),
    ],
)
def test_mesotherapy_not_suitable_worded_for_the_answer(overrides, said):
    reason = rule(run(**PATTERN, **overrides), "mesotherapy_not_suitable").reason
    assert said in reason.lower()


@pytest.mark.parametrize("language", LANGUAGES)
def test_mesotherapy_not_suitable_pregnancy_yes_and_not_sure_read_differently(language):
    sure = run(language, **PATTERN, **WOMAN, pregnant="yes")
    maybe = run(language, **PATTERN, **WOMAN, pregnant="not_sure")
    assert sure.contraindications[0].text != maybe.contraindications[0].text


@pytest.mark.parametrize("language", LANGUAGES)
def test_mesotherapy_not_suitable_names_each_contraindication_found(language):
    result = run(
        language,
        **PATTERN,
        **WOMAN,
        breastfeeding="yes",
        medications=["anticoagulants"],
        health_conditions=["diabetes", "keloids"],
        allergies="yes",
    )
    found = {c.id: c for c in result.contraindications}
    assert set(found) == {"breastfeeding", "anticoagulants", "diabetes", "keloids", "allergies"}
    assert len({c.text for c in found.values()}) == len(found)
    reason = rule(result, "mesotherapy_not_suitable").reason
    for contra in found.values():
        assert contra.text in reason
    if language == "en":
        assert "not done while" in reason.lower()
        assert "a doctor must first check" in reason.lower()


@pytest.mark.parametrize("rule_id", sorted(MESOTHERAPY_PATHS))
def test_mesotherapy_not_suitable_after_each_mesotherapy_rule(rule_id):
    # A contraindication with nothing else wrong still makes the result specialist.
    result = run(**MESOTHERAPY_PATHS[rule_id], health_conditions=["diabetes"])
    assert set(result.rule_ids) == {rule_id, "mesotherapy_not_suitable"}
    assert result.rule_ids[0] == "mesotherapy_not_suitable"  # most severe first
    assert_outcome(result, "specialist")
    assert_shown(result, rule_id)
    assert_shown(result, "mesotherapy_not_suitable")


@pytest.mark.parametrize(("contra_id", "overrides"), CONTRAINDICATIONS)
def test_no_mesotherapy_not_suitable_without_a_mesotherapy_rule(contra_id, overrides):
    result = run(**overrides)
    assert "mesotherapy_not_suitable" not in result.rule_ids
    assert not any(r.outcome == "mesotherapy" for r in result.rules)


# --- recent_trigger_shedding (routine, with a reason) -----------------------------------


@pytest.mark.parametrize("trigger", TRIGGERS)
@pytest.mark.parametrize("amount", ["increased", "heavy"])
@pytest.mark.parametrize("onset", ["gradual", "sudden"])
def test_recent_trigger_shedding(trigger, amount, onset):
    result = run(**trigger, shedding_amount=amount, onset=onset, duration="under_3_months")
    if "crash_diet" in trigger.get("stress_or_illness", []):
        # the diet gives crash_diet (specialist), which covers it
        assert_outcome(result, "specialist")
        assert rule(result, "recent_trigger_shedding").covered_by is not None
        return
    assert_only(result, "recent_trigger_shedding")
    assert result.severity == 0


def test_recent_trigger_shedding_reason_says_it_usually_settles():
    result = run(stress_or_illness=["illness_fever"], **RECENT)
    reason = rule(result, "recent_trigger_shedding").reason.lower()
    assert "usually settles" in reason
    assert "month" in reason
    assert "usually settles" in lower_text(result)


@pytest.mark.parametrize(
    ("overrides", "instead"),
    [
        pytest.param({"stress_or_illness": ["crash_diet"]}, {"crash_diet"}, id="crash-diet"),
        pytest.param({"stress_or_illness": ["none"]}, set(), id="no-trigger"),
        pytest.param({"duration": "3_to_12_months"}, {"stress_shedding"}, id="3-to-12"),
        pytest.param({"duration": "over_12_months"}, {"long_lasting_shedding"}, id="over-12"),
        pytest.param({"shedding_amount": "normal", "thinning_pattern": "diffuse",
                      "onset": "sudden"}, set(), id="normal-shedding"),
        pytest.param({"shedding_amount": "normal", "patches": "yes"}, {"bald_patches"},
                     id="normal-shedding-patches"),
    ],
)  # fmt: skip
def test_recent_trigger_shedding_near_misses(overrides, instead):
    result = run(**{"stress_or_illness": ["major_stress"], **RECENT, **overrides})
    assert "recent_trigger_shedding" not in result.rule_ids
    assert set(result.rule_ids) == instead


def test_no_recent_trigger_shedding_without_a_birth():
    result = run(**WOMAN, gave_birth_recently="no", **RECENT)
    assert "recent_trigger_shedding" not in result.rule_ids


# Answers that add one rule more severe than routine to a recent-trigger shedding.
MORE_SEVERE = [
    pytest.param({"patches": "yes"}, "bald_patches", id="bald_patches"),
    pytest.param({"other_hair_loss": ["eyelashes"]}, "body_hair_loss", id="body_hair_loss"),
    pytest.param({"systemic_symptoms": ["fatigue"]}, "systemic_symptoms", id="systemic_symptoms"),
    pytest.param({"scalp_symptoms": ["redness_scaling"]}, "scalp_inflammation",
                 id="scalp_inflammation"),
    pytest.param({"hair_care": ["pulling"]}, "hair_care_related", id="hair_care_related"),
    pytest.param({"medications": ["chemotherapy"]}, "chemotherapy_hair_loss",
                 id="chemotherapy_hair_loss"),
    pytest.param({"medications": ["retinoids"]}, "medication_related", id="medication_related"),
    pytest.param({"medications": ["other"], "medication_started_recently": "yes"},
                 "medication_related", id="medication_related-started"),
    pytest.param({"medications": ["thyroid_medication"]}, "thyroid_check", id="thyroid_check"),
    pytest.param({"stress_or_illness": ["major_stress", "crash_diet"]}, "crash_diet",
                 id="crash_diet"),
    pytest.param({"age": 17}, "young_person", id="young_person"),
    pytest.param({"age": 19, "sex": "female", "thinning_pattern": "hairline"},
                 "frontal_hairline_women", id="frontal_hairline_women"),
    pytest.param({"scalp_symptoms": ["pain_burning"]}, "scarring_signs", id="scarring_signs"),
    pytest.param({"shedding_amount": "heavy", "onset": "sudden", "other_hair_loss": ["body"]},
                 "rapid_widespread_loss", id="rapid_widespread_loss"),
    pytest.param({"age": 30, "sex": "female", "systemic_symptoms": ["deeper_voice"]},
                 "androgen_excess_fast", id="androgen_excess_fast"),
    pytest.param({"age": 30, "sex": "female", "medications": ["retinoids"],
                  "pregnant": "not_sure"}, "retinoid_pregnancy", id="retinoid_pregnancy"),
    pytest.param({"age": 42, "sex": "female", "thinning_pattern": "hairline",
                  "scalp_symptoms": ["itch"]}, "frontal_hairline_inflamed",
                 id="frontal_hairline_inflamed"),
]  # fmt: skip


@pytest.mark.parametrize(("extra", "severe_rule"), MORE_SEVERE)
def test_recent_trigger_shedding_covered_by_any_more_severe_rule(extra, severe_rule):
    result = run(**{"stress_or_illness": ["major_stress"], **RECENT, **extra})
    assert severe_rule in result.rule_ids
    assert result.outcome != "routine"
    covered = rule(result, "recent_trigger_shedding")
    assert covered.covered_by in result.rule_ids
    assert rule(result, covered.covered_by).severity > 0
    assert "recent_trigger_shedding" not in shown_ids(result)
    assert covered.reason not in result.to_text()
    assert "usually settles" not in lower_text(result)
    reasons = {r["id"]: r for r in result.to_json()["reasons"]}
    assert reasons["recent_trigger_shedding"]["covered_by"] == covered.covered_by


# --- what the person reads, as far as the rules go --------------------------------------


@pytest.mark.parametrize(
    ("overrides", "outcome"),
    [
        pytest.param({"scalp_symptoms": ["lump_swelling"]}, "specialist_urgent", id="urgent"),
        pytest.param({"systemic_symptoms": ["fatigue"]}, "specialist", id="specialist"),
        pytest.param({}, "routine", id="routine"),
    ],
)
@pytest.mark.parametrize("front_door", ["kiosk", "self", "staff"])
def test_outcome_texts_are_true_without_hair_loss(overrides, outcome, front_door):
    result = run("en", front_door, **overrides)
    assert result.outcome == outcome
    shown = " ".join([result.title, result.text, result.next_steps or ""]).lower()
    assert "your hair loss" not in shown


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"thinning_pattern": "hairline", "onset": "sudden"}, id="hairline"),
        pytest.param(
            {"thinning_pattern": "hairline", "scalp_symptoms": ["itch"], "onset": "sudden"},
            id="hairline-itch",
        ),
        pytest.param({"systemic_symptoms": ["deeper_voice", "irregular_periods"]}, id="voice"),
        pytest.param(
            {"systemic_symptoms": ["acne_or_excess_hair"], "shedding_amount": "increased",
             "onset": "sudden"},
            id="acne-sudden",
        ),
        pytest.param({"menopause": "post", "shedding_amount": "increased"}, id="menopause"),
        pytest.param({"medications": ["hormone_therapy"], "shedding_amount": "increased"},
                     id="hormones"),
    ],
)  # fmt: skip
def test_no_reason_speaks_about_women_to_a_person_of_sex_other(overrides):
    result = run(age=60, sex="other", **overrides)
    assert result.shown_rules
    assert not re.search(r"\bwom[ae]n\b", result.to_text().lower()), result.to_text()


DIAGNOSES = [
    "alopecia",
    "areata",
    "trichotillomania",
    "ringworm",
    "tinea",
    "kerion",
    "telogen",
    "effluvium",
    "pcos",
    "polycystic",
    "lupus",
    "syphilis",
    "tumour",
    "tumor",
    "fibrosing",
    "cicatricial",
    "traction",
    "androgen",
    "common kind of hair loss",
]


@pytest.mark.parametrize("rule_id", sorted(RULE_OUTCOME))
def test_no_reason_names_a_diagnosis(rule_id):
    reason = flow().text(flow().rule(rule_id).reason, "en").lower()
    for word in DIAGNOSES:
        assert word not in reason, (rule_id, word)


# --- covered rules in JSON and records --------------------------------------------------


def test_json_reports_every_matched_rule_with_covered_by():
    result = run(shedding_amount="heavy", onset="sudden", other_hair_loss=["eyebrows"])
    data = result.to_json()
    assert [r["id"] for r in data["reasons"]] == result.rule_ids
    assert {r["id"]: r["covered_by"] for r in data["reasons"]} == {
        "rapid_widespread_loss": None,
        "body_hair_loss": "rapid_widespread_loss",
        "sudden_shedding": "rapid_widespread_loss",
    }
    assert all(r["reason"] for r in data["reasons"])
    assert data["outcome"] == "specialist_urgent"


# --- next steps per front door ----------------------------------------------------------

OUTCOME_PATHS = {
    "specialist_urgent": {"scalp_symptoms": ["lump_swelling"]},
    "specialist": {"patches": "yes"},
    "mesotherapy": PATTERN,
    "routine": {},
}
# A gap where a setting was missing: a brace, a space before punctuation, empty
# brackets, two spaces, or a Python/JSON empty value.
GAP = re.compile(r"[{}]|[ \t][.,;:!?]|\(\s*\)|[ \t]{2,}|\bNone\b|\bnull\b")
PHONE = "+34 912 345 678"


def read_at(front_door: str, outcome: str, language: str = "en", clinic: Any = None):
    the_flow = flow()
    checked = check_answers(the_flow, answers(**OUTCOME_PATHS[outcome]), language)
    result = triage(the_flow, checked, language, front_door=front_door, clinic=clinic)
    assert result.outcome == outcome
    assert result.next_steps
    return result


def clinic_sol():
    from intake_bot.engine.triage import Clinic

    return Clinic(name="Clínica Sol", phone=PHONE)


@pytest.mark.parametrize("outcome", sorted(OUTCOME_PATHS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_at_the_kiosk_show_the_ticket_at_the_front_desk(outcome, language):
    steps = read_at("kiosk", outcome, language).next_steps.lower()
    if language == "en":
        assert "ticket" in steps
        assert "front desk" in steps
        assert not re.search(r"\bcall\b", steps)  # the person is at the clinic
    else:
        assert "recepción" in steps
    assert not GAP.search(steps), steps


@pytest.mark.parametrize("outcome", sorted(OUTCOME_PATHS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_at_home_call_the_clinic_never_the_front_desk(outcome, language):
    result = read_at("self", outcome, language)
    steps = result.next_steps.lower()
    if language == "en":
        assert "front desk" not in steps
        assert "call the clinic" in steps
    else:
        assert "recepción" not in steps
    assert not GAP.search(result.next_steps), result.next_steps
    assert not re.search(r"[{}]", result.to_text())


@pytest.mark.parametrize("outcome", sorted(OUTCOME_PATHS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_at_home_name_the_clinic_phone_when_set(outcome, language):
    result = read_at("self", outcome, language, clinic=clinic_sol())
    assert PHONE in result.next_steps
    assert PHONE in result.to_text()
    assert not GAP.search(result.next_steps.replace(PHONE, "PHONE")), result.next_steps
    without = read_at("self", outcome, language)
    assert PHONE not in without.next_steps
    if language == "en":
        assert "front desk" not in result.next_steps.lower()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("with_clinic", [False, True])
def test_urgent_next_steps_at_home_also_say_see_your_own_doctor(language, with_clinic):
    clinic = clinic_sol() if with_clinic else None
    steps = read_at("self", "specialist_urgent", language, clinic=clinic).next_steps.lower()
    if language == "en":
        assert "own doctor" in steps
        assert "few days" in steps
    else:
        assert "médic" in steps
        assert "días" in steps


@pytest.mark.parametrize("outcome", sorted(OUTCOME_PATHS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_with_staff_the_staff_member_arranges_it(outcome, language):
    steps = read_at("staff", outcome, language).next_steps.lower()
    if language == "en":
        assert "staff" in steps
        assert "arrang" in steps
        assert "front desk" not in steps
        assert "call the clinic" not in steps
    assert not GAP.search(steps), steps


@pytest.mark.parametrize("outcome", sorted(OUTCOME_PATHS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_differ_per_front_door(outcome, language):
    steps = {
        door: read_at(door, outcome, language).next_steps for door in ("kiosk", "self", "staff")
    }
    assert len(set(steps.values())) == 3


BOOKED = {"en": ["your visit", "your appointment", "your booking"], "es": ["tu visita", "tu cita"]}


@pytest.mark.parametrize("front_door", ["kiosk", "self", "staff"])
@pytest.mark.parametrize("outcome", sorted(OUTCOME_PATHS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_never_assume_a_visit_is_booked(front_door, outcome, language):
    steps = read_at(front_door, outcome, language).next_steps.lower()
    for words in BOOKED[language]:
        assert words not in steps, (words, steps)
