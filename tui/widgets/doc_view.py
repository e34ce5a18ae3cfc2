"""One document, read paragraph by paragraph: a virtual, paragraph-anchored view.

How it stays fast on huge documents (tens of thousands of paragraphs)
--------------------------------------------------------------------
Like toolong's ``LogLines`` this is a single Line-API widget (``render_line``), not one
widget per paragraph: nothing is mounted per paragraph, so opening a document costs the
same whether it has 30 paragraphs or 30,000.

Unlike a ``ScrollView`` it never needs the height of the whole document. Wrapped Chinese
text (kinsoku rules, cells not characters) has a height that is only known after wrapping,
and wrapping 20,000 paragraphs takes about a second, again on every resize. So the scroll
position is *paragraph-anchored*: ``(top block, line offset inside it)``. Each frame wraps
only the paragraphs that reach the screen (a few dozen), keeps their wrapped lines in a small
cache (dropped when the width, the terms or the styles change), and composes ``height`` lines
from there. Jumps (to a hit, a section, the last paragraph) only look at the blocks around
the target. The scrollbar in the last column is positional (block number of the top line)
and clicking it jumps there.

Blocks: block 0 is the title block (zone, title, date, document number); block i + 1 is
paragraph i. ``current`` is a paragraph index (0-based; ``seq`` is 1-based).
"""

from __future__ import annotations

import bisect

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui import actions
from tui.widgets.doc_blocks import (BlockCache, Line, hit_indices, paragraph_lines, scrollbar,
                                    title_lines)

GUTTER = 2  # "▌ " marks the current paragraph
SCROLLBAR = 1

_LIST_ACTIONS = {"down": "cursor_down", "up": "cursor_up", "top": "first", "bottom": "last"}


