"""The blocks of a document view as wrapped lines: the title block and each paragraph (hits
styled). The cache and the frame on screen are BlockView's (widgets/block_view/)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from index.text.normal import find_spans, fold, visible
from tui.render import HIT
from tui.wrap import wrap


def hit_indices(paras, terms) -> list[int]:
    """Indices of the paragraphs containing any of the terms (matched on folded text, the
    same normal form as search and find_spans). Cheap enough for 20,000 paragraphs (~0.1 s);
    callers run it in a worker."""
    needles = [n for n in (fold(t) for t in terms) if n]
    if not needles:
        return []
    raw = [t for t in terms if t]
    out = []
    for i, p in enumerate(paras):
        # folding maps character by character, so a term found as typed is found folded:
        # only paragraphs without it are folded (a 50 MB paragraph in 0.1 s, not 1 s)
        if any(t in p.text for t in raw):
            out.append(i)
            continue
        f = fold(p.text)
        if any(n in f for n in needles):
            out.append(i)
    return out


PIECE_CHARS = 2000  # a longer paragraph is shown as display blocks of at most this many
_SENTENCE_ENDS = "。！？；!?;\n"


def piece_starts(text: str, size: int = PIECE_CHARS) -> list[int]:
    """Where the display blocks of a paragraph start: [0] for one of at most `size`
    characters; a longer one is cut after the last sentence end (。！？；) in the second half
    of each `size` window, or at `size` when there is none. Wrapping a block then costs the
    same however long the paragraph (a 50 MB one-paragraph document opens at once)."""
    starts = [0]
    n = len(text)
    while n - starts[-1] > size:
        lo, hi = starts[-1] + size // 2, starts[-1] + size
        cut = max(text.rfind(ch, lo, hi) for ch in _SENTENCE_ENDS)
        starts.append(cut + 1 if cut >= 0 else hi)
    return starts


def paragraph_lines(text: str, terms, hit: bool, width: int, last: bool = True,
                    marks=()) -> list[Text]:
    """A paragraph (or a display block of one) wrapped to width, its hits styled, then,
    after a paragraph's last block, the blank line that ends it; marks are extra
    (start, end, style) spans (the split reader's diff)."""
    spans = find_spans(text, list(terms)) if hit else []
    out = Text(visible(text).replace("\n", " "))
    for s, e, style in marks:
        out.stylize(style, s, e)
    for s, e in spans:
        out.stylize(HIT, s, e)
    out.expand_tabs(4)
    lines = wrap(out, width).split("\n", allow_blank=True) if out.plain else [Text("")]
    return [*lines, Text("")] if last else lines


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
