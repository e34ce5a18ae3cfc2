"""Search: results update as you type; a new keystroke cancels the stale search."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from rich.cells import cell_len
from textual.binding import Binding
from textual.widgets import Footer, Header, Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui import actions
from tui.citation import cite
from tui.messages import OpenInReader
from tui.render import highlighted, hit_header, kwic_line
from tui.screens.base import CorpusScreen
from tui.wrap import wrap

LIMIT = 100  # hits shown; the status line gives the total
PAGE = 20  # results drawn at first; more as the cursor nears the end of those


@dataclass
class SearchDone(Message):
    query: str
    result: object  # index.search.SearchResult
    elapsed_ms: float
    prompts: list | None = None  # the first result prompts (PAGE), made in the worker
    kwic: bool = False  # the mode and width the prompts were made for
    width: int = 0


class Results(OptionList):
    """The hits, drawn lazily line by line (an OptionList), each prompt wrapped for Chinese
    at the list's width; j/k/g/G move like every list."""

    BINDINGS = [Binding(a.key, {"down": "cursor_down", "up": "cursor_up", "top": "first",
                                "bottom": "last"}[a.name], show=False, id=a.id)
                for a in actions.acts("list")]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows: list[tuple] = []  # (hit, span or None) per option
        self.kwic = False
        self._width = 0  # the width the options were made for

    def show(self, hits, kwic: bool, prompts: list[Text] | None = None) -> None:
        """Show the hits; `prompts`: those of the first rows, built beforehand by build() at
        this width, if given (the rest are made as the cursor comes near them)."""
        self.kwic = kwic
        self.rows = self.rows_for(hits, kwic)
        self._redraw(keep=False, prompts=prompts)

    @staticmethod
    def rows_for(hits, kwic: bool) -> list[tuple]:
        return ([(h, span) for h in hits for span in h.spans[:20]] if kwic
                else [(h, None) for h in hits])

    def prompt_width(self) -> int:
        return max((self.scrollable_content_region.width or self.size.width or 100) - 1, 20)

    @classmethod
    def build(cls, rows, width: int) -> list[Text]:
        """The prompts of the rows: plain data, so a worker thread can make them."""
        return [cls._prompt(h, span, width) for h, span in rows]

    def _redraw(self, keep: bool = True, prompts: list[Text] | None = None) -> None:
        at = self.highlighted if keep else 0
        # A screenful now; the rest as the cursor comes near the end (making and drawing
        # every wrapped result at once would hold up each keystroke's results).
        first = min(max(PAGE, (at or 0) + PAGE), len(self.rows))
        self._width = self.prompt_width()
        prompts = list(prompts or [])[:first]
        prompts += self.build(self.rows[len(prompts):first], self._width)
        self.clear_options()
        self.add_options([Option(p) for p in prompts])
        if self.rows:
            self.highlighted = min(at or 0, len(self.rows) - 1)

    def _more(self, everything: bool = False) -> None:
        start = self.option_count
        if start < len(self.rows):
            end = len(self.rows) if everything else start + PAGE
            self.add_options([Option(p) for p in self.build(self.rows[start:end], self._width)])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= self.option_count - 3:
            self._more()

    def action_last(self) -> None:
        self._more(everything=True)
        super().action_last()

    @staticmethod
    def _prompt(hit, span, width: int) -> Text:
        if span is not None:
            tag = Text(f"{(hit.short or hit.zone)[:4]:<4} ", style="cyan")
            side = (width - 5 - cell_len(hit.text[span[0]:span[1]])) // 2
            return tag + kwic_line(hit.text, span, side, side)
        snippet, spans = hit.snippet(160)
        body = hit_header(hit.short or hit.zone, hit.title, hit.section, hit.para)
        body.append("\n")
        body.append_text(highlighted(snippet, spans))
        return wrap(body, width)

    def on_resize(self) -> None:
        if self.rows:
            self._redraw()

    def current(self):
        i = self.highlighted
        return self.rows[i] if i is not None and 0 <= i < len(self.rows) else None


