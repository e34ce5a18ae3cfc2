"""Metadata detected from a document's text: zone, title, date, year, doc number, source.

``detect`` reads them from the text alone (portal headers, title lines, the signature at
the end); resolve.py weighs them against the manifest and the file's own metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.meta.dates import ANY_DATE, normalize_date, year_of
from index.meta.issuer import national_issuer, opening_issuer, place_issuer, real_place
from index.model import RawDoc

HEAD_LINES = 15  # non-empty lines at the top searched for title, zone, doc number
HEAD_CHARS = 3000  # characters at the top searched for portal headers
PLACE_CHARS = 100_000  # characters counted when guessing the dominant place name

CJK = r"\u4e00-\u9fff"

_DATE_LABEL = re.compile(
    r"(?:公开日期|发布日期|发布时间|成文日期|印发日期|发文日期|日期|时间)\s*[:：][\s|]*"
    rf"({ANY_DATE.pattern})"
)


def find_date(text: str) -> str:
    """Publication date: a labelled header date, else a dated signature line at the end,
    else the first full 年月日 date in the opening lines. ISO, or "" if none."""
    if m := _DATE_LABEL.search(text[:HEAD_CHARS]):
        return normalize_date(m.group(1))
    tail = _nonempty(text.rsplit("\n", 40))[-5:]
    for line in reversed(tail):
        if (m := ANY_DATE.fullmatch(line)) and (d := normalize_date(m.group(0))):
            return d
    for line in _head(text):
        if m := ANY_DATE.search(line):
            d = normalize_date(m.group(0))
            if re.fullmatch(r"\d{4}-\d\d-\d\d", d):
                return d
    return ""


# ---------------------------------------------------------------- lines


def _nonempty(lines) -> list[str]:
    return [s for s in (line.strip() for line in lines) if s]


def _head(text: str, n: int = HEAD_LINES) -> list[str]:
    out = []
    for line in text[:20000].split("\n"):
        if s := line.strip():
            out.append(s)
            if len(out) == n:
                break
    return out


_CHROME = {"下载", "打印", "全屏", "收藏", "分享", "分享:", "分享：", "首页", "加大", "还原", "减小",
           "】", ">", "关闭", "关闭窗口", "返回顶部", "打印本页", "【打印】", "【关闭】"}
_CHROME_START = ("【字号", "来源", "时间", "索引号", "索 引 号", "发布机构", "公开日期", "扫一扫",
                 "当前位置", "您当前的位置", "字号")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|第[一二三四五六七八九十]+[章节条部分])")


def _is_chrome(line: str) -> bool:
    return line in _CHROME or line.startswith(_CHROME_START) or "|" in line


def _is_caption(line: str) -> bool:
    return bool(re.search(r"[\s（(]?摄[)）]?\s*$|记者.{0,8}摄", line))


def _clean_heading(line: str) -> str:
    s = re.sub(r"^#+\s*", "", line.strip())
    return re.sub(r"^\*\*(.*)\*\*$", r"\1", s).strip()


# ---------------------------------------------------------------- title

TITLE_SUFFIXES = ("意见", "报告", "方案", "计划", "通知", "决定", "规划", "纲要", "总结",
                  "办法", "细则", "规定", "要点")


# a subtitle giving when and where a report was delivered: ——2024年3月5日在…会议上的政府工作报告
_SUBTITLE = re.compile(rf"^[—–\-－─\s（(]*(?:{ANY_DATE.pattern})\s*(?:在|于)")


def _title_candidate(line: str) -> bool:
    return not (_is_chrome(line) or _is_caption(line) or _NUMBERED.match(_clean_heading(line))
                or _SUBTITLE.match(line))


def find_title(text: str, title_lines: list[str] | None = None, stem: str = "") -> str:
    """First title-like line (ends like 意见/报告/…/总结, or a "# " heading) near the top;
    else the first usable title line; else a short opening line; else the file stem."""
    head = _head(text)
    for line in head:
        c = _clean_heading(line)
        if _title_candidate(line) and len(c) <= 120 and (
            re.match(r"#\s", line) or c.endswith(TITLE_SUFFIXES)
        ):
            return c
    for line in title_lines or []:
        if (s := line.strip()) and _title_candidate(s):
            return _clean_heading(s)
    for line in head[:5]:
        c = _clean_heading(line)
        if _title_candidate(line) and 4 <= len(c) <= 50 and not re.search(r"[。；;，,：:！？]", c):
            return c
    return stem


# ---------------------------------------------------------------- doc number

_DOC_NUMBER = re.compile(
    rf"[{CJK}]{{1,12}}\s*[〔\[［(（【]\s*\d{{4}}\s*[〕\]］)）】]\s*第?\s*\d{{1,5}}\s*号"
)


def find_doc_number(text: str) -> str:
    """The document's own number (甬海科党〔2018〕6号, also with [] or （）), as written:
    a labelled 文号 header or a line of its own near the top (not numbers cited in the body)."""
    if m := re.search(rf"(?:文号|发文字号)\s*[:：][\s|]*({_DOC_NUMBER.pattern})", text[:HEAD_CHARS]):
        return m.group(1)
    for line in _head(text):
        if m := _DOC_NUMBER.fullmatch(line):
            return m.group(0)
    return ""


# ---------------------------------------------------------------- zone

ZONE_SUFFIXES = ("高新技术产业开发区", "经济技术开发区", "高新技术开发区", "经济开发区", "旅游度假区",
                 "工业园区", "产业园区", "开发区", "高新区", "保税区", "新区", "科技城", "产业园",
                 "工业园")
_ZONE_NAME = rf"[{CJK}]{{2,16}}?(?:{'|'.join(ZONE_SUFFIXES)})"
_ORG = re.compile(rf"({_ZONE_NAME})(?:管理委员会|管委会)")
_BAD_START = ("关于", "打造", "建设", "加快", "推进", "全面", "中共")
_ADMIN = re.compile(rf"([{CJK}]{{2,3}}?(?:省|市|县|区)|[{CJK}]{{2,6}}自治区)")
_NPC = re.compile(rf"在([{CJK}]{{2,8}}?(?:省|自治区|市))第[一二三四五六七八九十]+届人民代表大会")
_PLACE_REF = re.compile(rf"([{CJK}]{{2}})([市区县])(?:委|政府|人民政府|级)|《([{CJK}]{{2}})([市区县])")
_NOT_PLACE = set("全我本各该省市区县委府政和及与等在对向")


def _dominant_place(text: str) -> str:
    """The place the text names most (via 嵊州市委, 北仑区政府, 《海门市…》), as written, or ""."""
    text = text[:PLACE_CHARS]
    counts: dict[str, tuple[int, str]] = {}
    for m in _PLACE_REF.finditer(text):
        stem, kind = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if set(stem) & _NOT_PLACE or stem in counts or (stem + kind).endswith(ZONE_SUFFIXES) \
                or not real_place(stem + kind):  # 完善县级, 推开县域: verbs, not places
            continue
        counts[stem] = (text.count(stem), stem + kind)
    best = max(counts.values(), default=(0, ""))
    return best[1] if best[0] >= 2 else ""


def zone_in_line(line: str) -> str:
    """The issuer or zone a title-like line names: a national body (国务院…), XX管委会 /
    XX开发区… at a word start, a place issuing it (浙江省人民政府关于…), or a division of the
    gazetteer at the start (2026年浙江省政府工作报告); never a verb before 县/区/市."""
    if body := national_issuer(line):
        return body
    if m := _ORG.search(line):
        return re.sub(rf"^中共[{CJK}]{{2,4}}[省市]委", "", m.group(1))
    for m in re.finditer(rf"(?:^|(?<=[\s　“]))({_ZONE_NAME})", line):
        if not m.group(1).startswith(_BAD_START):
            return m.group(1)
    if place := place_issuer(line):
        return place
    s = re.sub(r"^[#\s—\-–]*(?:\d{4}\s*年度?)?", "", line)
    if (m := _ADMIN.match(s)) and real_place(m.group(1)):
        return m.group(1)
    return ""


def find_zone(text: str, title_lines: list[str] | None = None, *, mentions: bool = True) -> str:
    """Issuing body / zone: portal 发布机构 header, a markdown heading naming a zone, a zone or
    province in the title lines, the province of a 人民代表大会 report, else (mentions=True)
    the place the text names most, the weakest clue. A generic body such as 开发区(浦口街道)
    gets that place as prefix."""
    top = text[:HEAD_CHARS]
    head = _head(text)
    place = None
    if m := re.search(r"发布机构\s*[:：][\s|]*([^|\n]+?)\s*(?:\||\n|$)", top):
        body = m.group(1).strip()
        if body.startswith(ZONE_SUFFIXES) and (place := _dominant_place(text)):
            body = re.sub(r"[市区县]$", "", place) + body
        return body
    for line in head:
        if line.startswith("#"):
            c = _clean_heading(line)
            if re.fullmatch(_ZONE_NAME, c) or re.fullmatch(_ADMIN.pattern, c):
                return c
    lines = [find_title(text, title_lines)] + list(title_lines or []) + head[:3]
    for line in lines:
        # a sentence (。；) is body text, not a title naming the issuer
        if line and _title_candidate(line) and not re.search(r"[。；;]", line) and (
                zone := zone_in_line(_clean_heading(line))):
            return zone
    if (m := _NPC.search(top)) and real_place(m.group(1)):
        return m.group(1)
    if body := opening_issuer(head, lines[0]):
        return body
    return _dominant_place(text) if mentions else ""


_SHORT_SPECIAL = {"广西壮族自治区": "广西", "新疆维吾尔自治区": "新疆", "宁夏回族自治区": "宁夏",
                  "西藏自治区": "西藏", "内蒙古自治区": "内蒙古",
                  "香港特别行政区": "香港", "澳门特别行政区": "澳门"}
_SHORT_SUFFIXES = sorted(ZONE_SUFFIXES + ("管理委员会", "管委会", "街道", "省", "市", "区", "县", "镇", "乡"),
                         key=len, reverse=True)


def short_zone(zone: str) -> str:
    """A short label: 浙江省→浙江, 广西壮族自治区→广西, 北京市→北京, 北仑区→北仑,
    嵊州经济开发区 (浦口街道)→嵊州, 宁波国际海洋生态科技城 (梅山)→梅山."""
    zone = (zone or "").strip()
    if m := re.fullmatch(r"(.+?)\s*[（(]\s*(.+?)\s*[)）]", zone):
        main, alias = m.groups()
        # a short alias names the zone; a 街道/镇 in brackets is only where it sits
        if len(alias) <= 4 and not alias.endswith(("街道", "镇", "乡", "区", "县", "市")):
            return alias
        zone = main
    if zone in _SHORT_SPECIAL:
        return _SHORT_SPECIAL[zone]
    if m := re.fullmatch(rf"([{CJK}]{{2,}}?)(?:[{CJK}]{{1,4}}族)?自治[州县旗]", zone):
        return m.group(1)
    # 宁波市奉化区 -> 奉化区 -> 奉化
    if m := re.fullmatch(rf"[{CJK}]{{2,3}}[省市]([{CJK}]{{2,}}[市区县])", zone):
        zone = m.group(1)
    for suffix in _SHORT_SUFFIXES:  # longest matching suffix only: 开发区 stays 开发区
        if zone.endswith(suffix):
            return zone[: -len(suffix)] if len(zone) - len(suffix) >= 2 else zone
    return zone


# ---------------------------------------------------------------- source


def find_source(text: str) -> str:
    """Where the text says it comes from: 来源： header, 发布机构, a 特别报道 line at the top,
    or the issuer signed above a closing date."""
    top = text[:HEAD_CHARS]
    if m := re.search(r"来源\s*[:：][ \t|]*\n?[ \t|]*([^\s|]+)", top):
        return m.group(1)
    if m := re.search(r"发布机构\s*[:：][\s|]*([^|\n]+?)\s*(?:\||\n|$)", top):
        return m.group(1).strip()
    for line in _head(text, 5):
        if line.endswith(("特别报道", "专题报道", "特刊", "专刊")):
            return line
    tail = _nonempty(text.rsplit("\n", 40)[-40:])[-4:]
    for i in range(len(tail) - 1, 0, -1):
        if ANY_DATE.fullmatch(tail[i]):
            signer = tail[i - 1]
            if len(signer) <= 80 and not re.search(r"[。，；：！？]", signer):
                return re.sub(r"\s+", " ", signer)
            break
    return ""


# ---------------------------------------------------------------- detect / resolve


def detect(raw: RawDoc, title_lines: list[str] | None = None) -> dict:
    """Metadata read from raw.text alone (raw.meta is not consulted)."""
    text = raw.text or ""
    title = find_title(text, title_lines, Path(raw.path).stem if raw.path else "")
    zone = find_zone(text, title_lines)
    date = find_date(text)
    return {
        "zone": zone,
        "short": short_zone(zone),
        "title": title,
        "date": date,
        "year": year_of(date) or year_of(title),
        "doc_number": find_doc_number(text),
        "source": find_source(text),
    }
