"""Search: results update as you type; a new keystroke cancels the stale search.

The cancelled worker really stops: its SQL runs under a progress handler that checks the
worker's cancel flag (index/search/budget.py), so a pathological query never keeps a core
busy after the next keystroke, nor the app from quitting."""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Input, Select, Static
from textual.worker import get_current_worker

from index.text.normal import visible
from tui import actions
from tui.citation import cite
from tui.messages import OpenInReader
from tui.render import clip_right, highlighted, hit_header, kwic_line
from tui.screens.base import CorpusScreen
from tui.screens.reuse_marks import ReuseMarks
from tui.widgets.block_view import BlockView
from tui.widgets.footer import KeyFooter
from tui.widgets.reuse_badge import badge
from tui.workbench import mark_of
from tui.wrap import wrap

LIMIT = 100  # hits shown; the status line gives the total
TAG = 9  # cells for the zone in front of a concordance line
KWIC_LINES = 2000  # concordance lines shown (the export writes them all)
KWIC_PARAS = 1000  # paragraphs read for the concordance while typing (search's best)
SORTS = ("rank", "L1", "R1", "L2", "R2", "L3", "R3", "zone", "date")  # s cycles through
SORT_NAMES = {"rank": "search order", "zone": "zone", "date": "date"}


@dataclass
class SearchDone(Message):
    query: str
    result: object  # index.search.SearchResult, or a kwic.Concordance in KWIC mode
    elapsed_ms: float
    mode: str = ""  # what it was computed for: "hits" or "kwic:<sort>"


class Results(BlockView):
    """The hits, one block each (a header line, then the snippet wrapped for Chinese), or in
    KWIC mode one concordance line per occurrence (index/search/kwic.py). A virtual list: only the results on screen
    are made and wrapped, so a keystroke's results cost a screenful however many there are."""

    choose_on_click = True  # Enter is the screen's (search.open), remappable

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows: list[tuple] = []  # (hit or KWIC line, span or None) per block
        self.kwic = False
        self.badges: dict = {}  # {para id: reuse pairs}, the screen's

    @property
    def block_count(self) -> int:
        return len(self.rows)

    def show(self, items, kwic: bool) -> None:
        """Search hits, or in KWIC mode concordance lines (each with its span)."""
        self.kwic = kwic
        self.separated = not kwic
        self.rows = ([(ln, ln.span) for ln in items] if kwic else [(h, None) for h in items])
        self.reset()

    def wrap_block(self, block: int, width: int) -> list[Text]:
        hit, span = self.rows[block]
        if span is not None:  # the zone in 8 cells (four characters), then the line
            name = clip_right(visible(hit.short or hit.zone), TAG - 1)
            tag = Text(name + " " * (TAG - cell_len(name)), style="cyan")
            side = (width - TAG - cell_len(hit.text[span[0]:span[1]])) // 2
            return [tag + kwic_line(hit.text, span, side, side)]
        snippet, spans = hit.snippet(160)
        body = hit_header(hit.short or hit.zone, hit.title, hit.section, hit.para)
        body.append_text(badge(self.badges.get(hit.para_id), hit.para_id))
        body.append_text(mark_of(self, hit.doc_id, hit.para))  # codes, memo (workbench)
        body.append("\n")
        body.append_text(highlighted(snippet, spans))
        return [*wrap(body, width).split("\n", allow_blank=True), Text("")]

    def current(self):
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None


