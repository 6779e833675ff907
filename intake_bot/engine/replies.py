"""Typed chat text -> an answer for the current question.

Understands an option's number ("2"), its words in any of the flow's languages
(case- and accent-insensitive: "si", "Sí"), its synonyms, yes/no words (y, yeah,
nope, nah...), several choices for a multi question ("1, 3", "itch and dandruff")
and a number inside text ("I'm 42", "42 years"). When it cannot tell, it says so
kindly and lists what it accepts (the options the person is offered); it never
guesses. The rules (see :mod:`intake_bot.engine.hedges` for the word lists):

- yes/no and single choice: the option named, only when nothing is left beside its
  words but filler, punctuation other than "?" and firm forms of the same sense ("no,
  I'm not"); "no, que sepa", "no?", "me da que no" are asked again.
- multi: the reply is cut into parts at commas, "and", "y", "&", "+", "/" (never inside
  an option's own words: "Pain, burning or soreness"); every part must name an option
  offered, with nothing beside its words but filler ("I take Eliquis", "a bit of
  dandruff"), or be filler, else the whole reply is asked again ("eyebrows and beard"
  when a beard is not offered, "eliquis and metformin", "itchy bleeding scalp").
- every type: a hedge ("creo que no", "probably"), a negation beside the words matched
  ("not tired"), a question mark, or an approximate number ("about 40") is asked
  again, unless the reply is exactly an option's words ("maybe" for *I'm not sure*).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from intake_bot.catalog import join_words, say
from intake_bot.engine.answers import Answer, normalize_answer, option_list
from intake_bot.engine.hedges import (
    APPROXIMATIONS,
    FILLER,
    FILLER_SYMBOLS,
    FIRM_NO,
    FIRM_YES,
    HEDGES,
    MULTI_FILLER,
)
from intake_bot.errors import IntakeBotError
from intake_bot.flow.model import Flow, Question, plain_number

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
# A question mark makes any reply a question, not an answer ("no?", "¿sí?").
_UNSURE_MARK = re.compile(r"[?¿]")
# A number marked approximate or open-ended by a sign: "~42", "≈ 40", "18+".
_APPROXIMATE_SIGN = re.compile(r"[~≈±]|[0-9]\s*\+")
# Between the choices of a multi reply: marks (split before folding, which drops them)
# and words ("y" and "e" in Spanish).
_SEPARATOR_MARKS = re.compile(r"[,;/+&]")
# Punctuation that stops a phrase: an option's words are found across one only where
# the option's own words have one there ("no, lo estoy" is not "no lo estoy").
_STOP_MARKS = re.compile(r"[,;:.!¡()\[\]…/+&]")
_SEPARATOR_WORDS = frozenset({"and", "plus", "y", "e"})
# Words that name nothing on their own: a reply made only of these (and filler) is not a
# piece of an option's words ("the" of "the usual", "of" of "top of my head").
# fmt: off
_FUNCTION_WORDS = frozenset({
    "and", "or", "of", "to", "for", "with", "than", "as", "your",
    "y", "o", "u", "e", "de", "del", "al", "con", "para", "por", "que", "se", "me", "te",
    "lo", "le", "su", "sus",
})
# fmt: on
# Multi replies only: a part that is only this closes the list ("itch, that's all").
_LIST_ENDS = frozenset({"that s all", "that s it", "eso es todo", "nada mas", "ya esta"})
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


def _word_lists(lists: Mapping[str, tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Every phrase of every language's list, folded, as words (longest first)."""
    phrases = {
        tuple(fold(phrase).split()) for phrase_list in lists.values() for phrase in phrase_list
    }
    return tuple(sorted(filter(None, phrases), key=lambda p: (-len(p), p)))


