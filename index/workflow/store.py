"""The user tables: created on first write, read as empty before, carried over a rebuild.

  workflow_meta   key/value: the tables' version, the revision (counted up by every write,
                  so that views know to refresh) and the generation segments were last
                  anchored at
  codes           the codebook, a tree: id, parent (NULL at the top), name (unique),
                  description, colour (#rrggbb), key (a shortcut), guid (REFI-QDA), position
  coded           coded segments: code, the document as a file path + its key in the file (a
                  dataset row) + the sha1 of its paragraphs' text when last anchored, the
                  doc_id and paragraph (seq) it is on now, start and end (characters in the
                  paragraph), the segment's text and 40 characters of context each side (for
                  re-anchoring), status (ok, moved, fuzzy, orphaned), score, created, guid
  memos           target kind (passage, document, zone, code, theme) and target, for a
                  passage or document also its file path and key and the paragraph's text;
                  text, created, updated, status (a passage memo: ok, moved, fuzzy, orphaned)
  doc_sets        named document sets: a definition (zones, years, levels, docs, query, as
                  JSON) and the doc_ids it resolved to at a generation
  saved_searches  a name, a query and the view it is for (search, kwic, compare)
  app_state       key/value (JSON): where the app was left

Nothing here is derived from the files: indexing never touches these tables, and
bootstrap.rebuild() copies them into the new database (carry_over).
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from index.store import schema
from index.store.connection import connect, write_transaction

VERSION = "1"
TABLES = ("workflow_meta", "codes", "coded", "memos", "doc_sets", "saved_searches",
          "app_state", "theme_exclusions")


def now() -> str:
    """The time a row is written: ISO 8601, UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def exists(conn: sqlite3.Connection) -> bool:
    """Have the user tables been made in this database (by a first write)?"""
    names = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name IN "
        f"({', '.join('?' for _ in TABLES)})", TABLES)}
    return names == set(TABLES)


def ensure(conn: sqlite3.Connection) -> None:
    """Create the tables that are missing (inside a write transaction): an existing
    database gains them on its first write of user work."""
    schema.create(conn, schema.USER_WORK)  # index/store/schema.py, "user work"
    conn.execute("INSERT OR IGNORE INTO workflow_meta VALUES ('version', ?)", (VERSION,))


@contextmanager
def writing(path: str | Path):
    """A write connection to the database at path, its user tables made, inside one
    transaction that leaves the documents' generation as it is (user work is not document
    content: the search caches stay valid) and counts up the workflow revision."""
    conn = connect(path, write=True)
    try:
        with write_transaction(conn, documents=False):
            ensure(conn)
            yield conn
            conn.execute("INSERT INTO workflow_meta VALUES ('revision', '1') ON CONFLICT(key) "
                         "DO UPDATE SET value = CAST(value AS INTEGER) + 1")
    finally:
        conn.close()


def revision(conn: sqlite3.Connection) -> int:
    """How many writes of user work this database has seen (0 before the first)."""
    if not exists(conn):
        return 0
    row = conn.execute("SELECT value FROM workflow_meta WHERE key = 'revision'").fetchone()
    return int(row[0]) if row else 0


def meta_get(conn: sqlite3.Connection, key: str) -> str | None:
    if not exists(conn):
        return None
    row = conn.execute("SELECT value FROM workflow_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def meta_set(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO workflow_meta VALUES (?, ?)", (key, value))


# -- carrying the tables over a rebuild --------------------------------------------------

def read_all(path: str | Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """{table: (columns, rows)} of every user table in the database file at path, read with
    plain SQLite (the file may be of another duizhao version, which connect() refuses);
    {} when it has none or cannot be read."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{path.absolute()}?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    out = {}
    try:
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in TABLES:
            if table in present:
                cur = conn.execute(f"SELECT * FROM {table}")
                out[table] = ([d[0] for d in cur.description], cur.fetchall())
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    return out


def write_all(path: str | Path, data: dict[str, tuple[list[str], list[tuple]]]) -> int:
    """Put user tables read by read_all into the database at path (made by this version):
    the columns both versions have, in one transaction. Returns the rows written."""
    if not any(rows for _, rows in data.values()):
        return 0
    written = 0
    with writing(path) as conn:
        for table in TABLES:
            if table not in data:
                continue
            columns, rows = data[table]
            now_cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            keep = [i for i, c in enumerate(columns) if c in now_cols]
            if not keep or not rows:
                continue
            names = ", ".join(columns[i] for i in keep)
            marks = ", ".join("?" for _ in keep)
            conn.executemany(f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})",
                             [tuple(r[i] for i in keep) for r in rows])
            written += len(rows)
        # the segments are anchored again against the rebuilt documents on first read
        conn.execute("DELETE FROM workflow_meta WHERE key = 'anchored'")
    return written


def aside_path(path: str | Path) -> Path:
    return Path(f"{path}.user-work.json")


def keep_aside(path: str | Path) -> Path | None:
    """Before the database at path is deleted to be rebuilt: write its user tables to a
    JSON file beside it (with those of an earlier rebuild that did not finish); the file,
    or None when there is no user work."""
    import json

    aside = aside_path(path)
    data = read_all(path)
    if aside.exists():  # a rebuild that stopped before bring_back: its tables first
        try:
            earlier = json.loads(aside.read_text(encoding="utf-8"))
            data = {**{t: (c, [tuple(r) for r in rows]) for t, (c, rows) in earlier.items()},
                    **{t: v for t, v in data.items() if v[1]}}
        except (OSError, ValueError):
            pass
    if not any(rows for _, rows in data.values()):
        return None
    tmp = aside.with_suffix(".tmp")
    tmp.write_text(json.dumps({t: [c, [list(r) for r in rows]] for t, (c, rows) in data.items()},
                              ensure_ascii=False), encoding="utf-8")
    tmp.replace(aside)
    return aside


def bring_back(path: str | Path, aside: Path) -> int:
    """Copy the user tables kept aside into the (rebuilt) database at path, then remove the
    file; returns the rows copied."""
    import json

    data = json.loads(aside.read_text(encoding="utf-8"))
    n = write_all(path, {t: (c, [tuple(r) for r in rows]) for t, (c, rows) in data.items()})
    aside.unlink(missing_ok=True)
    return n
