"""A block of document text that wraps Chinese cleanly at the width it is given."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.wrap import wrap


class Passage(Widget):
    """Draws `body` (a Text) wrapped at the widget's width, as tall as it needs."""

    DEFAULT_CSS = """
    Passage { height: auto; }
    """

    def __init__(self, body: Text, **kwargs):
        super().__init__(**kwargs)
        self.body = body
        self._wrapped: tuple[int, Text, int] | None = None  # (width, lines, line count)

    def update(self, body: Text) -> None:
        self.body = body
        self._wrapped = None
        self.refresh(layout=True)

    def _wrap(self, width: int) -> tuple[Text, int]:
        """The body wrapped at `width`, kept: layout asks for the height several times
        (every pane that mounts or resizes lays its siblings out again)."""
        if self._wrapped is None or self._wrapped[0] != width:
            lines = wrap(self.body, width)
            self._wrapped = (width, lines, lines.plain.count("\n") + 1)
        return self._wrapped[1], self._wrapped[2]

    def get_content_height(self, container, viewport, width: int) -> int:
        return self._wrap(width)[1]

    def render(self) -> Text:
        return self._wrap(self.size.width or 80)[0]
