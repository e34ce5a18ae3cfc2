"""Indexing: files in, documents, sections and paragraphs out, in crash-safe batches.

Each batch of files is written in one transaction, so a run killed at any moment leaves the
previous state of every file intact; the next run finds the unfinished files changed (or new)
and completes the job. An unchanged file (same size and mtime, or same content hash, and the
same manifest) is skipped; a changed file replaces all its rows. A file's documents are
parsed one at a time as they are written (each file all or nothing: _write_batch), so a
dataset of thousands of rows never has them all parsed in memory at once.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from index.model import LoadError, RawDoc
from index.store import connection as store
from index.store import themehits
from index.store.report import IndexReport, Progress
from index.store.rows import delete_file_docs, file_key, insert_doc

__all__ = ["IndexReport", "Progress", "forget_files", "index_paths"]

BATCH_BYTES = 4 * 2**20
BATCH_FILES = 200
WRITER_WAIT_S = 600  # a batch waits this long for other indexers' batches (they take turns)


@dataclass
class _Prepared:
    path: str
    size: int
    mtime: float
    sha1: str
    manifest: str
    # Loaded, not yet parsed: each is parsed as it is written, so that a dataset of many
    # rows never has all its parsed documents in memory at once (docs/reliability.md).
    raws: list[RawDoc] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # why the file could not be indexed
    touch: bool = False  # same content under a new mtime: only the fingerprint changes
    keep_old: bool = False  # indexed fine before: kept if this version cannot be parsed
    shown: str = ""  # the path as the user gave it, for messages
    written: int = 0  # documents written


def index_paths(db_path: str | Path, paths: Iterable[str | Path], *, prune: bool = False,
                columns: dict[str, str] | None = None,
                progress: Callable[[Progress], None] | None = None,
                max_bytes: int = 200 * 2**20, follow_links: bool = False,
                themes: dict[str, tuple[re.Pattern, str | None]] | None = None
                ) -> IndexReport:
    """Index files and folders; themes (name -> (folded-text regex, full-text candidate
    expression), the lexicon) become the materialised themes first
    (index/store/themehits.py); None keeps the current ones."""
    from index.load.guard import bad_name, shown
    from index.load.loaders import SUPPORTED, walk

    started = time.perf_counter()
    report = IndexReport()
    explicit = {str(Path(p)) for p in paths}
    candidates: list[Path] = []
    for p in walk(paths, follow_links=follow_links, skipped=report.skipped):
        if (why := bad_name(p)) and (p.suffix.lower() in SUPPORTED or str(p) in explicit):
            report.errors.append((shown(p), why))  # SQLite cannot store it: named, skipped
        elif why:
            report.ignored.append(shown(p))
        elif p.suffix.lower() in SUPPORTED or str(p) in explicit:
            candidates.append(p)
        else:
            report.ignored.append(str(p))
    sizes = [_size(p) for p in candidates]
    conn = store.connect(db_path, write=True)
    try:
        if themes is not None:
            _in_turn(conn, lambda: themehits.sync(conn, themes))
        known = {r[0]: r for r in conn.execute(
            "SELECT path, size, mtime, sha1, manifest, status, reason FROM files")}
        batch: list[_Prepared] = []
        batch_bytes = done_bytes = 0
        wait: Callable[[float], None] | None = None
        if progress is not None:
            report_to = progress

            def wait(seconds: float) -> None:  # another index run holds the write lock
                report_to(Progress(0, len(candidates), done_bytes, sum(sizes), "", waiting=seconds))
        for n, (path, size) in enumerate(zip(candidates, sizes), 1):
            if progress:
                progress(Progress(n - 1, len(candidates), done_bytes, sum(sizes), str(path)))
            prepared = _prepare(path, known, report, columns, max_bytes,
                                follow_links or str(path) in explicit)
            done_bytes += size
            if prepared is not None:
                batch.append(prepared)
                batch_bytes += prepared.size
            if batch and (batch_bytes >= BATCH_BYTES or len(batch) >= BATCH_FILES):
                _write(conn, batch, report, wait)
                batch, batch_bytes = [], 0
        if batch:
            _write(conn, batch, report, wait)
        if prune:
            _prune(conn, report)
        try:
            store.reclaim(conn)
        except sqlite3.OperationalError as exc:  # another indexer's turn: it reclaims
            if "locked" not in str(exc).lower():
                raise
        if progress:
            progress(Progress(len(candidates), len(candidates), done_bytes, sum(sizes), ""))
    except sqlite3.DatabaseError as exc:
        raise _stopped(exc, Path(db_path), report, started) from None
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _stopped(exc: sqlite3.DatabaseError, db_path: Path, report: IndexReport,
             started: float) -> store.StoreError:
    """The error that stopped a run, saying what it had committed (each batch is all or
    nothing, so what is committed is whole and a rerun resumes after it)."""
    report.seconds = time.perf_counter() - started
    cls = store.DamagedError if store.is_damage(exc) else store.StoreError
    msg = store.explain(exc, db_path)
    if not store.is_damage(exc):
        msg += (f". {len(report.indexed)} file(s) ({report.docs} documents) were indexed and "
                f"committed before it stopped; run the same command again to resume")
    err = cls(msg)
    err.report = report
    return err


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _manifest_sig(path: Path) -> str:
    from index.meta.manifest import find_manifest

    m = find_manifest(path)
    return f"{m}:{m.stat().st_mtime_ns}" if m else ""


def _prepare(path: Path, known: dict, report: IndexReport, columns, max_bytes,
             follow: bool = True) -> _Prepared | None:
    """Load, parse and resolve one file, or record why not; None when there is nothing to
    write. Only a regular file is read; follow=False (a file found by the walk) refuses a
    link or another file swapped in since the walk (index/load/guard.py)."""
    from index.load.guard import sha1_of, stat_regular

    try:
        st = stat_regular(path, follow=follow)
    except LoadError as exc:
        report.errors.append((str(path), str(exc)))
        return None
    key = file_key(path) if follow else os.path.join(os.path.realpath(path.parent), path.name)
    try:
        manifest = _manifest_sig(path)
    except Exception as exc:  # noqa: BLE001 — a malformed manifest names itself
        report.errors.append((str(path), str(exc)))
        return None
    old = known.get(key)
    if old and old[1] == st.st_size and old[2] == st.st_mtime and old[4] == manifest:
        _remember_unchanged(old, path, report)
        return None
    try:
        sha1 = sha1_of(path, follow=follow, expect=st) if st.st_size <= max_bytes else ""
    except LoadError as exc:
        report.errors.append((str(path), str(exc)))
        return None
    if old and old[3] == sha1 and old[4] == manifest and st.st_size <= max_bytes:
        _remember_unchanged(old, path, report)
        return _Prepared(key, st.st_size, st.st_mtime, sha1, manifest, touch=True)
    prepared = _load_file(path, key, st, sha1, manifest, report, columns, max_bytes, follow)
    prepared.keep_old = bool(old and old[5] == "ok")
    if prepared.error and prepared.keep_old:
        _kept(prepared, report)
        return None
    return prepared


def _kept(prepared: _Prepared, report: IndexReport) -> None:
    """Keep the version indexed before rather than lose it; the next run tries again."""
    report.warnings.append((prepared.shown, "kept the previously indexed version"))


def _remember_unchanged(old: tuple, path: Path, report: IndexReport) -> None:
    if old[5] == "error":
        report.errors.append((str(path), old[6]))
    else:
        report.unchanged.append(str(path))


def _load_file(path, key, st, sha1, manifest, report, columns, max_bytes, follow=True
               ) -> _Prepared:
    from index.load.loaders import load

    prepared = _Prepared(key, st.st_size, st.st_mtime, sha1, manifest)
    prepared.shown = str(path)
    try:
        prepared.raws, warnings = load(path, columns=columns, max_bytes=max_bytes,
                                       follow=follow, expect=st)
        prepared.warnings.extend(warnings)
    except LoadError as exc:
        prepared.error = str(exc)
    except Exception as exc:  # noqa: BLE001 — a parser bug must not stop the run or lose the other files
        prepared.error = f"could not be parsed ({type(exc).__name__}: {exc})"
    if prepared.error:
        report.errors.append((str(path), prepared.error))
        prepared.raws = []
    report.warnings.extend((str(path), w) for w in prepared.warnings)
    return prepared


def _insert_file(conn, prep: _Prepared, report: IndexReport, cursor: list[int],
                 folded: dict[int, str], new_docs: list[tuple[int, int, str]]) -> str:
    """Parse and insert the file's documents one at a time (each freed once written);
    returns why nothing could be indexed ("" when something was). folded and new_docs
    collect the new paragraphs' folded text and (first, last, doc_id) for the themes."""
    from index.meta.resolve import resolve
    from index.text.structure import parse

    raws, prep.raws = prep.raws, []
    ndocs = sum(1 for r in raws if r.text.strip())
    raws.reverse()
    taken: set[str] = set()
    written = 0
    while raws:
        raw = raws.pop()
        try:
            parsed = parse(raw.text)
            if not any(p.text.strip() for p in parsed.paras):
                report.warnings.append((prep.shown, f"{_label(raw)}no text after cleaning, "
                                                    f"skipped"))
                continue
            meta = resolve(raw, parsed.title_lines)
        except Exception as exc:  # noqa: BLE001 — a parser bug must not stop the run or lose the other files
            return f"could not be parsed ({type(exc).__name__}: {exc})"
        raw.text = ""  # the paragraphs hold it now
        doc_id = _doc_id(conn, raw, ndocs, prep.path, taken)
        first, section = cursor
        cursor[0], cursor[1] = insert_doc(conn, doc_id, raw, parsed, meta, first, section, folded)
        if cursor[0] > first:
            new_docs.append((first, cursor[0] - 1, doc_id))
        report.docs += 1
        report.paragraphs += len(parsed.paras)
        written += 1
    prep.written = written
    return "" if written else "no readable text in it"


