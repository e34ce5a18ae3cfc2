"""How BlockView's blocks sit on screen: block-anchored scrolling, placing a block, spans.

A mixin of BlockView: it reads and sets the view's ``top``/``top_line`` anchor and asks the
view for block heights (wrapping only the blocks it looks at), never more than a screenful
of blocks away from the one it is asked about.
"""

from __future__ import annotations


class BlockGeometry:
    """Scrolling and placement over blocks of known-on-demand height (mixed into BlockView)."""

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

    def scroll_lines(self, delta: int, follow: bool = True) -> None:
        """Scroll by lines; the cursor follows if its block leaves the screen."""
        if not self.block_count:
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
                        if top + 1 >= self.block_count:
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
        if follow and self.selectable:
            shown = [b for b in self.visible_blocks() if b >= self.first_selectable]
            if shown and self.cursor not in shown:
                fully = [b for b in shown if self._fully_visible(b)] or shown
                self.cursor = fully[0] if self.cursor < shown[0] else fully[-1]
                self._invalidate()
                self.moved("scroll")

    def _height(self) -> int:
        return max(1, self.size.height)

    def _block_height(self, block: int) -> int:
        return len(self.block_lines(block))

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
        """Lines below the view's bottom edge (negative: blank rows at the bottom). Looks at
        no more than a screenful of blocks."""
        h = self._height()
        total = -self.top_line
        b = self.top
        while b < self.block_count:
            total += self._block_height(b)
            if total > 2 * h:
                return total - h
            b += 1
        return total - h

    def _block_span(self, block: int) -> tuple[int | None, int | None]:
        """(first row, row after the last) of block relative to the view top (the blank
        separator not counted), or Nones when it is more than a screen away."""
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
        return row, row + self._block_height(block) - (1 if self.separated else 0)

    def _fully_visible(self, block: int) -> bool:
        start, end = self._block_span(block)
        return start is not None and start >= 0 and end <= self._height()
