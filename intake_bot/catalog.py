"""Every word the engine and the screens say, per language (the flow's own texts stay
in the flow file).

A language is one table, ``WORDS[code]``: key -> text, with ``{name}`` for what is
filled in. Another language plugs in as another table (``add_language``); a key it
lacks is said in ``SOURCE``, the language every table is translated from. Nothing
here imports textual: the engine, batch jobs and the screens share it.
"""

from __future__ import annotations

from typing import Any

#: The language every other table is translated from; said when a table lacks a key.
SOURCE = "en"

_EN: dict[str, str] = {
    # -- engine ----------------------------------------------------------------
    "choose_one": "Please choose one of: {options}.",
    "choose_some": "Please choose one or more of: {options}.",
    "exclusive": "“{option}” can only be chosen on its own. Please pick it alone, or the others without it.",
    "need_number": "Please give a number from {min} to {max}.",
    "need_whole_number": "Please give a whole number from {min} to {max}.",
    "out_of_range": "{value} is outside what this question takes: please give a number from {min} to {max}.",
    "one_number": "I found more than one number there. Please give just one, from {min} to {max}.",
    "need_text": "Please type a short answer.",
    "too_long": "That answer is a little long: please keep it under {max} characters (it has {length}).",
    "empty_reply": "Please type an answer, or choose one from the list.",
    "empty_reply_typed": "Please type your answer in the box first.",
    "not_understood": "Sorry, I didn't quite understand that. {accepts}",
    "ambiguous": "Sorry, that could mean more than one answer ({matches}). {accepts}",
    "accepts_choice": "You can type the number or the words of one option: {options}.",
    "accepts_multi": "You can type the numbers or words of one or more options, with commas between them. The options are: {options}.",
    "accepts_number": "Please type a number from {min} to {max}.",
    "missing_answer": "question {question!r} is asked on this path but has no answer",
    "not_asked": "question {question!r} is not asked on this path (its ask_if does not hold), so it cannot have an answer",
    "unknown_question": "{question!r} is not a question of flow {flow!r}",
    "not_offered": "question {question!r}: option {option!r} is not offered on this path (its show_if does not hold)",
    "answer_to": "question {question!r}: {message}",
    "and": "and",
    "or": "or",
    # -- screens ---------------------------------------------------------------
    "agree": "I agree, let's start",
    "leave": "Leave",
    "language": "Language",
    "back": "Back",
    "continue": "Continue",
    "type_reply": "Type your answer here, or choose above…",
    "type_number": "Type a number…",
    "type_text": "Type your answer…",
    "progress": "Question {position} · about {remaining} to go",
    "progress_one": "Question {position} · one more after this",
    "type_several": "Space ticks, Enter goes on, or type them…",
    "progress_last": "Question {position} · the last one",
    "edit_hint": "changing an earlier answer",
    "review_title": "Please check your answers",
    "review_help": "Select an answer to change it. When everything is right, see your result.",
    "see_result": "See my result",
    "why": "Why",
    "next_steps": "What happens next",
    "start_again": "Start again",
    "quit": "Quit",
    "help_title": "Help",
    "help_text": "Answer each question by choosing an option (arrow keys and Enter, or click) or by typing a reply and pressing Enter or Continue: a number, the words of an option, yes or no.\n\nFor questions where you can pick several, press Space or click to tick each one, then Enter or Continue.\n\nTo change an earlier answer, press Escape to go back one question, click your answer in the conversation, or press Shift+Tab and pick it with the arrow keys and Enter.\n\nF2 switches language. F3 switches high contrast. F1 shows this help.",
    "close": "Close",
    "key_help": "Help",
    "staff_pin": "Staff only: enter the PIN to leave kiosk mode",
    "pin_wrong": "That PIN is not right.",
    "pin_wrong_wait": "That PIN is not right. Please wait {seconds} s before trying again.",
    "pin_wait": "Please wait {seconds} s before trying again.",
    "pin_rule": "A staff PIN has {low} to {high} digits.",
    "pin_broken": "The PIN setting is broken — see the README (Kiosk mode).",
    "still_there": "Are you still there?",
    "still_here": "Yes, I'm here",
    "wipe_in": "To keep your answers private, this screen will clear in {seconds} s.",
    "ticket": "Your ticket",
    "ticket_help": "Please show this code at the front desk.",
    "not_saved": "Sorry, your answers could not be saved. Please tell the staff.",
    "not_saved_self": "Sorry, your summary could not be saved on this computer.",
    "saving": "Saving your answers…",
    "save_summary": "Save my summary",
    "saving_now": "Saving…",
    "saved_self": "Your summary is saved with the code {ticket}, in {where}. To read it again, type: {command}",
    "key_language": "Español",
    "key_contrast": "Contrast",
    "key_change": "Change this answer",
    "key_buttons": "To the buttons",
    "too_small": "Please make this window a little bigger.",
}

