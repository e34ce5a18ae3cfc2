"""The library part of the façade (mixed into index.corpus.Corpus): the document list, one
document, its original text, indexing, metadata edits."""

from __future__ import annotations

from pathlib import Path

from index.store.connection import store_errors
from index.store.pool import CorpusBase


class LibraryAPI(CorpusBase):
    """Documents in and out: list, read, index, correct. The bottom capability: every other
    mixin of the façade extends it (index/corpus.py)."""

    @store_errors
    def docs(self):
        from index.store.library import list_docs

        return list_docs(self.conn())

    def docs_by_id(self) -> dict:
        return {d.doc_id: d for d in self.docs()}

    @store_errors
    def document(self, doc_id: str):
        """One document whole (store.library.Document), or None."""
        from index.store.library import document

        return document(self.conn(), doc_id)

    @store_errors
    def original(self, doc_id: str) -> tuple[str | None, str]:
        """(text, note): the file's text before repair, read again; see library.original_text."""
        from index.store.library import original_text

        return original_text(self.conn(), doc_id)

    def index(self, paths, progress=None, prune: bool = False, columns=None,
              max_bytes: int | None = None, follow_links: bool = False):
        """Index files or folders into this database (store.ingest.index_paths); links out
        of the folders are followed only with follow_links."""
        from index.store.ingest import index_paths

        self.close()  # let the writer see a quiet database; reopened on next read
        kwargs = {"max_bytes": max_bytes} if max_bytes is not None else {}
        report = index_paths(self.path, paths, progress=progress, prune=prune,
                             columns=columns, follow_links=follow_links,
                             themes=self.lexicon_matchers(), **kwargs)
        _give_back_memory()
        self.refresh_frequent()
        return report

    def lexicon_matchers(self) -> dict:
        """The themes whose matches indexing materialises (store/themehits.py): none here;
        the comparison layer (compare/api.py) gives the lexicon's."""
        return {}

    def refresh_frequent(self) -> int:
        """What indexing refreshes for search afterwards: nothing here; the search layer
        (search/api.py) recomputes its frequent terms. Returns the queries kept."""
        return 0

    @staticmethod
    def count_files(paths, follow_links: bool = False, stop_at: int = 5000) -> tuple[int, bool]:
        """(files an index run would read, True if more than stop_at), without reading them."""
        from index.load.loaders import count_files

        return count_files(paths, follow_links=follow_links, stop_at=stop_at)

    def check(self) -> list[str]:
        """Every check of the database (`main.py check`): SQLite's integrity_check, FTS5's
        integrity-check and each paragraph's text against its checksum
        (index/store/verify.py); the problems found, [] when healthy. A read-only file
        gets the checks that need no write access."""
        import sqlite3

        from index.store.connection import StoreError, connect, reporting
        from index.store.verify import all_mismatched, fts_errors

        problems: list[str] = []
        with reporting(self.path):
            try:
                conn = connect(self.path, write=True)
            except StoreError as exc:
                if "read-only" not in str(exc):
                    return [str(exc)]
                conn = connect(self.path)
            try:
                problems += [f"integrity_check: {r[0]}" for r in conn.execute(
                    "PRAGMA integrity_check(20)") if r[0] != "ok"]
                try:
                    problems += fts_errors(conn)
                except sqlite3.OperationalError as exc:  # read-only: cannot run it
                    if "readonly" not in str(exc).lower():
                        raise
                bad, _ = all_mismatched(conn)
                problems += [f"paragraph {pid}: its text does not match its checksum"
                             for pid in bad]
            finally:
                conn.close()
        return problems

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


def _give_back_memory() -> None:
    """Return the heap the indexing run freed to the system before the frequent-term pass
    adds its own (glibc keeps freed blocks otherwise: 50 MB of real paragraphs, 103 -> 47 MB
    resident). Nothing elsewhere."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library
        pass
