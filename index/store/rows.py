"""One document's rows: inserting its docs, sections, paragraphs and full-text rows, and
deleting them again (the full-text deletes replay exactly what was inserted)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from index.model import Parsed, RawDoc
from index.store import facets, themehits, verify
from index.store.rowid import fts_rowid
from index.text.normal import fold, grams, unigrams


def file_key(path: Path) -> str:
    """How a file is known in the database: its resolved path."""
    return str(path.resolve()) if path.exists() else str(path.absolute())


def insert_doc(conn, doc_id: str, raw: RawDoc, parsed: Parsed, meta: dict,
               first_para: int, first_sec: int, folded_out: dict[int, str] | None = None
               ) -> tuple[int, int]:
    """Insert one document's rows from paragraph id first_para and section id first_sec;
    returns the next free ids. folded_out collects the folded text of its non-caption
    paragraphs (for the materialised theme matches, index/store/themehits.py)."""
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
        "doc_number, source, note, level, parent, provenance, chars, paragraphs, first_para, "
        "last_para, date_kind, dates) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc_id, file_key(Path(raw.path)), raw.key, raw.fmt, raw.encoding,
         meta.get("zone") or "", meta.get("short") or "", meta.get("title") or "",
         meta.get("date") or "", meta.get("year"), meta.get("doc_number") or "",
         meta.get("source") or "", meta.get("note") or "", meta.get("level") or "",
         meta.get("parent") or "", json.dumps(meta.get("provenance") or {}, ensure_ascii=False),
         sum(len(p.text) for p in paras), len(paras), first_para, last_para,
         meta.get("date_kind") or "", json.dumps(meta.get("dates") or [], ensure_ascii=False)))
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
    verify.write_sums(conn, ((first_para + i, p.text) for i, p in enumerate(paras)))
    facet = facets.tokens(meta.get("zone") or "", meta.get("short") or "", meta.get("year"),
                          meta.get("level") or "")
    folded = [fold(p.text) for p in paras]  # once, for the full text and the themes
    conn.executemany("INSERT INTO para_fts (rowid, g, u, m) VALUES (?, ?, ?, ?)",
                     ((fts_rowid(first_para + i, len(f)), grams(f), unigrams(f), facet)
                      for i, f in enumerate(folded)))
    if folded_out is not None:
        folded_out.update((first_para + i, f) for i, (p, f) in enumerate(zip(paras, folded))
                          if p.kind != "caption" and f)
    return last_para + 1, first_sec + len(parsed.sections)


def _fts_row(para_id: int, text: str, facet: str) -> tuple[int, str, str, str]:
    """(rowid, g, u, m) of a paragraph in para_fts; deleting it replays exactly these."""
    folded = fold(text)
    return fts_rowid(para_id, len(folded)), grams(folded), unigrams(folded), facet


def delete_file_docs(conn: sqlite3.Connection, path: str) -> None:
    for (doc_id,) in conn.execute("SELECT doc_id FROM docs WHERE path = ?", (path,)).fetchall():
        delete_doc(conn, doc_id)


def delete_doc(conn: sqlite3.Connection, doc_id: str) -> None:
    """Remove one document's rows; the full-text deletes replay the grams of the stored text
    and the facet tokens of the stored metadata."""
    row = conn.execute("SELECT zone, short, year, level, first_para, last_para FROM docs "
                       "WHERE doc_id = ?", (doc_id,)).fetchone()
    if row:
        verify.delete_sums(conn, row[4], row[5])
    facet = facets.tokens(row[0] or "", row[1] or "", row[2], row[3] or "") if row else ""
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
