"""Typed replies in English and Spanish, one table: what each one is read as.

Each row is (question id, language, reply, expected): the option value (a choice or
yes/no question), the tuple of values (a multi question), the number, or ASKED_AGAIN
(not understood: the person is asked again with the options listed). A question id
"qid@sex" is the question as a person of that sex sees it (options hidden by show_if
left out: no beard for a woman, no periods for a man). Hedged or unsure replies
("creo que no", "I think so", "about 42") are always asked again, unless they are
exactly an option's words ("maybe" is *I'm not sure* where that is offered). On a
yes/no or single-choice question any word beside the option's words that is not
filler or a firm form of the same sense is asked again too ("no q yo sepa", "no, I'd
imagine", "no?"): never guessed; see intake_bot/engine/hedges.py. In a multi reply every
part must name an offered option ("eyebrows and beard" for a woman is asked again),
with nothing beside its words but filler ("I take Eliquis"; "itchy bleeding scalp" is
asked again).
Rows marked "flow v3" need the blood-thinner synonyms the flow's version 3 adds to
`medications`' `anticoagulants` option.
"""

from __future__ import annotations

import pytest

from intake_bot.engine.path import offered_question
from intake_bot.engine.replies import ReplyNotUnderstood, interpret
from intake_bot.flow import Flow, load_default_flow

ASKED_AGAIN = "ASKED_AGAIN"
ANTICOAGULANTS = ("anticoagulants",)

