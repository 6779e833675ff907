"""The hair-loss flow, version 2: what a person reads is true, names what they said,
and suggests mesotherapy only in the mesotherapy outcome (triage spec, "What the
person reads")."""

from __future__ import annotations

import random
import re

import pytest

from intake_bot.flow.templates import conditions_on, looked_for, placeholders
from intake_bot.path import check_answers
from intake_bot.triage import triage
from intake_bot.verify import answer_pools, random_answers
from tests.hair_loss_paths import CONDITIONAL_DEFAULTS, calm, flow, run

LANGUAGES = ["en", "es"]
MESOTHERAPY_WORD = {"en": "mesotherap", "es": "mesoterap"}


def random_results(language: str, count: int = 3000, seed: int = 7):
    """Triage results of ``count`` random valid paths: half with answers that take every
    branch (mostly specialist results), half a calm person with 1-3 answers changed (so
    mesotherapy and routine results come up too)."""
    the_flow = flow()
    rng = random.Random(seed)
    pools = answer_pools(the_flow)
    calm_ = {**CONDITIONAL_DEFAULTS, **calm()}
    for i in range(count):
        if i % 2:
            answers = random_answers(the_flow, rng, pools)
        else:
            changed = dict(calm_)
            for qid in rng.sample(sorted(pools), rng.randint(1, 3)):
                changed[qid] = rng.choice(pools[qid])
            answers = random_answers(the_flow, rng, pools, keep=changed)
        checked = check_answers(
            the_flow,
            {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
            language,
        )
        yield checked, triage(the_flow, checked, language)


# --- the review's defects, each a test ---------------------------------------------------


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
    assert [c.id for c in result.contraindications] == ["breastfeeding"]
    said = {"en": "you are breastfeeding", "es": "estás dando el pecho"}[language]
    assert said in result.rules[0].reason


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_specialist_result_offers_mesotherapy_and_no_reason_suggests_it(language):
    word = MESOTHERAPY_WORD[language]
    severe_seen = 0
    for _, result in random_results(language):
        for rule in result.rules:
            if rule.id != "mesotherapy_not_suitable":
                assert word not in rule.reason.lower(), (rule.id, rule.reason)
        if result.outcome in ("specialist", "specialist_urgent"):
            severe_seen += 1
            shown = " ".join([result.title, result.text, result.next_steps or ""]).lower()
            assert word not in shown, (result.outcome, shown)
    assert severe_seen > 1000


@pytest.mark.parametrize("language", LANGUAGES)
def test_mesotherapy_not_suitable_says_a_doctor_checks_first_never_just_now(language):
    result = run(language=language, hair_transplant="planned", health_conditions=["diabetes"])
    reason = result.rules[0].reason
    assert result.rules[0].id == "mesotherapy_not_suitable"
    expected = {
        "en": "A doctor must first check if mesotherapy is safe for you. This is because you have diabetes.",
        "es": "Un médico tiene que ver antes si la mesoterapia es segura para ti. Es porque tienes diabetes.",
    }[language]
    assert reason.startswith(expected)
    for text in [reason, result.text, result.title]:
        lowered = text.lower()
        for phrase in ("just now", "por ahora", "option", "opción", "may suit", "podría irte"):
            assert phrase not in lowered


@pytest.mark.parametrize(
    ("pregnant", "en", "es"),
    [
        ("yes", "you are pregnant", "estás embarazada"),
        ("not_sure", "you may be pregnant", "podrías estar embarazada"),
    ],
)
def test_the_pregnancy_contraindication_is_worded_per_answer(pregnant, en, es):
    for language, said in (("en", en), ("es", es)):
        result = run(
            language=language, age=30, sex="female", pregnant=pregnant, hair_transplant="planned"
        )
        reason = {r.id: r.reason for r in result.rules}["mesotherapy_not_suitable"]
        assert f"because {said}." in reason or f"Es porque {said}." in reason


def test_the_mesotherapy_outcome_promises_nothing():
    result = run(hair_transplant="planned")
    assert result.outcome == "mesotherapy"
    shown = f"{result.text} {result.next_steps}".lower()
    assert "can help your hair" not in shown
    assert "not a cure" in shown and "other options" in shown


@pytest.mark.parametrize(
    ("ticked", "language", "reason"),
    [
        (["pain_burning"], "en", "You mentioned pain or burning on your scalp."),
        (
            ["pain_burning", "itch", "pustules"],
            "en",
            "You mentioned pain or burning and pus-filled spots on your scalp.",
        ),
        (["pain_burning"], "es", "Has mencionado dolor o ardor en la cabeza."),
        (
            ["pustules", "pain_burning", "dandruff_oily"],
            "es",
            "Has mencionado dolor o ardor y granitos con pus en la cabeza.",
        ),
        (["shiny_smooth_skin"], "en", "You mentioned shiny, smooth skin on your scalp."),
    ],
)
def test_a_reason_names_only_what_the_person_reported(ticked, language, reason):
    result = run(language=language, scalp_symptoms=ticked)
    scarring = {r.id: r.reason for r in result.rules}["scarring_signs"]
    assert scarring.startswith(reason)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_templated_reason_names_exactly_the_chosen_options_it_looks_for(language):
    """On random paths: each option a templated reason can name appears in it if and
    only if the person chose it."""
    the_flow = flow()
    checked_rules = 0
    for answers, result in random_results(language, count=1500):
        for matched in result.rules:
            rule = next(r for r in the_flow.rules if r.id == matched.id)
            for name in placeholders(rule.reason[language]):
                if not the_flow.has_question(name):
                    continue
                question = the_flow.question(name)
                chosen = (
                    answers[name] if isinstance(answers[name], list | tuple) else [answers[name]]
                )
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


def test_spanish_reasons_use_the_register_of_spain_and_lay_words():
    text = flow_text("es")
    assert not re.search(r"\bmencionaste\b", text)
    assert "THS" not in text
    assert "¿Desde cuándo" not in text


def flow_text(language: str) -> str:
    """Every text of the flow in ``language``, one per line."""
    from intake_bot.readability import _texts

    return "\n".join(text[language] for _, text, _, _ in _texts(flow()) if language in text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_consent_says_what_is_true_at_its_front_door(language):
    the_flow = flow()
    kiosk, self_, staff = (
        the_flow.consent_for(door, language) for door in ("kiosk", "self", "staff")
    )
    assert len({kiosk, self_, staff}) == 3
    words = {
        "en": {
            "kiosk": ["ticket code", "front desk", "walk away", "nothing is sent"],
            "self": ["Nothing you answer is saved or sent"],
            "staff": ["staff"],
        },
        "es": {
            "kiosk": ["código", "recepción", "te vas", "no se envía nada"],
            "self": ["nada de lo que respondas se guarda ni se envía"],
            "staff": ["equipo de la clínica"],
        },
    }[language]
    for door, text in (("kiosk", kiosk), ("self", self_), ("staff", staff)):
        for word in words[door]:
            assert word.lower() in text.lower(), (door, word)
    assert "only the clinic team will see" not in self_.lower()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_outcome_comes_up_and_no_text_shown_has_a_gap_or_a_brace(language):
    outcomes = set()
    for _, result in random_results(language):
        outcomes.add(result.outcome)
        texts = [result.title, result.text, result.next_steps or "", result.disclaimer]
        texts += [rule.reason for rule in result.rules] + [c.text for c in result.contraindications]
        for text in texts:
            assert "{" not in text and "}" not in text, text
            assert "  " not in text and " ." not in text and " ," not in text, text
            assert ", ," not in text and "because ." not in text, text
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
    from intake_bot.catalog import join_words

    conjunction = "or" if joined.endswith("otro") else "and"
    assert join_words(items, language, conjunction) == joined


# --- the v2 rules at their boundaries ----------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "fires"),
    [
        ({"hair_care": ["tight_styles"], "shedding_amount": "increased"}, True),
        ({"hair_care": ["pulling", "hair_breaks"], "patches": "yes"}, True),
        (
            {
                "hair_care": ["chemical_treatments"],
                "thinning_pattern": "hairline",
                "onset": "gradual",
            },
            True,
        ),
        ({"hair_care": ["tight_styles"]}, False),  # no hair loss present
        ({"hair_care": ["chemical_treatments"], "thinning_pattern": "not_sure"}, False),
        ({"hair_care": ["none"], "shedding_amount": "heavy"}, False),
    ],
)
def test_hair_care_related_needs_a_hair_care_answer_and_hair_loss(overrides, fires):
    result = run(**overrides)
    assert ("hair_care_related" in result.rule_ids) is fires
    if fires:
        assert result.outcome in ("specialist", "specialist_urgent")


def test_hair_care_reason_names_the_reported_habits():
    result = run(hair_care=["pulling", "tight_styles"], shedding_amount="increased")
    reason = {r.id: r.reason for r in result.rules}["hair_care_related"]
    assert reason.startswith(
        "You mentioned tight hairstyles and often pulling or twisting your hair."
    )
    assert "relaxers" not in reason


@pytest.mark.parametrize("symptom", ["irregular_periods", "acne_or_excess_hair"])
def test_the_new_systemic_symptoms_send_to_a_doctor(symptom):
    result = run(age=28, sex="female", systemic_symptoms=[symptom])
    assert result.rule_ids == ["systemic_symptoms"]
    said = flow().reason_text(flow().question("systemic_symptoms"), symptom, "en")
    assert said in result.rules[0].reason


def test_stopping_the_pill_counts_as_a_medicine_change():
    result = run(
        age=30,
        sex="female",
        medications=["hormonal_contraception_change"],
        medication_started_recently="yes",
    )
    assert result.rule_ids == ["medication_related"]
    question = flow().question("medication_started_recently").text["en"]
    assert "stopping" in question


def test_daily_aspirin_and_clopidogrel_are_blood_thinners():
    the_flow = flow()
    option = next(
        o for o in the_flow.question("medications").options if o.value == "anticoagulants"
    )
    assert "aspirin" in option.text["en"] and "clopidogrel" in option.text["en"]
    from intake_bot.replies import interpret

    for typed in ("aspirin", "clopidogrel", "a daily aspirin"):
        answer = interpret(the_flow, the_flow.question("medications"), typed, "en")
        assert list(answer) == ["anticoagulants"]


@pytest.mark.parametrize(("planning", "contraindicated"), [("yes", True), ("no", False)])
def test_planning_a_pregnancy_is_a_contraindication(planning, contraindicated):
    result = run(
        age=30, sex="female", pregnant="no", planning_pregnancy=planning, hair_transplant="planned"
    )
    assert ("mesotherapy_not_suitable" in result.rule_ids) is contraindicated
    assert result.outcome == ("specialist" if contraindicated else "mesotherapy")


def test_patches_asks_about_round_or_oval_patches():
    assert "round or oval" in flow().question("patches").text["en"]
