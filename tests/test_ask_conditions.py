"""Which questions, and which options, the hair-loss flow offers, per
shared/domain/triage-spec.md (version 3).

Each ask condition is checked at its boundaries twice: headless, through path_of(),
and as a person meets it, through a Session walking question by question. Each option
condition (show_if) is checked as a person meets it (offered or not, typed or not, an
answer dropped when the sex that showed it changes) and headless (refused as "not
offered on this path", naming the question and the option). Then check_answers: every
way a set of answers can be wrong names the question.
"""

from __future__ import annotations

import pytest

from intake_bot.engine.answers import AnswerError
from intake_bot.engine.path import AnswersError, check_answers, path_of
from intake_bot.engine.replies import ReplyNotUnderstood, interpret
from intake_bot.engine.session import Session
from tests.hair_loss_paths import SPEC_ORDER, answers, calm, flow, walk

# The spec's questions, in its order (version 3: medications before the pregnancy ones).
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
PREGNANCY_QUESTIONS = ["pregnant", "gave_birth_recently", "breastfeeding", "planning_pregnancy"]
FEMALE_OR_OTHER = ["female", "other"]


def asked_both_ways(given):
    """The questions asked for ``given``: by path_of, and by walking a Session (must agree)."""
    by_path = path_of(flow(), given)
    by_session, session = walk(given)
    assert by_session == by_path
    assert session.at_review
    return by_path


def session_at(given, qid):
    """A Session answered from ``given`` question by question until it asks ``qid``."""
    session = Session(flow())
    while session.current_question is not None and session.current_question.id != qid:
        session.answer(given[session.current_question.id])
    assert session.current_question is not None, f"{qid!r} was never asked"
    return session


def next_after(given, qid, value):
    """The question a Session asks right after ``qid`` is answered ``value`` (None at review)."""
    session = session_at(given, qid)
    session.answer(value)
    question = session.current_question
    return None if question is None else question.id


def test_questions_are_in_the_spec_order():
    assert [q.id for q in flow().questions] == SPEC_ORDER


def test_calm_path_is_the_always_asked_questions_in_order():
    assert asked_both_ways(answers()) == ALWAYS


def test_a_full_path_visits_every_question_in_spec_order():
    given = answers(
        age=40,
        sex="female",
        patches="yes",
        medications=["other"],
        pregnant="no",
        gave_birth_recently="yes",
        breastfeeding="yes",
    )
    assert asked_both_ways(given) == SPEC_ORDER


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
    pytest.param({"shedding_amount": "normal", "thinning_pattern": "none"}, id="normal-none"),
    pytest.param({"thinning_pattern": "not_sure"}, id="thinning-not-sure"),
    # Loss elsewhere on the body or scalp symptoms are not "hair loss present".
    pytest.param({"other_hair_loss": ["eyebrows"]}, id="eyebrows-only"),
    pytest.param({"scalp_symptoms": ["dandruff_oily"]}, id="dandruff-only"),
]


@pytest.mark.parametrize("hair_loss", HAIR_LOSS_PRESENT)
def test_onset_and_duration_asked_when_hair_loss_present(hair_loss):
    path = asked_both_ways(answers(**hair_loss))
    after_patches = path[path.index("patches") + 1 : path.index("patches") + 4]
    assert after_patches == ["onset", "duration", "other_hair_loss"]


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
    ("shedding", "thinning", "after_patches"),
    [
        ("normal", "none", "other_hair_loss"),
        ("normal", "not_sure", "other_hair_loss"),
        ("normal", "diffuse", "onset"),
        ("normal", "hairline", "onset"),
        ("normal", "crown", "onset"),
        ("normal", "part_widening", "onset"),
        ("increased", "none", "onset"),
        ("heavy", "not_sure", "onset"),
    ],
)
def test_session_after_patches_no_depends_on_shedding_and_thinning(
    shedding, thinning, after_patches
):
    session = Session(flow())
    for value in (40, "male", shedding, thinning):
        session.answer(value)
    assert session.current_question.id == "patches"
    session.answer("no")
    assert session.current_question.id == after_patches


def test_session_duration_follows_onset():
    given = answers(shedding_amount="heavy")
    assert next_after(given, "onset", "sudden") == "duration"
    assert next_after(given, "duration", "over_12_months") == "other_hair_loss"


