"""Resolving a document's metadata: manifest, the file's own metadata, then detection.

``resolve`` applies the precedence used by the index:

    corpus.toml manifest  >  raw.meta (dataset columns, front matter, <title>)  >  detection

and normalises the result: date to "YYYY-MM-DD" / "YYYY-MM" / "YYYY", year to int
(from date, else title), short = short_zone(zone) unless given. A manifest key
wins even when empty; an empty meta value does not count.
"""

from __future__ import annotations

from pathlib import Path

from index.meta import manifest
from index.meta.dates import normalize_date, valid_date, year_of
from index.meta.detect import detect, short_zone, zone_in_line
from index.model import RawDoc

FIELDS = ("zone", "short", "title", "date", "year", "doc_number", "source")


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
    """Final metadata: manifest > raw.meta > detection, normalised; adds "note".

    Raises manifest.ManifestError when the governing corpus.toml is malformed.
    """
    man = manifest.overrides(Path(raw.path), raw.key) if raw.path else {}
    meta = _meta_fields(raw.meta)
    found = detect(raw, title_lines)

    def pick(field, default=""):
        for layer in (man, meta, found):
            if field in layer:
                return layer[field]
        return default

    out = {f: ("" if pick(f) is None else str(pick(f)).strip()) for f in ("zone", "title", "doc_number", "source")}
    out["date"] = normalize_date(pick("date"))
    out["short"] = str(man.get("short", meta.get("short", "")) or short_zone(out["zone"])).strip()
    if "year" in man:
        out["year"] = _to_year(man["year"])
    elif "year" in meta:
        out["year"] = _to_year(meta["year"])
    else:
        out["year"] = year_of(out["date"]) or year_of(out["title"])
    out["note"] = str(man.get("note", meta.get("note", "")))
    return {f: out[f] for f in FIELDS + ("note",)}
