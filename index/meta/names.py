"""Metadata from a file's name and its folders: zone and year, for text that lacks them.

People name their files the way the bundled samples are named, and sort them into folders
by zone or year::

    2021_昆山开发区_工作计划.txt          year 2021, zone 昆山开发区 (file name)
    张江高科技园区/2022/工作总结.docx     zone 张江高科技园区, year 2022 (folders)
    苏州工业园区-2023年工作要点.pdf       zone 苏州工业园区, year 2023 (file name)

A name is split at the separators _ - space 、 . (and their full-width forms). A part that is
a plausible year (1949–2100, written 2021, 2021年 or 2021年度, or opening the part as in
2023年工作要点) gives the year; a part that ends like an administrative area or a zone
(开发区, 高新区, 园区, 新区, 科技城, 省, 市, 区, 县 …, see ZONE_ENDINGS) gives the zone, also when a
document type follows it inside the part (昆山开发区工作计划). The file's own name wins over
its folders, and a nearer folder over one further up. Nothing here reads the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.meta.detect import TITLE_SUFFIXES

YEAR_MIN, YEAR_MAX = 1949, 2100
FOLDERS_UP = 3  # parent folders read above the file
CJK = r"\u4e00-\u9fff"

# Longest first: the name ends in one of these when it names a place or a zone.
ZONE_ENDINGS = tuple(sorted((
    "高新技术产业开发区", "经济技术开发区", "高新技术开发区", "经济开发区", "旅游度假区", "综合保税区",
    "工业园区", "产业园区", "科技园区", "开发区", "高新区", "经开区", "保税区", "新区", "园区",
    "科技城", "产业园", "工业园", "示范区", "试验区", "自贸区", "合作区", "度假区", "自治区",
    "自治州", "管委会", "管理委员会", "街道", "地区", "省", "市", "区", "县", "州", "盟", "旗", "镇", "乡",
), key=len, reverse=True))
_SEP = re.compile(r"[_\-\s、.．－—–＿·]+")
_YEAR_PART = re.compile(r"^(\d{4})\s*(?:年度?)?$")
_YEAR_LEAD = re.compile(r"^(\d{4})\s*年度?(?=[" + CJK + r"])")
# words that make a part a title rather than a name, even when it ends like a zone
_TITLE_WORDS = ("关于", "工作", "实施", "意见", "方案", "通知", "报告", "计划", "建设", "推进",
                "加快", "打造", "印发", "做好", "进一步", "若干", "专题", "报道")
_ZONE_LEAD = re.compile(rf"^([{CJK}]{{2,16}}?(?:{'|'.join(ZONE_ENDINGS)}))(?=[{CJK}\d])")


def plausible_year(y: int) -> bool:
    return YEAR_MIN <= y <= YEAR_MAX


def _zone_part(part: str) -> str:
    """The zone a name part states: the whole part when it ends like a zone and reads as a
    name, or its opening zone name when a document type follows (昆山开发区工作计划)."""
    if not re.fullmatch(rf"[{CJK}（）()]+", part) or len(part) < 2:
        return ""
    bare = re.sub(r"[（(].*?[)）]$", "", part)
    if bare.endswith(ZONE_ENDINGS) and 2 <= len(bare) <= 20 and len(bare) > len(
            next(e for e in ZONE_ENDINGS if bare.endswith(e))) \
            and not any(w in bare for w in _TITLE_WORDS):
        return part
    if (m := _ZONE_LEAD.match(part)) and not any(w in m.group(1) for w in _TITLE_WORDS):
        rest = part[m.end():]
        if rest.endswith(TITLE_SUFFIXES) or _YEAR_LEAD.match(rest) or re.match(r"\d{4}", rest):
            return m.group(1)
    return ""


def parse_name(name: str) -> dict:
    """{"zone", "year", "rest"} read from one file or folder name (without its suffix);
    missing fields are absent. "rest" is what is left (工作计划), for a title."""
    out: dict = {}
    rest = []
    for part in (p for p in _SEP.split(name) if p):
        if (m := _YEAR_PART.match(part)) and plausible_year(int(m.group(1))):
            out.setdefault("year", int(m.group(1)))
            continue
        if (m := _YEAR_LEAD.match(part)) and plausible_year(int(m.group(1))):
            out.setdefault("year", int(m.group(1)))
            rest.append(part)
            continue
        if "zone" not in out and (zone := _zone_part(part)):
            out["zone"] = zone
            if len(zone) < len(part):
                tail = part[len(zone):]
                if (m := re.match(r"(\d{4})\s*年度?", tail)) and plausible_year(int(m.group(1))):
                    out.setdefault("year", int(m.group(1)))
                rest.append(tail)
            continue
        rest.append(part)
    if rest:
        out["rest"] = " ".join(rest)
    return out


def from_path(path: str | Path, stop: Path | None = None) -> tuple[dict, dict]:
    """(fields, provenance) for a file: zone and year from its name, else from its folders
    (nearest first, at most FOLDERS_UP, not above `stop`). provenance maps each field to
    "file name" or "folder"."""
    p = Path(path)
    fields: dict = {}
    prov: dict = {}
    named = parse_name(p.stem)
    for key in ("zone", "year"):
        if key in named:
            fields[key], prov[key] = named[key], "file name"
    if "rest" in named:
        fields["rest"] = named["rest"]
    folder = p.parent
    for _ in range(FOLDERS_UP):
        if "zone" in fields and "year" in fields:
            break
        if stop is not None and (folder == stop.parent or folder.parent == folder):
            break
        if not folder.name:
            break
        found = parse_name(folder.name)
        for key in ("zone", "year"):
            if key in found and key not in fields:
                fields[key], prov[key] = found[key], "folder"
        folder = folder.parent
    return fields, prov