# --- medication_started_recently: a medicine, and hair loss present ----------------------

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


def who_can_take(medicines):
    """A person who is offered every one of ``medicines`` (the pill: female or other)."""
    return {"sex": "female", "age": 60} if "hormonal_contraception_change" in medicines else {}


@pytest.mark.parametrize("medicines", [[m] for m in MEDICINES] + [["antidepressants", "other"]])
def test_medication_started_recently_asked_for_any_medicine_with_hair_loss(medicines):
    given = answers(medications=medicines, shedding_amount="increased", **who_can_take(medicines))
    path = asked_both_ways(given)
    assert path[path.index("medications") + 1] == "medication_started_recently"


@pytest.mark.parametrize("medicines", [[m] for m in MEDICINES])
def test_medication_started_recently_not_asked_without_hair_loss(medicines):
    path = asked_both_ways(answers(medications=medicines, **who_can_take(medicines)))
    assert "medication_started_recently" not in path


@pytest.mark.parametrize("hair_loss", HAIR_LOSS_PRESENT)
def test_medication_started_recently_asked_for_each_way_hair_loss_is_present(hair_loss):
    path = asked_both_ways(answers(medications=["other"], **hair_loss))
    assert "medication_started_recently" in path


@pytest.mark.parametrize("hair_loss", HAIR_LOSS_ABSENT)
def test_medication_started_recently_not_asked_for_each_way_hair_loss_is_absent(hair_loss):
    path = asked_both_ways(answers(medications=["other"], **hair_loss))
    assert "medication_started_recently" not in path


@pytest.mark.parametrize("hair_loss", HAIR_LOSS_PRESENT)
def test_medication_started_recently_not_asked_for_no_medicine(hair_loss):
    path = asked_both_ways(answers(medications=["none"], **hair_loss))
    assert "medication_started_recently" not in path
    assert path[path.index("medications") + 1] == "bleeding_disorder"


@pytest.mark.parametrize(
    ("hair_loss", "medicines", "next_id"),
    [
        ({"patches": "yes"}, ["antidepressants"], "medication_started_recently"),
        ({"patches": "yes"}, ["none"], "bleeding_disorder"),
        ({}, ["antidepressants"], "bleeding_disorder"),
    ],
)
def test_session_next_question_after_medications(hair_loss, medicines, next_id):
    assert next_after(answers(**hair_loss), "medications", medicines) == next_id


# --- pregnant: female or other; 18-55, or 12-17 on a retinoid --------------------------


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize(
    ("age", "medicines", "asked"),
    [
        pytest.param(11, ["retinoids"], False, id="11-retinoids"),
        pytest.param(12, ["retinoids"], True, id="12-retinoids"),
        pytest.param(17, ["retinoids"], True, id="17-retinoids"),
        pytest.param(12, ["none"], False, id="12-none"),
        pytest.param(17, ["none"], False, id="17-none"),
        pytest.param(17, ["antidepressants"], False, id="17-other-medicine"),
        pytest.param(18, ["none"], True, id="18-none"),
        pytest.param(55, ["none"], True, id="55-none"),
        pytest.param(56, ["none"], False, id="56-none"),
        pytest.param(56, ["retinoids"], False, id="56-retinoids"),
    ],
)
def test_pregnant_asked_per_age_and_retinoids(sex, age, medicines, asked):
    path = asked_both_ways(answers(age=age, sex=sex, medications=medicines))
    assert ("pregnant" in path) is asked
    if asked:
        assert path[path.index("pregnant") - 1] in ("medications", "medication_started_recently")


