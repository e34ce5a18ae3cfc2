"""Text repair: decoded text -> logical paragraphs (Blocks) for reading and matching.

- paragraphs broken by page or line breaks are rejoined (and a character repeated
  across the break is dropped: 示范带动作用 / 用强的 -> 示范带动作用强的);
- an unfinished fragment repeated by a page break (a prefix of another paragraph) is dropped;
- scraped web chrome is marked "chrome";
- short stand-alone lines are told apart: image captions ("caption") vs unnumbered
  sub-headings ("heading"); the lines before the body are "title" lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from index.text.chrome import chrome_lines, header_zone
from index.text.headings import (
    heading_like,
    heading_only,
    is_credit_caption,
    is_doc_number,
    is_salutation,
    is_signature,
    is_terminated,
    match_number,
    parallel_clauses,
    plain_heading,
    short_plain,
)


@dataclass(slots=True)  # a 150 MB text has half a million: no __dict__ each
class Block:
    text: str  # the repaired paragraph, whitespace-trimmed, markup (#, **) kept
    kind: str  # "text", "title", "heading" (unnumbered stand-alone), "caption" or "chrome"
    line: int = 0  # 0-based index of its first source line


_WS = " \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\r\f\v"
_SENTENCE_END = re.compile(r"(?:[。！？；!?]|…+)+[”’」』）)》】\"']*")
_LEAD_SENTENCE = re.compile(r"^[^。！？；，,]{1,25}[。！？]")
# characters whose doubling (常常, 人人, 层层) is ordinary Chinese, not a page-break repeat
_REDUP = frozenset("常人天年处事步层家户个时多渐刚稍纷默紧牢实扎点滴条件项村片环节面方全真切种样一"
                   "久日月岁声代世轻慢好高深大小长远明清楚平安稳快看想试谈说走等各频屡暗匆头心欣"
                   "兢踏勤恳朝夕熙攘堂正浩荡轰烈红火热闹干净整齐老少风雨山水家")


def split_sentences(text: str) -> list[str]:
    """Split after 。！？；!? and …… (closing quotes/brackets stay with their sentence).
    The pieces concatenate back to text exactly."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


def _width(s: str) -> int:
    """Display columns, counting CJK (3 UTF-8 bytes) as 2 and ASCII as 1."""
    return (len(s.encode("utf-8", "surrogatepass")) + len(s)) // 2


def _wrap_rule(lines: list[str]):
    """For hard-wrapped text (many lines of one length, counted in characters or in display
    columns), a test telling a full-width line from a paragraph's short last line; else None."""
    best = None
    for measure, slack in ((len, 1), (_width, 3)):
        sizes = Counter(measure(s) for s in lines if len(s) >= 10)
        total = sum(sizes.values())
        if total < 5:
            return None
        size, count = max(((w, sum(sizes[w - d] for d in range(slack + 1))) for w in sizes),
                          key=lambda wc: (wc[1], wc[0]))
        if count >= max(5, 0.3 * total) and size >= 15 * (1 + (measure is _width)) \
                and (best is None or count > best[0]):
            best = (count, measure, size - slack)
    if best is None:
        return None
    _, measure, least = best
    return lambda s: measure(s) >= least


class _Doubles:
    """Lazily computed set of characters that occur doubled (cc) somewhere in the text."""

    def __init__(self, text: str):
        self.text = text
        self._chars: set[str] | None = None

    def __contains__(self, c: str) -> bool:
        if self._chars is None:
            self._chars = {m.group(1) for m in re.finditer(r"([\u4e00-\u9fff])\1", self.text)}
        return c in self._chars


def _overlap(prev: str, nxt: str, text: str, doubles: _Doubles) -> int:
    """Length of a piece the break repeated: prev ends with what nxt starts with
    (作用 / 用强的 -> 1), unless the doubling is ordinary Chinese found elsewhere."""
    for k in range(min(len(prev), len(nxt), 20), 0, -1):
        piece = nxt[:k]
        if not prev.endswith(piece) or not re.fullmatch(r"[\u4e00-\u9fff]+", piece):
            continue
        if k == 1 and (piece in _REDUP or piece in doubles):
            return 0
        return 0 if k > 1 and piece * 2 in text else k
    return 0


def _open_end(line: str) -> bool:
    """Can a block that starts (and so far ends) with this line run on into the next one?"""
    if is_terminated(line) or is_doc_number(line) or is_salutation(line) or is_signature(line):
        return False
    num = match_number(line)
    if num and (num.key.startswith("md") or heading_only(num.rest)):
        return False
    bold = re.match(r"\*\*[^*]{1,40}?\*\*", line)
    return not (bold and bold.end() == len(line))


