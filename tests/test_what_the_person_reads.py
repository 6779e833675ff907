"""The hair-loss flow, version 3: what a person reads is true where it is read, names
what they said and nothing more, suggests mesotherapy only in the mesotherapy outcome,
names no diagnosis, and reads the same way in Spanish (triage spec, "What the person
reads", binding).

Many checks run over random valid paths (every outcome comes up) read at each front
door, so that they hold for what any person could be shown, not only for a few
hand-picked answers.
"""

from __future__ import annotations

import functools
import random
import re

import pytest

from intake_bot.authoring.readability import _texts
from intake_bot.authoring.verify import answer_pools, random_answers
from intake_bot.catalog import join_words
from intake_bot.engine.path import check_answers
from intake_bot.engine.replies import interpret
from intake_bot.engine.session import Session
from intake_bot.engine.triage import Clinic, triage
from intake_bot.flow.templates import conditions_on, looked_for, placeholders
from tests.hair_loss_paths import CONDITIONAL_DEFAULTS, answers, calm, flow, run

LANGUAGES = ["en", "es"]
FRONT_DOORS = ["kiosk", "self", "staff"]
MESOTHERAPY_WORD = {"en": "mesotherap", "es": "mesoterap"}
PHONE = "+34 912 345 678"


@functools.cache
def random_results(
    language: str,
    front_door: str = "self",
    with_phone: bool = False,
    count: int = 3000,
    seed: int = 7,
) -> tuple:
    """(checked answers, result) of ``count`` random valid paths read at ``front_door``: half
    with answers that take every branch (mostly specialist results), half a calm person
    with 1-3 answers changed (so mesotherapy and routine results come up too)."""
    the_flow = flow()
    rng = random.Random(seed)
    pools = answer_pools(the_flow)
    calm_ = {
        qid: tuple(value) if isinstance(value, list) else value
        for qid, value in {**CONDITIONAL_DEFAULTS, **calm()}.items()
    }
    clinic = Clinic(phone=PHONE) if with_phone else None
    found = []
    for i in range(count):
        if i % 2:
            drawn = random_answers(the_flow, rng, pools)
        else:
            changed = dict(calm_)
            for qid in rng.sample(sorted(pools), rng.randint(1, 3)):
                changed[qid] = rng.choice(pools[qid])
            drawn = random_answers(the_flow, rng, pools, keep=changed)
        checked = check_answers(
            the_flow,
            {k: list(v) if isinstance(v, tuple) else v for k, v in drawn.items()},
            language,
        )
        result = triage(the_flow, checked, language, front_door=front_door, clinic=clinic)
        found.append((checked, result))
    return tuple(found)


def hair_loss_present(given) -> bool:
    """The spec's "hair loss present"."""
    return (
        given["shedding_amount"] in ("increased", "heavy")
        or given["thinning_pattern"] in ("diffuse", "hairline", "crown", "part_widening")
        or given["patches"] == "yes"
    )


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def reason_of(result, rule_id: str) -> str:
    return {r.id: r.reason for r in result.rules}[rule_id]


def shown(result) -> str:
    """What the person reads of a result, lower case: title, text, next steps."""
    return " ".join([result.title, result.text, result.next_steps or ""]).lower()


# A mesotherapy rule matches (transplant planned, hair loss present) and nothing else.
MESOTHERAPY_PATH = {"hair_transplant": "planned", "shedding_amount": "increased"}
WOMAN = {"age": 30, "sex": "female", "pregnant": "no"}


# --- mesotherapy only in the mesotherapy outcome ----------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_mother_breastfeeding_a_toddler_is_not_told_mesotherapy_may_suit_her(language):
    result = run(
        language=language,
        age=32,
        sex="female",
        pregnant="no",
        gave_birth_recently="no",  # the baby is 15 months old
        breastfeeding="yes",
        thinning_pattern="diffuse",
        onset="gradual",
    )
    assert result.outcome == "specialist"
    assert result.rule_ids == ["mesotherapy_not_suitable", "pattern_thinning"]
    said = {"en": "you are breastfeeding", "es": "dando el pecho"}[language]
    assert said in reason_of(result, "mesotherapy_not_suitable")
    assert MESOTHERAPY_WORD[language] not in shown(result)


