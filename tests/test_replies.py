"""Typed chat replies understood as answers, in English and Spanish."""

from __future__ import annotations

import re

import pytest

from intake_bot.engine.answers import AnswerError
from intake_bot.engine.hedges import (
    APPROXIMATIONS,
    FILLER,
    FIRM_NO,
    FIRM_YES,
    HEDGES,
    MULTI_FILLER,
)
from intake_bot.engine.path import AnswersError, check_answers, offered_question
from intake_bot.engine.replies import ReplyNotUnderstood, fold, interpret
from intake_bot.flow import load_default_flow
from tests.hair_loss_paths import answers

UNDERSTOOD = [
    # numbers inside text
    ("age", "42", "en", 42),
    ("age", "I'm 42", "en", 42),
    ("age", "42 years", "en", 42),
    ("age", "42 years old.", "en", 42),
    ("age", "tengo 35 años", "es", 35),
    ("age", "  18 ", "es", 18),
    # option numbers
    ("sex", "1", "en", "female"),
    ("sex", "2", "es", "male"),
    ("duration", "2", "en", "3_to_12_months"),
    # option labels in either language, any case, with or without accents
    ("sex", "Female", "en", "female"),
    ("sex", "MUJER", "es", "female"),
    ("sex", "mujer", "en", "female"),  # a Spanish word while the screen is in English
    ("thinning_pattern", "crown", "en", "crown"),
    ("duration", "3 to 12 months", "en", "3_to_12_months"),
    ("duration", "más de un año", "es", "over_12_months"),
    ("duration", "mas de un ano", "es", "over_12_months"),
    # yes / no and their synonyms
    ("patches", "yes", "en", "yes"),
    ("patches", "Y", "en", "yes"),
    ("patches", "yeah", "en", "yes"),
    ("patches", "yep", "en", "yes"),
    ("patches", "yes I do", "en", "yes"),
    ("patches", "no", "en", "no"),
    ("patches", "nope", "en", "no"),
    ("patches", "nah", "en", "no"),
    ("patches", "no, not really", "en", "no"),
    ("patches", "si", "es", "yes"),
    ("patches", "Sí", "es", "yes"),
    ("patches", "SÍ", "es", "yes"),
    ("patches", "claro", "es", "yes"),
    ("patches", "para nada", "es", "no"),
    # longer words win over a shorter one inside them
    ("pregnant", "not sure", "en", "not_sure"),
    ("pregnant", "no sé", "es", "not_sure"),
    ("pregnant", "No", "es", "no"),
    ("shedding_amount", "more than usual", "en", "increased"),
    ("shedding_amount", "much more than usual", "en", "heavy"),
    ("shedding_amount", "algo más de lo normal", "es", "increased"),
    ("shedding_amount", "mucho más de lo normal", "es", "heavy"),
    # synonyms
    ("medications", "chemo", "en", ("chemotherapy",)),
    ("medications", "quimio", "es", ("chemotherapy",)),
    # several choices for a multi question
    ("scalp_symptoms", "itch and dandruff", "en", ("itch", "dandruff_oily")),
    ("scalp_symptoms", "1, 3", "en", ("pain_burning", "redness_scaling")),
    ("scalp_symptoms", "1 3", "en", ("pain_burning", "redness_scaling")),
    ("scalp_symptoms", "3,1", "en", ("pain_burning", "redness_scaling")),
    ("scalp_symptoms", "picor y caspa", "es", ("itch", "dandruff_oily")),
    ("scalp_symptoms", "none", "en", ("none",)),
    ("scalp_symptoms", "ninguno", "es", ("none",)),
    ("other_hair_loss", "eyebrows and eyelashes", "en", ("eyebrows", "eyelashes")),
    ("other_hair_loss", "cejas", "es", ("eyebrows",)),
]


@pytest.mark.parametrize(("qid", "reply", "language", "expected"), UNDERSTOOD)
def test_reply_is_understood(flow, qid, reply, language, expected):
    assert interpret(flow, flow.question(qid), reply, language) == expected


