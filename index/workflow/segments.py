"""Coded segments: a code on a span of a paragraph (a whole paragraph by default).

A segment names its document the way that survives indexing again — the file's path and the
document's key in it (a dataset row), with the sha1 of the document's paragraph text when it
was last anchored — and keeps its own text and 40 characters of context on each side, so
that anchor.py can find it again when the file changes. doc_id and para say where it is now.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections import Counter, defaultdict
from itertools import combinations

from index.workflow import store
from index.workflow.model import CodeMatrix, Cooccurrence, Segment, WorkflowError

CONTEXT = 40  # characters of context kept on each side of a segment


class SegmentError(WorkflowError):
    """A passage or span that does not exist; the message says which."""


def doc_hash(texts) -> str:
    """The sha1 of a document's paragraph texts, in order (what anchoring compares)."""
    h = hashlib.sha1()
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def doc_paragraphs(conn: sqlite3.Connection, doc_id: str) -> list[tuple[int, int, str]]:
    """(para id, seq, text) of a document's paragraphs, in reading order."""
    return conn.execute(
        "SELECT id, seq, text FROM paras WHERE id BETWEEN (SELECT first_para FROM docs WHERE "
        "doc_id = ?) AND (SELECT last_para FROM docs WHERE doc_id = ?) ORDER BY id",
        (doc_id, doc_id)).fetchall()


def _doc_identity(conn, doc_id: str) -> tuple[str, str]:
    row = conn.execute("SELECT path, COALESCE(key, '') FROM docs WHERE doc_id = ?",
                       (doc_id,)).fetchone()
    if row is None:
        raise SegmentError(f"no document {doc_id!r} (see `main.py docs`)")
    return row[0], row[1]


def add(conn: sqlite3.Connection, code: int, places: list[tuple[str, int, int | None, int | None]]
        ) -> tuple[int, int]:
    """Code each (doc_id, para seq, start, end) — start/end None: the whole paragraph.
    Returns (segments written, places that already carried the code there)."""
    by_doc: dict[str, list] = defaultdict(list)
    for p in places:
        by_doc[p[0]].append(p)
    written = already = 0
    created = store.now()
    for doc_id, items in by_doc.items():
        path, key = _doc_identity(conn, doc_id)
        paras = doc_paragraphs(conn, doc_id)
        text_of = {seq: text for _, seq, text in paras}
        sha1 = doc_hash(t for _, _, t in paras)
        have = {tuple(r) for r in conn.execute(
            "SELECT para, start, stop FROM coded WHERE code = ? AND path = ? AND doc_key = ? "
            "AND status != 'orphaned'", (code, path, key))}
        for _, seq, start, end in items:
            if seq not in text_of:
                raise SegmentError(f"{doc_id} has no paragraph {seq}")
            text = text_of[seq]
            start = 0 if start is None else start
            end = len(text) if end is None else end
            if not 0 <= start < end <= len(text):
                raise SegmentError(f"{doc_id} paragraph {seq} has {len(text)} characters; "
                                   f"{start}-{end} is not a span of it")
            if (seq, start, end) in have:
                already += 1
                continue
            have.add((seq, start, end))
            conn.execute(
                "INSERT INTO coded (code, path, doc_key, doc_sha1, doc_id, para, start, stop, "
                "text, before, after, status, score, created, guid) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', 100, ?, ?)",
                (code, path, key, sha1, doc_id, seq, start, end, text[start:end],
                 text[max(0, start - CONTEXT):start], text[end:end + CONTEXT], created,
                 str(uuid.uuid4())))
            written += 1
    return written, already


def remove(conn: sqlite3.Connection, code: int, places: list[tuple[str, int]]) -> int:
    """Take the code off these (doc_id, para seq) paragraphs (every span of it there);
    returns the segments removed."""
    removed = 0
    for doc_id, seq in places:
        removed += conn.execute("DELETE FROM coded WHERE code = ? AND doc_id = ? AND para = ? "
                                "AND status != 'orphaned'", (code, doc_id, seq)).rowcount
    return removed


def remove_ids(conn: sqlite3.Connection, ids: list[int]) -> int:
    return sum(conn.execute("DELETE FROM coded WHERE id = ?", (i,)).rowcount for i in ids)


