"""Memos: a researcher's notes on a passage, a document, a zone, a code or a theme.

A passage memo is kept on its paragraph the way a coded segment is (file path, key, the
paragraph's text; anchor.py moves it with its text or marks it orphaned); a document memo
names its document by path and key as well, so both survive indexing again.
"""

from __future__ import annotations

import sqlite3
import uuid

from index.text.normal import fold
from index.workflow import store
from index.workflow.model import Memo, WorkflowError

KINDS = ("passage", "document", "zone", "code", "theme")
MAX_MEMO_CHARS = 100_000


class MemoError(WorkflowError):
    """A memo that cannot be written or found; the message says why."""


def add(conn: sqlite3.Connection, kind: str, target: str, text: str,
        para: int | None = None) -> int:
    """Write a memo and return its id. kind passage: target is a doc_id and para its
    paragraph (seq); document: a doc_id; zone, code, theme: a name (checked by the caller)."""
    if kind not in KINDS:
        raise MemoError(f"a memo is on one of {', '.join(KINDS)}, not {kind!r}")
    text = (text or "").strip()
    if not text:
        raise MemoError("an empty memo: write its text")
    if len(text) > MAX_MEMO_CHARS:
        raise MemoError(f"a memo is at most {MAX_MEMO_CHARS:,} characters ({len(text):,})")
    path = key = para_text = ""
    if kind in ("passage", "document"):
        row = conn.execute("SELECT path, COALESCE(key, ''), first_para, last_para FROM docs "
                           "WHERE doc_id = ?", (target,)).fetchone()
        if row is None:
            raise MemoError(f"no document {target!r} (see `main.py docs`)")
        path, key = row[0], row[1]
        if kind == "passage":
            found = conn.execute("SELECT text FROM paras WHERE id BETWEEN ? AND ? AND seq = ?",
                                 (row[2], row[3], para)).fetchone()
            if found is None:
                raise MemoError(f"{target} has no paragraph {para}")
            para_text = found[0]
            target = f"{target}#{para}"
    when = store.now()
    cur = conn.execute(
        "INSERT INTO memos (kind, target, path, doc_key, para, para_text, text, created, "
        "updated, guid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, target, path, key, para if kind == "passage" else None, para_text, text,
         when, when, str(uuid.uuid4())))
    assert cur.lastrowid is not None  # set by every INSERT
    return cur.lastrowid


def edit(conn: sqlite3.Connection, memo_id: int, text: str) -> None:
    text = (text or "").strip()
    if not text:
        raise MemoError("an empty memo: delete it instead")
    if conn.execute("UPDATE memos SET text = ?, updated = ? WHERE id = ?",
                    (text, store.now(), memo_id)).rowcount == 0:
        raise MemoError(f"no memo {memo_id} (see `main.py memos`)")


def delete(conn: sqlite3.Connection, memo_id: int) -> None:
    if conn.execute("DELETE FROM memos WHERE id = ?", (memo_id,)).rowcount == 0:
        raise MemoError(f"no memo {memo_id} (see `main.py memos`)")


def listing(conn: sqlite3.Connection, kind: str | None = None, target: str | None = None,
            search: str | None = None) -> list[Memo]:
    """Memos, oldest first: of one kind, on one target (a passage target is doc_id#para; a
    document's target also lists the memos on its passages), whose text contains search
    (matched as search matches: case, width and spaces ignored)."""
    if not store.exists(conn):
        return []
    rows = conn.execute("SELECT id, kind, target, text, created, updated, status, guid "
                        "FROM memos ORDER BY created, id").fetchall()
    out = []
    needle = fold(search or "")
    for r in rows:
        m = Memo(*r)
        if kind and m.kind != kind and not (kind == "document" and m.kind == "passage"):
            continue
        if target and m.target != target and not m.target.startswith(target + "#"):
            continue
        if needle and needle not in fold(m.text) and needle not in fold(m.target):
            continue
        out.append(m)
    return out
