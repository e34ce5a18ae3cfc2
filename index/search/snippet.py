"""Snippets: the hit with its context, cut at sentence or clause boundaries, on the original text."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

SENTENCE_END = "。！？；!?;"
CLAUSE_END = "，、：,:"
ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def char_cells(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """Width in terminal cells (CJK characters take two)."""
    return sum(char_cells(c) for c in text)


def _back(text: str, pos: int, stops: str, limit: int) -> int:
    """Start index at most `limit` characters before pos, preferably just after a stop."""
    lo = max(0, pos - limit)
    for i in range(pos - 1, lo - 1, -1):
        if text[i] in stops:
            return i + 1
    return lo


def _fwd(text: str, pos: int, stops: str, limit: int) -> int:
    """End index at most `limit` characters after pos, preferably just after a stop."""
    hi = min(len(text), pos + limit)
    for i in range(pos, hi):
        if text[i] in stops:
            return i + 1
    return hi


def make_snippet(text: str, spans: list[tuple[int, int]], max_chars: int = 110
                 ) -> tuple[str, list[tuple[int, int]]]:
    """A window of text around the first hit, with the hit spans shifted into it.

    The window prefers whole sentences, then whole clauses, and marks cuts with an ellipsis.
    """
    if len(text) <= max_chars:
        return text, list(spans)
    s0, e0 = spans[0] if spans else (0, 0)
    room = max(max_chars - (e0 - s0), 10)
    start = _back(text, s0, SENTENCE_END, room // 2)
    if start == max(0, s0 - room // 2) and start > 0:  # no sentence start close by: try a clause
        start = _back(text, s0, SENTENCE_END + CLAUSE_END, room // 2)
    end = _fwd(text, e0, SENTENCE_END, max_chars - (e0 - start))
    if end - start < max_chars * 0.6 and end < len(text):  # short sentence: take the next too
        end = _fwd(text, end, SENTENCE_END, max_chars - (end - start))
    start, end = max(0, start), min(len(text), max(end, e0))
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    out = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end]
    return prefix + text[start:end] + suffix, out
