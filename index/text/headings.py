"""Line-level recognisers shared by repair.py and structure.py: numbering, terminal
punctuation, 一是…二是… items, captions and stand-alone headings.

Pure functions on one stripped line; every regex is anchored or linear."""

from __future__ import annotations

import re
from dataclasses import dataclass

TERMINAL = "。！？；：…!?;:"
CLOSERS = "”’」』）)》】\"'"
# sentence punctuation whose presence makes a line "prose" rather than a title or caption
PROSE_PUNCT = re.compile(r"[，,。；;：:！!？?、]")

_NUMBER = re.compile(
    r"""^(?:
      (?P<md>\#{1,6})\s+
    | (?P<chap>第[一二三四五六七八九十百零〇两\d]{1,5}(?:章|节|编|篇|部分|条))(?:\s+|[、:：．.]\s*|(?=\S))
    | (?P<cn>[一二三四五六七八九十]{1,3}、)(?![一二三四五六七八九十]、)
    | (?P<pcn>[（(][一二三四五六七八九十]{1,3}[）)])[、.．]?
    | (?P<ar>\d{1,2}(?:[.．](?!\d)|、(?!\d)))
    | (?P<par>[（(]\d{1,2}[）)])[、.．]?
    | (?P<circ>[①-⑳])
    )\s*""",
    re.X,
)
_BOLD_LEAD = re.compile(r"^\*\*(?P<lead>[^*]{1,40}?)\*\*(?P<rest>.*)$", re.S)
_ITEM_START = re.compile(r"^(?:十[一二三四五六七八九]?|二十|[一二三四五六七八九])是")
_FIRST_STOP = re.compile(r"[。！？；：!?;:]")
_CREDIT = re.compile(r"(?:(?<!拍)摄影?|供图)\s*[)）]?$|^图[为:：]")
_DATE_ONLY = re.compile(r"^[\d〇零一二三四五六七八九十]{2,4}\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
                        r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?$")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*第?\s*\d{1,5}\s*号$")
_SALUTATION = re.compile(r"^[^。！？]{1,40}[:：]$")
_ORG_END = ("委员会", "管委会", "人民政府", "办公室", "办公厅", "管理局", "党工委", "街道")
HEADING_ENDS = ("思路", "总结", "要求", "目标", "任务", "措施", "原则", "意见", "重点", "举措",
                "回顾", "展望", "安排", "成效", "成就", "情况", "问题", "建议", "注释", "附件",
                "附录", "说明", "结语", "前言", "序言", "概况", "背景", "做法", "经验", "报告",
                "方案", "计划", "规划", "纲要", "要点", "通知", "决定", "办法")
HEADING_VERBS = ("坚持", "加快", "推进", "推动", "强化", "深化", "着力", "全面", "实施", "打造",
                 "提升", "优化", "完善", "健全", "加强", "聚焦", "突出", "围绕", "持续", "大力",
                 "积极", "扎实", "切实", "不断", "培育", "促进", "构建", "抓好", "做好", "落实",
                 "巩固", "扩大", "提高", "统筹", "坚定", "牢牢", "聚力", "立足", "守牢", "筑牢",
                 "全力", "努力", "稳步", "增强", "激发", "壮大", "拓展", "厚植", "建立", "开展")


@dataclass
class Numbered:
    key: str  # numbering style: "md3", "cn", "pcn", "ar", "par", "circ", "chap:章" ...
    number: str  # as written, e.g. "一、", "(一)", "1.", "###"
    rest: str  # the line after the numbering


def match_number(line: str) -> Numbered | None:
    """The official numbering (or markdown #) that opens a line, if any."""
    m = _NUMBER.match(line)
    if not m or m.end() >= len(line):
        return None
    kind = m.lastgroup or ""
    number = m.group(kind) or ""
    key = f"md{len(number)}" if kind == "md" else kind
    if kind == "chap":
        key = "chap:" + re.sub(r"^第[^章节编篇部条]+", "", number)
    return Numbered(key, number, line[m.end():])


def bold_lead(line: str) -> tuple[str, str] | None:
    """(lead, rest) for a line opening with a short **bold** run."""
    m = _BOLD_LEAD.match(line)
    return (m.group("lead").strip(), m.group("rest")) if m and m.group("lead").strip() else None


def starts_item(line: str) -> bool:
    """Does the line open with 一是/二是/…/十二是?"""
    return bool(_ITEM_START.match(line))


def is_terminated(s: str) -> bool:
    """Does s end like a finished sentence (。！？；：… possibly inside closing quotes)?"""
    s = s.rstrip().rstrip("*")
    if not s:
        return False
    i = len(s) - 1
    while i > 0 and s[i] in CLOSERS and i > len(s) - 4:
        i -= 1
    return s[i] in TERMINAL


def first_sentence(s: str, limit: int = 60) -> str:
    """s up to (not including) its first 。！？；： — the title of a lead sentence."""
    m = _FIRST_STOP.search(s, 0, limit + 1)
    head = s[: m.start()] if m else s[:limit]
    head = head.strip().strip("*").strip()
    return head + ("…" if not m and len(s) > limit else "")


def heading_only(rest: str) -> bool:
    """Is the text after a numbering a bare heading (short, no sentence inside)?"""
    if len(rest) > 60:
        return False
    body = rest.rstrip().rstrip("。:：")
    return len(body) <= 50 and not re.search(r"[。！？；!?;]", body)


def heading_like(line: str) -> bool:
    """Does the line open a new unit (numbering, markdown, bold lead, 一是), so that the
    previous unfinished line must not run on into it?"""
    return bool(match_number(line) or line.startswith("**") or starts_item(line))


def is_credit_caption(line: str) -> bool:
    """A photo credit line: 凤凰新城 (陈张坤 摄), …记者 戴冰摄, 图为…"""
    return len(line) <= 120 and bool(_CREDIT.search(line))


def is_doc_number(line: str) -> bool:
    return bool(_DOC_NUMBER.match(line))


def is_salutation(line: str) -> bool:
    """各位代表： / 管委会各部门,各有关单位: — a short line ending in a colon."""
    return bool(_SALUTATION.match(line)) and len(line) <= 40


def is_signature(line: str) -> bool:
    """An issuing body or date line at the end of a document (落款)."""
    return bool(_DATE_ONLY.match(line)) or line.endswith(_ORG_END)


def parallel_clauses(line: str) -> bool:
    """坚持争先进位不松劲 重大项目引领产业升级: two or more clauses parted by spaces."""
    parts = line.split()
    return len(parts) >= 2 and all(len(p) >= 4 for p in parts) and not line.endswith(_ORG_END)


def short_plain(line: str) -> bool:
    """A short line without sentence punctuation: a caption or stand-alone heading candidate."""
    return 2 <= len(line) <= 40 and not PROSE_PUNCT.search(line) and not heading_like(line)


def plain_heading(line: str) -> bool:
    """Is a short stand-alone unnumbered line a sub-heading rather than an image caption?
    Headings are parallel clauses, end in a heading word (2019年工作思路) or open with a verb."""
    if is_credit_caption(line) or is_signature(line):
        return False
    return (parallel_clauses(line) or line.endswith(HEADING_ENDS)
            or line.startswith(HEADING_VERBS + ("附件", "附录", "附表")))
