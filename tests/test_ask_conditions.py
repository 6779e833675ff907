"""Which questions the hair-loss flow asks, per shared/domain/triage-spec.md.

Each ask condition is checked at its boundaries twice: headless, through
path_of(), and as a person meets it, through a Session walking question by
question. Then check_answers: every way a set of answers can be wrong names the
question.
"""

from __future__ import annotations

import pytest

from intake_bot.path import AnswersError, check_answers, path_of
from intake_bot.session import Session
from tests.hair_loss_paths import answers, calm, flow, walk

# The spec's questions, in its order.
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
    "pregnant",
    "gave_birth_recently",
    "breastfeeding",
    "planning_pregnancy",
    "menopause",
    "medications",
    "medication_started_recently",
    "bleeding_disorder",
    "health_conditions",
    "allergies",
    "stress_or_illness",
    "family_history",
    "hair_transplant",
    "prior_treatments",
]
ALWAYS = [
    "age",
    "sex",
    "shedding_amount",
    "thinning_pattern",
    "patches",
    "other_hair_loss",
    "scalp_symptoms",
    "hair_care",
    "systemic_symptoms",
    "medications",
    "bleeding_disorder",
    "health_conditions",
    "allergies",
    "stress_or_illness",
    "family_history",
    "hair_transplant",
    "prior_treatments",
]


def asked_both_ways(given):
    """The questions asked for ``given``: by path_of, and by walking a Session (must agree)."""
    by_path = path_of(flow(), given)
    by_session, session = walk(given)
    assert by_session == by_path
    assert session.at_review
    return by_path


def test_questions_are_in_the_spec_order():
    assert [q.id for q in flow().questions] == SPEC_ORDER


def test_calm_path_is_the_always_asked_questions_in_order():
    assert asked_both_ways(answers()) == ALWAYS


def test_a_full_path_visits_every_question_in_spec_order():
    given = answers(
        age=40,
        sex="female",
        patches="yes",
        pregnant="no",
        gave_birth_recently="yes",
        breastfeeding="yes",
        medications=["other"],
    )
    assert asked_both_ways(given) == SPEC_ORDER


# --- pregnant ------------------------------------------------------------------------------


@pytest.mark.parametrize("sex", ["female", "other"])
@pytest.mark.parametrize(("age", "asked"), [(11, False), (12, True), (55, True), (56, False)])
def test_pregnant_asked_for_female_or_other_aged_12_to_55(sex, age, asked):
    path = asked_both_ways(answers(age=age, sex=sex))
    assert ("pregnant" in path) is asked
    assert ("gave_birth_recently" in path) is asked  # pregnant defaults to "no"


@pytest.mark.parametrize("age", [11, 12, 30, 55, 56])
def test_pregnant_never_asked_for_male(age):
    path = asked_both_ways(answers(age=age, sex="male"))
    assert "pregnant" not in path
    assert "gave_birth_recently" not in path
    assert "breastfeeding" not in path


@pytest.mark.parametrize("sex", ["female", "other"])
@pytest.mark.parametrize(("age", "after"), [(11, "medications"), (12, "pregnant")])
def test_session_after_systemic_symptoms_at_pregnancy_age_boundary(sex, age, after):
    session = Session(flow())
    given = answers(age=age, sex=sex)
    while session.current_question.id != "systemic_symptoms":
        session.answer(given[session.current_question.id])
    session.answer(["none"])
    assert session.current_question.id == after


# --- gave_birth_recently, breastfeeding ----------------------------------------------------


@pytest.mark.parametrize(("pregnant", "asked"), [("yes", False), ("no", True), ("not_sure", True)])
def test_gave_birth_recently_only_when_pregnant_no_or_not_sure(pregnant, asked):
    path = asked_both_ways(answers(age=30, sex="female", pregnant=pregnant))
    assert ("gave_birth_recently" in path) is asked


@pytest.mark.parametrize(
    ("pregnant", "next_id"),
    [("yes", "medications"), ("no", "gave_birth_recently"), ("not_sure", "gave_birth_recently")],
)
def test_session_next_question_after_pregnant(pregnant, next_id):
    session = Session(flow())
    given = answers(age=30, sex="female")
    while session.current_question.id != "pregnant":
        session.answer(given[session.current_question.id])
    session.answer(pregnant)
    assert session.current_question.id == next_id


