"""The Words view (w on Compare): for the current theme, each zone's distinctive words —
the keyness test of its theme passages against the other zones', with G² and p — and the
collocates of the theme in that zone (logDice, left/right). Computed in a worker through the
helper process; docs/analysis.md explains the statistics."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from index.text.normal import visible
from tui import actions
from tui.messages import WordsReady
from tui.widgets.footer import KeyFooter


def _p(p: float) -> str:
    return f"{p:.0e}" if p < 0.001 else f"{p:.3f}"


def zone_table(zw, node: str) -> Table:
    """One zone: keywords (term, n, G², p) beside collocates of the node (term, n, L/R,
    logDice)."""
    from tui.render import counted

    title = f"{visible(zw.short or zw.zone)} · {counted(zw.passages, 'passage')}"
    table = Table(title=Text(title,
                             style="bold cyan"), title_justify="left", expand=True,
                  padding=(0, 1), show_edge=False)
    table.add_column("keyword", ratio=2)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("G²", justify="right", no_wrap=True)
    table.add_column("p", justify="right", no_wrap=True)
    table.add_column(Text(f"collocate of {visible(node)}"), ratio=2)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("L/R", justify="right", no_wrap=True)
    table.add_column("logDice", justify="right", no_wrap=True)
    rows = max(len(zw.keywords), len(zw.collocates), 1)
    for i in range(rows):
        k = zw.keywords[i] if i < len(zw.keywords) else None
        c = zw.collocates[i] if i < len(zw.collocates) else None
        left = ([Text(visible(k.term), style="bold yellow"), str(k.count), f"{k.ll:.1f}",
                 _p(k.p)] if k else [Text("–" if i == 0 else "", style="dim"), "", "", ""])
        right = ([Text(visible(c.term)), str(c.count), f"{c.left}/{c.right}",
                  f"{c.log_dice:.1f}"] if c else [Text("–" if i == 0 else "", style="dim"),
                                                  "", "", ""])
        table.add_row(*left, *right)
    return table


class WordsScreen(Screen):
    SCOPE = "words"
    HELP = ("Per zone: its distinctive words for the theme (log-likelihood G² of its theme "
            "passages against the other zones', listed only when p < 0.001 after a "
            "Bonferroni correction) and the words around the theme in its passages "
            "(window ±5 units; logDice, left/right counts). See docs/analysis.md.")
    BINDINGS = actions.bindings("words")
    DEFAULT_CSS = """
    #words { padding: 0 1; }
    """

    def __init__(self, corpus, comparison):
        super().__init__()
        self.corpus, self.comparison = corpus, comparison
        self.result = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield KeyFooter()
        with VerticalScroll(id="words"):
            yield Static(Text(f"Words · {visible(self.comparison.theme.name)} · computing…",
                              style="bold"), id="words-title")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="words")
    def load(self) -> None:
        from index.corpus import StoreError, ThemeWords

        try:
            words = self.corpus.theme_words(self.comparison, separate_process=True)
        except StoreError as exc:  # e.g. a read-only database: the tables cannot be made
            words = ThemeWords(self.comparison.theme.name, "", notes=[f"distinctive: {exc}"])
        self.post_message(WordsReady(words))

    def on_words_ready(self, message: WordsReady) -> None:
        self.result = tw = message.words
        box = self.query_one("#words", VerticalScroll)
        self.query_one("#words-title", Static).update(Text(
            f"Words · {visible(tw.theme)} · keywords p < 0.001 (Bonferroni) · collocates of "
            f"{visible(tw.node)} ±5 units", style="bold"))
        for note in tw.notes:
            if "distinctive" in note:
                box.mount(Static(Text(visible(note), style="dim italic")))
        if not tw.zones:
            box.mount(Static(Text("no zone has a passage on this theme", style="dim")))
        for zw in tw.zones:
            box.mount(Static(zone_table(zw, tw.node), classes="zone-words"))
