"""Ranked full-text search with exact substring recall.

The index holds each paragraph's folded text as overlapping bigrams; a term is a phrase of
consecutive bigrams (or a one-character prefix), so a paragraph matches exactly when its
folded text contains the folded term. Ranking is BM25 (repetition counts, long paragraphs are
damped; index/search/rank.py) computed in SQL with no per-match lookup, doubled for paragraphs under a
heading that names a query term.
"""

from __future__ import annotations

import sqlite3
from bisect import insort
from dataclasses import dataclass, field

from index.search import frequent, rank
from index.search.budget import Budget, Stopped, message
from index.search.filters import IdRanges, facet_match, passing_docs, unknown_zones
from index.search.query import Query, any_of, parse
from index.search.snippet import make_snippet
from index.store.connection import snapshot
from index.store.library import section_paths
from index.store.rowid import SHIFT, rowid_range
from index.text.normal import find_spans, fold

HEADING_BOOST = 2.0


@dataclass
class Hit:
    para_id: int
    doc_id: str
    zone: str
    short: str
    title: str
    date: str
    year: int | None
    section: str
    para: int
    kind: str
    text: str
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)

    def snippet(self, max_chars: int = 110) -> tuple[str, list[tuple[int, int]]]:
        return make_snippet(self.text, self.spans, max_chars)

    def as_json(self) -> dict:
        """The documented hit shape (doc_id … score), then extensions."""
        return {
            "doc_id": self.doc_id, "zone": self.zone, "title": self.title, "date": self.date,
            "section": self.section, "para": self.para, "text": self.text,
            "score": round(self.score, 4),
            "short": self.short, "year": self.year, "kind": self.kind,
            "spans": [list(s) for s in self.spans],
        }


@dataclass
class SearchResult:
    query: Query
    hits: list[Hit]
    total: int | None = None  # number of matching paragraphs, when counted
    notes: list[str] = field(default_factory=list)
    unknown_zones: dict[str, list[str]] = field(default_factory=dict)  # zone: value -> nearest
    # why nothing was searched or shown: a bound passed ("length", "terms", "time") or
    # "cancelled"; "" for a complete answer (docs/search.md, Query bounds)
    stopped: str = ""


def search(conn: sqlite3.Connection, query: str | Query, limit: int = 20, offset: int = 0,
           count: bool = False, spans: bool = True, budget: Budget | None = None,
           cache: bool = True) -> SearchResult:
    """Best-first paragraphs for the query; limit 0 means all. spans=False leaves each hit's
    spans empty (a caller that finds occurrences itself, such as KWIC). A common one-term
    query on a large corpus is answered from the first page computed at index time
    (frequent.py: the same hits, exact total) unless cache=False.

    budget: the time limit and cancel test (default: budget.SEARCH_SECONDS, no cancel). A
    query over a bound (query.MAX_QUERY_CHARS, MAX_TERMS) or out of time gets an empty
    result whose `stopped` names the bound and whose notes say it."""
    q = parse(query) if isinstance(query, str) else query
    if q.refused:
        return SearchResult(query=q, hits=[], total=0, notes=[*q.notes, q.refused],
                            stopped=q.bound)
    budget = budget or Budget()
    try:
        with snapshot(conn):  # one consistent view even while another process indexes
            with budget.applied(conn):
                page = frequent.lookup(conn, q, limit, offset) if cache else None
                if page is not None:
                    total = page[1] if count else None
                    match = q.fts()  # a cached page is a term's: never None here
                    if count and total is None and match:  # an exclusion's: counted, not ranked
                        total = _count(conn, match, None)
                    return SearchResult(query=q, notes=list(q.notes),
                                        hits=_hits(conn, page[0], q.terms if spans else [],
                                                   budget),
                                        total=total)
                return _search(conn, q, limit, offset, count, budget, spans)
    except Stopped as stop:
        return SearchResult(query=q, hits=[], total=None, notes=[*q.notes, message(stop)],
                            stopped=stop.reason)


def _search(conn, q: Query, limit: int, offset: int, count: bool, budget: Budget,
            spans: bool = True) -> SearchResult:
    res = SearchResult(query=q, hits=[], notes=list(q.notes))
    docs = passing_docs(conn, q)
    res.unknown_zones = unknown_zones(conn, q)
    for value, near in res.unknown_zones.items():
        res.notes.append(f"no zone is called {value!r}"
                         + (f"; nearest: {'、'.join(near)}" if near else ""))
    if docs is not None and not docs:
        res.notes.append("no document passes the filters")
        res.total = 0
        return res
    match = q.fts()
    facet = facet_match(q, docs) if match and docs is not None else None
    if facet:  # FTS5 intersects the filter with the terms: no per-match range check
        match, keep = f"({match}) AND {facet}", None
    else:
        keep = IdRanges([(r[4], r[5]) for r in docs]) if docs is not None else None
    if match is None:
        ids = _unranked(conn, q, keep, limit, offset)
        if not q.terms and not q.has_filters and not q.exclude:
            res.notes.append("empty query: type a word or phrase")
        scored = [(pid, 0.0) for pid in ids]
    else:
        scored = _ranked(conn, q, match, keep, limit, offset)
    if count:
        res.total = _count(conn, match, keep) if match else _count_unranked(conn, q, keep)
    res.hits = _hits(conn, scored, q.terms if spans else [], budget)
    return res


