"""Resolving a document's metadata, and where each field came from.

``resolve`` applies the precedence used by the index, field by field:

    zone   manifest > dataset column / file metadata > text (header, title) > file name
           > folder > text (the place it names most)
    year   manifest > dataset column / file metadata year > the date's year > document
           number (〔2018〕) > headings and title (2019年工作思路) > file name > folder
           > a date from file metadata
    date   the event: manifest date > delivered > issued > dated > published > file name
           > the file's creation date, a date contradicting the title's or file name's year
           never (events.py); every date found is kept in "dates" with its kind and source
    others manifest > dataset column / file metadata > text
    level, parent   manifest > the zone's name, a table of known places, the text (levels.py)

and normalises the result: date to "YYYY-MM-DD" / "YYYY-MM" / "YYYY", year to int,
short = short_zone(zone) unless given. A manifest key wins even when empty; an empty meta
value does not count. "provenance" maps each non-empty field to one of SOURCES: a date that
is only the file's creation date (a PDF's or .docx's properties) is "file date" there, and
callers show it as such.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.meta import events, manifest
from index.meta.dates import doc_number_year, heading_year, normalize_date, valid_date, year_of
from index.meta.detect import detect, find_zone, short_zone, zone_in_line
from index.meta.levels import level_source, normal_level, parent_source
from index.meta.names import from_path
from index.model import RawDoc

FIELDS = ("zone", "short", "title", "date", "year", "doc_number", "source", "level", "parent")
# "file date": a file's creation timestamp (PDF/.docx properties), never the document's own
# date; "zone name" and "known places": a level or parent derived from the zone
SOURCES = ("manifest", "dataset column", "file metadata", "title", "text", "file name",
           "folder", "file date", "zone name", "known places", "gazetteer")
DATASET_FORMATS = ("csv", "jsonl", "json", "tsv", "xlsx")
# raw.meta keys a loader sets for the file's own creation date (not a publication date)
FILE_DATE = "file_date"
_JUNK_TITLE = re.compile(r"^(?:untitled|无标题|无题|document\d*|文档\d*|新建.*文档.*|microsoft word)$", re.I)


# raw.meta keys accepted for each field, in order of preference
META_ALIASES = {
    "zone": ("zone", "province", "region", "area", "地区", "省份", "区域"),
    "short": ("short",),
    "title": ("title", "标题"),
    "date": ("date", "publish_date", "pub_date", "published", "publish_time", "发布日期",
             "公开日期", "日期"),
    "year": ("year", "年份", "年度"),
    "doc_number": ("doc_number", "docno", "doc_no", "文号", "发文字号"),
    "source": ("source", "publisher", "来源", "发布机构"),
    "note": ("note",),
}


def _meta_fields(meta: dict) -> dict:
    """raw.meta mapped onto our field names; empty values dropped."""
    norm = {str(k).lstrip("\ufeff").strip().lower(): v for k, v in (meta or {}).items()}
    out = {}
    for field, names in META_ALIASES.items():
        for name in names:
            v = norm.get(name)
            if v is not None and str(v).strip():
                if field == "title":
                    v = re.sub(r"^Microsoft Word - |\.(?:docx?|pdf|wps)$", "", str(v).strip())
                    if _JUNK_TITLE.match(v.strip()):
                        continue
                out[field] = v
                break
    # a provincial report names its province in the title: 2026年浙江省政府工作报告
    if "zone" not in out and "title" in out:
        if zone := zone_in_line(str(out["title"]).strip()):
            out["zone"] = zone
    return out


def _to_year(v) -> int | None:
    if v is None or v == "":
        return None
    if isinstance(v, int) and not isinstance(v, bool):
        return v if valid_date(v) else None
    return year_of(normalize_date(v))


def resolve(raw: RawDoc, title_lines: list[str] | None = None) -> dict:
    """Final metadata: FIELDS, "note", "provenance" ({field: one of SOURCES}), "date_kind"
    (what the date dates: events.KINDS) and "dates" (every date found, events.choose).

    Raises manifest.ManifestError when the governing corpus.toml is malformed.
    """
    path = Path(raw.path) if raw.path else None
    man = manifest.overrides(path, raw.key) if path else {}
    meta = _meta_fields(raw.meta)
    meta_src = "dataset column" if (raw.key or raw.fmt in DATASET_FORMATS) else "file metadata"
    found = detect(raw, title_lines)
    named, named_src = from_path(path) if path else ({}, {})
    text = raw.text or ""
    prov: dict[str, str | None] = {}

    def pick(field, *layers):
        for value, src in layers:
            if value is not None and (src == "manifest" or str(value).strip()):
                return value, src
        return None, None

    def std(field):
        return pick(field, (man.get(field), "manifest"), (meta.get(field), meta_src),
                    (found.get(field), "text"))

    out: dict = {}
    for f in ("title", "doc_number", "source"):
        value, src = std(f)
        out[f] = "" if value is None else str(value).strip()
        if f == "title" and src == "text" and out[f] == (path.stem if path else ""):
            src = "file name"  # detection fell back to the file's name
        prov[f] = src
    # zone: what the text states beats the file's name; the place it merely names most does not
    strong = found["zone"] if found["zone"] and find_zone(text, title_lines, mentions=False) else ""
    value, src = pick("zone", (man.get("zone"), "manifest"), (meta.get("zone"), meta_src),
                      (strong, "text"), (named.get("zone"), named_src.get("zone")),
                      (found["zone"], "text"))
    out["zone"] = "" if value is None else str(value).strip()
    if src == "text" and out["zone"] and zone_in_line(out["title"]) == out["zone"]:
        src = "title"  # the issuer its title names, not a clue from the body
    prov["zone"] = src
    # date: the event's (delivered, issued) before a publication or a file's date; every
    # date found is kept with its kind and source (events.py)
    cands = (events.manifest_dates(man) + events.meta_dates(raw.meta, meta_src)
             + events.text_dates(text)
             + events.name_dates(path.stem if path else "", str(raw.meta.get(FILE_DATE) or "")))
    name_year = named.get("year") if named_src.get("year") == "file name" else None
    best, out["dates"] = events.choose(cands, *events.bounds(
        events.title_years(out["title"]), name_year))
    if "date" in man and not str(man["date"] or "").strip():
        best = None  # the manifest says the document has no date
        for e in out["dates"]:
            e["used"] = False
    out["date"] = best["date"] if best else ""
    prov["date"] = best["source"] if best else ("manifest" if "date" in man else None)
    out["date_kind"] = best["kind"] if best else ""
    if "short" in man:
        out["short"], prov["short"] = str(man["short"] or "").strip(), "manifest"
    elif str(meta.get("short", "")).strip():
        out["short"], prov["short"] = str(meta["short"]).strip(), meta_src
    else:
        out["short"], prov["short"] = short_zone(out["zone"]), prov["zone"]
    out["year"], prov["year"] = _year(man, meta, meta_src, out, prov, text, title_lines,
                                      named, named_src)
    if prov["date"] == "file date" and out["year"] and year_of(out["date"]) != out["year"]:
        out["date"], prov["date"] = "", None  # a file made in another year than the document
        out["date_kind"] = ""
        for e in out["dates"]:
            if e["used"]:
                e["used"], e["note"] = False, "not used: a file made in another year"
    # level and parent: the manifest, else the zone's name, known places, the text
    for f, derive in (("level", lambda: level_source(out["zone"])),
                      ("parent", lambda: parent_source(out["zone"], text))):
        if f in man:
            out[f], prov[f] = str(man[f] or "").strip(), "manifest"
        else:
            out[f], prov[f] = derive()
    out["level"] = normal_level(out["level"])
    out["note"] = str(man.get("note", meta.get("note", "")))
    out["provenance"] = {f: prov[f] for f in FIELDS
                         if prov.get(f) and out.get(f) not in (None, "")}
    return {f: out[f] for f in FIELDS + ("note", "provenance", "date_kind", "dates")}


def _year(man, meta, meta_src, out, prov, text, title_lines, named, named_src):
    """(year, its source): see the module's precedence."""
    if "year" in man:
        return _to_year(man["year"]), "manifest"
    if "year" in meta and (y := _to_year(meta["year"])):
        return y, meta_src
    if prov["date"] != "file date" and (y := year_of(out["date"])):
        return y, prov["date"]
    if y := doc_number_year(out["doc_number"]):
        return y, prov["doc_number"]
    heads = [out["title"]] + list(title_lines or []) + _headings(text)
    if y := heading_year(heads):
        return y, "manifest" if prov["title"] == "manifest" and heading_year([out["title"]]) \
            else ("file name" if prov["title"] == "file name" else "text")
    if named.get("year"):
        return named["year"], named_src["year"]
    if y := year_of(out["date"]):
        return y, prov["date"]
    return None, None


def _headings(text: str, lines: int = 40) -> list[str]:
    """The short lines near the top (titles, first headings) where a plan's year is stated."""
    out = []
    for line in text[:8000].split("\n"):
        s = line.strip().lstrip("#").strip()
        if s and len(s) <= 40:
            out.append(s)
        if len(out) >= lines:
            break
    return out
