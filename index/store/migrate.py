"""Additive migrations: columns added to the schema after its version was released.

An older database gets them on its next opening for writing (connection.connect); its rows
read as "not known" there until they are indexed again, and reading code falls back to the
old columns on a database opened read-only before that (store/library.py).
"""

from __future__ import annotations

import sqlite3

# Columns added after SCHEMA_VERSION 5 was released: an older database gets them on its next
# opening for writing (its rows then read as "not known"), so it still opens and is not rebuilt.
ADDED_COLUMNS = {"docs": (("date_kind", "TEXT"), ("dates", "TEXT"))}
COLUMN_TYPES = {t: {name: str for name, _ in cols} for t, cols in ADDED_COLUMNS.items()}


def add_columns(conn: sqlite3.Connection) -> None:
    """Add the ADDED_COLUMNS a database lacks (an additive migration, idempotent)."""
    for table, cols in ADDED_COLUMNS.items():
        have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        for name, kind in cols:
            if name not in have:
                try:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
                except sqlite3.OperationalError as exc:  # another process added it first
                    if "duplicate column" not in str(exc).lower():
                        raise
