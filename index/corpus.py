"""The façade: everything the app and the command line ask of the core, in one object.

``Corpus(path)`` opens nothing until asked. Reads go through a per-thread pooled connection
(safe to call from worker threads); writes (indexing, metadata edits) open their own. Heavy
work can run in the helper process (index/helper.py) so that an app's drawing never waits
for the interpreter lock. Where the database lives and how the per-user one is made ready
are in index/locations.py and index/bootstrap.py; this module only delegates.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from pathlib import Path

from index import helper
from index.compare.groups import BY as GROUPINGS  # noqa: F401  (the CLI's --by choices)
from index.search.budget import SEARCH_SECONDS  # noqa: F401  (the CLI's --time-limit default)
from index.store.connection import connect, reporting


def _store_errors(method):
    """A damaged, locked, full or unreadable database surfaces as a StoreError naming the
    file and what to do, from every read (never a bare sqlite3 traceback)."""
    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        with reporting(self.path):
            return method(self, *args, **kwargs)
    return wrapped


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

    @staticmethod
    def stop_helper() -> None:
        """Stop the helper process, abandoning its current job (an app quitting)."""
        helper.stop()

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

    # -- search ----------------------------------------------------------------------
    @_store_errors
    def search(self, query: str, limit: int = 50, count: bool = True, pinyin: bool = False,
               seconds: float | None = None, cancelled=None):
        """Ranked hits; with pinyin=True a query typed in pinyin expands to corpus terms.

        Bounded (docs/search.md, Query bounds): a query over the length or term limits is
        not searched, and the search stops after `seconds` (default
        index.search.budget.SEARCH_SECONDS; 0 = no limit) or as soon as `cancelled()` is
        true; then the result is empty, its `stopped` says why and its notes say it."""
        from index.search.budget import Budget
        from index.search.engine import search

        conn = self.conn()
        note = ""
        parsed = query
        if pinyin:
            from index.search.pinyin import rewrite_query

            parsed, note = rewrite_query(conn, query)
        budget = Budget(SEARCH_SECONDS if seconds is None else seconds, cancelled)
        result = search(conn, parsed, limit=limit, count=count, budget=budget)
        if note:
            result.notes.insert(0, note)
        return result

    @_store_errors
    def kwic(self, query: str, sort: str = "rank", limit: int = 0, width: int = 40,
             pinyin: bool = False, max_paragraphs: int = 0, separate_process: bool = False):
        """Concordance: one line per occurrence in the paragraphs search finds, sorted
        (index/search/kwic.py: rank, L1-L3, R1-R3, zone, date); limit 0 for all; width in
        terminal cells of context per side; max_paragraphs: only search's best that many.

        separate_process: in the helper process (sorting by words loads jieba, a second
        holding the interpreter lock), as in compare()."""
        from index.search.kwic import concordance

        if separate_process:
            done = helper.run(_kwic_job, str(self.path), query, sort, limit, width, pinyin,
                              max_paragraphs)
            if done is not None:
                return done
        conn = self.conn()
        note = ""
        parsed = query
        if pinyin:
            from index.search.pinyin import rewrite_query

            parsed, note = rewrite_query(conn, query)
        result = concordance(conn, parsed, sort=sort, limit=limit, width=width,
                             max_paragraphs=max_paragraphs)
        if note:
            result.notes.insert(0, note)
        return result

    @_store_errors
    def warm_up(self) -> None:
        """Load what the first search needs (modules, this thread's connection, the index's
        first pages), so that the first keystroke is as quick as the next ones. Not the
        pinyin table: building it takes a second of pure Python (the interpreter lock);
        see prepare_pinyin."""
        self.search("发展", limit=1, count=True, pinyin=True)

    @_store_errors
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
    @_store_errors
    def docs(self):
        from index.store.library import list_docs

        return list_docs(self.conn())

    def docs_by_id(self) -> dict:
        return {d.doc_id: d for d in self.docs()}

    @_store_errors
    def document(self, doc_id: str):
        """One document whole (store.library.Document), or None."""
        from index.store.library import document

        return document(self.conn(), doc_id)

    @_store_errors
    def original(self, doc_id: str) -> tuple[str | None, str]:
        """(text, note): the file's text before repair, read again; see library.original_text."""
        from index.store.library import original_text

        return original_text(self.conn(), doc_id)

    def index(self, paths, progress=None, prune: bool = False, columns=None,
              max_bytes: int | None = None, follow_links: bool = False):
        """Index files or folders into this database (store.ingest.index_paths); links out
        of the folders are followed only with follow_links."""
        from index.bootstrap import lexicon_matchers
        from index.store.ingest import index_paths

        self.close()  # let the writer see a quiet database; reopened on next read
        kwargs = {"max_bytes": max_bytes} if max_bytes is not None else {}
        report = index_paths(self.path, paths, progress=progress, prune=prune,
                             columns=columns, follow_links=follow_links,
                             themes=lexicon_matchers(), **kwargs)
        self.refresh_frequent()
        return report

    def refresh_frequent(self) -> int:
        """Recompute the first page of the commonest one-term queries (index.search.frequent;
        nothing below 200,000 paragraphs). Returns the number of queries kept."""
        from index.search.engine import search
        from index.search.frequent import refresh

        conn = connect(self.path, write=True)
        try:
            return refresh(conn, search)
        except sqlite3.DatabaseError:  # locked by another writer: searches rank as before
            return 0
        finally:
            conn.close()

    @staticmethod
    def count_files(paths, follow_links: bool = False, stop_at: int = 5000) -> tuple[int, bool]:
        """(files an index run would read, True if more than stop_at), without reading them."""
        from index.load.loaders import count_files

        return count_files(paths, follow_links=follow_links, stop_at=stop_at)

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

    @_store_errors
    def compare(self, theme, zones=None, distinctive: bool = False,
                separate_process: bool = False, pinyin: bool = True, by: str = "zone",
                top: int | None = None, background: bool = False):
        """Comparison of one theme (name, Theme or ad-hoc query) across zones; without
        jieba unless distinctive=True (then add_distinctive later, e.g. in a worker). An
        ad-hoc query typed in pinyin compares the corpus terms it spells (pinyin=False: as
        typed). top: only the zones with most passages, when the theme's counts are
        materialised (index.compare.engine.compare), for a first screen. background: in
        a second helper process, returning None if stop_background() ends it.

        separate_process: compute it in the helper process (see add_distinctive), so that
        a caller's other threads, such as an app's drawing, never wait for the interpreter
        lock while it runs; the result is the same plain data. by: what a pane holds,
        zone (default), year, zone-year or level (index/compare/groups.py)."""
        from index.compare.engine import compare
        from index.words.themes import find_theme

        if background:  # long: the second helper; None if stop_background() ended it
            return helper.run_background(_compare_job, str(self.path), theme, zones,
                                         distinctive, pinyin, by, top)
        if separate_process:
            done = helper.run(_compare_job, str(self.path), theme, zones, distinctive, pinyin,
                              by, top)
            if done is not None:
                return done
        if distinctive:  # phrases are checked against the units when they are cached
            self.units(optional=True)
        conn = self.conn()
        note = ""
        if pinyin and isinstance(theme, str) and find_theme(self.themes(), theme.strip()) is None:
            from index.search.pinyin import rewrite_query

            parsed, note = rewrite_query(conn, theme)
            if note:  # typed in pinyin: compare the corpus terms it stands for
                theme = " ".join(parsed.groups[0])
        result = compare(conn, theme, zones, distinctive=distinctive, by=by, top=top)
        if note:
            result.notes.insert(0, note)
        return result

    @staticmethod
    def stop_background() -> None:
        """Drop the comparison the background helper is computing (see compare)."""
        helper.stop_background()

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

    @_store_errors
    def matrix(self, separate_process: bool = False, by: str = "zone"):
        """Every theme × every zone, or year, zone-year, level (index.compare.matrix.
        theme_matrix); separate_process as in compare()."""
        from index.compare.matrix import theme_matrix

        if separate_process:
            done = helper.run(_matrix_job, str(self.path), by)
            if done is not None:
                return done
        return theme_matrix(self.conn(), self.themes(), by=by)

    # -- time ------------------------------------------------------------------------
    def trend(self, theme, zones=None):
        """The theme's mentions per 10,000 characters by year, per zone and overall
        (index.time.trend)."""
        from index.time.trend import trend

        return trend(self.conn(), theme, zones, themes=self.themes())

    def first_use(self, phrase, zones=None, theme: bool = False):
        """Each zone's first use of a phrase (or theme), earliest first, and the diffusion
        curve (index.time.first_use)."""
        from index.time.first_use import first_use

        return first_use(self.conn(), phrase, zones, theme=theme)

    # -- word statistics on units (index/analysis; docs/analysis.md) ------------------
    def units(self, progress=None, optional: bool = False) -> bool:
        """Make the unit tables current (built lazily: on first use and whenever the
        database changed since); True when they were rebuilt. optional: a database that
        cannot be written (read-only file) is no error, the tables are then not made."""
        from index.analysis.store import ensure
        from index.store.connection import StoreError

        try:
            return ensure(self.path, progress)
        except StoreError:
            if not optional:
                raise
            return False

    def keywords(self, zones: list[str], ref=None, progress=None, **kwargs):
        """Keywords of the zones against the rest of the corpus, or ref: other zones (a list
        of names), a duizhao database file or a folder of documents (indexed into a
        temporary database). kwargs: alpha, min_count, limit (analysis.keyness)."""
        from index.analysis.keyness import keywords

        self.units(progress)
        if isinstance(ref, (str, Path)) and Path(ref).exists():
            other = _reference_corpus(Path(ref), progress)
            other.units(progress)
            return keywords(self.conn(), zones, ref_conn=other.conn(),
                            ref_label=str(ref), **kwargs)
        return keywords(self.conn(), zones, ref_zones=ref or None, **kwargs)

    def collocates(self, query: str, progress=None, **kwargs):
        """Units around QUERY's occurrences (analysis.collocates: window, by_zone, zones,
        min_count, sort, limit)."""
        from index.analysis.collocates import collocates

        self.units(progress)
        return collocates(self.conn(), query, **kwargs)

    def clusters(self, query: str, progress=None, **kwargs):
        """Left and right extensions of QUERY in whole units (analysis.clusters)."""
        from index.analysis.clusters import clusters

        self.units(progress)
        return clusters(self.conn(), query, **kwargs)

    def words(self, zones: list[str] | None = None, progress=None, **kwargs):
        """Units by frequency with Gries' DP over documents (analysis.wordlist)."""
        from index.analysis.wordlist import words

        self.units(progress)
        return words(self.conn(), zones, **kwargs)

    def theme_words(self, comparison, separate_process: bool = False):
        """Per zone of a comparison: distinctive words with p and collocates of the theme
        (index/compare/words.py); separate_process as in compare()."""
        from index.compare.words import theme_words

        if separate_process:
            done = helper.run(_theme_words_job, str(self.path), comparison)
            if done is not None:
                return done
        self.units()
        return theme_words(self.conn(), comparison)

    @staticmethod
    def export(data, fmt: str, limit: int = 10) -> str:
        """data (a comparison, hits, documents, the matrix) as text in an export format
        (index/export.py: md, json, …)."""
        from index.export import render

        return render(data, fmt, limit=limit)


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


