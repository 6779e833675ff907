"""Lines that go to the screen as their widget drew them.

Textual passes every line a widget renders through its CSS pass (``StylesCache``):
border, padding, tint, opacity, then the app's line filters. A widget with none of
those, whose lines come out of ``render_line`` already whole (full width, colours
done), pays for that pass without needing it, and the conversation pays it on every
answer: the new bubbles scroll every line of the transcript, and the scroll bar moves.
Measured on the bench (``bench/tui.py``), the two cost about 2 ms of each answer's
frame.

``lines_as_drawn`` gives a widget's lines with only what still applies: the width the
widget covers (a bare scroll bar gutter gets the widget's background) and the app's
line filters (e.g. monochrome under NO_COLOR). Use it only for a widget whose CSS sets
no border, padding, tint, opacity or text opacity.

``DirectScrollBar`` gives a widget a scroll bar drawn as Textual draws it (the same
glyphs, colours and mouse actions: drag the thumb, click above or below it), straight
into strips rather than through Rich and the CSS pass.
"""

from __future__ import annotations

from rich.color import Color
from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget


def lines_as_drawn(widget: Widget, crop: Region) -> list[Strip]:
    """``widget``'s lines in ``crop`` (widget coordinates), from its ``render_line``."""
    return finish_lines(widget, [widget.render_line(y) for y in crop.line_range], crop)


def finish_lines(widget: Widget, lines: list[Strip], crop: Region) -> list[Strip]:
    """``lines`` (the lines of ``crop``, as ``widget`` drew them) made ready for the
    screen: as wide as the widget, through the app's line filters, cropped."""
    _, background = widget.background_colors
    filters = widget.get_line_filters()
    width, base = widget.size.width, widget.rich_style
    x1, x2 = crop.column_span
    strips = []
    for strip in lines:
        strip = strip.adjust_cell_length(width, base)  # (each of these steps is cached
        for line_filter in filters:  # on the strip: a line drawn before costs little)
            strip = strip.apply_filter(line_filter, background)
        strips.append(strip.crop(x1, x2))
    return strips


class StripScrollBar(ScrollBar):
    """A vertical scroll bar whose lines are made directly from Textual's own bar."""

    def render_lines(self, crop: Region) -> list[Strip]:
        bar = self.render()
        if not isinstance(bar, ScrollBarRender) or not isinstance(bar.style, Style):
            return super().render_lines(crop)  # (not the bar this class knows)
        segments = ScrollBarRender.render_bar(
            size=self.size.height,
            virtual_size=bar.virtual_size,
            window_size=bar.window_size,
            position=bar.position,
            thickness=bar.thickness,
            vertical=True,
            back_color=bar.style.bgcolor or Color.parse("#555555"),
            bar_color=bar.style.color or Color.parse("bright_magenta"),
        ).segments
        bars = [Strip([segment], self.thickness) for segment in segments[crop.y : crop.bottom]]
        return finish_lines(self, bars, crop)


class DirectScrollBar(Widget):
    """Mixed in, its vertical bar is a ``StripScrollBar`` (made as
    ``Widget.vertical_scrollbar`` makes Textual's). List it *after* the widget's own
    base, ``class ChoiceList(ScrollView, DirectScrollBar)``: Textual takes CSS and
    component classes from the first base only."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is None:
            bar = StripScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar
