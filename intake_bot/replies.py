"""Typed chat text -> an answer for the current question.

Understands an option's number ("2"), its words in any of the flow's languages
(case- and accent-insensitive: "si", "Sí"), its synonyms, yes/no words (y, yeah,
nope, nah...), several choices for a multi question ("1, 3", "itch and dandruff")
and a number inside text ("I'm 42", "42 years"). When it cannot tell, it says so
kindly and lists what it accepts; it never guesses between two options. A negated or
hedged reply ("not tired", "creo que no", "probably", "about 40") is asked again, unless
it is exactly an option's words ("maybe" for *I'm not sure*): see :mod:`intake_bot.hedges`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from intake_bot.answers import Answer, normalize_answer, option_list
from intake_bot.catalog import join_words, say
from intake_bot.errors import IntakeBotError
from intake_bot.flow.model import Flow, Question, plain_number
from intake_bot.hedges import APPROXIMATIONS, HEDGES

_NUMBER = re.compile(r"(?<![\w.,])[-+]?[0-9]+(?:[.,][0-9]+)?(?![\w])")
_OPTION_NUMBER = re.compile(r"(?:option |opcion |number |numero |n |no )?([0-9]{1,3})")
# Words that turn a mention around ("not tired", "sin estrés", "no more than usual", "dont"
# typed without its apostrophe): a reply holding one outside the words it matched is not
# understood, rather than read as the option it mentions. (Words of doubt: _HEDGE, below.)
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|without|none|nothing|don t|doesn t|didn t|haven t|hasn t|isn t"
    r"|aren t|wasn t|weren t|can t|won t|dont|doesnt|didnt|havent|hasnt|isnt|arent|wasnt"
    r"|werent|cant|wont|sin|nunca|ni|nada|ningun\w*|tampoco|jamas)\b"
)
_SPLIT_MULTI = re.compile(r"\s*(?:,|;|/|\+|&|\band\b|\by\b|\be\b|\bplus\b)\s*", re.IGNORECASE)
_MAX_REPLY = 2000


class ReplyNotUnderstood(IntakeBotError, ValueError):
    """A reply that does not give one clear answer; ``message`` says what is accepted."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def fold(text: str) -> str:
    """Lower case, no accents, punctuation to spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = re.sub(r"[^\w\s]", " ", bare).replace("_", " ")
    return " ".join(bare.split())


def _any_of(lists: Mapping[str, tuple[str, ...]]) -> re.Pattern[str]:
    """Any phrase of any language's list, folded, as whole words (longest tried first)."""
    phrases = {fold(phrase) for phrase_list in lists.values() for phrase in phrase_list}
    ordered = sorted(filter(None, phrases), key=lambda p: (-len(p), p))
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b")


# Doubt and hedges ("not sure", "creo que no", "I think so"), for every question type,
# and words that make a number approximate ("about 40", "casi 18"), for numbers only.
# The lists, and how they meet an option's own words, are in intake_bot.hedges.
_HEDGE = _any_of(HEDGES)
_APPROXIMATE = _any_of(APPROXIMATIONS)


@dataclass(frozen=True)
class _Phrase:
    words: str  # folded
    value: str


def _phrases(flow: Flow, question: Question) -> list[_Phrase]:
    """Every way to name each option, folded, across all the flow's languages."""
    found: list[_Phrase] = []
    if question.type == "yes_no":
        assert flow.yes_no is not None
        texts = flow.yes_no
        for value, labels, synonyms in (
            ("yes", texts.yes, texts.yes_synonyms),
            ("no", texts.no, texts.no_synonyms),
        ):
            names = [value, *labels.values()] + [s for words in synonyms.values() for s in words]
            found += [_Phrase(fold(name), value) for name in names]
        return [p for p in found if p.words]
    for option in question.options:
        names = [option.value, *option.text.values()]
        names += [s for words in option.synonyms.values() for s in words]
        found += [_Phrase(fold(name), option.value) for name in names]
    return [p for p in found if p.words]


def _phrase_table(flow: Flow, question: Question) -> list[_Phrase]:
    """The words of the options ``question`` offers (a question whose show_if hide some
    options has one table per set of options shown), built once per flow."""
    key = f"phrases:{question.id}:{','.join(question.option_values)}"
    return flow.compiled(key, lambda f: _phrases(f, question))


