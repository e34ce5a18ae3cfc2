"""The BlockView widget: blocks of wrapped lines with a cursor (see the package doc)."""

from __future__ import annotations

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
from tui.widgets.block_view.frame import BlockCache, Line, scrollbar
from tui.widgets.block_view.geometry import BlockGeometry

GUTTER = 2  # "▌ " marks the cursor's block
SCROLLBAR = 1


class BlockView(BlockGeometry, Widget, can_focus=True):
    """Blocks of wrapped lines, a cursor on one of them (see the package doc)."""

    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("home", "first", "Top", show=False),
        Binding("end", "last", "Bottom", show=False),
    ] + actions.list_bindings()

    COMPONENT_CLASSES = {"block-view--current", "block-view--marker", "block-view--thumb",
                         "block-view--track"}

    DEFAULT_CSS = """
    BlockView { width: 1fr; height: 1fr; }
    BlockView > .block-view--current { background: $primary 12%; }
    BlockView:focus > .block-view--current { background: $primary 28%; }
    BlockView > .block-view--marker { color: $primary-lighten-2; }
    BlockView:focus > .block-view--marker { color: $accent; text-style: bold; }
    BlockView > .block-view--thumb { background: $primary 70%; }
    BlockView > .block-view--track { background: $panel; }
    """

    first_selectable = 0  # blocks before it (a title) are shown but never under the cursor
    separated = True  # every block ends with a blank line that the cursor does not mark
    choose_on_click = False  # a click chooses the block, as Enter does (lists)

    class Moved(Message):
        """The cursor moved (origin: key, jump, scroll, sync, load, click)."""

        def __init__(self, view: "BlockView", block: int, origin: str) -> None:
            super().__init__()
            self.view = view
            self.block = block
            self.origin = origin

        @property
        def control(self) -> "BlockView":
            return self.view

    class Chosen(Message):
        """Enter (or a click, in lists) on the cursor's block."""

        def __init__(self, view: "BlockView", block: int) -> None:
            super().__init__()
            self.view = view
            self.block = block

        @property
        def control(self) -> "BlockView":
            return self.view

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.cursor = 0  # block under the cursor
        self.top = 0  # block of the first line on screen
        self.top_line = 0  # line offset inside that block
        self._cache = BlockCache()
        self._frame: list[Line] | None = None
        self._frame_size: Size | None = None
        self._pending_place: int | None = None  # place this block once the size is known
        self._bar: tuple[int, int] | None = None
        self._styles: dict[str, Style] | None = None  # looked up once a frame

    # -- what subclasses define ----------------------------------------------------------
    @property
    def block_count(self) -> int:
        raise NotImplementedError

    def wrap_block(self, block: int, width: int) -> list[Text]:
        """The block's lines at `width` cells (ending with a blank line if `separated`)."""
        raise NotImplementedError

    def block_style(self, block: int) -> Style:
        """A style over the whole block (headings bold, …)."""
        return Style()

    def moved(self, origin: str) -> None:
        """The cursor moved: post what the screen listens to."""
        self.post_message(self.Moved(self, self.cursor, origin))

    # -- content -------------------------------------------------------------------------
    @property
    def selectable(self) -> bool:
        return self.block_count > self.first_selectable

    def reset(self, cursor: int | None = None) -> None:
        """New content: back to the top (or to block `cursor`, placed in view)."""
        self._cache.clear()
        self.cursor = self.first_selectable if cursor is None else cursor
        self.cursor = max(self.first_selectable, min(self.block_count - 1, self.cursor))
        self.top, self.top_line = 0, 0
        if cursor is not None and cursor > self.first_selectable:
            self._place(self.cursor)
        self._invalidate()

    def restyle(self) -> None:
        """The blocks' styling changed (not their number): wrap them again."""
        self._cache.clear()
        self._invalidate()

    def visible_blocks(self) -> list[int]:
        """Blocks with at least one line on screen."""
        seen = []
        for line in self._get_frame():
            if not seen or seen[-1] != line.block:
                seen.append(line.block)
        return seen

    def rendered_text(self) -> str:
        """The text on screen now, one line per row (for tests and debugging)."""
        return "\n".join(
            "".join(seg.text for seg in self.render_line(y)).rstrip()
            for y in range(self.size.height)) if self.size.width else ""

    # -- movement ------------------------------------------------------------------------
    def go_to_block(self, block: int, origin: str = "jump") -> None:
        """Put the cursor on `block`; keep the view if it is already on screen.

        Stepping (origin "key") scrolls just enough; a jump puts the block a quarter down
        the view."""
        if not self.selectable:
            return
        block = max(self.first_selectable, min(self.block_count - 1, block))
        self.cursor = block
        if not self._fully_visible(block):
            if origin in ("key", "click"):
                self._ensure_visible(block)
            else:
                self._place(block)
        self._invalidate()
        self.moved(origin)

    def action_cursor_down(self) -> None:
        if not self.selectable:
            return
        # a block taller than the view: scroll through it before leaving it
        start, end = self._block_span(self.cursor)
        h = self._height()
        if start is not None and end - start > h and end > h:
            self.scroll_lines(max(1, h // 2), follow=False)
            return
        if self.cursor < self.block_count - 1:
            self.go_to_block(self.cursor + 1, "key")

    def action_cursor_up(self) -> None:
        if not self.selectable:
            return
        start, end = self._block_span(self.cursor)
        if start is not None and start < 0 and end - start > self._height():
            self.scroll_lines(-max(1, self._height() // 2), follow=False)
            return
        if self.cursor > self.first_selectable:
            self.go_to_block(self.cursor - 1, "key")
        elif self.top or self.top_line:
            self.top, self.top_line = 0, 0  # show what is above (a title) again
            self._invalidate()

    def action_first(self) -> None:
        if self.selectable:
            self.cursor = self.first_selectable
            self.top, self.top_line = 0, 0
            self._invalidate()
            self.moved("jump")

    def action_last(self) -> None:
        if self.selectable:
            self.go_to_block(self.block_count - 1, "jump")

    def action_page_down(self) -> None:
        self.scroll_lines(max(1, self._height() - 2))

    def action_page_up(self) -> None:
        self.scroll_lines(-max(1, self._height() - 2))

    def action_choose(self) -> None:
        if self.selectable:
            self.post_message(self.Chosen(self, self.cursor))

    # -- mouse ---------------------------------------------------------------------------
    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_lines(3)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_lines(-3)

    def _on_click(self, event: events.Click) -> None:
        if not self.selectable:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x, y = offset
        if x >= self.size.width - SCROLLBAR and self.block_count > 1:
            block = int(y / max(1, self._height() - 1) * (self.block_count - 1))
            self.go_to_block(block, "jump")
            return
        frame = self._get_frame()
        if 0 <= y < len(frame) and frame[y].block >= self.first_selectable:
            self.go_to_block(frame[y].block, "click")
            if self.choose_on_click:
                self.action_choose()

    # -- layout helpers ------------------------------------------------------------------
    def text_width(self) -> int:
        return max(8, self.size.width - GUTTER - SCROLLBAR - 1)

    def _invalidate(self) -> None:
        self._frame = None
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        if self.text_width() != self._cache.width:
            self._cache.clear()
        self._frame = None
        if self._pending_place is not None and self.size.height:
            block, self._pending_place = self._pending_place, None
            self._place(block)
        elif self.selectable and self.size.height and not self._fully_visible(self.cursor):
            self._ensure_visible(self.cursor)  # e.g. a find box took a line
        # The frame drawn for the new size may already be on screen (a real terminal draws
        # before this handler runs): draw again from the place just set.
        self.refresh()

    def notify_style_update(self) -> None:
        # Focus and theme changes restyle the widget: the cursor and scrollbar styles are
        # looked up as lines are drawn, so the wrapped blocks stay (a subclass whose blocks
        # bake in component styles drops those).
        super().notify_style_update()
        self._frame = None

    def block_lines(self, block: int) -> list[Text]:
        return self._cache.get(block, self.text_width(), self.wrap_block)

    # -- rendering -----------------------------------------------------------------------
    def _get_frame(self) -> list[Line]:
        if self._frame is not None and self._frame_size == self.size:
            return self._frame
        h = self._height()
        frame: list[Line] = []
        b, off = self.top, self.top_line
        while len(frame) < h and b < self.block_count:
            lines = self.block_lines(b)
            last = len(lines) - 1
            for i in range(off, len(lines)):
                frame.append(Line(b, lines[i], self.separated and i == last))
                if len(frame) >= h:
                    break
            b, off = b + 1, 0
        self._frame, self._frame_size, self._styles = frame, self.size, None
        self._bar = scrollbar(self.block_count, self.top, self.top_line, frame, h)
        return frame

    def _frame_styles(self) -> dict[str, Style]:
        """The widget's styles, looked up once a frame (not once a line)."""
        styles = {name: self.get_component_rich_style(f"block-view--{name}", partial=True)
                  for name in ("current", "marker", "thumb", "track")}
        styles["base"] = self.rich_style
        return styles

    def render_line(self, y: int) -> Strip:
        # Segments are put together here and made into one Strip: a Strip per step (pad,
        # style, join) costs more than the text itself, on every line of every pane.
        width = self.size.width
        if width <= 0:
            return Strip.blank(0)
        frame = self._get_frame()
        if self._styles is None:
            self._styles = self._frame_styles()
        styles = self._styles
        base = styles["base"]
        bar_style = base
        if self._bar is not None:
            pos, size = self._bar
            bar_style = base + styles["thumb" if pos <= y < pos + size else "track"]
        if y >= len(frame):
            segments = [Segment(" " * (width - 1), base)]
        else:
            line = frame[y]
            current = (line.block == self.cursor and line.block >= self.first_selectable
                       and not line.sep)
            under = base + styles["current"] if current else base
            body = Segment.adjust_line_length(
                list(line.text.render(self.app.console, end="")), self.text_width())
            body = Segment.apply_style(body, under + self.block_style(line.block))
            marker = (Segment("▌ ", under + styles["marker"]) if current
                      else Segment(" " * GUTTER, under))
            segments = Segment.adjust_line_length([marker, *body], width - 1, style=base)
        segments.append(Segment(" ", bar_style))
        return Strip(segments, width)