# Doubt and hedges ("not sure", "creo que no", "I think so"), for every question type,
# and words that make a number approximate ("about 40", "casi 18"), for numbers only.
# The lists, and how they meet an option's own words, are in intake_bot.engine.hedges.
_HEDGE = _any_of(HEDGES)
_APPROXIMATE = _any_of(APPROXIMATIONS)
_FILLER = _word_lists(FILLER)
# Beside the words of one option in a part of a multi reply: FILLER and MULTI_FILLER.
_PART_FILLER = tuple(
    sorted(set(_FILLER) | set(_word_lists(MULTI_FILLER)), key=lambda p: (-len(p), p))
)
_FIRM_FORMS = tuple(
    sorted(
        [(form, "yes") for form in _word_lists(FIRM_YES)]
        + [(form, "no") for form in _word_lists(FIRM_NO)],
        key=lambda found: -len(found[0]),
    )
)


@dataclass(frozen=True)
class _Phrase:
    words: str  # folded
    value: str
    stops: frozenset[int] = frozenset()  # a mark stood before these words (see _folded)


def _folded(text: str) -> tuple[str, frozenset[int]]:
    """``fold(text)``, and the indices of its words that a punctuation mark stood
    before ("no, lo estoy" -> "no lo estoy", {1}); none at either end."""
    words: list[str] = []
    stops: set[int] = set()
    for i, piece in enumerate(_STOP_MARKS.split(text)):
        if i:
            stops.add(len(words))
        words += fold(piece).split()
    return " ".join(words), frozenset(b for b in stops if 0 < b < len(words))


def _phrase(name: str, value: str) -> _Phrase:
    words, stops = _folded(name)
    return _Phrase(words, value, stops)


def _stops_fit(reply_stops: frozenset[int], start: int, size: int, phrase: _Phrase) -> bool:
    """Whether the reply's marks (word indices) inside ``phrase``, found at its word
    ``start`` for ``size`` words, stand where the phrase has its own."""
    return all(b - start in phrase.stops for b in reply_stops if start < b < start + size)


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
            found += [_phrase(name, value) for name in names]
        return [p for p in found if p.words]
    for option in question.options:
        names = [option.value, *option.text.values()]
        names += [s for words in option.synonyms.values() for s in words]
        found += [_phrase(name, option.value) for name in names]
    return [p for p in found if p.words]


def _phrase_table(flow: Flow, question: Question) -> list[_Phrase]:
    """The words of the options ``question`` offers (a question whose show_if hide some
    options has one table per set of options shown), built once per flow."""
    key = f"phrases:{question.id}:{','.join(question.option_values)}"
    return flow.compiled(key, lambda f: _phrases(f, question))


def _yes_no_words(flow: Flow) -> dict[str, frozenset[str]]:
    """The flow's yes words and no words, folded ("yes", "yep", "si"; "no", "nope")."""
    if flow.yes_no is None:
        return {"yes": frozenset(), "no": frozenset()}
    texts = flow.yes_no
    return {
        value: frozenset(
            fold(name)
            for name in [
                value,
                *labels.values(),
                *(s for words in synonyms.values() for s in words),
            ]
        )
        for value, labels, synonyms in (
            ("yes", texts.yes, texts.yes_synonyms),
            ("no", texts.no, texts.no_synonyms),
        )
    }


def _spans(haystack: str, needle: str) -> Iterator[tuple[int, int]]:
    """Where ``needle`` stands in ``haystack`` as whole words, every time. (No regular
    expression: one made of a reply would stay in ``re``'s cache of patterns, a copy
    of what the person typed kept after they have gone.)"""
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or not _is_word(haystack[start - 1])) and (
            end == len(haystack) or not _is_word(haystack[end])
        ):
            yield start, end
        start = haystack.find(needle, start + 1)