MAX_SQL_RANGES = 200  # id ranges written into one statement; beyond, a Python function
BOOST_RANGES = 2000  # boosted sections fetched as id ranges; beyond, checked per paragraph
CHUNK = 64  # rows whose boost is checked at a time


def _id_condition(conn, ranges: IdRanges, column: str = "rowid", name: str = "dz_keep"):
    """(sql, params): the paragraph id lies in one of the id ranges; column is paras.id, or
    para_fts's rowid (which carries the id shifted, index/search/rank.py). A few ranges are written
    out (FTS5 filters them as it scans); many become a registered Python function."""
    fts = column == "rowid"
    if len(ranges.los) <= MAX_SQL_RANGES:
        sql = " OR ".join([f"{column} BETWEEN ? AND ?"] * len(ranges.los))
        pairs = (rowid_range(lo, hi) if fts else (lo, hi)
                 for lo, hi in zip(ranges.los, ranges.his))
        return f"({sql})", [v for pair in pairs for v in pair]
    conn.create_function(name, 1, lambda pid: pid in ranges, deterministic=True)
    return f"{name}({column} >> {SHIFT})" if fts else f"{name}({column})", []


def _ranked(conn, q: Query, match: str, keep: IdRanges | None, limit: int, offset: int):
    """(paragraph id, score) best first: BM25 (index/search/rank.py), doubled for paragraphs under a
    heading that names a term. BM25 ranks in SQL; the boost is applied to its best rows, going
    further down only while a row there could still overtake the last one kept once doubled."""
    where, params = _match_where(conn, match, keep)
    score, score_params = rank.model(conn).sql()

    def best(n: int):
        """A cursor over (id, -score), best first: read only as far as needed."""
        sql = (f"SELECT rowid >> {SHIFT}, {score} AS s FROM para_fts WHERE {where} "
               f"ORDER BY s, rowid" + (f" LIMIT {int(n)}" if n else ""))
        return conn.execute(sql, score_params + params)

    want = limit + offset if limit else 0
    return _Boost(conn, q, everything=not want).top(best, want)[offset:]


class _Boost:
    """Which paragraphs lie under a heading that names a query term."""

    def __init__(self, conn, q: Query, everything: bool):
        self.conn = conn
        self.needles = [n for n in (fold(t) for t in q.terms) if n]
        self.ranges: IdRanges | None = None
        expr = q.any_term_fts()
        # one read: the ranges, unless there are more than BOOST_RANGES (then per paragraph)
        page = "" if everything else f" LIMIT {BOOST_RANGES + 1}"
        rows = conn.execute(
            "SELECT s.first_para, s.last_para FROM sec_fts JOIN sections s "
            f"ON s.id = sec_fts.rowid WHERE sec_fts MATCH ? AND s.first_para IS NOT NULL{page}",
            (expr,)).fetchall() if expr else []
        self.any = bool(rows)
        if rows and (everything or len(rows) <= BOOST_RANGES):
            self.ranges = IdRanges(rows)

    def boosted(self, pids: list[int]) -> set[int]:
        if not self.any:
            return set()
        if self.ranges is not None:
            return {p for p in pids if p in self.ranges}
        from index.store.library import section_titles

        sections = {}
        for i in range(0, len(pids), 900):
            part = pids[i:i + 900]
            sections.update(self.conn.execute(
                f"SELECT id, section FROM paras WHERE id IN ({','.join('?' * len(part))})", part))
        titles = section_titles(self.conn, set(sections.values()))
        return {p for p, sec in sections.items()
                if any(n in fold(t) for t in titles.get(sec, ()) for n in self.needles)}

    def top(self, best, want: int) -> list[tuple[int, float]]:
        """The `want` best (all if 0) after the boost; best(n) is a cursor over the n best by
        BM25 (all if 0), as (id, -score), best first by (score, id). Rows are taken in that
        order until nothing further down can overtake the `want`-th best so far, even doubled.
        A few rows usually settle it; when they do not, 8 times as many are asked for."""
        if not self.any:
            return [(p, -s) for p, s in best(want)]
        n = max(25 * want, 8 * CHUNK) if want else 0
        rows, seen = best(n), 0
        final: list[tuple[float, int]] = []  # (-score, id), sorted
        while True:
            chunk = rows.fetchmany(CHUNK)
            if not chunk:
                if n and seen == n:  # the first n were not enough: read on past them
                    n *= 8
                    rows = best(n)
                    rows.fetchmany(seen)
                    continue
                break
            if want and len(final) >= want and _settled(final[want - 1], chunk[0]):
                break
            seen += len(chunk)
            up = self.boosted([p for p, _ in chunk])
            for p, sc in chunk:
                insort(final, (sc * HEADING_BOOST if p in up else sc, p))
            del final[want or len(final):]
        return [(p, -sc) for sc, p in final]


