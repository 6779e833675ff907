"""Typed chat replies understood as answers, in English and Spanish."""

from __future__ import annotations

import pytest

from intake_bot.answers import AnswerError
from intake_bot.replies import ReplyNotUnderstood, fold, interpret

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
