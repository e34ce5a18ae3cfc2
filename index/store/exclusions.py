"""The user's theme exclusions: an expression, or one passage, taken out of a theme.

  theme_exclusions  (theme, expr, doc_id, para, created): expr set, doc_id/para empty: the
                    expression (or any longer string containing a theme expression, such
                    as 招商局) no longer counts for the theme; doc_id and para set, expr
                    empty: that paragraph (its number in its document) is not a passage of
                    the theme

User work, not derived data: re-indexing never touches the table (index/store/ingest.py
writes documents, paragraphs and theme matches only), and a passage is named by its
document id and paragraph number, which stay put when the same file is indexed again. The
table is made on the first exclusion, so a database made before it needs no rebuild; reads
of a database without it find none. SQL only: index/compare/api.py applies them.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from index.store import schema


def _exists(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                        "AND name = 'theme_exclusions'").fetchone() is not None


def add(conn: sqlite3.Connection, theme: str, expr: str = "", doc_id: str = "",
        para: int = 0) -> bool:
    """Record an exclusion (in its own transaction); False if it was there already."""
    with conn:
        schema.create(conn, schema.THEME_EXCLUSIONS)
        cur = conn.execute(
            "INSERT OR IGNORE INTO theme_exclusions (theme, expr, doc_id, para, created) "
            "VALUES (?, ?, ?, ?, ?)", (theme, expr, doc_id, para,
                                       datetime.now(timezone.utc).isoformat(timespec="seconds")))
        return cur.rowcount > 0


def remove(conn: sqlite3.Connection, theme: str, expr: str = "", doc_id: str = "",
           para: int = 0) -> bool:
    """Take an exclusion back; False if there was none."""
    if not _exists(conn):
        return False
    with conn:
        cur = conn.execute("DELETE FROM theme_exclusions WHERE theme = ? AND expr = ? "
                           "AND doc_id = ? AND para = ?", (theme, expr, doc_id, para))
        return cur.rowcount > 0


def listed(conn: sqlite3.Connection, theme: str | None = None) -> list[dict]:
    """Every exclusion (of one theme), oldest first."""
    if not _exists(conn):
        return []
    sql = "SELECT theme, expr, doc_id, para, created FROM theme_exclusions"
    rows = conn.execute(sql + (" WHERE theme = ?" if theme else "") + " ORDER BY created, "
                        "theme, expr, doc_id, para", (theme,) if theme else ())
    return [{"theme": t, "expr": e, "doc_id": d, "para": p, "created": c}
            for t, e, d, p, c in rows]


def has_para(conn: sqlite3.Connection, doc_id: str, para: int) -> bool:
    """True when the document exists and has a paragraph numbered para."""
    row = conn.execute("SELECT first_para, last_para FROM docs WHERE doc_id = ?",
                       (doc_id,)).fetchone()
    if not row or row[0] is None:
        return False
    return conn.execute("SELECT 1 FROM paras WHERE id BETWEEN ? AND ? AND seq = ?",
                        (row[0], row[1], para)).fetchone() is not None


def para_ids(conn: sqlite3.Connection, pairs) -> set[int]:
    """The paragraph ids of (doc_id, para) pairs that exist."""
    out = set()
    for doc_id, para in pairs:
        row = conn.execute("SELECT p.id FROM docs d JOIN paras p ON p.id BETWEEN d.first_para "
                           "AND d.last_para WHERE d.doc_id = ? AND p.seq = ?",
                           (doc_id, para)).fetchone()
        if row:
            out.add(row[0])
    return out


def by_theme(conn: sqlite3.Connection) -> dict[str, tuple[list[str], frozenset]]:
    """{theme: ([excluded expressions], frozenset of (doc_id, para))}."""
    out: dict[str, tuple[list[str], set]] = {}
    for row in listed(conn):
        exprs, paras = out.setdefault(row["theme"], ([], set()))
        if row["expr"]:
            exprs.append(row["expr"])
        else:
            paras.add((row["doc_id"], row["para"]))
    return {t: (e, frozenset(p)) for t, (e, p) in out.items()}
