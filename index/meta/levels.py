"""A zone's administrative level and its parent: 北仑区 is a 区 of 宁波市, a 市 of 浙江省.

level_of() reads the level from the name's ending, the way the names are built (浙江省 省,
宁波市 市, 北仑区 区, 嵊州经济开发区 开发区 …); the four municipalities, the autonomous regions
and Hong Kong and Macao are provincial. parent_of() looks in order at the name itself
(宁波市奉化区 → 宁波市), a small table of the bundled zones and of every provincial capital
region (KNOWN), and what the text says (宁波市北仑区 written out in it). A manifest's `level`
and `parent` keys win over all of these (resolve.py).

A national body (国务院, 全国人民代表大会, a ministry) is of level 国家. A division that the
gazetteer (gazetteer.py) knows by its exact name takes its level and parent from there, with
"gazetteer" as their provenance: 北京市 a 省, 北仑区 a 区 of 宁波市.
"""

from __future__ import annotations

import re

from index.meta import gazetteer
from index.meta.issuer import NATIONAL, NATIONAL_BODIES, national_issuer

CJK = r"\u4e00-\u9fff"

# Levels, broadest first; the English names are accepted in filters (level:district).
LEVELS = (NATIONAL, "省", "市", "区", "县", "开发区", "街道", "镇", "乡")
ALIASES = {"national": NATIONAL, "nation": NATIONAL, "country": NATIONAL, "中央": NATIONAL,
           "国家级": NATIONAL, "全国": NATIONAL,"province": "省", "provincial": "省", "city": "市", "prefecture": "市",
           "district": "区", "county": "县", "zone": "开发区", "development zone": "开发区",
           "devzone": "开发区", "园区": "开发区", "subdistrict": "街道", "town": "镇",
           "township": "乡", "省级": "省", "市级": "市", "区级": "区", "县级": "县"}

_DEV_ENDINGS = ("高新技术产业开发区", "经济技术开发区", "高新技术开发区", "经济开发区", "旅游度假区",
                "综合保税区", "工业园区", "产业园区", "科技园区", "开发区", "高新区", "经开区",
                "保税区", "新区", "园区", "科技城", "产业园", "工业园", "示范区", "试验区",
                "自贸区", "合作区", "度假区", "管委会", "管理委员会")
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
_ENDINGS = (
    *((e, "开发区") for e in _DEV_ENDINGS),
    ("特别行政区", "省"), ("自治区", "省"), ("自治州", "市"), ("自治县", "县"), ("地区", "市"),
    ("街道", "街道"), ("省", "省"), ("市", "市"), ("盟", "市"), ("州", "市"), ("区", "区"),
    ("县", "县"), ("旗", "县"), ("镇", "镇"), ("乡", "乡"),
)

# The bundled zones and the places above them: name -> (level, parent).
KNOWN: dict[str, tuple[str, str]] = {
    "宁波国际海洋生态科技城": ("开发区", "北仑区"),   # 梅山 lies in 北仑区
    "梅山": ("开发区", "北仑区"),
    "北仑区": ("区", "宁波市"),
    "奉化经济开发区": ("开发区", "奉化区"),
    "奉化区": ("区", "宁波市"),
    "宁波市": ("市", "浙江省"),
    "嵊州经济开发区": ("开发区", "嵊州市"),
    "嵊州市": ("市", "绍兴市"),
    "绍兴市": ("市", "浙江省"),
    "海门开发区": ("开发区", "海门区"),
    "海门区": ("区", "南通市"),
    "海门市": ("市", "南通市"),
    "南通市": ("市", "江苏省"),
}


def bare(zone: str) -> str:
    """The zone without a bracketed alias or location: 嵊州经济开发区 (浦口街道) → 嵊州经济开发区."""
    return re.sub(r"\s*[（(][^)）]*[)）]\s*$", "", (zone or "").strip())


