"""Spanish syllables counted as spoken, and the Fernández-Huerta score that rests on them.

The counts below were checked by hand against the Spanish Academy's syllable rules
(Ortografía de la lengua española, 2010): a hyphenation dictionary gets many of them
wrong, and the reading score of every Spanish text depends on them.
"""

from __future__ import annotations

import pytest

from intake_bot.authoring.readability import readings
from intake_bot.authoring.syllables_es import (
    count_sentences,
    count_syllables,
    fernandez_huerta,
    number_words,
    spoken_words,
    word_syllables,
)
from intake_bot.flow import load_flow

SYLLABLES = {
    # plain words, ñ, capitals
    "pelo": 2,
    "medicina": 4,
    "niño": 2,
    "España": 3,
    "ESPAÑA": 3,
    "uñas": 2,
    "dañado": 3,
    "pequeño": 3,
    # diphthongs: a weak vowel (i, u) with any other vowel is one syllable
    "aire": 2,
    "causa": 2,
    "peine": 2,
    "deuda": 2,
    "oigo": 2,
    "ciudad": 2,
    "cuidado": 3,
    "piel": 1,
    "nuevo": 2,
    "agua": 2,
    "tiroides": 3,
    "cuero": 2,
    "especialista": 5,
    "infección": 3,
    "cuídate": 3,  # ui stays one syllable with the accent on the i
    # triphthongs
    "buey": 1,
    "averiguáis": 4,
    "limpiéis": 2,
    "Uruguay": 3,
    "miau": 1,
    # hiatus of two strong vowels
    "leer": 2,
    "creo": 2,
    "peor": 2,
    "poeta": 3,
    "toalla": 3,
    "caos": 2,
    "museo": 3,
    "teatro": 3,
    "cráneo": 3,
    "aéreo": 4,
    "océano": 4,
    "zoológico": 5,
    "reenviar": 3,
    "anticoagulante": 7,
    # hiatus made by an accent on the weak vowel
    "día": 2,
    "DÍA": 2,
    "país": 2,
    "reír": 2,
    "reúne": 3,
    "oído": 3,
    "maíz": 2,
    "Raúl": 2,
    "caída": 3,
    "tenía": 3,
    "frío": 2,
    "baúl": 2,
    "sonreír": 3,
    "creíais": 3,
    "chiita": 3,  # two equal weak vowels
    # silent u in que, qui, gue, gui; ü is heard
    "queso": 2,
    "quiero": 2,
    "quince": 2,
    "guerra": 2,
    "guitarra": 3,
    "aguinaldo": 4,
    "guion": 1,
    "pingüino": 3,
    "vergüenza": 3,
    "cigüeña": 3,
    "lingüística": 4,
    # y: a vowel at the end of a word or alone, a consonant before a vowel
    "y": 1,
    "hoy": 1,
    "muy": 1,
    "rey": 1,
    "ley": 1,
    "hay": 1,
    "estoy": 2,
    "Paraguay": 3,
    "yo": 1,
    "ya": 1,
    "mayo": 2,
    "ayuda": 3,
    "reyes": 2,
    # h: silent; between vowels it does not part them (prohi-bir, ahu-mar)
    "hierro": 2,
    "hueso": 2,
    "ahora": 3,
    "alcohol": 3,
    "zanahoria": 4,
    "deshacer": 3,
    "prohibir": 2,
    "ahumar": 2,
    "prohíbe": 3,
    "búho": 2,
    "ahí": 2,
    # punctuation attached
    "¿Cómo?": 2,
    "«Sí»,": 1,
    "(día)": 2,
    "seguro.": 3,
    "¡Hola!": 2,
    "—": 0,
    # numbers as spoken
    "0": 2,
    "3": 1,
    "7": 2,
    "12": 2,
    "15": 2,
    "16": 3,
    "18": 3,
    "30": 2,
    "31": 5,
    "50": 3,
    "100": 1,
    "120": 4,
    "500": 3,
    "700": 4,
    "1000": 1,
    "1.000": 1,
    "10.000": 2,
    "21000": 3,
    "2026": 5,
    "1,5": 6,
    "3.º": 3,
    "50%": 6,
    # no vowel: spelled out
    "TSH": 5,
    "F1": 4,
    "PIN": 1,
}


