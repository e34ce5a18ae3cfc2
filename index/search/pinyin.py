"""Pinyin queries: expand typed pinyin or initials to the corpus's own terms.

Typing Chinese over ssh is awkward, so `chanchengronghe`, `ccrh`, `chanch rongh` or
`ysh j` stand for 产城融合 / 营商环境. A Vocabulary of candidate terms (lexicon
expressions, section-title chunks, frequent 2–4 character strings of the corpus) is built
once per database state; expand() matches the query against each term's syllables.
"""

from __future__ import annotations

import math
import re
import sqlite3
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from index.store import schema
from index.store.cache import PerGeneration
from index.store.connection import db_file
from index.store.rowid import SHIFT
from index.words.themes import load_themes

MAX_BIGRAMS = 30_000  # the most frequent bigrams
MAX_NGRAMS = 30_000  # the most frequent 3–4 character strings
MAX_TITLES = 1_000  # the most common section titles, cut into chunks
COUNT_CAP = 500  # paragraphs counted for a lexicon or title term
SAMPLE_PARAS = 800  # paragraphs read for 3–4 grams (evenly spaced blocks beyond that)
VOCAB_PARAS = 20_000  # up to this many paragraphs, bigram counts come from the FTS index
MIN_COUNT = 2  # a bigram needs 2+ paragraphs, a 3–4 gram 2+ occurrences in the sample
CLOSED = 0.9  # drop a string when one extension covers this share of its occurrences
MAX_LETTERS = 40

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_QUERY_OK = re.compile(r"[A-Za-z'\s]+")
_SPLIT = re.compile(r"[\s']+")
_U = str.maketrans("üǖǘǚǜ", "vvvvv")
_SPAN = "SELECT (SELECT min(id) FROM paras), (SELECT max(id) FROM paras)"  # two index probes


@dataclass
class Vocabulary:
    terms: list[str] = field(default_factory=list)
    sylls: list[list[str]] = field(default_factory=list)  # ["chan", "cheng", "rong", "he"]
    freq: list[int] = field(default_factory=list)  # paragraphs, or occurrences (3–4 grams)
    lex: list[bool] = field(default_factory=list)  # a lexicon expression
    by_full: dict[str, list[int]] = field(default_factory=dict)  # "chanchengronghe" -> ids
    by_initials: dict[str, list[int]] = field(default_factory=dict)  # "ccrh" -> ids
    lines: str = ""  # one "chan|cheng|rong|he|\t<id>" line per term, for the regexes
    latin: set[str] = field(default_factory=set)  # lower-cased Latin words of the corpus


# keyed on what the vocabulary depends on (_state), not on every write: a metadata edit
# keeps it; a few databases kept
_CACHE: PerGeneration[Vocabulary] = PerGeneration(keep=3)


def _state(conn: sqlite3.Connection) -> tuple:
    """What the vocabulary of a database depends on (not the file name)."""
    return (*conn.execute(_SPAN).fetchone(),
            *conn.execute("SELECT max(indexed_at), count(*) FROM files").fetchone())


def _key(conn: sqlite3.Connection, state: tuple) -> tuple:
    return (db_file(conn) or id(conn), *state)


def vocabulary(conn: sqlite3.Connection) -> Vocabulary:
    """The candidate terms of this database, built on first use and cached per state."""
    return _CACHE.get(conn, lambda: _build(conn), _key(conn, _state(conn)))


def cached(conn: sqlite3.Connection) -> bool:
    return _CACHE.peek(_key(conn, _state(conn))) is not None


def built(conn: sqlite3.Connection) -> tuple[tuple, Vocabulary]:
    """(state, vocabulary) of this database, for install() in another process."""
    state = _state(conn)
    return state, vocabulary(conn)


def install(conn: sqlite3.Connection, state: tuple, vocab: Vocabulary) -> None:
    """Cache a vocabulary built for this database in the given state (perhaps elsewhere;
    threads may install at once: a search worker and the app's warm-up)."""
    _CACHE.put(_key(conn, state), vocab)


