"""What an index run reports: its progress as it goes, and what it did (index/store/ingest.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Progress:
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    path: str
    waiting: float = 0.0  # seconds waited so far for another index run's lock


@dataclass
class IndexReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files of other kinds found in folders
    removed: list[str] = field(default_factory=list)  # pruned files
    skipped: list[tuple[str, str]] = field(default_factory=list)  # links out, system folders
    docs: int = 0
    paragraphs: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        """True when nothing could be indexed although something was asked for."""
        return bool(self.errors) and not self.indexed and not self.unchanged
