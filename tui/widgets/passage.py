"""A block of document text that wraps Chinese cleanly at the width it is given."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.wrap import wrap


class Passage(Widget):
    DEFAULT_CSS = """
    Passage { height: auto; }
    """

    def __init__(self, body: Text, **kwargs):
        super().__init__(**kwargs)
        self.body = body

    def update(self, body: Text) -> None:
        self.body = body
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return wrap(self.body, width).plain.count("\n") + 1

    def render(self) -> Text:
        return wrap(self.body, self.size.width or 80)
