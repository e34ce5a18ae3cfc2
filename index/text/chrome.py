"""Scraped web chrome: widget lines, metadata labels, portal tables, breadcrumbs and
"相关报道" tails, plus the header block (title, byline) of scraped reports."""

from __future__ import annotations

import re

from index.text.headings import is_credit_caption, is_doc_number, is_terminated, match_number

WIDGETS = frozenset("""下载 打印 全屏 收藏 【字号： 【字号: 加大 还原 减小 】 分享 分享: 分享： 分享到：
分享到: 关闭 关闭窗口 【关闭】 【打印】 【打印本页】 【关闭窗口】 打印本页 打印此页 收藏本页 返回顶部
首页 > » ＞ 上一篇 下一篇 扫一扫在手机打开当前页 扫一扫在手机上查看当前页面 微信 微博 QQ空间
[打印] [关闭] 【返回顶部】 【我要打印】 【我要纠错】 纠错""".split())
_BREADCRUMB_SEP = frozenset({">", "»", "＞", "›"})
_LABEL = re.compile(
    r"^[【\[(（]?(?:来源|信息来源|文章来源|稿件来源|时间|发布时间|发布日期|更新时间|作者|编辑|"
    r"责任编辑|审核|校对|浏览次数|点击数|点击量|阅读量|访问量|访问次数|字号|索\s*引\s*号|发布机构|"
    r"公开日期|主题分类|发文机关|发文字号|成文日期|有效性|文\s*号|体裁分类|组配分类|公开方式|"
    r"公开范围|信息分类|所属主题|生效日期|废止日期|当前位置|您的位置|你的位置|您现在的位置)\s*[:：]"
)
_TAIL = re.compile(r"^(?:相关报道|相关链接|相关新闻|相关阅读|延伸阅读|相关文章|相关稿件|推荐阅读)\s*[:：]?")
_CRUMBS = re.compile(r"^首页\s*[>»＞›]")
_GOVERNOR = re.compile(r"^[\u4e00-\u9fff]{0,20}(?:省长|市长|主席|区长|县长|州长|盟长|旗长|书记)"
                       r"\s+[\u4e00-\u9fff·]{1,8}(?:\s[\u4e00-\u9fff·]{1,8})?$")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
_ZONE_PROSE = re.compile(r"[，,。；;！!？?]")


def is_chrome_line(s: str) -> bool:
    """A widget or metadata line, judged on its own."""
    if s in WIDGETS or _CRUMBS.match(s):
        return True
    if len(s) <= 60 and (_LABEL.match(s) or "责任编辑" in s[:8]):
        return True
    return len(s) <= 200 and "|" in s and bool(re.search(r"[:：]\s*\|", s))  # portal table: 索 引 号: | … |


def chrome_lines(lines: list[str]) -> set[int]:
    """Indices of chrome lines (lines are stripped; blanks are "")."""
    out: set[int] = set()
    nonblank = [i for i, s in enumerate(lines) if s]
    for k, i in enumerate(nonblank):
        s = lines[i]
        if _TAIL.match(s) and len(s) <= 12:  # 相关报道： and the list of titles after it
            out.add(i)
            for j in nonblank[k + 1:]:
                if len(lines[j]) > 60 or is_terminated(lines[j]):
                    break
                out.add(j)
            continue
        if not is_chrome_line(s):
            continue
        out.add(i)
        nxt = nonblank[k + 1] if k + 1 < len(nonblank) else None
        if s in _BREADCRUMB_SEP:  # 首页 > 政府信息公开 > 政府工作报告: both neighbours
            prv = nonblank[k - 1] if k else None
            for near in (prv, nxt):
                if near is not None and len(lines[near]) <= 12:
                    out.add(near)
        elif nxt is not None and _LABEL.match(s) and re.search(r"[:：]$", s) and len(lines[nxt]) <= 40 \
                and not is_terminated(lines[nxt]) and not match_number(lines[nxt]):
            out.add(nxt)  # 时间： / 2026-02-02 09:20 — label and value on two lines
    return out


def header_zone(lines: list[str], chrome: set[int]) -> tuple[dict[int, str], int]:
    """Classify the lines before the first body line: "title", "caption", "chrome"
    (byline, repeated title) or "text" (doc number). Returns (kinds, index where body starts)."""
    kinds: dict[int, str] = {}
    titles: list[str] = []
    meta_seen = False
    for i, s in enumerate(lines):
        if not s:
            continue
        if i in chrome:
            meta_seen = meta_seen or bool(titles)
            continue
        if is_credit_caption(s):
            kinds[i] = "caption"
            continue
        num = match_number(s)
        if num and num.key.startswith("md") and not is_terminated(s) and len(titles) < 8:
            kinds[i] = "title"
            titles.append(s)
            continue
        if num or is_terminated(s) or len(s) > 100 or _ZONE_PROSE.search(s) or s.startswith("**"):
            return kinds, i
        if s in titles or _GOVERNOR.match(s) or (meta_seen and _NAME.match(s)):
            kinds[i] = "chrome"
        elif is_doc_number(s):
            kinds[i] = "text"
        elif meta_seen and titles:
            kinds[i] = "caption"  # a photo caption after 来源/时间: 省长赵刚作政府工作报告
        elif len(titles) >= 8:
            return kinds, i
        else:
            kinds[i] = "title"
            titles.append(s)
    return kinds, len(lines)
