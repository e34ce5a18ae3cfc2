"""What a --db file is (issue 25): a FIFO or a device would hang SQLite's open (checked
before, by stat); a text file (a CSV, /etc/passwd) is not ours and must never be called
"damaged … delete it" (checked after SQLite says "not a database"). Sentences, or None."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAGIC = b"SQLite format 3\x00"


def foreign_file(path: Path) -> str | None:
    """Why the file at path cannot be opened as a database (None: SQLite may open it): a
    FIFO, a device. Only stat()ed, never opened: closing any descriptor of a file drops
    every POSIX lock this process holds on it, SQLite's included (a reader's lock lost
    lets a writer delete the WAL under it: "database disk image is malformed")."""
    from index.load.guard import kind

    try:
        st = os.stat(path)
    except OSError:
        return None  # missing: said by the caller (or made, for indexing)
    if not stat.S_ISREG(st.st_mode):
        return (f"{path} is {kind(st.st_mode)}, not a database file: give a database file "
                f"to --db")
    return None


def not_sqlite(path: Path) -> str | None:
    """Once SQLite has said "file is not a database" (so no connection of ours holds it):
    what the file is, when not an SQLite file at all — a text file (a CSV, /etc/passwd) is
    not ours and must never be called "damaged … delete it"."""
    try:
        if os.stat(path).st_size == 0:
            return None
    except OSError:
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None  # SQLite says what it is (permission …)
    if head.startswith(MAGIC):
        return None
    if _text(head):
        return (f"{path} is a text file, not a duizhao database; nothing was changed in it; "
                f"give --db a duizhao database, or a new file name to build one")
    return (f"{path} is not an SQLite file, so not a duizhao database (or one damaged beyond "
            f"use); nothing was changed in it. If it was a duizhao database, delete it and "
            f"rebuild with `main.py index PATH --db {path}`")


def _text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        return e.start >= len(head) - 4  # cut inside a character at the end
