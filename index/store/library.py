"""Read access to what is indexed: the document list, one document's paragraphs and outline."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SECTION_SEP = " › "


@dataclass
class DocInfo:
    doc_id: str
    zone: str
    short: str
    title: str
    date: str
    year: int | None
    source: str
    chars: int
    paragraphs: int
    path: str
    doc_number: str
    fmt: str
    level: str = ""
    parent: str = ""
    provenance_json: str = "{}"
    date_kind: str = ""
    dates_json: str = "[]"

    @property
    def dates(self) -> list[dict]:
        """Every date the document offers: {"date", "kind", "source", "how", "used"[, "note"]},
        the one used first (index/meta/events.py); [] for a database indexed before."""
        value = _json(self.dates_json or "[]")
        return [dict(e) for e in value] if isinstance(value, list) else []

    @property
    def provenance(self) -> dict:
        """{field: where its value came from} (index/meta/resolve.py SOURCES)."""
        return dict(_provenance(self.provenance_json or "{}"))

    @property
    def date_note(self) -> str:
        """"" when the date is the document's own; else what it is (a file's creation date)."""
        return "file date" if self.provenance.get("date") == "file date" else ""

    def as_json(self) -> dict:
        """The documented docs shape (doc_id … paragraphs), then extensions."""
        return {"doc_id": self.doc_id, "zone": self.zone, "title": self.title,
                "date": self.date, "source": self.source, "chars": self.chars,
                "paragraphs": self.paragraphs, "short": self.short, "year": self.year,
                "doc_number": self.doc_number, "path": self.path, "format": self.fmt,
                "level": self.level, "parent": self.parent, "provenance": self.provenance,
                "date_kind": self.date_kind or "", "dates": self.dates}


@lru_cache(maxsize=4096)
def _provenance(text: str) -> dict:
    """Parsed once per distinct text: 11,000 documents share a handful of them."""
    value = _json(text)
    return value if isinstance(value, dict) else {}


@lru_cache(maxsize=4096)
def _json(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


_DOC_COLS = ("doc_id, zone, short, title, date, year, source, chars, paragraphs, path, "
             "doc_number, fmt, level, parent, provenance, date_kind, dates")
_OLD_COLS = _DOC_COLS.rsplit(", date_kind", 1)[0]  # a database opened read-only before its migration


def _select(conn: sqlite3.Connection, where: str = "", params=()) -> list:
    try:
        return conn.execute(f"SELECT {_DOC_COLS} FROM docs {where}", params).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such column" not in str(exc):
            raise
        return conn.execute(f"SELECT {_OLD_COLS} FROM docs {where}", params).fetchall()


def list_docs(conn: sqlite3.Connection) -> list[DocInfo]:
    """Every document, by zone, date, title and id in code-point order. Sorted here: the
    database stores text as UTF-16, whose byte order (what ORDER BY compares) is not the
    characters' order."""
    rows = _select(conn)
    rows.sort(key=_listed)
    return [DocInfo(*r) for r in rows]


def docs_of(conn: sqlite3.Connection, doc_ids) -> list[DocInfo]:
    """The given documents, in list_docs() order, reading only them (a comparison's first
    screen cites a few dozen of 11,000 documents at 500 MB)."""
    ids = list(dict.fromkeys(doc_ids))
    if len(ids) > 2000:  # most of the corpus: one scan
        wanted = set(ids)
        return [d for d in list_docs(conn) if d.doc_id in wanted]
    rows = []
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        rows += _select(conn, f"WHERE doc_id IN ({','.join('?' * len(part))})", part)
    rows.sort(key=_listed)
    return [DocInfo(*r) for r in rows]


def _listed(r) -> tuple:
    return (r[1] or "", r[4] or "", r[3] or "", r[0])


def total_chars(conn: sqlite3.Connection) -> int:
    """Characters of text in the whole corpus (one small read)."""
    return conn.execute("SELECT coalesce(sum(chars), 0) FROM docs").fetchone()[0]


def totals(conn: sqlite3.Connection) -> tuple[int, int]:
    """(documents, characters) in the whole corpus (one small read)."""
    return conn.execute("SELECT count(*), coalesce(sum(chars), 0) FROM docs").fetchone()


def get_doc(conn: sqlite3.Connection, doc_id: str) -> DocInfo | None:
    rows = _select(conn, "WHERE doc_id = ?", (doc_id,))
    return DocInfo(*rows[0]) if rows else None