def _settled(last: tuple[float, int], nxt: tuple[int, float]) -> bool:
    """Whether the row `nxt` (id, -score) and every row after it, doubled, rank below `last`
    (-score, id). Rows come by (score, id), so on a tie the rows still to come have larger ids
    than nxt; doubling is exact in floating point."""
    bound = nxt[1] * HEADING_BOOST
    return last[0] < bound or (last[0] == bound and last[1] < nxt[0])


def _match_where(conn, match: str, keep: IdRanges | None) -> tuple[str, list]:
    """(where, params) for para_fts rows matching the expression within the kept ranges."""
    where, params = "para_fts MATCH ?", [match]
    if keep is not None:
        cond, values = _id_condition(conn, keep)
        where, params = f"{where} AND {cond}", params + values
    return where, params


def _count(conn, match: str, keep: IdRanges | None) -> int:
    where, params = _match_where(conn, match, keep)
    return conn.execute(f"SELECT count(*) FROM para_fts WHERE {where}", params).fetchone()[0]


def _unranked_where(conn, q: Query, keep: IdRanges | None) -> tuple[str, list] | None:
    """(where, params) over paras for filter-only or exclusion-only queries; None: nothing."""
    if keep is None and not q.exclude:
        return None
    where, params = ["kind != 'caption'"], []
    if keep is not None:
        cond, values = _id_condition(conn, keep, column="id")
        where.append(cond)
        params += values
    expr = any_of(q.exclude, unigram=True)
    if expr:
        where.append(f"id NOT IN (SELECT rowid >> {SHIFT} FROM para_fts "
                     "WHERE para_fts MATCH ?)")
        params.append(expr)
    return " AND ".join(where), params


def _unranked(conn, q: Query, keep: IdRanges | None, limit: int, offset: int) -> list[int]:
    """Paragraphs in reading order for filter-only or exclusion-only queries."""
    found = _unranked_where(conn, q, keep)
    if found is None:
        return []
    where, params = found
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
    sql = f"SELECT id FROM paras WHERE {where} ORDER BY id{page}"
    return [pid for (pid,) in conn.execute(sql, params)]


def _count_unranked(conn, q: Query, keep: IdRanges | None) -> int | None:
    """How many paragraphs a filter-only or exclusion-only query lists (None: an empty
    query, which lists nothing)."""
    found = _unranked_where(conn, q, keep)
    if found is None:
        return None
    where, params = found
    return conn.execute(f"SELECT count(*) FROM paras WHERE {where}", params).fetchone()[0]


def _hits(conn, scored: list[tuple[int, float]], terms: list[str],
          budget: Budget | None = None) -> list[Hit]:
    if not scored:
        return []
    rows = {}
    ids = [pid for pid, _ in scored]
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        marks = ",".join("?" * len(part))
        for r in conn.execute(
            "SELECT p.id, p.doc_id, d.zone, d.short, d.title, d.date, d.year, p.section, "
            f"p.seq, p.kind, p.text FROM paras p JOIN docs d ON d.doc_id = p.doc_id "
            f"WHERE p.id IN ({marks})", part):
            rows[r[0]] = r
    paths = section_paths(conn, {r[7] for r in rows.values()})
    hits = []
    for n, (pid, score) in enumerate(scored):
        if budget is not None and n % 256 == 255:
            budget.check()  # limit 0 over a large corpus: spans of many hits
        r = rows.get(pid)
        if r is None:  # deleted between the two statements by a concurrent indexer
            continue
        hits.append(Hit(para_id=r[0], doc_id=r[1], zone=r[2] or "", short=r[3] or "",
                        title=r[4] or "", date=r[5] or "", year=r[6], section=paths.get(r[7], ""),
                        para=r[8], kind=r[9], text=r[10], score=score,
                        spans=find_spans(r[10], terms) if terms else []))
    return hits