def _reference_corpus(ref: Path, progress=None) -> "Corpus":
    """A reference corpus: a database file as it is, a folder indexed into a temporary
    database (removed at exit)."""
    if ref.is_file():
        return Corpus(ref)
    import atexit
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="duizhao-ref-"))
    atexit.register(shutil.rmtree, tmp, True)
    other = Corpus(tmp / "ref.db")
    other.index([ref])
    return other


# -- jobs for the helper process (top-level functions, so they pickle by name) -----------

_HELPER_CORPORA: dict[str, Corpus] = {}  # in the helper: one Corpus per database path


def _helper_corpus(path: str) -> Corpus:
    corpus = _HELPER_CORPORA.pop(path, None) or Corpus(path)
    _HELPER_CORPORA[path] = corpus  # most recently used last
    while len(_HELPER_CORPORA) > 4:
        _HELPER_CORPORA.pop(next(iter(_HELPER_CORPORA))).close()
    return corpus


def _compare_job(path: str, theme, zones, distinctive: bool, pinyin: bool, by: str = "zone",
                 top=None):
    return _helper_corpus(path).compare(theme, zones, distinctive=distinctive, pinyin=pinyin,
                                        by=by, top=top)


def _kwic_job(path: str, query, sort, limit, width, pinyin, max_paragraphs):
    return _helper_corpus(path).kwic(query, sort, limit, width, pinyin, max_paragraphs)


def _matrix_job(path: str, by: str = "zone"):
    return _helper_corpus(path).matrix(by=by)


def _pinyin_job(path: str):
    from index.search.pinyin import built

    return built(_helper_corpus(path).conn())


def _theme_words_job(path: str, comparison):
    return _helper_corpus(path).theme_words(comparison)


def _distinctive_job(comparison):
    from index.compare.distinctive import add_distinctive

    return add_distinctive(comparison)
