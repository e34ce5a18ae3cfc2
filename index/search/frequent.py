"""The first pages of the commonest one-term queries, computed once per index run.

Ranking a frequent term scores every paragraph that contains it (发展: 452,610 paragraphs at
500 MB, 150 ms; a common character read as a prefix over its bigrams: 200–600 ms), although
a user only sees the first 20. After each index run, refresh() picks the one-term queries
that would be slow — every character and two-character string found in at least
`min_matches` paragraphs (estimated on a sample, then counted exactly), and the lexicon's
expressions and the sample's frequent 3–8 character strings whose phrase walks such a
bigram — computes their best TOP hits (paragraph id and score) and exact totals in one pass
over the text (impact.py: FTS5's own scores, checked against SQL on one term), and keeps them
in `top_cache`, labelled with the database generation. lookup() answers such a query from it
while the generation is the same (any write makes the rows stale; the next index run
recomputes them), so the results are exactly what search() computes.

SQL of the search package; imports index.store, index.text and index.words only.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from itertools import chain

from index.store import schema
from index.store.connection import generation, write_transaction
from index.text.normal import FREQUENT_CHARS, fold

TOP = 100  # hits kept per query: the first five pages of 20
# A query matching this many paragraphs takes about 15 ms of CPU at 500 MB (a character
# read as a prefix over its bigrams: 渔, 11,110 paragraphs, 17 ms; a bigram or a character
# indexed alone: 高地, 26,940, 16 ms): from here on it is kept. A fixed count, so that more
# queries are kept as the corpus grows, each as slow as before.
MIN_MATCHES = 10_000
# Below this many paragraphs every one-term query stays within the search target without a
# cache (the commonest character at 50 MB, 80,000 paragraphs: 17 ms), and the pass would
# cost indexing time and memory for nothing: no cache.
MIN_PARAS = 200_000
SAMPLE = 8_000  # paragraphs read, evenly spaced, to estimate which terms reach it
# The pass's time and memory grow with the queries it considers, whose number grows with the
# corpus (9,000 at 500 MB, 39,700 at 2 GB, of which 24,000 reach MIN_MATCHES): the costliest
# to rank in SQL are considered first, up to this many (the rest are the cheapest ones, near
# MIN_MATCHES or below it, ranked in SQL as before).
MAX_CANDIDATES = 30_000
MIN_NGRAM = 3  # frequent strings of 3–8 Han characters of the sample are candidates too
MAX_NGRAM = 8  # set phrases run to 5–8 (高质量发展, 推动高质量发展): typed as one term

_HAN_RUN = re.compile(r"[\u3400-\u9fff]{%d,}" % MIN_NGRAM)


def cache_key(q) -> str | None:
    """The folded term of a query made of one term, no filter, no exclusion; else None."""
    if q.exclude:
        return None
    return _term(q)


def _term(q) -> str | None:
    """The folded term of a query made of one term and no filter (exclusions allowed)."""
    if q.has_filters or len(q.groups) != 1 or len(q.groups[0]) != 1:
        return None
    return fold(q.groups[0][0]) or None


def lookup(conn: sqlite3.Connection, q, limit: int, offset: int
           ) -> tuple[list[tuple[int, float]], int | None] | None:
    """(best (id, score) of the page, exact total) from the cache, or None. Call inside the
    caller's read snapshot, so that the generation checked is the one searched.

    A kept term with exclusions (发展 -经济) is answered from the term's kept hits without
    those that contain an excluded term: FTS5 adds nothing to the score of a paragraph for
    a phrase absent from it, and a phrase matches exactly the paragraphs whose folded text
    contains it (query.phrase), so the remaining hits are the query's best, in the same
    order, as long as the page lies within them. Their total is then None (count it in
    SQL) unless the kept hits were all the term's."""
    key = _term(q)
    if key is None or not limit or offset + limit > TOP:
        return None
    try:
        row = conn.execute("SELECT generation, hits, total FROM top_cache WHERE query = ?",
                           (key,)).fetchone()
    except sqlite3.OperationalError:  # no cache table: a small or older database
        return None
    if row is None or row[0] != _gen(conn):
        return None
    hits = json.loads(row[1])
    total = row[2]
    if q.exclude:
        hits, complete = _without(conn, hits, q.exclude), len(hits) == total
        if len(hits) < offset + limit and not complete:
            return None  # the page lies beyond the kept hits
        total = len(hits) if complete else None
    return [(pid, score) for pid, score in hits[offset:offset + limit]], total


def _without(conn, hits: list, exclude: list[str]) -> list:
    """The hits whose folded text contains none of the excluded terms."""
    terms = [f for f in (fold(t) for t in exclude) if f]
    ids = [pid for pid, _ in hits]
    texts = {}
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        texts.update(conn.execute(f"SELECT id, text FROM paras WHERE id IN "
                                  f"({','.join('?' * len(part))})", part))
    return [h for h in hits if not any(t in fold(texts.get(h[0]) or "") for t in terms)]


def _gen(conn) -> str:
    return "/".join(generation(conn)[1:])


