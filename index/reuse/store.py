"""The reuse tables: created lazily, under the caller's write transaction.

  reuse_meta   key/value: the shingle and LSH parameters the signatures were made with
  reuse_docs   one row per document whose paragraphs are in: (doc_id, first_para,
               last_para, chars) as they were; a document re-indexed since (other ids or
               size) or removed is stale and is taken out again
  reuse_sigs   (para, part) -> MinHash signature (NUM_PERM uint32, little-endian blob);
               only paragraphs of at least MIN_CHARS folded characters have one; a long
               paragraph has one per window (part 0, 1, …; shingle.windows)
  reuse_pairs  verified pairs (a < b paragraph ids): similarity, shared characters,
               estimated Jaccard, spans as JSON [[a_start, a_end, b_start, b_end], …]

No table is part of the core schema: a database without them is one where reuse has not
been computed yet, and every read here answers "nothing yet" instead of failing.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np

from index.reuse.shingle import NUM_PERM, PARAMS
from index.store import schema

TABLES = ("reuse_meta", *schema.REUSE_TABLES)


def exists(conn: sqlite3.Connection) -> bool:
    names = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'reuse_%'")}
    return all(t in names for t in TABLES)


def ensure(conn: sqlite3.Connection) -> None:
    """Create the tables if missing; start again when they were made with other parameters.
    Call inside a write transaction."""
    schema.create(conn, schema.REUSE_META)
    row = conn.execute("SELECT value FROM reuse_meta WHERE key = 'params'").fetchone()
    if row is None or row[0] != PARAMS:
        for t in schema.REUSE_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {t}")
        conn.execute("INSERT OR REPLACE INTO reuse_meta VALUES ('params', ?)", (PARAMS,))
    schema.create(conn, schema.REUSE)


def current_docs(conn) -> dict[str, tuple]:
    return {r[0]: tuple(r[1:]) for r in conn.execute(
        "SELECT doc_id, first_para, last_para, chars FROM docs")}


def done_docs(conn) -> dict[str, tuple]:
    return {r[0]: tuple(r[1:]) for r in conn.execute(
        "SELECT doc_id, first_para, last_para, chars FROM reuse_docs")}


def forget_doc(conn, doc_id: str, first: int, last: int) -> None:
    conn.execute("DELETE FROM reuse_sigs WHERE para BETWEEN ? AND ?", (first, last))
    conn.execute("DELETE FROM reuse_pairs WHERE a BETWEEN ? AND ?", (first, last))
    conn.execute("DELETE FROM reuse_pairs WHERE b BETWEEN ? AND ?", (first, last))
    conn.execute("DELETE FROM reuse_docs WHERE doc_id = ?", (doc_id,))


def remember_doc(conn, doc_id: str, state: tuple) -> None:
    conn.execute("INSERT OR REPLACE INTO reuse_docs VALUES (?, ?, ?, ?)", (doc_id, *state))


def paragraphs(conn, first: int, last: int) -> list[tuple[int, str]]:
    return conn.execute("SELECT id, text FROM paras WHERE id BETWEEN ? AND ? ORDER BY id",
                        (first, last)).fetchall()


def save_sigs(conn, ids: list[int], parts: list[int], sigs: np.ndarray) -> None:
    conn.executemany("INSERT OR REPLACE INTO reuse_sigs VALUES (?, ?, ?)",
                     zip(ids, parts, (s.astype("<u4").tobytes() for s in sigs)))


def load_sigs(conn) -> tuple[np.ndarray, np.ndarray]:
    """(para id of each, signatures) of every stored paragraph or window, ids ascending."""
    ids, blobs = [], []
    for pid, blob in conn.execute("SELECT para, sig FROM reuse_sigs ORDER BY para, part"):
        ids.append(pid)
        blobs.append(blob)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, NUM_PERM), dtype=np.uint32)
    sigs = np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(ids), NUM_PERM)
    return np.array(ids, dtype=np.int64), sigs.astype(np.uint32)


def save_pairs(conn, rows) -> None:
    """rows: (a, b, similarity, shared, estimate, spans list) with a < b."""
    conn.executemany("INSERT OR REPLACE INTO reuse_pairs VALUES (?, ?, ?, ?, ?, ?)",
                     ((a, b, s, n, e, json.dumps(sp, separators=(",", ":")))
                      for a, b, s, n, e, sp in rows))


PAIR_SQL = ("SELECT a, b, similarity, shared, spans FROM reuse_pairs "
            "WHERE similarity >= ? AND shared >= ?")


def pairs(conn, min_similarity: float, min_shared: int, para_ids=None) -> list[tuple]:
    """(a, b, similarity, shared, spans JSON) of the stored pairs at or above the thresholds;
    only those touching para_ids when given. [] when reuse was never computed."""
    if not exists(conn):
        return []
    if para_ids is None:
        return conn.execute(PAIR_SQL, (min_similarity, min_shared)).fetchall()
    out, ids = [], sorted(set(para_ids))
    for i in range(0, len(ids), 400):
        part = ids[i:i + 400]
        marks = ",".join("?" * len(part))
        out += conn.execute(f"{PAIR_SQL} AND a IN ({marks})",
                            (min_similarity, min_shared, *part)).fetchall()
        out += conn.execute(f"{PAIR_SQL} AND b IN ({marks}) AND a NOT IN ({marks})",
                            (min_similarity, min_shared, *part, *part)).fetchall()
    return out


def doc_ranges(conn) -> list[tuple]:
    """(first_para, last_para, doc_id, zone, short, date, year, title, level) of every document
    whose reuse results are current (done, and not indexed again since), by first_para: a
    paragraph's document is found by bisection, its number is id - first + 1 (a document's
    paragraph ids are consecutive, in reading order). Pairs left by a document removed or
    re-indexed since the last update fall outside every range and are not shown."""
    if not exists(conn):
        return []
    return sorted(conn.execute(
        "SELECT d.first_para, d.last_para, d.doc_id, d.zone, d.short, d.date, d.year, "
        "d.title, d.level FROM docs d JOIN reuse_docs r ON r.doc_id = d.doc_id AND r.first_para = "
        "d.first_para AND r.last_para = d.last_para AND r.chars = d.chars").fetchall())


def texts(conn, ids) -> dict[int, str]:
    out: dict[int, str] = {}
    ids = sorted(set(ids))
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        out.update(conn.execute(f"SELECT id, text FROM paras WHERE id IN "
                                f"({','.join('?' * len(part))})", part).fetchall())
    return out


def status(conn) -> dict:
    """How far reuse is computed: documents done of all, paragraphs signed, pairs."""
    total = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
    if not exists(conn):
        return {"docs": 0, "of": total, "signatures": 0, "pairs": 0}
    return {"docs": conn.execute("SELECT count(*) FROM reuse_docs").fetchone()[0], "of": total,
            "signatures": conn.execute("SELECT count(*) FROM reuse_sigs").fetchone()[0],
            "pairs": conn.execute("SELECT count(*) FROM reuse_pairs").fetchone()[0]}
