"""The façade: everything the app and the command line ask of the core, in one object.

``Corpus(path)`` opens nothing until asked. Reads go through a per-thread pooled connection
(safe to call from worker threads); writes (indexing, metadata edits) open their own. Heavy
work can run in the helper process (index/helper.py) so that an app's drawing never waits
for the interpreter lock. Where the database lives and how the per-user one is made ready
are in index/locations.py and index/bootstrap.py; this module only delegates.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from index import helper
from index.store.connection import connect


class Corpus:
    """What the app and the command line ask of the core: one object, safe to call from
    worker threads.

    Each thread reads through its own connection, leased from a pool: a worker thread lives
    for one search, and a connection kept warm (SQLite's page cache) makes the next search
    fast. The lease goes back to the pool when its thread ends. Nothing here knows about
    the UI.
    """

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self._local = threading.local()
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @classmethod
    def open(cls, db: str | Path | None = None, progress=None) -> "Corpus":
        """The corpus of the given database file, or of the per-user one (made ready from
        the bundled samples on first use; index/bootstrap.py)."""
        from index.bootstrap import resolve_db

        return cls(resolve_db(db, progress=progress))

    @staticmethod
    def start_helper() -> None:
        """Boot the helper process now, so that the first heavy job does not wait for it."""
        helper.start()

    # -- connections -----------------------------------------------------------------
    def conn(self) -> sqlite3.Connection:
        lease = getattr(self._local, "lease", None)
        if lease is None:
            with self._lock:
                conn = self._idle.pop() if self._idle else None
            lease = self._local.lease = _Lease(self, conn or connect(self.path))
        return lease.conn

    def give_back(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            self._idle.append(conn)

    def close(self) -> None:
        """Close every connection not in use (and this thread's), e.g. before indexing."""
        lease = getattr(self._local, "lease", None)
        if lease is not None:
            self._local.lease = None
            lease.close()
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    @staticmethod
    def typing() -> None:
        """The user is typing: background work (distinctive words, matrix) holds off."""
        from index.throttle import foreground

        foreground()

    # -- search ----------------------------------------------------------------------
    def search(self, query: str, limit: int = 50, count: bool = True, pinyin: bool = False):
        """Ranked hits; with pinyin=True a query typed in pinyin expands to corpus terms."""
        from index.search.engine import search

        conn = self.conn()
        note = ""
        parsed = query
        if pinyin:
            from index.search.pinyin import rewrite_query

            parsed, note = rewrite_query(conn, query)
        result = search(conn, parsed, limit=limit, count=count)
        if note:
            result.notes.insert(0, note)
        return result

    def warm_up(self) -> None:
        """Load what the first search needs (modules, this thread's connection, the index's
        first pages), so that the first keystroke is as quick as the next ones. Not the
        pinyin table: building it takes a second of pure Python (the interpreter lock);
        see prepare_pinyin."""
        self.search("发展", limit=1, count=True, pinyin=True)

    def prepare_pinyin(self) -> bool:
        """Build the pinyin table in the helper process and keep it here, so that the first
        query typed in pinyin neither waits for it nor holds this process's interpreter lock
        for a second. False when the helper cannot (then the first pinyin query builds it)."""
        from index.search.pinyin import cached, install

        conn = self.conn()
        if cached(conn):
            return True
        done = helper.run(_pinyin_job, str(self.path))
        if done is None:
            return False
        install(conn, *done)
        return True

    # -- the library -----------------------------------------------------------------
    def docs(self):
        from index.store.library import list_docs

        return list_docs(self.conn())

    def docs_by_id(self) -> dict:
        return {d.doc_id: d for d in self.docs()}

    def document(self, doc_id: str):
        """One document whole (store.library.Document), or None."""
        from index.store.library import document

        return document(self.conn(), doc_id)

    def original(self, doc_id: str) -> tuple[str | None, str]:
        """(text, note): the file's text before repair, read again; see library.original_text."""
        from index.store.library import original_text

        return original_text(self.conn(), doc_id)

    def index(self, paths, progress=None, prune: bool = False, columns=None,
              max_bytes: int | None = None):
        """Index files or folders into this database (store.ingest.index_paths)."""
        from index.store.ingest import index_paths

        self.close()  # let the writer see a quiet database; reopened on next read
        kwargs = {"max_bytes": max_bytes} if max_bytes is not None else {}
        return index_paths(self.path, paths, progress=progress, prune=prune, columns=columns,
                           **kwargs)

    def set_metadata(self, doc_id: str, fields: dict):
        """Write zone/year/title… for a document to its manifest and re-index its file. A
        changed zone drops the manifest's short name (derived again from the new zone)
        unless `fields` gives one."""
        from index.meta.manifest import write_override
        from index.store.library import doc_key

        info = self.docs_by_id().get(doc_id)
        if info is None:
            raise KeyError(doc_id)
        key = doc_key(self.conn(), doc_id)
        fields = dict(fields)
        if fields.get("zone") not in (None, info.zone) and "short" not in fields:
            fields["short"] = None  # a new zone: its short name follows it, not the old one's
        manifest = write_override(Path(info.path), key, fields)
        report = self.index([info.path])
        return manifest, report

    # -- theme comparison ------------------------------------------------------------
    @staticmethod
    def themes() -> dict:
        """The lexicon: shipped themes and the user's themes.toml."""
        from index.words.themes import all_themes

        return all_themes()

    def compare(self, theme, zones=None, distinctive: bool = False,
                separate_process: bool = False, pinyin: bool = True):
        """Comparison of one theme (name, Theme or ad-hoc query) across zones; without
        jieba unless distinctive=True (then add_distinctive later, e.g. in a worker). An
        ad-hoc query typed in pinyin compares the corpus terms it spells (pinyin=False: as
        typed).

        separate_process: compute it in the helper process (see add_distinctive), so that
        a caller's other threads, such as an app's drawing, never wait for the interpreter
        lock while it runs; the result is the same plain data."""
        from index.compare.engine import compare
        from index.words.themes import find_theme

        if separate_process:
            done = helper.run(_compare_job, str(self.path), theme, zones, distinctive, pinyin)
            if done is not None:
                return done
        conn = self.conn()
        note = ""
        if pinyin and isinstance(theme, str) and find_theme(self.themes(), theme.strip()) is None:
            from index.search.pinyin import rewrite_query

            parsed, note = rewrite_query(conn, theme)
            if note:  # typed in pinyin: compare the corpus terms it stands for
                theme = " ".join(parsed.groups[0])
        result = compare(conn, theme, zones, distinctive=distinctive)
        if note:
            result.notes.insert(0, note)
        return result

    def add_distinctive(self, comparison, separate_process: bool = False):
        """Fill in the comparison's distinctive words (in place; also returned).

        separate_process: segment in the helper process, so that loading jieba (a second of
        pure Python holding the interpreter lock) never stalls the caller's other threads,
        such as an app's drawing. Falls back to this process if the helper cannot run."""
        from index.compare.distinctive import add_distinctive

        if separate_process:
            done = helper.run(_distinctive_job, comparison)
            if done is not None:
                for zone, new in zip(comparison.zones, done.zones):
                    zone.distinctive = new.distinctive
                comparison.notes = done.notes
                comparison.distinctive_done = done.distinctive_done
                return comparison
        return add_distinctive(comparison)

    @staticmethod
    def nearest(comparison, passage, zones=None) -> dict:
        """{zone: its passage most like `passage`} for every other zone of the comparison
        (or of those in `zones`)."""
        from index.compare.engine import nearest

        return nearest(None, comparison, passage, zones=zones)

    def matrix(self, separate_process: bool = False):
        """Every theme × every zone (index.compare.matrix.theme_matrix); separate_process
        as in compare()."""
        from index.compare.matrix import theme_matrix

        if separate_process:
            done = helper.run(_matrix_job, str(self.path))
            if done is not None:
                return done
        return theme_matrix(self.conn(), self.themes())

    # -- text reuse and diff ----------------------------------------------------------
    def reuse_update(self, progress=None, separate_process: bool = False,
                     max_paragraphs: int | None = None, jobs: int = 1):
        """Bring the stored reuse results up to date with the indexed documents: only
        documents not done yet are processed (index/reuse/engine.py). Needs write access.

        separate_process: in the helper process (the app: alignment is pure Python).
        max_paragraphs: do nothing (None) when more paragraphs than this wait, so that an
        app never starts a long job by itself (`main.py reuse` does it).
        jobs: processes aligning candidates (engine.update)."""
        from index.reuse.engine import pending, update
        from index.store.connection import StoreError, explain

        if max_paragraphs is not None and pending(self.conn()) > max_paragraphs:
            return None
        if separate_process:
            return helper.run(_reuse_update_job, str(self.path))
        conn = connect(self.path, write=True)
        try:
            return update(conn, progress=progress, jobs=jobs)
        except sqlite3.DatabaseError as exc:
            raise StoreError(explain(exc, self.path)) from None
        finally:
            conn.close()

    def reuse(self, filters=None, limit: int = 0):
        """Stored reuse pairs (index.reuse.query.Filters), source the earlier, most shared
        characters first, the first `limit` (0: all); computes nothing (see reuse_update)."""
        from index.reuse import query

        return query.reuse(self.conn(), filters or query.Filters(), limit)

    def reuse_families(self, filters=None, limit: int = 0):
        from index.reuse import query

        return query.families(self.conn(), filters or query.Filters(), limit)

    def reuse_of(self, para_ids) -> dict:
        """{paragraph id: its reuse pairs, best first} (badges)."""
        from index.reuse import query

        return query.for_paragraphs(self.conn(), para_ids)

    def reuse_family(self, para_id: int):
        """The family of reused passages one paragraph belongs to, or None."""
        from index.reuse import query

        return query.family_of(self.conn(), para_id)

    def find_doc(self, name: str) -> str:
        """The doc_id that is `name`, or the only one containing it; KeyError saying why."""
        ids = [d.doc_id for d in self.docs()]
        if name in ids:
            return name
        hits = [d for d in ids if name in d]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise KeyError(f"no document {name!r} (see `main.py docs`)")
        raise KeyError(f"{name!r} names {len(hits)} documents: {', '.join(hits[:5])}"
                       + (" …" if len(hits) > 5 else ""))

    @staticmethod
    def collate(doc_a, doc_b, separate_process: bool = False):
        """Two loaded documents (store.library.Document) collated (index/reuse/diff.py);
        separate_process as in compare()."""
        from index.reuse.diff import diff

        if separate_process:
            done = helper.run(_collate_job, doc_a, doc_b)
            if done is not None:
                return done

        return diff(doc_a.info.doc_id, [(p.seq, p.text) for p in doc_a.paras],
                    doc_b.info.doc_id, [(p.seq, p.text) for p in doc_b.paras])

    def diff(self, a: str, b: str):
        """Two documents collated paragraph by paragraph (index/reuse/diff.py)."""
        from index.reuse.diff import diff

        da, db = self.document(self.find_doc(a)), self.document(self.find_doc(b))
        return diff(da.info.doc_id, [(p.seq, p.text) for p in da.paras],
                    db.info.doc_id, [(p.seq, p.text) for p in db.paras])

    @staticmethod
    def export(data, fmt: str, limit: int = 10) -> str:
        """data (a comparison, hits, documents, the matrix) as text in an export format
        (index/export.py: md, json, …)."""
        from index.export import render

        return render(data, fmt, limit=limit)

    @staticmethod
    def markdown(comparison, limit: int = 10) -> str:
        return Corpus.export(comparison, "md", limit)


class _Lease:
    """A pooled connection held by one thread; returned when the thread (its local) goes."""

    def __init__(self, corpus: Corpus, conn: sqlite3.Connection):
        self.corpus, self.conn = corpus, conn

    def close(self) -> None:
        self.conn.close()
        self.corpus = None

    def __del__(self):
        if self.corpus is not None:
            self.corpus.give_back(self.conn)


# -- jobs for the helper process (top-level functions, so they pickle by name) -----------

_HELPER_CORPORA: dict[str, Corpus] = {}  # in the helper: one Corpus per database path


def _helper_corpus(path: str) -> Corpus:
    corpus = _HELPER_CORPORA.pop(path, None) or Corpus(path)
    _HELPER_CORPORA[path] = corpus  # most recently used last
    while len(_HELPER_CORPORA) > 4:
        _HELPER_CORPORA.pop(next(iter(_HELPER_CORPORA))).close()
    return corpus


def _compare_job(path: str, theme, zones, distinctive: bool, pinyin: bool):
    return _helper_corpus(path).compare(theme, zones, distinctive=distinctive, pinyin=pinyin)


def _matrix_job(path: str):
    return _helper_corpus(path).matrix()


def _pinyin_job(path: str):
    from index.search.pinyin import built

    return built(_helper_corpus(path).conn())


def _collate_job(doc_a, doc_b):
    return Corpus.collate(doc_a, doc_b)


def _reuse_update_job(path: str):
    return _helper_corpus(path).reuse_update()


def _distinctive_job(comparison):
    from index.compare.distinctive import add_distinctive

    return add_distinctive(comparison)
