"""The metadata form: correct a document's zone, year, title, level and parent (written to its
manifest)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from index.text.normal import visible
from tui.dialogs.base import DIALOG_CSS


class MetadataForm(ModalScreen):
    """Edit a document's zone, year, title, level and parent. Returns {field: value} of what changed
    (year None = leave it to be derived from the date), {} when nothing changed, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "save", "Save")]
    DEFAULT_CSS = DIALOG_CSS.format(name="MetadataForm") + """
    MetadataForm Label { width: 8; padding: 1 1 0 0; }
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
            with Horizontal():
                yield Label("Level")
                yield Input(value=getattr(d, "level", "") or "", id="meta-level",
                            placeholder="省 市 区 县 开发区 … (empty: from the zone's name)")
            with Horizontal():
                yield Label("Parent")
                yield Input(value=getattr(d, "parent", "") or "", id="meta-parent",
                            placeholder="e.g. 宁波市 (the place the zone belongs to)")
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
        for name in ("level", "parent"):
            value = self.query_one(f"#meta-{name}", Input).value.strip()
            if value != (getattr(d, name, "") or ""):
                fields[name] = value or None  # empty: derived again from the zone
        self.dismiss(fields)

    @on(Button.Pressed, "#dlg-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, message: str) -> None:
        self.query_one("#dlg-error", Static).update(Text(message))
