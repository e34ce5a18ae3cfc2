"""Read access to what is indexed: the document list, one document's paragraphs and outline."""

from __future__ import annotations

import sqlite3
import zlib
from dataclasses import dataclass


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

    def as_json(self) -> dict:
        """The documented docs shape (doc_id … paragraphs), then extensions."""
        return {"doc_id": self.doc_id, "zone": self.zone, "title": self.title,
                "date": self.date, "source": self.source, "chars": self.chars,
                "paragraphs": self.paragraphs, "short": self.short, "year": self.year,
                "doc_number": self.doc_number, "path": self.path, "format": self.fmt}


_DOC_COLS = ("doc_id, zone, short, title, date, year, source, chars, paragraphs, path, "
             "doc_number, fmt")


def list_docs(conn: sqlite3.Connection) -> list[DocInfo]:
    rows = conn.execute(f"SELECT {_DOC_COLS} FROM docs ORDER BY zone, date, title, doc_id")
    return [DocInfo(*r) for r in rows]


def get_doc(conn: sqlite3.Connection, doc_id: str) -> DocInfo | None:
    r = conn.execute(f"SELECT {_DOC_COLS} FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
    return DocInfo(*r) if r else None


def original_text(conn: sqlite3.Connection, doc_id: str) -> str | None:
    """The document's text as it came out of its file, before repair."""
    r = conn.execute("SELECT original FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
    return zlib.decompress(r[0]).decode("utf-8", "surrogatepass") if r and r[0] else None