@pytest.mark.parametrize(
    ("age", "medicines"), [(15, ["retinoids"]), (18, ["none"]), (30, ["none"]), (55, ["none"])]
)
def test_no_pregnancy_question_is_ever_asked_of_a_man(age, medicines):
    path = asked_both_ways(answers(age=age, sex="male", medications=medicines))
    for qid in PREGNANCY_QUESTIONS:
        assert qid not in path


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize("age", [12, 17])
@pytest.mark.parametrize("pregnant", ["yes", "no", "not_sure"])
def test_a_teenager_on_a_retinoid_is_asked_only_whether_she_is_pregnant(sex, age, pregnant):
    # v2 asked a 12-year-old whether she was trying for a baby.
    path = asked_both_ways(answers(age=age, sex=sex, medications=["retinoids"], pregnant=pregnant))
    assert "pregnant" in path
    assert path[path.index("pregnant") + 1] == "bleeding_disorder"
    for qid in ("gave_birth_recently", "breastfeeding", "planning_pregnancy", "menopause"):
        assert qid not in path


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize(
    ("age", "medicines", "next_id"),
    [
        (11, ["retinoids"], "bleeding_disorder"),
        (12, ["retinoids"], "pregnant"),
        (17, ["retinoids"], "pregnant"),
        (17, ["none"], "bleeding_disorder"),
        (18, ["none"], "pregnant"),
        (55, ["none"], "pregnant"),
        (56, ["none"], "menopause"),
    ],
)
def test_session_after_medications_at_the_pregnancy_boundaries(sex, age, medicines, next_id):
    assert next_after(answers(age=age, sex=sex), "medications", medicines) == next_id


@pytest.mark.parametrize(("age", "medicines"), [(15, ["retinoids"]), (30, ["none"])])
def test_session_after_medications_for_a_man(age, medicines):
    given = answers(age=age, sex="male")
    assert next_after(given, "medications", medicines) == "bleeding_disorder"


# --- gave_birth_recently, breastfeeding: female or other, 18-55, pregnant no/not_sure ---


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize(("pregnant", "asked"), [("yes", False), ("no", True), ("not_sure", True)])
def test_birth_and_breastfeeding_only_when_pregnant_no_or_not_sure(sex, pregnant, asked):
    path = asked_both_ways(answers(age=30, sex=sex, pregnant=pregnant))
    assert ("gave_birth_recently" in path) is asked
    assert ("breastfeeding" in path) is asked


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize("pregnant", ["no", "not_sure"])
@pytest.mark.parametrize(
    ("age", "medicines", "asked"),
    [
        pytest.param(17, ["retinoids"], False, id="17-retinoids"),
        pytest.param(18, ["none"], True, id="18"),
        pytest.param(18, ["retinoids"], True, id="18-retinoids"),
        pytest.param(55, ["none"], True, id="55"),
    ],
)
def test_birth_and_breastfeeding_from_18(sex, pregnant, age, medicines, asked):
    path = asked_both_ways(answers(age=age, sex=sex, medications=medicines, pregnant=pregnant))
    assert ("gave_birth_recently" in path) is asked
    assert ("breastfeeding" in path) is asked


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize("age", [56, 60])
def test_birth_and_breastfeeding_not_asked_after_55(sex, age):
    path = asked_both_ways(answers(age=age, sex=sex))
    assert "gave_birth_recently" not in path
    assert "breastfeeding" not in path


@pytest.mark.parametrize("gave_birth", ["yes", "no"])
@pytest.mark.parametrize("pregnant", ["no", "not_sure"])
def test_breastfeeding_is_asked_whatever_the_birth_answer(gave_birth, pregnant):
    # A mother breastfeeding a toddler (birth over 12 months ago) is asked too.
    path = asked_both_ways(
        answers(age=30, sex="female", pregnant=pregnant, gave_birth_recently=gave_birth)
    )
    assert path[path.index("gave_birth_recently") + 1] == "breastfeeding"


@pytest.mark.parametrize(
    ("age", "pregnant", "next_id"),
    [
        (30, "yes", "bleeding_disorder"),
        (40, "yes", "bleeding_disorder"),  # not asked about the menopause
        (30, "no", "gave_birth_recently"),
        (30, "not_sure", "gave_birth_recently"),
    ],
)
def test_session_next_question_after_pregnant(age, pregnant, next_id):
    assert next_after(answers(age=age, sex="female"), "pregnant", pregnant) == next_id


@pytest.mark.parametrize("gave_birth", ["yes", "no"])
def test_session_breastfeeding_follows_the_birth_question(gave_birth):
    given = answers(age=30, sex="other", pregnant="no")
    assert next_after(given, "gave_birth_recently", gave_birth) == "breastfeeding"


def test_pregnant_yes_skips_birth_breastfeeding_and_planning():
    path = asked_both_ways(answers(age=30, sex="female", pregnant="yes"))
    for qid in ("gave_birth_recently", "breastfeeding", "planning_pregnancy"):
        assert qid not in path


