"""Small dialogs: the document picker, the path prompt and the metadata form.

Each is a ModalScreen that returns its value with dismiss() (None when Escape cancels).
Document text and file names always go into rich Text, never markup.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from index.text.normal import fold, visible
from tui import actions

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 90%; max-width: 100; height: auto; max-height: 90%;
                    border: round $accent; background: $surface; padding: 0 1; }}
{name} .dlg-title {{ text-style: bold; color: $accent; }}
{name} .dlg-hint {{ color: $text-muted; }}
{name} .dlg-error {{ color: $error; }}
{name} Input {{ margin: 0; }}
"""


class VimOptionList(OptionList):
    """An OptionList with j/k/g/G from the action registry."""

    BINDINGS = [Binding(a.key, {"down": "cursor_down", "up": "cursor_up", "top": "first",
                                "bottom": "last"}[a.name], a.description, show=False, id=a.id)
                for a in actions.acts("list")]


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
    DEFAULT_CSS = _DIALOG_CSS.format(name="DocPicker") + """
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
        from index.store.connection import StoreError

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


class PathSuggester(Suggester):
    """Completes the last part of a path from the folder's entries (folders end in /)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        return await asyncio.to_thread(complete_path, value)


def complete_path(value: str) -> str | None:
    """`value` extended to the first folder entry it is a prefix of (None if none)."""
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return None
    for name in names:
        if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
            continue
        full = os.path.join(folder, name)
        tail = name[len(prefix):] + ("/" if os.path.isdir(full) else "")
        if tail:
            return value + tail
    return None


class PathPrompt(ModalScreen):
    """Ask for a file or folder to index. Returns the path (str) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("tab", "complete", "Complete", show=False)]
    DEFAULT_CSS = _DIALOG_CSS.format(name="PathPrompt")

    def __init__(self, start: str = ""):
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Add files: a file or folder to index"), classes="dlg-title")
            yield Input(value=self.start, placeholder="~/documents/policies/",
                        suggester=PathSuggester(), id="path-input")
            yield Static("", id="dlg-error", classes="dlg-error")
            yield Static(Text("Tab or → completes · Enter indexes (folders recursively: txt, md, "
                              "html, docx, pdf, csv, jsonl) · Esc cancels"), classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#path-input", Input).focus()

    def action_complete(self) -> None:
        field = self.query_one("#path-input", Input)
        field.action_end()
        field.action_cursor_right()

    @on(Input.Submitted, "#path-input")
    def _submitted(self) -> None:
        raw = self.query_one("#path-input", Input).value.strip()
        if not raw:
            self._error("Type a path")
            return
        path = Path(os.path.expanduser(raw))
        if not path.exists():
            self._error(f"No such file or folder: {path}")
            return
        self.dismiss(str(path))

    def _error(self, message: str) -> None:
        self.query_one("#dlg-error", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)


class MetadataForm(ModalScreen):
    """Edit a document's zone, year and title. Returns {field: value} of what changed
    (year None = leave it to be derived from the date), {} when nothing changed, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "save", "Save")]
    DEFAULT_CSS = _DIALOG_CSS.format(name="MetadataForm") + """
    MetadataForm Label { width: 7; padding: 1 1 0 0; }
    MetadataForm Horizontal { height: auto; }
    MetadataForm Horizontal > Input { width: 1fr; }
    MetadataForm #dlg-buttons { height: auto; align-horizontal: right; }
    MetadataForm Button { margin: 0 0 0 1; min-width: 10; }
    """

    def __init__(self, info):
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        d = self.info
        with Vertical():
            yield Static(Text("Edit metadata: ") + Text(visible(d.doc_id), style="dim"),
                         classes="dlg-title")
            with Horizontal():
                yield Label("Zone")
                yield Input(value=d.zone or "", id="meta-zone")
            with Horizontal():
                yield Label("Year")
                yield Input(value=str(d.year) if d.year else "", id="meta-year", type="integer",
                            placeholder="e.g. 2020 (empty: from the date)")
            with Horizontal():
                yield Label("Title")
                yield Input(value=d.title or "", id="meta-title")
            yield Static("", id="dlg-error", classes="dlg-error")
            yield Static(Text("Written to the corpus.toml next to the file · Enter or ctrl+s "
                              "saves · Esc cancels"), classes="dlg-hint")
            with Horizontal(id="dlg-buttons"):
                yield Button("Save", variant="primary", id="dlg-save")
                yield Button("Cancel", id="dlg-cancel")

    def on_mount(self) -> None:
        self.query_one("#meta-zone", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#dlg-save")
    def action_save(self) -> None:
        zone = self.query_one("#meta-zone", Input).value.strip()
        year_text = self.query_one("#meta-year", Input).value.strip()
        title = self.query_one("#meta-title", Input).value.strip()
        if not zone:
            self._error("The zone cannot be empty")
            return
        year = None
        if year_text:
            try:
                year = int(year_text)
            except ValueError:
                year = -1
            if not 1900 <= year <= 2100:
                self._error("The year is a number such as 2020 (or empty)")
                return
        d = self.info
        fields: dict = {}
        if zone != (d.zone or ""):
            fields["zone"] = zone
        if year != d.year:
            fields["year"] = year
        if title != (d.title or ""):
            fields["title"] = title
        self.dismiss(fields)

    @on(Button.Pressed, "#dlg-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, message: str) -> None:
        self.query_one("#dlg-error", Static).update(Text(message))