NOT_UNDERSTOOD = [
    ("age", "forty", "en", "1 to 120"),
    ("age", "", "en", "Please type your answer in the box first"),
    ("sex", "  ", "en", "or choose one from the list"),
    (
        "age",
        "I am really not sure how old I am but let me tell you a long story",
        "en",
        "didn't quite understand that. Please type a number from 1 to 120.",
    ),
    pytest.param(
        "age",
        "4" * 2001,
        "en",
        "didn't quite understand that. Please type a number from 1 to 120.",
        id="age-too-long",
    ),
    ("sex", "x" * 80, "en", "didn't quite understand that"),
    ("age", "40 or 45", "en", "more than one number"),
    ("age", "tengo 40 o 45", "es", "más de un número"),
    ("patches", "yes and no", "en", "could mean more than one answer"),
    ("patches", "sí y no", "es", "puede ser más de una respuesta"),
    ("patches", "purple", "en", "1 Yes; 2 No"),
    ("sex", "7", "en", "1 Female; 2 Male; 3 Other"),
    ("thinning_pattern", "[/]", "en", "didn't quite understand that"),
    ("scalp_symptoms", "itch, banana", "en", "didn't quite understand that"),
    ("scalp_symptoms", "plátano", "es", "no lo he entendido bien"),
]


@pytest.mark.parametrize(("qid", "reply", "language", "says"), NOT_UNDERSTOOD)
def test_unclear_reply_is_refused_kindly_and_lists_what_is_accepted(
    flow, qid, reply, language, says
):
    with pytest.raises(ReplyNotUnderstood) as error:
        interpret(flow, flow.question(qid), reply, language)
    assert says in error.value.message


@pytest.mark.parametrize(
    ("qid", "reply"),
    [
        pytest.param("age", "my secret " + "x" * 3000, id="age-too-long"),
        ("age", "forty-two and a half"),
        ("sex", "unicorn sparkles"),
        ("patches", "yes and no"),
        ("scalp_symptoms", "itch, banana split"),
    ],
)
def test_a_reply_not_understood_is_never_quoted_back(flow, qid, reply):
    with pytest.raises(ReplyNotUnderstood) as error:
        interpret(flow, flow.question(qid), reply, "en")
    message = error.value.message
    assert not any(word in message for word in ("secret", "forty", "unicorn", "banana", "yes and"))
    assert ": ." not in message  # (the age question listed an empty list of options)


@pytest.mark.parametrize(
    ("qid", "reply", "language", "says"),
    [
        ("age", "200", "en", "from 1 to 120"),
        ("age", "0", "es", "del 1 al 120"),
        ("age", "42.5", "en", "whole number"),
        ("scalp_symptoms", "none, itch", "en", "on its own"),
        ("scalp_symptoms", "ninguno y picor", "es", "no se puede combinar"),
    ],
)
def test_clear_reply_that_the_question_does_not_allow(flow, qid, reply, language, says):
    with pytest.raises(AnswerError) as error:
        interpret(flow, flow.question(qid), reply, language)
    assert says in error.value.message


def test_never_guesses_between_two_options(flow):
    question = flow.question("shedding_amount")
    with pytest.raises(ReplyNotUnderstood) as error:
        interpret(flow, question, "usual or a lot", "en")
    message = error.value.message
    assert "About the same as always" in message and "Much more than usual" in message


def test_markup_and_control_characters_are_refused_not_crashing(flow):
    for reply in ["[bold]", "[red]x", "[link=x]", "\x1b[31m", "\x00", "🙂" * 500, "髪" * 3000]:
        with pytest.raises(ReplyNotUnderstood):
            interpret(flow, flow.question("patches"), reply, "en")


def test_fold_lowercases_and_strips_accents_and_punctuation():
    assert fold("  ¡Sí, Señor!  ") == "si senor"
    assert fold("MÁS_de") == "mas de"


def test_text_question_keeps_the_reply_within_its_limit(dental):
    question = next(q for q in dental.questions if q.type == "text")
    assert interpret(dental, question, "  [red]x and [/] ", "en") == "[red]x and [/]"
    with pytest.raises(AnswerError) as error:
        interpret(dental, question, "x" * (question.max_length + 1), "en")
    assert str(question.max_length) in error.value.message