class SearchScreen(ReuseMarks, CorpusScreen):
    SCOPE = "search"
    HELP = ("Type a word: every paragraph containing it is listed, best first. Terms must all "
            "match; \"exact phrase\", OR, -exclude, zone:X and year:2020 work here too. Pinyin "
            "(chanchengronghe, ccrh) expands to the corpus's own terms. ↓ or Enter moves into "
            "the results. ctrl+g shows a concordance (KWIC), one line per occurrence; s sorts "
            "it by the words left (L1-L3) or right (R1-R3) of the hit, zone or date; e exports "
            "every hit or line as CSV or JSON.")
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
        yield KeyFooter()

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
        zone, year = getattr(self, "_restore_filters", (None, None))
        self._restore_filters = (None, None)
        if zone in zones:
            self.query_one("#zone", Select).value = zone
        if year in years:
            self.query_one("#year", Select).value = year

    def on_mount(self) -> None:
        super().on_mount()
        self.kwic = False
        self.kwic_sort = "rank"
        self.query_one("#q", Input).focus()

    def mode(self) -> str:
        return f"kwic:{self.kwic_sort}" if self.kwic else "hits"

    # -- searching ---------------------------------------------------------------------
    def full_query(self) -> str:
        q = self.query_one("#q", Input).value
        zone = self.query_one("#zone", Select).value
        year = self.query_one("#year", Select).value
        if isinstance(zone, str):  # otherwise the blank sentinel: all zones
            q += f" zone:{zone}"
        if isinstance(year, int):
            q += f" year:{year}"
        if self.app.work.active_set and q.strip():  # the set picked (S): set:NAME
            q += f" set:{self.app.work.active_set}"
        return q

    def set_changed(self) -> None:
        """The set the views are narrowed to changed (tui/workbench.py)."""
        if self.query_one("#q", Input).value.strip():
            self.search(self.full_query())

    @on(Input.Changed, "#q")
    @on(Select.Changed)
    def _changed(self) -> None:
        if self.corpus is not None:
            self.corpus.typing()
        self.search(self.full_query())

    def set_query(self, text: str) -> None:
        """Type a query into the box (a saved search, a test's Pilot)."""
        self.query_one("#q", Input).value = text

    @work(thread=True, exclusive=True, group="search")
    def search(self, query: str) -> None:
        mode = self.mode()
        if self.corpus is None or not query.strip():
            self.post_message(SearchDone(query, None, 0.0, mode))
            return
        worker = get_current_worker()
        started = time.perf_counter()
        if self.kwic:  # sorting by words loads jieba: in the helper process, not here
            result = self.corpus.kwic(query, sort=self.kwic_sort, limit=KWIC_LINES,
                                      pinyin=True, max_paragraphs=KWIC_PARAS,
                                      separate_process=self.kwic_sort[0] in "LR")
        else:
            result = self.corpus.search(query, limit=LIMIT, pinyin=True,
                                        cancelled=lambda: worker.is_cancelled)
        if worker.is_cancelled or getattr(result, "stopped", "") == "cancelled":
            return  # a newer keystroke (or quitting) took over
        elapsed = (time.perf_counter() - started) * 1000
        self.post_message(SearchDone(query, result, elapsed, mode))

    def on_search_done(self, message: SearchDone) -> None:
        if message.query != self.full_query() or message.mode != self.mode():
            return  # stale
        self.last = message.result
        status = self.query_one("#status", Static)
        results = self.query_one("#results", Results)
        if message.result is None:
            status.update("")
            results.show([], self.kwic)
            return
        r = message.result
        if getattr(r, "stopped", ""):  # a bound passed: say which, nothing else (docs/search.md)
            status.update(Text("⚠ " + r.notes[-1], style="bold red"))
            results.show([], self.kwic)
            return
        if self.kwic:
            line = Text(f"{r.total:,} occurrence{'' if r.total == 1 else 's'} in "
                        f"{r.paragraphs:,} paragraph{'' if r.paragraphs == 1 else 's'}",
                        style="bold")
            if r.read < r.paragraphs:
                line.append(f" (in the best {r.read:,})")
            if r.total > len(r.lines):
                line.append(f" (first {len(r.lines):,} shown)")
        else:
            total = r.total if r.total is not None else len(r.hits)
            line = Text(f"{total:,} paragraph{'' if total == 1 else 's'}", style="bold")
            if total > len(r.hits):
                line.append(f" (best {len(r.hits)} shown)")
        if self.SHOW_TIMING:
            line.append(f" · {message.elapsed_ms:.0f} ms", style="dim")
        for note in r.notes:
            line.append(" · " + note, style="yellow")
        if self.kwic:
            order = SORT_NAMES.get(self.kwic_sort, self.kwic_sort)
            line.append(f" · KWIC by {order} (s: next order)", style="magenta")
        status.update(line)
        results.badges = self.reuse_badges
        results.show(r.lines if self.kwic else r.hits, self.kwic)
        if not self.kwic:
            self.request_badges(h.para_id for h in r.hits)

    # -- actions -----------------------------------------------------------------------
    def action_focus_input(self) -> None:
        self.query_one("#q", Input).focus()

    def action_toggle_kwic(self) -> None:
        self.kwic = not self.kwic
        self.search(self.full_query())

    def action_sort(self) -> None:
        """KWIC order: search order, L1, R1, L2, R2, L3, R3, zone, date, and round again
        (turns KWIC on)."""
        if self.kwic:
            self.kwic_sort = SORTS[(SORTS.index(self.kwic_sort) + 1) % len(SORTS)]
        self.kwic = True
        self.search(self.full_query())

    def action_focus_results(self) -> None:
        self.query_one("#results", Results).focus()

    def action_export(self) -> None:
        """Ask for format (CSV, JSON) and path, then write every hit or KWIC line of the
        query (not only those shown)."""
        from index.export import names_for

        query = self.full_query()
        if self.corpus is None or not query.strip():
            self.notify("Nothing to export: type a query", timeout=4)
            return
        corpus, sort = self.corpus, self.kwic_sort
        if self.kwic:
            data = lambda: corpus.kwic(query, sort=sort, pinyin=True)  # noqa: E731
            what, kind = f"the concordance of {query}", "Concordance"
        else:
            data = lambda: corpus.search(query, limit=0, pinyin=True).hits  # noqa: E731
            what, kind = f"the paragraphs containing {query}", "Hit"
        self.ask_export(data, what, f"{'kwic' if self.kwic else 'search'}-{query}",
                        names_for(kind), query=query,
                        filters={"view": "kwic" if self.kwic else "search",
                                 **({"sort": sort} if self.kwic else {})})

    def action_focus_zone(self) -> None:
        self.query_one("#zone", Select).focus()

    def action_focus_year(self) -> None:
        self.query_one("#year", Select).focus()

    def _current(self):
        row = self.query_one("#results", Results).current()
        return row[0] if row else None

    def current_para_id(self) -> int | None:
        hit = self._current()
        return hit.para_id if hit is not None else None

    def current_place(self):
        """The selected hit or KWIC line's paragraph (what # codes, m writes a memo on)."""
        from tui.workbench import Place

        h = self._current()
        span = (h.start, h.end) if self.kwic and hasattr(h, "start") else None
        return None if h is None else Place(h.doc_id, h.para, h.zone, h.text, h.title, "", span)

    def action_code_all(self) -> None:
        self.app.work.code_hits(self.full_query())

    def session_state(self) -> dict:
        zone = self.query_one("#zone", Select).value
        year = self.query_one("#year", Select).value
        return {"query": self.query_one("#q", Input).value, "kwic": self.kwic,
                "sort": self.kwic_sort, "zone": zone if isinstance(zone, str) else None,
                "year": year if isinstance(year, int) else None}

    def restore_session(self, state: dict) -> None:
        """Back to the query, view and filters of the last session (tui/session.py)."""
        self.kwic = bool(state.get("kwic"))
        self.kwic_sort = str(state.get("sort") or "rank")
        self._restore_filters = (state.get("zone"), state.get("year"))
        self.set_query(str(state.get("query") or ""))

    def badges_changed(self) -> None:
        self.query_one("#results", Results).restyle()

    @on(Input.Submitted, "#q")
    def _submitted(self) -> None:
        self.query_one("#results", Results).focus()

    @on(BlockView.Chosen, "#results")
    def action_open_hit(self) -> None:
        hit = self._current()
        if hit is not None:
            terms = tuple(self.last.query.terms) if getattr(self, "last", None) else ()
            self.post_message(OpenInReader(hit.doc_id, hit.para, terms))

    def action_copy_hit(self) -> None:
        h = self._current()
        if h is not None:
            self.app.copy_passage(cite(h.text, h.zone, h.title, h.section, h.para,
                                       self.corpus.docs_by_id().get(h.doc_id)))
