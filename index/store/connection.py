"""The SQLite store: schema, opening with clear errors, and the few writes every path shares.

Layout (one database file, WAL mode):
  files     one row per source file: fingerprint (size, mtime, sha1, manifest) and status
  docs      one row per document (a dataset file has one per row), its metadata, provenance
            and dates as JSON (index/meta/resolve.py, events.py; migrate.py adds new columns);
            the text is not copied: it is read again from the file (sha1-checked)
  sections  the heading tree, each with the paragraph-id range it spans; a paragraph's
            heading path is the titles of its section and that section's ancestors
  paras     paragraphs in reading order; a document's paragraph ids are consecutive
  para_fts  contentless FTS5 over each paragraph's folded text: g holds its bigrams, u each
            occurrence of a frequent character alone, m its document's zone and year tokens
            and level tokens (index/store/facets.py); no per-row sizes (columnsize=0): the rowid is
            paras.id << 5 | length class, which is what ranking reads (index/search/rank.py)
  sec_fts   the same over section titles (rowid = sections.id), for the heading boost; it
            keeps no per-row sizes (columnsize=0): it is matched, never ranked
  theme_keys, theme_hits, theme_docs  each lexicon theme's matching paragraphs and mention counts,
            kept in step by every write (index/store/themehits.py)
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from index.store import migrate, verify
from index.store.schema import SCHEMA_VERSION, create_documents
from index.store.sniff import foreign_file, not_sqlite
from index.text.normal import FOLD_VERSION

# Written into the file header (PRAGMA application_id) with the schema, in the same
# transaction: a file carrying it was made by duizhao; any other file is left alone.
APPLICATION_ID = 0x44555A48  # "DUZH"
BUSY_TIMEOUT_MS = 5000
OUR_TABLES = ("files", "docs", "sections", "paras", "meta")  # those a duizhao schema must have
# PRAGMA quick_check reads every page: on opening for writing it runs up to this size (about
# a second); a larger file is checked by the errors SQLite raises as it reads.
QUICK_CHECK_BYTES = 512 * 2**20


class StoreError(Exception):
    """A database that cannot be used; the message says which file and what to do.
    Raised by indexing, `report` is what the run had committed before it stopped."""

    report: Any = None  # an ingest.IndexReport (store.ingest imports this module)


class OtherVersionError(StoreError):
    """A healthy duizhao database built by another version: rebuild it from its files."""


class DamagedError(StoreError):
    """A database whose pages are damaged: nothing is written into it."""


def connect(path: str | Path, *, write: bool = False) -> sqlite3.Connection:
    """Open the database with WAL, a bounded lock wait, and errors turned into StoreError.

    For reading, a database on read-only media (no -shm file can be made beside it) is
    opened as immutable. For writing, a new file gets the schema under a write lock (a
    second indexer waits for the first), and a file duizhao did not make is refused."""
    path = Path(path)
    if str(path) == "":
        raise StoreError("empty database path: give a file name with --db")
    if (why := foreign_file(path)) or (not write and not path.exists()):
        raise StoreError(why or f"no database at {path}: build it with `main.py index PATH --db {path}`")
    if write:
        _writable_folder(path)
    try:
        conn = _open(path, write)
        _check(conn, path, write)
        if write:
            _journal(conn)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) and (why := not_sqlite(path)):
            raise StoreError(why) from None  # a text file: not ours, not "damaged"
        kind = DamagedError if is_damage(exc) else StoreError
        raise kind(explain(exc, path)) from None
    return conn


def _writable_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot make the folder of the database {path} "
                         f"({exc.strerror or exc}); choose another --db") from None
    if not path.exists():
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"cannot create the database {path}: its folder is not writable; "
                             f"choose another --db")
    elif not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        # SQLite needs the file and, for its journal, the folder
        raise StoreError(f"the database {path} is read-only (the file or its folder cannot be "
                         f"written): searching works, indexing cannot write to it")


def _open(path: Path, write: bool) -> sqlite3.Connection:
    if write:
        new = not path.exists() or path.stat().st_size == 0
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        # Chinese text takes 2 bytes a character in UTF-16, 3 in UTF-8. Only takes effect
        # on a new, empty file.
        conn.execute("PRAGMA encoding = 'UTF-16le'")
        if new:  # (on an existing file the pragma rewrites its header when closed)
            # Free pages (left by full-text segment merges, about 10 % of a new database)
            # are given back at the end of an index run (reclaim).
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    else:
        conn = _open_read(path)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA cache_size=-32000")
    return conn


def _journal(conn: sqlite3.Connection) -> None:
    """WAL for writing (only once the file is known to be ours: it changes the header)."""
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal":
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=NORMAL")


def _open_read(path: Path) -> sqlite3.Connection:
    """mode=ro; on read-only media, where SQLite cannot make the -shm file a WAL database
    needs, immutable=1 (nothing can change the file there)."""
    quoted = quote(str(path.absolute()))
    conn = sqlite3.connect(f"file:{quoted}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                           isolation_level=None, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc).lower() and "readonly" not in str(exc).lower():
            raise
        conn.close()
    return sqlite3.connect(f"file:{quoted}?mode=ro&immutable=1", uri=True,
                           isolation_level=None, check_same_thread=False)


def explain(exc: Exception, path: Path) -> str:
    """A user-facing sentence for an SQLite error on the database at path."""
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return (f"the database {path} is locked by another process "
                f"(waited {BUSY_TIMEOUT_MS // 1000} s); try again when it has finished")
    if is_damage(exc):
        return damaged_message(path, msg)
    if "full" in low and ("disk" in low or "database" in low):
        return (f"disk full: the database {path} cannot grow (or reached its size limit); "
                f"free some space and run the same command again")
    if "readonly" in low or "read-only" in low:
        return f"the database {path} is read-only: searching works, indexing cannot write to it"
    if "unable to open" in low:
        return f"cannot open the database {path} ({msg})"
    if "disk i/o" in low:
        return f"cannot read or write the database {path} (disk I/O error)"
    return f"database error in {path}: {msg}"


def is_damage(exc: Exception) -> bool:
    return any(w in str(exc).lower() for w in ("not a database", "malformed", "corrupt",
                                                "disk image"))


def is_environmental(exc: Exception) -> bool:
    """An SQLite error from the file or its medium (damage, lock, full disk, read-only,
    I/O), not from a statement: the ones a user must be told about in words."""
    low = str(exc).lower()
    return is_damage(exc) or any(w in low for w in (
        "locked", "busy", "full", "readonly", "read-only", "unable to open", "disk i/o"))


def damaged_message(path: Path, detail: str = "") -> str:
    why = f" ({detail})" if detail else ""
    return (f"the database {path} is damaged{why}; nothing was written to it. Delete it and "
            f"rebuild with `main.py index PATH --db {path}`")


@contextmanager
def reporting(path: str | Path):
    """Turn an SQLite error from the file or its medium into a StoreError naming the file
    (a statement error, a bug, is left as it is)."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if not is_environmental(exc):
            raise
        cls = DamagedError if is_damage(exc) else StoreError
        raise cls(explain(exc, Path(path))) from None


