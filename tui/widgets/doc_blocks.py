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
    out = []
    for i, p in enumerate(paras):
        f = fold(p.text)
        if any(n in f for n in needles):
            out.append(i)
    return out


def paragraph_lines(text: str, terms, hit: bool, width: int, marks=()) -> list[Text]:
    """A paragraph wrapped to width, its hits styled, then the blank line after it; marks
    are extra (start, end, style) spans (the split reader's diff)."""
    spans = find_spans(text, list(terms)) if hit else []
    out = Text(visible(text).replace("\n", " "))
    for s, e, style in marks:
        out.stylize(style, s, e)
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
