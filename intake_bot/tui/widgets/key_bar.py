"""The key bar at the bottom: the keys a person can press here, from the declared bindings.

It does what Textual's ``Footer`` does for this app (shows every active binding with
``show=True`` and its description; a click presses the key) as one widget drawing one
line. ``Footer`` builds a widget per key and rebuilds them all whenever focus moves,
which cost a full layout of the screen after every answer; this bar only repaints,
and only when the keys shown actually change.

The descriptions are said in the app's language: each action's words are in the
catalog (``ACTION_WORDS``); the bindings' own descriptions are the fallback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.events import Click
from textual.widget import Widget

from intake_bot.catalog import say

if TYPE_CHECKING:
    from textual.screen import Screen

    from intake_bot.tui.app import IntakeApp

#: action -> the catalog key of its description
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

#: (key, how the key is shown, description, enabled) for each key on the bar.
Shown = tuple[tuple[str, str, str, bool], ...]


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    ALLOW_SELECT = False

    app: IntakeApp

    def __init__(self) -> None:
        super().__init__()
        self._shown: Shown = ()
        #: (first column, end column, key) of each key drawn, for clicks.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)
        self.app.language_signal.subscribe(self, lambda _: self._bindings_changed(self.screen))

    def on_unmount(self) -> None:
        # (the signals hold what they call: let go, or this bar is never freed)
        self.app.language_signal.unsubscribe(self)
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        seen: set[str] = set()
        shown = []
        language = self.app.language
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                key_display = self.app.get_key_display(binding)
                words = ACTION_WORDS.get(binding.action)
                description = say(words, language) if words else binding.description
                shown.append((binding.key, key_display, description, enabled))
        if tuple(shown) != self._shown:
            self._shown = tuple(shown)
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled_style = self.get_component_rich_style("key-bar--disabled")
        line = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for key, key_display, description, enabled in self._shown:
            start = line.cell_len
            line.append(f" {key_display} ", key_style if enabled else disabled_style)
            if description:
                line.append(f"{description} ", description_style)
            self._spans.append((start, line.cell_len, key))
            line.append(" ")
        return line

    @property
    def keys_shown(self) -> list[str]:
        """The descriptions on the bar, in order (what a person reads)."""
        return [description for _key, _display, description, _enabled in self._shown]

    def on_click(self, event: Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