def normal_level(value: str) -> str:
    """A level as stored: 省 市 区 县 开发区 街道 镇 乡, from those or their English names;
    anything else as given."""
    v = (value or "").strip()
    return ALIASES.get(v.lower(), ALIASES.get(v, v))


def level_of(zone: str) -> str:
    """The level the zone's name states, or "" (a name such as 海门 states none)."""
    return level_source(zone)[0]


def level_source(zone: str) -> tuple[str, str]:
    """(level, "known places", "gazetteer" or "zone name"), or ("", "")."""
    level = _level(zone)
    if not level:
        return "", ""
    name = bare(zone)
    if name in KNOWN:
        return level, "known places"
    if (p := _gazetteer(name)) is not None and p.level == level:
        return level, gazetteer.SOURCE
    return level, "zone name"


def _gazetteer(name: str):
    """The division of exactly that name (or that name after its province or city prefix)."""
    if p := gazetteer.place(name, stem=False):
        return p
    rest = re.sub(rf"^[{CJK}]{{2,3}}?(?:省|市)(?=[{CJK}]{{2}})", "", name)
    return gazetteer.place(rest, stem=False) if rest != name else None


def _level(zone: str) -> str:
    name = bare(zone)
    if name in KNOWN:
        return KNOWN[name][0]
    rest = re.sub(rf"^[{CJK}]{{2,3}}?(?:省|市)(?=[{CJK}]{{2}})", "", name)
    if rest in KNOWN:
        return KNOWN[rest][0]
    if name in _MUNICIPALITIES:
        return "省"
    if name and (name in NATIONAL_BODIES or national_issuer(name) == name):
        return NATIONAL
    if (p := _gazetteer(name)) is not None and not name.endswith(_DEV_ENDINGS):
        return p.level
    for ending, level in _ENDINGS:
        if name.endswith(ending) and len(name) > len(ending):
            return level
    return ""


_PREFIX = re.compile(rf"^([{CJK}]{{2,3}}?(?:省|自治区))?([{CJK}]{{2,4}}?市)?([{CJK}]{{2,}})$")


def parent_of(zone: str, text: str = "") -> str:
    """The place the zone belongs to, or "": from its name (宁波市奉化区), the KNOWN table,
    else a place written right before the zone's name in the text (宁波市北仑区)."""
    return parent_source(zone, text)[0]


def parent_source(zone: str, text: str = "") -> tuple[str, str]:
    """(parent, where it came from: "zone name", "known places", "text"), or ("", "")."""
    name = bare(zone)
    if not name:
        return "", ""
    if (m := re.match(rf"^([{CJK}]{{2,3}}?(?:省|市))([{CJK}]{{2,}}(?:市|区|县|{'|'.join(_DEV_ENDINGS)}))$",
                      name)) and m.group(1) != name:
        return m.group(1), "zone name"
    if name in KNOWN:
        return KNOWN[name][1], "known places"
    if (p := gazetteer.place(name, stem=False)) is not None and p.parent:
        return p.parent, gazetteer.SOURCE
    if text and len(name) >= 2:
        found: dict[str, int] = {}
        before = re.compile(rf"((?:(?![省市])[{CJK}]){{2,3}}(?:省|市))$")
        at = text.find(name, 0, 200_000)
        while at != -1:  # each place the name is written: what stands right before it
            if m := before.search(text, max(0, at - 4), at):
                found[m.group(1)] = found.get(m.group(1), 0) + 1
            at = text.find(name, at + len(name), 200_000)
        if found:
            return max(found, key=lambda k: (found[k], k)), "text"
    return "", ""


def chain(zone: str, parent: str = "") -> list[str]:
    """The zone's ancestors, nearest first, as far as known: 北仑区 → [宁波市, 浙江省]."""
    out: list[str] = []
    p = parent or parent_of(zone)
    while p and p not in out and len(out) < 6:
        out.append(p)
        p = parent_of(p)
    return out


def level_rank(level: str) -> int:
    """Broadest first, unknown levels last (for ordering groups)."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)