@pytest.mark.parametrize("gave_birth", ["yes", "no"])
@pytest.mark.parametrize("pregnant", ["no", "not_sure"])
def test_breastfeeding_is_asked_whatever_the_birth_answer(gave_birth, pregnant):
    # v2: a mother breastfeeding a toddler (birth over 12 months ago) is asked too.
    path = asked_both_ways(
        answers(age=30, sex="female", pregnant=pregnant, gave_birth_recently=gave_birth)
    )
    assert path[path.index("gave_birth_recently") + 1] == "breastfeeding"


@pytest.mark.parametrize("sex", ["female", "other"])
@pytest.mark.parametrize(("age", "asked"), [(11, False), (12, True), (55, True), (56, False)])
def test_breastfeeding_and_planning_follow_the_pregnancy_ages(sex, age, asked):
    path = asked_both_ways(answers(age=age, sex=sex, **({"pregnant": "no"} if asked else {})))
    assert ("breastfeeding" in path) is asked
    assert ("planning_pregnancy" in path) is asked


@pytest.mark.parametrize(("pregnant", "asked"), [("no", True), ("not_sure", False), ("yes", False)])
def test_planning_pregnancy_only_when_not_pregnant(pregnant, asked):
    path = asked_both_ways(answers(age=30, sex="female", pregnant=pregnant))
    assert ("planning_pregnancy" in path) is asked


@pytest.mark.parametrize(
    ("pregnant", "after_breastfeeding"),
    [("no", "planning_pregnancy"), ("not_sure", "menopause")],
)
def test_session_next_question_after_breastfeeding(pregnant, after_breastfeeding):
    session = Session(flow())
    given = answers(age=40, sex="other", pregnant=pregnant)
    while session.current_question.id != "breastfeeding":
        session.answer(given[session.current_question.id])
    session.answer("yes")
    assert session.current_question.id == after_breastfeeding


def test_pregnant_yes_skips_birth_breastfeeding_and_planning():
    path = asked_both_ways(answers(age=30, sex="female", pregnant="yes"))
    assert "gave_birth_recently" not in path
    assert "breastfeeding" not in path
    assert "planning_pregnancy" not in path


def test_changing_pregnant_to_yes_drops_the_birth_answers():
    given = answers(
        age=30, sex="female", pregnant="no", gave_birth_recently="yes", breastfeeding="yes"
    )
    _, session = walk(given)
    session.go_to("pregnant")
    session.answer("yes")
    assert "gave_birth_recently" not in session.answers
    assert "breastfeeding" not in session.answers
    assert "gave_birth_recently" not in session.path()


# --- menopause -------------------------------------------------------------------------------


@pytest.mark.parametrize("sex", ["female", "other"])
@pytest.mark.parametrize(("age", "asked"), [(34, False), (35, True), (56, True), (120, True)])
def test_menopause_asked_for_female_or_other_from_35(sex, age, asked):
    path = asked_both_ways(answers(age=age, sex=sex))
    assert ("menopause" in path) is asked


@pytest.mark.parametrize("age", [34, 35, 60])
def test_menopause_never_asked_for_male(age):
    assert "menopause" not in asked_both_ways(answers(age=age, sex="male"))


@pytest.mark.parametrize(("age", "next_id"), [(34, "medications"), (35, "menopause")])
def test_session_next_question_after_planning_pregnancy_at_menopause_boundary(age, next_id):
    session = Session(flow())
    given = answers(age=age, sex="female")
    while session.current_question.id != "planning_pregnancy":
        session.answer(given[session.current_question.id])
    session.answer("no")
    assert session.current_question.id == next_id


# --- mesotherapy eligibility: 17 / 18 ------------------------------------------------------

ELIGIBILITY = {
    "postpartum_shedding": {
        "sex": "female",
        "pregnant": "no",
        "gave_birth_recently": "yes",
        "shedding_amount": "increased",
    },
    "stress_shedding": {"stress_or_illness": ["illness_fever"], "shedding_amount": "heavy"},
    "transplant_support": {"hair_transplant": "done_within_12_months"},
    "seborrhoea_with_loss": {"scalp_symptoms": ["dandruff_oily"], "shedding_amount": "increased"},
    "pattern_thinning": {"thinning_pattern": "part_widening"},
}


@pytest.mark.parametrize("rule_id", sorted(ELIGIBILITY))
@pytest.mark.parametrize(
    ("age", "outcome", "expected"),
    [(17, "specialist", "young_person"), (18, "mesotherapy", None)],
)
def test_mesotherapy_eligibility_boundary_through_a_session(rule_id, age, outcome, expected):
    given = answers(age=age, **ELIGIBILITY[rule_id])
    _, session = walk(given)
    result = session.finish()
    assert session.is_finished
    assert result.outcome == outcome
    assert result.rule_ids == [expected or rule_id]


