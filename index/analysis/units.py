"""Units: the one segmentation every statistic uses, and the boundary test.

A unit is a jieba word (precise mode, no HMM, the theme lexicon as user dictionary:
index/words/segment.py) or a compound of consecutive jieba words that the corpus itself
shows to be one term. The corpus dictionary holds

* quoted slogans: “六争攻坚”, “高效办成一件事” (2–16 characters of letters and ideographs
  between Chinese quotation marks);
* repeated strings: 2–5 consecutive words (3–12 characters, every word with an ideograph, no
  digits, no stop word) seen at least MIN_FREQ times (in two documents, or 2·MIN_FREQ times
  in one), cohesive (at least MIN_COHESION of the rarest word's occurrences are inside the
  string) and passing the boundary test on both sides.

The boundary test: over a string's occurrences, the share of its most frequent neighbouring
character on the left (and on the right) — punctuation, spaces and the ends of a paragraph
each count as a different neighbour, and all numerals as one. A string nearly always
extended by the same character (or by a number)
(share above MAX_EXTENSION_SHARE, i.e. 大湾 → 大湾区, 企业账款 ← 拖欠企业账款) is a
fragment, not a unit (so is 全国第, nearly always followed by a number). It needs MIN_TEST
occurrences to say so.

The corpus dictionary is applied to jieba's words as a longest-match merge (Units.merge), not
added to jieba's global dictionary: two corpora open in one process keep their own.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

from index.words.segment import stopwords

MIN_FREQ = 4
MIN_COHESION = 0.5
MAX_EXTENSION_SHARE = 0.8
MIN_TEST = 3
MAX_WORDS = 5
MIN_CHARS, MAX_CHARS = 3, 12

_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"[0-9０-９]")
_QUOTED = re.compile(r"“([^“”\n]{2,16})”")
_SLOGAN = re.compile(r"^[\w]+$")
_WORDY = re.compile(r"[^\W_]")


@lru_cache(maxsize=1 << 18)
def is_word(token: str) -> bool:
    """A token with a letter, digit or ideograph (not punctuation or space)."""
    return _WORDY.search(token) is not None


def words_of(units) -> list[str]:
    """The word units of a paragraph's units, punctuation and spaces left out: what every
    count and word total of the word statistics is made of (keywords, distinctive words,
    word lists), so that their figures agree."""
    return [u for u in units if _WORDY.search(u) is not None]


def raw_tokens(text: str) -> list[str]:
    """jieba's words of text (lexicon as user dictionary), spaces dropped."""
    from index.words.segment import segment

    return [t for t in segment(text) if not t.isspace()]


def quoted_slogans(text: str) -> list[str]:
    return [q for q in _QUOTED.findall(text) if _SLOGAN.match(q) and _HAS_CJK.search(q)
            and not q.isdigit()]


# ------------------------------------------------------------------ the boundary test


_NUMERALS = frozenset("0123456789０１２３４５６７８９〇零一二三四五六七八九十两")


def neighbour(ch: str) -> str | None:
    """A neighbouring character as the boundary test counts it: None for punctuation, space
    or an end (each a neighbour of its own); "#" for any numeral, so that a string nearly
    always followed by a number (全国第 → 全国第5, 全国第一) is a number's prefix."""
    if not ch or not ch.isalnum():
        return None
    return "#" if ch in _NUMERALS else ch