def _sample(conn: sqlite3.Connection) -> tuple[list[str], float]:
    """Folded text of up to SAMPLE paragraphs spread evenly over the ids, and the factor
    from counts in it to counts in the corpus."""
    lo, hi, n = conn.execute("SELECT min(id), max(id), count(*) FROM paras").fetchone()
    if not n:
        return [], 0.0
    step = max(1, (hi - lo + 1) // SAMPLE)
    ids = list(range(lo, hi + 1, step))
    texts: list[str] = []
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        texts += [fold(t) for (t,) in conn.execute(
            f"SELECT text FROM paras WHERE id IN ({','.join('?' * len(part))})", part)]
    return texts, n / max(len(texts), 1)


def candidates(conn: sqlite3.Connection, min_matches: int, words=(), sample=None
               ) -> list[str]:
    """The one-term queries worth keeping: characters and two-character strings estimated
    in at least half of min_matches paragraphs (the exact count decides later), then the
    given words and the sample's 3–8 character strings estimated in min_matches paragraphs,
    when their phrase includes such a two-character string (their query walks its postings).
    The costliest to rank in SQL first (by the sample paragraphs of the postings they walk),
    at most MAX_CANDIDATES."""
    texts, scale = sample or _sample(conn)
    if not texts:
        return []
    floor = min_matches / 2 / scale  # in sample paragraphs
    chars = Counter(chain.from_iterable(map(set, texts)))
    pairs = Counter(chain.from_iterable({t[i:i + 2] for i in range(len(t) - 1)}
                                        for t in texts))
    common = {p for p, c in pairs.items() if c >= floor}
    frequent = _frequent_grams([_HAN_RUN.findall(t) for t in texts],
                               {p for p, c in pairs.items() if c >= 2 * floor}, 2 * floor)
    longer = {fold(w) for w in words} | frequent
    walks = [w for w in longer
             if len(w) > 2 and any(w[i:i + 2] in common for i in range(len(w) - 1))]
    # the cost of ranking each in SQL (tenths of µs per sample paragraph, measured at 500 MB
    # and 2 GB): 6 a match for a character read as a prefix over its bigrams, 2 a match
    # otherwise, and for a phrase 1.5 more per posting of each of its two-character strings
    # (推动高质量发展: 21,000 matches but 930,000 postings walked, 125 ms at 500 MB)
    cost: dict[str, float] = {c: n * (2 if c in FREQUENT_CHARS else 6)
                              for c, n in chars.items() if n >= floor}
    cost |= {p: 2 * pairs[p] for p in common}
    cost |= {w: 2 * pairs.get(w, 0) + 1.5 * sum(pairs[w[i:i + 2]] for i in range(len(w) - 1))
             for w in walks}
    terms = sorted(cost, key=lambda t: (-cost[t], t))
    return [t for t in terms if _typed(t) == t][:MAX_CANDIDATES]


def _frequent_grams(runs: list[list[str]], pairs: set[str], need: float) -> set[str]:
    """The strings of MIN_NGRAM to MAX_NGRAM Han characters found in at least `need` of the
    sample paragraphs (runs: each paragraph's runs of Han characters; pairs: the
    two-character strings that reach `need`). Found length by length: a string is in no
    more paragraphs than either of its two one-shorter ends, so only strings whose ends
    both reach `need` are counted (the Apriori principle). Counting every 3–8 character
    string of 8,000 paragraphs of diverse text would hold millions of them."""
    found: set[str] = set()
    prev = pairs
    for n in range(MIN_NGRAM, MAX_NGRAM + 1):
        counts: Counter = Counter()
        for rs in runs:
            counts.update({g for r in rs for i in range(len(r) - n + 1)
                           if (g := r[i:i + n])[:-1] in prev and g[1:] in prev})
        prev = {g for g, c in counts.items() if c >= need}
        if not prev:
            break
        found |= prev
    return found


def _typed(term: str) -> str | None:
    """The cache key of the term typed as a query (quotes and the like are not terms)."""
    from index.search.query import parse

    return cache_key(parse(term))


def refresh(conn: sqlite3.Connection, search, min_matches: int = MIN_MATCHES,
            words=None, min_paras: int = MIN_PARAS) -> int:
    """Recompute the cache (conn opened for writing; search: the engine's search function,
    for the check). words: expressions to consider besides the sample's frequent strings
    (default: the lexicon's). Nothing is kept on a corpus of fewer than min_paras
    paragraphs. The rows are written without counting a write (the contents
    did not change), inside one transaction that also pins what was read. Returns the number
    of queries kept."""
    from index.search.impact import TOP_CHECK, best

    if words is None:
        from index.words.themes import load_themes

        words = {e for t in load_themes().values() for e in t.expressions()}
    schema.create(conn, schema.TOP_CACHE)
    with write_transaction(conn, documents=False):  # derived rows: caches stay valid
        conn.execute("DELETE FROM top_cache")
        lo, hi = conn.execute("SELECT min(id), max(id) FROM paras").fetchone()
        if hi is None or hi - lo + 1 < min_paras:  # ids are consecutive: no count needed
            return 0
        sample = _sample(conn)
        terms = candidates(conn, min_matches, words, sample)
        found = best(conn, terms, TOP) if terms else {}
        keep = {t: b for t, b in found.items()
                if b.total >= min_matches or (len(t) > 2 and b.total)}
        if keep and not _agrees(conn, search, keep, TOP_CHECK):
            keep = {}  # this SQLite scores otherwise than impact.py reproduces: no cache
        gen = _gen(conn)
        conn.executemany("INSERT OR REPLACE INTO top_cache VALUES (?, ?, ?, ?)",
                         ((t, gen, json.dumps(b.hits), b.total) for t, b in keep.items()))
        return len(keep)


def _agrees(conn, search, keep: dict, n: int) -> bool:
    """Whether the least frequent kept term's cached page is what SQL ranking gives."""
    term = min(keep, key=lambda t: (keep[t].total, t))
    res = search(conn, term, limit=n, count=True, cache=False, spans=False)
    return (res.total == keep[term].total
            and [(h.para_id, h.score) for h in res.hits] == keep[term].hits[:n])