# --- onset / duration: hair loss present -------------------------------------------------

HAIR_LOSS_PRESENT = [
    pytest.param({"shedding_amount": "increased"}, id="shedding-increased"),
    pytest.param({"shedding_amount": "heavy"}, id="shedding-heavy"),
    pytest.param({"thinning_pattern": "diffuse"}, id="diffuse"),
    pytest.param({"thinning_pattern": "hairline"}, id="hairline"),
    pytest.param({"thinning_pattern": "crown"}, id="crown"),
    pytest.param({"thinning_pattern": "part_widening"}, id="part_widening"),
    pytest.param({"patches": "yes"}, id="patches"),
]
HAIR_LOSS_ABSENT = [
    pytest.param({}, id="nothing"),
    pytest.param({"thinning_pattern": "not_sure"}, id="thinning-not-sure"),
    # Loss elsewhere on the body or scalp symptoms are not "hair loss present".
    pytest.param({"other_hair_loss": ["eyebrows"]}, id="eyebrows-only"),
    pytest.param({"scalp_symptoms": ["dandruff_oily"]}, id="dandruff-only"),
]


@pytest.mark.parametrize("hair_loss", HAIR_LOSS_PRESENT)
def test_onset_and_duration_asked_when_hair_loss_present(hair_loss):
    path = asked_both_ways(answers(**hair_loss))
    assert path[path.index("patches") + 1 : path.index("patches") + 3] == ["onset", "duration"]


@pytest.mark.parametrize("hair_loss", HAIR_LOSS_ABSENT)
def test_onset_and_duration_not_asked_without_hair_loss(hair_loss):
    path = asked_both_ways(answers(**hair_loss))
    assert "onset" not in path
    assert "duration" not in path


@pytest.mark.parametrize(("patches", "next_id"), [("yes", "onset"), ("no", "other_hair_loss")])
def test_session_next_question_after_patches(patches, next_id):
    session = Session(flow())
    for value in (40, "male", "normal", "none"):
        session.answer(value)
    assert session.current_question.id == "patches"
    session.answer(patches)
    assert session.current_question.id == next_id


@pytest.mark.parametrize(
    ("thinning", "after_patches"),
    [
        ("none", "other_hair_loss"),
        ("not_sure", "other_hair_loss"),
        ("diffuse", "onset"),
        ("crown", "onset"),
    ],
)
def test_session_after_patches_no_depends_on_thinning(thinning, after_patches):
    session = Session(flow())
    for value in (40, "male", "normal", thinning):
        session.answer(value)
    assert session.current_question.id == "patches"
    session.answer("no")
    assert session.current_question.id == after_patches


# --- medication_started_recently ---------------------------------------------------------

MEDICINES = [
    "anticoagulants",
    "chemotherapy",
    "retinoids",
    "hormonal_contraception_change",
    "hormone_therapy",
    "antidepressants",
    "thyroid_medication",
    "other",
]


@pytest.mark.parametrize("medicines", [[m] for m in MEDICINES] + [["antidepressants", "other"]])
def test_medication_started_recently_asked_for_any_medicine(medicines):
    path = asked_both_ways(answers(medications=medicines))
    assert path[path.index("medications") + 1] == "medication_started_recently"


def test_medication_started_recently_not_asked_for_none():
    path = asked_both_ways(answers(medications=["none"]))
    assert "medication_started_recently" not in path
    assert path[path.index("medications") + 1] == "bleeding_disorder"


# --- check_answers: errors name the question ------------------------------------------


def raises_for(given):
    with pytest.raises(AnswersError) as caught:
        check_answers(flow(), given)
    return caught.value


def without(given, *qids):
    return {k: v for k, v in given.items() if k not in qids}


def test_check_answers_accepts_a_whole_path():
    checked = check_answers(flow(), answers())
    assert list(checked) == ALWAYS


