"""Passage citations for the clipboard: the passage, then its reference in the configured
style (index/meta/cite.py: GB/T 7714 by default, settings.toml [citation] style)."""

from __future__ import annotations

from index.corpus import CiteInfo, cite_passage, info_of


def cite(text: str, zone: str, title: str, section: str, para: int, doc=None) -> str:
    """doc: the document's metadata (DocInfo or its dict), for its number, date and source
    URL; without it the reference has zone, title, section and paragraph only."""
    info = info_of(doc, section, para) if doc is not None else CiteInfo(zone, title, section, para)
    info.zone, info.title = zone or info.zone, title or info.title
    return cite_passage(text, info)
