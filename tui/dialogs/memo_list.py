"""Every memo: type to search them (text or target, as `memos --search`), Enter edits one,
ctrl+o opens a passage's or document's memo where it belongs (the reader), ctrl+d deletes."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from index.text.normal import visible
from tui.dialogs.base import DIALOG_CSS
from tui.widgets.lists import VimOptionList


def memo_label(m) -> Text:
    t = Text(visible(m.label), style="bold cyan")
    if m.status == "orphaned":
        t.append(" (its passage is gone)", style="red")
    t.append(f"  {m.updated[:16]}\n", style="dim")
    t.append(visible(m.text.replace("\n", " ")[:160]))
    return t


class MemoList(ModalScreen):
    BINDINGS = [Binding("escape", "dismiss", "Close"),
                Binding("down", "move(1)", "Down", show=False),
                Binding("up", "move(-1)", "Up", show=False),
                Binding("ctrl+o", "open", "Open", show=False),
                Binding("ctrl+d", "delete", "Delete", show=False)]
    DEFAULT_CSS = DIALOG_CSS.format(name="MemoList") + """
    MemoList OptionList { height: auto; max-height: 24; border: none; }
    """

    def __init__(self, work):
        super().__init__()
        self.work = work
        self.memos: list = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Memos"), classes="dlg-title")
            yield Input(placeholder="search the memos", id="memo-search")
            yield VimOptionList(id="memo-list")
            yield Static(Text("Enter edits · ctrl+o opens its passage or document · "
                              "ctrl+d deletes · Esc closes"), classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#memo-search", Input).focus()
        self.load("")

    @on(Input.Changed, "#memo-search")
    def _typed(self, event: Input.Changed) -> None:
        self.load(event.value)

    @work(thread=True, exclusive=True, group="memo-list")
    def load(self, search: str) -> None:
        memos = self.work.corpus.memos(search=search.strip() or None)
        self.app.call_from_thread(self.show, memos)

    def show(self, memos) -> None:
        self.memos = list(memos)
        listing = self.query_one("#memo-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(memo_label(m), id=str(m.id)) for m in self.memos])
        if not self.memos:
            listing.add_option(Option(Text("No memo yet: m writes one on the passage in view",
                                           style="dim"), disabled=True))
        else:
            listing.highlighted = 0

    def current(self):
        i = self.query_one("#memo-list", OptionList).highlighted
        return self.memos[i] if i is not None and i < len(self.memos) else None

    def action_move(self, step: int) -> None:
        listing = self.query_one("#memo-list", OptionList)
        if self.memos:
            now = listing.highlighted if listing.highlighted is not None else -1
            listing.highlighted = max(0, min(len(self.memos) - 1, now + step))

    @on(Input.Submitted, "#memo-search")
    @on(OptionList.OptionSelected, "#memo-list")
    def edit(self) -> None:
        from tui.dialogs.memo_editor import MemoEditor

        m = self.current()
        if m is None:
            return

        def saved(answer) -> None:
            self.work.save_memo(answer, after=lambda: self.load(
                self.query_one("#memo-search", Input).value))

        self.app.push_screen(MemoEditor([(m.kind, m.target, None, m.label)], m.text, m.id),
                             saved)

    def action_open(self) -> None:
        m = self.current()
        if m is None or m.kind not in ("passage", "document"):
            return
        doc_id, _, para = m.target.partition("#")
        self.dismiss()
        self.app.open_reader(doc_id, int(para) if para.isdigit() else 1)

    def action_delete(self) -> None:
        m = self.current()
        if m is not None:
            self.work.run(lambda: self.work.corpus.memo_delete(m.id), lambda _: self.load(
                self.query_one("#memo-search", Input).value))