def store_errors(method):
    """A method of an object with a `path` whose SQLite errors from the file or its medium
    surface as a StoreError naming the file and what to do (see reporting)."""
    import functools

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        with reporting(self.path):
            return method(self, *args, **kwargs)
    return wrapped


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _empty(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def _check(conn: sqlite3.Connection, path: Path, write: bool, again: bool = False) -> None:
    """Is this a duizhao database of this version? An empty file opened for writing gets the
    schema; anything not made by duizhao is refused, never changed."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = _tables(conn)
    if app_id not in (0, APPLICATION_ID):
        raise StoreError(f"{path} is not a duizhao database (application id {app_id:#x}); "
                         f"nothing was changed in it; index into a new file instead")
    if app_id == 0 and _empty(conn):
        if not write:
            raise StoreError(f"{path} is empty, not a duizhao database yet: build it with "
                             f"`main.py index PATH --db {path}`")
        if not again and _create_locked(conn):
            return
        return _check(conn, path, write, again=True)
    if not set(OUR_TABLES) <= tables or not _meta_is_ours(conn):
        if app_id == APPLICATION_ID:
            raise DamagedError(damaged_message(path, "tables are missing"))
        raise StoreError(f"{path} is not a duizhao database (no duizhao schema in it: "
                         f"{', '.join(sorted(tables)[:5]) or 'no tables'}); nothing was "
                         f"changed in it; index into a new file instead")
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    if meta.get("schema") != SCHEMA_VERSION or meta.get("fold") != FOLD_VERSION:
        raise OtherVersionError(f"the database {path} was built by another version of duizhao "
                         f"(schema {meta.get('schema')}, fold {meta.get('fold')}); delete it and "
                         f"rebuild with `main.py index PATH --db {path}`")
    if write:
        _quick_check(conn, path)
        verify.ensure_sums(conn)
        migrate.add_columns(conn)
        if app_id == 0:  # made by duizhao before the marker existed: mark it now
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _meta_is_ours(conn: sqlite3.Connection) -> bool:
    try:
        keys = {k for (k,) in conn.execute("SELECT key FROM meta")}
    except sqlite3.OperationalError:  # a table named meta with other columns
        return False
    return {"schema", "fold", "created"} <= keys


def _create_locked(conn: sqlite3.Connection) -> bool:
    """Create the schema in one write transaction; False when another process made it
    while this one waited for the lock (then the caller checks what it made)."""
    with write_transaction(conn, documents=False):  # a second indexer waits here
        if not _empty(conn):
            return False
        create_schema(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return True


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse to write into a damaged file: SQLite's quick_check where it is cheap."""
    try:
        size = path.stat().st_size
    except OSError:
        return
    if size > QUICK_CHECK_BYTES:
        return
    rows = [line for r in conn.execute("PRAGMA quick_check(5)") for line in r[0].splitlines()
            if line.strip() and not line.startswith("***")]
    if rows != ["ok"]:
        raise DamagedError(damaged_message(path, f"quick_check: {rows[0][:100]}"))
    fts = verify.fts_errors(conn) if size <= verify.FTS_CHECK_BYTES else []  # passes quick_check
    if fts:
        raise DamagedError(damaged_message(path, f"full-text index: {fts[0][:100]}"))


def create_schema(conn: sqlite3.Connection) -> None:
    """The document tables, the full-text tables and the theme matches (store/schema.py),
    and the paragraphs' checksums (store/verify.py)."""
    create_documents(conn, FOLD_VERSION)
    verify.ensure_sums(conn)


def reclaim(conn: sqlite3.Connection, least: float = 0.02) -> int:
    """Give the database's free pages back to the file system when they are more than
    `least` of it (a database made before auto_vacuum keeps them); the bytes given back."""
    pages, free = (conn.execute(f"PRAGMA {p}").fetchone()[0]
                   for p in ("page_count", "freelist_count"))
    mode = conn.execute("PRAGMA auto_vacuum").fetchone()[0]
    if mode != 2 or not pages or free / pages < least:  # 2: incremental
        return 0
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.executescript("PRAGMA incremental_vacuum;")  # execute() would free one page only
    return (free - conn.execute("PRAGMA freelist_count").fetchone()[0]) * size


@contextmanager
def write_transaction(conn: sqlite3.Connection, documents: bool = True):
    """All or nothing: a process killed inside leaves the database as it was before. Each one
    that changes documents counts up meta.generation, by which readers know their caches
    (document list, word units, frequent-term pages, an app's views) are stale;
    documents=False for writes of data derived from them (the reuse tables), which leave
    those caches valid."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        if documents:
            conn.execute("INSERT INTO meta (key, value) VALUES ('generation', '1') ON "
                         "CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on a full disk or I/O error
            conn.execute("ROLLBACK")
        raise


def db_file(conn: sqlite3.Connection) -> str:
    """The file of the connection's main database ("" in memory)."""
    return next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "") or ""


def generation(conn: sqlite3.Connection) -> tuple[str, ...]:
    """(database file, its creation id, write count): equal keys mean the same contents."""
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('created', 'generation')"))
    return db_file(conn), meta.get("created", ""), meta.get("generation", "0")


def integrity_errors(conn: sqlite3.Connection) -> list[str]:
    """SQLite's and FTS5's own integrity checks; an empty list means healthy."""
    return [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"] + \
        verify.fts_errors(conn)


@contextmanager
def snapshot(conn: sqlite3.Connection):
    """A read transaction, so that every statement inside sees the same committed state."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    """A value of the meta table (schema, fold, created, generation, samples …)."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
