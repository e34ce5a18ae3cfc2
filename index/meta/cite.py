"""Citations of a passage: zone, title, document number, date, section, paragraph, source URL.

Two styles (``STYLES``); the user picks one in settings.toml in the config folder::

    [citation]
    style = "gbt7714"     # default: GB/T 7714-2015, the Chinese reference standard
    # style = "plain"     # the short form: 梅山《题名》 一、总体要求，第3段

GB/T 7714-2015 (信息与文献 参考文献著录规则) orders an entry as 主要责任者. 题名: 其他题名信息
[文献类型标志]. 出版者/日期: 引文位置. 获取和访问路径. Here the responsible body is the
document's issuer (its source when that is a body, else its zone); the document number is
the other title information; the type is [Z] (other), or [EB/OL] with the access date in
brackets when the source is a URL; the section and paragraph are the quoted place. A date
that is only the file's creation date (provenance "file date") is marked as such, never
given as the document's date; a report's date is the day it was delivered, marked
(报告日期), and a date that is only its publication's is marked (发布日期).
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass

STYLES = ("gbt7714", "plain")
DEFAULT_STYLE = "gbt7714"
_URL = re.compile(r"https?://\S+")


@dataclass
class CiteInfo:
    zone: str
    title: str = ""
    section: str = ""
    para: int | None = None
    doc_number: str = ""
    date: str = ""
    date_source: str = ""
    source: str = ""  # issuer, publication, or a URL
    date_kind: str = ""  # delivered, issued, dated, published, file (meta/events.py)


def info_of(doc, section: str = "", para: int | None = None) -> CiteInfo:
    """CiteInfo from a document's metadata (store.library.DocInfo or a dict with its keys)."""
    get = doc.get if isinstance(doc, dict) else (lambda k, d="": getattr(doc, k, d))
    prov = get("provenance", {}) or {}
    return CiteInfo(get("zone", "") or "", get("title", "") or "", section or "", para,
                    get("doc_number", "") or "", get("date", "") or "",
                    prov.get("date", "") if isinstance(prov, dict) else "",
                    get("source", "") or "", get("date_kind", "") or "")


def configured_style() -> str:
    """The style in settings.toml ([citation] style), else DEFAULT_STYLE."""
    from index.locations import settings_path

    try:
        data = tomllib.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return DEFAULT_STYLE
    style = str((data.get("citation") or {}).get("style", DEFAULT_STYLE)).strip().lower()
    return style if style in STYLES else DEFAULT_STYLE


def _date(c: CiteInfo) -> str:
    if not c.date:
        return ""
    if c.date_source == "file date":
        return f"{c.date}(文件属性日期)"
    return c.date + _KIND_MARK.get(c.date_kind, "")


# what a date that is not the issue date dates, said in the citation
_KIND_MARK = {"delivered": "(报告日期)", "published": "(发布日期)"}


def _place(c: CiteInfo) -> str:
    parts = [c.section] if c.section else []
    if c.para:
        parts.append(f"第{c.para}段")
    return "，".join(parts)


def format_citation(c: CiteInfo, style: str | None = None, accessed: _dt.date | None = None
                    ) -> str:
    """One reference in the style (default: the configured one)."""
    style = style or configured_style()
    url = m.group(0) if (m := _URL.search(c.source or "")) else ""
    if style == "plain":
        where = f"{c.zone}《{c.title}》" if c.title else c.zone
        if c.doc_number:
            where += f"（{c.doc_number}）"
        if c.date:
            where += f" {_date(c)}"
        if c.section:
            where += f" {c.section}"
        out = where + (f"，第{c.para}段" if c.para else "")
        return out + (f" {url}" if url else "")
    body = c.source if c.source and not url and len(c.source) <= 60 else c.zone
    out = f"{body}. {c.title or '(无题名)'}"
    if c.doc_number:
        out += f": {c.doc_number}"
    place = _place(c)
    if url:
        day = (accessed or _dt.date.today()).isoformat()
        out += "[EB/OL]."
        out += f" ({_date(c)})" if c.date else ""
        out += f"[{day}]"
        out += f": {place}." if place else "."
        return out + f" {url}"
    out += "[Z]."
    if c.date:
        out += f" {_date(c)}"
        out += f": {place}." if place else "."
    elif place:
        out += f" {place}."
    if c.zone and body != c.zone:
        out += f" ({c.zone})"
    return out


def cite_passage(text: str, c: CiteInfo, style: str | None = None) -> str:
    """The passage and its reference, for the clipboard."""
    return f"{text}\n——{format_citation(c, style)}"