def _contains(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` first stands in ``haystack`` as whole words."""
    return next(_spans(haystack, needle), None)


def _is_word(character: str) -> bool:
    """What ``\\w`` matches: a letter, digit or underscore, in any script."""
    return character.isalnum() or character == "_"


def _has_symbol(text: str, allowed: str = "") -> bool:
    """Whether ``text`` holds a symbol (an emoji such as 🤞 or 🤔, "=", "<", "~", "€"):
    words the person added that folding would drop. Not the smiles of
    :data:`~intake_bot.engine.hedges.FILLER_SYMBOLS`, nor accents typed alone (´ ` ^, and skin
    tones): "I´m" is typed on Spanish keyboards."""
    allowed += FILLER_SYMBOLS
    return any(unicodedata.category(ch) in ("So", "Sm", "Sc") and ch not in allowed for ch in text)


def _option_symbols(flow: Flow, question: Question) -> str:
    """The symbols that stand in the options' own words (none in the shipped flow)."""
    names = [name for option in question.options for name in option.text.values()]
    names += [s for o in question.options for words in o.synonyms.values() for s in words]
    return "".join(sorted({ch for name in names for ch in name if _has_symbol(ch)}))


def _hidden_named(
    flow: Flow, question: Question, folded: str, stops: frozenset[int] = frozenset()
) -> bool:
    """Whether ``folded`` names an option of ``question`` that this person is not
    offered (its show_if hides it): such a reply is not understood, never read as
    the offered option it may also mention."""
    whole = flow.question(question.id)
    if whole.option_values == question.option_values or _OPTION_NUMBER.fullmatch(folded):
        return False  # (a number is the offered option of that number)
    return not _match_option(flow, whole, folded, stops=stops) <= set(question.option_values)


def _match_option(
    flow: Flow,
    question: Question,
    folded: str,
    strict: bool = False,
    stops: frozenset[int] = frozenset(),
    part: bool = False,
) -> set[str]:
    """The option values ``folded`` names.

    An exact name wins. Otherwise every mention counts: an option's words inside the
    reply ("yes I did"), or the reply inside an option's words ("dandruff" for
    "Dandruff or oily scalp"), as whole words. A reply that is only a piece of an
    option's words leaving out their negation ("thinner" of "It does not look thinner",
    "sure" of "not sure"), or only function words and filler ("the" of "the usual"),
    names nothing; beside an option's words in it, that piece does not count ("estoy
    embarazada" is not "no estoy embarazada"). A mention inside a longer mention of
    another option gives way to it ("usual" inside "much more than usual"); mentions
    of two options side by side ("yes and no") are left for the caller to refuse. A
    negation or a hedge outside the words matched names nothing ("creo que no", "I
    think so"); see :mod:`intake_bot.engine.hedges`. ``strict`` (yes/no and single choice):
    one option named with any word left over that is not filler or a firm form of the
    same sense names nothing ("no, que sepa"; see :func:`_left_over`). ``stops``: where
    the reply had punctuation (see :func:`_folded`); an option's words are not found
    across it unless they have it too. ``part`` (a part of a multi reply): a word left
    beside the options named that is not filler or multi filler names nothing ("itchy
    bleeding", "eliquis metformin").
    """
    table = _phrase_table(flow, question)
    values = question.option_values
    number = _OPTION_NUMBER.fullmatch(folded)
    if number:
        index = int(number.group(1))
        return {values[index - 1]} if 1 <= index <= len(values) else set()
    exact = {p.value for p in table if p.words == folded and stops <= p.stops}
    if exact:
        return exact
    if any(ch in "0123456789" for ch in folded):
        return set()  # "3 months" near "less than 3 months" and "3 to 12 months": ask, never guess
    if _hedged(flow, question, folded):
        return set()
    mentions: list[tuple[int, int, str]] = []
    named = False  # some option's words stand in the reply
    negated_piece = False  # the reply is a piece of some option's words, without their "not"
    says_something = not all(w in _FUNCTION_WORDS or _only_filler([w]) for w in folded.split())
    for phrase in table:
        size = phrase.words.count(" ") + 1
        spans = [
            span
            for span in _spans(folded, phrase.words)
            if _stops_fit(stops, folded.count(" ", 0, span[0]), size, phrase)
        ]
        if spans:
            mentions += [(*span, phrase.value) for span in spans]
            named = True
        elif len(folded) >= 3 and (piece := _piece_of(folded, phrase, stops)) is not None:
            if piece and says_something:
                mentions.append((0, len(folded), phrase.value))
            elif not piece:
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
    if strict:
        kept = _outside_firm_forms(flow, folded, kept, stops)
    named_values = {value for _, _, value in kept}
    firm: list[tuple[int, int]] = []
    if strict and len(named_values) == 1:
        firm = _left_over(flow, folded, kept, stops)
        if firm is None:
            return set()
    if part and not _only_filler_beside(folded, kept, _PART_FILLER):
        return set()  # "itchy bleeding": "bleeding" is never dropped
    for found in _NEGATION.finditer(folded):
        if not any(s <= found.start() and found.end() <= e for s, e, *_ in [*kept, *firm]):
            return set()
    return named_values


