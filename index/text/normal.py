"""Matching normal form: the one place that decides when two strings "contain" each other.

Search matches on folded text: every character is NFKC-normalised and lower-cased on its own,
whitespace and invisible characters are dropped. So 5Ｇ matches 5G, （一） matches (一), AI
matches ai, and a line break inside a word does not hide it. The same fold feeds the index
(as overlapping character bigrams) and the query, which is what makes recall exact.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from bisect import bisect_right
from itertools import accumulate

# Bump when fold() or grams() change: an index built with another version must be rebuilt,
# because deleting rows from the contentless full-text table replays the grams.
FOLD_VERSION = "1"


class _FoldTable(dict):
    """str.translate table computed lazily per character and cached."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        cat = unicodedata.category(ch)
        if cat[0] == "Z" or cat in ("Cc", "Cf", "Cs") or ch.isspace():
            out = ""
        else:
            out = "".join(
                c
                for c in unicodedata.normalize("NFKC", ch).lower()
                if not (c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zs"))
            )
        self[code] = out
        return out


class _LengthTable(dict):
    """str.translate table: each character to chr(length of its fold)."""

    def __missing__(self, code: int) -> str:
        out = self[code] = chr(len(_FOLD[code]))
        return out


_FOLD = _FoldTable()
_FOLD_LEN = _LengthTable()


IDENTITY_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))  # ideographs: fold(c) == c


def _identity_class() -> str:
    """A regex class of the characters that fold to themselves in the commonest blocks of
    Chinese text: CJK ideographs (tests/test_textnorm checks the claim over both blocks),
    and those of ASCII, general punctuation and CJK punctuation that do (，and ！ do not:
    NFKC makes them , and !)."""
    same = [c for lo, hi in ((0x21, 0x7E), (0x2000, 0x206F), (0x3000, 0x303F))
            for c in range(lo, hi + 1) if _FOLD[c] == chr(c)]
    ranges: list[list[int]] = []
    for c in same:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    ranges += [list(r) for r in IDENTITY_RANGES]
    return "".join(re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "")
                   for lo, hi in ranges)


_TO_FOLD = re.compile(f"[^{_identity_class()}]+")


# The commonest characters that change in Chinese text, replaced first by str.replace (a
# scan in C): then few runs are left for the regex's callback.
_COMMON = [(ch, _FOLD[ord(ch)]) for ch in "，（）；！：？％［］\u3000 \n\t"]


def _fold_run(m: re.Match) -> str:
    return m.group().translate(_FOLD)


def fold(text: str) -> str:
    """The matching form of text (see module doc). The commonest changing characters are
    replaced in bulk, the runs of other characters that may change are looked up, the
    ideographs in between are left as they are: the same as folding every character, three
    times as fast (indexing and comparison fold every paragraph)."""
    for ch, to in _COMMON:
        if ch in text:
            text = text.replace(ch, to)
    return _TO_FOLD.sub(_fold_run, text)


def fold_char(ch: str) -> str:
    return _FOLD[ord(ch)]


_CODEC = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"  # array('I') order
_SPACE = array("I", [32])
assert _SPACE.itemsize == 4


def grams(folded: str) -> str:
    """Space-separated overlapping bigrams of folded text, plus its last character alone.

    "产城融合" -> "产城 城融 融合 合". Every substring of two or more characters is then a
    phrase of consecutive bigrams, and every single character starts some token. Built by
    interleaving code points in an array (five times faster than joining 2-character strings:
    this is most of indexing's own Python time).
    """
    n = len(folded)
    if n < 2:
        return folded
    chars = array("I")
    chars.frombytes(folded.encode(_CODEC))
    out = _SPACE * (3 * n - 2)  # "ab bc … " and the last character
    out[0:3 * n - 3:3] = chars[:-1]
    out[1:3 * n - 3:3] = chars[1:]
    out[3 * n - 3] = chars[-1]
    return out.tobytes().decode(_CODEC)


def _frequent_chars() -> frozenset[str]:
    from importlib.resources import files  # index/data/, in a clone as in a wheel

    text = files("index").joinpath("data", "frequent_chars.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    return frozenset("".join(ln.strip() for ln in lines if not ln.startswith("#")))


FREQUENT_CHARS = _frequent_chars()


_NOT_FREQUENT = re.compile("[^" + "".join(sorted(FREQUENT_CHARS)) + "]+")


def unigrams(folded: str) -> str:
    """Each occurrence of a frequent character, alone (the index's column u): a one-character
    query on one of them reads one posting list instead of a prefix over its bigrams."""
    return " ".join(_NOT_FREQUENT.sub("", folded))


def fold_map(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, the index of the original character."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = _FOLD[ord(ch)]
        if f:
            out.append(f)
            origin.extend([i] * len(f))
    return "".join(out), origin


_RUN_ONE: dict[str, bool] = {}


def _one_for_one(text: str) -> bool:
    """Every character of text folds to exactly one character. Only the runs of characters
    that may change are looked at (ideographs fold to themselves), each distinct run once."""
    for m in _TO_FOLD.finditer(text):
        run = m.group()
        ok = _RUN_ONE.get(run)
        if ok is None:
            ok = not run.translate(_FOLD_LEN).strip("\x01")
            if len(_RUN_ONE) < 100_000:
                _RUN_ONE[run] = ok
        if not ok:
            return False
    return True


def unfold_spans(text: str, folded: str, spans: list[tuple[int, int]]
                 ) -> list[tuple[int, int]]:
    """Spans of folded = fold(text) as the spans of text they came from."""
    if len(folded) != len(text) or not _one_for_one(text):
        # not one character for one: map folded offsets back through the running length
        ends = list(accumulate(map(ord, text.translate(_FOLD_LEN))))
        return [(bisect_right(ends, s), bisect_right(ends, e - 1) + 1) for s, e in spans]
    return list(spans)


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Spans (start, end) in the original text where any folded needle occurs, merged, sorted."""
    needles = [n for n in (fold(x) for x in needles) if n]
    if not needles or not text:
        return []
    folded = fold(text)
    spans = []
    for n in needles:
        start = folded.find(n)
        while start != -1:
            spans.append((start, start + len(n)))
            start = folded.find(n, start + 1)
    if not spans:
        return []
    spans = unfold_spans(text, folded, spans)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL …
    if code == 0x7F:
        return "␡"
    return f"\\x{code:02x}"  # C1 controls


_VISIBLE = {c: _picture(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if c not in (9, 10)}


def visible(text: str) -> str:
    """Text safe to put on a terminal: control characters (ESC, BEL, CR…) shown as symbols.

    Rich markup needs no escaping as long as callers wrap text in rich.text.Text, never in a
    markup string; this only removes what a terminal itself would interpret.
    """
    return text.translate(_VISIBLE)


_VISIBLE_LINE = {**_VISIBLE, 9: "␉", 10: "␊", 0x2028: "␤", 0x2029: "¶"}


def visible_line(text: str) -> str:
    """visible(), and on one line: a tab, newline or line separator shown as a symbol, so
    that a file name cannot split or forge a line of a message."""
    return text.translate(_VISIBLE_LINE)