def _open_wrapped(line: str) -> bool:
    """May a full-width line of hard-wrapped text run on (even a numbered heading may)?"""
    return not (is_terminated(line) or is_signature(line))


class _Open:
    """The paragraph being assembled from several source lines."""

    def __init__(self, block: Block):
        self.block, self.parts, self.size = block, [block.text], len(block.text)

    def tail(self, n: int = 20) -> str:
        out = ""
        for p in reversed(self.parts):
            out = p + out
            if len(out) >= n:
                break
        return out[-n:]

    def add(self, s: str, text: str, doubles: _Doubles) -> None:
        s = s[_overlap(self.tail(), s, text, doubles):]
        self.parts.append(s)
        self.size += len(s)

    def close(self) -> None:
        self.block.text = "".join(self.parts)


def repair(text: str) -> list[Block]:
    """Turn decoded text (line ends "\\n") into logical paragraphs, in reading order."""
    raw = text.split("\n")
    lines = [s.strip(_WS) for s in raw]
    chrome = chrome_lines(lines)
    zone, body_start = header_zone(lines, chrome)
    wrap = _wrap_rule([s for i, s in enumerate(lines) if s and i not in chrome])
    # in hard-wrapped text whose paragraphs start indented, indentation decides
    indented = {i for i, r in enumerate(raw) if lines[i] and r.startswith(("\u3000", "  ", "\t"))}
    by_indent = wrap is not None and len(indented) >= 3
    doubles = _Doubles(text)
    blocks: list[Block] = []
    cur: _Open | None = None  # the text block still open for continuation
    last = ""  # the last source line of cur

    def wrapped(s: str) -> bool:
        return wrap is not None and wrap(s)

    def runs_on(s: str) -> bool:  # may a paragraph whose last line is s go on?
        return _open_end(s) or (wrapped(s) and (by_indent or _open_wrapped(s)))

    def add(block: Block, can_continue: bool = False) -> None:
        nonlocal cur, last
        if cur is not None:
            cur.close()
        blocks.append(block)
        cur, last = (_Open(block) if can_continue else None), block.text

    for i, s in enumerate(lines):
        if not s:
            continue
        if i in chrome or i < body_start:
            kind = "chrome" if i in chrome else zone.get(i, "text")
            if kind == "title" and blocks and blocks[-1].kind == "title" and wrapped(last):
                blocks[-1].text += s  # a long title hard-wrapped over two lines
                last = s
                continue
            add(Block(s, kind, i))
        elif is_credit_caption(s):
            add(Block(s, "caption", i))
        elif heading_like(s):
            add(Block(s, "text", i), runs_on(s))
        else:
            alone = short_plain(s) and not wrapped(s) and not is_signature(s)
            # a short unfinished line before "lead sentence。body…" is a heading, not a fragment
            m = _LEAD_SENTENCE.match(s)
            lead = (cur is not None and cur.size <= 30 and m and m.end() < len(s)
                    and not re.search(r"[。！？；]", cur.tail(30)))
            if cur is not None and not (alone and parallel_clauses(s)) and (wrapped(last) or not lead) \
                    and not (by_indent and i in indented):
                cur.add(s, text, doubles)
                last = s
                if (is_terminated(s) and not (by_indent and wrapped(s))) or (wrap and not wrapped(s)):
                    cur.close()  # finished, or the short last line of a wrapped paragraph
                    cur = None
            elif alone:
                add(Block(s, "heading" if parallel_clauses(s) or plain_heading(s) else "caption", i))
            else:
                add(Block(s, "text", i), runs_on(s))
    if cur is not None:
        cur.close()
    return _drop_repeated_fragments(blocks)


def _drop_repeated_fragments(blocks: list[Block]) -> list[Block]:
    """Drop an unfinished text fragment that is a prefix of another paragraph (a page break
    printed its start twice); of two identical fragments the later one goes."""
    by_head: dict[str, list[int]] = {}
    for n, b in enumerate(blocks):
        if b.kind == "text":
            by_head.setdefault(b.text[:12], []).append(n)
    drop = set()
    for n, b in enumerate(blocks):
        if b.kind != "text" or len(b.text) < 15 or not _open_end(b.text):
            continue  # only unfinished body text, never a heading that recurs
        for m in by_head.get(b.text[:12], ()):
            o = blocks[m].text
            if m != n and m not in drop and o.startswith(b.text) and (len(o) > len(b.text) or m < n):
                drop.add(n)
                break
    return [b for n, b in enumerate(blocks) if n not in drop]
