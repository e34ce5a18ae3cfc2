"""Search: results update as you type; a new keystroke cancels the stale search."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Footer, Header, Input, ListItem, ListView, Select, Static
from textual.worker import get_current_worker

from tui import actions
from tui.citation import cite
from tui.messages import OpenInReader
from tui.render import highlighted, hit_header, kwic_line
from tui.screens.base import CorpusScreen
from tui.widgets.passage import Passage
from tui.widgets.lists import VimListView

LIMIT = 200


@dataclass
class SearchDone(Message):
    query: str
    result: object  # index.search.SearchResult
    elapsed_ms: float


class HitItem(ListItem):
    def __init__(self, hit, kwic: bool, span=None):
        super().__init__()
        self.hit = hit
        self.kwic = kwic
        self.span = span

    def compose(self) -> ComposeResult:
        h = self.hit
        if self.kwic:
            yield KwicLine(h, self.span)
        else:
            snippet, spans = h.snippet(160)
            yield Passage(hit_header(h.short or h.zone, h.title, h.section, h.para))
            yield Passage(highlighted(snippet, spans), classes="snippet")


class KwicLine(Static):
    def __init__(self, hit, span):
        super().__init__()
        self.hit, self.span = hit, span

    def render(self) -> Text:
        width = max(self.size.width, 40)
        tag = Text(f"{(self.hit.short or self.hit.zone)[:4]:<4} ", style="cyan")
        side = (width - 5 - 8) // 2
        return tag + kwic_line(self.hit.text, self.span, side, side)


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
        yield VimListView(id="results")
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
        self.post_message(SearchDone(query, result, (time.perf_counter() - started) * 1000))

    def on_search_done(self, message: SearchDone) -> None:
        if message.query != self.full_query():
            return  # stale
        self.last = message.result
        status = self.query_one("#status", Static)
        results = self.query_one("#results", ListView)
        results.clear()
        if message.result is None:
            status.update("")
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
        items = []
        for hit in r.hits:
            if self.kwic:
                items.extend(HitItem(hit, True, span) for span in hit.spans[:20])
            else:
                items.append(HitItem(hit, False))
        results.extend(items)
        if items:
            results.index = 0

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
        results = self.query_one("#results", ListView)
        item = results.highlighted_child
        return item if isinstance(item, HitItem) else None

    @on(Input.Submitted, "#q")
    def _submitted(self) -> None:
        self.query_one("#results", ListView).focus()

    @on(ListView.Selected, "#results")
    def action_open_hit(self) -> None:
        item = self._current()
        if item:
            terms = tuple(getattr(getattr(self, "last", None), "query", None).terms
                          if getattr(self, "last", None) else ())
            self.post_message(OpenInReader(item.hit.doc_id, item.hit.para, terms))

    def action_copy_hit(self) -> None:
        item = self._current()
        if item:
            h = item.hit
            self.app.copy_passage(cite(h.text, h.zone, h.title, h.section, h.para))