TABLE: list[tuple[str, str, str, object]] = [
    # --- English ---------------------------------------------------------------
    # yes/no questions: firm answers
    ("patches", "en", "yes", "yes"),
    ("patches", "en", "yep", "yes"),
    ("patches", "en", "no", "no"),
    ("patches", "en", "nope", "no"),
    ("patches", "en", "never", "no"),
    ("patches", "en", "no, not really", "no"),
    ("patches", "en", "no I don't", "no"),
    ("patches", "en", "yes, I do", "yes"),
    ("patches", "en", "yes please", "yes"),
    ("patches", "en", "no, I'm not", "no"),
    ("patches", "en", "no, I do not", "no"),  # ("I do" inside a firm no gives way)
    ("patches", "en", "yes, I don't", ASKED_AGAIN),
    ("allergies", "en", "yes I do", "yes"),
    ("allergies", "en", "no", "no"),
    ("allergies", "en", "no, I haven't", "no"),
    ("allergies", "en", "yes I have, thanks", "yes"),
    ("allergies", "en", "no, never", "no"),
    ("family_history", "en", "yes", "yes"),
    # yes/no questions: hedged or unsure, asked again
    ("patches", "en", "I think so", ASKED_AGAIN),
    ("patches", "en", "probably not", ASKED_AGAIN),
    ("patches", "en", "not sure", ASKED_AGAIN),
    ("patches", "en", "maybe", ASKED_AGAIN),  # no "not sure" option on a yes/no question
    ("patches", "en", "yes, probably", ASKED_AGAIN),
    ("family_history", "en", "I don't think so", ASKED_AGAIN),
    ("family_history", "en", "not that I know of", ASKED_AGAIN),
    ("family_history", "en", "not as far as I know", ASKED_AGAIN),
    ("family_history", "en", "I guess so", ASKED_AGAIN),
    ("family_history", "en", "kind of", ASKED_AGAIN),
    ("allergies", "en", "hopefully not", ASKED_AGAIN),
    ("allergies", "en", "possibly", ASKED_AGAIN),
    ("allergies", "en", "I suppose", ASKED_AGAIN),
    ("allergies", "en", "sort of", ASKED_AGAIN),
    ("allergies", "en", "no doubt", ASKED_AGAIN),
    ("allergies", "en", "no, not that I remember", ASKED_AGAIN),
    ("allergies", "en", "no, not to my knowledge", ASKED_AGAIN),
    ("allergies", "en", "no, I don't think", ASKED_AGAIN),
    ("allergies", "en", "nope, should be fine", ASKED_AGAIN),
    ("allergies", "en", "yes, hopelessly", ASKED_AGAIN),  # "hopelessly" is left over
    ("patches", "en", "no, not anymore", ASKED_AGAIN),
    ("patches", "en", "no, it is", ASKED_AGAIN),
    ("shedding_amount", "en", "Much more than usual", "heavy"),
    ("shedding_amount", "en", "much more than usual, in clumps", "heavy"),
    ("shedding_amount", "en", "more than usual", "increased"),
    ("shedding_amount", "en", "the", ASKED_AGAIN),  # only a word of "the usual"
    ("hair_transplant", "en", "and", ASKED_AGAIN),  # only a word of "No, and none planned"
    ("hair_transplant", "en", "I'm thinking about it", "planned"),  # "think" is not a word
    ("sex", "en", "Other, or I prefer not to say", "other"),
    # pregnant: yes / no / not_sure, whose own words ("maybe", "might be") are kept
    ("pregnant", "en", "no", "no"),
    ("pregnant", "en", "yes", "yes"),
    ("pregnant", "en", "I'm not sure", "not_sure"),
    ("pregnant", "en", "not sure", "not_sure"),
    ("pregnant", "en", "maybe", "not_sure"),
    ("pregnant", "en", "might be", "not_sure"),
    ("pregnant", "en", "I might be", "not_sure"),
    ("pregnant", "en", "I don't know", "not_sure"),
    ("pregnant", "en", "I think not", ASKED_AGAIN),
    ("pregnant", "en", "I think so", ASKED_AGAIN),
    ("pregnant", "en", "I don't think so", ASKED_AGAIN),
    ("pregnant", "en", "hopefully not", ASKED_AGAIN),
    ("pregnant", "en", "hopefully", ASKED_AGAIN),
    ("pregnant", "en", "probably", ASKED_AGAIN),
    ("pregnant", "en", "probably not", ASKED_AGAIN),
    ("pregnant", "en", "not that I know of", ASKED_AGAIN),
    ("pregnant", "en", "could be", ASKED_AGAIN),
    ("pregnant", "en", "perhaps", ASKED_AGAIN),
    ("pregnant", "en", "I guess", ASKED_AGAIN),
    ("pregnant", "en", "I suppose", ASKED_AGAIN),
    ("pregnant", "en", "not really sure", ASKED_AGAIN),
    ("pregnant", "en", "I'd say no", ASKED_AGAIN),
    ("pregnant", "en", "sure", ASKED_AGAIN),  # not a piece of "not sure"
    # pregnant: words left beside "no" that are not filler (the red team's list): asked again
    ("pregnant", "en", "no as far as I can tell", ASKED_AGAIN),
    ("pregnant", "en", "no afaict", ASKED_AGAIN),
    ("pregnant", "en", "no, I'd imagine", ASKED_AGAIN),
    ("pregnant", "en", "no i imagine", ASKED_AGAIN),
    ("pregnant", "en", "no, I expect", ASKED_AGAIN),
    ("pregnant", "en", "should be no", ASKED_AGAIN),
    ("pregnant", "en", "no, should be fine", ASKED_AGAIN),
    ("pregnant", "en", "no i wouldnt say so", ASKED_AGAIN),
    ("pregnant", "en", "no as far as i can see", ASKED_AGAIN),
    ("pregnant", "en", "nope, touch wood", ASKED_AGAIN),
    ("pregnant", "en", "no, last time I checked", ASKED_AGAIN),
    ("pregnant", "en", "no, to the best of my knowledge", ASKED_AGAIN),
    ("pregnant", "en", "no?", ASKED_AGAIN),  # a question mark: unsure
    ("pregnant", "en", "yes?", ASKED_AGAIN),
    ("pregnant", "en", "no 🤞", ASKED_AGAIN),  # fingers crossed: words folding would drop
    ("pregnant", "en", "no, for now", ASKED_AGAIN),
    ("pregnant", "en", "no, I am", ASKED_AGAIN),  # a firm yes beside a no
    ("pregnant", "en", "yes, I'm not", ASKED_AGAIN),
    # pregnant: firm forms, still read
    ("pregnant", "en", "No.", "no"),
    ("pregnant", "en", "no, I'm not", "no"),
    ("pregnant", "en", "no, I am not", "no"),
    ("pregnant", "en", "no I'm not pregnant", "no"),
    ("pregnant", "en", "not pregnant", "no"),
    ("pregnant", "en", "no thanks", "no"),
    ("pregnant", "en", "nope!", "no"),
    ("pregnant", "en", "no, definitely not", "no"),
    ("pregnant", "en", "yes I am", "yes"),
    ("pregnant", "en", "I am pregnant", "yes"),
    ("pregnant", "en", "yes, I'm pregnant", "yes"),
    ("pregnant", "en", "yep", "yes"),
    ("pregnant", "en", "1", "yes"),
    ("pregnant", "en", "2", "no"),
    ("pregnant", "en", "I don't know, sorry", "not_sure"),
    # thinning_pattern's own "not sure" option
    ("thinning_pattern", "en", "not sure", "not_sure"),
    ("thinning_pattern", "en", "maybe", "not_sure"),
    ("thinning_pattern", "en", "thinner", ASKED_AGAIN),  # not "It does not look thinner"
    # numbers
    ("age", "en", "I'm 42", 42),
    ("age", "en", "42", 42),
    ("age", "en", "42 years old", 42),
    ("age", "en", "about 42", ASKED_AGAIN),
    ("age", "en", "42, I think", ASKED_AGAIN),
    ("age", "en", "almost 18", ASKED_AGAIN),
    ("age", "en", "42?", ASKED_AGAIN),
    ("age", "en", "~42", ASKED_AGAIN),
    ("age", "en", "18+", ASKED_AGAIN),
    ("age", "en", "should be 42", ASKED_AGAIN),
    # multi: several choices, negations, hedges (a hedged symptom is asked again)
    ("scalp_symptoms", "en", "itch and dandruff", ("itch", "dandruff_oily")),
    ("scalp_symptoms", "en", "none", ("none",)),
    ("scalp_symptoms", "en", "I think I have dandruff", ASKED_AGAIN),
    ("scalp_symptoms", "en", "itch, maybe dandruff", ASKED_AGAIN),
    ("scalp_symptoms", "en", "not itchy", ASKED_AGAIN),
    ("scalp_symptoms", "en", "I dont have itch", ASKED_AGAIN),
    ("scalp_symptoms", "en", "none that I know of", ASKED_AGAIN),
    # multi: every part must name an offered option; the options' own words are not cut
    ("scalp_symptoms", "en", "itchy and bleeding scalp", ASKED_AGAIN),
    ("scalp_symptoms", "en", "dandruff and bleeding", ASKED_AGAIN),
    ("scalp_symptoms", "en", "itchy and oozing", ASKED_AGAIN),
    ("scalp_symptoms", "en", "itchy, oozing", ASKED_AGAIN),
    ("scalp_symptoms", "en", "itch?", ASKED_AGAIN),
    ("scalp_symptoms", "en", "Dandruff or an oily scalp", ("dandruff_oily",)),
    ("scalp_symptoms", "en", "Pain, burning or soreness", ("pain_burning",)),
    ("scalp_symptoms", "en", "Pain, burning or soreness and itching", ("pain_burning", "itch")),
    ("scalp_symptoms", "en", "itch, thanks", ("itch",)),
    ("systemic_symptoms@male", "en", "tired and heavy periods", ASKED_AGAIN),
    ("systemic_symptoms@male", "en", "tired and dizzy", ASKED_AGAIN),
    ("systemic_symptoms@female", "en", "tired and heavy periods", ("fatigue", "heavy_periods")),
    (
        "systemic_symptoms@female",
        "en",
        "A new rash on the body, hands or feet, or sores in the mouth",
        ("rash_or_sores",),
    ),
    (
        "systemic_symptoms@female",
        "en",
        "Losing or gaining weight without trying",
        ("weight_change",),
    ),
    (
        "systemic_symptoms@female",
        "en",
        "tired and periods come and go",
        ("fatigue", "irregular_periods"),
    ),
    ("other_hair_loss@female", "en", "eyebrows and beard", ASKED_AGAIN),
    ("other_hair_loss@female", "en", "eyebrows, beard", ASKED_AGAIN),
    ("other_hair_loss@male", "en", "eyebrows and beard", ("eyebrows", "beard")),
    ("other_hair_loss@female", "en", "1, 3", ("eyebrows", "body")),  # 3: the third offered
    # medications: blood thinners by name
    ("medications", "en", "warfarin", ANTICOAGULANTS),
    ("medications", "en", "apixaban", ANTICOAGULANTS),
    ("medications", "en", "rivaroxaban", ANTICOAGULANTS),
    ("medications", "en", "daily aspirin", ANTICOAGULANTS),
    ("medications", "en", "I take clopidogrel", ANTICOAGULANTS),
    ("medications", "en", "I'm on blood thinners", ANTICOAGULANTS),
    ("medications", "en", "I take Eliquis", ANTICOAGULANTS),  # flow v3
    ("medications", "en", "xarelto", ANTICOAGULANTS),  # flow v3
    ("medications", "en", "Pradaxa", ANTICOAGULANTS),  # flow v3
    ("medications", "en", "dabigatran", ANTICOAGULANTS),  # flow v3
    ("medications", "en", "edoxaban", ANTICOAGULANTS),  # flow v3
    ("medications", "en", "ticagrelor", ANTICOAGULANTS),  # flow v3
    ("medications", "en", "chemo and warfarin", ("anticoagulants", "chemotherapy")),
    ("medications", "en", "warfarin, probably aspirin", ASKED_AGAIN),
    ("medications", "en", "eliquis and metformin", ASKED_AGAIN),  # not anticoagulants alone
    ("medications", "en", "thyroid and insulin", ASKED_AGAIN),
    ("medications", "en", "eliquis and another regular medicine", ("anticoagulants", "other")),
    ("medications", "en", "chemo and other", ("chemotherapy", "other")),
    ("medications", "en", "not warfarin", ASKED_AGAIN),
    ("medications", "en", "nothing", ("none",)),
    # multi: a word beside an option's words in one part, not filler, is never dropped
    ("scalp_symptoms", "en", "itchy bleeding scalp", ASKED_AGAIN),
    ("scalp_symptoms", "en", "dandruff oozing", ASKED_AGAIN),
    ("scalp_symptoms", "en", "itchy scalp", ("itch",)),  # (among itch's words)
    ("scalp_symptoms", "en", "itchy back", ASKED_AGAIN),  # ("back" is no option's word)
    ("systemic_symptoms", "en", "tired dizzy", ASKED_AGAIN),
    ("medications", "en", "eliquis metformin", ASKED_AGAIN),
    ("health_conditions", "en", "I had cancer", ASKED_AGAIN),  # not "being treated now"
    ("other_hair_loss@male", "en", "beard loss", ("beard",)),
    ("scalp_symptoms", "en", "I have itch", ("itch",)),
    ("scalp_symptoms", "en", "a bit of dandruff", ("dandruff_oily",)),
    ("scalp_symptoms", "en", "some itching", ("itch",)),
    ("scalp_symptoms", "en", "itch and dandruff too", ("itch", "dandruff_oily")),
    ("scalp_symptoms", "en", "oily scalp", ("dandruff_oily",)),
    ("other_hair_loss", "en", "my eyebrows", ("eyebrows",)),
    ("medications", "en", "I'm taking warfarin", ANTICOAGULANTS),
    # --- Spanish ---------------------------------------------------------------
    # yes/no questions: firm answers
    ("patches", "es", "sí", "yes"),
    ("patches", "es", "Sí", "yes"),
    ("patches", "es", "no", "no"),
    ("patches", "es", "nunca", "no"),
    ("patches", "es", "para nada", "no"),
    ("patches", "es", "sí, en el recreo", ASKED_AGAIN),  # "recreo" is left over
    ("age", "es", "42 (en el recreo)", 42),  # "creo" only as a word of its own
    ("patches", "es", "no, gracias", "no"),
    ("patches", "es", "pues no", "no"),
    ("patches", "es", "no, no tengo", "no"),
    ("patches", "es", "sí, tengo", "yes"),
    ("patches", "es", "no, tengo", ASKED_AGAIN),  # "no, I have"
    ("patches", "es", "si", "yes"),
    ("family_history", "es", "claro", "yes"),
    ("allergies", "es", "no", "no"),
    # yes/no questions: hedged or unsure, asked again
    ("patches", "es", "creo que sí", ASKED_AGAIN),
    ("patches", "es", "creo que no", ASKED_AGAIN),
    ("patches", "es", "no creo", ASKED_AGAIN),
    ("family_history", "es", "que yo sepa no", ASKED_AGAIN),
    ("family_history", "es", "no que yo sepa", ASKED_AGAIN),
    ("family_history", "es", "supongo que sí", ASKED_AGAIN),
    ("family_history", "es", "a lo mejor", ASKED_AGAIN),
    ("family_history", "es", "quizás", ASKED_AGAIN),
    ("allergies", "es", "espero que no", ASKED_AGAIN),
    ("allergies", "es", "diría que no", ASKED_AGAIN),
    ("allergies", "es", "me parece que sí", ASKED_AGAIN),
    ("allergies", "es", "no lo sé", ASKED_AGAIN),
    ("allergies", "es", "hasta donde yo sé, no", ASKED_AGAIN),
    ("allergies", "es", "no, nunca", "no"),
    ("allergies", "es", "no, que recuerde", ASKED_AGAIN),
    ("allergies", "es", "no, de momento", ASKED_AGAIN),
    # pregnant: the replies of issue 20, and not_sure's own words
    ("pregnant", "es", "no", "no"),
    ("pregnant", "es", "sí", "yes"),
    ("pregnant", "es", "no lo estoy", "no"),
    ("pregnant", "es", "estoy embarazada", "yes"),  # not a piece of "no estoy embarazada"
    ("pregnant", "es", "estoy", ASKED_AGAIN),  # a piece of "lo estoy" and "no lo estoy"
    ("pregnant", "es", "no lo sé", "not_sure"),
    ("pregnant", "es", "no sé", "not_sure"),
    ("pregnant", "es", "quizás", "not_sure"),
    ("pregnant", "es", "quizá", "not_sure"),
    ("pregnant", "es", "tal vez", "not_sure"),
    ("pregnant", "es", "a lo mejor", "not_sure"),
    ("pregnant", "es", "puede ser", "not_sure"),
    ("pregnant", "es", "espero que no", ASKED_AGAIN),
    ("pregnant", "es", "creo que no", ASKED_AGAIN),
    ("pregnant", "es", "no que yo sepa", ASKED_AGAIN),
    ("pregnant", "es", "que yo sepa no", ASKED_AGAIN),
    ("pregnant", "es", "seguramente no", ASKED_AGAIN),
    ("pregnant", "es", "seguramente", ASKED_AGAIN),
    ("pregnant", "es", "no creo", ASKED_AGAIN),
    ("pregnant", "es", "creo que sí", ASKED_AGAIN),
    ("pregnant", "es", "Creo que SÍ", ASKED_AGAIN),
    ("pregnant", "es", "igual sí", ASKED_AGAIN),
    ("pregnant", "es", "igual no", ASKED_AGAIN),
    ("pregnant", "es", "espero que sí", ASKED_AGAIN),
    ("pregnant", "es", "supongo", ASKED_AGAIN),
    ("pregnant", "es", "supongo que no", ASKED_AGAIN),
    ("pregnant", "es", "puede", ASKED_AGAIN),  # only a piece of "puede ser"
    ("pregnant", "es", "puede que sí", ASKED_AGAIN),
    ("pregnant", "es", "probablemente", ASKED_AGAIN),
    ("pregnant", "es", "creo", ASKED_AGAIN),
    ("pregnant", "es", "me parece que sí", ASKED_AGAIN),
    ("pregnant", "es", "diría que no", ASKED_AGAIN),
    ("pregnant", "es", "ojalá que no", ASKED_AGAIN),
    # pregnant: words left beside "no" that are not filler (the red team's list): asked again
    ("pregnant", "es", "no q yo sepa", ASKED_AGAIN),
    ("pregnant", "es", "no, que sepa", ASKED_AGAIN),
    ("pregnant", "es", "que sepa no", ASKED_AGAIN),
    ("pregnant", "es", "no k yo sepa", ASKED_AGAIN),
    ("pregnant", "es", "no, por lo que yo sé", ASKED_AGAIN),
    ("pregnant", "es", "me da que no", ASKED_AGAIN),
    ("pregnant", "es", "tengo entendido que no", ASKED_AGAIN),
    ("pregnant", "es", "en teoría no", ASKED_AGAIN),
    ("pregnant", "es", "teóricamente no", ASKED_AGAIN),
    ("pregnant", "es", "no debería", ASKED_AGAIN),
    ("pregnant", "es", "no, digo yo", ASKED_AGAIN),
    ("pregnant", "es", "lo mismo no", ASKED_AGAIN),
    ("pregnant", "es", "no, ya veremos", ASKED_AGAIN),
    ("pregnant", "es", "no, salvo que", ASKED_AGAIN),
    ("pregnant", "es", "no?", ASKED_AGAIN),
    ("pregnant", "es", "¿sí?", ASKED_AGAIN),
    ("pregnant", "es", "no, lo estoy", ASKED_AGAIN),  # "No, I am": not "no lo estoy"
    ("pregnant", "es", "no, creo", ASKED_AGAIN),
    # pregnant: firm forms, still read
    ("pregnant", "es", "No", "no"),
    ("pregnant", "es", "si", "yes"),
    ("pregnant", "es", "no, no lo estoy", "no"),
    ("pregnant", "es", "no, no estoy embarazada", "no"),
    ("pregnant", "es", "sí, lo estoy", "yes"),
    ("pregnant", "es", "sí, estoy embarazada", "yes"),
    ("pregnant", "es", "embarazada", "yes"),
    ("pregnant", "es", "no, gracias", "no"),
    ("pregnant", "es", "yo no", "no"),
    ("pregnant", "es", "para nada", ASKED_AGAIN),  # not one of pregnant's own words
    # thinning_pattern's own "no lo sé" option
    ("thinning_pattern", "es", "no lo sé", "not_sure"),
    ("thinning_pattern", "es", "no estoy segura", "not_sure"),
    ("thinning_pattern", "es", "estoy segura", ASKED_AGAIN),  # not "no estoy segura"
    ("thinning_pattern", "es", "lo noto más escaso", ASKED_AGAIN),  # not "No lo noto..."
    # numbers
    ("age", "es", "42 años", 42),
    ("age", "es", "tengo 42 años", 42),
    ("age", "es", "unos 42", ASKED_AGAIN),
    ("age", "es", "casi 18", ASKED_AGAIN),
    ("age", "es", "creo que 42", ASKED_AGAIN),
    ("age", "es", "42 más o menos", ASKED_AGAIN),
    # multi
    ("scalp_symptoms", "es", "picor y caspa", ("itch", "dandruff_oily")),
    ("scalp_symptoms", "es", "ninguno", ("none",)),
    ("scalp_symptoms", "es", "creo que caspa", ASKED_AGAIN),
    ("scalp_symptoms", "es", "ninguno que yo sepa", ASKED_AGAIN),
    ("scalp_symptoms", "es", "sin picor", ASKED_AGAIN),
    ("scalp_symptoms", "es", "picor y a lo mejor caspa", ASKED_AGAIN),
    ("scalp_symptoms", "es", "picor y sangrado", ASKED_AGAIN),
    ("scalp_symptoms", "es", "Caspa o cuero cabelludo graso", ("dandruff_oily",)),
    ("scalp_symptoms", "es", "Dolor, ardor o escozor y picor", ("pain_burning", "itch")),
    ("scalp_symptoms", "es", "picor y un bulto blando e hinchado", ("itch", "lump_swelling")),
    ("scalp_symptoms", "es", "picor, gracias", ("itch",)),
    ("systemic_symptoms@male", "es", "cansancio y reglas abundantes", ASKED_AGAIN),
    (
        "systemic_symptoms@female",
        "es",
        "cansancio y reglas abundantes",
        ("fatigue", "heavy_periods"),
    ),
    ("systemic_symptoms@male", "es", "cansancio y mareos", ASKED_AGAIN),
    ("other_hair_loss@female", "es", "cejas y barba", ASKED_AGAIN),
    ("other_hair_loss@male", "es", "cejas y barba", ("eyebrows", "beard")),
    # medications: blood thinners by name
    ("medications", "es", "tomo Sintrom", ANTICOAGULANTS),
    ("medications", "es", "acenocumarol", ANTICOAGULANTS),
    ("medications", "es", "heparina", ANTICOAGULANTS),
    ("medications", "es", "Adiro", ANTICOAGULANTS),
    ("medications", "es", "aspirina", ANTICOAGULANTS),
    ("medications", "es", "Xarelto", ANTICOAGULANTS),  # flow v3
    ("medications", "es", "tomo Eliquis", ANTICOAGULANTS),  # flow v3
    ("medications", "es", "Lixiana", ANTICOAGULANTS),  # flow v3
    ("medications", "es", "edoxabán", ANTICOAGULANTS),  # flow v3
    ("medications", "es", "Brilique", ANTICOAGULANTS),  # flow v3
    ("medications", "es", "quimio y Sintrom", ("anticoagulants", "chemotherapy")),
    ("medications", "es", "creo que Sintrom", ASKED_AGAIN),
    ("medications", "es", "Sintrom y metformina", ASKED_AGAIN),
    ("medications", "es", "tiroides e insulina", ASKED_AGAIN),
    ("medications@male", "es", "Sintrom y la píldora", ASKED_AGAIN),
    ("age", "es", "tengo 19", 19),
    ("age", "es", "¿42?", ASKED_AGAIN),
    ("age", "es", "42 y pico", ASKED_AGAIN),
    ("medications", "es", "no tomo nada", ("none",)),
    # multi: a word beside an option's words in one part, not filler, is never dropped
    ("scalp_symptoms", "es", "picor sangrado", ASKED_AGAIN),
    ("scalp_symptoms", "es", "picor en el cuero cabelludo", ("itch",)),
    ("scalp_symptoms", "es", "picor en la espalda", ASKED_AGAIN),
    ("medications", "es", "Sintrom metformina", ASKED_AGAIN),
    ("systemic_symptoms", "es", "cansancio mareos", ASKED_AGAIN),
    ("scalp_symptoms", "es", "tengo picor", ("itch",)),
    ("scalp_symptoms", "es", "un poco de caspa", ("dandruff_oily",)),
    ("scalp_symptoms", "es", "picor y también caspa", ("itch", "dandruff_oily")),
    ("medications", "es", "estoy tomando Sintrom", ANTICOAGULANTS),
    ("systemic_symptoms", "es", "me siento cansada", ("fatigue",)),
]