def _outside_firm_forms(
    flow: Flow, folded: str, kept: list[tuple[int, int, str]], stops: frozenset[int]
) -> list[tuple[int, int, str]]:
    """``kept`` without a yes inside a longer firm no ("I do" in "no, I do not", "I am"
    in "no, I am not"): it gives way to it, as a mention to a longer one."""
    yes_words = flow.compiled("replies:yes_no_words", _yes_no_words)["yes"]
    words = folded.split()
    starts = _word_starts(folded)
    forms: list[tuple[int, int]] = []
    for form in (form for form, kind in _FIRM_FORMS if kind == "no"):
        size = len(form)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) == form and not any(i < b < i + size for b in stops):
                forms.append((starts[i], starts[i + size - 1] + len(words[i + size - 1])))
    return [
        (start, end, value)
        for start, end, value in kept
        if not (
            (value == "yes" or folded[start:end] in yes_words)
            and any(s <= start and end <= e and e - s > end - start for s, e in forms)
        )
    ]


def _word_starts(folded: str) -> list[int]:
    """Where each word of ``folded`` (single spaces) starts."""
    starts: list[int] = []
    position = 0
    for word in folded.split(" "):
        starts.append(position)
        position += len(word) + 1
    return starts


def _left_over(
    flow: Flow, folded: str, kept: list[tuple[int, int, str]], stops: frozenset[int]
) -> list[tuple[int, int]] | None:
    """The spans of the firm forms beside the one option ``kept`` names, or None when
    a word is left over that is neither one of them nor filler.

    A firm form says yes ("I am", "lo tengo") or no ("I'm not", "no tengo"): one that
    says no stands only beside a no (the option "no", or a no word of the flow such as
    "nope" or "nunca"), one that says yes never beside a no ("no, I am" is asked again).
    """
    words = folded.split()
    starts = _word_starts(folded)
    covered = [any(s <= start < e for s, e, _ in kept) for start in starts]
    mentioned = {folded[s:e] for s, e, _ in kept}
    no_words = flow.compiled("replies:yes_no_words", _yes_no_words)["no"]
    says_no = kept[0][2] == "no" or bool(mentioned & no_words)
    firm: list[tuple[int, int]] = []
    taken = [False] * len(words)
    for form, kind in _FIRM_FORMS:  # longest first: "i am not" before "i am"
        size = len(form)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) != form or any(taken[i : i + size]):
                continue
            if any(i < b < i + size for b in stops):
                continue  # "no, tengo" is not "no tengo"
            if (kind == "no") != says_no:
                if not any(covered[i : i + size]):
                    return None  # "no, I am", "yes, I'm not", "the crown, it isn't"
                continue  # (within the option's words: "I don't know" is not sure)
            for j in range(i, i + size):
                taken[j] = True
            end = starts[i + size - 1] + len(words[i + size - 1])
            firm.append((starts[i], end))
    runs: list[list[str]] = [[]]  # the words left over, run by run
    for word, done in zip(
        words, [c or t for c, t in zip(covered, taken, strict=True)], strict=True
    ):
        if done:
            runs.append([])
        else:
            runs[-1].append(word)
    return firm if all(_only_filler(run) for run in runs) else None