def neighbours(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The neighbours (see neighbour()) just before and after text[start:end]."""
    return (neighbour(text[start - 1] if start > 0 else ""),
            neighbour(text[end] if end < len(text) else ""))


def extension_shares(left: Counter, right: Counter, n: int) -> tuple[float, float]:
    """Share of the most frequent left and right neighbour (None keys are boundaries)."""
    if n <= 0:
        return 0.0, 0.0
    lmax = max((c for k, c in left.items() if k is not None), default=0)
    rmax = max((c for k, c in right.items() if k is not None), default=0)
    return lmax / n, rmax / n


def fails_boundary(left: Counter, right: Counter, n: int) -> bool:
    """True when the string is nearly always extended by the same character on one side."""
    if n < MIN_TEST:
        return False
    ls, rs = extension_shares(left, right, n)
    return ls > MAX_EXTENSION_SHARE or rs > MAX_EXTENSION_SHARE


def string_contexts(term: str, texts: Iterable[str], cap: int = 5000):
    """(left, right, n): neighbours of every occurrence of term in texts (at most cap)."""
    left: Counter = Counter()
    right: Counter = Counter()
    n = 0
    for text in texts:
        i = text.find(term)
        while i != -1 and n < cap:
            lch, rch = neighbours(text, i, i + len(term))
            left[lch] += 1
            right[rch] += 1
            n += 1
            i = text.find(term, i + 1)
    return left, right, n


def is_fragment(term: str, texts: Iterable[str]) -> bool:
    """The boundary test on every occurrence of term (as a string) in texts."""
    return fails_boundary(*string_contexts(term, texts))


# ------------------------------------------------------------------ applying the dictionary


class Units:
    """The corpus dictionary (compounds as tuples of jieba words) and its longest-match merge."""

    def __init__(self, compounds: Iterable[tuple[str, ...]] = ()):
        self.compounds = {tuple(c) for c in compounds if len(c) >= 2}
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for c in self.compounds:
            by_first.setdefault(c[0], []).append(c)
        for v in by_first.values():
            v.sort(key=len, reverse=True)
        self._by_first = by_first

    def merge(self, tokens: list[str]) -> list[str]:
        by_first = self._by_first
        if not by_first:
            return tokens
        out, i, n = [], 0, len(tokens)
        while i < n:
            t = tokens[i]
            for cand in by_first.get(t, ()):
                k = len(cand)
                if i + k <= n and tuple(tokens[i:i + k]) == cand:
                    out.append("".join(cand))
                    i += k
                    break
            else:
                out.append(t)
                i += 1
        return out

    def segment(self, text: str) -> list[str]:
        return self.merge(raw_tokens(text))


# ------------------------------------------------------------------ finding the dictionary


def _usable(token: str, stop) -> bool:
    return (bool(_HAS_CJK.search(token)) and not _DIGIT.search(token)
            and token not in stop and stop.trim(token) == token)


_PUNCT_TOKEN = re.compile(r"(?:^| )[^\w ]+(?= |$)")  # a token without a word character


def runs_of(raw: str) -> list[list[str]]:
    """The runs of word tokens of a space-joined token string (punctuation splits them)."""
    return [r.split() for r in _PUNCT_TOKEN.sub("\n", raw).split("\n") if " " in r.strip()]


class Discovery:
    """Two passes over a corpus's jieba words (space-joined, paragraphs in document order):
    count word n-grams (add), then neighbours of the candidates (add_contexts); compounds()
    decides. Counting runs in C (Counter.update over zip); the filters apply to the distinct
    n-grams seen MIN_FREQ times. The caller may feed a sample (store.DISCOVERY_CHARS)."""

    def __init__(self):
        self.tf: Counter = Counter()
        self.ng: Counter = Counter()
        self._ng_docs: Counter = Counter()
        self._doc = None
        self._docset: set = set()
        self.slogans: Counter = Counter()
        self._cands: set | None = None
        self._left: dict = {}
        self._right: dict = {}
        self._n: Counter = Counter()
        self._stop = stopwords()

    def add(self, doc, raw: str, text: str) -> None:
        if "“" in text:
            self.slogans.update(quoted_slogans(text))
        if doc != self._doc:
            self._ng_docs.update(self._docset)
            self._docset = set()
            self._doc = doc
        self.tf.update(raw.split())
        ng, docset = self.ng, self._docset
        for run in runs_of(raw):
            for n in range(2, min(MAX_WORDS, len(run)) + 1):
                grams = list(zip(*(run[k:] for k in range(n))))
                ng.update(grams)
                docset.update(grams)

    def candidates(self) -> set:
        self._ng_docs.update(self._docset)
        self._docset = set()
        tf, stop = self.tf, self._stop
        out: set = set()
        memo: dict[str, bool] = {}
        for g, n in self.ng.items():
            if n < MIN_FREQ or (self._ng_docs[g] < 2 and n < 2 * MIN_FREQ):
                continue
            chars = sum(map(len, g))
            if not MIN_CHARS <= chars <= MAX_CHARS:
                continue
            ok = True
            for t in g:
                v = memo.get(t)
                if v is None:
                    v = memo[t] = _usable(t, stop)
                if not v:
                    ok = False
                    break
            if ok and n / min(tf[t] for t in g) >= MIN_COHESION:
                out.add(g)
        self.ng = Counter()  # the counts are no longer needed: free them
        self._ng_docs = Counter()
        self._cands = out
        return out

    def add_contexts(self, raw: str) -> None:
        cands = self._cands
        if not cands:
            return
        for run in runs_of(raw):
            for n in range(2, min(MAX_WORDS, len(run)) + 1):
                grams = list(zip(*(run[k:] for k in range(n))))
                if cands.isdisjoint(grams):
                    continue
                for i, g in enumerate(grams):
                    if g not in cands:
                        continue
                    j = i + n
                    lch = neighbour(run[i - 1][-1]) if i > 0 else None
                    rch = neighbour(run[j][0]) if j < len(run) else None
                    self._left.setdefault(g, Counter())[lch] += 1
                    self._right.setdefault(g, Counter())[rch] += 1
                    self._n[g] += 1

    def compounds(self, segment_slogan=None) -> list[tuple[str, ...]]:
        """The accepted compounds: candidates passing the boundary test, and slogans (cut by
        segment_slogan, default raw_tokens)."""
        out = [g for g in (self._cands or ()) if g in self._n
               and not fails_boundary(self._left[g], self._right[g], self._n[g])]
        cut = segment_slogan or raw_tokens
        for s in self.slogans:
            toks = tuple(t for t in cut(s) if t.strip())
            if len(toks) >= 2:
                out.append(toks)
        return out
