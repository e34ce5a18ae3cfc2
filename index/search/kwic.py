"""Concordance (KWIC): every occurrence of a query's terms, one line each, sortable.

The paragraphs are exactly those search() finds (same query language, filters and recall);
within each, every occurrence of a positive term is found in the folded text and mapped
back to the original (index/text/normal.py), so 5Ｇ finds 5G and a line break inside a term
does not hide it. Two terms overlapping in the text are one occurrence (the longer); two
adjacent ones are two.

Sort orders (SORTS):
    rank        search's order (best paragraphs first), occurrences in text order
    L1 L2 L3    by the 1st / 2nd / 3rd word to the left of the hit, then the words beyond it
    R1 R2 R3    by the 1st / 2nd / 3rd word to the right, then the words beyond it
    zone        zone, then date, document and position
    date        date (undated last), then zone, document and position
Words are found from the hit outwards in jieba's dictionary with the theme lexicon added
(nearest_words: longest match from the hit's edge), within CONTEXT_CHARS characters of the
paragraph on that side, punctuation skipped; they compare by code point (identical
neighbours end up together). A line with no word at that position sorts first.
"""

from __future__ import annotations

import heapq
import re
import sqlite3
from dataclasses import dataclass, field

from index.search.query import Query, parse
from index.search.snippet import char_cells
from index.text.normal import fold, unfold_spans

SORTS = ("rank", "L1", "L2", "L3", "R1", "R2", "R3", "zone", "date")
CONTEXT_CHARS = 30  # characters segmented on each side for word sorting
DEFAULT_WIDTH = 40  # terminal cells of context on each side (CJK characters take two)
_SPACE = re.compile(r"\s+")


def folded_needles(terms: list[str]) -> list[str]:
    return sorted({n for n in (fold(x) for x in terms) if n}, key=len, reverse=True)


def occurrences(text: str, needles: list[str], folded: bool = False
                ) -> list[tuple[int, int]]:
    """(start, end) in text of every occurrence of a needle (matched folded), in text
    order; of occurrences that overlap, the first (and at one start the longest) is kept.
    folded: the needles are folded_needles() already."""
    if not folded:
        needles = folded_needles(needles)
    if not needles or not text:
        return []
    folded_text = fold(text)
    # Usually every occurrence in the folded text is there verbatim in the original (a
    # needle is folded text, which folds to itself): then the original's offsets are the
    # answer, found without mapping offsets back character by character.
    raw = _find_all(text, needles)
    if len(raw) == sum(folded_text.count(n) for n in needles if len(n) == 1) + sum(
            _count_overlapping(folded_text, n) for n in needles if len(n) > 1):
        return _first_of_overlaps(raw)
    return unfold_spans(text, folded_text, _first_of_overlaps(_find_all(folded_text, needles)))


def _find_all(text: str, needles: list[str]) -> list[tuple[int, int]]:
    found = []
    for n in needles:
        at = text.find(n)
        while at != -1:
            found.append((at, at + len(n)))
            at = text.find(n, at + 1)
    return found


def _count_overlapping(text: str, needle: str) -> int:
    """Occurrences of needle in text, overlapping ones too (str.count does not count
    those); as many finds as count() when there are none."""
    n = text.count(needle)
    if not n or needle[1:].find(needle[0]) == -1:  # no overlap possible
        return n
    return len(_find_all(text, [needle]))