def _only_filler_beside(
    folded: str, kept: list[tuple[int, int, str]], filler: tuple[tuple[str, ...], ...]
) -> bool:
    """Whether every word of ``folded`` outside the spans ``kept`` is ``filler``, run
    by run ("i take eliquis": "i take"; "a bit of dandruff": "a bit of")."""
    runs: list[list[str]] = [[]]
    for start, word in zip(_word_starts(folded), folded.split(" "), strict=True):
        if any(s <= start < e for s, e, _ in kept):
            runs.append([])
        else:
            runs[-1].append(word)
    return all(_only_filler(run, filler) for run in runs)


def _only_filler(words: list[str], filler: tuple[tuple[str, ...], ...] = _FILLER) -> bool:
    """Whether ``words`` are all ``filler`` (by default :data:`~intake_bot.engine.hedges.FILLER`:
    "thank you", "por favor", "i"); True for none."""
    i = 0
    while i < len(words):
        found = next((p for p in filler if tuple(words[i : i + len(p)]) == p), None)
        if found is None:
            return False
        i += len(found)
    return True


def _piece_of(folded: str, phrase: _Phrase, stops: frozenset[int]) -> bool | None:
    """Whether ``folded`` stands in ``phrase``'s words as whole words, its marks where
    theirs are (None if not), and leaves none of their negation out (False for "sure"
    in "not sure")."""
    words = phrase.words
    span = _contains(words, folded)
    if span is None:
        return None
    offset = words.count(" ", 0, span[0])  # (the reply's first word in the phrase's)
    if not all(b + offset in phrase.stops for b in stops):
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
    """The answer ``reply`` gives to ``question`` (as the person sees it: only the
    options offered to them), checked and normalised.

    Raises :class:`ReplyNotUnderstood` when the reply names no offered option, several
    options where one is wanted, anything beyond an option's words and filler on a
    yes/no or single-choice question, a part naming nothing (or an option not
    offered) in a multi reply, a hedge, a question mark, or no single firm number; and
    :class:`~intake_bot.engine.answers.AnswerError` when it is clear but not allowed (out of
    range, "none" with others, too long).
    """
    text = reply.strip()
    if not text:  # (a question with a list has its Enter answered by the list)
        key = "empty_reply" if question.option_values else "empty_reply_typed"
        raise ReplyNotUnderstood(say(key, language))
    if question.type == "text":
        return normalize_answer(flow, question, text, language)
    if len(text) > _MAX_REPLY or _UNSURE_MARK.search(text):
        raise _not_understood(flow, question, language)  # "no?": a question, not an answer
    if question.type == "number":
        return _number_reply(flow, question, text, language)
    if question.type == "multi":
        return _multi_reply(flow, question, text, language)
    if _has_symbol(text, _option_symbols(flow, question)):
        raise _not_understood(flow, question, language)  # "no 🤞": words folding would drop
    folded, stops = _folded(text)
    values = _match_option(flow, question, folded, strict=True, stops=stops)
    exact = any(p.words == folded and stops <= p.stops for p in _phrase_table(flow, question))
    if not exact and _hidden_named(flow, question, folded, stops):
        raise _not_understood(flow, question, language)
    if len(values) == 1:
        return normalize_answer(flow, question, values.pop(), language)
    if values:
        raise _ambiguous(flow, question, values, language)
    raise _not_understood(flow, question, language)


