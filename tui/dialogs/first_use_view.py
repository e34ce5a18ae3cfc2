"""The first-use timeline: each zone's earliest use of a theme or a typed term, in date
order, and the diffusion curve (index.time.first_use through Corpus.first_use, in a worker).

Opened from Compare on the current theme (any of its expressions); typing a term and Enter
shows that term's timeline instead. Enter on a zone's row opens the passage in the reader."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from index.text.normal import visible
from tui.dialogs.base import DIALOG_CSS
from tui.messages import FirstUseReady, OpenInReader
from tui.render import clip_right


def row(n: int, a) -> Text:
    t = Text(f"{n:>2} ", style="dim")
    t.append((a.date or "undated").ljust(10), style="" if a.date else "dim")
    t.append("  ")
    t.append(visible(a.short or a.zone), style="bold cyan")
    t.append(f"  {clip_right(visible(a.title or a.doc_id), 44)} ¶{a.para}", style="dim")
    if a.date_source in ("year", "file date", "file name", "folder"):
        t.append(f"  ({a.date_source})", style="yellow")
    return t


class FirstUseView(ModalScreen):
    """Who used it first, and how it spread. Escape closes."""

    BINDINGS = [Binding("escape", "close", "Close")]
    DEFAULT_CSS = DIALOG_CSS.format(name="FirstUseView") + """
    FirstUseView > Vertical { max-width: 110; }
    FirstUseView OptionList { height: auto; max-height: 14; }
    FirstUseView #fu-curve { height: auto; }
    """

    def __init__(self, corpus, theme):
        super().__init__()
        self.corpus, self.theme = corpus, theme
        self.result = None

    def compose(self) -> ComposeResult:
        name = getattr(self.theme, "name", self.theme)
        with Vertical():
            yield Static(Text("First use and spread"), classes="dlg-title")
            yield Input(value="", placeholder=f"a term (Enter) — now: {name}", id="fu-term")
            yield Static(Text("finding first uses…", style="dim"), id="fu-status")
            yield OptionList(id="fu-rows")
            yield Static("", id="fu-curve")
            yield Static(Text("Enter on a row opens the passage · type a term and Enter for "
                              "its timeline · Esc closes"), classes="dlg-hint")

    def on_mount(self) -> None:
        self.compute(self.theme)
        self.query_one("#fu-rows", OptionList).focus()

    @work(thread=True, exclusive=True, group="first-use")
    def compute(self, what) -> None:
        try:
            fu = self.corpus.first_use(what)
        except Exception as exc:  # noqa: BLE001 — an empty term or a database error: said, not raised
            self.post_message(FirstUseReady(None, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(FirstUseReady(fu))

    def on_first_use_ready(self, message: FirstUseReady) -> None:
        from tui.time_console import diffusion

        status = self.query_one("#fu-status", Static)
        rows = self.query_one("#fu-rows", OptionList)
        rows.clear_options()
        if message.error:
            status.update(Text(message.error, style="red"))
            return
        fu = self.result = message.first_use
        head = Text(visible(fu.phrase), style="bold")
        n = len(fu.adoptions)
        head.append(f" · first used by {n} zone{'' if n == 1 else 's'} in date order", style="dim")
        for note in fu.notes:
            head.append(" · " + visible(note), style="yellow")
        status.update(head)
        rows.add_options([Option(row(i, a), id=str(i - 1))
                          for i, a in enumerate(fu.adoptions + fu.undated, 1)])
        if rows.option_count:
            rows.highlighted = 0
        self.query_one("#fu-curve", Static).update(diffusion(fu))

    @on(Input.Submitted, "#fu-term")
    def _term(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.query_one("#fu-status", Static).update(Text("finding first uses…", style="dim"))
            self.compute(event.value.strip())
            self.query_one("#fu-rows", OptionList).focus()

    @on(OptionList.OptionSelected, "#fu-rows")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if self.result is None:
            return
        a = (self.result.adoptions + self.result.undated)[int(event.option.id)]
        self.dismiss(None)
        self.app.post_message(OpenInReader(a.doc_id, a.para, tuple(self.result.terms)))

    def action_close(self) -> None:
        self.dismiss(None)