@pytest.mark.parametrize("qid", ALWAYS)
def test_missing_answer_for_an_always_asked_question(qid):
    assert raises_for(without(calm(), qid)).question_id == qid


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        pytest.param({"age": 30, "sex": "female"}, "pregnant", id="pregnant"),
        pytest.param(
            {"age": 30, "sex": "female", "pregnant": "no"}, "gave_birth_recently", id="birth"
        ),
        pytest.param(
            {"age": 30, "sex": "other", "pregnant": "no", "gave_birth_recently": "yes"},
            "breastfeeding",
            id="breastfeeding",
        ),
        pytest.param({"age": 60, "sex": "female"}, "menopause", id="menopause"),
        pytest.param({"patches": "yes"}, "onset", id="onset"),
        pytest.param({"shedding_amount": "heavy"}, "duration", id="duration"),
        pytest.param(
            {"medications": ["retinoids"]},
            "medication_started_recently",
            id="medication_started_recently",
        ),
    ],
)
def test_missing_answer_for_a_conditional_question(overrides, missing):
    given = without(answers(**overrides), missing)
    assert raises_for(given).question_id == missing


@pytest.mark.parametrize(
    ("overrides", "extra"),
    [
        pytest.param({"sex": "male"}, {"pregnant": "no"}, id="pregnant-male"),
        pytest.param({"age": 56, "sex": "female"}, {"pregnant": "no"}, id="pregnant-56"),
        pytest.param({"age": 11, "sex": "other"}, {"pregnant": "no"}, id="pregnant-11"),
        pytest.param(
            {"age": 30, "sex": "female", "pregnant": "yes"},
            {"gave_birth_recently": "no"},
            id="birth-when-pregnant",
        ),
        pytest.param(
            {"age": 30, "sex": "female", "pregnant": "yes"},
            {"breastfeeding": "no"},
            id="breastfeeding-when-pregnant",
        ),
        pytest.param(
            {"age": 30, "sex": "female", "pregnant": "not_sure"},
            {"planning_pregnancy": "no"},
            id="planning-when-maybe-pregnant",
        ),
        pytest.param({"age": 34, "sex": "female"}, {"menopause": "no"}, id="menopause-34"),
        pytest.param({"age": 60, "sex": "male"}, {"menopause": "post"}, id="menopause-male"),
        pytest.param({}, {"onset": "sudden"}, id="onset-no-hair-loss"),
        pytest.param({}, {"duration": "under_3_months"}, id="duration-no-hair-loss"),
        pytest.param(
            {"medications": ["none"]},
            {"medication_started_recently": "yes"},
            id="started-recently-no-medicine",
        ),
    ],
)
def test_answer_to_a_question_the_path_does_not_ask(overrides, extra):
    given = {**answers(**overrides), **extra}
    (qid,) = extra
    assert raises_for(given).question_id == qid


@pytest.mark.parametrize(
    ("qid", "value"),
    [
        ("age", 0),
        ("age", 121),
        ("age", 30.5),
        ("age", "thirty"),
        ("sex", "robot"),
        ("shedding_amount", "some"),
        ("thinning_pattern", "back"),
        ("patches", "maybe"),
        ("other_hair_loss", ["eyebrows", "none"]),
        ("other_hair_loss", ["toes"]),
        ("other_hair_loss", []),
        ("scalp_symptoms", ["itch", "none"]),
        ("systemic_symptoms", ["fatigue", "none"]),
        ("medications", ["aspirin"]),
        ("medications", ["none", "other"]),
        ("health_conditions", ["none", "diabetes"]),
        ("stress_or_illness", ["crash_diet", "none"]),
        ("prior_treatments", ["minoxidil", "none"]),
        ("hair_transplant", "yes"),
        ("allergies", "sometimes"),
    ],
)
def test_value_not_allowed(qid, value):
    given = {**calm(), qid: value}
    assert raises_for(given).question_id == qid


@pytest.mark.parametrize(
    ("overrides", "qid", "value"),
    [
        ({"age": 30, "sex": "female"}, "pregnant", "perhaps"),
        ({"age": 60, "sex": "female"}, "menopause", "yes"),
        ({"patches": "yes"}, "onset", "slow"),
        ({"patches": "yes"}, "duration", "forever"),
        ({"medications": ["other"]}, "medication_started_recently", "not_sure"),
    ],
)
def test_value_not_allowed_for_a_conditional_question(overrides, qid, value):
    given = {**answers(**overrides), qid: value}
    assert raises_for(given).question_id == qid


@pytest.mark.parametrize("age", [1, 120])
def test_age_bounds_are_inclusive(age):
    checked = check_answers(flow(), answers(age=age))
    assert checked["age"] == age


def test_unknown_question():
    given = {**calm(), "favourite_colour": "blue"}
    assert raises_for(given).question_id == "favourite_colour"
