"""Theme matches materialised at index time: which paragraphs each lexicon theme matches.

A theme of the lexicon is a regex over folded text (index.words.themes.Theme.matcher). Its
matches are kept in two tables, in step with the paragraphs:

  theme_keys  one row per materialised theme: its key (sha1 of the fold version, the regex
              source and flags), the name it had, the regex itself and the full-text
              expression whose matches include every paragraph the regex can match
              (index.compare.passages.match_expression), so that indexing can match new
              paragraphs without the lexicon at hand
  theme_hits  (theme, para_id, mentions): every non-caption paragraph whose folded text the
              regex matches, and how often (findall on the folded text)
  theme_docs  (theme, doc_id, passages, mentions): the same summed by document, which the
              theme matrix sums by zone (a document's zone is read from docs, so a
              metadata edit needs no update here)

Every write goes through index/store/ingest.py, which calls add_paragraphs() for the
paragraphs it inserts (the regex runs on the full-text candidates among them only: a tenth
of the paragraphs for the shipped lexicon) and remove_range() for the ones it deletes, in
the same transaction:
a key present in theme_keys therefore always lists exactly the paragraphs its regex matches.
sync() registers the current lexicon (new or edited themes are matched over the whole corpus
once; themes no longer in the lexicon are dropped). A theme whose key is absent (an ad-hoc
query, a theme edited since the last index run) is matched the exact slow way by the caller.

SQL only; the regexes come from the caller (the store never imports the lexicon).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from bisect import bisect_right

from index.store import schema
from index.store.rowid import SHIFT
from index.text.normal import FOLD_VERSION, fold

MASK = (1 << SHIFT) - 1

def create(conn: sqlite3.Connection) -> None:
    """The tables (store/schema.py THEME_HITS), inside the caller's transaction."""
    schema.create(conn, schema.THEME_HITS)


def theme_key(rx: re.Pattern) -> str:
    """The key of a folded-text regex: equal keys match the same paragraphs."""
    src = f"{FOLD_VERSION}\x00{rx.flags}\x00{rx.pattern}"
    return hashlib.sha1(src.encode("utf-8")).hexdigest()


def theme_id(conn: sqlite3.Connection, rx: re.Pattern) -> int | None:
    """The id under which rx's matches are materialised, or None (match it the slow way)."""
    row = conn.execute("SELECT id FROM theme_keys WHERE key = ?", (theme_key(rx),)).fetchone()
    return row[0] if row else None


def hit_ids(conn: sqlite3.Connection, tid: int,
            ranges: list[tuple[int, int]] | None = None) -> list[int]:
    """The paragraph ids a materialised theme matches, in order (within the given
    (first, last) paragraph ranges, in order, if any)."""
    if ranges is None:
        return [r[0] for r in conn.execute(
            "SELECT para_id FROM theme_hits WHERE theme = ? ORDER BY para_id", (tid,))]
    out: list[int] = []
    for lo, hi in ranges:
        out += [r[0] for r in conn.execute(
            "SELECT para_id FROM theme_hits WHERE theme = ? AND para_id BETWEEN ? AND ? "
            "ORDER BY para_id", (tid, lo, hi))]
    return out


def doc_passages(conn: sqlite3.Connection, tid: int) -> list[tuple[str, int]]:
    """(doc_id, passages) of every document a materialised theme matches in."""
    return conn.execute("SELECT doc_id, passages FROM theme_docs WHERE theme = ?",
                        (tid,)).fetchall()


def zone_counts(conn: sqlite3.Connection) -> dict[int, list[tuple[str, int, int]]]:
    """{theme id: [(zone, passages, mentions)]} of every materialised theme, from the
    per-document sums alone."""
    out: dict[int, list[tuple[str, int, int]]] = {}
    for tid, zone, n, m in conn.execute(
            "SELECT t.theme, coalesce(nullif(d.zone, ''), nullif(d.short, ''), '(no zone)'), "
            "sum(t.passages), sum(t.mentions) FROM theme_docs t JOIN docs d USING (doc_id) "
            "WHERE d.first_para IS NOT NULL GROUP BY 1, 2"):
        out.setdefault(tid, []).append((zone, n, m))
    return out


def doc_counts(conn: sqlite3.Connection) -> dict[int, list[tuple[str, int, int]]]:
    """{theme id: [(doc_id, passages, mentions)]} of every materialised theme: what a
    grouping other than by zone (year, level …) sums."""
    out: dict[int, list[tuple[str, int, int]]] = {}
    for tid, doc_id, n, m in conn.execute(
            "SELECT theme, doc_id, passages, mentions FROM theme_docs"):
        out.setdefault(tid, []).append((doc_id, n, m))
    return out