def test_changing_pregnant_to_yes_drops_the_birth_answers():
    given = answers(
        age=30,
        sex="female",
        pregnant="no",
        gave_birth_recently="yes",
        breastfeeding="yes",
        planning_pregnancy="no",
    )
    _, session = walk(given)
    session.go_to("pregnant")
    session.answer("yes")
    for qid in ("gave_birth_recently", "breastfeeding", "planning_pregnancy"):
        assert qid not in session.answers
        assert qid not in session.path()
    session.resume()
    assert session.at_review


# --- planning_pregnancy: female or other, 18-55, pregnant no ---------------------------


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize(("pregnant", "asked"), [("no", True), ("not_sure", False), ("yes", False)])
def test_planning_pregnancy_only_when_pregnant_no(sex, pregnant, asked):
    path = asked_both_ways(answers(age=30, sex=sex, pregnant=pregnant))
    assert ("planning_pregnancy" in path) is asked


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize(
    ("age", "medicines", "asked"),
    [
        pytest.param(12, ["retinoids"], False, id="12-retinoids"),
        pytest.param(17, ["retinoids"], False, id="17-retinoids"),
        pytest.param(18, ["none"], True, id="18"),
        pytest.param(55, ["none"], True, id="55"),
        pytest.param(56, ["none"], False, id="56"),
    ],
)
def test_planning_pregnancy_from_18_to_55(sex, age, medicines, asked):
    extra = {"pregnant": "no"} if age <= 55 else {}
    path = asked_both_ways(answers(age=age, sex=sex, medications=medicines, **extra))
    assert ("planning_pregnancy" in path) is asked


@pytest.mark.parametrize(
    ("age", "pregnant", "after_breastfeeding"),
    [
        (40, "no", "planning_pregnancy"),
        (40, "not_sure", "menopause"),
        (30, "not_sure", "bleeding_disorder"),
    ],
)
def test_session_next_question_after_breastfeeding(age, pregnant, after_breastfeeding):
    given = answers(age=age, sex="other", pregnant=pregnant)
    assert next_after(given, "breastfeeding", "yes") == after_breastfeeding


# --- menopause: female or other, 35 or over, not pregnant (or not asked) ---------------


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize(
    ("age", "asked"), [(34, False), (35, True), (55, True), (56, True), (60, True), (120, True)]
)
def test_menopause_asked_for_female_or_other_from_35(sex, age, asked):
    path = asked_both_ways(answers(age=age, sex=sex))
    assert ("menopause" in path) is asked


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize("age", [35, 55])
@pytest.mark.parametrize(("pregnant", "asked"), [("yes", False), ("no", True), ("not_sure", True)])
def test_menopause_not_asked_of_a_pregnant_woman(sex, age, pregnant, asked):
    path = asked_both_ways(answers(age=age, sex=sex, pregnant=pregnant))
    assert ("menopause" in path) is asked


@pytest.mark.parametrize("sex", FEMALE_OR_OTHER)
@pytest.mark.parametrize("age", [56, 60])
def test_menopause_asked_when_pregnant_was_not_asked(sex, age):
    path = asked_both_ways(answers(age=age, sex=sex))
    assert "pregnant" not in path
    assert path[path.index("menopause") - 1] == "medications"


@pytest.mark.parametrize("age", [34, 35, 60])
def test_menopause_never_asked_for_male(age):
    assert "menopause" not in asked_both_ways(answers(age=age, sex="male"))


@pytest.mark.parametrize(("age", "next_id"), [(34, "bleeding_disorder"), (35, "menopause")])
def test_session_next_question_after_planning_pregnancy_at_menopause_boundary(age, next_id):
    given = answers(age=age, sex="female", pregnant="no")
    assert next_after(given, "planning_pregnancy", "no") == next_id


def test_session_after_menopause_comes_bleeding_disorder():
    given = answers(age=60, sex="female")
    assert next_after(given, "menopause", "post") == "bleeding_disorder"


# --- options shown only for some sexes (show_if) ---------------------------------------

