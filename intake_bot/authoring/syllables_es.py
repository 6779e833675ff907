"""Spanish syllables counted as the words are spoken, for the Fernández-Huerta score.

A hyphenation dictionary (what textstat uses) splits words where a line may break,
not where the voice does: it undercounts hiatus ("día", "leer", "oído") and gives
"12" or "2026" a single syllable. Here every vowel nucleus is a syllable:

- the strong vowels are a, e, o (accented or not); the weak ones i, u, ü, and y
  when no vowel follows it ("hoy", "muy", "y"; "yo" and "mayo" start with a
  consonant y);
- a weak vowel next to another vowel joins it in one syllable (diphthong "ai",
  "ue", "iu"; triphthong "buey", "averiguáis"), unless the weak vowel carries the
  accent next to a strong one ("día", "reúne", "país": hiatus);
- two strong vowels are two syllables ("leer", "toalla"), and so are two equal
  weak ones ("chiita");
- u is silent after q, and after g before e or i ("queso", "guitarra"; "pingüino"
  and "agua" sound it);
- h is silent and does not part two vowels (the Spanish Academy's rule:
  "prohibir" is prohi-bir, "ahumar" ahu-mar, while "prohíbe" and "búho" keep
  their hiatus);
- a number is read as spoken Spanish ("12" doce, "2026" dos mil veintiséis,
  "1,5" uno coma cinco, "1.000" mil, "3.º" tercero), "%" as "por ciento" and "€"
  as "euros";
- a piece with no vowel letter ("TSH", the "F" of "F1") is spelled out letter by
  letter (te, ese, hache).

A written word is what lies between spaces and holds a letter or a digit (as
textstat counts them). The score counts the words as read aloud too, so that the
syllables and the words they are divided by are the same unit: "150" is two words
(ciento cincuenta), not one very long word; a word of letters with a vowel is one
word. A sentence ends at ".", "!", "?" or "…" (not at the point of "1.5"), and a
"sentence" of one or two written words does not count (textstat's rule).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "count_sentences",
    "count_spoken_words",
    "count_syllables",
    "count_words",
    "fernandez_huerta",
    "number_words",
    "spoken_words",
    "word_syllables",
    "words",
]

_STRONG = frozenset("aeoáéóàèòâêôäëö")
_WEAK = frozenset("iuüïîìû")  # y is added where it sounds as a vowel
_WEAK_ACCENTED = frozenset("íú")
_VOWELS = _STRONG | _WEAK | _WEAK_ACCENTED | {"y"}

#: How each letter is named when a word without vowels is spelled out.
_LETTER_NAMES = {
    "b": "be", "c": "ce", "d": "de", "f": "efe", "g": "ge", "h": "hache", "j": "jota",
    "k": "ka", "l": "ele", "m": "eme", "n": "ene", "ñ": "eñe", "p": "pe", "q": "cu",
    "r": "erre", "s": "ese", "t": "te", "v": "uve", "w": "uve doble", "x": "equis",
    "z": "zeta", "ç": "ce",
}  # fmt: skip

_SYMBOLS = {"%": "por ciento", "€": "euros", "&": "y", "@": "arroba"}

_UNITS = [
    *("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"),
    *("diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete"),
    *("dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés"),
    *("veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho"),
    "veintinueve",
]
_TENS = [
    *("", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta"),
    "noventa",
]
_HUNDREDS = [
    *("", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos"),
    *("seiscientos", "setecientos", "ochocientos", "novecientos"),
]
_ORDINALS = [
    *("", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo"),
    *("octavo", "noveno", "décimo"),
]

_WORD = re.compile(r"\S+")
# A number: digits with "." or "," between digit groups; an ordinal sign may follow.
_PIECE = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)*)(?P<ordinal>\.?[ºª°])?"
    r"|(?P<letters>[^\W\d_]+)"
    r"|(?P<symbol>[%€&@])"
)
# textstat's sentences, except that a point between two digits does not end one.
_SENTENCE = re.compile(r"\b(?:[^.!?…]|(?<=\d)\.(?=\d))+[.!?…]*")


def words(text: str) -> list[str]:
    """The written words of ``text``: what lies between spaces and holds a letter or a
    digit."""
    return [w for w in _WORD.findall(text) if any(c.isalnum() for c in w)]


def count_words(text: str) -> int:
    """How many written words ``text`` has (see :func:`words`)."""
    return len(words(text))


def count_spoken_words(text: str) -> int:
    """How many words ``text`` has when read aloud ("150" is ciento cincuenta)."""
    return sum(len(spoken_words(word)) for word in _WORD.findall(text))


def count_sentences(text: str) -> int:
    """How many sentences ``text`` has: at least one for any text with a word; a
    stretch of one or two words between stops is not counted as a sentence."""
    if not words(text):
        return 0
    found = _SENTENCE.findall(text)
    return max(1, sum(1 for sentence in found if count_words(sentence) > 2))


def count_syllables(text: str) -> int:
    """How many syllables ``text`` has when read aloud in Spanish."""
    return sum(word_syllables(word) for word in _WORD.findall(text))


def word_syllables(word: str) -> int:
    """The syllables of one written word as spoken, punctuation around it ignored
    (nothing for a word of punctuation alone)."""
    return sum(_nuclei(_sounds(spoken)) for spoken in spoken_words(word))


@lru_cache(maxsize=8192)
def spoken_words(word: str) -> tuple[str, ...]:
    """One written word as it is read aloud, lowercase, punctuation dropped: "¿Hoy?"
    -> hoy; "12" -> doce; "F1" -> efe, uno; "50%" -> cincuenta, por, ciento."""
    word = unicodedata.normalize("NFC", word).lower()
    said: list[str] = []
    for found in _PIECE.finditer(word):
        if found["number"] is not None:
            said += number_words(found["number"], ordinal=found["ordinal"] is not None).split()
        elif found["symbol"] is not None:
            said += _SYMBOLS[found["symbol"]].split()
        elif _sounds(found["letters"]):
            said.append(found["letters"])
        else:  # no vowel: spelled out, "tsh" -> te ese hache
            said += " ".join(_LETTER_NAMES.get(c, "e") for c in found["letters"]).split()
    return tuple(said)


def _sounds(letters: str) -> str:
    """The letters with what is not heard taken out (h, the u of que/qui/gue/gui) and a
    vowel y written as i; every other consonant becomes "-" (it parts vowels)."""
    letters = letters.replace("h", "")
    out = []
    for i, c in enumerate(letters):
        before = letters[i - 1] if i else ""
        after = letters[i + 1] if i + 1 < len(letters) else ""
        if c == "u" and (before == "q" or (before == "g" and after in ("e", "i", "é", "í"))):
            continue  # silent u
        if c == "y":
            out.append("-" if after in _VOWELS else "i")
        elif c in _VOWELS:
            out.append(c)
        else:
            out.append("-")
    return "".join(out).strip("-") if any(c != "-" for c in out) else ""


def _nuclei(sounds: str) -> int:
    """How many syllables a string of vowels and "-" holds: one per vowel group, plus
    one for each hiatus inside a group."""
    count = 0
    for group in sounds.split("-"):
        if not group:
            continue
        count += 1
        for left, right in itertools.pairwise(group):
            if _hiatus(left, right):
                count += 1
    return count


def _hiatus(left: str, right: str) -> bool:
    """Whether two vowels side by side belong to two syllables."""
    if left in _STRONG and right in _STRONG:
        return True  # le-er, to-a-lla
    if (left in _WEAK_ACCENTED and right in _STRONG) or (
        left in _STRONG and right in _WEAK_ACCENTED
    ):
        return True  # dí-a, pa-ís
    return left == right  # chi-i-ta; else a weak vowel joins: ai, ue, iu, cuí


def number_words(number: str, ordinal: bool = False) -> str:
    """A written number as said in Spanish: ``"2026"`` -> "dos mil veintiséis",
    ``"1,5"`` -> "uno coma cinco", ``"10.000"`` -> "diez mil", ``"3"`` with
    ``ordinal`` -> "tercero". A number of a million millions or more is read digit
    by digit."""
    if ordinal and number.isdigit() and 0 < int(number) < len(_ORDINALS):
        return _ORDINALS[int(number)]
    separators = re.findall(r"[.,]", number)
    if len(set(separators)) == 2:  # 1.000,5 or 1,000.5: the last one is the decimal
        whole, _, decimals = number.rpartition(separators[-1])
        return f"{_integer_words(re.sub(r'[.,]', '', whole))} coma {_integer_words(decimals)}"
    groups = re.split(r"[.,]", number)
    if (
        len(groups) > 1
        and all(len(g) == 3 for g in groups[1:])
        and (len(set(separators)) == 1 and (separators[0] == "." or len(groups) > 2))
    ):
        return _integer_words("".join(groups))  # 1.000 / 1.000.000: a thousands point
    if len(groups) == 2:  # 1,5 / 1.5 / 12,25: a decimal comma (or point)
        return f"{_integer_words(groups[0])} coma {_integer_words(groups[1])}"
    if len(groups) > 2:  # 1.2.3, a version or a date: each part in turn
        return " ".join(_integer_words(g) for g in groups)
    return _integer_words(number)


def _integer_words(digits: str) -> str:
    """The words of a whole number written in digits (leading zeros read as "cero")."""
    if not digits:
        return ""
    zeros = len(digits) - len(digits.lstrip("0"))
    if zeros:  # (a loop, not recursion: a run of a thousand zeros is fine)
        rest = digits[zeros:]
        return " ".join([_UNITS[0]] * zeros + ([_integer_words(rest)] if rest else []))
    if len(digits) > 12:  # a million millions or more (no int(): any length is fine)
        return " ".join(_UNITS[int(d)] for d in digits)
    return _say(int(digits))


def _say(n: int) -> str:
    if n < 30:
        return _UNITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return _TENS[tens] + (f" y {_UNITS[unit]}" if unit else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        if n == 100:
            return "cien"
        return _HUNDREDS[hundreds] + (f" {_say(rest)}" if rest else "")
    if n < 10**6:
        thousands, rest = divmod(n, 1000)
        head = "mil" if thousands == 1 else f"{_apocope(_say(thousands))} mil"
        return head + (f" {_say(rest)}" if rest else "")
    millions, rest = divmod(n, 10**6)
    head = "un millón" if millions == 1 else f"{_apocope(_say(millions))} millones"
    return head + (f" {_say(rest)}" if rest else "")


def _apocope(words: str) -> str:
    """Shortens a final "uno" before "mil" and "millones": veintiún mil, treinta y un mil."""
    if words.endswith("veintiuno"):
        return words[: -len("veintiuno")] + "veintiún"
    if words.endswith("uno"):
        return words[: -len("uno")] + "un"
    return words


def fernandez_huerta(text: str) -> float:
    """The Fernández-Huerta reading ease of a Spanish text (higher reads easier):
    textstat's formula, with the syllables and words counted here as read aloud.
    A text without words scores zero."""
    n_words = count_spoken_words(text)
    n_sentences = count_sentences(text)
    if not n_words or not n_sentences:
        return 0.0
    # 206.84 - 0.60 P - 1.02 F with P the syllables per hundred words and F the mean
    # sentence length in words: Flesch's form, as textstat has it (the formula is often
    # printed with F "sentences per hundred words", which would score short sentences
    # as harder).
    return 206.84 - 60 * count_syllables(text) / n_words - 1.02 * n_words / n_sentences
