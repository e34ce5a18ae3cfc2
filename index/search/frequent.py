"""The first page of the commonest one-term queries, computed once per write.

Ranking a frequent term scores every paragraph that contains it (发展: 452,610 paragraphs at
500 MB, 150 ms), although a user only sees the first 20. On a large corpus, after each index
run, refresh() runs the commonest one-term queries once — single characters (those indexed
alone and those read as a prefix over their bigrams) and two-character words, commonest
first, within a CPU budget (about 200 queries at 500 MB) — and keeps their best TOP hits (paragraph id and score) and
their exact total in `top_cache`, labelled with the database generation. lookup() answers
such a query from it while the generation is the same (any write makes the rows stale; the
next index run recomputes them), so the results are exactly what search() computes.

SQL of the search package; imports index.store and index.text only.
"""

from __future__ import annotations

import json
import sqlite3
import time

from index.store.connection import generation
from index.text.normal import fold

TOP = 100          # hits kept per query: the first five pages of 20
MIN_PARAS = 200_000  # below this many paragraphs every query is fast enough: no cache
MAX_TERMS = 400    # queries considered, commonest first …
BUDGET_S = 20.0    # … until this much CPU time has been spent on them

SCHEMA = ("CREATE TABLE IF NOT EXISTS top_cache (query TEXT PRIMARY KEY, generation TEXT "
          "NOT NULL, hits TEXT NOT NULL, total INTEGER NOT NULL)")


def cache_key(q) -> str | None:
    """The folded term of a query made of one term, no filter, no exclusion; else None."""
    if q.has_filters or q.exclude or len(q.groups) != 1 or len(q.groups[0]) != 1:
        return None
    term = fold(q.groups[0][0])
    return term if 1 <= len(term) <= 2 else None


def lookup(conn: sqlite3.Connection, q, limit: int, offset: int
           ) -> tuple[list[tuple[int, float]], int] | None:
    """(best (id, score) of the page, exact total) from the cache, or None. Call inside the
    caller's read snapshot, so that the generation checked is the one searched."""
    key = cache_key(q)
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
    return [(pid, score) for pid, score in hits[offset:offset + limit]], row[2]


def _gen(conn) -> str:
    return "/".join(generation(conn)[1:])


def common_terms(conn: sqlite3.Connection) -> list[str]:
    """Single characters and two-character terms of the index, commonest first (by the
    paragraphs that contain them; for a character read as a prefix over its bigrams, those
    of its commonest bigram, a lower bound: the sum would rank every common character
    before every word)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.dz_vocab "
                 "USING fts5vocab(main, 'para_fts', 'col')")
    freq = dict(conn.execute("SELECT term, doc FROM temp.dz_vocab WHERE col = 'u'"))
    starts: dict[str, int] = {}
    for term, doc in conn.execute("SELECT term, doc FROM temp.dz_vocab WHERE col = 'g'"):
        if len(term) == 2 and "\u3400" <= term[0] <= "\u9fff" and "\u3400" <= term[1] <= "\u9fff":
            freq[term] = doc
            if term[0] not in freq:  # its commonest bigram: a lower bound
                starts[term[0]] = max(starts.get(term[0], 0), doc)
    conn.execute("DROP TABLE temp.dz_vocab")
    for ch, n in starts.items():
        freq.setdefault(ch, n)
    return sorted(freq, key=lambda t: (-freq[t], t))[:MAX_TERMS]
def refresh(conn: sqlite3.Connection, search) -> int:
    """Recompute the cache on a large corpus (conn opened for writing; search: the engine's
    search function). The rows are written without counting a write (the contents did not
    change), inside one transaction that also pins what was searched. Returns the number of
    queries kept."""
    conn.execute(SCHEMA)
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM top_cache")
        n = conn.execute("SELECT count(*) FROM paras").fetchone()[0]
        kept = 0
        if n >= MIN_PARAS:
            gen = _gen(conn)
            started = time.process_time()
            for term in common_terms(conn):
                if time.process_time() - started > BUDGET_S:
                    break
                res = search(conn, term, limit=TOP, count=True, cache=False)
                conn.execute("INSERT OR REPLACE INTO top_cache VALUES (?, ?, ?, ?)",
                             (term, gen, json.dumps([[h.para_id, h.score] for h in res.hits]),
                              res.total))
                kept += 1
        conn.execute("COMMIT")
        return kept
    except BaseException:
        conn.execute("ROLLBACK")
        raise
