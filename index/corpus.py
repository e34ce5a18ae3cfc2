"""The façade: everything the app and the command line ask of the core, in one object.

``Corpus(path)`` opens nothing until asked. Reads go through a per-thread pooled connection
(safe to call from worker threads); writes (indexing, metadata edits) open their own. Heavy
work can run in the helper process (index/helper.py) so that an app's drawing never waits
for the interpreter lock.

Corpus is thin: the connection pool and the helper are here, and what it can be asked comes
from one mixin per capability, each beside the code it calls —

    index/store/api.py     LibraryAPI    docs, document, original, index, set_metadata
    index/search/api.py    SearchAPI     search, kwic, warm_up, prepare_pinyin
    index/compare/api.py   CompareAPI    themes, compare, add_distinctive, nearest, matrix
    index/time/api.py      TimeAPI       trend, first_use
    index/analysis/api.py  AnalysisAPI   units, keywords, collocates, clusters, words
    index/reuse/api.py     ReuseAPI      reuse_update, reuse, reuse_families, diff

Where the database lives and how the per-user one is made ready are in index/locations.py
and index/bootstrap.py.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from index import helper
from index.analysis.api import AnalysisAPI
from index.compare.api import CompareAPI
from index.compare.groups import BY as GROUPINGS  # noqa: F401  (the CLI's --by choices)
from index.locations import BUNDLED  # noqa: F401  (the CLI's index --samples choices)
from index.reuse.api import ReuseAPI
from index.search.api import SearchAPI
from index.search.budget import SEARCH_SECONDS  # noqa: F401  (the CLI's --time-limit default)
from index.store.api import LibraryAPI
from index.store.connection import connect
from index.time.api import TimeAPI


class Corpus(LibraryAPI, SearchAPI, CompareAPI, TimeAPI, AnalysisAPI, ReuseAPI):
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
    def bundled_corpus(name: str) -> Path:
        """The folder of a corpus bundled with duizhao (index.locations.BUNDLED): what
        `index --samples provinces-2026` indexes, in a clone as in an installed wheel."""
        from index.locations import bundled_corpus

        return bundled_corpus(name)

    @staticmethod
    def start_helper() -> None:
        """Boot the helper process now, so that the first heavy job does not wait for it."""
        helper.start()

    @staticmethod
    def stop_helper() -> None:
        """Stop the helper process, abandoning its current job (an app quitting)."""
        helper.stop()

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

    def generation(self) -> tuple[str, ...]:
        """A key that changes whenever the database's contents do, whichever process wrote
        them (store.connection.generation): one small read, for views that refresh after
        another process indexes."""
        from index.store.connection import generation

        return generation(self.conn())

    @staticmethod
    def typing() -> None:
        """The user is typing: background work (distinctive words, matrix) holds off."""
        from index.throttle import foreground

        foreground()

    @staticmethod
    def export(data, fmt: str, limit: int = 10) -> str:
        """data (a comparison, hits, documents, the matrix) as text in an export format
        (index/export.py: md, json, …)."""
        from index.export import render

        return render(data, fmt, limit=limit)

    def export_file(self, path, data, fmt: str, limit: int = 10, *, command=(),
                    query: str | None = None, theme=None, filters: dict | None = None):
        """data written to path in an export format, and beside it path.provenance.json
        (index/provenance.py: command, theme or query, filters, corpus, version, time).
        Returns (file, provenance file); OutputRefused for a dangling link or a folder."""
        from index.provenance import provenance, write_export

        text = self.export(data, fmt, limit)
        record = provenance(self, data, command=command, fmt=fmt, query=query, theme=theme,
                            filters=filters)
        return write_export(path, text, record)

    # -- the helper process ------------------------------------------------------------
    def in_helper(self, method: str, *args, **kwargs):
        """self.method(*args, **kwargs) run by this database's Corpus in the helper
        process; None when the helper cannot run it (the caller then does it here)."""
        return helper.run(_call_job, str(self.path), method, args, kwargs)

    def in_background(self, method: str, *args, **kwargs):
        """As in_helper, in the second helper for long work; None if stop_background()
        ended it."""
        return helper.run_background(_call_job, str(self.path), method, args, kwargs)


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


# -- in the helper process -----------------------------------------------------------------

_HELPER_CORPORA: dict[str, Corpus] = {}  # one Corpus per database path


def _helper_corpus(path: str) -> Corpus:
    corpus = _HELPER_CORPORA.pop(path, None) or Corpus(path)
    _HELPER_CORPORA[path] = corpus  # most recently used last
    while len(_HELPER_CORPORA) > 4:
        _HELPER_CORPORA.pop(next(iter(_HELPER_CORPORA))).close()
    return corpus


def _call_job(path: str, method: str, args: tuple, kwargs: dict):
    """A Corpus method, in the helper (a top-level function: it pickles by name)."""
    return getattr(_helper_corpus(path), method)(*args, **kwargs)