def _label(raw: RawDoc) -> str:
    return f"row {raw.key}: " if raw.key else ""


def _write(conn: sqlite3.Connection, batch: list[_Prepared], report: IndexReport,
           waiting: Callable[[float], None] | None = None) -> None:
    """Replace every file of the batch in one transaction; the report counts them only once
    it is committed. Another indexer holding the lock: wait in turn, up to WRITER_WAIT_S
    (each try waits busy_timeout; waiting(seconds) says so), then fail as locked."""
    done = IndexReport()
    _in_turn(conn, lambda: _write_batch(conn, batch, done), waiting)
    report.indexed.extend(done.indexed)
    report.errors.extend(done.errors)
    report.warnings.extend(done.warnings)
    report.docs += done.docs
    report.paragraphs += done.paragraphs
    report.bytes += done.bytes


def _in_turn(conn: sqlite3.Connection, write: Callable[[], object],
             waiting: Callable[[float], None] | None = None) -> None:
    """write() in one write transaction, taking turns with other indexers: while another
    holds the lock, try again (each try waits busy_timeout; waiting(seconds) says so) up to
    WRITER_WAIT_S, then fail as locked. Only the BEGIN can be busy: write() runs once."""
    waited = 0.0
    while True:
        began = False
        try:
            with store.write_transaction(conn):
                began = True  # the lock is ours: nothing below can be busy
                write()
            return
        except sqlite3.OperationalError as exc:
            if began or "locked" not in str(exc).lower() or waited >= WRITER_WAIT_S:
                raise
            waited += store.BUSY_TIMEOUT_MS / 1000
            if waiting:
                waiting(waited)


