"""The set picker: narrow Search and Compare to a saved set of documents (`main.py set save`),
or back to every document. Returns the set's name ("" for every document) or None."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.text.normal import visible
from tui.dialogs.base import DIALOG_CSS
from tui.widgets.lists import VimOptionList

EVERY = "\0every"


class SetPicker(ModalScreen):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = DIALOG_CSS.format(name="SetPicker") + """
    SetPicker OptionList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, sets, active: str = ""):
        super().__init__()
        self.sets, self.active = list(sets), active

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Narrow the views to a set of documents"), classes="dlg-title")
            options = [Option(Text(("● " if not self.active else "  ") + "every document"),
                              id=EVERY)]
            for s in self.sets:
                t = Text(("● " if s.name == self.active else "  ") + visible(s.name),
                         style="bold")
                t.append(f"  {len(s.docs)} document(s) · {visible(s.describe())}", style="dim")
                options.append(Option(t, id=s.name))
            yield VimOptionList(*options, id="set-list")
            hint = ("Enter narrows Search and Compare to the set · Esc cancels" if self.sets
                    else "No set yet: `main.py set save NAME --zones …` makes one")
            yield Static(Text(hint), classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#set-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#set-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("" if event.option.id == EVERY else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