class SearchScreen(CorpusScreen):
    SCOPE = "search"
    HELP = ("Type a word: every paragraph containing it is listed, best first. Terms must all "
            "match; \"exact phrase\", OR, -exclude, zone:X and year:2020 work here too. Pinyin "
            "(chanchengronghe, ccrh) expands to the corpus's own terms.")
    BINDINGS = actions.bindings("search")
    SHOW_TIMING = True  # milliseconds per search in the status line

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="search-bar"):
            yield Input(placeholder="search: 产城融合, 营商环境 OR 放管服, ccrh …", id="q")
            yield Select([], prompt="all zones", id="zone")
            yield Select([], prompt="all years", id="year")
        yield Static("", id="status")
        yield Results(id="results")
        yield Footer()

    def corpus_ready(self) -> None:
        self.load_filters()
        if self.query_one("#q", Input).value:
            self.search(self.full_query())

    @work(thread=True, exclusive=True, group="filters")
    def load_filters(self) -> None:
        docs = self.corpus.docs()
        zones = sorted({(d.short or d.zone) for d in docs if d.zone})
        years = sorted({d.year for d in docs if d.year}, reverse=True)
        self.app.call_from_thread(self._set_filters, zones, years)

    def _set_filters(self, zones, years) -> None:
        self.query_one("#zone", Select).set_options([(z, z) for z in zones])
        self.query_one("#year", Select).set_options([(str(y), y) for y in years])

    def on_mount(self) -> None:
        super().on_mount()
        self.kwic = False
        self.query_one("#q", Input).focus()

    # -- searching ---------------------------------------------------------------------
    def full_query(self) -> str:
        q = self.query_one("#q", Input).value
        zone = self.query_one("#zone", Select).value
        year = self.query_one("#year", Select).value
        if isinstance(zone, str):  # otherwise the blank sentinel: all zones
            q += f" zone:{zone}"
        if isinstance(year, int):
            q += f" year:{year}"
        return q

    @on(Input.Changed, "#q")
    @on(Select.Changed)
    def _changed(self) -> None:
        if self.corpus is not None:
            self.corpus.typing()
        self.search(self.full_query())

    def set_query(self, text: str) -> None:
        self.query_one("#q", Input).value = text

    @work(thread=True, exclusive=True, group="search")
    def search(self, query: str) -> None:
        if self.corpus is None or not query.strip():
            self.post_message(SearchDone(query, None, 0.0))
            return
        started = time.perf_counter()
        result = self.corpus.search(query, limit=LIMIT, pinyin=True)
        if get_current_worker().is_cancelled:
            return  # a newer keystroke took over
        elapsed = (time.perf_counter() - started) * 1000
        # snippets and wrapping here, not on the UI thread: it only swaps the options in
        kwic, results = self.kwic, self.query_one("#results", Results)
        width = results.prompt_width()
        prompts = results.build(results.rows_for(result.hits, kwic)[:PAGE], width)
        if get_current_worker().is_cancelled:
            return
        self.post_message(SearchDone(query, result, elapsed, prompts, kwic, width))

    def on_search_done(self, message: SearchDone) -> None:
        if message.query != self.full_query():
            return  # stale
        self.last = message.result
        status = self.query_one("#status", Static)
        results = self.query_one("#results", Results)
        if message.result is None:
            status.update("")
            results.show([], self.kwic)
            return
        r = message.result
        total = r.total if r.total is not None else len(r.hits)
        line = Text(f"{total} paragraphs", style="bold")
        if total > len(r.hits):
            line.append(f" (best {len(r.hits)} shown)")
        if self.SHOW_TIMING:
            line.append(f" · {message.elapsed_ms:.0f} ms", style="dim")
        for note in r.notes:
            line.append(" · " + note, style="yellow")
        if self.kwic:
            line.append(" · KWIC", style="magenta")
        status.update(line)
        fits = message.kwic == self.kwic and message.width == results.prompt_width()
        prompts = message.prompts if fits else None
        results.show(r.hits, self.kwic, prompts)

    # -- actions -----------------------------------------------------------------------
    def action_focus_input(self) -> None:
        self.query_one("#q", Input).focus()

    def action_toggle_kwic(self) -> None:
        self.kwic = not self.kwic
        self.search(self.full_query())

    def action_focus_zone(self) -> None:
        self.query_one("#zone", Select).focus()

    def action_focus_year(self) -> None:
        self.query_one("#year", Select).focus()

    def _current(self):
        row = self.query_one("#results", Results).current()
        return row[0] if row else None

    @on(Input.Submitted, "#q")
    def _submitted(self) -> None:
        self.query_one("#results", Results).focus()

    @on(OptionList.OptionSelected, "#results")
    def action_open_hit(self) -> None:
        hit = self._current()
        if hit is not None:
            terms = tuple(self.last.query.terms) if getattr(self, "last", None) else ()
            self.post_message(OpenInReader(hit.doc_id, hit.para, terms))

    def action_copy_hit(self) -> None:
        h = self._current()
        if h is not None:
            self.app.copy_passage(cite(h.text, h.zone, h.title, h.section, h.para))
