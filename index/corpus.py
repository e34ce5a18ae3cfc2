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
        except store.OtherVersionError:
            _rebuild(db_path, progress)
            conn = None
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


def _rebuild(db_path: Path, progress=None) -> None:
    """The per-user database is from another version of duizhao: index the same files again
    into a new one (the database only ever holds what can be read again from them)."""
    from .ingest import index_paths

    raw = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        paths = [p for (p,) in raw.execute("SELECT path FROM files WHERE status = 'ok'")]
    except sqlite3.DatabaseError:
        paths = []
    finally:
        raw.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    keep = [p for p in paths if os.path.exists(p) and not Path(p).is_relative_to(SAMPLES_DIR)]
    if keep:
        index_paths(db_path, keep, progress=progress)


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

    Each thread reads through its own connection, leased from a pool: a worker thread lives
    for one search, and a connection kept warm (SQLite's page cache) makes the next search
    fast. The lease goes back to the pool when its thread ends. Writes (indexing, metadata
    edits) open their own connection. Nothing here knows about the UI.
    """

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
            lease = self._local.lease = _Lease(self, conn or store.connect(self.path))
        return lease.conn

    def _give_back(self, conn: sqlite3.Connection) -> None:
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
        from .throttle import foreground

        foreground()

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
        from .pinyin import cached, install

        conn = self.conn()
        if cached(conn):
            return True
        done = _in_helper(_pinyin_job, str(self.path))
        if done is None:
            return False
        install(conn, *done)
        return True

    def docs(self):
        from .library import list_docs

        return list_docs(self.conn())

    def document(self, doc_id: str) -> Document | None:
        from .library import _path, get_doc

        conn = self.conn()
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
        paths = {s.id: _path(s.id, known) for s in sections}
        paras = [ParaRow(pid, seq, kind, sec, paths.get(sec, ""), text)
                 for pid, seq, kind, sec, text in conn.execute(
                     "SELECT id, seq, kind, section, text FROM paras WHERE id BETWEEN ? AND ? "
                     "ORDER BY id", (first, last if last is not None else first - 1))]
        return Document(info, paras, sections)

    def original(self, doc_id: str) -> tuple[str | None, str]:
        """(text, note): the file's text before repair, read again; see library.original_text."""
        from .library import original_text

        return original_text(self.conn(), doc_id)

    def index(self, paths, progress=None, prune: bool = False):
        from .ingest import index_paths

        self.close()  # let the writer see a quiet database; reopened on next read
        return index_paths(self.path, paths, progress=progress, prune=prune)

    def set_metadata(self, doc_id: str, fields: dict):
        """Write zone/year/title… for a document to its manifest and re-index its file. A
        changed zone drops the manifest's short name (derived again from the new zone)
        unless `fields` gives one."""
        from .manifest import write_override

        info = self.docs_by_id().get(doc_id)
        if info is None:
            raise KeyError(doc_id)
        key = self.conn().execute("SELECT key FROM docs WHERE doc_id = ?",
                                  (doc_id,)).fetchone()[0]
        fields = dict(fields)
        if fields.get("zone") not in (None, info.zone) and "short" not in fields:
            fields["short"] = None  # a new zone: its short name follows it, not the old one's
        manifest = write_override(Path(info.path), key or "", fields)
        report = self.index([info.path])
        return manifest, report

    # -- theme comparison ---------------------------------------------------------------
    def themes(self) -> dict:
        from .compare import all_themes

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
        from .compare import compare
        from .themes import find_theme

        if separate_process:
            done = _in_helper(_compare_job, str(self.path), theme, zones, distinctive, pinyin)
            if done is not None:
                return done
        conn = self.conn()
        note = ""
        if pinyin and isinstance(theme, str) and find_theme(self.themes(), theme.strip()) is None:
            parsed, note = with_pinyin(conn, theme)
            if note:  # typed in pinyin: compare the corpus terms it stands for
                theme = " ".join(parsed.groups[0])
        result = compare(conn, theme, zones, distinctive=distinctive)
        if note:
            result.notes.insert(0, note)
        return result

    def add_distinctive(self, comparison, separate_process: bool = False):
        """Fill in the comparison's distinctive words (in place; also returned).

        separate_process: segment in a helper process, so that loading jieba (a second of
        pure Python holding the interpreter lock) never stalls the caller's other threads,
        such as an app's drawing. Falls back to this process if the helper cannot run."""
        from .compare import add_distinctive

        if separate_process:
            done = _in_helper(_distinctive_job, comparison)
            if done is not None:
                for zone, new in zip(comparison.zones, done.zones):
                    zone.distinctive = new.distinctive
                comparison.notes = done.notes
                comparison.distinctive_done = done.distinctive_done
                return comparison
        return add_distinctive(comparison)

    def nearest(self, comparison, passage, zones=None) -> dict:
        """{zone: its passage most like `passage`} for every other zone of the comparison
        (or of those in `zones`)."""
        from .compare import nearest

        return nearest(None, comparison, passage, zones=zones)

    def matrix(self, separate_process: bool = False):
        """Every theme × every zone (index.report.theme_matrix); separate_process as in
        compare()."""
        from .report import theme_matrix

        if separate_process:
            done = _in_helper(_matrix_job, str(self.path))
            if done is not None:
                return done
        return theme_matrix(self.conn(), self.themes())

    def markdown(self, comparison, limit: int = 10) -> str:
        from .report import markdown

        return markdown(comparison, limit=limit)

    def docs_by_id(self) -> dict:
        return {d.doc_id: d for d in self.docs()}


class _Lease:
    """A pooled connection held by one thread; returned when the thread (its local) goes."""

    def __init__(self, corpus: Corpus, conn: sqlite3.Connection):
        self.corpus, self.conn = corpus, conn

    def close(self) -> None:
        self.conn.close()
        self.corpus = None

    def __del__(self):
        if self.corpus is not None:
            self.corpus._give_back(self.conn)


_HELPER = None
_HELPER_LOCK = threading.Lock()


def start_helper() -> None:
    """Start the helper process now (it boots while the caller goes on), so that the first
    job does not wait for it. Optional: the first job starts it otherwise."""
    try:
        _helper().submit(int)
    except Exception:
        pass


def _helper():
    """One long-lived helper process (spawned, so no lock held by a thread is inherited)."""
    global _HELPER
    with _HELPER_LOCK:  # workers of several threads may ask at once
        if _HELPER is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _start_resource_tracker()
            _HELPER = ProcessPoolExecutor(max_workers=1, initializer=_helper_init,
                                          mp_context=multiprocessing.get_context("spawn"))
            import atexit

            atexit.register(_drop_helper)
        return _HELPER


def _drop_helper() -> None:
    """At exit, let the pool go while the modules it reports through still exist (otherwise
    its weakref callback prints "Exception ignored … 'NoneType' object has no attribute
    'util'" once the interpreter has torn them down)."""
    global _HELPER
    helper, _HELPER = _HELPER, None
    if helper is not None:
        helper.shutdown(wait=False, cancel_futures=True)


def _start_resource_tracker() -> None:
    """multiprocessing's resource tracker, started with a real stderr.

    Spawning a process first starts that tracker, which passes sys.stderr.fileno() on. An
    app that captures printing (Textual replaces sys.stderr by an object whose fileno() is
    -1) would make every spawn fail with "bad value(s) in fds_to_keep"."""
    import contextlib
    import sys
    from multiprocessing import resource_tracker

    try:
        real = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        real = False
    if real or sys.__stderr__ is None:
        resource_tracker.ensure_running()
        return
    with contextlib.redirect_stderr(sys.__stderr__):
        resource_tracker.ensure_running()


def _helper_init() -> None:
    """In the helper: nothing it prints may reach the caller's terminal (an app draws
    there); errors of a job come back with its result."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _in_helper(job, *args):
    """job(*args) in the helper process; None if the helper cannot run it (no processes in
    this sandbox, a broken pool, an error in the job): the caller then does it inline, which
    raises the job's own error, if any, where the caller expects it."""
    global _HELPER
    try:
        return _helper().submit(job, *args).result()
    except Exception as exc:
        from concurrent.futures.process import BrokenProcessPool

        if isinstance(exc, BrokenProcessPool):
            _HELPER = None  # the next call starts a new helper
        return None


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
    from .pinyin import built

    return built(_helper_corpus(path).conn())


def _distinctive_job(comparison):
    from .compare import add_distinctive

    return add_distinctive(comparison)


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