def _sample(conn: sqlite3.Connection) -> tuple[str, float, int]:
    """Text of all paragraphs or of 20 evenly spaced blocks, the sampled share, the span."""
    lo, hi = conn.execute(_SPAN).fetchone()
    span = hi - lo + 1 if lo is not None else 0
    if span <= SAMPLE_PARAS:
        return "\n".join(t for t, in conn.execute("SELECT text FROM paras")), 1.0, span
    texts = []
    for b in range(20):
        texts += [t for t, in conn.execute("SELECT text FROM paras WHERE id >= ? ORDER BY id "
                                           "LIMIT ?", (lo + b * span // 20, SAMPLE_PARAS // 20))]
    return "\n".join(texts), len(texts) / span, span


def _ngrams(runs: str, n: int) -> dict[str, float]:
    """Occurrences of n-character strings inside the newline-separated runs, if 2+."""
    pat, counts = re.compile(f"(?s).{{{n}}}"), Counter[str]()
    for k in range(n):  # findall steps n characters: n passes cover every offset
        counts.update(pat.findall(runs, k))
    return {g: c for g, c in counts.items() if c >= MIN_COUNT and "\n" not in g}


def _closed(counts: dict[str, float], longer: dict[str, float]) -> dict[str, float]:
    """Drop strings nearly always seen inside one longer string (商环 inside 营商环境)."""
    best: dict[str, float] = {}
    for g, n in longer.items():
        for sub in (g[:-1], g[1:]):
            best[sub] = max(n, best.get(sub, 0))
    return {g: n for g, n in counts.items() if best.get(g, 0) < CLOSED * n}


def _reader():
    """term -> syllables: pypinyin's phrase reading where it knows the word (银行, 重庆),
    else greedy known two-character words, else each character's first reading.
    (This agrees with lazy_pinyin(term, style=Style.NORMAL) and is several times faster.)"""
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    @cache
    def plain(s: str) -> str:  # tone marks off, ü -> v (as Style.NORMAL)
        d = unicodedata.normalize("NFD", s.translate(_U))
        return "".join(c for c in d if not unicodedata.combining(c))

    def phrase(p: str) -> list[str] | None:
        raw = phrases_dict.get(p)
        return [plain(r[0]) for r in raw] if raw and len(raw) == len(p) else None

    @cache
    def char(c: str) -> str:
        raw = pinyin_dict.get(ord(c))
        return plain(raw.split(",")[0]) if raw else ""

    @cache
    def pair(p: str) -> list[str]:
        return phrase(p) or [char(p[0]), char(p[1])]

    def read(term: str) -> list[str]:
        if len(term) == 2:
            return pair(term)
        out, i = phrase(term) or [], 0  # a known word is read whole, else pair by pair
        while i < len(term) and len(out) < len(term):
            step = 2 if term[i:i + 2] in phrases_dict and i + 1 < len(term) else 1
            out += pair(term[i:i + 2]) if step == 2 else [char(term[i])]
            i += step
        return out

    return read


def phrase(term: str) -> str:  # FTS5 query: the term's consecutive bigrams as one phrase
    return '"' + " ".join(map(str.__add__, term, term[1:])) + '"'


def _build(conn: sqlite3.Connection) -> Vocabulary:
    # 3–4 grams (and Latin words) from a paragraph sample, counts scaled to the corpus.
    text, share, span = _sample(conn)
    runs = "\n".join(_HAN_RUN.findall(text))
    three = {g: n / share for g, n in _ngrams(runs, 3).items()}
    four = {g: n / share for g, n in _ngrams(runs, 4).items()}
    if span <= VOCAB_PARAS:  # bigrams with paragraph counts straight from the FTS index
        schema.create(conn, schema.PINYIN_VOCAB)
        rows = conn.execute(
            "SELECT term, cnt, doc FROM temp.pinyin_vocab WHERE term GLOB '[一-鿿][一-鿿]' "
            "AND doc >= ? ORDER BY doc DESC LIMIT ?", (MIN_COUNT, MAX_BIGRAMS)).fetchall()
        bigrams, docs = {g: c for g, c, _ in rows}, {g: d for g, _, d in rows}
    else:  # reading the whole index would take seconds: the sample's counts instead
        bigrams, docs = {g: n / share for g, n in _ngrams(runs, 2).items()}, {}
    # Occurrences decide what is closed; a bigram's frequency is its paragraph count.
    grams = sorted({**_closed(three, four), **four}.items(), key=lambda kv: -kv[1])
    twos = sorted(_closed(bigrams, three).items(), key=lambda kv: -kv[1])
    found = {g: (max(1, round(docs.get(g, n))), False)
             for g, n in twos[:MAX_BIGRAMS] + grams[:MAX_NGRAMS]}
    # Lexicon expressions and chunks of common section titles, if some paragraph has them.
    lexicon = {e for t in load_themes().values() for e in t.expressions()}
    titles = {c for t, in conn.execute("SELECT title FROM sections WHERE title != '' GROUP BY "
                                       "title ORDER BY count(*) DESC LIMIT ?", (MAX_TITLES,))
              for c in _HAN_RUN.findall(t) if 2 <= len(c) <= 8}
    big = span > VOCAB_PARAS  # then count in the sample, and only check the index
    for term in lexicon | titles:
        if len(term) < 2 or not _HAN_RUN.fullmatch(term):
            continue
        n = text.count(term) / share if big else 0
        if not n:
            n = conn.execute("SELECT count(*) FROM (SELECT 1 FROM para_fts WHERE para_fts MATCH "
                             "? LIMIT ?)", (phrase(term), 1 if big else COUNT_CAP)).fetchone()[0]
        if n:
            found[term] = (max(1, round(n)), term in lexicon)
    read = _reader()
    v = Vocabulary(latin={w.lower() for w in _LATIN_WORD.findall(text)})
    for term, (n, is_lex) in found.items():
        sy = read(term)
        if "" in sy:
            continue  # a character without a reading
        i = len(v.terms)
        v.terms.append(term)
        v.sylls.append(sy)
        v.freq.append(n)
        v.lex.append(is_lex)
        v.by_full.setdefault("".join(sy), []).append(i)
        v.by_initials.setdefault("".join([s[0] for s in sy]), []).append(i)
    v.lines = "\n".join(f"{'|'.join(sy)}|\t{i}" for i, sy in enumerate(v.sylls))
    return v


def looks_like_pinyin(query: str, conn: sqlite3.Connection | None = None) -> bool:
    """Letters (spaces, apostrophes) only, 2+ letters, and not Latin: no all-caps word
    (AI, GDP) and, given a connection, not only words the corpus has as Latin words."""
    q = query.strip()
    if not _QUERY_OK.fullmatch(q or "-") or sum(c.isalpha() for c in q) < 2:
        return False
    words = [w for w in _SPLIT.split(q) if w]
    if any(len(w) >= 2 and w.isupper() for w in words):
        return False
    return conn is None or not all(w.lower() in vocabulary(conn).latin for w in words)


def _fragment(conn: sqlite3.Connection, term: str) -> bool:
    """Every occurrence (of the first 40 paragraphs) has the same Chinese character on one
    side: the term is only part of a longer word (应商 in 供应商, 营商 in 营商环境)."""
    left, right = set(), set()
    for text, in conn.execute(f"SELECT text FROM paras WHERE id IN (SELECT rowid >> {SHIFT} "
                              "FROM para_fts WHERE para_fts MATCH ? LIMIT 40)", (phrase(term),)):
        for m in re.finditer(re.escape(term), text):
            left.add(text[m.start() - 1] if m.start() else "")
            right.add(text[m.end():m.end() + 1])
    return any(len(s) == 1 and _HAN_RUN.fullmatch(next(iter(s))) for s in (left, right))


def expand(conn: sqlite3.Connection, query: str, limit: int = 8) -> list[str]:
    """The corpus terms a pinyin query stands for, best first ([] for other queries).

    Tiers: exact full pinyin (spaces ignored), exact initials (ccrh), each typed chunk a
    syllable prefix (chanch rongh, ch ch r h), and with 6+ letters full pinyin prefixes.
    Within a tier: lexicon expressions, then frequent and long terms; non-lexicon terms
    that are only fragments of a longer word are left out.
    """
    chunks = [c for c in _SPLIT.split(query.strip().lower()) if c]
    compact = "".join(chunks)
    if len(compact) > MAX_LETTERS or not looks_like_pinyin(query, conn):
        return []
    v = vocabulary(conn)
    # Every syllable starts with the next typed letters; a typed space ends a syllable.
    body = r"[a-z]*\|".join(r"(?:[a-z]*\|)?".join(chunk) for chunk in chunks)
    tiers = [v.by_full.get(compact, []), v.by_initials.get(compact, []),
             [int(m[1]) for m in re.finditer(rf"(?m)^{body}[a-z]*\|\t(\d+)$", v.lines)]]
    if len(compact) >= 6:  # the full pinyin starts with the letters typed
        body = r"\|?".join(compact)
        tiers.append([int(m[1]) for m in re.finditer(rf"(?m)^{body}[^\t]*\t(\d+)$", v.lines)])
    tier: dict[int, int] = {}
    for t, ids in enumerate(tiers):
        for i in ids:
            tier.setdefault(i, t)  # the best tier a term reached
    out: list[str] = []
    score = [3.0 * v.lex[i] + math.log1p(v.freq[i]) + 0.5 * len(v.terms[i]) for i in tier]
    order = sorted(zip(tier.values(), (-x for x in score), tier))
    for *_, i in order[:limit * 5]:  # a bounded number of fragment checks
        if len(out) < limit and (v.lex[i] or not _fragment(conn, v.terms[i])):
            out.append(v.terms[i])
    return out


def describe(query: str, terms: list[str]) -> str:
    """One line for the status bar: which corpus terms a pinyin query was read as."""
    return f"pinyin {query.strip()} → {', '.join(terms) if terms else 'no corpus term'}"


def rewrite_query(conn: sqlite3.Connection, text: str):
    """The parsed query, with a pinyin query (chanchengronghe, ccrh, zhao shang yin zi)
    replaced by the corpus terms it stands for, and a note saying which ("" when the query
    is not pinyin)."""
    from index.search.query import parse

    q = parse(text)
    words = [g[0] for g in q.groups if len(g) == 1]
    if not words or len(words) != len(q.groups):
        return q, ""
    typed = " ".join(words)
    if not looks_like_pinyin(typed):
        return q, ""
    terms = expand(conn, typed)
    if not terms:
        return q, ""
    q.groups = [terms]
    return q, describe(typed, terms)