def listing(conn: sqlite3.Connection, codes: list[int] | None = None, orphans: bool = False,
            docs: set[str] | None = None) -> list[Segment]:
    """Coded segments (of these codes, or all) in code, zone, document and paragraph order;
    orphans=True: only those that could not be anchored again; docs: only in these."""
    if not store.exists(conn):
        return []
    where, args = [], []
    if codes is not None:
        where.append(f"s.code IN ({','.join('?' * len(codes))})")
        args += codes
    if orphans:
        where.append("s.status = 'orphaned'")
    sql = ("SELECT s.id, c.name, s.doc_id, COALESCE(d.zone, ''), s.para, s.start, s.stop, "
           "s.text, s.status, s.score, s.path, s.doc_key, COALESCE(d.title, ''), "
           "COALESCE(d.short, ''), d.year, COALESCE(d.level, ''), s.created, s.guid, "
           "(SELECT p.id FROM paras p WHERE p.id BETWEEN d.first_para AND d.last_para "
           "AND p.seq = s.para) "
           "FROM coded s JOIN codes c ON c.id = s.code LEFT JOIN docs d ON d.doc_id = s.doc_id"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY c.position, c.name, d.zone, s.doc_id, s.para, s.start")
    # r[:18] are the 18 fields before para_id (mypy cannot count a slice)
    out = [Segment(*r[:18], para_id=None if r[8] == "orphaned" else r[18])  # type: ignore[misc]
           for r in conn.execute(sql, args)]
    if docs is not None:
        out = [s for s in out if s.doc_id in docs]
    return out


def on_paragraphs(conn: sqlite3.Connection, para_ids: list[int]) -> dict[int, list[Segment]]:
    """{paragraph id: its segments} for these paragraphs (badges in a view)."""
    if not store.exists(conn) or not para_ids:
        return {}
    out: dict[int, list[Segment]] = defaultdict(list)
    wanted = set(para_ids)
    for seg in listing(conn):
        if seg.para_id in wanted:
            out[seg.para_id].append(seg)
    return dict(out)


def matrix(conn: sqlite3.Connection, code_rows, by: str = "zone",
           docs: set[str] | None = None) -> CodeMatrix:
    """Segments per code × group (index/compare/groups.py: zone, year, zone-year, level) and
    per 10,000 characters of the group's documents. Orphaned segments are left out (noted)."""
    from index.compare.groups import check_by, group_docs
    from index.compare.passages import doc_ranges

    by = check_by(by)
    ranges = doc_ranges(conn)
    if docs is not None:
        ranges = [d for d in ranges if d.doc_id in docs]
    groups = group_docs(ranges, by) if docs is None else \
        {d.doc_id: g for d, g in zip(ranges, _groups_of(ranges, by))}
    chars: Counter = Counter()
    order: dict[str, tuple] = {}
    for d in ranges:
        g = groups[d.doc_id]
        chars[g.key] += d.chars
        order[g.key] = g.order
    names = [g for g in sorted(order, key=lambda k: (order[k], k))]
    counts: dict[str, Counter] = defaultdict(Counter)
    orphaned = outside = 0
    for seg in listing(conn, docs=docs):
        if seg.status == "orphaned":
            orphaned += 1
        elif seg.doc_id in groups:
            counts[seg.code][groups[seg.doc_id].key] += 1
        else:
            outside += 1
    rows = []
    for c in code_rows:
        n = counts.get(c.name, Counter())
        rows.append({"code": c.name, "parent": c.parent, "counts": {g: n[g] for g in names},
                     "per_10k": {g: round(n[g] / chars[g] * 10_000, 3) if chars[g] else 0.0
                                 for g in names},
                     "total": sum(n.values())})
    notes = []
    if orphaned:
        notes.append(f"{orphaned:,} orphaned segment(s) left out (`main.py coded --orphans`)")
    if outside:
        notes.append(f"{outside:,} segment(s) outside the documents counted left out")
    return CodeMatrix(by, names, rows, {g: chars[g] for g in names}, notes)


def _groups_of(ranges, by):
    from index.compare.groups import group_docs

    mapping = group_docs(list(ranges), by)  # a new list: the shared cache stays untouched
    return [mapping[d.doc_id] for d in ranges]


def cooccurrence(conn: sqlite3.Connection, docs: set[str] | None = None) -> Cooccurrence:
    """Pairs of codes on one paragraph, most shared first."""
    per_para: dict[tuple, set[str]] = defaultdict(set)
    for seg in listing(conn, docs=docs):
        if seg.status != "orphaned":
            per_para[(seg.doc_id, seg.para)].add(seg.code)
    alone: Counter = Counter()
    both: Counter = Counter()
    for codes in per_para.values():
        alone.update(codes)
        both.update(combinations(sorted(codes), 2))
    pairs = [{"a": a, "b": b, "passages": n,
              "jaccard": round(n / (alone[a] + alone[b] - n), 3)}
             for (a, b), n in both.items()]
    pairs.sort(key=lambda p: (-p["passages"], -p["jaccard"], p["a"], p["b"]))
    return Cooccurrence(pairs, dict(alone))