def _contains(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` first stands in ``haystack`` as whole words. (No regular
    expression: one made of a reply would stay in ``re``'s cache of patterns, a copy
    of what the person typed kept after they have gone.)"""
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or not _is_word(haystack[start - 1])) and (
            end == len(haystack) or not _is_word(haystack[end])
        ):
            return start, end
        start = haystack.find(needle, start + 1)
    return None


def _is_word(character: str) -> bool:
    """What ``\\w`` matches: a letter, digit or underscore, in any script."""
    return character.isalnum() or character == "_"


def _match_option(flow: Flow, question: Question, folded: str) -> set[str]:
    """The option values ``folded`` names.

    An exact name wins. Otherwise every mention counts: an option's words inside the
    reply ("yes I did"), or the reply inside an option's words ("dandruff" for
    "Dandruff or oily scalp"), as whole words. A reply that is only a piece of an
    option's words leaving out their negation ("thinner" of "It does not look thinner",
    "sure" of "not sure") names nothing; beside an option's words in it, that piece
    does not count ("estoy embarazada" is not "no estoy embarazada"). A mention
    inside a longer mention of another option gives way to it ("usual" inside "much
    more than usual"); mentions of two options side by side ("yes and no") are left
    for the caller to refuse. A negation or a hedge outside the words matched names
    nothing ("creo que no", "I think so"); see :mod:`intake_bot.hedges`.
    """
    table = _phrase_table(flow, question)
    values = question.option_values
    number = _OPTION_NUMBER.fullmatch(folded)
    if number:
        index = int(number.group(1))
        return {values[index - 1]} if 1 <= index <= len(values) else set()
    exact = {p.value for p in table if p.words == folded}
    if exact:
        return exact
    if any(ch in "0123456789" for ch in folded):
        return set()  # "3 months" near "less than 3 months" and "3 to 12 months": ask, never guess
    if _hedged(flow, question, folded):
        return set()
    mentions: list[tuple[int, int, str]] = []
    named = False  # some option's words stand in the reply
    negated_piece = False  # the reply is a piece of some option's words, without their "not"
    for phrase in table:
        span = _contains(folded, phrase.words)
        if span is not None:
            mentions.append((*span, phrase.value))
            named = True
        elif len(folded) >= 3 and (piece := _piece_of(folded, phrase.words)) is not None:
            if piece:
                mentions.append((0, len(folded), phrase.value))
            else:
                negated_piece = True
    if negated_piece and not named:
        return set()  # "sure" of "not sure", "estoy" of "no lo estoy": ask
    kept = [
        (start, end, value)
        for start, end, value in mentions
        if not any(
            other != value and s <= start and end <= e and (e - s) > (end - start)
            for s, e, other in mentions
        )
    ]
    for found in _NEGATION.finditer(folded):
        if not any(s <= found.start() and found.end() <= e for s, e, _ in kept):
            return set()
    return {value for _, _, value in kept}


def _piece_of(folded: str, words: str) -> bool | None:
    """Whether ``folded`` stands in ``words`` as whole words (None if not), and leaves
    none of their negation out (False for "sure" in "not sure")."""
    span = _contains(words, folded)
    if span is None:
        return None
    return not _NEGATION.search(f"{words[: span[0]]} {words[span[1] :]}")


def _hedged(flow: Flow, question: Question, folded: str) -> bool:
    """Whether ``folded`` holds a hedge ("creo", "probably") outside the option words in it.

    A hedge inside an option's words found in the reply belongs to them ("I might be"
    names *not_sure*'s "might be"; "maybe", exactly a synonym, is its whole span); a
    reply that is only a piece of an option's words ("puede" of "puede ser") is not.
    """
    hedges = list(_HEDGE.finditer(folded))
    if not hedges:
        return False
    table = _phrase_table(flow, question)
    spans = [span for p in table if (span := _contains(folded, p.words)) is not None]
    return any(not any(s <= h.start() and h.end() <= e for s, e in spans) for h in hedges)


def _accepts(flow: Flow, question: Question, language: str) -> str:
    if question.type == "number":
        assert question.min is not None and question.max is not None
        bounds = {"min": plain_number(question.min), "max": plain_number(question.max)}
        return say("accepts_number", language, **bounds)
    if question.type == "multi":
        return say("accepts_multi", language, options=option_list(flow, question, language, True))
    return say("accepts_choice", language, options=option_list(flow, question, language, True))


# The person's reply is never quoted back: on a shared screen it would be one more
# copy of what they typed, and it is right above, in the reply box, to mend.
def _not_understood(flow: Flow, question: Question, language: str) -> ReplyNotUnderstood:
    accepts = _accepts(flow, question, language)
    return ReplyNotUnderstood(say("not_understood", language, accepts=accepts))


def _ambiguous(
    flow: Flow, question: Question, values: set[str], language: str
) -> ReplyNotUnderstood:
    labels = [
        flow.option_text(question, v, language) for v in question.option_values if v in values
    ]
    return ReplyNotUnderstood(
        say(
            "ambiguous",
            language,
            matches=join_words(labels, language, "or"),
            accepts=_accepts(flow, question, language),
        )
    )


def interpret(flow: Flow, question: Question, reply: str, language: str) -> Answer:
    """The answer ``reply`` gives to ``question``, checked and normalised.

    Raises :class:`ReplyNotUnderstood` when the reply names no option, several
    options where one is wanted, or no single number; and
    :class:`~intake_bot.answers.AnswerError` when it is clear but not allowed
    (out of range, "none" with others, too long).
    """
    text = reply.strip()
    if not text:  # (a question with a list has its Enter answered by the list)
        key = "empty_reply" if question.option_values else "empty_reply_typed"
        raise ReplyNotUnderstood(say(key, language))
    if question.type == "text":
        return normalize_answer(flow, question, text, language)
    if len(text) > _MAX_REPLY:
        raise _not_understood(flow, question, language)
    if question.type == "number":
        return _number_reply(flow, question, text, language)
    folded = fold(text)
    if question.type == "multi":
        return _multi_reply(flow, question, text, folded, language)
    values = _match_option(flow, question, folded)
    if len(values) == 1:
        return normalize_answer(flow, question, values.pop(), language)
    if values:
        raise _ambiguous(flow, question, values, language)
    raise _not_understood(flow, question, language)


def _number_reply(flow: Flow, question: Question, text: str, language: str) -> Answer:
    assert question.min is not None and question.max is not None
    numbers = _NUMBER.findall(text)
    bounds = {"min": plain_number(question.min), "max": plain_number(question.max)}
    folded = fold(text)
    if not numbers or _HEDGE.search(folded) or _APPROXIMATE.search(folded):
        raise _not_understood(flow, question, language)  # "creo que 40", "about 40": ask
    if len(numbers) > 1:
        raise ReplyNotUnderstood(say("one_number", language, **bounds))
    value = float(numbers[0].replace(",", "."))
    return normalize_answer(flow, question, int(value) if value.is_integer() else value, language)


def _multi_reply(flow: Flow, question: Question, text: str, folded: str, language: str) -> Answer:
    if _hedged(flow, question, folded):  # (also a hedge a comma or "and" would split)
        raise _not_understood(flow, question, language)
    whole = _match_option(flow, question, folded)
    if len(whole) == 1 and not re.search(r"[,;/+&]|[0-9]\s+[0-9]", text):
        return normalize_answer(flow, question, sorted(whole), language)
    parts: list[str] = []  # folded
    for part in _SPLIT_MULTI.split(text):
        folded_part = fold(part)
        if re.fullmatch(r"[0-9]+(?: [0-9]+)+", folded_part):  # "1 3" -> two numbers
            parts += folded_part.split()
        elif folded_part:
            parts.append(folded_part)
    if not parts:
        raise _not_understood(flow, question, language)
    chosen: list[str] = []
    for folded_part in parts:
        values = _match_option(flow, question, folded_part)
        if len(values) > 1:
            raise _ambiguous(flow, question, values, language)
        if not values:
            raise _not_understood(flow, question, language)
        chosen.append(values.pop())
    return normalize_answer(flow, question, chosen, language)