def _write_batch(conn: sqlite3.Connection, batch: list[_Prepared], report: IndexReport) -> None:
    matchers = themehits.Matchers(conn)
    folded: dict[int, str] = {}  # the batch's new paragraphs, for the theme matches
    new_docs: list[tuple[int, int, str]] = []
    cursor = [(conn.execute("SELECT max(id) FROM paras").fetchone()[0] or 0) + 1,
              (conn.execute("SELECT max(id) FROM sections").fetchone()[0] or 0) + 1]
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    for prep in batch:
        if prep.touch:
            conn.execute("UPDATE files SET mtime = ?, size = ? WHERE path = ?",
                         (prep.mtime, prep.size, prep.path))
            continue
        error, written = prep.error, 0
        if not error:
            # This file's rows: all or none. A savepoint keeps a version indexed before, to
            # restore if this one fails; a new file's rows are simply deleted on failure.
            # (Each savepoint makes FTS5 flush its pending terms into a new segment: one a
            # file, then merged again, cost 25 % of a bulk index run.)
            had_rows = conn.execute("SELECT 1 FROM docs WHERE path = ? LIMIT 1",
                                    (prep.path,)).fetchone() is not None
            if had_rows:
                conn.execute("SAVEPOINT file")
            done = IndexReport()
            at = list(cursor)
            delete_file_docs(conn, prep.path)
            file_folded: dict[int, str] = {}
            file_docs: list[tuple[int, int, str]] = []
            error = _insert_file(conn, prep, done, cursor, file_folded, file_docs)
            report.warnings.extend(done.warnings)
            if error:
                if had_rows:
                    conn.execute("ROLLBACK TO file")
                    conn.execute("RELEASE file")
                else:
                    delete_file_docs(conn, prep.path)  # the documents written before it failed
                cursor[:] = at
                report.errors.append((prep.shown, error))
                if prep.keep_old:
                    _kept(prep, report)
                    continue
                delete_file_docs(conn, prep.path)
            else:
                if had_rows:
                    conn.execute("RELEASE file")
                folded.update(file_folded)
                new_docs.extend(file_docs)
                report.docs += done.docs
                report.paragraphs += done.paragraphs
                written = prep.written
        conn.execute(
            "INSERT OR REPLACE INTO files (path, size, mtime, sha1, manifest, status, "
            "reason, docs, indexed_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (prep.path, prep.size, prep.mtime, prep.sha1, prep.manifest,
             "error" if error else "ok", error, written, now))
        if not error:
            report.indexed.append(prep.path)
            report.bytes += prep.size
    matchers.add_paragraphs(conn, folded, new_docs)


