"""The full-text rowid layout: a paragraph's id and its length class in one integer.

para_fts's rowid is ``paras.id << SHIFT | length class``: ranking (index/search/rank.py)
reads a paragraph's length from the rowid itself instead of a size table, and every query
that maps full-text rows back to paragraphs shifts by SHIFT.
"""

from __future__ import annotations

import math

SHIFT = 5  # rowid = para_id << SHIFT | length class
MASK = (1 << SHIFT) - 1


def length_class(tokens: int) -> int:
    """Classes [2q², 2(q+1)²) of the token count: finer for short paragraphs, the last
    open-ended (from 1,922 tokens)."""
    return min(MASK, math.isqrt(tokens // 2))


def class_length(q: int) -> float:
    """The length a class stands for: the middle of [2q², 2(q+1)²)."""
    return 2 * q * q + 2 * q + 1


def fts_rowid(para_id: int, tokens: int) -> int:
    return (para_id << SHIFT) | length_class(tokens)


def rowid_range(lo: int, hi: int) -> tuple[int, int]:
    """The full-text rowids of paragraph ids lo..hi."""
    return lo << SHIFT, (hi << SHIFT) | MASK
