"""The document picker: type to filter the indexed documents, Enter picks one."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index.text.normal import fold, visible
from tui.dialogs.base import DIALOG_CSS
from tui.widgets.lists import VimOptionList


def doc_label(d) -> Text:
    """zone · title · year, as Text."""
    label = Text(visible(d.short or d.zone or "?"), style="bold cyan")
    label.append(" · ")
    label.append(visible(d.title or d.doc_id))
    if d.year:
        label.append(f" · {d.year}", style="dim")
    return label


def doc_haystack(d) -> str:
    return fold(" ".join(str(x) for x in (d.zone, d.short, d.title, d.year or "", d.date,
                                          d.doc_id, d.doc_number) if x))


def filter_docs(docs, query: str):
    """Documents whose zone, title, year… contain every word of the query (folded)."""
    words = [fold(w) for w in query.split() if fold(w)]
    return [d for d in docs if all(w in doc_haystack(d) for w in words)]


class DocPicker(ModalScreen):
    """Pick a document (zone · title · year); type to filter. Returns a doc_id or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("down", "move(1)", "Down", show=False),
                Binding("up", "move(-1)", "Up", show=False),
                Binding("pagedown", "move(10)", show=False),
                Binding("pageup", "move(-10)", show=False)]
    DEFAULT_CSS = DIALOG_CSS.format(name="DocPicker") + """
    DocPicker OptionList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, docs=None, title: str = "Open a document", exclude: str | None = None):
        super().__init__()
        self.docs = list(docs) if docs is not None else None
        self.dialog_title = title
        self.exclude = exclude
        self.shown: list = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.dialog_title), classes="dlg-title")
            yield Input(placeholder="type to filter: zone, title, year…", id="picker-filter")
            yield VimOptionList(id="picker-docs")
            yield Static(Text("↑↓ choose · Enter open · Esc cancel"), classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).focus()
        if self.docs is None:
            self.load_docs()
        else:
            self._fill()

    @work(thread=True, exclusive=True, group="picker")
    def load_docs(self) -> None:
        from index.corpus import StoreError

        corpus = getattr(self.app, "corpus", None)
        if corpus is None:
            self.app.call_from_thread(self._failed, "The database is not ready yet")
            return
        try:
            docs = corpus.docs()
        except StoreError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._loaded, docs)

    def _failed(self, reason: str) -> None:
        self.app.notify(reason, title="documents", severity="error", markup=False)
        self.dismiss(None)

    def _loaded(self, docs) -> None:
        self.docs = docs
        self._fill()

    @on(Input.Changed, "#picker-filter")
    def _fill(self) -> None:
        if self.docs is None:
            return
        query = self.query_one("#picker-filter", Input).value
        docs = [d for d in filter_docs(self.docs, query) if d.doc_id != self.exclude]
        self.shown = docs
        options = self.query_one("#picker-docs", OptionList)
        options.set_options([Option(doc_label(d), id=d.doc_id) for d in docs])
        if docs:
            options.highlighted = 0

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-docs", OptionList)
        if not options.option_count:
            return
        now = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(options.option_count - 1, now + step))

    @on(Input.Submitted, "#picker-filter")
    def _submitted(self) -> None:
        options = self.query_one("#picker-docs", OptionList)
        option = options.highlighted_option
        if option is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#picker-docs")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
