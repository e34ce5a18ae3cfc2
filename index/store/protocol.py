"""The store protocol: what search, comparison and the library ask of the storage layer.

Everything above index/store/ (search/, compare/, corpus.py) reaches the data through these
operations. Today one SQLite file serves all of them (SqliteStore below delegates to the
modules of this package and to the SQL of search/ and compare/); a team sharing a national
corpus would put a server engine behind the same operations (docs/performance.md, "Past
one machine": PostgreSQL with pg_bigm or pg_trgm, or OpenSearch with a CJK analyzer).

The operations are shaped by what the engines above need, not by SQLite:
  * full-text: `candidates` (ids whose text contains a phrase expression — any engine with a
    CJK n-gram index answers it) and `count`; ranking (index/search/rank.py, BM25 with the
    length class carried in the rowid) is SQL over FTS5 today and would be the server
    engine's own BM25 (PostgreSQL: ts_rank over pg_bigm candidates; OpenSearch: native);
  * rows by id: `paragraphs`, `section_paths`, `doc_ranges` (documents as consecutive
    paragraph-id ranges, which comparison and filters rely on);
  * materialised theme matches (themehits.py): `theme_id`, `hit_ids`, `doc_passages`,
    `zone_counts` — a server keeps them as a table with the same key;
  * library: `list_docs`, `document`, `original_text`;
  * writing: `index_paths` (one transaction per batch, theme matches kept in step), and
    `generation` (equal values mean equal contents: what caches key on).
A server implementation keeps paragraph ids, the folded text (index.text.normal.fold) and
the theme keys as they are, so search and comparison results do not change with the engine.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Iterable, Protocol, runtime_checkable

from index.store import library, themehits
from index.store.connection import connect, generation
from index.store.rowid import SHIFT


@runtime_checkable
class Store(Protocol):
    """The storage operations of duizhao (see the module doc)."""

    # full text (expressions in FTS5 syntax over folded bigrams: index.search.query)
    def candidates(self, expr: str, ranges: list[tuple[int, int]] | None = None
                   ) -> list[int]: ...
    def count(self, expr: str) -> int: ...

    # rows
    def paragraphs(self, ids: list[int]) -> list[tuple]: ...
    def section_paths(self, section_ids: Iterable[int]) -> dict[int, str]: ...
    def doc_ranges(self) -> list[tuple[str, str, str, int, int]]: ...

    # materialised theme matches
    def theme_id(self, rx: re.Pattern) -> int | None: ...
    def hit_ids(self, tid: int, ranges: list[tuple[int, int]] | None = None) -> list[int]: ...
    def doc_passages(self, tid: int) -> list[tuple[str, int]]: ...
    def zone_counts(self) -> dict[int, list[tuple[str, int, int]]]: ...

    # library
    def list_docs(self) -> list: ...
    def document(self, doc_id: str): ...
    def original_text(self, doc_id: str) -> tuple[str | None, str]: ...

    # writing
    def index_paths(self, paths, **kwargs): ...
    def generation(self) -> tuple[str, ...]: ...


class SqliteStore:
    """The Store over one SQLite file (WAL, FTS5): what duizhao runs on today."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.path)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def candidates(self, expr, ranges=None):
        sql = f"SELECT rowid >> {SHIFT} FROM para_fts WHERE para_fts MATCH ?"
        if not ranges:
            return [r[0] for r in self.conn.execute(sql + " ORDER BY rowid", (expr,))]
        out: list[int] = []
        for lo, hi in ranges:
            out += [r[0] for r in self.conn.execute(
                sql + " AND rowid BETWEEN ? AND ? ORDER BY rowid",
                (expr, lo << SHIFT, (hi << SHIFT) | ((1 << SHIFT) - 1)))]
        return out

    def count(self, expr):
        return self.conn.execute("SELECT count(*) FROM para_fts WHERE para_fts MATCH ?",
                                 (expr,)).fetchone()[0]

    def paragraphs(self, ids):
        rows: list[tuple] = []
        for i in range(0, len(ids), 900):
            part = ids[i:i + 900]
            rows += self.conn.execute(
                "SELECT id, seq, kind, section, text FROM paras WHERE id IN "
                f"({','.join('?' * len(part))}) ORDER BY id", part).fetchall()
        return rows

    def section_paths(self, section_ids):
        return library.section_paths(self.conn, section_ids)

    def doc_ranges(self):
        return self.conn.execute("SELECT doc_id, zone, short, first_para, last_para FROM docs "
                                 "WHERE first_para IS NOT NULL ORDER BY first_para").fetchall()

    def theme_id(self, rx):
        return themehits.theme_id(self.conn, rx)

    def hit_ids(self, tid, ranges=None):
        return themehits.hit_ids(self.conn, tid, ranges)

    def doc_passages(self, tid):
        return themehits.doc_passages(self.conn, tid)

    def zone_counts(self):
        return themehits.zone_counts(self.conn)

    def list_docs(self):
        return library.list_docs(self.conn)

    def document(self, doc_id):
        return library.document(self.conn, doc_id)

    def original_text(self, doc_id):
        return library.original_text(self.conn, doc_id)

    def index_paths(self, paths, **kwargs):
        from index.store.ingest import index_paths

        self.close()
        return index_paths(self.path, paths, **kwargs)

    def generation(self):
        return generation(self.conn)
