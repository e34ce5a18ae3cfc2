"""Theme matches materialised at index time: which paragraphs each lexicon theme matches.

A theme of the lexicon is a regex over folded text (index.words.themes.Theme.matcher). Its
matches are kept in two tables, in step with the paragraphs:

  theme_keys  one row per materialised theme: its key (sha1 of the fold version, the regex
              source and flags), the name it had, and the regex itself, so that indexing can
              match new paragraphs without the lexicon at hand
  theme_hits  (theme, para_id, mentions): every non-caption paragraph whose folded text the
              regex matches, and how often (findall on the folded text)

Every write goes through index/store/ingest.py, which calls add_paragraphs() for the
paragraphs it inserts and remove_range() for the ones it deletes, in the same transaction:
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
from typing import Iterable

from index.text.normal import FOLD_VERSION, fold

SCHEMA = """
CREATE TABLE IF NOT EXISTS theme_keys (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL, pattern TEXT NOT NULL, flags INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS theme_hits (theme INTEGER NOT NULL, para_id INTEGER NOT NULL,
    mentions INTEGER NOT NULL, PRIMARY KEY (theme, para_id)) WITHOUT ROWID;
"""


def create(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def theme_key(rx: re.Pattern) -> str:
    """The key of a folded-text regex: equal keys match the same paragraphs."""
    src = f"{FOLD_VERSION}\x00{rx.flags}\x00{rx.pattern}"
    return hashlib.sha1(src.encode("utf-8")).hexdigest()


def theme_id(conn: sqlite3.Connection, rx: re.Pattern) -> int | None:
    """The id under which rx's matches are materialised, or None (match it the slow way)."""
    row = conn.execute("SELECT id FROM theme_keys WHERE key = ?", (theme_key(rx),)).fetchone()
    return row[0] if row else None


def hit_ids(conn: sqlite3.Connection, tid: int) -> list[int]:
    """The paragraph ids a materialised theme matches, in order."""
    return [r[0] for r in conn.execute(
        "SELECT para_id FROM theme_hits WHERE theme = ? ORDER BY para_id", (tid,))]


def zone_counts(conn: sqlite3.Connection, tid: int) -> list[tuple[str, int, int]]:
    """(zone, passages, mentions) of a materialised theme, from the aggregates alone (each
    document's paragraph range joined with the theme's hits: one index seek a document)."""
    return conn.execute(
        "SELECT coalesce(nullif(d.zone, ''), nullif(d.short, ''), '(no zone)'), count(*), "
        "sum(h.mentions) FROM docs d JOIN theme_hits h ON h.theme = ? "
        "AND h.para_id BETWEEN d.first_para AND d.last_para "
        "WHERE d.first_para IS NOT NULL GROUP BY 1", (tid,)).fetchall()


class Matchers:
    """The materialised themes' regexes, compiled once per write."""

    def __init__(self, conn: sqlite3.Connection):
        self.rules = [(tid, re.compile(pattern, flags)) for tid, pattern, flags in conn.execute(
            "SELECT id, pattern, flags FROM theme_keys")]

    def add_paragraphs(self, conn: sqlite3.Connection,
                       rows: Iterable[tuple[int, str, str]]) -> None:
        """Record the matches of new paragraphs: rows of (para_id, kind, folded text)."""
        if not self.rules:
            return
        out = []
        for pid, kind, folded in rows:
            if kind == "caption" or not folded:
                continue
            for tid, rx in self.rules:
                n = len(rx.findall(folded))
                if n:
                    out.append((tid, pid, n))
        conn.executemany("INSERT OR REPLACE INTO theme_hits (theme, para_id, mentions) "
                         "VALUES (?, ?, ?)", out)


def remove_range(conn: sqlite3.Connection, first: int, last: int) -> None:
    """Forget the matches of paragraphs first..last (a deleted document's)."""
    conn.execute("DELETE FROM theme_hits WHERE para_id BETWEEN ? AND ?", (first, last))


def sync(conn: sqlite3.Connection, matchers: dict[str, re.Pattern]) -> int:
    """Make the materialised themes those of `matchers` (name -> folded-text regex): drop the
    others, match the new ones over every paragraph (one pass, folding each paragraph once).
    Call inside a write transaction. Returns the number of themes matched anew."""
    wanted = {theme_key(rx): (name, rx) for name, rx in matchers.items()}
    have = dict(conn.execute("SELECT key, id FROM theme_keys"))
    for key, tid in have.items():
        if key not in wanted:
            conn.execute("DELETE FROM theme_hits WHERE theme = ?", (tid,))
            conn.execute("DELETE FROM theme_keys WHERE id = ?", (tid,))
    new = []
    for key, (name, rx) in wanted.items():
        if key in have:
            continue
        cur = conn.execute("INSERT INTO theme_keys (key, name, pattern, flags) VALUES (?,?,?,?)",
                           (key, name, rx.pattern, rx.flags))
        new.append((cur.lastrowid, rx))
    if not new:
        return 0
    batch = []
    for pid, kind, text in conn.execute("SELECT id, kind, text FROM paras"):
        if kind == "caption" or not text:
            continue
        folded = fold(text)
        for tid, rx in new:
            n = len(rx.findall(folded))
            if n:
                batch.append((tid, pid, n))
    conn.executemany("INSERT OR REPLACE INTO theme_hits (theme, para_id, mentions) "
                     "VALUES (?, ?, ?)", batch)
    return len(new)