NEGATED_OR_UNSURE = [
    ("patches", "not sure", "en"),
    ("patches", "I'm not sure", "en"),
    ("allergies", "no lo sé", "es"),
    ("allergies", "no se", "es"),
    ("bleeding_disorder", "no idea", "en"),
    ("bleeding_disorder", "maybe", "en"),
    ("bleeding_disorder", "creo que no", "es"),
    ("pregnant", "espero que no", "es"),
    ("pregnant", "I think so", "en"),
    ("age", "about 42", "en"),
    ("age", "creo que 42", "es"),
    ("shedding_amount", "no more than usual", "en"),
    ("shedding_amount", "not more than usual", "en"),
    ("shedding_amount", "no más de lo normal", "es"),
    ("systemic_symptoms", "I'm not tired", "en"),
    ("stress_or_illness", "not stressed", "en"),
    ("stress_or_illness", "sin estrés", "es"),
    ("duration", "3 months", "en"),  # on the edge of two options: ask
    ("sex", "፩", "en"),  # a digit, but not one int() reads
    ("age", "፩", "en"),
]


@pytest.mark.parametrize(("qid", "reply", "language"), NEGATED_OR_UNSURE)
def test_negated_or_unsure_replies_are_asked_again_not_read_as_what_they_mention(
    flow, qid, reply, language
):
    with pytest.raises(ReplyNotUnderstood) as error:
        interpret(flow, flow.question(qid), reply, language)
    message = error.value.message
    assert "didn't quite understand that" in message or "no lo he entendido" in message


@pytest.mark.parametrize(
    ("qid", "reply", "expected"),
    [
        ("patches", "no, not really", "no"),
        ("patches", "nunca", "no"),
        ("pregnant", "not sure", "not_sure"),  # an option of its own here
        ("thinning_pattern", "does not look thinner", "none"),
        ("scalp_symptoms", "none of these", ("none",)),
        ("sex", "option 2", "male"),
        ("duration", "less than 3 months", "under_3_months"),
    ],
)
def test_negative_words_that_are_the_answer_itself_still_work(flow, qid, reply, expected):
    assert interpret(flow, flow.question(qid), reply, "en") == expected


# Hedges (issue 20): "creo que no", "espero que no", "I think so" were read as firm answers.
ALL_HEDGES = [(language, phrase) for language, phrases in HEDGES.items() for phrase in phrases]


@pytest.mark.parametrize(("language", "hedge"), ALL_HEDGES)
def test_every_hedge_is_asked_again_alone_and_around_a_firm_answer(flow, language, hedge):
    """On a yes/no question (no "not sure" option) and on a multi question, in any
    position; and before a number."""
    yes, no = ("sí", "no") if language == "es" else ("yes", "no")
    for qid, reply in [
        ("patches", hedge),
        ("patches", f"{hedge} {yes}"),
        ("allergies", f"{no}, {hedge}"),
        ("family_history", f"{yes} {hedge}"),
        ("scalp_symptoms", f"{hedge} dandruff"),
        ("scalp_symptoms", f"caspa y {hedge} picor"),
        ("age", f"{hedge} 42"),
    ]:
        with pytest.raises(ReplyNotUnderstood):
            interpret(flow, flow.question(qid), reply, language)


@pytest.mark.parametrize(
    ("language", "approximation"),
    [(language, phrase) for language, phrases in APPROXIMATIONS.items() for phrase in phrases],
)
def test_an_approximate_age_is_asked_again(flow, language, approximation):
    with pytest.raises(ReplyNotUnderstood) as error:
        interpret(flow, flow.question("age"), f"{approximation} 42", language)
    assert "120" in error.value.message


def _not_sure_names(flow, qid):
    option = next(o for o in flow.question(qid).options if o.value == "not_sure")
    names = [*option.text.values()] + [s for words in option.synonyms.values() for s in words]
    return [(qid, name) for name in names]