_ES: dict[str, str] = {
    # -- engine ----------------------------------------------------------------
    "choose_one": "Por favor, elige una de estas opciones: {options}.",
    "choose_some": "Por favor, elige una o más de estas opciones: {options}.",
    "exclusive": "«{option}» no se puede combinar con otras opciones: elígela sin las demás, o las demás sin ella.",
    "need_number": "Por favor, escribe un número del {min} al {max}.",
    "need_whole_number": "Por favor, escribe un número entero del {min} al {max}.",
    "out_of_range": "{value} se sale de lo que admite esta pregunta: escribe un número del {min} al {max}.",
    "one_number": "Veo más de un número. Escribe solo uno, del {min} al {max}.",
    "need_text": "Por favor, escribe una respuesta corta.",
    "too_long": "La respuesta es algo larga: por favor, que tenga menos de {max} caracteres (tiene {length}).",
    "empty_reply": "Escribe una respuesta, o elige una de la lista.",
    "empty_reply_typed": "Escribe primero tu respuesta en el recuadro, por favor.",
    "not_understood": "Perdona, no lo he entendido bien. {accepts}",
    "ambiguous": "Perdona, eso puede ser más de una respuesta ({matches}). {accepts}",
    "accepts_choice": "Puedes escribir el número o las palabras de una opción: {options}.",
    "accepts_multi": "Puedes escribir los números o las palabras de una o más opciones, separadas por comas: {options}.",
    "accepts_number": "Escribe un número del {min} al {max}.",
    "missing_answer": "la pregunta {question!r} se hace en este recorrido pero no tiene respuesta",
    "not_asked": "la pregunta {question!r} no se hace en este recorrido (su ask_if no se cumple), así que no puede tener respuesta",
    "unknown_question": "{question!r} no es una pregunta del cuestionario {flow!r}",
    "not_offered": "pregunta {question!r}: la opción {option!r} no se ofrece en este recorrido (su show_if no se cumple)",
    "answer_to": "pregunta {question!r}: {message}",
    "and": "y",
    "or": "o",
    # -- screens ---------------------------------------------------------------
    "agree": "Acepto, empecemos",
    "leave": "Salir",
    "language": "Idioma",
    "back": "Atrás",
    "continue": "Continuar",
    "type_reply": "Escribe aquí tu respuesta, o elige arriba…",
    "type_number": "Escribe un número…",
    "type_text": "Escribe tu respuesta…",
    "progress": "Pregunta {position} · quedan unas {remaining}",
    "progress_one": "Pregunta {position} · queda una más",
    "type_several": "Espacio marca, Enter sigue, o escríbelas…",
    "progress_last": "Pregunta {position} · la última",
    "edit_hint": "cambiando una respuesta anterior",
    "review_title": "Revisa tus respuestas",
    "review_help": "Elige la respuesta que quieras cambiar. Cuando todo esté bien, mira tu resultado.",
    "see_result": "Ver mi resultado",
    "why": "Por qué",
    "next_steps": "Qué pasa ahora",
    "start_again": "Empezar de nuevo",
    "quit": "Salir",
    "help_title": "Ayuda",
    "help_text": "Responde cada pregunta eligiendo una opción (flechas y Enter, o un clic) o escribiendo una respuesta y pulsando Enter o Continuar: un número, las palabras de una opción, sí o no.\n\nEn las preguntas donde puedes elegir varias, pulsa Espacio o haz clic para marcar cada una, y luego Enter o Continuar.\n\nPara cambiar una respuesta anterior, pulsa Escape para volver una pregunta, haz clic en tu respuesta en la conversación, o pulsa Mayús+Tab y elígela con las flechas y Enter.\n\nF2 cambia el idioma. F3 activa el alto contraste. F1 muestra esta ayuda.",
    "close": "Cerrar",
    "key_help": "Ayuda",
    "staff_pin": "Solo personal: escribe el PIN para salir del modo quiosco",
    "pin_wrong": "Ese PIN no es correcto.",
    "pin_wrong_wait": "Ese PIN no es correcto. Espera {seconds} s antes de volver a intentarlo.",
    "pin_wait": "Espera {seconds} s antes de volver a intentarlo.",
    "pin_rule": "El PIN del personal tiene de {low} a {high} cifras.",
    "pin_broken": "La configuración del PIN está rota — consulta el README (Kiosk mode).",
    "still_there": "¿Sigues ahí?",
    "still_here": "Sí, sigo aquí",
    "wipe_in": "Para proteger tus respuestas, esta pantalla se borrará en {seconds} s.",
    "ticket": "Tu código",
    "ticket_help": "Por favor, enseña este código en recepción.",
    "not_saved": "Lo sentimos, no se han podido guardar tus respuestas. Por favor, díselo al personal.",
    "not_saved_self": "Lo sentimos, no se ha podido guardar tu resumen en este ordenador.",
    "saving": "Guardando tus respuestas…",
    "save_summary": "Guardar mi resumen",
    "saving_now": "Guardando…",
    "saved_self": "Tu resumen se ha guardado con el código {ticket}, en {where}. Para volver a leerlo, escribe: {command}",
    "key_language": "English",
    "key_contrast": "Contraste",
    "key_change": "Cambiar esta respuesta",
    "key_buttons": "Ir a los botones",
    "too_small": "Por favor, haz esta ventana un poco más grande.",
}

WORDS: dict[str, dict[str, str]] = {"en": _EN, "es": _ES}


def add_language(code: str, words: dict[str, str]) -> None:
    """Plug in (or extend) a language: its table of words by key."""
    WORDS.setdefault(code, {}).update(words)


def say(key: str, language: str, **params: Any) -> str:
    """The text of ``key`` in ``language`` (else in ``SOURCE``), ``params`` filled in."""
    table = WORDS.get(language, {})
    template = table[key] if key in table else WORDS[SOURCE][key]
    return template.format(**params) if params else template


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
