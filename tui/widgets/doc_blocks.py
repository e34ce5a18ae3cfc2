"""The blocks of a document view as wrapped lines: the title block, each paragraph (hits
styled), the small cache of the blocks wrapped at the current width, and the frame of lines
on screen with its scrollbar (see doc_view)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from index.text.normal import find_spans, fold, visible
from tui.render import HIT
from tui.wrap import wrap

CACHE_LIMIT = 4000  # wrapped blocks kept


def hit_indices(paras, terms) -> list[int]:
    """Indices of the paragraphs containing any of the terms (matched on folded text, the
    same normal form as search and find_spans). Cheap enough for 20,000 paragraphs (~0.1 s);
    callers run it in a worker."""
    needles = [n for n in (fold(t) for t in terms) if n]
    if not needles:
        return []
    out = []
    for i, p in enumerate(paras):
        f = fold(p.text)
        if any(n in f for n in needles):
            out.append(i)
    return out


def paragraph_lines(text: str, terms, hit: bool, width: int) -> list[Text]:
    """A paragraph wrapped to width, its hits styled, then the blank line after it."""
    spans = find_spans(text, list(terms)) if hit else []
    out = Text(visible(text).replace("\n", " "))
    for s, e in spans:
        out.stylize(HIT, s, e)
    out.expand_tabs(4)
    lines = wrap(out, width).split("\n", allow_blank=True) if out.plain else [Text("")]
    return [*lines, Text("")]


def title_lines(info, style: dict[str, Style], width: int) -> list[Text]:
    """Zone, title, date · number · source, a rule and a blank line; style by part."""
    out: list[Text] = []
    zone = visible(getattr(info, "zone", "") or "")
    title = visible(getattr(info, "title", "") or "") or visible(getattr(info, "doc_id", ""))
    meta = [visible(x) for x in (getattr(info, "date", ""), getattr(info, "doc_number", ""),
                                 getattr(info, "source", "")) if x]
    if zone:
        out += wrap(Text(zone, style=style["zone"]), width).split("\n", allow_blank=True)
    out += wrap(Text(title, style=style["title"]), width).split("\n", allow_blank=True)
    if meta:
        out += wrap(Text(" · ".join(meta), style=style["meta"]), width).split(
            "\n", allow_blank=True)
    out.append(Text("─" * min(width, 40), style=style["meta"]))
    out.append(Text(""))
    return out


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