@pytest.mark.parametrize(
    ("qid", "name"),
    [
        pair
        for qid in ("pregnant", "thinning_pattern", "menopause")
        for pair in _not_sure_names(load_default_flow(), qid)
    ],
)
def test_a_hedge_that_is_an_option_of_its_own_is_that_option(flow, qid, name):
    """ "maybe", "quizás", "tal vez", "puede ser", "a lo mejor": the flow lists them as
    words for "I'm not sure", so they are that answer where it is offered."""
    for language in ("en", "es"):
        assert interpret(flow, flow.question(qid), name, language) == "not_sure"
        assert interpret(flow, flow.question(qid), name.upper(), language) == "not_sure"


@pytest.mark.parametrize(
    ("reply", "language", "not_sure"),
    [("creo que no", "es", "No lo sé"), ("I think not", "en", "I'm not sure")],
)
def test_a_hedge_is_asked_again_with_i_am_not_sure_among_the_options(
    flow, reply, language, not_sure
):
    with pytest.raises(ReplyNotUnderstood) as error:
        interpret(flow, flow.question("pregnant"), reply, language)
    assert re.search(rf"\b[0-9] {re.escape(not_sure)}(;|\.$)", error.value.message)


def test_no_firm_option_of_the_shipped_flow_has_a_hedge_among_its_words(flow):
    """A hedge among a firm option's synonyms ("I think so" for Yes) would read a
    hedged reply as firm again: only an "I'm not sure" option may hold one."""
    hedge = re.compile(r"\b(?:" + "|".join(re.escape(fold(h)) for _, h in ALL_HEDGES) + r")\b")
    for question in flow.questions:
        for option in question.options:
            if option.value == "not_sure":
                continue
            names = [*option.text.values()]
            names += [s for words in option.synonyms.values() for s in words]
            for name in names:
                assert not hedge.search(fold(name)), (question.id, option.value, name)
    assert flow.yes_no is not None
    for synonyms in (flow.yes_no.yes_synonyms, flow.yes_no.no_synonyms):
        for words in synonyms.values():
            assert not any(hedge.search(fold(word)) for word in words)


@pytest.mark.parametrize(
    ("qid", "reply", "language", "expected"),
    [
        ("age", "42 (en el recreo)", "es", 42),  # "creo" only as a word of its own
        ("age", "42, hopelessly", "en", 42),  # "hope" too
        ("hair_transplant", "I'm thinking about it", "en", "planned"),  # "think" too
        ("shedding_amount", "igual", "es", "normal"),  # "the same", not "igual sí"
        ("shedding_amount", "about the same as always", "en", "normal"),  # "about": numbers only
        ("patches", "nunca", "es", "no"),
        ("pregnant", "estoy embarazada", "es", "yes"),  # not "no estoy embarazada"
        ("hair_transplant", "tengo pensado", "es", "planned"),  # not "no lo tengo pensado"
        ("patches", "no", "es", "no"),
    ],
)
def test_hedges_are_whole_words_and_firm_words_stay_firm(flow, qid, reply, language, expected):
    assert interpret(flow, flow.question(qid), reply, language) == expected


@pytest.mark.parametrize(
    ("qid", "reply", "language"),
    [
        ("thinning_pattern", "thinner", "en"),  # not "It does not look thinner"
        ("pregnant", "sure", "en"),  # not "not sure"
        ("thinning_pattern", "know", "en"),  # not "dont know"
        ("thinning_pattern", "estoy segura", "es"),  # not "no estoy segura"
        ("medications", "medicines", "en"),  # not "no medicines"
        ("pregnant", "estoy", "es"),  # "lo estoy" or "no lo estoy"?
        ("thinning_pattern", "lo noto más escaso", "es"),  # not "No lo noto más escaso"
        ("patches", "really", "en"),  # not "not really"
    ],
)
def test_a_piece_of_an_options_words_that_drops_its_negation_is_asked_again(
    flow, qid, reply, language
):
    with pytest.raises(ReplyNotUnderstood):
        interpret(flow, flow.question(qid), reply, language)


