"""The engine's own words (not the flow's), in each language it speaks.

Flow texts live in the flow file; these are the few sentences the engine itself
says: an answer that is not allowed, a reply it did not understand. A flow in a
language this table lacks gets English.
"""

from __future__ import annotations

from typing import Any

FALLBACK = "en"

_MESSAGES: dict[str, dict[str, str]] = {
    "choose_one": {
        "en": "Please choose one of: {options}.",
        "es": "Por favor, elige una de estas opciones: {options}.",
    },
    "choose_some": {
        "en": "Please choose one or more of: {options}.",
        "es": "Por favor, elige una o más de estas opciones: {options}.",
    },
    "exclusive": {
        "en": "“{option}” can only be chosen on its own. Please pick it alone, or the others without it.",
        "es": "«{option}» no se puede combinar con otras opciones: elígela sin las demás, o las demás sin ella.",
    },
    "need_number": {
        "en": "Please give a number from {min} to {max}.",
        "es": "Por favor, escribe un número del {min} al {max}.",
    },
    "need_whole_number": {
        "en": "Please give a whole number from {min} to {max}.",
        "es": "Por favor, escribe un número entero del {min} al {max}.",
    },
    "out_of_range": {
        "en": "{value} is outside what this question takes: please give a number from {min} to {max}.",
        "es": "{value} está fuera de lo que admite esta pregunta: escribe un número del {min} al {max}.",
    },
    "one_number": {
        "en": "I found more than one number there. Please give just one, from {min} to {max}.",
        "es": "Veo más de un número. Escribe solo uno, del {min} al {max}.",
    },
    "need_text": {
        "en": "Please type a short answer.",
        "es": "Por favor, escribe una respuesta corta.",
    },
    "too_long": {
        "en": "That answer is a little long: please keep it under {max} characters (it has {length}).",
        "es": "La respuesta es algo larga: por favor, que tenga menos de {max} caracteres (tiene {length}).",
    },
    "empty_reply": {
        "en": "Please type an answer, or choose one from the list.",
        "es": "Escribe una respuesta, o elige una de la lista.",
    },
    "empty_reply_typed": {
        "en": "Please type your answer in the box first.",
        "es": "Escribe primero tu respuesta en el recuadro, por favor.",
    },
    "not_understood": {
        "en": "Sorry, I didn't quite understand that. {accepts}",
        "es": "Perdona, no lo he entendido bien. {accepts}",
    },
    "ambiguous": {
        "en": "Sorry, that could mean more than one answer ({matches}). {accepts}",
        "es": "Perdona, eso puede ser más de una respuesta ({matches}). {accepts}",
    },
    "accepts_choice": {
        "en": "You can type the number or the words of one option: {options}.",
        "es": "Puedes escribir el número o las palabras de una opción: {options}.",
    },
    "accepts_multi": {
        "en": "You can type the numbers or words of one or more options, separated by commas: {options}.",
        "es": "Puedes escribir los números o las palabras de una o más opciones, separadas por comas: {options}.",
    },
    "accepts_number": {
        "en": "Please type a number from {min} to {max}.",
        "es": "Escribe un número del {min} al {max}.",
    },
    "missing_answer": {
        "en": "question {question!r} is asked on this path but has no answer",
        "es": "la pregunta {question!r} se hace en este recorrido pero no tiene respuesta",
    },
    "not_asked": {
        "en": "question {question!r} is not asked on this path (its ask_if does not hold), so it cannot have an answer",
        "es": "la pregunta {question!r} no se hace en este recorrido (su ask_if no se cumple), así que no puede tener respuesta",
    },
    "unknown_question": {
        "en": "{question!r} is not a question of flow {flow!r}",
        "es": "{question!r} no es una pregunta del cuestionario {flow!r}",
    },
    "and": {"en": "and", "es": "y"},
    "or": {"en": "or", "es": "o"},
}


def say(key: str, language: str, **params: Any) -> str:
    texts = _MESSAGES[key]
    template = texts.get(language) or texts[FALLBACK]
    return template.format(**params)


def join_words(items: list[str], language: str, conjunction: str = "and") -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"`` in the language's words (in Spanish
    "y" becomes "e" before an i sound and "o" becomes "u" before an o sound)."""
    if len(items) <= 1:
        return "".join(items)
    word = say(conjunction, language)
    if language == "es":
        last = items[-1].lower()
        if (
            word == "y"
            and last.startswith(("i", "hi", "í", "hí"))
            and not last.startswith(("hie", "hia"))
        ):
            word = "e"
        elif word == "o" and last.startswith(("o", "ho", "ó", "hó")):
            word = "u"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
