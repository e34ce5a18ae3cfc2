"""One pane of the reader: a header line naming the document, and its DocView."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from index.text.normal import visible
from tui.widgets.doc_view import DocView


class DocPane(Vertical):
    """A one-line header naming the document, and its DocView."""

    DEFAULT_CSS = """
    DocPane { width: 1fr; height: 1fr; }
    DocPane > .reader-head { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    DocPane.-active > .reader-head { background: $primary 40%; color: $text; }
    """

    def __init__(self, slot: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.slot = slot

    def compose(self) -> ComposeResult:
        yield Static("", classes="reader-head")
        yield DocView(id=f"view-{self.slot}")

    def set_head(self, info) -> None:
        head = Text(visible(info.short or info.zone or "?"), style="bold")
        head.append(" · ")
        head.append(visible(info.title or info.doc_id))
        if info.year:
            head.append(f" · {info.year}")
        self.query_one(".reader-head", Static).update(head)