# Never guessed (the red team's replies): on a yes/no or single-choice question, words
# left beside the option's words that are not filler (or a firm form of the same sense)
# ask again; no list of hedges can be complete.
LEFT_OVER = [
    ("es", "no q yo sepa"),
    ("es", "no, que sepa"),
    ("es", "que sepa no"),
    ("es", "no k yo sepa"),
    ("es", "no, por lo que yo sé"),
    ("es", "me da que no"),
    ("es", "tengo entendido que no"),
    ("es", "en teoría no"),
    ("es", "teóricamente no"),
    ("es", "no debería"),
    ("es", "no, digo yo"),
    ("es", "lo mismo no"),
    ("es", "no, ya veremos"),
    ("es", "no, salvo que"),
    ("es", "no, de momento"),
    ("es", "sí, en el recreo"),
    ("en", "no as far as I can tell"),
    ("en", "no afaict"),
    ("en", "no, I'd imagine"),
    ("en", "no i imagine"),
    ("en", "no, I expect"),
    ("en", "should be no"),
    ("en", "no, should be fine"),
    ("en", "no i wouldnt say so"),
    ("en", "no as far as i can see"),
    ("en", "nope, touch wood"),
    ("en", "no, last time I checked"),
    ("en", "no, to the best of my knowledge"),
    ("en", "no, for now"),
    ("en", "yes, hopelessly"),
    ("en", "yes, unthinkable"),
    ("en", "no?"),
    ("en", "yes?"),
    ("es", "¿no?"),
    ("es", "sí?"),
    ("en", "no 🤞"),
    ("en", "yes 🤔"),
    ("en", "no, I am"),
    ("en", "yes, I'm not"),
    ("es", "no, tengo"),
]


@pytest.mark.parametrize(("language", "reply"), LEFT_OVER)
def test_words_left_beside_a_yes_or_no_ask_again(flow, language, reply):
    for qid in ("pregnant", "patches", "allergies", "family_history"):
        with pytest.raises(ReplyNotUnderstood) as error:
            interpret(flow, flow.question(qid), reply, language)
        assert "1 " in error.value.message  # (the options listed)


FIRM = [
    ("en", "no, I'm not", "no"),
    ("en", "no I don't", "no"),
    ("en", "no, I haven't", "no"),
    ("en", "no, not at all", "no"),
    ("en", "no thanks", "no"),
    ("en", "No.", "no"),
    ("en", "nope!", "no"),
    ("en", "yes I am", "yes"),
    ("en", "yes, I do", "yes"),
    ("en", "yes I have", "yes"),
    ("en", "yes please", "yes"),
    ("en", "yep, thanks", "yes"),
    ("en", "yes 🙂", "yes"),  # a smile is filler; 🤞 or 🤔 is not
    ("es", "no, no lo estoy", "no"),
    ("es", "no, no tengo", "no"),
    ("es", "no, gracias", "no"),
    ("es", "pues no", "no"),
    ("es", "yo no", "no"),
    ("es", "sí, lo estoy", "yes"),
    ("es", "sí, tengo", "yes"),
    ("es", "Sí", "yes"),
    ("es", "si", "yes"),
]


@pytest.mark.parametrize(("language", "reply", "expected"), FIRM)
def test_firm_forms_are_still_read(flow, language, reply, expected):
    for qid in ("pregnant", "patches"):
        assert interpret(flow, flow.question(qid), reply, language) == expected


def _names(flow, question):
    """(value, words): every way the flow names each option offered, in every language."""
    if question.type == "yes_no":
        texts = flow.yes_no
        pairs = [("yes", texts.yes, texts.yes_synonyms), ("no", texts.no, texts.no_synonyms)]
    else:
        pairs = [(o.value, o.text, o.synonyms) for o in question.options]
    found = []
    for value, labels, synonyms in pairs:
        found += [(value, name) for name in labels.values()]
        found += [(value, name) for words in synonyms.values() for name in words]
    return found


