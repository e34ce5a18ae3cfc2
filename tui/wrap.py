"""Line breaking for Chinese text in terminal cells, with the basic kinsoku rules:
no line starts with closing punctuation (，。、；：？！）…) and none ends with an opening one.

Textual folds a run of CJK characters at whatever cell the line fills, which puts ，and 。 at
the start of lines; widgets that show document text wrap it here first.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.cells import get_character_cell_size
from rich.text import Text

NO_START = set("，。、；：？！）》」』】〕〉”’…—·,.;:?!)]}%") | {"\u3001"}
NO_END = set("（《「『【〔〈“‘([{")


_WIDTH: dict[str, int] = {}  # cell width per character seen


def _cells(text: str) -> list[int]:
    """Cell width of each character."""
    width = _WIDTH
    try:
        return [width[ch] for ch in text]
    except KeyError:
        for ch in set(text) - width.keys():
            width[ch] = get_character_cell_size(ch)
        return [width[ch] for ch in text]


def break_offsets(text: str, width: int) -> list[int]:
    """Indices where lines should break so that each fits in `width` cells.

    Each line's end is found by bisecting the running cell count (not character by
    character: a comparison wraps hundreds of passages), then moved by the rules."""
    width = max(width, 2)
    n = len(text)
    cum = [0, *accumulate(_cells(text))]  # cells before each index
    breaks: list[int] = []
    line = pos = 0  # start of the current line; first character not yet placed
    nl = text.find("\n")
    while pos < n:
        # the first character that does not fit on the line (widths are at most 2 cells)
        i = max(pos, bisect_right(cum, cum[line] + width) - 1)
        if nl != -1 and nl < pos:
            nl = text.find("\n", pos)
        if nl != -1 and nl <= i:
            breaks.append(nl + 1)
            line = pos = nl + 1
            continue
        if i >= n:
            break
        cut = i
        # pull a closing mark back onto this line's end by moving one character down
        start = breaks[-1] if breaks else 0
        while text[cut] in NO_START and cut - 1 > start and i - cut < 3:
            cut -= 1
        # never end a line with an opening mark
        while cut - 1 > start and text[cut - 1] in NO_END:
            cut -= 1
        # keep Latin words and numbers whole: break after the last space instead
        if _latin(text[cut]) and _latin(text[cut - 1]):
            space = text.rfind(" ", start, cut)
            if space > start and cut - space < 24:
                cut = space + 1
            else:  # a number or word inside Chinese text (“3550”): move it down whole
                run = cut
                while run - 1 > start and _latin(text[run - 1]):
                    run -= 1
                if cut - run < 12:
                    cut = run
        breaks.append(cut)
        line, pos = cut, i + 1
    return [b for b in breaks if b < n]


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "%.,-_/")


def wrap(text: Text, width: int) -> Text:
    """The same Text with newlines inserted at kinsoku-aware breaks (styles kept)."""
    offsets = [b for b in break_offsets(text.plain, width)
               if b > 0 and text.plain[b - 1] != "\n"]
    if not offsets:
        return text
    lines = text.divide(offsets)
    return Text("\n").join(lines)
