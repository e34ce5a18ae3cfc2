"""Grow a theme: the paragraphs most like its passages that no expression catches, each
with the phrase that would catch it (index/compare/suggest.py).

Enter accepts the highlighted suggestion's phrase into the user's themes.toml (returns the
phrase); Esc closes without changing anything.
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


def suggestion_label(s, width: int = 70) -> Text:
    t = Text(visible(s.phrase), style="bold yellow")
    t.append(f"  in {s.phrase_passages} passages · {s.score:.2f}  ", style="dim")
    t.append(visible(s.zone), style="bold cyan")
    t.append(f" ¶{s.para}", style="bold")
    t.append("\n  " + clip_right(visible(s.text.replace("\n", " ")), width))
    return t


class ThemeSuggestDialog(ModalScreen):
    """Suggestions for theme `name`, loaded in a worker. Returns the accepted phrase."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = DIALOG_CSS.format(name="ThemeSuggestDialog") + """
    ThemeSuggestDialog OptionList { height: auto; max-height: 24; border: none; }
    """

    def __init__(self, name: str):
        super().__init__()
        self.theme_name = name
        self.found: list = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Grow {visible(self.theme_name)}: paragraphs it misses"),
                         classes="dlg-title")
            yield Static(Text("loading…"), id="suggest-summary")
            yield VimOptionList(id="suggest-list")
            yield Static(Text("↑↓ choose · Enter add its phrase to your themes.toml · "
                              "Esc close"), classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#suggest-list").focus()
        self.load()

    @work(thread=True, exclusive=True, group="theme-suggest")
    def load(self) -> None:
        corpus = getattr(self.app, "corpus", None)
        try:
            found = corpus.suggest_for_theme(self.theme_name, 12) if corpus else []
            error = ""
        except Exception as exc:  # noqa: BLE001 — a store or theme problem: said in the dialog
            found, error = [], str(exc)
        self.app.call_from_thread(self._show, found, error)

    def _show(self, found: list, error: str) -> None:
        self.found = found
        summary = self.query_one("#suggest-summary", Static)
        if not found:
            summary.update(Text(error or "No paragraph outside the theme shares a phrase "
                                "with its passages.", style="yellow"))
            return
        summary.update(Text(f"{len(found)} paragraphs no expression catches, most like the "
                            "theme's passages (character n-gram TF-IDF)", style="dim"))
        options = self.query_one("#suggest-list", OptionList)
        options.clear_options()
        options.add_options([Option(suggestion_label(s), id=str(k))
                             for k, s in enumerate(found)])
        options.highlighted = 0

    @on(OptionList.OptionSelected, "#suggest-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if self.found:
            self.dismiss(self.found[int(event.option.id)].phrase)

    def action_cancel(self) -> None:
        self.dismiss(None)
