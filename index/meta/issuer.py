"""Who issued a document, read from its title or its opening lines: a real body, never a
phrase that merely ends in 县, 区 or 市.

Three kinds of issuer are recognised, in this order:

* a national body the title starts with or names before 关于/印发 (国务院, 全国人民代表大会
  and its standing committee, 中共中央, a ministry 财政部, 国家…委员会/局): level 国家;
  the same bodies in the opening lines of a report or resolution (——在第十四届全国人民代表
  大会第三次会议上 …, 国务院总理, （…全国人民代表大会第三次会议通过）);
* a place named as the issuer: 浙江省人民政府关于…, 宁波市北仑区人民政府办公室…, 2026年浙江省政府
  工作报告, 湖南省第十四届人民代表大会 — the last place of the chain is the issuer, and it must
  be a division of the gazetteer (gazetteer.py) or end like a development zone;
* a development zone's own body (…开发区管委会, handled by detect.zone_in_line).

A place is accepted only when the gazetteer knows it (by name or stem): 完善县级…, 推开县域…,
搞好县… and 香港特区 cut short (港特区) name no division. Without the gazetteer package the
names' endings decide, as before.
"""

from __future__ import annotations

import re

from index.meta import gazetteer

CJK = r"\u4e00-\u9fff"
NATIONAL = "国家"
# Longest first: 全国人民代表大会常务委员会 before 全国人民代表大会.
NATIONAL_BODIES = ("全国人民代表大会常务委员会", "全国人民代表大会", "全国人大常委会", "中共中央办公厅",
                   "国务院办公厅", "中共中央", "国务院", "中央军事委员会", "最高人民法院",
                   "最高人民检察院", "全国政协", "中国人民银行")
_LEAD = re.compile(rf"^[#\s—\-–（(]*(?:\d{{4}}\s*年度?)?\s*(?:中华人民共和国)?\s*"
                   rf"(?:第[一二三四五六七八九十]+届)?\s*")
_MINISTRY = re.compile(rf"^(国家[{CJK}]{{2,12}}?(?:委员会|总局|局|署)|[{CJK}]{{2,8}}?部|海关总署|审计署)"
                       rf"(?=关于|印发|[、\s]|$)")
_PLACE = rf"[{CJK}]{{2,8}}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|区|县|旗)"
_BODY = ("人民政府", "人民代表大会", "人大常委会", "政府", "委员会", "管委会", "管理委员会",
         "办公厅", "办公室", "党委", "市委", "省委", "区委", "县委")
_PLACE_ISSUER = re.compile(rf"^((?:{_PLACE}){{1,3}}?)(?=第[一二三四五六七八九十]+届|{'|'.join(_BODY)})")
_ONE_PLACE = re.compile(_PLACE)
_OPENING_NATIONAL = re.compile(r"全国人民代表大会|国务院总理|国务院副总理")
_ADOPTED = re.compile(rf"({_PLACE})?第[一二三四五六七八九十]+届(全国)?人民代表大会"
                      rf"(?:常务委员会)?第[一二三四五六七八九十]+次会议(?:通过|批准)")


def national_issuer(line: str) -> str:
    """The national body a title names as its issuer, or ""."""
    s = _LEAD.sub("", (line or "").strip())
    for body in NATIONAL_BODIES:
        if s.startswith(body) or (body + "关于") in s or (body + "印发") in s:
            return body
    if (m := _MINISTRY.match(s)) and not re.search(r"[省市县区州]", m.group(1)):
        return m.group(1)
    return ""


def real_place(name: str) -> bool:
    """A division the gazetteer knows (or, without the package, any name ending like one)."""
    if not gazetteer.available():
        return bool(_ONE_PLACE.fullmatch(name or ""))
    return gazetteer.is_place(name)


def place_issuer(line: str) -> str:
    """The place a title names as its issuer (浙江省人民政府关于… → 浙江省; 宁波市北仑区人民政府
    → 北仑区 written 宁波市北仑区), or "" unless the gazetteer knows it."""
    s = _LEAD.sub("", (line or "").strip())
    if not (m := _PLACE_ISSUER.match(s)):
        return ""
    chain = _ONE_PLACE.findall(m.group(1))
    if chain and real_place(chain[-1]) and all(real_place(p) for p in chain):
        return "".join(chain[-2:]) if len(chain) > 1 and chain[-1].endswith(("区", "县")) \
            else chain[-1]
    return ""


def opening_issuer(lines: list[str], title: str = "") -> str:
    """The issuer the opening lines name: 全国人民代表大会 for a resolution it adopted
    (（…第十四届全国人民代表大会第三次会议通过）), the province of a provincial congress's; a
    national body on a line of its own (国务院总理 李强, 国家发展和改革委员会); 国务院 for a
    government work report delivered to the national people's congress; else ""."""
    short = [s for s in (line.strip() for line in lines[:12])
             if s and len(s) <= 80 and not re.search(r"[。；;，]", s)]
    for line in short:
        if m := _ADOPTED.search(line):
            if m.group(2):
                return "全国人民代表大会"
            if m.group(1) and real_place(m.group(1)):
                return m.group(1)
    for line in short:
        if len(line) <= 40 and (body := national_issuer(line)):
            return body
    if any(_OPENING_NATIONAL.search(line) for line in short) and (
            "政府工作报告" in title or any("政府工作报告" in line for line in short)):
        return "国务院"
    return ""
