"""Line breaking for Chinese text in terminal cells, with the basic kinsoku rules:
no line starts with closing punctuation (，。、；：？！）…) and none ends with an opening one.

Textual folds a run of CJK characters at whatever cell the line fills, which puts ，and 。 at
the start of lines; widgets that show document text wrap it here first.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from rich.text import Text

NO_START = set("，。、；：？！）》」』】〕〉”’…—·,.;:?!)]}%") | {"\u3001"}
NO_END = set("（《「『【〔〈“‘([{")


def break_offsets(text: str, width: int) -> list[int]:
    """Indices where lines should break so that each fits in `width` cells."""
    width = max(width, 2)
    breaks: list[int] = []
    line_cells = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            breaks.append(i + 1)
            line_cells = 0
            i += 1
            continue
        w = get_character_cell_size(ch)
        if line_cells + w > width and line_cells > 0:
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
            line_cells = sum(get_character_cell_size(c) for c in text[cut:i])
        line_cells += w
        i += 1
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
