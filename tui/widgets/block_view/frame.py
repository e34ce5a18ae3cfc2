"""BlockView's machinery: the cache of wrapped blocks, the lines of the frame on screen, and
the positional scrollbar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text

CACHE_LIMIT = 4000  # wrapped blocks kept


class BlockCache:
    """Wrapped lines per block, for one width: a new width (or clear()) starts afresh."""

    def __init__(self) -> None:
        self._lines: dict[int, list[Text]] = {}
        self.width = -1

    def clear(self) -> None:
        self._lines.clear()

    def __len__(self) -> int:
        return len(self._lines)

    def discard(self, block: int) -> None:
        self._lines.pop(block, None)

    def get(self, block: int, width: int, make: Callable[[int, int], list[Text]]) -> list[Text]:
        if width != self.width:
            self._lines.clear()
            self.width = width
        lines = self._lines.get(block)
        if lines is None:
            if len(self._lines) > CACHE_LIMIT:
                self._lines.clear()
            lines = self._lines[block] = make(block, width)
        return lines


@dataclass
class Line:
    """One line of the frame on screen."""
    block: int
    text: Text  # one wrapped line of the block (hit spans styled), or blank
    sep: bool = False  # the blank line after a paragraph


def scrollbar(blocks: int, top: int, top_line: int, frame: list[Line], h: int
              ) -> tuple[int, int] | None:
    """(thumb position, thumb size) in rows of a positional scrollbar (by block number of the
    top line), or None when everything fits."""
    if blocks <= 1:
        return None
    at_top = top == 0 and top_line == 0
    if at_top and (not frame or (frame[-1].block == blocks - 1 and len(frame) < h)):
        return None
    shown = max(1, len({line.block for line in frame}))
    size = max(1, min(h, round(h * shown / blocks)))
    pos = round((h - size) * min(1.0, top / max(1, blocks - shown)))
    return pos, size
