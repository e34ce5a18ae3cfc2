"""The family of a reused passage: every passage linked to it by reuse, earliest first.

Enter opens the chosen passage in the reader (returns (doc_id, para)); Esc closes.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.text.normal import visible
from tui.dialogs.base import DIALOG_CSS
from tui.render import clip_right
from tui.widgets.lists import VimOptionList


def member_label(m, current: bool, source: bool, width: int = 70) -> Text:
    t = Text("source  " if source else "        ", style="bold magenta" if source else "")
    t.append(visible(m.short or m.zone or "?"), style="bold cyan")
    t.append(f" ¶{m.para}", style="bold")
    t.append(f"  {visible(m.date or 'undated')}", style="dim")
    if current:
        t.append("  ◀ this passage", style="yellow")
    t.append("\n        " + clip_right(visible(m.text.replace("\n", " ")), width))
    return t


class ReuseFamilyDialog(ModalScreen):
    """The family of paragraph `para_id`, loaded in a worker. Returns (doc_id, para)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = DIALOG_CSS.format(name="ReuseFamilyDialog") + """
    ReuseFamilyDialog OptionList { height: auto; max-height: 24; border: none; }
    """

    def __init__(self, para_id: int, title: str = "Reuse family"):
        super().__init__()
        self.para_id = para_id
        self.dialog_title = title
        self.family = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(visible(self.dialog_title)), classes="dlg-title",
                         id="family-title")
            yield Static(Text("loading…"), id="family-summary")
            yield VimOptionList(id="family-members")
            yield Static(Text("↑↓ choose · Enter open in the reader · Esc close"),
                         classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#family-members").focus()
        self.load_family()

    @work(thread=True, exclusive=True, group="reuse-family")
    def load_family(self) -> None:
        from index.corpus import StoreError

        corpus = getattr(self.app, "corpus", None)
        try:
            family = corpus.reuse_family(self.para_id) if corpus else None
        except StoreError as exc:
            self.app.call_from_thread(self._show, None, str(exc))
            return
        self.app.call_from_thread(self._show, family, "")

    def _show(self, family, error: str) -> None:
        self.family = family
        summary = self.query_one("#family-summary", Static)
        if family is None:
            summary.update(Text(error or "This passage is in no reuse family.",
                                style="yellow"))
            return
        first, last = family.spread
        from tui.render import counted

        line = Text(f"{counted(len(family.members), 'passage')} · "
                    f"{counted(len(family.zones), 'zone')} · "
                    f"{first or '?'} → {last or '?'}")
        if family.boilerplate:
            line.append(" · boilerplate (shared by many zones)", style="magenta")
        if getattr(family, "formula", None) is not None:
            line.append(f" · shared formula of {family.formula.zones} zones"
                        + (" from a higher-level text" if family.dated else ""), style="yellow")
        elif not family.dated:
            line.append(" · no member is dated before all others", style="yellow")
        summary.update(line)
        options = self.query_one("#family-members", OptionList)
        options.clear_options()
        options.add_options([Option(member_label(m, m.para_id == self.para_id,
                                                 k == 0 and family.dated), id=str(k))
                             for k, m in enumerate(family.members)])
        options.highlighted = 0

    @on(OptionList.OptionSelected, "#family-members")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if self.family is not None:
            m = self.family.members[int(event.option.id)]
            self.dismiss((m.doc_id, m.para))

    def action_cancel(self) -> None:
        self.dismiss(None)
