"""Every date a document offers, what each one dates, and which of them is the document's.

A government document has several dates, and they say different things:

=============  ==============================================================================
kind           what it dates, and where it is found
=============  ==============================================================================
delivered      the day a report or speech was given: its subtitle, ——2026年1月26日在天津市第十八届
               人民代表大会第五次会议上 (also without the dash or in brackets); a ``delivered``
               column or manifest key
issued         the day it was issued or adopted: 成文日期/印发日期/发文日期 headers, a dated
               signature under the text, …印发 at the end, （2025年3月11日第十四届全国人民代表大会
               第三次会议通过）; ``issued`` columns or manifest keys
dated          a date the document carries without saying what it is: a line that is only a
               date under the title; a ``date`` column or manifest key
published      the day a web page or a dataset published it: 公开日期/发布日期/发布时间 headers,
               ``publish_date``-like columns
file           a date from the file: one in its name (2024-03-05_…), or its PDF/.docx
               properties (when the file was made)
=============  ==============================================================================

The document's ``date`` is the event: the first of manifest ``date`` (the user's word), then
delivered, issued, dated, published, a file name's date, the file's properties. A date that
a sentence of the body merely mentions (2026年1月20日，省委召开…) is none of these and is not
collected. A date whose year contradicts the document's own years — later than a year the
title or file name states plus one (a 2018年工作总结 in a file 2018_… quoting a 2026 meeting),
or earlier than the file name's year minus one — is kept in the list with a note and never
used. The modification time of a file is not collected: it is when the copy was made.
"""

from __future__ import annotations

import re

from index.meta.dates import ANY_DATE, normalize_date, year_of

KINDS = ("delivered", "issued", "dated", "published", "file")
EVENT_KINDS = ("delivered", "issued")
HEAD_LINES = 15
_SENTENCE = re.compile(r"[。；;！？]")
_DASH = r"[—–\-－─=\s（(【\[]*"
_DELIVERED = re.compile(rf"^{_DASH}({ANY_DATE.pattern})\s*(?:在|于)[^。；;]{{2,60}}?"
                        r"(?:会议|大会|全会|常委会|座谈会|论坛|典礼|仪式)")
_ADOPTED = re.compile(rf"^{_DASH}({ANY_DATE.pattern})\s*[^。；;]{{0,60}}?(?:会议|大会)"
                      r"(?:通过|批准|审议通过)")
_ISSUED_LABEL = re.compile(rf"(成文日期|印发日期|发文日期|签发日期)\s*[:：][\s|]*({ANY_DATE.pattern})")
_PUBLISHED_LABEL = re.compile(rf"(公开日期|发布日期|发布时间|日期|时间)\s*[:：][\s|]*({ANY_DATE.pattern})")
_PRINTED = re.compile(rf"({ANY_DATE.pattern})\s*印发\s*$")
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")

# raw.meta keys (lower case) naming what their date is
META_KINDS = {
    "delivered": ("delivered", "delivered_date", "delivery_date", "speech_date", "报告日期",
                  "讲话日期", "会议日期"),
    "issued": ("issued", "issue_date", "issued_date", "adopted", "adopted_date", "成文日期",
               "印发日期", "发文日期", "签发日期"),
    "dated": ("date", "日期"),
    "published": ("publish_date", "pub_date", "published", "publish_time", "release_date",
                  "发布日期", "公开日期", "发布时间"),
}


def _entry(date, kind: str, source: str, how: str) -> dict | None:
    d = normalize_date(date)
    if not re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", d):
        return None
    return {"date": d, "kind": kind, "source": source, "how": how}


def _lines(text: str, n: int) -> list[str]:
    out = []
    for line in text[:20000].split("\n"):
        if s := line.strip():
            out.append(s)
            if len(out) == n:
                break
    return out


def text_dates(text: str) -> list[dict]:
    """The dates the text gives itself (not those its sentences mention), in kind order."""
    text = text or ""
    out: list = []
    head = _lines(text, HEAD_LINES)
    for line in head:
        if _SENTENCE.search(line) or "，" in line:  # a sentence of the body, not a subtitle
            continue
        if m := _DELIVERED.match(line):
            out.append(_entry(m.group(1), "delivered", "text", "subtitle: " + line[:60]))
        elif m := _ADOPTED.match(line):
            out.append(_entry(m.group(1), "issued", "text", "adopted: " + line[:60]))
    top = text[:3000]
    for m in _ISSUED_LABEL.finditer(top):
        out.append(_entry(m.group(2), "issued", "text", m.group(1)))
    tail = [s for s in (line.strip() for line in text.rsplit("\n", 40)[-40:]) if s][-5:]
    for line in reversed(tail):
        if m := _PRINTED.search(line):
            out.append(_entry(m.group(1), "issued", "text", "印发 line"))
            break
        if ANY_DATE.fullmatch(line):
            out.append(_entry(line, "issued", "text", "dated signature"))
            break
    for line in head:  # a line that is only a date, under the title
        if m := re.fullmatch(rf"[（(【\[]?\s*({ANY_DATE.pattern})\s*[)）】\]]?", line):
            out.append(_entry(m.group(1), "dated", "text", "date line"))
            break
    if m := _PUBLISHED_LABEL.search(top):
        out.append(_entry(m.group(2), "published", "text", m.group(1)))
    return [e for e in out if e]


