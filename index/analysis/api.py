"""The word-statistics part of the façade (mixed into index.corpus.Corpus): units,
keywords, collocates, clusters, word lists, and a theme's words per zone."""

from __future__ import annotations

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
        from index.store.connection import StoreError

        try:
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
        if isinstance(ref, (str, Path)) and Path(ref).exists():
            other = reference_corpus(type(self), Path(ref), progress)
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


def reference_corpus(corpus_cls, ref: Path, progress=None):
    """A reference corpus for keywords --ref: a database file as it is, a folder indexed
    into a temporary database (removed at exit)."""
    if ref.is_file():
        return corpus_cls(ref)
    import atexit
    import shutil
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="duizhao-ref-"))
    atexit.register(shutil.rmtree, tmp, True)
    other = corpus_cls(tmp / "ref.db")
    other.index([ref])
    return other