def _first_of_overlaps(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for s, e in found:
        if not kept or s >= kept[-1][1]:
            kept.append((s, e))
    return kept


def clip_cells(text: str, cells: int, from_end: bool = False) -> str:
    """The start (or end) of text that fits in `cells` terminal cells."""
    chars = reversed(text) if from_end else iter(text)
    used, n = 0, 0
    for ch in chars:
        w = char_cells(ch)
        if used + w > cells:
            break
        used += w
        n += 1
    return (text[len(text) - n:] if n else "") if from_end else text[:n]


MAX_WORD = 10  # characters: the longest dictionary word tried (lexicon terms included)
_LATIN = re.compile(r"[0-9A-Za-z.%+#&_\-]+")
_LATIN_BACK = re.compile(r"[0-9A-Za-z.%+#&_\-]+$")
_freq = None


def _word_freq():
    """jieba's word frequency lookup (its dictionary with the lexicon added, as for every
    other segmentation: index/words/segment.py); 0 or None for a non-word."""
    global _freq
    if _freq is None:
        from index.words.segment import warm_up

        warm_up()
        import jieba

        # the dictionary's own lookup (jieba.get_FREQ wraps it in a lambda: a third of
        # the time of sorting a common word's lines); add_word changes this dict in place
        _freq = jieba.dt.FREQ.get
    return _freq


def nearest_words(ctx: str, side: str, n: int = 3) -> list[str]:
    """The n words of ctx nearest the hit: on the left (side "L") from its end backwards,
    on the right from its start. Each is the longest word of jieba's dictionary (the theme
    lexicon included) that ends (left) or starts (right) there — backward and forward
    maximum matching from the hit's edge, which is a word boundary — else one character; a
    run of Latin letters and digits (5G, 96.6%) is one word; punctuation and spaces are
    skipped. A dictionary lookup per candidate length instead of segmenting the context:
    40 times faster than jieba's cut, which matters when a frequent word has 10,000 lines."""
    freq = _word_freq()
    words: list[str] = []
    left = side == "L"
    i = len(ctx) if left else 0
    while len(words) < n and (i > 0 if left else i < len(ctx)):
        ch = ctx[i - 1] if left else ctx[i]
        if not ch.isalnum():
            i += -1 if left else 1
            continue
        m = None
        if ch.isascii():
            m = _LATIN_BACK.search(ctx, 0, i) if left else _LATIN.match(ctx, i)
        if m and m.group():
            word = m.group()
        elif left:
            word = ch
            for k in range(min(MAX_WORD, i), 1, -1):
                if freq(ctx[i - k:i]):
                    word = ctx[i - k:i]
                    break
        else:  # jieba's dictionary holds every prefix of its words (frequency 0): stop
            word = ch  # as soon as the string is no word's prefix
            for k in range(2, min(MAX_WORD, len(ctx) - i) + 1):
                f = freq(ctx[i:i + k])
                if f is None:
                    break
                if f:
                    word = ctx[i:i + k]
        words.append(word)
        i += -len(word) if left else len(word)
    return words


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text)


@dataclass
class KwicLine:
    """One occurrence: where it is, the paragraph, the span, and its context at `width`."""
    para_id: int
    doc_id: str
    zone: str
    short: str
    title: str
    date: str
    year: int | None
    section: str
    para: int
    text: str
    start: int
    end: int
    width: int = DEFAULT_WIDTH
    rank: int = 0  # the paragraph's place in search's order

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def hit(self) -> str:
        return _flat(self.text[self.start:self.end])

    @property
    def left(self) -> str:
        """Context before the hit within the paragraph, at most `width` cells (whitespace
        runs as one space)."""
        raw = _flat(self.text[max(0, self.start - 2 * self.width - 8):self.start])
        return clip_cells(raw, self.width, from_end=True)

    @property
    def right(self) -> str:
        raw = _flat(self.text[self.end:self.end + 2 * self.width + 8])
        return clip_cells(raw, self.width)

    def words(self, side: str, n: int = 3) -> list[str]:
        """The n nearest words on one side ("L" or "R"), nearest first (see nearest_words)."""
        if side == "L":
            return nearest_words(self.text[max(0, self.start - CONTEXT_CHARS):self.start],
                                 "L", n)
        return nearest_words(self.text[self.end:self.end + CONTEXT_CHARS], "R", n)

    def as_json(self) -> dict:
        """The documented shape (doc_id, zone, date, para, left, hit, right), then
        extensions."""
        return {"doc_id": self.doc_id, "zone": self.zone, "date": self.date,
                "para": self.para, "left": self.left, "hit": self.hit, "right": self.right,
                "short": self.short, "title": self.title, "section": self.section,
                "start": self.start, "end": self.end}


@dataclass
class Concordance:
    query: Query
    lines: list[KwicLine]      # in sort order, at most `limit`
    total: int = 0             # occurrences in the paragraphs read
    paragraphs: int = 0        # paragraphs found
    read: int = 0              # paragraphs read: all found, or search's best (see concordance)
    sort: str = "rank"
    notes: list[str] = field(default_factory=list)
    unknown_zones: dict[str, list[str]] = field(default_factory=dict)  # as in SearchResult

    def as_json(self) -> list[dict]:
        return [line.as_json() for line in self.lines]

    def as_rows(self) -> tuple[list[str], list[list]]:
        records = self.as_json()
        header = list(records[0]) if records else list(KwicLine.as_json(_EMPTY))
        return header, [[r[k] for k in header] for r in records]


def sort_key(sort: str):
    """The key function of a sort order (see SORTS)."""
    if sort == "rank":
        return lambda ln: (ln.rank, ln.start)
    if sort == "zone":
        return lambda ln: (ln.zone, ln.date or "~", ln.doc_id, ln.para, ln.start)
    if sort == "date":
        return lambda ln: (not ln.date, ln.date, ln.zone, ln.doc_id, ln.para, ln.start)
    if len(sort) == 2 and sort[0] in "LR" and sort[1] in "123":
        side, n = sort[0], int(sort[1]) - 1

        def key(ln: KwicLine):
            words = ln.words(side)[n:n + 3]
            return (words + [""] * (3 - len(words)), ln.hit, ln.zone, ln.doc_id, ln.para,
                    ln.start)
        return key
    raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")


