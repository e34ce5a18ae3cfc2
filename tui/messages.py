"""Messages that workers post; handlers on screens update widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CorpusReady(Message):
    """The database is open (built from the samples first if needed)."""

    path: str
    documents: int


@dataclass
class CorpusFailed(Message):
    reason: str


@dataclass
class OpenInReader(Message):
    """Ask the app to show a document in the reader at a paragraph, with terms to highlight."""

    doc_id: str
    seq: int = 1
    terms: tuple[str, ...] = ()