# option value -> (its question, the sexes it is shown to); spec footnotes 1 and 2.
SHOWN_TO = {
    "beard": ("other_hair_loss", {"male", "other"}),
    "heavy_periods": ("systemic_symptoms", {"female", "other"}),
    "irregular_periods": ("systemic_symptoms", {"female", "other"}),
    "acne_or_excess_hair": ("systemic_symptoms", {"female", "other"}),
    "deeper_voice": ("systemic_symptoms", {"female", "other"}),
    "hormonal_contraception_change": ("medications", {"female", "other"}),
}
# What a person might type for each (understood when the option is shown).
TYPED = {
    "beard": "beard",
    "heavy_periods": "heavy periods",
    "irregular_periods": "irregular periods",
    "acne_or_excess_hair": "acne",
    "deeper_voice": "my voice has got deeper",
    "hormonal_contraception_change": "the pill",
}
OPTION_CASES = [
    pytest.param(value, sex, sex in shown, id=f"{value}-{sex}")
    for value, (_, shown) in SHOWN_TO.items()
    for sex in ("female", "male", "other")
]
HIDDEN_CASES = [
    pytest.param(value, sex, id=f"{value}-{sex}")
    for value, (_, shown) in SHOWN_TO.items()
    for sex in ("female", "male", "other")
    if sex not in shown
]
SHOWN_CASES = [
    pytest.param(value, sex, id=f"{value}-{sex}")
    for value, (_, shown) in SHOWN_TO.items()
    for sex in sorted(shown)
]


def person(sex):
    return {"age": 40, "sex": sex}


@pytest.mark.parametrize(("value", "sex", "shown"), OPTION_CASES)
def test_an_option_is_offered_only_to_the_sexes_it_is_for(value, sex, shown):
    qid, _ = SHOWN_TO[value]
    question = session_at(answers(**person(sex)), qid).current_question
    assert (value in question.option_values) is shown
    assert "none" in question.option_values  # the question itself is still asked


@pytest.mark.parametrize(("value", "sex"), HIDDEN_CASES)
def test_an_option_not_offered_is_refused_headless_naming_question_and_option(value, sex):
    qid, _ = SHOWN_TO[value]
    given = {**answers(**person(sex)), qid: [value]}
    with pytest.raises(AnswersError) as caught:
        check_answers(flow(), given)
    assert caught.value.question_id == qid
    message = str(caught.value)
    assert qid in message and value in message
    assert "not offered on this path" in message


@pytest.mark.parametrize(("value", "sex"), HIDDEN_CASES)
def test_an_option_not_offered_is_refused_alongside_offered_ones(value, sex):
    qid, _ = SHOWN_TO[value]
    offered = {"other_hair_loss": "eyebrows", "systemic_symptoms": "fatigue"}
    offered["medications"] = "antidepressants"
    given = {**answers(**person(sex)), qid: [offered[qid], value]}
    with pytest.raises(AnswersError) as caught:
        check_answers(flow(), given)
    assert caught.value.question_id == qid
    assert value in str(caught.value)


@pytest.mark.parametrize(("value", "sex"), SHOWN_CASES)
def test_an_option_offered_is_accepted_headless(value, sex):
    qid, _ = SHOWN_TO[value]
    checked = check_answers(flow(), answers(**person(sex), **{qid: [value]}))
    assert list(checked[qid]) == [value]


@pytest.mark.parametrize(("value", "sex"), HIDDEN_CASES)
def test_an_option_not_offered_cannot_be_chosen_in_a_session(value, sex):
    qid, _ = SHOWN_TO[value]
    session = session_at(answers(**person(sex)), qid)
    with pytest.raises(AnswerError):
        session.answer([value])
    assert session.current_question.id == qid
    assert qid not in session.answers


def typed_replies(qid, value):
    """(language, reply): what a person might type for ``value``, and its own words."""
    the_flow = flow()
    question = the_flow.question(qid)
    own = [(lang, the_flow.option_text(question, value, lang)) for lang in the_flow.languages]
    return [("en", TYPED[value]), *own]


@pytest.mark.parametrize("value", sorted(SHOWN_TO))
def test_an_option_not_offered_cannot_be_typed(value):
    """Typed by a sex it is not shown to, an option's words are not understood (asked
    again with the options shown); typed by one it is shown to, they are. Checked
    hidden, shown, hidden again: the same in whatever order people come."""
    qid, shown_to = SHOWN_TO[value]
    hidden_to = ({"female", "male"} - shown_to).pop()
    the_flow = flow()

    def offered(sex):
        return session_at(answers(**person(sex)), qid).current_question

    def read(sex, language, reply):
        try:
            return interpret(the_flow, offered(sex), reply, language)
        except ReplyNotUnderstood:
            return "not understood"
        except AnswerError:  # read as the option, then refused: not what the person sees
            return "read as a hidden option and refused"

    for language, reply in typed_replies(qid, value):
        assert read(hidden_to, language, reply) == "not understood", f"{hidden_to}: {reply!r}"
        for sex in sorted(shown_to):
            said = read(sex, language, reply)
            assert said == (value,), f"{sex}, after a {hidden_to} person, typed {reply!r}"
        assert read(hidden_to, language, reply) == "not understood", f"{hidden_to}: {reply!r}"


