"""Indexing: files in, documents, sections and paragraphs out, in crash-safe batches.

Each batch of files is written in one transaction, so a run killed at any moment leaves the
previous state of every file intact; the next run finds the unfinished files changed (or new)
and completes the job. An unchanged file (same size and mtime, or same content hash, and the
same manifest) is skipped; a changed file replaces all its rows.
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

from index.store import facets, themehits

from index.store import connection as store
from index.model import LoadError, Parsed, RawDoc
from index.store.rowid import fts_rowid
from index.text.normal import fold, grams, unigrams

BATCH_BYTES = 4 * 2**20
BATCH_FILES = 200


@dataclass
class Progress:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    path: str


@dataclass
class IndexReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files of other kinds found in folders
    removed: list[str] = field(default_factory=list)  # pruned files
    docs: int = 0
    paragraphs: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """True when nothing could be indexed although something was asked for."""
        return bool(self.errors) and not self.indexed and not self.unchanged


@dataclass
class _Prepared:
    path: str
    size: int
    mtime: float
    sha1: str
    manifest: str
    docs: list[tuple[RawDoc, Parsed, dict]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # why the file could not be indexed
    touch: bool = False  # same content under a new mtime: only the fingerprint changes


def index_paths(db_path: str | Path, paths: Iterable[str | Path], *, prune: bool = False,
                columns: dict[str, str] | None = None,
                progress: Callable[[Progress], None] | None = None,
                max_bytes: int = 200 * 2**20,
                themes: dict[str, tuple[re.Pattern, str | None]] | None = None
                ) -> IndexReport:
    """Index files and folders; themes (name -> (folded-text regex, full-text candidate
    expression), the lexicon) become the materialised themes first
    (index/store/themehits.py); None keeps the current ones."""
    from index.load.loaders import SUPPORTED, walk

    started = time.perf_counter()
    report = IndexReport()
    explicit = {str(Path(p)) for p in paths}
    candidates: list[Path] = []
    for p in walk(paths):
        if p.suffix.lower() in SUPPORTED or str(p) in explicit:
            candidates.append(p)
        else:
            report.ignored.append(str(p))
    sizes = [_size(p) for p in candidates]
    conn = store.connect(db_path, write=True)
    try:
        if themes is not None:
            with store.write_transaction(conn):
                themehits.sync(conn, themes)
        known = {r[0]: r for r in conn.execute(
            "SELECT path, size, mtime, sha1, manifest, status, reason FROM files")}
        batch: list[_Prepared] = []
        batch_bytes = 0
        done_bytes = 0
        for n, (path, size) in enumerate(zip(candidates, sizes), 1):
            if progress:
                progress(Progress(n - 1, len(candidates), done_bytes, sum(sizes), str(path)))
            prepared = _prepare(path, known, report, columns, max_bytes)
            done_bytes += size
            if prepared is not None:
                batch.append(prepared)
                batch_bytes += prepared.size
            if batch and (batch_bytes >= BATCH_BYTES or len(batch) >= BATCH_FILES):
                _write(conn, batch, report)
                batch, batch_bytes = [], 0
        if batch:
            _write(conn, batch, report)
        if prune:
            _prune(conn, report)
        if progress:
            progress(Progress(len(candidates), len(candidates), done_bytes, sum(sizes), ""))
    except sqlite3.DatabaseError as exc:
        raise store.StoreError(store.explain(exc, Path(db_path))) from None
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def _key(path: Path) -> str:
    return str(path.resolve()) if path.exists() else str(path.absolute())


def _manifest_sig(path: Path) -> str:
    from index.meta.manifest import find_manifest

    m = find_manifest(path)
    return f"{m}:{m.stat().st_mtime_ns}" if m else ""


def _prepare(path: Path, known: dict, report: IndexReport, columns, max_bytes
             ) -> _Prepared | None:
    """Load, parse and resolve one file, or record why not; None when there is nothing to write."""
    key = _key(path)
    try:
        st = path.stat()
    except OSError as exc:
        report.errors.append((str(path), "no such file" if not path.exists() else str(exc)))
        return None
    try:
        manifest = _manifest_sig(path)
    except Exception as exc:  # a malformed manifest names itself
        report.errors.append((str(path), str(exc)))
        return None
    old = known.get(key)
    if old and old[1] == st.st_size and old[2] == st.st_mtime and old[4] == manifest:
        _remember_unchanged(old, path, report)
        return None
    try:
        sha1 = _sha1(path) if st.st_size <= max_bytes else ""
    except OSError as exc:
        report.errors.append((str(path), f"cannot read: {exc.strerror or exc}"))
        return None
    if old and old[3] == sha1 and old[4] == manifest and st.st_size <= max_bytes:
        _remember_unchanged(old, path, report)
        return _Prepared(key, st.st_size, st.st_mtime, sha1, manifest, touch=True)
    prepared = _parse_file(path, key, st, sha1, manifest, report, columns, max_bytes)
    if prepared.error and old and old[5] == "ok":
        # Keep the version indexed before rather than lose it; the next run tries again.
        report.warnings.append((str(path), "kept the previously indexed version"))
        return None
    return prepared


def _sha1(path: Path) -> str:
    """Content hash, read in chunks so a large file is not held twice."""
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _remember_unchanged(old: tuple, path: Path, report: IndexReport) -> None:
    if old[5] == "error":
        report.errors.append((str(path), old[6]))
    else:
        report.unchanged.append(str(path))


def _parse_file(path, key, st, sha1, manifest, report, columns, max_bytes) -> _Prepared:
    from index.load.loaders import load
    from index.meta.resolve import resolve
    from index.text.structure import parse

    prepared = _Prepared(key, st.st_size, st.st_mtime, sha1, manifest)
    try:
        raws, warnings = load(path, columns=columns, max_bytes=max_bytes)
        prepared.warnings.extend(warnings)
        for raw in raws:
            parsed = parse(raw.text)
            if not any(p.text.strip() for p in parsed.paras):
                prepared.warnings.append(f"{_label(raw)}no text after cleaning, skipped")
                continue
            prepared.docs.append((raw, parsed, resolve(raw, parsed.title_lines)))
        if not prepared.docs:
            raise LoadError("no readable text in it")
    except LoadError as exc:
        prepared.error = str(exc)
    except Exception as exc:  # a parser bug must not stop the run or lose the other files
        prepared.error = f"could not be parsed ({type(exc).__name__}: {exc})"
    if prepared.error:
        report.errors.append((str(path), prepared.error))
        prepared.docs = []
    report.warnings.extend((str(path), w) for w in prepared.warnings)
    return prepared


def _label(raw: RawDoc) -> str:
    return f"row {raw.key}: " if raw.key else ""


def _write(conn: sqlite3.Connection, batch: list[_Prepared], report: IndexReport) -> None:
    """Replace every file of the batch in one transaction."""
    with store.write_transaction(conn):
        matchers = themehits.Matchers(conn)
        folded: dict[int, str] = {}  # the batch's new paragraphs, for the theme matches
        new_docs: list[tuple[int, int, str]] = []
        next_para = (conn.execute("SELECT max(id) FROM paras").fetchone()[0] or 0) + 1
        next_sec = (conn.execute("SELECT max(id) FROM sections").fetchone()[0] or 0) + 1
        now = time.strftime("%Y-%m-%dT%H:%M:%S")
        for prep in batch:
            if prep.touch:
                conn.execute("UPDATE files SET mtime = ?, size = ? WHERE path = ?",
                             (prep.mtime, prep.size, prep.path))
                continue
            _delete_file_docs(conn, prep.path)
            error = prep.error
            taken: set[str] = set()
            for raw, parsed, meta in prep.docs:
                doc_id = _doc_id(conn, raw, len(prep.docs), prep.path, taken)
                first = next_para
                next_para, next_sec = _insert_doc(conn, doc_id, raw, parsed, meta,
                                                  next_para, next_sec, folded)
                if next_para > first:
                    new_docs.append((first, next_para - 1, doc_id))
                report.docs += 1
                report.paragraphs += len(parsed.paras)
            conn.execute(
                "INSERT OR REPLACE INTO files (path, size, mtime, sha1, manifest, status, "
                "reason, docs, indexed_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (prep.path, prep.size, prep.mtime, prep.sha1, prep.manifest,
                 "error" if error else "ok", error, len(prep.docs), now))
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


def _insert_doc(conn, doc_id: str, raw: RawDoc, parsed: Parsed, meta: dict,
                first_para: int, first_sec: int, folded_out: dict[int, str]
                ) -> tuple[int, int]:
    paras = parsed.paras
    last_para = first_para + len(paras) - 1
    # Each section spans from its first paragraph to the last paragraph of its last descendant.
    span: dict[int, list[int]] = {}
    for i, p in enumerate(paras):
        sec = p.section
        while sec is not None:
            lo_hi = span.setdefault(sec, [first_para + i, first_para + i])
            lo_hi[1] = first_para + i
            sec = parsed.sections[sec].parent
    conn.execute(
        "INSERT INTO docs (doc_id, path, key, fmt, encoding, zone, short, title, date, year, "
        "doc_number, source, note, chars, paragraphs, first_para, last_para) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc_id, _key(Path(raw.path)), raw.key, raw.fmt, raw.encoding,
         meta.get("zone") or "", meta.get("short") or "", meta.get("title") or "",
         meta.get("date") or "", meta.get("year"), meta.get("doc_number") or "",
         meta.get("source") or "", meta.get("note") or "",
         sum(len(p.text) for p in paras), len(paras), first_para, last_para))
    sec_rows = []
    for s in parsed.sections:
        lo, hi = span.get(s.idx, (None, None))
        sec_rows.append((first_sec + s.idx, doc_id, s.idx,
                         None if s.parent is None else first_sec + s.parent,
                         s.level, s.number, s.title, lo, hi))
    conn.executemany("INSERT INTO sections (id, doc_id, idx, parent, level, number, title, "
                     "first_para, last_para) VALUES (?,?,?,?,?,?,?,?,?)", sec_rows)
    conn.executemany("INSERT INTO sec_fts (rowid, g) VALUES (?, ?)",
                     [(r[0], grams(fold(r[6]))) for r in sec_rows])
    # generators, not lists: a 50 MB document's bigrams are never all in memory at once
    conn.executemany(
        "INSERT INTO paras (id, doc_id, seq, kind, section, text) VALUES (?,?,?,?,?,?)",
        ((first_para + i, doc_id, p.seq, p.kind,
          None if p.section is None else first_sec + p.section, p.text)
         for i, p in enumerate(paras)))
    facet = facets.tokens(meta.get("zone") or "", meta.get("short") or "", meta.get("year"))
    folded = [fold(p.text) for p in paras]  # once, for the full text and the themes
    conn.executemany("INSERT INTO para_fts (rowid, g, u, m) VALUES (?, ?, ?, ?)",
                     ((fts_rowid(first_para + i, len(f)), grams(f), unigrams(f), facet)
                      for i, f in enumerate(folded)))
    folded_out.update((first_para + i, f) for i, (p, f) in enumerate(zip(paras, folded))
                      if p.kind != "caption" and f)
    return last_para + 1, first_sec + len(parsed.sections)


def _fts_row(para_id: int, text: str, facet: str) -> tuple[int, str, str, str]:
    """(rowid, g, u, m) of a paragraph in para_fts; deleting it replays exactly these."""
    folded = fold(text)
    return fts_rowid(para_id, len(folded)), grams(folded), unigrams(folded), facet


def _delete_file_docs(conn: sqlite3.Connection, path: str) -> None:
    for (doc_id,) in conn.execute("SELECT doc_id FROM docs WHERE path = ?", (path,)).fetchall():
        delete_doc(conn, doc_id)


def delete_doc(conn: sqlite3.Connection, doc_id: str) -> None:
    """Remove one document's rows; the full-text deletes replay the grams of the stored text
    and the facet tokens of the stored metadata."""
    row = conn.execute("SELECT zone, short, year FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
    facet = facets.tokens(row[0] or "", row[1] or "", row[2]) if row else ""
    conn.executemany(
        "INSERT INTO para_fts (para_fts, rowid, g, u, m) VALUES ('delete', ?, ?, ?, ?)",
        [_fts_row(pid, text, facet) for pid, text in conn.execute(
            "SELECT id, text FROM paras WHERE id BETWEEN (SELECT first_para FROM docs WHERE "
            "doc_id = ?) AND (SELECT last_para FROM docs WHERE doc_id = ?)",
            (doc_id, doc_id)).fetchall()])
    conn.executemany(
        "INSERT INTO sec_fts (sec_fts, rowid, g) VALUES ('delete', ?, ?)",
        [(sid, grams(fold(title))) for sid, title in conn.execute(
            "SELECT id, title FROM sections WHERE doc_id = ?", (doc_id,))])
    span = conn.execute("SELECT first_para, last_para FROM docs WHERE doc_id = ?",
                        (doc_id,)).fetchone()
    themehits.remove_doc(conn, doc_id, *(span or (None, None)))
    conn.execute("DELETE FROM paras WHERE id BETWEEN (SELECT first_para FROM docs WHERE "
                 "doc_id = ?) AND (SELECT last_para FROM docs WHERE doc_id = ?)", (doc_id, doc_id))
    for table in ("sections", "docs"):
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))


def _prune(conn: sqlite3.Connection, report: IndexReport) -> None:
    gone = [p for (p,) in conn.execute("SELECT path FROM files") if not os.path.exists(p)]
    if not gone:
        return
    with store.write_transaction(conn):
        for p in gone:
            _delete_file_docs(conn, p)
            conn.execute("DELETE FROM files WHERE path = ?", (p,))
    report.removed.extend(gone)
