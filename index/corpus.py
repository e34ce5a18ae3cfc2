"""Where the database lives, and the bundled sample corpus it starts from.

Without --db, duizhao uses a per-user database (platformdirs: ~/.local/share/duizhao on Linux,
or $DUIZHAO_DB) that is built from samples/ on first use and refreshed when the bundled
samples change. Documents a user indexes go into the same database.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from . import store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "samples"


def default_db_path() -> Path:
    env = os.environ.get("DUIZHAO_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("duizhao", appauthor=False) / "duizhao.db"


def samples_signature() -> str:
    h = hashlib.sha1()
    for p in sorted(SAMPLES_DIR.iterdir()):
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def ensure_samples(db_path: Path, progress=None) -> bool:
    """Index the bundled samples into db_path if they are missing or changed; True if it did."""
    sig = samples_signature()
    if db_path.exists():
        try:
            conn = store.connect(db_path)
        except store.StoreError:
            conn = None
        if conn is not None:
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'samples'").fetchone()
            finally:
                conn.close()
            if row and row[0] == sig:
                return False
    from .ingest import index_paths

    index_paths(db_path, [SAMPLES_DIR], progress=progress)
    conn = store.connect(db_path, write=True)
    try:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('samples', ?)", (sig,))
    finally:
        conn.close()
    return True


def resolve_db(db: str | Path | None, progress=None) -> Path:
    """The database to use: the given file, or the per-user one made ready from the samples."""
    if db:
        return Path(db)
    path = default_db_path()
    ensure_samples(path, progress=progress)
    return path


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
    info: object  # library.DocInfo
    paras: list[ParaRow]
    sections: list[SectionRow]


class Corpus:
    """What the app asks of the core: one object, safe to call from worker threads.

    Each thread gets its own read connection; writes (indexing, metadata edits) open their
    own. Nothing here knows about the UI.
    """

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self._local = threading.local()

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = store.connect(self.path)
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def search(self, query: str, limit: int = 50, count: bool = True, pinyin: bool = False):
        """Ranked hits; with pinyin=True a query typed in pinyin expands to corpus terms."""
        from .search import search

        conn = self.conn()
        note = ""
        parsed = query
        if pinyin:
            parsed, note = with_pinyin(conn, query)
        result = search(conn, parsed, limit=limit, count=count)
        if note:
            result.notes.insert(0, note)
        return result

    def docs(self):
        from .library import list_docs

        return list_docs(self.conn())

    def document(self, doc_id: str) -> Document | None:
        from .library import get_doc

        conn = self.conn()
        info = get_doc(conn, doc_id)
        if info is None:
            return None
        first = conn.execute("SELECT first_para FROM docs WHERE doc_id = ?",
                             (doc_id,)).fetchone()[0] or 1
        paras = [ParaRow(*r) for r in conn.execute(
            "SELECT id, seq, kind, section, path, text FROM paras WHERE doc_id = ? ORDER BY seq",
            (doc_id,))]
        sections = [SectionRow(sid, parent, level, number, title,
                               None if lo is None else lo - first + 1,
                               None if hi is None else hi - first + 1)
                    for sid, parent, level, number, title, lo, hi in conn.execute(
                        "SELECT id, parent, level, number, title, first_para, last_para "
                        "FROM sections WHERE doc_id = ? ORDER BY idx", (doc_id,))]
        return Document(info, paras, sections)

    def original(self, doc_id: str) -> str | None:
        from .library import original_text

        return original_text(self.conn(), doc_id)

    def index(self, paths, progress=None, prune: bool = False):
        from .ingest import index_paths

        self.close()  # let the writer see a quiet database; reopened on next read
        return index_paths(self.path, paths, progress=progress, prune=prune)

    def set_metadata(self, doc_id: str, fields: dict):
        """Write zone/year/title… for a document to its manifest and re-index its file."""
        from .manifest import write_override

        info = self.docs_by_id().get(doc_id)
        if info is None:
            raise KeyError(doc_id)
        key = self.conn().execute("SELECT key FROM docs WHERE doc_id = ?",
                                  (doc_id,)).fetchone()[0]
        manifest = write_override(Path(info.path), key or "", fields)
        report = self.index([info.path])
        return manifest, report

    # -- theme comparison ---------------------------------------------------------------
    def themes(self) -> dict:
        from .compare import all_themes

        return all_themes()

    def compare(self, theme, zones=None, distinctive: bool = False):
        """Comparison of one theme (name, Theme or ad-hoc query) across zones; without
        jieba unless distinctive=True (then add_distinctive later, e.g. in a worker)."""
        from .compare import compare
        from .themes import find_theme

        conn = self.conn()
        note = ""
        if isinstance(theme, str) and find_theme(self.themes(), theme.strip()) is None:
            parsed, note = with_pinyin(conn, theme)
            if note:  # typed in pinyin: compare the corpus terms it stands for
                theme = " ".join(parsed.groups[0])
        result = compare(conn, theme, zones, distinctive=distinctive)
        if note:
            result.notes.insert(0, note)
        return result

    def add_distinctive(self, comparison):
        from .compare import add_distinctive

        return add_distinctive(comparison)

    def nearest(self, comparison, passage) -> dict:
        """{zone: its passage most like `passage`} for every other zone of the comparison."""
        from .compare import nearest

        return nearest(None, comparison, passage)

    def matrix(self):
        from .report import theme_matrix

        return theme_matrix(self.conn(), self.themes())

    def markdown(self, comparison, limit: int = 10) -> str:
        from .report import markdown

        return markdown(comparison, limit=limit)

    def docs_by_id(self) -> dict:
        return {d.doc_id: d for d in self.docs()}


def with_pinyin(conn: sqlite3.Connection, text: str):
    """The parsed query, with a pinyin query (chanchengronghe, ccrh, zhao shang yin zi)
    replaced by the corpus terms it stands for, and a note saying which."""
    from .pinyin import describe, expand, looks_like_pinyin
    from .query import parse

    q = parse(text)
    words = [g[0] for g in q.groups if len(g) == 1]
    if not words or len(words) != len(q.groups):
        return q, ""
    typed = " ".join(words)
    if not looks_like_pinyin(typed):
        return q, ""
    terms = expand(conn, typed)
    if not terms:
        return q, ""
    q.groups = [terms]
    return q, describe(typed, terms)
