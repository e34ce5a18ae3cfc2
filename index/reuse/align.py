"""Local alignment of two paragraphs: which characters they share, where, and how much.

Both texts are folded (index/text/normal.py) and aligned by a longest common subsequence
(rapidfuzz's Indel distance, in C++: an optimal alignment with insertions and deletions,
about a hundred times faster than difflib's SequenceMatcher on these lengths). Its matching
blocks are exact common substrings in order, i.e. an alignment without crossings. Blocks
shorter than MIN_BLOCK characters are mostly chance coincidences of common characters (的,
发展) and are not counted. The local part: the alignment is cut down to its densest region (the run of blocks
whose gaps stay below MAX_GAP characters holding the most shared characters), so a copied
paragraph embedded in a longer one is measured on the copy, not on the whole.

shared_chars  characters inside the kept blocks
similarity    shared_chars / the shorter folded paragraph (share of it found in the other)
spans         the kept blocks as [a_start, a_end, b_start, b_end] in each paragraph's
              ORIGINAL text offsets (unfolded), so a reader can mark them
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from index.text.normal import fold, fold_map, unfold_spans

MIN_BLOCK = 2
MAX_GAP = 40  # characters on either side between two blocks of one aligned region


@dataclass
class Alignment:
    similarity: float
    shared_chars: int
    spans: list[list[int]]  # [a_start, a_end, b_start, b_end], original offsets


def blocks(fa: str, fb: str) -> list[tuple[int, int, int]]:
    """Matching blocks (i, j, size) of two folded texts, size >= MIN_BLOCK, densest region."""
    found = [(m.a, m.b, m.size) for m in Indel.opcodes(fa, fb).as_matching_blocks()
             if m.size >= MIN_BLOCK]
    if not found:
        return []
    best, best_sum = (0, 0), -1
    start, run = 0, 0
    for k, (i, j, n) in enumerate(found):
        if k and (i - (found[k - 1][0] + found[k - 1][2]) > MAX_GAP
                  or j - (found[k - 1][1] + found[k - 1][2]) > MAX_GAP):
            start, run = k, 0
        run += n
        if run > best_sum:
            best, best_sum = (start, k), run
    return found[best[0]:best[1] + 1]


def align(a: str, b: str, fa: str | None = None, fb: str | None = None) -> Alignment:
    """The alignment of paragraph texts a and b (their folded forms may be passed in)."""
    fa = fold(a) if fa is None else fa
    fb = fold(b) if fb is None else fb
    found = blocks(fa, fb)
    shared = sum(n for _, _, n in found)
    shorter = min(len(fa), len(fb)) or 1
    sa = unfold_spans(a, fa, [(i, i + n) for i, _, n in found])
    sb = unfold_spans(b, fb, [(j, j + n) for _, j, n in found])
    spans = [[x0, x1, y0, y1] for (x0, x1), (y0, y1) in zip(sa, sb)]
    return Alignment(round(shared / shorter, 4), shared, spans)


class Folded:
    """A paragraph's folded text and where each folded character comes from, made once
    per paragraph (a paragraph is aligned with many others)."""

    __slots__ = ("folded", "origin")

    def __init__(self, text: str):
        folded = fold(text)
        self.folded = folded
        # None when folded offsets are the original ones, else the original index of each
        # folded character. fold() works character by character and drops only spaces and
        # invisible characters (none of which is printable): without them, each character
        # folds to at least one, so equal lengths mean exactly one each (，->, Ａ->a).
        one_for_one = len(folded) == len(text) and text.isprintable() and " " not in text
        self.origin = None if one_for_one else fold_map(text)[1]

    def span(self, s: int, e: int) -> tuple[int, int]:
        if self.origin is None:
            return s, e
        return self.origin[s], self.origin[e - 1] + 1


def align_folded(a: Folded, b: Folded) -> Alignment:
    """align() on paragraphs folded beforehand (the update's inner loop)."""
    fa, fb = a.folded, b.folded
    if fa == fb:  # an exact copy
        x0, x1 = a.span(0, len(fa))
        y0, y1 = b.span(0, len(fb))
        return Alignment(1.0, len(fa), [[x0, x1, y0, y1]])
    found = blocks(fa, fb)
    shared = sum(n for _, _, n in found)
    spans = [[*a.span(i, i + n), *b.span(j, j + n)] for i, j, n in found]
    return Alignment(round(shared / (min(len(fa), len(fb)) or 1), 4), shared, spans)
