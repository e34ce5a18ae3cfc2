"""The SQLite store: schema, opening with clear errors, and the few writes every path shares.

Layout (one database file, WAL mode):
  files     one row per source file: fingerprint (size, mtime, sha1, manifest) and status
  docs      one row per document (a dataset file has one per row) and its metadata; the
            original text is not copied: it is read again from the file (sha1-checked)
  sections  the heading tree, each with the paragraph-id range it spans; a paragraph's
            heading path is the titles of its section and that section's ancestors
  paras     paragraphs in reading order; a document's paragraph ids are consecutive
  para_fts  contentless FTS5 over each paragraph's folded text: g holds its bigrams, u each
            occurrence of a frequent character alone, m its document's zone and year tokens
            (index/store/facets.py); no per-row sizes (columnsize=0): the rowid is
            paras.id << 5 | length class, which is what ranking reads (index/search/rank.py)
  sec_fts   the same over section titles (rowid = sections.id), for the heading boost; it
            keeps no per-row sizes (columnsize=0): it is matched, never ranked
  theme_keys, theme_hits, theme_docs  each lexicon theme's matching paragraphs and mention counts,
            kept in step by every write (index/store/themehits.py)
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

from index.store import themehits
from index.text.normal import FOLD_VERSION

SCHEMA_VERSION = "5"
# Every character but separators is a token character: a bigram is always one token.
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* C*'"
BUSY_TIMEOUT_MS = 5000
OUR_TABLES = ("files", "docs", "sections", "paras", "para_fts", "sec_fts", "theme_keys",
              "theme_hits", "theme_docs", "sqlite_")


class StoreError(Exception):
    """A database that cannot be used; the message says which file and what to do."""


class OtherVersionError(StoreError):
    """A healthy duizhao database built by another version: rebuild it from its files."""


def connect(path: str | Path, *, write: bool = False) -> sqlite3.Connection:
    """Open the database with WAL, a bounded lock wait, and errors turned into StoreError."""
    path = Path(path)
    if not write and not path.exists():
        raise StoreError(f"no database at {path}: build it with `main.py index PATH --db {path}`")
    try:
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
            # Chinese text takes 2 bytes a character in UTF-16, 3 in UTF-8. Only takes effect
            # on a new, empty file.
            conn.execute("PRAGMA encoding = 'UTF-16le'")
        else:
            uri = f"file:{path}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if write:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode.lower() != "wal":
                conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA cache_size=-32000")
        _check(conn, path, write)
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain(exc, path)) from None
    return conn


def explain(exc: Exception, path: Path) -> str:
    """A user-facing sentence for an SQLite error on the database at path."""
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return (f"the database {path} is locked by another process "
                f"(waited {BUSY_TIMEOUT_MS // 1000} s); try again when it has finished")
    if "not a database" in low or "malformed" in low or "corrupt" in low or "disk image" in low:
        return (f"the database {path} is damaged ({msg}); delete it and rebuild with "
                f"`main.py index PATH --db {path}`")
    if "readonly" in low or "read-only" in low:
        return f"the database {path} is read-only: searching works, indexing cannot write to it"
    if "unable to open" in low:
        return f"cannot open the database {path} ({msg})"
    return f"database error in {path}: {msg}"


def _check(conn: sqlite3.Connection, path: Path, write: bool) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "meta" not in tables:
        # No meta row set yet: empty, or a schema creation that was interrupted.
        if write and all(t.startswith(OUR_TABLES) for t in tables):
            for t in ("para_fts", "sec_fts", "paras", "sections", "docs", "files", "theme_hits",
                      "theme_docs", "theme_keys"):
                conn.execute(f"DROP TABLE IF EXISTS {t}")
            create_schema(conn)
            return
        raise StoreError(f"{path} is not a duizhao database (no meta table); "
                         f"index into a new file instead")
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    if meta.get("schema") != SCHEMA_VERSION or meta.get("fold") != FOLD_VERSION:
        raise OtherVersionError(f"the database {path} was built by another version of duizhao "
                         f"(schema {meta.get('schema')}, fold {meta.get('fold')}); delete it and "
                         f"rebuild with `main.py index PATH --db {path}`")


def create_schema(conn: sqlite3.Connection) -> None:
    """Tables, indexes and the full-text tables, set up through sqlite-utils."""
    import sqlite_utils  # only when creating: it is slow to import

    db = sqlite_utils.Database(conn)
    # The meta rows go in last: without them a half-made schema is recreated on next open.
    db["files"].create({"path": str, "size": int, "mtime": float, "sha1": str,
                        "manifest": str, "status": str, "reason": str, "docs": int,
                        "indexed_at": str}, pk="path")
    db["docs"].create({"doc_id": str, "path": str, "key": str, "fmt": str, "encoding": str,
                       "zone": str, "short": str, "title": str, "date": str, "year": int,
                       "doc_number": str, "source": str, "note": str, "chars": int,
                       "paragraphs": int, "first_para": int, "last_para": int},
                      pk="doc_id")
    db["docs"].create_index(["path"])
    db["docs"].create_index(["zone"])
    db["sections"].create({"id": int, "doc_id": str, "idx": int, "parent": int,
                           "level": int, "number": str, "title": str,
                           "first_para": int, "last_para": int}, pk="id")
    db["sections"].create_index(["doc_id", "idx"], unique=True)
    # A document's paragraphs are found by id range (docs.first_para..last_para): no index.
    db["paras"].create({"id": int, "doc_id": str, "seq": int, "kind": str, "section": int,
                        "text": str}, pk="id")
    for name, columns in (("para_fts", "g, u, m"), ("sec_fts", "g")):
        conn.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, content='', "
                     f"columnsize=0, tokenize=\"{TOKENIZE}\")")
        # A larger in-memory hash and fewer merges make bulk indexing about 2x faster.
        conn.execute(f"INSERT INTO {name}({name}, rank) VALUES('hashsize', {32 * 2**20})")
        conn.execute(f"INSERT INTO {name}({name}, rank) VALUES('automerge', 16)")
    themehits.create(conn)
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["meta"].insert_all([{"key": "schema", "value": SCHEMA_VERSION},
                           {"key": "fold", "value": FOLD_VERSION},
                           {"key": "created", "value": uuid.uuid4().hex}])


@contextmanager
def write_transaction(conn: sqlite3.Connection):
    """All or nothing: a process killed inside leaves the database as it was before. Each one
    counts up meta.generation, by which readers know their cached document list is stale."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT(key) "
                     "DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        conn.execute("COMMIT")
    except BaseException:
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
    errors = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    for name in ("para_fts", "sec_fts"):
        try:
            conn.execute(f"INSERT INTO {name}({name}, rank) VALUES('integrity-check', 0)")
        except sqlite3.DatabaseError as exc:
            errors.append(f"{name}: {exc}")
    return errors


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
