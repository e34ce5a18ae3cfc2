"""Which documents a query's filters let through: zone:, year:, level:, doc:, set:.

The document list is read once per database write (store.generation) and kept; a filter is
checked on it in Python, then handed to FTS5 as facet tokens (index/store/facets.py) or to
the ranking statement as paragraph-id ranges. unknown_zones() names a zone: value that
matches no zone, with the nearest ones.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right

from index.search.query import Query
from index.store import facets
from index.store.cache import PerGeneration
from index.store.zones import NO_ZONE, resolve_in


class IdRanges:
    """Membership of paragraph ids in a set of inclusive id ranges (docs or sections)."""

    def __init__(self, ranges: list[tuple[int, int]]):
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self.los = [m[0] for m in merged]
        self.his = [m[1] for m in merged]

    def __contains__(self, pid: int) -> bool:
        i = bisect_right(self.los, pid) - 1
        return i >= 0 and pid <= self.his[i]

    def __bool__(self) -> bool:
        return bool(self.los)


_DOCS: PerGeneration[list[tuple]] = PerGeneration()


def doc_rows(conn: sqlite3.Connection) -> list[tuple]:
    """(doc_id, zone, short, year, first_para, last_para, level) of every document, read
    again only after a write to the database (store.cache)."""
    return _DOCS.get(conn, lambda: conn.execute(
        "SELECT doc_id, zone, short, year, first_para, last_para, level FROM docs").fetchall())


def passing_docs(conn: sqlite3.Connection, q: Query) -> list[tuple] | None:
    """The doc_rows passing the filters; None = no filter."""
    if not q.has_filters:
        return None
    chosen = set(resolve_in(conn, q.zones).zones) if q.zones else set()
    docs = set(q.docs)
    out = []
    for row in doc_rows(conn):
        doc_id, zone, short, year = row[:4]
        if q.zones and (zone or short or NO_ZONE) not in chosen:
            continue
        if q.years and not (year and q.years[0] <= year <= q.years[1]):
            continue
        if docs and doc_id not in docs:
            continue
        if q.levels and row[6] not in q.levels:
            continue
        if q.sets and (q.set_docs is None or doc_id not in q.set_docs):
            continue
        out.append(row)
    return out


def unknown_zones(conn: sqlite3.Connection, q: Query) -> dict[str, list[str]]:
    """{zone: value picking no zone: the zones nearest to it} (index.store.zones, the one
    resolver: 上海 suggests 海南省)."""
    return resolve_in(conn, q.zones).unknown if q.zones else {}


def matching_docs(conn: sqlite3.Connection, q: Query) -> list[tuple] | None:
    """(doc_id, first_para, last_para) of documents passing the filters; None = no filter."""
    rows = passing_docs(conn, q)
    return None if rows is None else [(r[0], r[4], r[5]) for r in rows]


MAX_FACET_TOKENS = 200  # zone:/year: as full-text tokens up to this many; beyond, id ranges


def facet_match(q: Query, rows: list[tuple]) -> str | None:
    """zone:/year: filters as an FTS5 expression on column m (index/store/facets.py), or None when
    they are better checked as id ranges (doc: filters, or very many zones)."""
    if q.docs or q.sets:
        return None
    zones = {facets.zone_token(r[1], r[2]) for r in rows} if q.zones else set()
    years = {facets.year_token(r[3]) for r in rows} if q.years else set()
    levels = {facets.level_token(r[6]) for r in rows} if q.levels else set()
    if len(zones) + len(years) + len(levels) > MAX_FACET_TOKENS:
        return None
    parts = [facets.any_token(list(t)) for t in (zones, years, levels) if t]
    return " AND ".join(parts) or None