@pytest.mark.parametrize("sex", ["female", "male", "other"])
def test_every_option_word_typed_alone_is_read_as_its_option(flow, sex):
    """The flow's own words, alone, in capitals, or with "thanks"/"gracias", are read in
    either screen language as the option they name (a word two options share is left
    out: it is asked again as ambiguous); with a question mark they are asked again."""
    for question in flow.questions:
        if question.type not in ("choice", "yes_no", "multi"):
            continue
        offered = offered_question(flow, question, {"sex": sex})
        names = _names(flow, offered)
        owners: dict[str, set[str]] = {}
        for value, name in names:
            owners.setdefault(fold(name), set()).add(value)
        for value, name in names:
            if len(owners[fold(name)]) > 1:
                continue
            expected = (value,) if question.type == "multi" else value
            for language, thanks in (("en", "thanks"), ("es", "gracias")):
                replies = [name, name.upper()]
                if not any(ch.isdigit() for ch in name):  # ("3 to 12 months, thanks": ask)
                    replies.append(f"{name}, {thanks}")
                for reply in replies:
                    assert interpret(flow, offered, reply, language) == expected, reply
                with pytest.raises(ReplyNotUnderstood):
                    interpret(flow, offered, f"{name}?", language)


def test_filler_and_firm_forms_hold_no_doubt_and_filler_no_answer(flow):
    """Filler cannot turn or weaken an answer: no hedge, negation or no word among it
    (a yes word may be filler: "vale", "ok"); firm forms hold no hedge."""
    hedge = re.compile(r"\b(?:" + "|".join(re.escape(fold(h)) for _, h in ALL_HEDGES) + r")\b")
    turning = re.compile(r"\b(?:not|no|never|nunca|ni|sin|sure|seguro|really|maybe)\b")
    yes_no = flow.yes_no
    answers_words = {fold(w) for t in (yes_no.yes, yes_no.no) for w in t.values()}
    answers_words |= {fold(w) for words in yes_no.no_synonyms.values() for w in words}
    for phrase in (p for lists in (FILLER, MULTI_FILLER) for ps in lists.values() for p in ps):
        folded = fold(phrase)
        assert not hedge.search(folded) and not turning.search(folded), phrase
        assert folded not in answers_words, phrase
    for phrase in (p for lists in (FIRM_YES, FIRM_NO) for ps in lists.values() for p in ps):
        assert not hedge.search(fold(phrase)), phrase


# Multi questions: every part names an option offered to this person, or the whole
# reply is asked again (a symptom or a medicine is never dropped).
def _offered(flow, qid, sex):
    return offered_question(flow, flow.question(qid), {"sex": sex})


@pytest.mark.parametrize(
    ("qid", "sex", "reply", "language"),
    [
        ("other_hair_loss", "female", "eyebrows and beard", "en"),  # beard: not offered
        ("other_hair_loss", "female", "eyebrows, beard", "en"),  # (the same with a comma)
        ("other_hair_loss", "female", "cejas y bigote", "es"),
        ("scalp_symptoms", "female", "itchy and bleeding scalp", "en"),
        ("scalp_symptoms", "female", "dandruff and bleeding", "en"),
        ("scalp_symptoms", "female", "itchy and oozing", "en"),
        ("scalp_symptoms", "male", "itchy & oozing", "en"),
        ("scalp_symptoms", "male", "itchy + oozing", "en"),
        ("scalp_symptoms", "male", "itchy/oozing", "en"),
        ("systemic_symptoms", "male", "tired and heavy periods", "en"),
        ("systemic_symptoms", "male", "tired, heavy periods", "en"),
        ("systemic_symptoms", "male", "tired and dizzy", "en"),
        ("systemic_symptoms", "male", "tired and periods come and go", "en"),
        ("systemic_symptoms", "male", "cansancio y reglas abundantes", "es"),
        ("medications", "female", "eliquis and metformin", "en"),
        ("medications", "female", "thyroid and insulin", "en"),
        ("medications", "male", "warfarin and the pill", "en"),
        ("medications", "female", "Sintrom y metformina", "es"),
        ("scalp_symptoms", "female", "itch and dandruff?", "en"),
        ("scalp_symptoms", "female", "itch 🤞", "en"),
    ],
)
def test_a_multi_reply_with_a_part_naming_nothing_offered_is_asked_again(
    flow, qid, sex, reply, language
):
    question = _offered(flow, qid, sex)
    with pytest.raises(ReplyNotUnderstood) as error:
        interpret(flow, question, reply, language)
    whole = flow.question(qid)
    for value in whole.option_values:  # the options offered listed, no others
        listed = flow.option_text(whole, value, language) in error.value.message
        assert listed == (value in question.option_values), value