def _match(conn, tid: int, rx: re.Pattern, fts: str | None, lo: int, hi: int,
           folded_of) -> list[tuple[int, int, int]]:
    """(tid, para_id, mentions) for the paragraphs lo..hi the regex matches; folded_of(ids)
    gives {para_id: folded text} of the non-caption ones among ids."""
    if fts is None:  # no literal to look up: every paragraph is a candidate
        ids = [r[0] for r in conn.execute("SELECT id FROM paras WHERE id BETWEEN ? AND ?",
                                          (lo, hi))]
    else:
        ids = [r[0] for r in conn.execute(
            f"SELECT rowid >> {SHIFT} FROM para_fts WHERE para_fts MATCH ? "
            "AND rowid BETWEEN ? AND ?", (fts, lo << SHIFT, (hi << SHIFT) | MASK))]
    out = []
    for pid, folded in folded_of(ids).items():
        n = len(rx.findall(folded))
        if n:
            out.append((tid, pid, n))
    return out


def _insert(conn, rows: list[tuple[int, int, int]], docs: list[tuple[int, int, str]]) -> None:
    """Store hits (theme, para_id, mentions) and their sums by document; docs: the
    (first_para, last_para, doc_id) ranges the hits fall in, in order."""
    conn.executemany("INSERT OR REPLACE INTO theme_hits (theme, para_id, mentions) "
                     "VALUES (?, ?, ?)", rows)
    firsts = [d[0] for d in docs]
    sums: dict[tuple[int, str], list[int]] = {}
    for tid, pid, n in rows:
        i = bisect_right(firsts, pid) - 1
        if i < 0 or pid > docs[i][1]:
            continue
        acc = sums.setdefault((tid, docs[i][2]), [0, 0])
        acc[0] += 1
        acc[1] += n
    conn.executemany("INSERT OR REPLACE INTO theme_docs (theme, doc_id, passages, mentions) "
                     "VALUES (?, ?, ?, ?)", [(t, d, a, b) for (t, d), (a, b) in sums.items()])


class Matchers:
    """The materialised themes' regexes, compiled once per write."""

    def __init__(self, conn: sqlite3.Connection):
        self.rules = [(tid, re.compile(pattern, flags), fts)
                      for tid, pattern, flags, fts in conn.execute(
                          "SELECT id, pattern, flags, fts FROM theme_keys")]

    def add_paragraphs(self, conn: sqlite3.Connection, folded: dict[int, str],
                       docs: list[tuple[int, int, str]]) -> None:
        """Record the matches of the paragraphs just inserted (their full-text rows too):
        folded maps each new non-caption paragraph's id to its folded text; docs are the new
        documents' (first_para, last_para, doc_id), in order."""
        if not self.rules or not folded:
            return
        lo, hi = min(folded), max(folded)

        def folded_of(ids):
            return {i: folded[i] for i in ids if folded.get(i)}
        for tid, rx, fts in self.rules:
            _insert(conn, _match(conn, tid, rx, fts, lo, hi, folded_of), docs)


def remove_doc(conn: sqlite3.Connection, doc_id: str, first: int | None, last: int | None
               ) -> None:
    """Forget the matches of a deleted document (paragraphs first..last)."""
    if first is not None:
        conn.execute("DELETE FROM theme_hits WHERE para_id BETWEEN ? AND ?", (first, last))
    conn.execute("DELETE FROM theme_docs WHERE doc_id = ?", (doc_id,))


def sync(conn: sqlite3.Connection, matchers: dict[str, tuple[re.Pattern, str | None]]
         ) -> int:
    """Make the materialised themes those of `matchers` (name -> (folded-text regex, its
    full-text candidate expression or None)): drop the others, match the new ones over the
    whole corpus. Call inside a write transaction. Returns the number matched anew."""
    wanted = {theme_key(rx): (name, rx, fts) for name, (rx, fts) in matchers.items()}
    have = dict(conn.execute("SELECT key, id FROM theme_keys"))
    for key, tid in have.items():
        if key not in wanted:
            for table in ("theme_hits", "theme_docs"):
                conn.execute(f"DELETE FROM {table} WHERE theme = ?", (tid,))
            conn.execute("DELETE FROM theme_keys WHERE id = ?", (tid,))
    lo, hi = conn.execute("SELECT min(id), max(id) FROM paras").fetchone()
    docs = conn.execute("SELECT first_para, last_para, doc_id FROM docs "
                        "WHERE first_para IS NOT NULL ORDER BY first_para").fetchall()
    new = 0
    for key, (name, rx, fts) in wanted.items():
        if key in have:
            continue
        tid = int(conn.execute("INSERT INTO theme_keys (key, name, pattern, flags, fts) "
                               "VALUES (?,?,?,?,?)",
                               (key, name, rx.pattern, rx.flags, fts)).lastrowid or 0)
        new += 1
        if lo is not None:
            _insert(conn, _match(conn, tid, rx, fts, lo, hi, lambda ids: folded_texts(conn, ids)),
                    docs)
    return new


def folded_texts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """{id: folded text} of the non-caption, non-empty paragraphs among ids."""
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        for pid, text in conn.execute(
                "SELECT id, text FROM paras WHERE kind != 'caption' AND id IN "
                f"({','.join('?' * len(part))})", part):
            if text:
                out[pid] = fold(text)
    return out
