"""The screen's own words (buttons, labels, help), per language; flow texts come from the flow."""

from __future__ import annotations

_STRINGS: dict[str, dict[str, str]] = {
    "agree": {"en": "I agree, let's start", "es": "Acepto, empecemos"},
    "leave": {"en": "Leave", "es": "Salir"},
    "language": {"en": "Language", "es": "Idioma"},
    "back": {"en": "Back", "es": "Atrás"},
    "continue": {"en": "Continue", "es": "Continuar"},
    "type_reply": {
        "en": "Type your answer here, or choose above…",
        "es": "Escribe aquí tu respuesta, o elige arriba…",
    },
    "type_number": {"en": "Type a number…", "es": "Escribe un número…"},
    "type_text": {"en": "Type your answer…", "es": "Escribe tu respuesta…"},
    "progress": {
        "en": "Question {position} · about {remaining} to go",
        "es": "Pregunta {position} · quedan unas {remaining}",
    },
    "progress_one": {
        "en": "Question {position} · one more after this",
        "es": "Pregunta {position} · queda una más",
    },
    "type_several": {
        "en": "Space ticks, Enter goes on, or type them…",
        "es": "Espacio marca, Enter sigue, o escríbelas…",
    },
    "progress_last": {
        "en": "Question {position} · the last one",
        "es": "Pregunta {position} · la última",
    },
    "edit_hint": {
        "en": "changing an earlier answer",
        "es": "cambiando una respuesta anterior",
    },
    "review_title": {"en": "Please check your answers", "es": "Revisa tus respuestas"},
    "review_help": {
        "en": "Select an answer to change it. When everything is right, see your result.",
        "es": "Elige una respuesta para cambiarla. Cuando todo esté bien, mira tu resultado.",
    },
    "see_result": {"en": "See my result", "es": "Ver mi resultado"},
    "why": {"en": "Why", "es": "Por qué"},
    "next_steps": {"en": "What happens next", "es": "Qué pasa ahora"},
    "start_again": {"en": "Start again", "es": "Empezar de nuevo"},
    "quit": {"en": "Quit", "es": "Salir"},
    "help_title": {"en": "Help", "es": "Ayuda"},
    "help_text": {
        "en": (
            "Answer each question by choosing an option (arrow keys and Enter, or click) "
            "or by typing a reply and pressing Enter or Continue: a number, the words of "
            "an option, yes or no.\n\nFor questions where you can pick several, press "
            "Space or click to tick each one, then Enter or Continue.\n\nTo change an "
            "earlier answer, press "
            "Escape to go back one question, click your answer in the conversation, or "
            "press Shift+Tab and pick it with the arrow keys and Enter.\n\n"
            "F2 switches language. F3 switches high contrast. F1 shows this help."
        ),
        "es": (
            "Responde cada pregunta eligiendo una opción (flechas y Enter, o un clic) o "
            "escribiendo una respuesta y pulsando Enter o Continuar: un número, las "
            "palabras de una opción, sí o no.\n\nEn las preguntas donde puedes elegir "
            "varias, pulsa Espacio o haz clic para marcar cada una, y luego Enter o "
            "Continuar.\n\nPara cambiar una "
            "respuesta anterior, pulsa Escape para volver una pregunta, haz clic en tu "
            "respuesta en la conversación, o pulsa Mayús+Tab y elígela con las flechas y "
            "Enter.\n\nF2 cambia el idioma. F3 activa el alto "
            "contraste. F1 muestra esta ayuda."
        ),
    },
    "close": {"en": "Close", "es": "Cerrar"},
    "key_help": {"en": "Help", "es": "Ayuda"},
    "staff_pin": {
        "en": "Staff only: enter the PIN to leave kiosk mode",
        "es": "Solo personal: escribe el PIN para salir del modo quiosco",
    },
    "pin_wrong": {"en": "That PIN is not right.", "es": "Ese PIN no es correcto."},
    "pin_wrong_wait": {
        "en": "That PIN is not right. Please wait {seconds} s before trying again.",
        "es": "Ese PIN no es correcto. Espera {seconds} s antes de volver a intentarlo.",
    },
    "pin_wait": {
        "en": "Please wait {seconds} s before trying again.",
        "es": "Espera {seconds} s antes de volver a intentarlo.",
    },
    "pin_rule": {
        "en": "A staff PIN has {low} to {high} digits.",
        "es": "El PIN del personal tiene de {low} a {high} cifras.",
    },
    "pin_broken": {
        "en": "The PIN setting is broken — see the README (Kiosk mode).",
        "es": "La configuración del PIN está rota — consulta el README (Kiosk mode).",
    },
    "still_there": {"en": "Are you still there?", "es": "¿Sigues ahí?"},
    "still_here": {"en": "Yes, I'm here", "es": "Sí, sigo aquí"},
    "wipe_in": {
        "en": "To keep your answers private, this screen will clear in {seconds} s.",
        "es": "Para proteger tus respuestas, esta pantalla se borrará en {seconds} s.",
    },
    "ticket": {"en": "Your ticket", "es": "Tu código"},
    "ticket_help": {
        "en": "Please show this code at the front desk.",
        "es": "Por favor, enseña este código en recepción.",
    },
    "not_saved": {
        "en": "Sorry, your answers could not be saved. Please tell the staff.",
        "es": "Lo sentimos, no se han podido guardar tus respuestas. Por favor, díselo al personal.",
    },
    "not_saved_self": {
        "en": "Sorry, your summary could not be saved on this computer.",
        "es": "Lo sentimos, no se ha podido guardar tu resumen en este ordenador.",
    },
    "saving": {
        "en": "Saving your answers…",
        "es": "Guardando tus respuestas…",
    },
    "key_language": {"en": "Español", "es": "English"},
    "key_contrast": {"en": "Contrast", "es": "Contraste"},
    "key_change": {"en": "Change this answer", "es": "Cambiar esta respuesta"},
    "key_buttons": {"en": "To the buttons", "es": "Ir a los botones"},
    "too_small": {
        "en": "Please make this window a little bigger.",
        "es": "Por favor, haz esta ventana un poco más grande.",
    },
}


def t(key: str, language: str, **params: object) -> str:
    texts = _STRINGS[key]
    text = texts.get(language) or texts["en"]
    return text.format(**params) if params else text