def normal_sort(sort: str) -> str:
    """A sort name as users type it (l1, R2, Zone) in its SORTS spelling."""
    for s in SORTS:
        if s.lower() == sort.strip().lower():
            return s
    raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")


def concordance(conn: sqlite3.Connection, query: str | Query, sort: str = "rank",
                limit: int = 0, width: int = DEFAULT_WIDTH, max_paragraphs: int = 0,
                search=None) -> Concordance:
    """Every occurrence of the query's terms in the paragraphs search finds, sorted; limit
    0 for all. max_paragraphs: read only search's best that many (0: all; an app typing
    ahead on a large corpus), said in a note when there were more. search: the search
    function to use (default index.search.engine.search)."""
    if search is None:
        from index.search.engine import search
    sort = normal_sort(sort)
    q = parse(query) if isinstance(query, str) else query
    if sort == "rank" and limit:  # each paragraph has an occurrence: the first `limit`
        max_paragraphs = min(max_paragraphs or limit, limit)  # lines are in the best ones
    result = search(conn, q, limit=max_paragraphs, count=bool(max_paragraphs), spans=False)
    if getattr(result, "stopped", "") == "time":  # not an empty concordance: out of time
        from index.search.budget import SEARCH_SECONDS, Stopped

        raise Stopped("time", SEARCH_SECONDS, "kwic")
    out = Concordance(query=q, lines=[], sort=sort, notes=list(result.notes),
                      unknown_zones=result.unknown_zones)
    found = result.total if result.total is not None else len(result.hits)
    terms = q.terms
    if not terms:
        if result.hits or q.has_filters:
            out.notes.append("KWIC needs a word to centre on: type a term")
        return out
    found_at = []
    needles = folded_needles(terms)
    for rank, h in enumerate(result.hits):
        for s, e in occurrences(h.text, needles, folded=True):
            found_at.append((rank, h, s, e))
    out.paragraphs, out.read = found, len(result.hits)
    out.total = len(found_at)
    if sort[0] in "LR" and 0 < limit < len(found_at):
        found_at = first_by_words(found_at, sort, limit)
    lines = [KwicLine(h.para_id, h.doc_id, h.zone, h.short, h.title, h.date, h.year,
                      h.section, h.para, h.text, s, e, width, rank)
             for rank, h, s, e in found_at]
    if sort != "rank":
        lines.sort(key=sort_key(sort))
    out.lines = lines[:limit] if limit else lines
    return out


def first_by_words(found_at: list, sort: str, limit: int) -> list:
    """Of the occurrences (rank, hit, start, end), in their order, those that can be among
    the first `limit` sorted by words (L1-R3): the sort key begins with the word at that
    position, so a line whose word sorts after the limit-th smallest such word cannot be
    on the page. Only that word is found for every line (for R1 only its first character:
    the word starts there), the three words of the full key only for the lines kept —
    the page is exactly that of sorting every line, the total still counts every line."""
    side, n = sort[0], int(sort[1])
    if side == "R" and n == 1:
        heads = [_first_alnum(h.text, e) for _, h, _, e in found_at]
    elif side == "R":
        heads = [(nearest_words(h.text[e:e + CONTEXT_CHARS], "R", n)[n - 1:] or [""])[0]
                 for _, h, _, e in found_at]
    elif n == 1:
        freq = _word_freq()
        heads = [_left_word(h.text, s, freq) for _, h, s, _ in found_at]
    else:
        heads = [(nearest_words(h.text[max(0, s - CONTEXT_CHARS):s], "L", n)[n - 1:]
                  or [""])[0] for _, h, s, _ in found_at]
    cut = heapq.nsmallest(limit, heads)[-1]
    return [at for at, head in zip(found_at, heads) if head <= cut]


def _left_word(text: str, at: int, freq) -> str:
    """nearest_words(text[at - CONTEXT_CHARS:at], "L", 1)[0] ("" if none) without slicing
    the context or building a list: the word L1 sorts by."""
    lo = max(0, at - CONTEXT_CHARS)
    i = at
    while i > lo and not text[i - 1].isalnum():
        i -= 1
    if i == lo:
        return ""
    if text[i - 1].isascii():
        m = _LATIN_BACK.search(text, lo, i)
        if m and m.group():
            return m.group()
    for k in range(min(MAX_WORD, i - lo), 1, -1):
        if freq(text[i - k:i]):
            return text[i - k:i]
    return text[i - 1]


def _first_alnum(text: str, at: int) -> str:
    """The first letter or digit of text within CONTEXT_CHARS from `at` ("" if none): where
    nearest_words' first word on the right begins (it skips the rest)."""
    for ch in text[at:at + CONTEXT_CHARS]:
        if ch.isalnum():
            return ch
    return ""


_EMPTY = KwicLine(0, "", "", "", "", "", None, "", 0, "", 0, 0)
