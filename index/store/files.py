"""Small reads and writes of a database by its path, outside a Corpus: a meta value set by
the sample bootstrap, and the files a database of another version had indexed (read with
no version check, to rebuild it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.store.connection import connect


def set_meta_value(path: str | Path, key: str, value: str) -> None:
    """Set a meta value in the database at path (opened for writing, then closed)."""
    conn = connect(path, write=True)
    try:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
    finally:
        conn.close()


def indexed_paths(path: str | Path) -> list[str]:
    """The files indexed into the database at path, read without any version check (for
    rebuilding a database made by another version); [] when it cannot be read."""
    try:
        raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        return [p for (p,) in raw.execute("SELECT path FROM files WHERE status = 'ok'")]
    except sqlite3.DatabaseError:
        return []
    finally:
        raw.close()
