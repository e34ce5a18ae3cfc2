"""Keeping coded segments and passage memos on their text when their file is indexed again.

After any write to the documents (store generation), each document with segments is found
again by its file path and key. If its paragraph text hashes the same, nothing moved. If not,
each segment is looked for, in order:

  1. in place     the same paragraph (seq) still has the same text at start..end    → ok
  2. exact        the segment's text elsewhere in the document; of several places the
                  one whose context (40 characters each side) matches best, then the
                  nearest to where it was                                           → moved
  3. fuzzy        the most similar paragraph (rapidfuzz ratio; a span: partial_ratio's
                  best alignment within a paragraph) scoring at least FUZZY_MIN     → fuzzy
                  (the segment takes the new text: it follows its passage's edits)
  4. not found    kept, with its last text and place                           → orphaned

An orphan is tried again at every later anchoring (the text may come back). A document whose
file is gone (or no longer has that key) is looked for by its doc_id; failing that its
segments are orphaned. Nothing is ever deleted here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from index.store.connection import generation
from index.workflow import store
from index.workflow.segments import doc_hash, doc_paragraphs

FUZZY_MIN = 85.0  # rapidfuzz score (0-100) a changed passage must reach to be followed


@dataclass
class AnchorReport:
    checked: int = 0  # segments and passage memos looked at
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    docs_changed: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"checked": self.checked, "moved": self.moved, "fuzzy": self.fuzzy,
                "orphaned": self.orphaned, "docs_changed": self.docs_changed}


def _key(conn) -> str:
    return "|".join(generation(conn)[1:])


def stale(conn: sqlite3.Connection) -> bool:
    """Have the documents changed since segments were last anchored?"""
    if not store.exists(conn):
        return False
    return store.meta_get(conn, "anchored") != _key(conn)


@dataclass
class Found:
    para: int
    start: int
    end: int
    text: str
    status: str
    score: float


def locate(paras: list[tuple[int, int, str]], para: int, start: int, end: int, text: str,
           before: str, after: str) -> Found | None:
    """Where a segment (last at para, start..end, reading text) is in these (id, seq, text)
    paragraphs now; None when it cannot be found (see the module's steps)."""
    by_seq = {seq: t for _, seq, t in paras}
    here = by_seq.get(para)
    if here is not None and here[start:end] == text:
        return Found(para, start, end, text, "ok", 100.0)
    whole = not before and not after
    places = []
    for _, seq, t in paras:
        if whole:
            if t == text:
                places.append((seq, 0))
            continue
        i = t.find(text)
        while i >= 0:
            places.append((seq, i))
            i = t.find(text, i + 1)
    if places:
        def fit(place):
            seq, i = place
            t = by_seq[seq]
            left = _common_suffix(t[:i], before)
            right = _common_prefix(t[i + len(text):], after)
            return (-(left + right), abs(seq - para))
        seq, i = min(places, key=fit)
        return Found(seq, i, i + len(text), text, "moved" if (seq, i) != (para, start)
                     else "ok", 100.0)
    return _fuzzy(paras, para, text, whole)


def _fuzzy(paras, para: int, text: str, whole: bool) -> Found | None:
    from rapidfuzz import fuzz, process

    if not paras or not text:
        return None
    if whole:
        best = process.extractOne(text, [t for _, _, t in paras], scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_MIN)
        if best is None:
            return None
        _, seq, t = paras[best[2]]
        # of equal scores, extractOne keeps the first: prefer the one nearest
        ties = [p for p in paras if fuzz.ratio(text, p[2]) == best[1]]
        _, seq, t = min(ties, key=lambda p: abs(p[1] - para))
        return Found(seq, 0, len(t), t, "fuzzy", best[1])
    found = None
    for _, seq, t in paras:
        if len(t) < len(text) * FUZZY_MIN / 100:
            continue
        a = fuzz.partial_ratio_alignment(text, t, score_cutoff=FUZZY_MIN)
        if a is None:
            continue
        key = (a.score, -abs(seq - para))
        if found is None or key > found[0]:
            found = (key, Found(seq, a.dest_start, a.dest_end, t[a.dest_start:a.dest_end],
                                "fuzzy", a.score))
    return found[1] if found else None


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _current_doc(conn, path: str, key: str, doc_id: str) -> str | None:
    row = conn.execute("SELECT doc_id FROM docs WHERE path = ? AND COALESCE(key, '') = ?",
                       (path, key)).fetchone() or \
        conn.execute("SELECT doc_id FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def refresh(conn: sqlite3.Connection, force: bool = False) -> AnchorReport:
    """Anchor every segment and passage memo again if the documents changed since the last
    time (or force); inside store.writing. Returns what moved."""
    report = AnchorReport()
    if not force and not stale(conn):
        return report
    docs = conn.execute("SELECT path, doc_key, doc_id, doc_sha1 FROM coded UNION "
                        "SELECT path, doc_key, '', '' FROM memos WHERE kind = 'passage'"
                        ).fetchall()
    seen: dict[tuple, tuple] = {}
    for path, key, doc_id, sha1 in docs:
        entry = seen.setdefault((path, key), (doc_id, set()))
        if sha1:
            entry[1].add(sha1)
        if doc_id and not entry[0]:
            seen[(path, key)] = (doc_id, entry[1])
    for (path, key), (old_id, hashes) in seen.items():
        _refresh_doc(conn, path, key, old_id, hashes, report)
    store.meta_set(conn, "anchored", _key(conn))
    return report


def _refresh_doc(conn, path: str, key: str, old_id: str, hashes: set, report) -> None:
    doc_id = _current_doc(conn, path, key, old_id)
    paras = doc_paragraphs(conn, doc_id) if doc_id else []
    sha1 = doc_hash(t for _, _, t in paras) if doc_id else ""
    segs = conn.execute("SELECT id, para, start, stop, text, before, after, status FROM coded "
                        "WHERE path = ? AND doc_key = ?", (path, key)).fetchall()
    memos = conn.execute("SELECT id, para, para_text FROM memos WHERE kind = 'passage' AND "
                         "path = ? AND doc_key = ?", (path, key)).fetchall()
    unchanged = doc_id and hashes == {sha1} and all(s[7] != "orphaned" for s in segs)
    report.checked += len(segs) + len(memos)
    if unchanged:
        conn.execute("UPDATE coded SET doc_id = ? WHERE path = ? AND doc_key = ?",
                     (doc_id, path, key))
        return
    report.docs_changed.append(doc_id or old_id)
    for sid, para, start, end, text, before, after, _ in segs:
        found = locate(paras, para, start, end, text, before, after) if doc_id else None
        if found is None:
            report.orphaned += 1
            conn.execute("UPDATE coded SET status = 'orphaned', score = 0 WHERE id = ?", (sid,))
            continue
        report.moved += found.status == "moved"
        report.fuzzy += found.status == "fuzzy"
        t = next(t for _, seq, t in paras if seq == found.para)
        conn.execute("UPDATE coded SET doc_id = ?, doc_sha1 = ?, para = ?, start = ?, stop = ?, "
                     "text = ?, before = ?, after = ?, status = ?, score = ? WHERE id = ?",
                     (doc_id, sha1, found.para, found.start, found.end, found.text,
                      t[max(0, found.start - 40):found.start] if before or after else "",
                      t[found.end:found.end + 40] if before or after else "",
                      found.status, found.score, sid))
    for mid, para, para_text in memos:
        found = locate(paras, para, 0, len(para_text), para_text, "", "") if doc_id else None
        if found is None:
            report.orphaned += 1
            conn.execute("UPDATE memos SET status = 'orphaned' WHERE id = ?", (mid,))
            continue
        conn.execute("UPDATE memos SET target = ?, para = ?, para_text = ?, status = ? "
                     "WHERE id = ?", (f"{doc_id}#{found.para}", found.para, found.text,
                                      found.status, mid))