@pytest.fixture(scope="module")
def shipped_flow() -> Flow:
    return load_default_flow()


def _row_id(row: tuple[str, str, str, object]) -> str:
    qid, language, reply, _ = row
    return f"{qid}-{language}-{reply}"


@pytest.mark.parametrize(("qid", "language", "reply", "expected"), TABLE, ids=map(_row_id, TABLE))
def test_typed_reply_is_read_as_the_table_says(shipped_flow, qid, language, reply, expected):
    qid, _, sex = qid.partition("@")
    whole = shipped_flow.question(qid)
    question = offered_question(shipped_flow, whole, {"sex": sex}) if sex else whole
    if expected != ASKED_AGAIN:
        assert interpret(shipped_flow, question, reply, language) == expected
        return
    with pytest.raises(ReplyNotUnderstood) as error:
        interpret(shipped_flow, question, reply, language)
    message = error.value.message
    if question.type == "number":
        assert f"{question.min:g}" in message and f"{question.max:g}" in message
    else:  # asked again with every option offered listed, "I'm not sure" among them
        for value in whole.option_values:
            listed = shipped_flow.option_text(question, value, language) in message
            assert listed == (value in question.option_values), value


def test_the_table_covers_both_languages_and_the_questions_of_issue_20():
    for language in ("en", "es"):
        rows = [row for row in TABLE if row[1] == language]
        assert len(rows) >= 60
        asked = {qid.partition("@")[0] for qid, _, _, _ in rows}
        assert {"patches", "family_history", "allergies", "pregnant", "age"} <= asked
        assert {"scalp_symptoms", "medications"} <= asked
    assert len({(qid, language, reply) for qid, language, reply, _ in TABLE}) == len(TABLE)
