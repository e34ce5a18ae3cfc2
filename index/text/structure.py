"""Document tree: repaired paragraphs -> sections, paragraphs and heading paths.

Section levels follow how numbering styles nest in the document itself: a style seen
for the first time opens a level under the current one, a style already open closes
everything below it (so 一、 > （一） > 1. when a document nests them that way, and
1. is level 1 in a document that starts with it). Markdown # nests by hash count.
"""

from __future__ import annotations

import re
from collections import deque

from index.model import Para, Parsed, Section
from index.text.headings import bold_lead, first_sentence, heading_only, is_terminated, match_number
from index.text.repair import Block, repair

ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
            "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"]
_ITEM_BOUNDARY = frozenset("。；，：,;:”’」』）)!?！？ \t")
_PLAIN_NUMBERS = ("#", "**", "")  # numbers not shown in the outline label


# A paragraph longer than this is stored as several, cut after a sentence end: a 50 MB
# one-line file then indexes, searches and displays in bounded memory and time (one
# paragraph's bigrams are built whole). Policy paragraphs are far shorter.
MAX_PARA_CHARS = 10_000
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)]*|\n")


def split_long(text: str, most: int = MAX_PARA_CHARS) -> list[str]:
    """text in pieces of at most `most` characters, each cut after the last sentence end
    in its second half (else after the last space, else at `most`)."""
    if len(text) <= most:
        return [text]
    pieces, start = [], 0
    while len(text) - start > most:
        end = start + most
        cut = 0
        for m in _SENTENCE_END.finditer(text, start + most // 2, end):
            cut = m.end()
        if not cut:
            space = text.rfind(" ", start + most // 2, end)
            cut = space + 1 if space > 0 else end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _display(s: str) -> str:
    return s.replace("**", "").strip()


def _bare_title(s: str) -> str:
    return _display(s).rstrip("。：:；;，,、").strip()


def _items(s: str, k: int) -> list[tuple[int, int]]:
    """(ordinal index, position) of a 一是…二是… run in s starting at ordinal k; each
    marker must open the text or follow punctuation (not 统一是, 唯一是)."""
    out, pos = [], 0
    while k < len(ORDINALS):
        token = ORDINALS[k] + "是"
        j = s.find(token, pos)
        while j > 0 and s[j - 1] not in _ITEM_BOUNDARY:
            j = s.find(token, j + 1)
        if j < 0:
            break
        out.append((k, j))
        pos, k = j + len(token), k + 1
    return out


class _Builder:
    def __init__(self) -> None:
        self.paras: list[Para] = []
        self.sections: list[Section] = []
        self.paths: list[list[str]] = []
        self.stack: list[tuple[str, int]] = []  # (numbering style, section idx), outermost first
        self.run: tuple[int | None, int] | None = None  # open 一是 run: (parent idx, next ordinal)
        self.title_lines: list[str] = []

    # -- sections and paragraphs
    def top(self) -> int | None:
        return self.stack[-1][1] if self.stack else None

    def section(self, parent: int | None, number: str, title: str) -> int:
        idx = len(self.sections)
        level = self.sections[parent].level + 1 if parent is not None else 1
        self.sections.append(Section(idx, parent, level, number, title))
        self.paths.append((self.paths[parent] if parent is not None else []) + [title])
        return idx

    def para(self, kind: str, text: str, section: int | None) -> None:
        path = self.paths[section] if section is not None else []  # shared, never changed
        for piece in split_long(text):
            self.paras.append(Para(len(self.paras) + 1, kind, piece, section, path))

    def open(self, key: str, number: str, title: str) -> int:
        """Close what the new heading ends, then open its section under what remains."""
        self.run = None
        st = self.stack
        if key.startswith("md"):
            n = int(key[2:])
            while st and not (st[-1][0].startswith("md") and int(st[-1][0][2:]) < n):
                st.pop()
        elif key == "plain":
            while st and not st[-1][0].startswith("md"):
                st.pop()
        elif any(k == key for k, _ in st):
            while st.pop()[0] != key:
                pass
        idx = self.section(self.top(), number, title)
        st.append((key, idx))
        return idx

    # -- blocks
    def block(self, b: Block, following: str) -> None:
        if b.kind == "chrome":
            return
        if b.kind == "title":
            num = match_number(b.text)
            text = _display(num.rest if num and num.key.startswith("md") else b.text)
            self.title_lines.append(text)
            self.para("heading", text, self.top())
        elif b.kind == "caption":
            self.para("caption", _display(b.text), self.top())
        elif b.kind == "heading":
            text = _display(b.text)
            self.para("heading", text, self.open("plain", "", text))
        else:
            self.text(b.text, following)

    def text(self, s: str, following: str) -> None:
        num = match_number(s)
        if num is None and s.startswith("**"):  # **一、总体要求** numbers like 一、总体要求
            num = match_number(_display(s))
        if num and num.key.startswith("md"):
            title = _bare_title(num.rest)
            self.para("heading", _display(num.rest), self.open(num.key, num.number, title))
            return
        if num:
            number, rest = num.number.strip(), num.rest
            if heading_only(rest):
                idx = self.open(num.key, number, _bare_title(rest))
                self.para("heading", _display(s), idx)
                return
            self.open(num.key, number, _bare_title(first_sentence(_display(rest))))
            self.body(_display(s), following)
            return
        bold = bold_lead(s)
        if bold and (not bold[1].strip() or is_terminated(bold[0])):
            lead, rest = bold
            idx = self.open("**", "**", _bare_title(lead))
            if not rest.strip():
                self.para("heading", _display(lead), idx)
                return
            self.body(_display(s), following)
            return
        self.body(_display(s), following)

    def body(self, s: str, following: str) -> None:
        """A body paragraph, split at a 一是…二是… run into sub-sections."""
        run, self.run = self.run, None
        if run and s.startswith(ORDINALS[run[1]] + "是"):
            parent, items = run[0], _items(s, run[1])
        else:
            parent, items = self.top(), _items(s, 0)
            if len(items) == 1 and not (items[0][1] == 0 and following.startswith("二是")):
                items = []
            if not items:
                self.para("body", s, parent)
                return
        if items[0][1] > 0:
            self.para("body", s[: items[0][1]], parent)
        for n, (k, start) in enumerate(items):
            end = items[n + 1][1] if n + 1 < len(items) else len(s)
            item = s[start:end]
            title = _bare_title(first_sentence(item[len(ORDINALS[k]) + 1:], 80)) or ORDINALS[k] + "是"
            self.para("body", item, self.section(parent, ORDINALS[k] + "是", title))
        if items[-1][0] + 1 < len(ORDINALS):
            self.run = (parent, items[-1][0] + 1)


def parse(text: str) -> Parsed:
    """Repair text and build its sections, paragraphs and title lines."""
    blocks = deque(b for b in repair(text) if b.kind != "chrome")
    builder = _Builder()
    while blocks:  # a block done is dropped: a long text's blocks go as its paragraphs come
        b = blocks.popleft()
        builder.block(b, blocks[0].text if blocks else "")
    return Parsed(builder.paras, builder.sections, builder.title_lines)


def outline(parsed: Parsed) -> list[tuple[int, str, int]]:
    """(level, "number title", seq of the section's first paragraph) for each section."""
    first: dict[int, int] = {}
    for p in parsed.paras:
        if p.section is not None:
            first.setdefault(p.section, p.seq)
    out = []
    for s in parsed.sections:
        plain = s.number.startswith("#") or s.number in _PLAIN_NUMBERS
        out.append((s.level, s.title if plain else s.number + s.title, first.get(s.idx, 0)))
    return out
