"""Messages that workers post; handlers on screens update widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CorpusReady(Message):
    """The database is open (built from the samples first if needed)."""

    path: str
    documents: int
    generation: tuple = ()  # Corpus.generation() when the documents were counted


@dataclass
class CorpusFailed(Message):
    reason: str
    quiet: bool = False  # an automatic retry: no new notification


@dataclass
class DataChanged(Message):
    """The database's contents changed (another process indexed, or this app did)."""

    documents: int
    generation: tuple
    skip: object = None  # a screen that has already reloaded itself


@dataclass
class OpenInReader(Message):
    """Ask the app to show a document in the reader at a paragraph, with terms to highlight."""

    doc_id: str
    seq: int = 1
    terms: tuple[str, ...] = ()


# -- Compare ---------------------------------------------------------------------------


@dataclass
class Compared(Message):
    key: str
    comparison: object  # index.compare.model.Comparison


@dataclass
class Distinctive(Message):
    key: str
    comparison: object


@dataclass
class WordsReady(Message):
    words: object  # index.compare.words.ThemeWords


@dataclass
class MatrixReady(Message):
    matrix: object


@dataclass
class ThemesReady(Message):
    themes: list  # index.words.themes.Theme, in lexicon order


@dataclass
class Nearest(Message):
    comparison: object
    passage: object
    nearest: dict


# -- Library ---------------------------------------------------------------------------


@dataclass
class DocsLoaded(Message):
    docs: list
    error: str = ""
    select: str | None = None  # doc_id to put the cursor on
    select_path: str | None = None  # or the first document of this file


@dataclass
class IndexProgress(Message):
    progress: object  # index.store.ingest.Progress: files and bytes done and in all, current path


@dataclass
class IndexDone(Message):
    report: object | None
    error: str = ""


@dataclass
class MetaDone(Message):
    doc_id: str
    manifest: str = ""
    report: object | None = None
    error: str = ""


# -- Time (trend, first use) -----------------------------------------------------------


@dataclass
class TrendReady(Message):
    trend: object  # index.time.trend.Trend
    error: str = ""


@dataclass
class FirstUseReady(Message):
    first_use: object  # index.time.first_use.FirstUse
    error: str = ""


# -- Reuse -----------------------------------------------------------------------------


@dataclass
class ReuseFound(Message):
    """Reuse pairs of the paragraphs a screen shows: {paragraph id: pairs, best first}."""

    found: dict


@dataclass
class ReuseUpdated(Message):
    """The app's start-up reuse update stored new pairs: badges shown are stale."""


@dataclass
class DiffReady(Message):
    """The two documents of the split reader, collated."""

    a_id: str
    b_id: str
    result: object  # index.reuse.diff.DiffResult
