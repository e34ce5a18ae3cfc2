"""One document, read paragraph by paragraph: a virtual, paragraph-anchored view.

Like toolong's ``LogLines`` this is a single Line-API widget (a ``BlockView``), not one
widget per paragraph: opening a document costs the same whether it has 30 paragraphs or
30,000. Only the paragraphs that reach the screen are wrapped; the scroll position is
``(top block, line offset inside it)`` and never needs the whole document's height (see
block_view).

Blocks: block 0 is the title block (zone, title, date, document number), then each
paragraph in one block, or, when longer than PIECE_CHARS, in several (doc_blocks.piece_starts)
so that no block costs more to wrap than a screenful. ``current`` is a paragraph index
(0-based; ``seq`` is 1-based); ``cursor`` is a block.
"""

from __future__ import annotations

import bisect

from rich.style import Style
from rich.text import Text
from textual.binding import Binding

from tui.widgets.block_view import BlockView
from tui.widgets.doc_blocks import PIECE_CHARS, hit_indices, paragraph_lines, piece_starts, title_lines


class DocView(BlockView):
    """A document: title block then paragraphs, with a current paragraph (see module doc)."""

    BINDINGS = [Binding("space", "page_down", "Page down", show=False)]

    COMPONENT_CLASSES = {"doc-view--heading", "doc-view--caption", "doc-view--zone",
                         "doc-view--title", "doc-view--meta"}

    DEFAULT_CSS = """
    DocView { background: $surface; }
    DocView > .doc-view--heading { text-style: bold; color: $text; }
    DocView > .doc-view--caption { text-style: dim italic; }
    DocView > .doc-view--zone { text-style: bold; color: $accent; }
    DocView > .doc-view--title { text-style: bold; }
    DocView > .doc-view--meta { text-style: dim; }
    """

    first_selectable = 1  # the title block is shown, never current

    class CurrentChanged(BlockView.Moved):
        """The current paragraph moved (origin: key, jump, scroll, sync, load, click)."""

        @property
        def index(self) -> int:
            """The current paragraph (0-based)."""
            return self.view.para_of(self.block)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.doc = None
        self.paras: list = []
        self.terms: tuple[str, ...] = ()
        self.hits: list[int] = []
        self._hit_set: set[int] = set()
        self._para_of: list[int] = [-1]  # the paragraph shown by each block (title: -1)
        self._start: list[int] = [0]  # where in its paragraph's text each block starts
        self._first: list[int] = []  # the first block of each paragraph
        self.marks: dict[int, list] = {}  # paragraph index -> [(start, end, style)] (diff)
        self.cursor = 1

    # -- public API ----------------------------------------------------------------------
    @property
    def block_count(self) -> int:
        return len(self._para_of) if self.doc is not None else 0

    def para_of(self, block: int) -> int:
        """The paragraph (0-based) block shows; 0 for the title block."""
        return max(0, self._para_of[block]) if 0 <= block < len(self._para_of) else 0

    @property
    def current(self) -> int:
        return self.para_of(self.cursor)

    @property
    def current_para(self):
        return self.paras[self.current] if self.paras else None

    def moved(self, origin: str) -> None:
        self.post_message(self.CurrentChanged(self, self.cursor, origin))

    def load(self, doc, seq: int = 1, terms=(), hits=None) -> None:
        """Show a document (a corpus.Document) with paragraph `seq` (1-based) current."""
        self.doc = doc
        self.paras = list(doc.paras)
        self._blocks()
        self.marks = {}
        self._set_terms(terms, hits)
        seq = max(1, min(len(self.paras), seq or 1))
        self.reset(cursor=self._first[seq - 1] if self.paras else None)
        self.moved("load")

    def _blocks(self) -> None:
        """The display blocks of the paragraphs (see the module doc)."""
        para_of, start, first = [-1], [0], []
        for i, p in enumerate(self.paras):
            first.append(len(para_of))
            cuts = piece_starts(p.text) if len(p.text) > PIECE_CHARS else (0,)
            para_of.extend([i] * len(cuts))
            start.extend(cuts)
        self._para_of, self._start, self._first = para_of, start, first

    def clear(self) -> None:
        self.doc, self.paras, self.hits, self._hit_set = None, [], [], set()
        self._para_of, self._start, self._first = [-1], [0], []
        self.reset()

    def set_marks(self, marks: dict[int, list]) -> None:
        """Extra styled spans per paragraph index (the diff mode's); {} removes them."""
        self.marks = marks
        self.restyle()

    def set_terms(self, terms, hits=None) -> None:
        self._set_terms(terms, hits)
        self.restyle()

    def _set_terms(self, terms, hits) -> None:
        """The terms to highlight and the paragraphs with them (found here if not given)."""
        self.terms = tuple(terms)
        self.hits = list(hits) if hits is not None else hit_indices(self.paras, self.terms)
        self._hit_set = set(self.hits)

    def go_to(self, index: int, origin: str = "jump") -> None:
        """Make paragraph `index` current; keep the view if it is already on screen."""
        if self._first:
            self.go_to_block(self._first[max(0, min(len(self._first) - 1, index))], origin)

    def next_hit(self, step: int = 1) -> tuple[int, bool] | None:
        """Move to the next (step 1) or previous (-1) hit: (index, wrapped) or None."""
        if not self.hits:
            return None
        if step > 0:
            k = bisect.bisect_right(self.hits, self.current)
            wrapped = k >= len(self.hits)
            target = self.hits[0 if wrapped else k]
        else:
            k = bisect.bisect_left(self.hits, self.current) - 1
            wrapped = k < 0
            target = self.hits[-1 if wrapped else k]
        self.go_to(target, "jump")
        return target, wrapped

    def hit_position(self) -> tuple[int | None, int]:
        """(k, n): the current paragraph is hit k (1-based) of n, or k is None."""
        if self.current in self._hit_set:
            return bisect.bisect_left(self.hits, self.current) + 1, len(self.hits)
        return None, len(self.hits)

    # -- blocks --------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.discard(0)  # the title block bakes in component styles (theme changes)

    def wrap_block(self, block: int, width: int) -> list[Text]:
        if block == 0:
            style = {name: self.get_component_rich_style(f"doc-view--{name}", partial=True)
                     for name in ("zone", "title", "meta")}
            lines = title_lines(self.doc.info, style, width)
            work = getattr(self.app, "work", None)
            if work is not None and work.has_memo("document", self.doc.info.doc_id):
                lines.insert(1, Text("✎ a memo on this document (F7 lists it)", style="yellow"))
            return lines
        para = self._para_of[block]
        text = self.paras[para].text
        last = block + 1 >= len(self._para_of) or self._para_of[block + 1] != para
        start = self._start[block]
        end = len(text) if last else self._start[block + 1]
        marks = [(max(s, start) - start, min(e, end) - start, style)
                 for s, e, style in self.marks.get(para, ()) if s < end and e > start]
        lines = paragraph_lines(text[start:end], self.terms, para in self._hit_set, width,
                                last=last, marks=marks)
        if start == 0:  # the paragraph's codes and memo mark (tui/workbench.py) above it
            from tui.workbench import mark_of

            codes = mark_of(self, self.doc.info.doc_id, self.paras[para].seq)
            if codes:
                codes.truncate(width, overflow="ellipsis")
                lines = [codes, *lines]
        return lines

    def block_style(self, block: int) -> Style:
        if block > 0:
            kind = self.paras[self._para_of[block]].kind
            if kind in ("heading", "caption"):
                return self.get_component_rich_style(f"doc-view--{kind}", partial=True)
        return Style()
