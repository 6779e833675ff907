"""Key descriptions in the footer follow the person's language."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from intake_bot.tui.strings import t

#: action -> the string key of its description
ACTION_WORDS = {
    "help": "key_help",
    "switch_language": "key_language",
    "app.switch_language": "key_language",
    "toggle_contrast": "key_contrast",
    "back": "back",
    "dismiss": "close",
    "edit": "key_change",
    "focus_buttons": "key_buttons",
}


def localize_bindings(node: DOMNode, language: str) -> None:
    """Give ``node``'s shown bindings their description in ``language``."""
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=t(ACTION_WORDS[b.action], language))
            if b.action in ACTION_WORDS and b.description
            else b
            for b in bindings
        ]
    node.refresh_bindings()
