"""The memo editor: what the memo is about (the passage, its document, zone or theme in view;
or a code), and a multi-line text. ctrl+s saves, Esc cancels (asking again when text was
typed). Returns (kind, target, para, text, memo id or None) or None.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import RadioButton, RadioSet, Static, TextArea

from index.text.normal import visible
from tui.dialogs.base import DIALOG_CSS


class MemoEditor(ModalScreen):
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "save", "Save")]
    DEFAULT_CSS = DIALOG_CSS.format(name="MemoEditor") + """
    MemoEditor RadioSet { width: 100%; height: auto; border: none; padding: 0; }
    MemoEditor TextArea { height: 10; }
    """

    def __init__(self, targets, text: str = "", memo_id: int | None = None):
        """targets: [(kind, target, para or None, label)], the first chosen."""
        super().__init__()
        self.targets = list(targets)
        self.text, self.memo_id = text, memo_id
        self.warned = False

    def compose(self) -> ComposeResult:
        with Vertical():
            title = "Edit the memo" if self.memo_id is not None else "A memo on…"
            yield Static(Text(title), classes="dlg-title")
            with RadioSet(id="memo-target"):
                for i, (_, _, _, label) in enumerate(self.targets):
                    yield RadioButton(Text(visible(label)), value=i == 0, name=str(i))
            yield TextArea(self.text, id="memo-text", soft_wrap=True)
            yield Static("", id="dlg-error", classes="dlg-error")
            yield Static(Text("Tab: the text · Shift+Tab: what it is about · ctrl+s saves · "
                              "Esc cancels"), classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#memo-text", TextArea).focus()

    def chosen(self):
        radios = self.query_one("#memo-target", RadioSet)
        i = radios.pressed_index if radios.pressed_index >= 0 else 0
        return self.targets[i]

    def action_save(self) -> None:
        text = self.query_one("#memo-text", TextArea).text.strip()
        if not text:
            self.query_one("#dlg-error", Static).update(Text("Write the memo first"))
            return
        kind, target, para, _ = self.chosen()
        self.dismiss((kind, target, para, text, self.memo_id))

    def action_cancel(self) -> None:
        typed = self.query_one("#memo-text", TextArea).text.strip()
        if typed and typed != self.text.strip() and not self.warned:
            self.warned = True
            self.query_one("#dlg-error", Static).update(
                Text("Not saved: Esc again drops it, ctrl+s saves it"))
            return
        self.dismiss(None)
