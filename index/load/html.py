"""HTML loader: page chrome dropped, the main text flattened to lines (headings as markdown)."""

from __future__ import annotations

import codecs
import re
import warnings
from pathlib import Path

from index.load.common import collapse_blank, single
from index.load.decode import BOMS, check_textlike, decode
from index.model import LoadError, RawDoc

_CHROME_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button",
                "template", "svg", "select", "textarea", "head", "title"}
_CHROME_NAME = re.compile(
    r"(?:^|[-_])(?:nav|navbar|menu|footer|header|breadcrumbs?|crumbs?|share|sidebar|toolbar|copyright)(?:$|[-_\d])"
)
_CONTENT_NAME = re.compile(r"(?:^|[-_])(?:content|article|main|zoom|trs_editor|detail|zw|text"
                           r"|pages_content)(?:$|[-_\d])")
_BLOCK_TAGS = {
    "p", "div", "li", "tr", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "section",
    "article", "main", "blockquote", "center", "address", "figure", "figcaption", "caption", "hr", "body",
    "html", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "details", "summary",
}
_HTML_META = {  # <meta name=...> kept, lowercased
    "publishdate", "pubdate", "publish_date", "firstpublishedtime", "source", "contentsource", "author",
    "keywords", "description", "articletitle", "columnname", "sitename", "docnumber", "filenum",
}
_WS = re.compile(r"[ \t\n\r\f\v]+")  # ASCII whitespace only: keep \u3000 and nbsp indents
# A source line break between two Chinese characters is layout, not a space.
_CJK_WRAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]*\r?\n[ \t]*(?=[\u3000-\u9fff\uff00-\uffef])")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


# Inline formatting carries no structure here (the text is flattened): dropped before
# parsing, so that a flood of unclosed <b> (5 MB took 1.2 GB as a tree) costs nothing.
_INLINE = re.compile(r"</?(?:b|i|u|em|strong|font|small|big|strike|tt|sub|sup|mark|abbr|"
                     r"cite|ins|bdi|bdo|wbr|nobr)\b[^<>]*>", re.I)
_TAG = re.compile(r"<[A-Za-z]")
# Tags parsed into a tree for one page (about 0.7 KB of memory each): a page over this is
# refused (about 25 s and 190 MB at the limit).
MAX_HTML_TAGS = 200_000


def load_html(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    text, enc = _decode_html(data)
    del data
    text = _INLINE.sub("", text)
    tags = sum(1 for _ in _TAG.finditer(text))
    if tags > MAX_HTML_TAGS:
        raise LoadError(f"{tags:,} HTML tags (not counting inline formatting), over the "
                        f"{MAX_HTML_TAGS:,} a page is read to: refused")
    from bs4 import BeautifulSoup

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, "html.parser")
    meta: dict = {}
    if soup.title and soup.title.get_text(strip=True):
        meta["title"] = _WS.sub(" ", soup.title.get_text()).strip()
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").strip().lower()
        content = _WS.sub(" ", str(tag.get("content") or "")).strip()
        if name in _HTML_META and content and name not in meta:
            meta[name] = content
    for key in ("publishdate", "pubdate", "publish_date", "firstpublishedtime"):
        if key in meta and "date" not in meta:
            meta["date"] = meta[key]
    if "source" not in meta and "contentsource" in meta:
        meta["source"] = meta["contentsource"]

    root = soup.body or soup
    _drop_chrome(root)
    h1 = root.find("h1")
    if "title" not in meta and h1 and h1.get_text(strip=True):
        meta["title"] = _WS.sub(" ", h1.get_text()).strip()
    content = _content_container(root)
    lines = []
    if content is not root and h1 is not None and not _is_inside(h1, content):
        lines.append("# " + _WS.sub(" ", h1.get_text()).strip())  # title sits outside the body container
    lines += _html_lines(content)
    out = "\n".join(lines).strip("\n")
    return [single(path, out, "html", meta, enc)], []


def _decode_html(data: bytes) -> tuple[str, str]:
    """Like decode(), but a declared <meta charset> beats guessing when the bytes are not UTF-8."""
    m = _CHARSET.search(data[:4096])
    if m and b"\x00" not in data and not any(data.startswith(b) for b, _ in BOMS):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                declared = codecs.lookup(m.group(1).decode("ascii")).name
                declared = {"gb2312": "gbk", "big5": "cp950"}.get(declared, declared)
                text = data.decode(declared)
                check_textlike(text)
                return text.replace("\r\n", "\n").replace("\r", "\n"), declared
            except (LookupError, UnicodeDecodeError, LoadError, ValueError):
                pass
    return decode(data)