def _doc_id(conn, raw: RawDoc, ndocs: int, path: str, taken: set[str]) -> str:
    """Readable and stable: the file name without extension, plus #row for dataset rows."""
    base = Path(raw.path).stem
    if raw.key and ndocs > 1:
        base = f"{base}#{raw.key}"
    doc_id = base
    row = conn.execute("SELECT path FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
    if (row and row[0] != path) or doc_id in taken:
        doc_id = f"{base}~{hashlib.sha1(path.encode()).hexdigest()[:6]}"
    taken.add(doc_id)
    return doc_id


def _prune(conn: sqlite3.Connection, report: IndexReport) -> None:
    gone = [p for (p,) in conn.execute("SELECT path FROM files") if not os.path.exists(p)]
    if not gone:
        return
    def drop():
        for p in gone:
            delete_file_docs(conn, p)
            conn.execute("DELETE FROM files WHERE path = ?", (p,))
    _in_turn(conn, drop)
    report.removed.extend(gone)


def forget_files(db_path: str | Path, paths: Iterable[str]) -> int:
    """Remove the given files' documents from the database (one transaction); how many
    files it held. Used when the bundled samples move (another clone of the project)."""
    paths = list(paths)
    if not paths:
        return 0
    conn = store.connect(db_path, write=True)
    try:
        with store.reporting(db_path), store.write_transaction(conn):
            for p in paths:
                delete_file_docs(conn, p)
                conn.execute("DELETE FROM files WHERE path = ?", (p,))
    finally:
        conn.close()
    return len(paths)