class DocView(Widget, can_focus=True):
    """A document: title block then paragraphs, with a current paragraph (see module doc)."""

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "Top", show=False),
        Binding("end", "last", "Bottom", show=False),
    ] + [Binding(a.key, _LIST_ACTIONS[a.name], a.description, show=False, id=a.id)
         for a in actions.acts("list")]

    COMPONENT_CLASSES = {
        "doc-view--current", "doc-view--marker", "doc-view--heading", "doc-view--caption",
        "doc-view--zone", "doc-view--title", "doc-view--meta", "doc-view--thumb",
        "doc-view--track",
    }

    DEFAULT_CSS = """
    DocView { width: 1fr; height: 1fr; background: $surface; }
    DocView > .doc-view--current { background: $primary 12%; }
    DocView:focus > .doc-view--current { background: $primary 28%; }
    DocView > .doc-view--marker { color: $primary-lighten-2; }
    DocView:focus > .doc-view--marker { color: $accent; text-style: bold; }
    DocView > .doc-view--heading { text-style: bold; color: $text; }
    DocView > .doc-view--caption { text-style: dim italic; }
    DocView > .doc-view--zone { text-style: bold; color: $accent; }
    DocView > .doc-view--title { text-style: bold; }
    DocView > .doc-view--meta { text-style: dim; }
    DocView > .doc-view--thumb { background: $primary 70%; }
    DocView > .doc-view--track { background: $panel; }
    """

    class CurrentChanged(Message):
        """The current paragraph moved (origin: key, jump, scroll, sync, load, click)."""

        def __init__(self, view: "DocView", index: int, origin: str) -> None:
            super().__init__()
            self.view = view
            self.index = index
            self.origin = origin

        @property
        def control(self) -> "DocView":
            return self.view

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.doc = None
        self.paras: list = []
        self.current = 0
        self.top = 0  # block index of the first line on screen
        self.top_line = 0  # line offset inside that block
        self.terms: tuple[str, ...] = ()
        self.hits: list[int] = []
        self._hit_set: set[int] = set()
        self._cache = BlockCache()
        self._frame: list[Line] | None = None
        self._frame_size: Size | None = None
        self._pending_place: int | None = None  # place this block once the size is known
        self._bar: tuple[int, int] | None = None

    # -- public API ----------------------------------------------------------------------
    @property
    def blocks(self) -> int:
        return len(self.paras) + 1 if self.doc is not None else 0

    @property
    def current_para(self):
        return self.paras[self.current] if self.paras else None

    def load(self, doc, seq: int = 1, terms=(), hits=None) -> None:
        """Show a document (a corpus.Document) with paragraph `seq` (1-based) current."""
        self.doc = doc
        self.paras = list(doc.paras)
        self.terms = tuple(terms)
        self.hits = list(hits) if hits is not None else hit_indices(self.paras, self.terms)
        self._hit_set = set(self.hits)
        self._cache.clear()
        self.current = max(0, min(len(self.paras) - 1, (seq or 1) - 1)) if self.paras else 0
        self.top, self.top_line = 0, 0
        if self.paras and seq and seq > 1:
            self._place(self.current + 1)
        self._invalidate()
        self.post_message(self.CurrentChanged(self, self.current, "load"))

    def clear(self) -> None:
        self.doc, self.paras, self.hits, self._hit_set = None, [], [], set()
        self.current = self.top = self.top_line = 0
        self._cache.clear()
        self._invalidate()

    def set_terms(self, terms, hits=None) -> None:
        self.terms = tuple(terms)
        self.hits = list(hits) if hits is not None else hit_indices(self.paras, self.terms)
        self._hit_set = set(self.hits)
        self._cache.clear()
        self._invalidate()

    def go_to(self, index: int, origin: str = "jump") -> None:
        """Make paragraph `index` current; keep the view if it is already on screen.

        Stepping (origin "key") scrolls just enough; a jump puts the paragraph a quarter down
        the view."""
        if not self.paras:
            return
        index = max(0, min(len(self.paras) - 1, index))
        self.current = index
        if not self._fully_visible(index + 1):
            if origin == "key":
                self._ensure_visible(index + 1)
            else:
                self._place(index + 1)
        self._invalidate()
        self.post_message(self.CurrentChanged(self, index, origin))

    def _ensure_visible(self, block: int) -> None:
        h = self._height()
        if block < self.top or (block == self.top and self.top_line > 0):
            self.top, self.top_line = block, 0
            return
        start, end = self._block_span(block)
        if start is None:
            self._place(block)
        elif end - start >= h:
            self.top, self.top_line = block, 0
        elif end > h:
            self.scroll_lines(end - h, follow=False)

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

    def visible_blocks(self) -> list[int]:
        """Blocks with at least one line on screen (0 = title block, i + 1 = paragraph i)."""
        seen = []
        for line in self._get_frame():
            if line.block >= 0 and (not seen or seen[-1] != line.block):
                seen.append(line.block)
        return seen

    def rendered_text(self) -> str:
        """The text on screen now, one line per row (for tests and debugging)."""
        width = self.size.width
        return "\n".join(
            "".join(seg.text for seg in self.render_line(y)).rstrip()
            for y in range(self.size.height)) if width else ""

    # -- movement ------------------------------------------------------------------------
    def action_cursor_down(self) -> None:
        if not self.paras:
            return
        # a paragraph taller than the view: scroll through it before leaving it
        start, end = self._block_span(self.current + 1)
        h = self._height()
        if start is not None and end - start > h and end > h:
            self.scroll_lines(max(1, h // 2), follow=False)
            return
        if self.current < len(self.paras) - 1:
            self.go_to(self.current + 1, "key")

    def action_cursor_up(self) -> None:
        if not self.paras:
            return
        start, end = self._block_span(self.current + 1)
        if start is not None and start < 0 and end - start > self._height():
            self.scroll_lines(-max(1, self._height() // 2), follow=False)
            return
        if self.current > 0:
            self.go_to(self.current - 1, "key")
        elif self.top or self.top_line:
            self.top, self.top_line = 0, 0  # show the title block again
            self._invalidate()

    def action_first(self) -> None:
        if self.paras:
            self.current = 0
            self.top, self.top_line = 0, 0
            self._invalidate()
            self.post_message(self.CurrentChanged(self, 0, "jump"))

    def action_last(self) -> None:
        if self.paras:
            self.go_to(len(self.paras) - 1, "jump")

    def action_page_down(self) -> None:
        self.scroll_lines(max(1, self._height() - 2))

    def action_page_up(self) -> None:
        self.scroll_lines(-max(1, self._height() - 2))

    def scroll_lines(self, delta: int, follow: bool = True) -> None:
        """Scroll by lines; the current paragraph follows if it leaves the screen."""
        if not self.blocks:
            return
        top, off = self.top, self.top_line
        if delta > 0:
            while delta > 0:
                # never past the point where the last line sits at the bottom (looked up a
                # screenful at a time, so a huge delta costs what it scrolls over)
                room = min(delta, self._lines_below_bottom())
                if room <= 0:
                    break
                delta -= room
                while room > 0:
                    h = self._block_height(top)
                    step = min(room, h - off)
                    off += step
                    room -= step
                    if off >= h:
                        if top + 1 >= self.blocks:
                            off = h - 1
                            break
                        top, off = top + 1, 0
                self.top, self.top_line = top, off
        else:
            delta = -delta
            while delta > 0:
                if off >= delta:
                    off -= delta
                    break
                delta -= off
                if top == 0:
                    off = 0
                    break
                top -= 1
                off = self._block_height(top)
        self.top, self.top_line = top, off
        self._invalidate()
        if follow and self.paras:
            shown = [b for b in self.visible_blocks() if b > 0]
            if shown and self.current + 1 not in shown:
                fully = [b for b in shown if self._fully_visible(b)] or shown
                target = fully[0] if self.current + 1 < shown[0] else fully[-1]
                self.current = target - 1
                self._invalidate()
                self.post_message(self.CurrentChanged(self, self.current, "scroll"))

    # -- mouse ---------------------------------------------------------------------------
    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_lines(3)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_lines(-3)

    def _on_click(self, event: events.Click) -> None:
        if not self.paras:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x, y = offset
        if x >= self.size.width - SCROLLBAR and self.blocks > 1:
            block = int(y / max(1, self._height() - 1) * (self.blocks - 1))
            self.go_to(max(0, block - 1), "jump")
            return
        frame = self._get_frame()
        if 0 <= y < len(frame) and frame[y].block > 0:
            self.go_to(frame[y].block - 1, "click")

    # -- layout helpers ------------------------------------------------------------------
    def _height(self) -> int:
        return max(1, self.size.height)

    def _text_width(self) -> int:
        return max(8, self.size.width - GUTTER - SCROLLBAR - 1)

    def _invalidate(self) -> None:
        self._frame = None
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._cache.width:
            self._cache.clear()
        self._frame = None
        if self._pending_place is not None and self.size.height:
            block, self._pending_place = self._pending_place, None
            self._place(block)
        elif self.paras and self.size.height and not self._fully_visible(self.current + 1):
            self._ensure_visible(self.current + 1)  # e.g. the find box took a line
        # The frame drawn for the new size may already be on screen (a real terminal draws
        # before this handler runs): draw again from the place just set.
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()  # the title block bakes in component styles (theme changes)
        self._frame = None

    def _block_lines(self, block: int) -> list[Text]:
        return self._cache.get(block, self._text_width(), self._wrap_block)

    def _wrap_block(self, block: int, width: int) -> list[Text]:
        if block == 0:
            style = {name: self.get_component_rich_style(f"doc-view--{name}", partial=True)
                     for name in ("zone", "title", "meta")}
            return title_lines(self.doc.info, style, width)
        return paragraph_lines(self.paras[block - 1].text, self.terms,
                               block - 1 in self._hit_set, width)

    def _block_height(self, block: int) -> int:
        return len(self._block_lines(block))

    def _place(self, block: int, context: int | None = None) -> None:
        """Put `block` about a quarter down the view (context lines above it)."""
        if not self.size.height:
            self._pending_place = block
            return
        h = self._height()
        if context is None:
            context = h // 4
        self.top, self.top_line = block, 0
        k = context
        b = block
        while k > 0 and b > 0:
            b -= 1
            bh = self._block_height(b)
            if bh <= k:
                k -= bh
                self.top, self.top_line = b, 0
            else:
                self.top, self.top_line = b, bh - k
                k = 0
        # near the end: fill the view instead of leaving blank lines below the last block
        below = self._lines_below_bottom()
        if below < 0:
            self.scroll_lines(below, follow=False)
        self._frame = None

    def _lines_below_bottom(self) -> int:
        """Lines of the document below the view's bottom edge (negative: blank rows at the
        bottom). Looks at no more than a screenful of blocks."""
        h = self._height()
        total = -self.top_line
        b = self.top
        while b < self.blocks:
            total += self._block_height(b)
            if total > 2 * h:
                return total - h
            b += 1
        return total - h

    def _block_span(self, block: int) -> tuple[int | None, int | None]:
        """(first row, row after the last) of block relative to the view top, or Nones when
        it is more than a screen away."""
        h = self._height()
        if block < self.top:
            return None, None
        row = -self.top_line
        b = self.top
        while b < block:
            row += self._block_height(b)
            if row > h:
                return None, None
            b += 1
        return row, row + self._block_height(block) - 1  # minus the blank separator

    def _fully_visible(self, block: int) -> bool:
        start, end = self._block_span(block)
        return start is not None and start >= 0 and end <= self._height()

    # -- rendering -----------------------------------------------------------------------
    def _get_frame(self) -> list[Line]:
        if self._frame is not None and self._frame_size == self.size:
            return self._frame
        h = self._height()
        frame: list[Line] = []
        b, off = self.top, self.top_line
        while len(frame) < h and b < self.blocks:
            lines = self._block_lines(b)
            last = len(lines) - 1
            for i in range(off, len(lines)):
                frame.append(Line(b, lines[i], i == 0, b > 0 and i == last))
                if len(frame) >= h:
                    break
            b, off = b + 1, 0
        self._frame, self._frame_size = frame, self.size
        self._bar = scrollbar(self.blocks, self.top, self.top_line, frame, h)
        return frame

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        frame = self._get_frame()
        if width <= 0:
            return Strip.blank(0)
        bar = self._bar
        bar_style = None
        if bar is not None:
            pos, size = bar
            name = "doc-view--thumb" if pos <= y < pos + size else "doc-view--track"
            bar_style = self.get_component_rich_style(name, partial=True)
        if y >= len(frame):
            strip = Strip.blank(width - 1, base)
        else:
            line = frame[y]
            tw = self._text_width()
            current = line.block == self.current + 1 and line.block > 0 and not line.sep
            kind_style = Style()
            if line.block > 0:
                kind = self.paras[line.block - 1].kind
                if kind == "heading":
                    kind_style = self.get_component_rich_style("doc-view--heading", partial=True)
                elif kind == "caption":
                    kind_style = self.get_component_rich_style("doc-view--caption", partial=True)
            body = Strip(list(line.text.render(self.app.console, end="")))
            body = body.adjust_cell_length(tw).apply_style(kind_style)
            if current:
                marker = Segment("▌ ", self.get_component_rich_style("doc-view--marker",
                                                                     partial=True))
            else:
                marker = Segment(" " * GUTTER)
            strip = Strip([marker, *body])
            if current:
                strip = strip.apply_style(self.get_component_rich_style("doc-view--current",
                                                                        partial=True))
            strip = strip.adjust_cell_length(width - 1)
        strip = Strip([*strip, Segment(" ", bar_style)]).apply_style(base)
        return strip.simplify()