def meta_dates(meta: dict, source: str) -> list[dict]:
    """Dates of a dataset's columns or a file's own metadata, each of the kind its key names."""
    norm = {str(k).lstrip("\ufeff").strip().lower(): v for k, v in (meta or {}).items()}
    column = str(norm.pop("date_column", "") or "").strip().lower()
    if column and column != "date" and "date" in norm:  # a dataset's column, mapped to date
        norm.setdefault(column, norm.pop("date"))
    out = []
    for kind, keys in META_KINDS.items():
        for key in keys:
            v = norm.get(key)
            if v is not None and str(v).strip() and (e := _entry(v, kind, source, key)):
                out.append(e)
    return out


def manifest_dates(man: dict) -> list[dict]:
    """A manifest's `date` (of kind `date_kind`, else "dated") and its `delivered`, `issued`,
    `published` keys."""
    out = []
    if man.get("date") not in (None, ""):
        kind = str(man.get("date_kind") or "dated").strip()
        out.append(_entry(man["date"], kind if kind in KINDS else "dated", "manifest", "date"))
    for kind in ("delivered", "issued", "published"):
        if man.get(kind) not in (None, ""):
            out.append(_entry(man[kind], kind, "manifest", kind))
    return [e for e in out if e]


def name_dates(stem: str, file_date: str = "") -> list[dict]:
    """A full date in the file's name (2024-03-05_…, 20240305), and its properties' date."""
    out = []
    if m := _NAME_DATE.search(stem or ""):
        out.append(_entry("-".join(m.groups()), "file", "file name", "file name"))
    if file_date:
        out.append(_entry(file_date, "file", "file date", "file properties"))
    return [e for e in out if e]


def bounds(title_years: list[int], name_year: int | None) -> tuple[int, int]:
    """(earliest, latest) year a document's date may have: the file name's year − 1 to one
    more than the latest year its title or name states; (0, 9999) when they state none."""
    years = [y for y in title_years if y] + ([name_year] if name_year else [])
    if not years:
        return 0, 9999
    return ((name_year - 1) if name_year else 0), max(years) + 1


def title_years(title: str) -> list[int]:
    """The years a title states, but not a target (到2035年, 至2025年)."""
    out = []
    for m in re.finditer(r"(?<!\d)(\d{4})\s*年", title or ""):
        if title[max(0, m.start() - 2):m.start()].endswith(("到", "至", "—", "-")):
            continue
        if y := year_of(m.group(1)):
            out.append(y)
    return out


def choose(candidates: list[dict], lo: int = 0, hi: int = 9999) -> tuple[dict | None, list[dict]]:
    """(the event date's entry or None, every entry with "used" and, when refused, "note").
    Order: a manifest's `date`; then by kind (KINDS order), the manifest's first, then a
    dataset column or file metadata, then the text; a year alone only when nothing fuller."""
    seen, entries = set(), []
    for e in candidates:
        key = (e["date"], e["kind"], e["source"])
        if key not in seen:
            seen.add(key)
            entries.append(dict(e, used=False))
    for e in entries:
        y = year_of(e["date"])
        if y and not lo <= y <= hi and e["source"] != "manifest":  # the user's word stands
            e["note"] = (f"not used: the year contradicts the title or file name "
                         f"({lo if y < lo else hi - 1})")
    rank = {"manifest": 0, "dataset column": 1, "file metadata": 1, "text": 2,
            "file name": 3, "file date": 4}
    usable = [e for e in entries if "note" not in e]

    def key(e):
        first = 0 if (e["source"] == "manifest" and e["how"] == "date") else 1
        return (first, KINDS.index(e["kind"]), rank.get(e["source"], 5), -len(e["date"]))
    best = min(usable, key=key, default=None)
    if best is not None:
        best["used"] = True
        if best["kind"] == "dated":  # a bare date that another source says what it is
            best["kind"] = next((e["kind"] for e in usable if e["date"] == best["date"]
                                 and e["kind"] != "dated"), "dated")
    entries.sort(key=lambda e: (not e["used"], KINDS.index(e["kind"]), rank.get(e["source"], 5)))
    return best, entries