@pytest.mark.parametrize("front_door", FRONT_DOORS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_only_the_mesotherapy_outcome_mentions_mesotherapy(language, front_door):
    word = MESOTHERAPY_WORD[language]
    counted = {"other": 0, "mesotherapy": 0}
    for _, result in random_results(language, front_door):
        for rule in result.rules:
            if rule.id != "mesotherapy_not_suitable":
                assert word not in rule.reason.lower(), (rule.id, rule.reason)
        if result.outcome == "mesotherapy":
            counted["mesotherapy"] += 1
            assert word in result.title.lower() + result.text.lower()
        else:
            counted["other"] += 1
            assert word not in shown(result), (result.outcome, shown(result))
    assert counted["other"] > 1000 and counted["mesotherapy"] > 50


# --- no nudge toward a treatment, no diagnosis, no group the person may not belong to ---

NUDGES = {
    "en": re.compile(
        r"extra care|caring for|\b(?:may|might|could|would|can) suit|recommend|worth trying"
        r"|minoxidil|finasteride|\bprp\b|platelet|laser|supplement|shampoo"
    ),
    "es": re.compile(
        r"cuidado extra|cuidados extra|podría irte bien|te puede ir bien|recomend|vale la pena"
        r"|minoxidil|finasterida|\bprp\b|plaquetas|láser|suplement|champú"
    ),
}
DIAGNOSES = {
    "en": re.compile(
        r"alopecia|areata|trichotillomania|ringworm|tinea|kerion|lupus|syphilis|pcos"
        r"|polycystic|tumou?r|skin cancer|telogen|effluvium|androgenetic|fibrosing"
        r"|common (?:kind|type|form|cause) of hair loss|hormone changes|hormonal changes"
        r"|nothing to worry|nothing serious|not serious|harmless"
    ),
    "es": re.compile(
        r"alopecia|areata|tricotiloman|tiña|querion|lupus|sífilis|ovario poliquístico"
        r"|tumor|cáncer de piel|efluvio|androgenétic|fibrosante|tipo común|cambios hormonales"
        r"|nada de qué preocuparte|no es grave|inofensiv"
    ),
}
GROUPS = {
    "en": re.compile(r"\b(?:women|men|woman|girls|boys|ladies)\b"),
    "es": re.compile(r"\b(?:las mujeres|los hombres|en mujeres|en hombres|una mujer|un hombre)\b"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_reason_nudges_toward_a_treatment(language):
    for _, result in random_results(language):
        for rule in result.rules:
            found = NUDGES[language].search(rule.reason.lower())
            assert found is None, (rule.id, found.group(0), rule.reason)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_reason_names_a_diagnosis_or_reassures_about_a_cause(language):
    for _, result in random_results(language):
        for rule in result.rules:
            found = DIAGNOSES[language].search(rule.reason.lower())
            assert found is None, (rule.id, found.group(0), rule.reason)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_reason_speaks_about_a_group_the_person_may_not_belong_to(language):
    for _, result in random_results(language):
        for rule in result.rules:
            found = GROUPS[language].search(rule.reason.lower())
            assert found is None, (rule.id, found.group(0), rule.reason)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_of_sex_other_is_not_told_about_women(language):
    result = run(
        language=language,
        age=40,
        sex="other",
        pregnant="no",
        thinning_pattern="hairline",
        onset="gradual",
        systemic_symptoms=["irregular_periods"],
    )
    assert "frontal_hairline_women" in result.rule_ids
    for rule in result.rules:
        assert not GROUPS[language].search(rule.reason.lower()), rule.reason
    assert "in women" not in result.to_text().lower()


# --- mesotherapy_not_suitable -----------------------------------------------------------

ABSOLUTE_CASES = [
    pytest.param({**WOMAN, "pregnant": "yes"}, id="pregnant"),
    pytest.param({**WOMAN, "pregnant": "not_sure"}, id="maybe-pregnant"),
    pytest.param({**WOMAN, "breastfeeding": "yes"}, id="breastfeeding"),
    pytest.param({**WOMAN, "planning_pregnancy": "yes"}, id="planning"),
    pytest.param({"medications": ["chemotherapy"]}, id="chemotherapy"),
    pytest.param({"health_conditions": ["cancer_current"]}, id="cancer"),
    pytest.param({"health_conditions": ["scalp_infection"]}, id="scalp-infection"),
    pytest.param({"scalp_symptoms": ["pustules"]}, id="pustules"),
    pytest.param({"scalp_symptoms": ["open_sore"]}, id="open-sore"),
]
RELATIVE_CASES = [
    pytest.param({"medications": ["anticoagulants"]}, id="blood-thinner"),
    pytest.param({"bleeding_disorder": "yes"}, id="bleeding"),
    pytest.param({"allergies": "yes"}, id="allergy"),
    pytest.param({"health_conditions": ["keloids"]}, id="keloids"),
    pytest.param({"health_conditions": ["diabetes"]}, id="diabetes"),
    pytest.param({"health_conditions": ["autoimmune"]}, id="autoimmune"),
    pytest.param({"health_conditions": ["heart_or_kidney"]}, id="heart-or-kidney"),
]


def says_what_mesotherapy_is(reason: str, language: str) -> bool:
    lowered = reason.lower()
    if language == "en":
        return "inject" in lowered and "scalp" in lowered
    return "inyecci" in lowered and ("cuero cabelludo" in lowered or "piel de la cabeza" in lowered)


@pytest.mark.parametrize("overrides", ABSOLUTE_CASES)
def test_an_absolute_contraindication_reads_not_done_while(overrides):
    result = run(**MESOTHERAPY_PATH, **overrides)
    reason = reason_of(result, "mesotherapy_not_suitable")
    (found,) = result.contraindications
    (sentence,) = [s for s in sentences(reason) if found.text in s]
    assert "not done while" in sentence.lower()
    assert "a doctor must first check" not in reason.lower()
    assert says_what_mesotherapy_is(reason, "en")


@pytest.mark.parametrize("overrides", RELATIVE_CASES)
def test_a_relative_contraindication_reads_a_doctor_must_first_check(overrides):
    result = run(**MESOTHERAPY_PATH, **overrides)
    reason = reason_of(result, "mesotherapy_not_suitable")
    (found,) = result.contraindications
    assert "a doctor must first check" in reason.lower()
    assert "safe for you" in reason.lower()
    assert found.text in reason[reason.lower().index("because") :]
    assert "not done while" not in reason.lower()
    assert says_what_mesotherapy_is(reason, "en")


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({**WOMAN, "pregnant": "yes"}, "you are pregnant"),
        ({**WOMAN, "pregnant": "not_sure"}, "you may be pregnant"),
        ({**WOMAN, "planning_pregnancy": "yes"}, "you are trying for a baby"),
        ({**WOMAN, "planning_pregnancy": "yes"}, "12 months"),
    ],
)
def test_the_pregnancy_contraindications_are_worded_per_answer(overrides, said):
    reason = reason_of(run(**MESOTHERAPY_PATH, **overrides), "mesotherapy_not_suitable")
    assert said in reason
    if overrides.get("pregnant") == "yes":
        assert "may be pregnant" not in reason


def test_in_spanish_pregnancy_yes_and_not_sure_read_differently():
    sure = run("es", **MESOTHERAPY_PATH, **{**WOMAN, "pregnant": "yes"})
    maybe = run("es", **MESOTHERAPY_PATH, **{**WOMAN, "pregnant": "not_sure"})
    sure_reason = reason_of(sure, "mesotherapy_not_suitable")
    maybe_reason = reason_of(maybe, "mesotherapy_not_suitable")
    assert "embarazada" in sure_reason and "embarazada" in maybe_reason
    assert sure_reason != maybe_reason


@pytest.mark.parametrize("language", LANGUAGES)
def test_mesotherapy_not_suitable_reads_well_on_every_path(language):
    """Whatever was found: the sentence of each kind found, what mesotherapy is, never
    'just now' (the conditions found may last)."""
    seen = 0
    for _, result in random_results(language):
        if "mesotherapy_not_suitable" not in result.rule_ids:
            continue
        seen += 1
        reason = reason_of(result, "mesotherapy_not_suitable")
        lowered = reason.lower()
        kinds = {c.kind for c in result.contraindications}
        assert says_what_mesotherapy_is(reason, language), reason
        for contra in result.contraindications:
            assert contra.text in reason, (contra.id, reason)
        if language == "en":
            assert ("not done while" in lowered) is ("absolute" in kinds), reason
            assert ("a doctor must first check" in lowered) is ("relative" in kinds), reason
        for phrase in ("just now", "right now", "for now", "por ahora", "de momento"):
            assert phrase not in lowered, reason
    assert seen > 200


# --- the mesotherapy outcome -------------------------------------------------------------


def mesotherapy_result(language="en", front_door="self"):
    result = run(language, front_door, **MESOTHERAPY_PATH)
    assert result.outcome == "mesotherapy"
    return result


@pytest.mark.parametrize("front_door", FRONT_DOORS)
def test_the_mesotherapy_outcome_names_its_risks_and_course(front_door):
    read = shown(mesotherapy_result("en", front_door))
    for words in ("hurt", "bruise", "rarely", "infection", "hair loss"):
        assert words in read, words
    assert "8 to 12" in read
    assert "one a month" in read


@pytest.mark.parametrize("front_door", FRONT_DOORS)
def test_the_mesotherapy_outcome_names_its_risks_and_course_in_spanish(front_door):
    read = shown(mesotherapy_result("es", front_door))
    assert "infecci" in read
    assert re.search(r"\b8\b", read) and re.search(r"\b12\b", read)
    assert "mes" in read


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("front_door", FRONT_DOORS)
def test_the_mesotherapy_outcome_promises_nothing(language, front_door):
    read = shown(mesotherapy_result(language, front_door))
    if language == "en":
        assert "can help your hair" not in read
        assert "cure" not in read.replace("not a cure", "")
        assert not re.search(
            r"guarantee|regrow|will (?:help|grow|stop|work)|(?:certainly|completely|totally) safe",
            read,
        )
    else:
        assert "cura" not in re.sub(r"no (?:es )?una cura|no cura", "", read)
        assert not re.search(r"garantiz|seguro que|ciertamente|segur[oa] del todo", read)


# --- consents: true where they are read --------------------------------------------------


def consent(door, language="en"):
    return flow().consent_for(door, language).lower()


def test_the_kiosk_consent_says_what_the_kiosk_does():
    text = consent("kiosk")
    about_name = [s for s in sentences(text) if "name" in s]
    assert about_name
    for sentence in about_name:
        assert re.search(r"\b(?:not|no|never|won't|don't)\b", sentence), sentence
    for words in ("ticket", "front desk", "walk away", "nothing is sent"):
        assert words in text, words
    assert "unless you choose" not in text


def test_the_home_consent_says_nothing_is_saved_unless_the_person_chooses():
    text = consent("self")
    about_saving = [s for s in sentences(text) if "saved" in s]
    assert any("nothing" in s and "unless you choose" in s for s in about_saving), text
    assert "ticket" not in text and "front desk" not in text
    assert "only the clinic team will see" not in text


def test_the_staff_consent_says_the_record_is_kept_with_a_reference():
    text = consent("staff")
    assert "staff" in text
    assert re.search(r"\bke(?:eps?|pt)\b", text)  # for the clinic's retention period
    assert "reference" in text


def test_the_home_consent_when_every_summary_is_saved_says_so():
    the_flow = flow()
    assert "self_save" in the_flow.consent, "the flow has no consent for home when saving"
    text = consent("self_save")
    assert "saved" in text
    assert "nothing you answer is saved" not in text
    assert "unless you choose" not in text
    es = consent("self_save", "es")
    assert "guarda" in es and "nada de lo que respondas se guarda" not in es


def test_the_spanish_consents_say_the_same_things():
    kiosk, self_, staff = (consent(door, "es") for door in FRONT_DOORS)
    assert "nombre" in kiosk and "código" in kiosk and "recepción" in kiosk
    assert "no se envía nada" in kiosk
    assert "nada" in self_ and "se guarda" in self_ and "recepción" not in self_
    assert "equipo de la clínica" in staff and "referencia" in staff
    for text in (kiosk, self_, staff):
        if "todas las preguntas" in text:
            assert "responde a todas las preguntas" in text, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_front_door_has_its_own_consent(language):
    texts = {door: flow().consent_for(door, language) for door in FRONT_DOORS}
    assert len(set(texts.values())) == 3


# --- questions that read right -----------------------------------------------------------


def test_patches_asks_about_round_or_oval_patches_or_broken_off_hairs():
    question = flow().question("patches")
    text = " ".join(filter(None, [question.text["en"], (question.hint or {}).get("en")]))
    assert "round or oval" in text.lower()
    assert "broken off" in text.lower() or "broken-off" in text.lower()


def test_an_open_sore_is_asked_among_what_the_person_sees_on_the_scalp():
    the_flow = flow()
    question = the_flow.question("scalp_symptoms")
    assert "open_sore" in question.option_values
    words = the_flow.option_text(question, "open_sore", "en").lower()
    assert "sore" in words or "wound" in words


def test_medication_started_recently_asks_about_starting_stopping_or_changing():
    text = flow().question("medication_started_recently").text["en"].lower()
    assert "start" in text and "stop" in text and "chang" in text


def test_strong_acne_pills_are_named_in_plain_words():
    the_flow = flow()
    words = the_flow.option_text(the_flow.question("medications"), "retinoids", "en").lower()
    assert "isotretinoin" in words and "acne" in words


def test_daily_aspirin_and_clopidogrel_are_blood_thinners():
    the_flow = flow()
    medications = the_flow.question("medications")
    words = the_flow.option_text(medications, "anticoagulants", "en").lower()
    assert "aspirin" in words and "clopidogrel" in words
    for typed in ("aspirin", "clopidogrel", "a daily aspirin"):
        assert list(interpret(the_flow, medications, typed, "en")) == ["anticoagulants"]


def test_the_disclaimer_says_a_first_check_not_a_screening_aid():
    disclaimer = flow().disclaimer["en"].lower()
    assert "screening aid" not in disclaimer
    assert "diagnosis" in disclaimer


# --- reasons name what the person reported -----------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reason_names_only_what_the_person_reported(language):
    the_flow = flow()
    scalp = the_flow.question("scalp_symptoms")
    result = run(
        language=language,
        scalp_symptoms=["pain_burning", "itch", "pustules"],
        shedding_amount="increased",
    )
    reason = reason_of(result, "scarring_signs")
    for value in ("pain_burning", "pustules"):
        assert the_flow.reason_text(scalp, value, language) in reason
    for value in ("lump_swelling", "shiny_smooth_skin", "open_sore", "redness_scaling"):
        assert the_flow.reason_text(scalp, value, language) not in reason


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_hair_care_reason_names_the_reported_habits(language):
    the_flow = flow()
    care = the_flow.question("hair_care")
    result = run(
        language=language, hair_care=["pulling", "tight_styles"], shedding_amount="increased"
    )
    reason = reason_of(result, "hair_care_related")
    for value in ("pulling", "tight_styles"):
        assert the_flow.reason_text(care, value, language) in reason
    for value in ("chemical_treatments", "hair_breaks"):
        assert the_flow.reason_text(care, value, language) not in reason


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_templated_reason_names_exactly_the_chosen_options_it_looks_for(language):
    """On random paths: each option a templated reason can name appears in it if and
    only if the person chose it."""
    the_flow = flow()
    checked_rules = 0
    for given, result in random_results(language)[:1500]:
        for matched in result.rules:
            rule = the_flow.rule(matched.id)
            for name in placeholders(rule.reason[language]):
                if not the_flow.has_question(name):
                    continue
                question = the_flow.question(name)
                chosen = given[name] if isinstance(given[name], list | tuple) else [given[name]]
                tests = list(conditions_on(rule.when, name, the_flow.conditions))
                for value in question.option_values:
                    if not any(looked_for(t, value) for t in tests):
                        continue
                    said = the_flow.reason_text(question, value, language)
                    assert (said in matched.reason) == (value in chosen), (
                        rule.id,
                        value,
                        matched.reason,
                    )
                checked_rules += 1
    assert checked_rules > 500


# --- what is shown once, and only where it is true --------------------------------------


@pytest.mark.parametrize("front_door", FRONT_DOORS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_sentence_is_shown_twice_in_one_result(language, front_door):
    for _, result in random_results(language, front_door):
        read = [s.lower() for r in result.shown_rules for s in sentences(r.reason)]
        read += [s.lower() for s in sentences(result.text)]
        read += [s.lower() for s in sentences(result.next_steps or "")]
        repeated = {s for s in read if read.count(s) > 1}
        assert not repeated, (result.rule_ids, repeated)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_covered_reason_is_not_shown(language):
    seen = 0
    for _, result in random_results(language):
        text = result.to_text()
        for rule in result.rules:
            if rule.covered_by is not None:
                seen += 1
                assert f"- {rule.reason}" not in text, (rule.id, rule.covered_by)
    assert seen > 100


SETTLES = {"en": "settle", "es": "se pasa|se resuelve|mejora sola|desaparece sola|se arregla"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_usually_settles_is_shown_only_on_a_routine_result(language):
    seen = 0
    for _, result in random_results(language):
        if "recent_trigger_shedding" not in result.rule_ids:
            continue
        seen += 1
        mentions = [r for r in result.shown_rules if r.id == "recent_trigger_shedding"]
        if result.outcome == "routine":
            assert mentions
        else:
            assert not mentions, (result.outcome, result.rule_ids)
            assert not re.search(SETTLES[language], result.to_text().lower())
    assert seen > 20


# Paths with no hair loss that reach each outcome (several rules fire without it).
NO_HAIR_LOSS_PATHS = {
    "specialist_urgent": {"scalp_symptoms": ["lump_swelling"]},
    "specialist": {"systemic_symptoms": ["fatigue"]},
    "routine": {},
}
YOUR_HAIR_LOSS = {"en": re.compile(r"\byour hair loss\b"), "es": re.compile(r"\btu caída\b")}


@pytest.mark.parametrize("front_door", FRONT_DOORS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("outcome", sorted(NO_HAIR_LOSS_PATHS))
def test_outcome_texts_are_true_with_no_hair_loss(outcome, language, front_door):
    result = run(language=language, front_door=front_door, **NO_HAIR_LOSS_PATHS[outcome])
    assert result.outcome == outcome
    assert not YOUR_HAIR_LOSS[language].search(shown(result)), shown(result)


@pytest.mark.parametrize("language", LANGUAGES)
def test_outcome_texts_are_true_on_every_path_with_no_hair_loss(language):
    seen = set()
    for given, result in random_results(language):
        if hair_loss_present(given):
            continue
        seen.add(result.outcome)
        assert not YOUR_HAIR_LOSS[language].search(shown(result)), (result.outcome, shown(result))
    assert {"specialist_urgent", "specialist", "routine"} <= seen


# --- next steps: true at each front door -----------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_at_the_kiosk_point_to_the_ticket_at_the_front_desk(language):
    for _, result in random_results(language, "kiosk")[:600]:
        steps = result.next_steps.lower()
        if language == "en":
            assert "ticket" in steps and "front desk" in steps, steps
        else:
            assert "recepción" in steps, steps


@pytest.mark.parametrize("with_phone", [False, True])
@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_at_home_say_to_call_the_clinic_never_the_front_desk(language, with_phone):
    outcomes = set()
    for _, result in random_results(language, "self", with_phone)[:600]:
        outcomes.add(result.outcome)
        steps = result.next_steps.lower()
        assert ("front desk" if language == "en" else "recepción") not in steps, steps
        assert "ticket" not in steps
        if with_phone:
            assert PHONE in result.next_steps, steps
        else:
            assert PHONE not in result.next_steps
            if language == "en":
                assert "call the clinic" in steps, steps
        if result.outcome == "specialist_urgent":
            if language == "en":
                assert "own doctor" in steps and "few days" in steps, steps
            else:
                assert "médic" in steps and "días" in steps, steps
    assert outcomes == {"specialist_urgent", "specialist", "mesotherapy", "routine"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_next_steps_with_staff_say_the_staff_member_arranges_it(language):
    for _, result in random_results(language, "staff")[:600]:
        steps = result.next_steps.lower()
        if language == "en":
            assert "staff" in steps, steps
            assert "front desk" not in steps and "call the clinic" not in steps, steps
        else:
            assert "equipo" in steps or "persona" in steps, steps


def test_the_clinic_phone_reaches_the_person_at_home_through_a_session():
    given = answers(patches="yes")
    session = Session(flow(), "en", front_door="self", clinic=Clinic(phone=PHONE))
    while session.current_question is not None:
        session.answer(given[session.current_question.id])
    result = session.finish()
    assert PHONE in result.next_steps
    assert PHONE in result.to_text()


# --- every outcome comes up, with no gap ------------------------------------------------

GAP = re.compile(r"[{}]|  | [.,;:]|, ,|because \.|porque \.")


@pytest.mark.parametrize("front_door", FRONT_DOORS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_outcome_comes_up_and_no_text_shown_has_a_gap_or_a_brace(language, front_door):
    outcomes = set()
    for _, result in random_results(language, front_door):
        outcomes.add(result.outcome)
        texts = [result.title, result.text, result.next_steps or "", result.disclaimer]
        texts += [rule.reason for rule in result.rules] + [c.text for c in result.contraindications]
        for text in texts:
            assert text.strip(), result.rule_ids
            assert not GAP.search(text), text
    assert outcomes == {"specialist_urgent", "specialist", "mesotherapy", "routine"}


@pytest.mark.parametrize(
    ("items", "language", "joined"),
    [
        (["a"], "en", "a"),
        (["a", "b", "c"], "en", "a, b and c"),
        (["dolor", "granitos"], "es", "dolor y granitos"),
        (["cansancio", "irregularidades"], "es", "cansancio e irregularidades"),
        (["pelo", "hielo"], "es", "pelo y hielo"),  # "hie" sounds like "ye"
        (["uno", "otro"], "es", "uno u otro"),
    ],
)
def test_lists_are_joined_as_each_language_says_them(items, language, joined):
    conjunction = "or" if joined.endswith("otro") else "and"
    assert join_words(items, language, conjunction) == joined


# --- Spanish: tú, Spain, the scalp, "puede" ---------------------------------------------


def flow_texts(language: str) -> list[str]:
    """Every text of the flow in ``language``."""
    return [text[language] for _, text, _, _ in _texts(flow()) if language in text]


def test_spanish_never_says_en_la_cabeza_and_says_cuero_cabelludo():
    texts = flow_texts("es")
    for text in texts:
        assert "en la cabeza" not in text.lower(), text
    the_flow = flow()
    assert "cuero cabelludo" in the_flow.question("scalp_symptoms").text["es"].lower()
    result = run("es", scalp_symptoms=["pain_burning", "pustules"], shedding_amount="heavy")
    assert "en la cabeza" not in result.to_text().lower()
    assert "cuero cabelludo" in reason_of(result, "scarring_signs").lower() or (
        "piel de la cabeza" in reason_of(result, "scarring_signs").lower()
    )


def test_spanish_reasons_use_tu_and_the_register_of_spain():
    the_flow = flow()
    reasons = [rule.reason["es"] for rule in the_flow.rules]
    assert any("has mencionado" in r.lower() for r in reasons)
    for text in flow_texts("es"):
        lowered = text.lower()
        assert not re.search(r"\b(?:usted|ustedes|mencionaste|mencionó|dijiste)\b", lowered), text
        assert "THS" not in text


def test_a_spanish_sentence_says_puede_where_the_english_says_can():
    """Rule reasons and outcome texts: sentence by sentence when both languages have as
    many sentences, else the whole text."""
    the_flow = flow()
    pairs = [rule.reason for rule in the_flow.rules]
    pairs += [outcome.text for outcome in the_flow.outcomes]
    checked = 0
    for text in pairs:
        en, es = sentences(text["en"]), sentences(text["es"])
        if len(en) != len(es):
            en, es = [text["en"]], [text["es"]]
        for english, spanish in zip(en, es, strict=True):
            if re.search(r"\b(?:can|cannot|can't)\b", english.lower()):
                checked += 1
                assert "pued" in spanish.lower(), (english, spanish)
    assert checked >= 3


def test_where_the_english_reason_says_you_mentioned_the_spanish_says_has_mencionado():
    checked = 0
    for rule in flow().rules:
        if "you mentioned" in rule.reason["en"].lower():
            checked += 1
            assert "has mencionado" in rule.reason["es"].lower(), (rule.id, rule.reason["es"])
    assert checked >= 5


@pytest.mark.parametrize(
    ("overrides", "rule_id"),
    [
        ({"scalp_symptoms": ["pain_burning"], "shedding_amount": "heavy"}, "scarring_signs"),
        ({"hair_care": ["pulling"]}, "hair_care_related"),
        ({"systemic_symptoms": ["fatigue"]}, "systemic_symptoms"),
    ],
)
def test_spanish_reasons_say_has_mencionado(overrides, rule_id):
    reason = reason_of(run("es", **overrides), rule_id)
    assert "has mencionado" in reason.lower(), reason