@pytest.mark.parametrize(
    ("qid", "sex", "reply", "language", "expected"),
    [
        ("scalp_symptoms", "female", "Dandruff or an oily scalp", "en", ("dandruff_oily",)),
        ("scalp_symptoms", "female", "Pain, burning or soreness", "en", ("pain_burning",)),
        (
            "scalp_symptoms",
            "male",
            "itch, Pain, burning or soreness",
            "en",
            ("pain_burning", "itch"),
        ),
        (
            "scalp_symptoms",
            "male",
            "picor y un bulto blando e hinchado",
            "es",
            ("itch", "lump_swelling"),
        ),
        (
            "systemic_symptoms",
            "male",
            "A new rash on the body, hands or feet, or sores in the mouth",
            "en",
            ("rash_or_sores",),
        ),
        (
            "systemic_symptoms",
            "male",
            "tired and Losing or gaining weight without trying",
            "en",
            ("fatigue", "weight_change"),
        ),
        (
            "systemic_symptoms",
            "female",
            "tired and periods come and go",
            "en",
            ("fatigue", "irregular_periods"),
        ),
        (
            "systemic_symptoms",
            "female",
            "tired and heavy periods",
            "en",
            ("fatigue", "heavy_periods"),
        ),
        ("other_hair_loss", "male", "eyebrows and beard", "en", ("eyebrows", "beard")),
        ("other_hair_loss", "female", "1, 3", "en", ("eyebrows", "body")),  # numbers as offered
        ("medications", "female", "I take Eliquis", "en", ("anticoagulants",)),
        (
            "medications",
            "female",
            "eliquis and another regular medicine",
            "en",
            ("anticoagulants", "other"),
        ),
        ("medications", "female", "chemo and other", "en", ("chemotherapy", "other")),
        ("medications", "female", "warfarin, thanks", "en", ("anticoagulants",)),
        (
            "hair_care",
            "female",
            "braids and relaxers, that's all",
            "en",
            ("tight_styles", "chemical_treatments"),
        ),
    ],
)
def test_a_multi_reply_keeps_an_options_own_words_whole(flow, qid, sex, reply, language, expected):
    assert interpret(flow, _offered(flow, qid, sex), reply, language) == expected


@pytest.mark.parametrize(
    ("qid", "reply", "language"),
    [
        ("scalp_symptoms", "itchy bleeding scalp", "en"),  # "bleeding": never dropped
        ("scalp_symptoms", "dandruff oozing", "en"),
        ("scalp_symptoms", "itch and dandruff oozing", "en"),
        ("scalp_symptoms", "itchy back", "en"),  # "back": no filler (no option word)
        ("scalp_symptoms", "itching on my back", "en"),
        ("scalp_symptoms", "picor en la espalda", "es"),
        ("scalp_symptoms", "picor sangrado", "es"),
        ("systemic_symptoms", "tired dizzy", "en"),
        ("systemic_symptoms", "a bit tired", "en"),  # ("a bit" weakens "very tired")
        ("systemic_symptoms", "cansancio mareos", "es"),
        ("medications", "eliquis metformin", "en"),
        ("medications", "I take eliquis metformin", "en"),
        ("medications", "Sintrom metformina", "es"),
        ("medications", "warfarin and a bit of", "en"),  # (a part of filler alone: cut off)
        ("health_conditions", "I had cancer", "en"),  # (in the past: not "treated now")
    ],
)
def test_a_word_beside_an_options_words_in_a_multi_part_asks_again(flow, qid, reply, language):
    with pytest.raises(ReplyNotUnderstood):
        interpret(flow, _offered(flow, qid, "female"), reply, language)