def test_a_man_is_not_offered_periods_a_woman_is_not_offered_a_beard():
    # The v2 complaint, as one person and then the other meets it.
    man = session_at(answers(sex="male"), "systemic_symptoms").current_question
    woman = session_at(answers(sex="female"), "other_hair_loss").current_question
    assert "heavy_periods" not in man.option_values
    assert "beard" not in woman.option_values
    both = session_at(answers(sex="other"), "other_hair_loss")
    assert "beard" in both.current_question.option_values


def test_changing_sex_to_male_drops_heavy_periods_and_asks_systemic_symptoms_again():
    given = answers(age=30, sex="female", systemic_symptoms=["heavy_periods", "fatigue"])
    _, session = walk(given)
    assert session.at_review
    session.go_to("sex")
    session.answer("male")
    assert "systemic_symptoms" not in session.answers
    for qid in PREGNANCY_QUESTIONS:
        assert qid not in session.answers
    # Everything before it still stands: it is the first question to answer again.
    session.resume()
    question = session.current_question
    assert question.id == "systemic_symptoms"
    assert "heavy_periods" not in question.option_values
    session.answer(["fatigue"])
    session.resume()
    assert session.at_review
    assert dict(session.answers)["systemic_symptoms"] == ("fatigue",)


def test_changing_sex_to_male_drops_the_pill_too_asked_in_path_order():
    given = answers(
        age=30,
        sex="female",
        systemic_symptoms=["irregular_periods"],
        medications=["hormonal_contraception_change"],
    )
    _, session = walk(given)
    session.go_to("sex")
    session.answer("male")
    assert "systemic_symptoms" not in session.answers
    assert "medications" not in session.answers
    session.resume()
    assert session.current_question.id == "systemic_symptoms"
    session.answer(["none"])
    session.resume()
    assert session.current_question.id == "medications"
    assert "hormonal_contraception_change" not in session.current_question.option_values


def test_changing_sex_to_female_drops_beard_and_asks_other_hair_loss_again():
    given = answers(age=40, sex="male", other_hair_loss=["beard"])
    _, session = walk(given)
    session.go_to("sex")
    session.answer("female")
    assert "other_hair_loss" not in session.answers
    session.resume()
    assert session.current_question.id == "other_hair_loss"
    assert "beard" not in session.current_question.option_values


def test_changing_sex_between_female_and_other_keeps_the_answers():
    given = answers(age=30, sex="female", systemic_symptoms=["deeper_voice"])
    _, session = walk(given)
    session.go_to("sex")
    session.answer("other")
    assert session.answers["systemic_symptoms"] == ("deeper_voice",)
    session.resume()
    assert session.at_review


# --- check_answers: errors name the question ------------------------------------------