def _drop_chrome(root) -> None:
    """Remove page chrome in one top-down pass (never descending into what goes)."""
    from bs4 import Tag

    doomed = []
    stack = [(root, False)]
    while stack:
        tag, in_article = stack.pop()
        for child in tag.contents:
            if not isinstance(child, Tag):
                continue
            if _is_chrome(child, in_article):
                doomed.append(child)
            else:
                stack.append((child, in_article or child.name in ("article", "main")))
    for tag in doomed:
        tag.decompose()


def _is_chrome(tag, in_article: bool) -> bool:
    if tag.name in ("html", "body"):
        return False
    if tag.name == "form":  # some sites (ASP.NET) wrap the whole page in one <form>
        return not (tag.find(["h1", "article", "main"]) or len(tag.find_all("p", limit=3)) == 3)
    if tag.name in _CHROME_TAGS:
        return not (tag.name == "header" and in_article)  # an article's own <header> holds its title
    if re.search(r"display\s*:\s*none", str(tag.get("style") or ""), re.I):
        return True
    names = [str(tag.get("id") or "")] + [str(c) for c in (tag.get("class") or [])]
    if any(_CHROME_NAME.search(n.lower()) for n in names if n):
        return tag.find(["h1", "h2"]) is None  # an "article-header" holding the title is content
    return False


def _content_container(root):
    """The element holding the main text: one <article> or <main>, else a content-named block."""
    for name in ("article", "main"):
        found = root.find_all(name)
        if len(found) == 1 and len(found[0].get_text(strip=True)) >= 20:
            return found[0]
    lengths = _text_lengths(root)  # one pass: nested content blocks are not quadratic
    total = lengths.get(id(root), 0)
    best, best_len = root, 0
    for tag in root.find_all(True):
        names = [str(tag.get("id") or "")] + [str(c) for c in (tag.get("class") or [])]
        if any(_CONTENT_NAME.search(n.lower()) for n in names if n):
            n = lengths.get(id(tag), 0)
            if n > best_len:
                best, best_len = tag, n
    # Only trust it if it holds most of the page's text.
    return best if best_len >= 200 and best_len >= total * 0.5 else root


def _text_lengths(root) -> dict[int, int]:
    """{id(tag): len(tag.get_text(strip=True))} for root and every tag under it, in one
    pass (strings counted into their parent, then each tag into its parent, deepest first)."""
    from bs4 import CData, NavigableString, Tag

    lengths: dict[int, int] = {}
    tags = [root]
    for node in root.descendants:
        if isinstance(node, Tag):
            tags.append(node)
        elif type(node) in (NavigableString, CData):
            lengths[id(node.parent)] = lengths.get(id(node.parent), 0) + len(node.strip())
    for tag in reversed(tags[1:]):
        lengths[id(tag.parent)] = lengths.get(id(tag.parent), 0) + lengths.get(id(tag), 0)
    return lengths


def _is_inside(tag, container) -> bool:
    return any(parent is container for parent in tag.parents)


def _html_lines(root) -> list[str]:
    """Flatten to lines: headings as markdown, blocks and <br> as line breaks, cells joined by two spaces."""
    from bs4 import NavigableString
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    lines: list[str] = []
    cur: list[str] = []

    def flush(blank_if_empty=False):
        line = "".join(cur).rstrip().lstrip(" ")
        cur.clear()
        if line.strip():
            lines.append(line)
        elif blank_if_empty:
            lines.append("")

    stack = [(root, False)]  # iterative walk: deep nesting must not hit the recursion limit
    while stack:
        node, closing = stack.pop()
        if closing:
            flush()
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
                cur.append(_WS.sub(" ", _CJK_WRAP.sub("", str(node))))
            continue
        name = node.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            flush()
            title = _WS.sub(" ", node.get_text()).strip()
            if title:
                lines.append("#" * int(name[1]) + " " + title)
            continue
        if name == "br":
            flush(blank_if_empty=True)
            continue
        if name == "pre":
            flush()
            lines.extend(node.get_text().replace("\r\n", "\n").split("\n"))
            continue
        if name in ("td", "th") and "".join(cur).strip():
            cur.append("  ")
        if name in _BLOCK_TAGS:
            flush()
            stack.append((node, True))
        for child in reversed(node.contents):
            stack.append((child, False))
    flush()
    return collapse_blank(lines)