@pytest.mark.parametrize(
    ("qid", "reply", "language", "expected"),
    [
        ("medications", "I take Eliquis", "en", ("anticoagulants",)),
        ("medications", "I'm on blood thinners", "en", ("anticoagulants",)),
        (
            "medications",
            "I'm taking warfarin and I use the pill",
            "en",
            (
                "anticoagulants",
                "hormonal_contraception_change",
            ),
        ),
        ("medications", "tomo Sintrom", "es", ("anticoagulants",)),
        (
            "medications",
            "estoy tomando Sintrom y también la píldora",
            "es",
            (
                "anticoagulants",
                "hormonal_contraception_change",
            ),
        ),
        ("medications", "no tomo nada", "es", ("none",)),
        ("scalp_symptoms", "I have itch", "en", ("itch",)),
        ("scalp_symptoms", "I've got a bit of dandruff", "en", ("dandruff_oily",)),
        ("scalp_symptoms", "some itching and a lot of dandruff", "en", ("itch", "dandruff_oily")),
        ("scalp_symptoms", "itch, also dandruff", "en", ("itch", "dandruff_oily")),
        ("scalp_symptoms", "itch and dandruff as well", "en", ("itch", "dandruff_oily")),
        ("scalp_symptoms", "very itchy", "en", ("itch",)),
        ("scalp_symptoms", "oily scalp", "en", ("dandruff_oily",)),  # (its own words)
        ("scalp_symptoms", "tengo picor", "es", ("itch",)),
        ("scalp_symptoms", "un poco de caspa", "es", ("dandruff_oily",)),
        ("scalp_symptoms", "picor y caspa también", "es", ("itch", "dandruff_oily")),
        ("other_hair_loss", "my eyebrows", "en", ("eyebrows",)),
        ("other_hair_loss", "mis cejas", "es", ("eyebrows",)),
        ("systemic_symptoms", "I feel tired", "en", ("fatigue",)),
        ("systemic_symptoms", "me siento cansada", "es", ("fatigue",)),
        ("hair_care", "llevo trenzas", "es", ("tight_styles",)),
    ],
)
def test_filler_beside_an_options_words_in_a_multi_part_is_read(
    flow, qid, reply, language, expected
):
    assert interpret(flow, _offered(flow, qid, "female"), reply, language) == expected


def test_multi_filler_names_no_option_of_the_shipped_flow(flow):
    """Multi filler is generic: none of it is a multi option's words ("scalp", "loss"),
    so it cannot stand for an option nor hide one. (It is not read on other questions:
    "mucho" is an amount of shedding there.)"""
    multi = [question for question in flow.questions if question.type == "multi"]
    names = {fold(name) for question in multi for _, name in _names(flow, question)}
    for phrase in (p for phrases in MULTI_FILLER.values() for p in phrases):
        assert fold(phrase) not in names, phrase


# Headless answers (item 3): a value not allowed is told the options offered on this path,
# in the person's language.
@pytest.mark.parametrize(
    ("language", "starts", "hidden", "shown"),
    [
        (
            "en",
            "question 'systemic_symptoms': Please choose",
            "Very heavy periods",
            "Feeling very tired",
        ),
        (
            "es",
            "pregunta 'systemic_symptoms': Por favor",
            "Reglas muy abundantes",
            "Mucho cansancio",
        ),
    ],
)
def test_a_headless_answer_not_allowed_lists_only_the_options_offered(
    flow, language, starts, hidden, shown
):
    with pytest.raises(AnswersError) as error:
        check_answers(flow, answers(sex="male", systemic_symptoms=["zzz"]), language)
    message = error.value.message
    assert message.startswith(starts)
    assert hidden not in message and shown in message
    assert "Irregular" not in message and "Reglas irregulares" not in message


def test_a_headless_answer_for_a_woman_lists_her_options_without_a_beard(flow):
    with pytest.raises(AnswersError) as error:
        check_answers(flow, answers(sex="female", other_hair_loss=["zzz"]), "en")
    assert "Beard" not in error.value.message and "Eyebrows" in error.value.message