def raises_for(given):
    with pytest.raises(AnswersError) as caught:
        check_answers(flow(), given)
    error = caught.value
    assert error.question_id in str(error)  # the message names the question
    return error


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
            {"age": 15, "sex": "female", "medications": ["retinoids"]},
            "pregnant",
            id="pregnant-teen-on-retinoid",
        ),
        pytest.param(
            {"age": 30, "sex": "female", "pregnant": "no"}, "gave_birth_recently", id="birth"
        ),
        pytest.param(
            {"age": 30, "sex": "other", "pregnant": "not_sure", "gave_birth_recently": "yes"},
            "breastfeeding",
            id="breastfeeding",
        ),
        pytest.param(
            {"age": 30, "sex": "female", "pregnant": "no"},
            "planning_pregnancy",
            id="planning_pregnancy",
        ),
        pytest.param({"age": 60, "sex": "female"}, "menopause", id="menopause"),
        pytest.param({"patches": "yes"}, "onset", id="onset"),
        pytest.param({"shedding_amount": "heavy"}, "duration", id="duration"),
        pytest.param(
            {"medications": ["retinoids"], "patches": "yes"},
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
        pytest.param(
            {"age": 11, "sex": "other", "medications": ["retinoids"]},
            {"pregnant": "no"},
            id="pregnant-11-retinoids",
        ),
        pytest.param({"age": 17, "sex": "female"}, {"pregnant": "no"}, id="pregnant-17"),
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
            {"age": 16, "sex": "female", "medications": ["retinoids"], "pregnant": "no"},
            {"gave_birth_recently": "no"},
            id="birth-teen",
        ),
        pytest.param(
            {"age": 30, "sex": "female", "pregnant": "not_sure"},
            {"planning_pregnancy": "no"},
            id="planning-when-maybe-pregnant",
        ),
        pytest.param(
            {"age": 12, "sex": "female", "medications": ["retinoids"], "pregnant": "no"},
            {"planning_pregnancy": "no"},
            id="planning-12",
        ),
        pytest.param({"age": 34, "sex": "female"}, {"menopause": "no"}, id="menopause-34"),
        pytest.param({"age": 60, "sex": "male"}, {"menopause": "post"}, id="menopause-male"),
        pytest.param(
            {"age": 40, "sex": "female", "pregnant": "yes"},
            {"menopause": "no"},
            id="menopause-when-pregnant",
        ),
        pytest.param({}, {"onset": "sudden"}, id="onset-no-hair-loss"),
        pytest.param({}, {"duration": "under_3_months"}, id="duration-no-hair-loss"),
        pytest.param(
            {"medications": ["none"], "patches": "yes"},
            {"medication_started_recently": "yes"},
            id="started-recently-no-medicine",
        ),
        pytest.param(
            {"medications": ["other"]},
            {"medication_started_recently": "yes"},
            id="started-recently-no-hair-loss",
        ),
    ],
)
def test_answer_to_a_question_the_path_does_not_ask(overrides, extra):
    given = {**answers(**overrides), **extra}
    (qid,) = extra
    error = raises_for(given)
    assert error.question_id == qid
    assert "not asked on this path" in str(error)


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
        ("other_hair_loss", ["beard", "none"]),
        ("other_hair_loss", ["toes"]),
        ("other_hair_loss", []),
        ("scalp_symptoms", ["itch", "none"]),
        ("scalp_symptoms", ["open_sore", "none"]),
        ("scalp_symptoms", ["lump_swelling", "none"]),
        ("hair_care", ["pulling", "none"]),
        ("systemic_symptoms", ["fatigue", "none"]),
        ("systemic_symptoms", ["rash_or_sores", "none"]),
        ("medications", ["aspirin"]),
        ("medications", ["none", "other"]),
        ("bleeding_disorder", "not_sure"),
        ("health_conditions", ["none", "diabetes"]),
        ("allergies", "sometimes"),
        ("stress_or_illness", ["crash_diet", "none"]),
        ("family_history", "perhaps"),
        ("hair_transplant", "yes"),
        ("prior_treatments", ["minoxidil", "none"]),
    ],
)
def test_value_not_allowed(qid, value):
    given = {**calm(), qid: value}
    assert raises_for(given).question_id == qid


@pytest.mark.parametrize(
    ("overrides", "qid", "value"),
    [
        ({"age": 30, "sex": "female"}, "pregnant", "perhaps"),
        ({"age": 30, "sex": "female", "pregnant": "no"}, "gave_birth_recently", "not_sure"),
        ({"age": 30, "sex": "female", "pregnant": "no"}, "breastfeeding", "sometimes"),
        ({"age": 30, "sex": "female", "pregnant": "no"}, "planning_pregnancy", "not_sure"),
        ({"age": 60, "sex": "female"}, "menopause", "yes"),
        ({"patches": "yes"}, "onset", "slow"),
        ({"patches": "yes"}, "duration", "forever"),
        ({"medications": ["other"], "patches": "yes"}, "medication_started_recently", "not_sure"),
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


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_error_is_in_the_language_asked_for(language):
    given = {**answers(sex="male"), "systemic_symptoms": ["heavy_periods"]}
    with pytest.raises(AnswersError) as caught:
        check_answers(flow(), given, language)
    message = str(caught.value)
    assert "systemic_symptoms" in message and "heavy_periods" in message
    expected = {"en": "not offered on this path", "es": "no se ofrece en este recorrido"}
    assert expected[language] in message
