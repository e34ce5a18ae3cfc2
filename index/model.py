"""Plain data shared by the loaders, the structure parser, the store and search."""

from __future__ import annotations

from dataclasses import dataclass, field


class LoadError(Exception):
    """A file that cannot be read; str(error) is the reason shown to the user."""


@dataclass
class RawDoc:
    """One document as it comes out of a file, before repair and structure.

    A plain file yields one RawDoc; a dataset (.csv, .jsonl) yields one per row.
    """

    path: str  # the file it came from
    key: str  # "" for a single-document file, the 1-based row number for dataset rows
    text: str  # decoded text, line ends normalised to "\n", nothing else changed
    fmt: str  # txt, md, html, docx, pdf, csv, jsonl
    meta: dict = field(default_factory=dict)  # title, zone, date, source, doc_number... as found
    encoding: str | None = None  # detected encoding, for byte formats


@dataclass
class Section:
    idx: int  # position in Parsed.sections
    parent: int | None  # idx of the enclosing section, None at top level
    level: int  # 1 = outermost
    number: str  # the numbering as written: "一、", "（一）", "1.", "一是", "#", "**"
    title: str  # heading text without its numbering


@dataclass(slots=True)  # a 150 MB text has half a million: no __dict__ each
class Para:
    seq: int  # 1-based position in the document
    kind: str  # "heading", "body" or "caption"
    text: str  # as displayed (repaired)
    section: int | None  # idx of the innermost section it belongs to (a heading belongs to its own)
    path: list[str] = field(default_factory=list)  # section titles, outermost first


@dataclass
class Parsed:
    paras: list[Para]
    sections: list[Section]
    title_lines: list[str] = field(default_factory=list)  # lines before the body taken as title/preamble
