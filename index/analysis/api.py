"""The word-statistics part of the façade (mixed into index.corpus.Corpus): units,
keywords, collocates, clusters, word lists, and a theme's words per zone."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from index.search.api import SearchAPI


class AnalysisAPI(SearchAPI):
    """Statistics on whole words (units)."""

    def units(self, progress=None, optional: bool = False,
              most_chars: int | None = None) -> bool:
        """Make the unit tables current (built lazily: on first use and whenever the
        database changed since); True when they were rebuilt. optional: a database that
        cannot be written (read-only file) is no error, the tables are then not made.
        most_chars: build them only for a corpus of at most that many characters (a
        comparison's distinctive words; see compare/distinctive.py)."""
        from index.analysis.store import ensure, ensure_if_small
        from index.store.connection import StoreError, reporting

        try:  # a full disk or a read-only file: a StoreError saying so, not a traceback
            with reporting(self.path):
                if most_chars is not None:
                    ensure_if_small(self.path, most_chars, progress)
                    return False
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
        if isinstance(ref, (str, Path)) and is_path(ref):
            with reference_corpus(type(self), Path(ref), progress) as other:
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


def is_path(ref) -> bool:
    """Does ref name an existing file or folder? (False for a name the system refuses,
    e.g. longer than a file name may be: it is then zone names.)"""
    try:
        return Path(ref).exists()
    except (OSError, ValueError):
        return False


@contextmanager
def reference_corpus(corpus_cls, ref: Path, progress=None):
    """A reference corpus for keywords --ref: a database file as it is, or a folder indexed
    into a temporary database under the bounds of `index` (hidden and system folders
    skipped, links out not followed; the caller asks before more than 5,000 files). The
    temporary folder is removed when done, on an exception, Ctrl-C, SIGTERM or SIGHUP;
    one left by a killed run (SIGKILL) is removed by the next run (its process is gone)."""
    if ref.is_file():
        yield corpus_cls(ref)
        return
    import shutil
    import tempfile

    _remove_stale(Path(tempfile.gettempdir()))
    tmp = Path(tempfile.mkdtemp(prefix=f"duizhao-ref-{os.getpid()}-"))
    other = None
    try:
        with _signals_raise():
            other = corpus_cls(tmp / "ref.db")
            other.index([ref])
            yield other
    finally:
        if other is not None:
            other.close()
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def _signals_raise():
    """SIGTERM and SIGHUP end the process through SystemExit (so `finally` runs) while
    inside; the handlers before are restored after."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    old = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _remove_stale(tmpdir: Path) -> None:
    """duizhao-ref-PID-* folders whose process is gone (killed before it could clean up)."""
    import shutil

    for d in tmpdir.glob("duizhao-ref-*-*"):
        try:
            pid = int(d.name.split("-")[2])
        except (ValueError, IndexError):
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except OSError:
            pass  # alive (another user's): left alone
