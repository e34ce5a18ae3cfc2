"""The façade: everything the app and the command line ask of the core, in one object.

``Corpus(path)`` opens nothing until asked. Reads go through a per-thread pooled connection
(safe to call from worker threads); writes (indexing, metadata edits) open their own. Heavy
work can run in the helper process (index/helper.py) so that an app's drawing never waits
for the interpreter lock.

Corpus is thin: the connection pool and the helper processes are its base
(index/store/pool.py), and what it can be asked comes from one mixin per capability, each
beside the code it calls and each extending the mixin of the layer below it (so what it
calls of another capability is typed) —

    index/store/api.py     LibraryAPI    docs, document, original, index, set_metadata
    index/search/api.py    SearchAPI     search, kwic, warm_up, prepare_pinyin
    index/compare/api.py   CompareAPI    themes, compare, add_distinctive, nearest, matrix
    index/time/api.py      TimeAPI       trend, first_use
    index/analysis/api.py  AnalysisAPI   units, keywords, collocates, clusters, words
    index/reuse/api.py     ReuseAPI      reuse_update, reuse, reuse_families, diff
    index/workflow/api.py  WorkflowAPI   codes, code_query, coded, code_matrix, memos, sets,
                                         saved searches, app_state (docs/workflow.md)
    index/report/api.py    ReportAPI     report_html, report_page, plot, export_qdpx,
                                         import_qdpx (hand-over: HTML, dispersion, REFI-QDA)

Where the database lives and how the per-user one is made ready are in index/locations.py
and index/bootstrap.py.

This module is also the core's public surface for tui/ and main.py: besides Corpus they
import from index/ only the names re-exported below, index.export, index.locations,
index.model and index.text (pure text functions); import-linter enforces it
(pyproject.toml, docs/architecture.md).
"""

from __future__ import annotations

from pathlib import Path

from index import helper
from index.analysis.api import AnalysisAPI
from index.compare.api import CompareAPI
from index.compare.groups import BY as GROUPINGS
from index.compare.words import ThemeWords
from index.locations import BUNDLED
from index.meta.cite import CiteInfo, cite_passage, info_of
from index.meta.levels import chain as level_chain
from index.meta.manifest import ManifestError
from index.report.api import ReportAPI
from index.reuse.api import ReuseAPI
from index.search.api import SearchAPI
from index.search.budget import SEARCH_SECONDS
from index.search.snippet import make_snippet
from index.store.api import LibraryAPI
from index.store.connection import StoreError
from index.store.zones import UnknownZone
from index.time.api import TimeAPI
from index.words.themes import ThemeError, load_themes
from index.workflow.api import WorkflowAPI
from index.workflow.model import WorkflowError

__all__ = [  # the public surface (see the module's docstring)
    "BUNDLED", "Corpus", "GROUPINGS", "SEARCH_SECONDS", "CiteInfo", "ManifestError", "StoreError",
    "ThemeError", "ThemeWords", "UnknownZone", "WorkflowError", "cite_passage", "info_of",
    "level_chain", "load_themes", "make_snippet",
]


class Corpus(ReportAPI, TimeAPI, WorkflowAPI, CompareAPI, AnalysisAPI, SearchAPI, ReuseAPI,
             LibraryAPI):
    """What the app and the command line ask of the core: one object, safe to call from
    worker threads (index/store/pool.py: a connection per thread, the helper processes).
    Nothing here knows about the UI.
    """

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

        text = self.export(data, fmt, limit) if fmt != "html" else self.report_page(data, limit)
        record = provenance(self, data, command=command, fmt=fmt, query=query, theme=theme,
                            filters=filters)
        return write_export(path, text, record)
