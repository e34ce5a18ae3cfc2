"""The base every capability of the façade builds on: pooled read connections and the
helper processes (index.corpus.Corpus is this plus one mixin per capability).

Each thread reads through its own connection, leased from a pool: a worker thread lives for
one search, and a connection kept warm (SQLite's page cache) makes the next search fast. The
lease goes back to the pool when its thread ends. Heavy work can run in the helper process
(index/helper.py), by the same class of façade opened on the same database there.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable

from index import helper
from index.store.connection import connect


class CorpusBase:
    """One database: its path, a connection per thread, and the helper processes. Nothing
    here knows about the UI."""

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self._local = threading.local()
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

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

    # -- the helper processes ------------------------------------------------------------
    def in_helper(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """self.method(*args, **kwargs) run by this database's façade in the helper
        process; None when the helper cannot run it (the caller then does it here)."""
        return helper.run(_call_job, type(self), str(self.path), method, args, kwargs)

    def in_background(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """As in_helper, in the second helper for long work; None if stop_background()
        ended it."""
        return helper.run_background(_call_job, type(self), str(self.path), method, args,
                                     kwargs)

    @staticmethod
    def run_job(job: Callable[..., Any], *args: Any, background: bool = False) -> Any:
        """job(*args) (a top-level function: it pickles by name) in the helper process, or
        in the second helper with background=True; None when it cannot run there."""
        return (helper.run_background if background else helper.run)(job, *args)

    @staticmethod
    def stop_background() -> None:
        """Drop the job the background helper is computing (a comparison no longer
        wanted)."""
        helper.stop_background()


class _Lease:
    """A pooled connection held by one thread; returned when the thread (its local) goes."""

    def __init__(self, owner: CorpusBase, conn: sqlite3.Connection):
        self.owner: CorpusBase | None = owner
        self.conn = conn

    def close(self) -> None:
        self.conn.close()
        self.owner = None

    def __del__(self) -> None:
        if self.owner is not None:
            self.owner.give_back(self.conn)


# -- in the helper process -----------------------------------------------------------------

_HELPER_CORPORA: dict[tuple[type, str], CorpusBase] = {}  # one façade per database path


def _helper_corpus(cls: type[CorpusBase], path: str) -> CorpusBase:
    key = (cls, path)
    corpus = _HELPER_CORPORA.pop(key, None) or cls(path)
    _HELPER_CORPORA[key] = corpus  # most recently used last
    while len(_HELPER_CORPORA) > 4:
        _HELPER_CORPORA.pop(next(iter(_HELPER_CORPORA))).close()
    return corpus


def _call_job(cls: type[CorpusBase], path: str, method: str, args: tuple, kwargs: dict) -> Any:
    """A façade method, in the helper (a top-level function: it pickles by name; so does
    the class)."""
    return getattr(_helper_corpus(cls, path), method)(*args, **kwargs)
