"""Damage that SQLite's quick_check does not see (issue 25 item 11).

- The full-text tables: FTS5's own 'integrity-check' (damage inside the index passes
  quick_check, and `index` wrote into it with exit 0). Run before `index` writes (after
  quick_check, up to FTS_CHECK_BYTES) and by `main.py check`.
- The paragraphs' text: a CRC-32 of each paragraph is kept beside it (para_sums, written
  with the paragraph); what search and kwic display is checked against it, so a flipped
  page in the paragraphs table is reported ("damaged …"), not served as results. A database
  made before para_sums has no sums: nothing to check, until its files are indexed again.

Imports nothing of the store: connection.py raises the errors.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable

from index.store import schema

# FTS5's integrity-check reads the whole index (about 35 ms a MB): before writing, it runs
# up to this size of database (about 2 s); `main.py check` runs it at any size.
FTS_CHECK_BYTES = 64 * 2**20


def crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def ensure_sums(conn: sqlite3.Connection) -> None:
    """The para_sums table, made in a database of ours that lacks it (opened for writing)."""
    schema.create(conn, schema.PARA_SUMS)


def write_sums(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    conn.executemany("INSERT OR REPLACE INTO para_sums (id, crc) VALUES (?, ?)",
                     ((pid, crc(text)) for pid, text in rows))


def delete_sums(conn: sqlite3.Connection, first: int | None, last: int | None) -> None:
    if first is not None and last is not None:
        conn.execute("DELETE FROM para_sums WHERE id BETWEEN ? AND ?", (first, last))


def _has_sums(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                        "name = 'para_sums'").fetchone() is not None


def mismatched(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> list[int]:
    """Ids among rows (paragraph id, the text read) whose text is not what was written (a
    paragraph without a sum is not checked)."""
    rows = list(rows)
    if not rows or not _has_sums(conn):
        return []
    sums: dict[int, int] = {}
    ids = sorted({pid for pid, _ in rows})
    for at in range(0, len(ids), 500):
        part = ids[at:at + 500]
        sums.update(conn.execute(f"SELECT id, crc FROM para_sums WHERE id IN "
                                 f"({','.join('?' * len(part))})", part).fetchall())
    return sorted({pid for pid, text in rows if pid in sums and sums[pid] != crc(text)})


def all_mismatched(conn: sqlite3.Connection, most: int = 20) -> tuple[list[int], int]:
    """(up to `most` ids of paragraphs whose text does not match its sum, paragraphs
    checked): every paragraph, read in id order."""
    if not _has_sums(conn):
        return [], 0
    bad: list[int] = []
    checked = 0
    for pid, text, want in conn.execute(
            "SELECT p.id, p.text, s.crc FROM paras p JOIN para_sums s ON s.id = p.id"):
        checked += 1
        if crc(text or "") != want and len(bad) < most:
            bad.append(pid)
    return bad, checked


def fts_errors(conn: sqlite3.Connection) -> list[str]:
    """FTS5's integrity-check of the full-text tables (needs a connection that may write:
    the check is an INSERT command, it changes nothing)."""
    errors = []
    for name in ("para_fts", "sec_fts"):
        try:
            conn.execute(f"INSERT INTO {name}({name}, rank) VALUES('integrity-check', 0)")
        except sqlite3.OperationalError as exc:
            # another process is writing (an index run holding the lock): the check cannot
            # run now, which says nothing of damage; the next opening checks again
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                return []
            errors.append(f"{name}: {exc}")
        except sqlite3.DatabaseError as exc:
            errors.append(f"{name}: {exc}")
    return errors
