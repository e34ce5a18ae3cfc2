"""Dates: Arabic or Chinese numerals to ISO dates ("YYYY-MM-DD", "YYYY-MM", "YYYY"), and years."""

from __future__ import annotations

import datetime as _dt
import re

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
CN_NUM = "〇零○ＯO一二三四五六七八九十"

_DATE_PATTERNS = [
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(rf"([{CN_NUM}]{{4}})年([{CN_NUM}]{{1,3}})月([{CN_NUM}]{{1,3}})日"),
]
_MONTH_PATTERNS = [
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})(?![\d/.-])"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月"),
    re.compile(rf"([{CN_NUM}]{{4}})年([{CN_NUM}]{{1,3}})月"),
]
_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*年?\s*$")
# any full date, for scanning text (digits or Chinese numerals)
ANY_DATE = re.compile(
    rf"\d{{4}}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*\d{{1,2}}(?!\d)|\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"
    rf"|[{CN_NUM}]{{4}}年[{CN_NUM}]{{1,3}}月[{CN_NUM}]{{1,3}}日"
)


def cn_int(s: str) -> int:
    """Arabic or Chinese numerals: 2018, 二〇一八 (digit by digit), 十二, 二十一."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in s))


def valid_date(y: int, m: int = 1, d: int = 1) -> bool:
    try:
        _dt.date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y <= 2100


def normalize_date(value) -> str:
    """ISO "YYYY-MM-DD" / "YYYY-MM" / "YYYY" from common forms; unparseable text is kept as is.

    2019-02-21 10:00:03, 2018年5月7日, 2026/01/22, 二〇一八年五月七日, 2020年, 2020 (int),
    datetime.date (TOML dates) all work.
    """
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m-%d")
    s = str(value).strip()
    if not s:
        return ""
    for pat in _DATE_PATTERNS:
        if m := pat.search(s):
            try:
                y, mo, d = (cn_int(g) for g in m.groups())
            except (KeyError, ValueError):
                continue
            if valid_date(y, mo, d):
                return f"{y:04d}-{mo:02d}-{d:02d}"
    for pat in _MONTH_PATTERNS:
        if m := pat.search(s):
            try:
                y, mo = (cn_int(g) for g in m.groups())
            except (KeyError, ValueError):
                continue
            if valid_date(y, mo):
                return f"{y:04d}-{mo:02d}"
    if (m := _YEAR_ONLY.match(s)) and valid_date(int(m.group(1))):
        return m.group(1)
    return s


def year_of(s: str) -> int | None:
    """The year of an ISO date, or the first plausible "2026年"/leading year in a title."""
    if not s:
        return None
    m = re.match(r"(\d{4})(?:-|$)", s) or re.search(r"(\d{4})\s*年", s)
    if m and valid_date(int(m.group(1))):
        return int(m.group(1))
    return None


_NUMBER_YEAR = re.compile(r"[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]")
_PLAN_WORDS = r"(?:工作)?(?:思路|计划|要点|打算|安排|重点|目标任务|主要任务|任务)"
_PLAN_YEAR = re.compile(rf"(\d{{4}}|[{CN_NUM}]{{4}})\s*年度?[^。；;\n\d年{CN_NUM}]{{0,12}}?{_PLAN_WORDS}")
_ANY_YEAR = re.compile(rf"(\d{{4}}|[{CN_NUM}]{{4}})\s*年")


def doc_number_year(doc_number: str) -> int | None:
    """The year in a document number: 甬海科党〔2018〕6号 → 2018."""
    if m := _NUMBER_YEAR.search(doc_number or ""):
        y = int(m.group(1))
        return y if valid_date(y) else None
    return None


def heading_year(lines) -> int | None:
    """The year a title or heading sets work out for (2019年工作思路, 2018年工作总结和2019年工作
    计划 → 2019), else the one year the title (the first line) names (2026年政府工作报告); None
    when none, several without a plan, or only a target year (到2025年) or a sentence."""
    lines = [s for s in (line.strip() for line in lines or []) if s and len(s) <= 80]

    def years(line: str, rx: re.Pattern) -> list[int]:
        if re.search(r"[，。；;,]", line):  # a sentence (到2025年，目标任务是…), not a heading
            return []
        out = []
        for m in rx.finditer(line):
            if line[max(0, m.start() - 2):m.start()].endswith(("到", "至")):
                continue  # a target year, not the year the plan is for
            try:
                y = cn_int(m.group(1))
            except (KeyError, ValueError):
                continue
            if valid_date(y):
                out.append(y)
        return out

    for line in lines:
        if found := years(line, _PLAN_YEAR):
            return found[0]
    if lines and len(distinct := set(years(lines[0], _ANY_YEAR))) == 1:
        return distinct.pop()
    return None