def _number_reply(flow: Flow, question: Question, text: str, language: str) -> Answer:
    """A number in the text, other words free ("I'm 42", "tengo 19"); asked again when
    hedged or approximate ("about 40", "~40", "18+")."""
    assert question.min is not None and question.max is not None
    numbers = _NUMBER.findall(text)
    bounds = {"min": plain_number(question.min), "max": plain_number(question.max)}
    folded = fold(text)
    if (
        not numbers
        or _HEDGE.search(folded)
        or _APPROXIMATE.search(folded)
        or _APPROXIMATE_SIGN.search(text)
    ):
        raise _not_understood(flow, question, language)  # "creo que 40", "about 40": ask
    if len(numbers) > 1:
        raise ReplyNotUnderstood(say("one_number", language, **bounds))
    value = float(numbers[0].replace(",", "."))
    return normalize_answer(flow, question, int(value) if value.is_integer() else value, language)


def _multi_reply(flow: Flow, question: Question, text: str, language: str) -> Answer:
    """Several choices: every part of the reply names an offered option, or is filler.

    The option's own words are found first and never cut ("Pain, burning or soreness",
    "periods come and go"); the rest is cut at commas, "and", "y", "&"... A part that
    names nothing ("bleeding" in "itchy and bleeding"), or an option not offered to
    this person ("beard" for a woman), or one with a word beside the option's that is
    not filler ("itchy bleeding", "eliquis metformin"; see
    :data:`~intake_bot.engine.hedges.MULTI_FILLER`), asks the whole reply again: a symptom
    or a medicine is never dropped.
    """
    symbols = "+" + _option_symbols(flow, question)
    if _has_symbol(text, symbols) or _hedged(flow, question, fold(text)):
        raise _not_understood(flow, question, language)  # (also a hedge a comma would split)
    parts = _parts(flow, question, text)
    chosen: list[str] = []
    for part in parts:
        if part in _LIST_ENDS or _only_filler(part.split()):
            continue  # "itch, thanks", "picor y nada más" (not "warfarin and a bit of")
        values = _match_option(flow, question, part, part=True)
        if not values or _hidden_named(flow, question, part):
            raise _not_understood(flow, question, language)
        if len(values) > 1:
            raise _ambiguous(flow, question, values, language)
        chosen.append(values.pop())
    if not chosen:
        raise _not_understood(flow, question, language)
    return normalize_answer(flow, question, chosen, language)


def _parts(flow: Flow, question: Question, text: str) -> list[str]:
    """The parts of a multi reply, folded: cut at separator marks and words, except
    inside an option's words (of every option of the question, offered or not: a part
    naming a hidden one is then refused whole). "1 3" is two parts."""
    words: list[str] = []
    breaks: set[int] = set()  # a mark stood before words[i]
    for i, piece in enumerate(_SEPARATOR_MARKS.split(text)):
        if i:
            breaks.add(len(words))
        words += fold(piece).split()
    inside = [False] * len(words)  # words[i] continues an option's words begun before it
    used = [False] * len(words)  # words[i] is one of an option's words (longest first)
    table = _phrase_table(flow, flow.question(question.id))
    phrases = sorted((p for p in table if " " in p.words), key=lambda p: -len(p.words))
    for phrase in phrases:
        named = tuple(phrase.words.split())
        size = len(named)
        for i in range(len(words) - size + 1):
            if (
                tuple(words[i : i + size]) == named
                and not any(used[i : i + size])
                and _stops_fit(frozenset(breaks), i, size, phrase)
            ):
                for j in range(i, i + size):
                    used[j] = True
                    inside[j] = j > i
    parts: list[list[str]] = [[]]
    for i, word in enumerate(words):
        if inside[i]:
            parts[-1].append(word)
        elif word in _SEPARATOR_WORDS:
            parts.append([])
        else:
            if i in breaks:
                parts.append([])
            parts[-1].append(word)
    found: list[str] = []
    for part in parts:
        if part and all(word.isdigit() for word in part):
            found += part  # "1 3" -> two numbers
        elif part:
            found.append(" ".join(part))
    return found