def section_titles(conn: sqlite3.Connection, section_ids) -> dict[int, list[str]]:
    """{section id: the titles from the outermost section down to it}."""
    known: dict[int, tuple[int | None, str]] = {}
    todo = {s for s in section_ids if s is not None}
    while todo:
        part = list(todo)[:900]
        todo.difference_update(part)
        for sid, parent, title in conn.execute(
                f"SELECT id, parent, title FROM sections WHERE id IN ({','.join('?' * len(part))})",
                part):
            known[sid] = (parent, title or "")
            if parent is not None and parent not in known:
                todo.add(parent)
    return {s: _titles(s, known) for s in section_ids if s is not None}


def section_paths(conn: sqlite3.Connection, section_ids) -> dict[int, str]:
    """{section id: its heading path}, as shown with a paragraph."""
    return {s: SECTION_SEP.join(t) for s, t in section_titles(conn, section_ids).items()}


def _titles(sid: int | None, known: dict) -> list[str]:
    titles: list[str] = []
    while sid is not None and sid in known and len(titles) < 64:
        sid, title = known[sid]
        titles.append(title)
    return titles[::-1]


def section_path(sid: int | None, known: dict) -> str:
    """The heading path of section sid, given {id: (parent, title)} of its ancestors."""
    return SECTION_SEP.join(_titles(sid, known))


@dataclass
class ParaRow:
    id: int
    seq: int
    kind: str
    section: int | None  # sections.id
    path: str
    text: str


@dataclass
class SectionRow:
    id: int
    parent: int | None
    level: int
    number: str
    title: str
    first_seq: int | None  # paragraph numbers (1-based) the section spans
    last_seq: int | None

    @property
    def label(self) -> str:
        return f"{self.number}{self.title}" if self.number not in ("#", "**", "") else self.title


@dataclass
class Document:
    info: DocInfo
    paras: list[ParaRow]
    sections: list[SectionRow]


def document(conn: sqlite3.Connection, doc_id: str) -> Document | None:
    """One document whole: its metadata, its paragraphs with heading paths, its outline."""
    info = get_doc(conn, doc_id)
    if info is None:
        return None
    first, last = conn.execute("SELECT first_para, last_para FROM docs WHERE doc_id = ?",
                               (doc_id,)).fetchone()
    first = first or 1
    sections = [SectionRow(sid, parent, level, number, title,
                           None if lo is None else lo - first + 1,
                           None if hi is None else hi - first + 1)
                for sid, parent, level, number, title, lo, hi in conn.execute(
                    "SELECT id, parent, level, number, title, first_para, last_para "
                    "FROM sections WHERE doc_id = ? ORDER BY idx", (doc_id,))]
    known = {s.id: (s.parent, s.title or "") for s in sections}
    paths = {s.id: section_path(s.id, known) for s in sections}
    paras = [ParaRow(pid, seq, kind, sec, paths.get(sec, ""), text)
             for pid, seq, kind, sec, text in conn.execute(
                 "SELECT id, seq, kind, section, text FROM paras WHERE id BETWEEN ? AND ? "
                 "ORDER BY id", (first, last if last is not None else first - 1))]
    return Document(info, paras, sections)


def doc_key(conn: sqlite3.Connection, doc_id: str) -> str:
    """The document's key within its file ("" for a one-document file, a row for datasets)."""
    row = conn.execute("SELECT key FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
    return (row[0] or "") if row else ""


def original_text(conn: sqlite3.Connection, doc_id: str) -> tuple[str | None, str]:
    """(text, note): the document's text as it comes out of its file, before repair.

    The original is not copied into the database; it is read again from the file, and only
    if the file is still the one that was indexed (same sha1). Otherwise the text is None and
    the note says why."""
    from index.load.loaders import load

    r = conn.execute("SELECT d.path, d.key, f.sha1 FROM docs d LEFT JOIN files f "
                     "ON f.path = d.path WHERE d.doc_id = ?", (doc_id,)).fetchone()
    if r is None:
        return None, f"no document {doc_id}"
    path, key, sha1 = r
    from index.load.guard import sha1_of
    from index.model import LoadError

    try:  # only a regular file: a FIFO put in its place cannot hang the reader
        digest = sha1_of(path)
    except LoadError as exc:
        return None, f"the file {path} cannot be read ({exc})"
    if sha1 and digest != sha1:
        return None, f"the file {path} has changed since it was indexed; index it again"
    try:
        raws, _ = load(Path(path))
    except Exception as exc:  # noqa: BLE001 — a loader failing on a file it read before
        return None, f"the file {path} cannot be read again ({exc})"
    for raw in raws:
        if (raw.key or "") == (key or "") or len(raws) == 1:
            return raw.text, ""
    return None, f"row {key} is no longer in {path}"