@pytest.mark.parametrize(("word", "expected"), list(SYLLABLES.items()))
def test_a_word_has_the_syllables_it_is_said_with(word, expected):
    assert word_syllables(word) == expected


def test_the_word_list_covers_every_rule():
    assert len(SYLLABLES) >= 60


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("0", "cero"),
        ("12", "doce"),
        ("21", "veintiuno"),
        ("45", "cuarenta y cinco"),
        ("100", "cien"),
        ("101", "ciento uno"),
        ("999", "novecientos noventa y nueve"),
        ("1000", "mil"),
        ("1999", "mil novecientos noventa y nueve"),
        ("2026", "dos mil veintiséis"),
        ("9999", "nueve mil novecientos noventa y nueve"),
        ("21000", "veintiún mil"),
        ("31000", "treinta y un mil"),
        ("1000000", "un millón"),
        ("3000000", "tres millones"),
        ("10.000", "diez mil"),
        ("1,5", "uno coma cinco"),
        ("0,25", "cero coma veinticinco"),
        ("1.5", "uno coma cinco"),
        ("2.500", "dos mil quinientos"),
        ("1.000,5", "mil coma cinco"),
        ("007", "cero cero siete"),
    ],
)
def test_a_number_is_read_as_spanish_words(number, said):
    assert number_words(number) == said


def test_an_ordinal_sign_reads_as_an_ordinal():
    assert spoken_words("1.º") == ("primero",)
    assert spoken_words("3.ª") == ("tercero",)


def test_a_word_is_spoken_without_its_punctuation_and_with_its_letters_named():
    assert spoken_words("¿Hoy?") == ("hoy",)
    assert spoken_words("TSH") == ("te", "ese", "hache")
    assert spoken_words("50%") == ("cincuenta", "por", "ciento")
    assert spoken_words("—") == ()


def test_a_sentence_ends_at_a_stop_but_not_at_a_decimal_point():
    assert count_sentences("Toma 1.5 pastillas al día con agua.") == 1
    assert count_sentences("¿Te duele la cabeza? Dímelo, por favor. Así te ayudo mejor.") == 3
    assert count_sentences("") == 0


def test_a_text_counts_every_word_as_read_aloud():
    assert count_syllables("¿Tienes 34 años? Sí, muy pronto.") == (
        2 + 5 + 2 + 1 + 1 + 2  # tie-nes trein-ta-y-cua-tro a-ños sí muy pron-to
    )


def test_the_score_follows_the_fernandez_huerta_formula():
    # el niño lee un libro: five words, eight syllables, one sentence
    expected = 206.84 - 60 * 8 / 5 - 1.02 * 5
    assert fernandez_huerta("El niño lee un libro.") == pytest.approx(expected)


def test_shorter_sentences_and_shorter_words_read_easier():
    long = "Tu historial clínico determinará la conveniencia de administrar el tratamiento."
    short = "Tu médico verá si el tratamiento te va bien."
    assert fernandez_huerta(short) > 70 > fernandez_huerta(long)
    two = "El pelo se cae. Vuelve a salir pronto."
    one = "El pelo se cae y vuelve a salir pronto."
    assert fernandez_huerta(two) > fernandez_huerta(one)


def test_a_number_scores_as_the_same_words_spelled_out():
    assert fernandez_huerta("Tengo 34 años y mi madre 62.") == pytest.approx(
        fernandez_huerta("Tengo treinta y cuatro años y mi madre sesenta y dos.")
    )


def test_hiatus_makes_a_text_score_harder_than_a_hyphenation_count_says():
    from textstat.textstat import textstatistics

    text = "Leí que el oído oía poco y que el río creía el día."
    hyphenation = textstatistics()
    hyphenation.set_lang("es")
    hyphenation.set_rounding_points(None)
    assert fernandez_huerta(text) < hyphenation.fernandez_huerta(text)


def test_the_flow_check_scores_spanish_with_this_count():
    spanish = [r for r in readings(load_flow()) if r.language == "es"]
    assert spanish
    for reading in spanish:
        assert reading.score == pytest.approx(fernandez_huerta(reading.text))
        assert reading.ok == (round(reading.score, 1) >= 70)
