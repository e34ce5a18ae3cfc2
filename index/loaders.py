"""File loading: find files, decode bytes, turn each supported format into RawDocs.

Every failure on bad input is a LoadError whose message is shown to the user as is.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import logging
import os
import re
import stat
import sys
import tomllib
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import LoadError, RawDoc

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".csv", ".jsonl"}
MANIFEST = "corpus.toml"

# Dataset field -> accepted column names (matched case-insensitively, first match wins).
COLUMN_NAMES: dict[str, list[str]] = {
    "text": ["text", "full_text", "content", "body", "正文", "内容", "全文"],
    "title": ["title", "标题", "name", "题目"],
    "zone": ["zone", "province", "city", "region", "county", "district", "地区", "省份", "城市", "发布机构", "issuer"],
    "date": ["date", "publish_date", "published", "pubdate", "日期", "发布日期", "成文日期"],
    "year": ["year", "年份"],
    "source": ["source", "url", "source_url", "link", "来源", "链接"],
    "doc_number": ["doc_number", "文号", "发文字号"],
}


# --------------------------------------------------------------------------- walk


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the files under `paths` (depth first, sorted by name within each folder).

    Follows symlinks but visits each real folder once, skips hidden names inside
    folders and corpus.toml manifests; a missing path is yielded as is.
    """
    seen: set[str] = set()
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            if p.name != MANIFEST:
                yield p
            continue
        real = os.path.realpath(p)
        if real in seen:
            continue
        seen.add(real)
        stack = [_sorted_entries(p)]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                real = os.path.realpath(entry.path)
                if real not in seen:
                    seen.add(real)
                    stack.append(_sorted_entries(Path(entry.path)))
            elif entry.name != MANIFEST:
                yield Path(entry.path)


def _sorted_entries(d: Path) -> Iterator[os.DirEntry]:
    try:
        with os.scandir(d) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return iter(())  # unreadable folder: nothing to yield
    return iter(entries)


# --------------------------------------------------------------------------- decode

_BOMS = [  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Very frequent characters, simplified and traditional forms; the right decoding of
# Chinese bytes hits many of them, a wrong one (GBK read as Big5 or back) very few.
_COMMON_SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又"
    "利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果员位入常文总"
    "次品式活设及管特件长求基资边流路级少统接知较将组见计别期根论运农指区强放决被做必先回则任取据处队给"
    "保治北造规领海东导增济思术交受联认共权收证改清美再转更单打教带安场务具万每目至达示议报完类名确科张"
    "信节话空元今集传许步群广记需段研界律究观织装影持众书复容须际商非验连断深难近周委素技备办省列习响约"
    "支感劳便团往历市何除构府称准值号率族维划选标写存效院查型按格养置层始专状育识适属调满县局照参细引该价严"
)
_COMMON_TRADITIONAL = (
    "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說"
    "產種面而方後多定行學法所民得經十三之進著等部度家電力裡如水化高自二理起小物現實加量都兩體製機當使點"
    "從業本去把性好應開它合還因由其些然前外天政四日那社義事平形相全表間樣與關各重新線內數正心反明看原又"
    "利比或但質氣第向道命此變條只沒結解問意建月公無系軍很情者最立代想已通並提直題黨程展五果員位入常文總"
    "次品式活設及管特件長求基資邊流路級少統接知較將組見計別期根論運農指區強放決被做必先回則任取據處隊給"
    "保治北造規領海東導增濟思術交受聯認共權收證改清美再轉更單打教帶安場務具萬每目至達示議報完類名確科張"
    "信節話空元今集傳許步群廣記需段研界律究觀織裝影持眾書復容須際商非驗連斷深難近周委素技備辦省列習響約"
    "支感勞便團往歷市何除構府稱準值號率族維劃選標寫存效院查型按格養置層始專狀育識適屬調滿縣局照參細引該價嚴"
)
_COMMON = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL + "，。、：；？！「」『』（）《》“”")
# What a wrong guess tends to produce: private-use characters and Japanese kana.
_UNLIKELY = re.compile(r"[\ue000-\uf8ff\u3040-\u30ff]")
# Each family: codecs tried in order on the whole file (the last, widest one scores the
# sample). Ties go to the first family: strict UTF-8 has already failed by then.
_FAMILIES = [["gbk", "gb18030"], ["utf-8"], ["big5", "cp950", "big5hkscs"]]
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # keeps \t \n \v \f \r and ESC (coloured logs)
_SAMPLE = 128 * 1024


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding). Raises LoadError for binary data."""
    text, enc = _decode_raw(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_textlike(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, enc


def _decode_raw(data: bytes) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode_units(data[len(bom):], enc), enc
    if b"\x00" in data:
        enc = _utf16_without_bom(data)
        if enc is not None:
            return _decode_units(data, enc), enc
        if data.count(0) * 2000 > len(data):
            raise LoadError("binary file, not text")
        data = data.replace(b"\x00", b"")  # a few stray NULs in a text file: drop them
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: score each family on a sample starting at the first non-ASCII byte
    # (hits on common characters, minus decoding errors); decode the file with the winner.
    first = _HIGH_BYTE.search(data)
    sample = data[first.start() : first.start() + _SAMPLE] if first else data[:_SAMPLE]
    best, best_score = None, None
    for codec_names in _FAMILIES:
        s = sample.decode(codec_names[-1], errors="replace")
        score = sum(c in _COMMON for c in s) - len(_UNLIKELY.findall(s)) - 5 * s.count("\ufffd")
        if best_score is None or score > best_score:
            best, best_score = codec_names, score
    for name in best:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    # Mostly right with a few bad bytes: accept with replacement characters, unless it
    # is mostly noise; then ask charset_normalizer (other legacy encodings).
    text = data.decode(best[-1], errors="replace")
    if text.count("\ufffd") <= len(text) * 0.01:
        return text, best[-1]
    guessed = _charset_normalizer_guess(data)
    if guessed:
        return guessed
    raise LoadError("binary file, not text")


def _decode_units(body: bytes, enc: str) -> str:
    """Decode UTF-16/32 (or BOM'd UTF-8), tolerating a truncated last code unit."""
    try:
        return body.decode(enc)
    except UnicodeDecodeError:
        return body.decode(enc, errors="replace")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-range characters put NULs on one side only."""
    sample = data[: _SAMPLE & ~1]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    enough = max(2, len(sample) // 400)
    # Characters like 一 (U+4E00) put some NULs on the other side too.
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= enough and nuls >= 3 * other:
            try:
                data[: len(data) & ~1].decode(enc)  # no BOM: insist on clean decoding
                return enc
            except UnicodeDecodeError:
                return None
    return None


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data[: 4 * _SAMPLE]).best()
        if match is None or match.encoding is None:
            return None
        return data.decode(match.encoding, errors="replace"), match.encoding
    except Exception:
        return None


def _check_textlike(text: str) -> None:
    sample = text[:_SAMPLE]
    if not sample:
        return
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    if bad > len(sample) * 0.02:
        raise LoadError("binary file, not text")


# --------------------------------------------------------------------------- load


def load(
    path: Path, columns: dict[str, str] | None = None, max_bytes: int = 200 * 2**20
) -> tuple[list[RawDoc], list[str]]:
    """Read one file into RawDocs plus warnings. Raises LoadError when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError("broken symbolic link" if path.is_symlink() else "no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as e:
        raise LoadError(f"cannot read file ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError("is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError("not a regular file")
    if suffix not in SUPPORTED:
        raise LoadError(f"unsupported format {suffix}" if suffix else "unsupported format (no file extension)")
    if st.st_size == 0:
        raise LoadError("empty file")
    if st.st_size > max_bytes:
        raise LoadError(f"file too large ({_size(st.st_size)} > {_size(max_bytes)} limit)")
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except PermissionError:
        raise LoadError("permission denied") from None
    except OSError as e:
        raise LoadError(f"cannot read file ({e.strerror or e})") from None
    if not data:
        raise LoadError("empty file")
    if len(data) > max_bytes:  # grew since stat
        raise LoadError(f"file too large (> {_size(max_bytes)} limit)")

    loader = _LOADERS[suffix]
    try:
        return loader(path, data, columns)
    except LoadError:
        raise
    except MemoryError:
        raise LoadError("out of memory while reading file") from None
    except Exception as e:  # safety net: a library choked on bad input
        raise LoadError(f"could not read {suffix} file ({_brief(e)})") from None


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _brief(e: BaseException) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    msg = msg[:120]
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def _single(path: Path, text: str, fmt: str, meta: dict, enc: str | None) -> RawDoc:
    if not text.strip():
        raise LoadError("empty file" if fmt in ("txt", "md") else f"no text in .{fmt} file")
    return RawDoc(path=str(path), key="", text=text, fmt=fmt, meta=meta, encoding=enc)


# --------------------------------------------------------------------------- txt / md


def _load_text(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    text, enc = decode(data)
    text, meta, warning = split_front_matter(text)
    fmt = "txt" if path.suffix.lower() == ".txt" else "md"
    return [_single(path, text, fmt, meta, enc)], [warning] if warning else []


_YAML_KV = re.compile(r"^(\w[\w .-]{0,40}?)\s*[:：]\s*(.*)$")
_INT = re.compile(r"-?(?:0|[1-9]\d{0,17})")


def split_front_matter(text: str) -> tuple[str, dict, str | None]:
    """Split `---` (simple key: value) or `+++` (TOML) front matter off the top.

    Returns (text without it, meta, warning or None). Text without front matter is
    returned unchanged.
    """
    delim = text[:3]
    if delim not in ("---", "+++"):
        return text, {}, None
    nl = text.find("\n", 0, 200)
    if nl == -1 or text[:nl].rstrip(" \t") != delim:
        return text, {}, None
    closing = re.compile(rf"^{re.escape(delim)}[ \t]*$", re.M).search(text, nl + 1, nl + 1 + 65536)
    if not closing:
        return text, {}, None
    block = text[nl + 1 : closing.start()]
    rest = text[closing.end() :]
    rest = rest[1:] if rest.startswith("\n") else rest
    if delim == "+++":
        try:
            raw = tomllib.loads(block)
        except tomllib.TOMLDecodeError as e:
            return text, {}, f"front matter is not valid TOML ({e}), left in text"
        return rest, {str(k).lower(): _meta_value(v) for k, v in raw.items()}, None
    meta: dict = {}
    for line in block.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t-" and meta:
            continue  # nested value or list item: not kept
        m = _YAML_KV.match(line)
        if not m:
            return text, {}, None  # not key: value lines, so not front matter
        value = m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[m.group(1).strip().lower()] = _meta_value(value)
    return rest, meta, None


def _meta_value(v):
    """Keep ints (not bools) and strings; digits become ints; other values become strings."""
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, str):
        return int(v) if _INT.fullmatch(v) else v
    if isinstance(v, list):
        return ", ".join(str(_meta_value(x)) for x in v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


# --------------------------------------------------------------------------- html

_CHROME_TAGS = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button",
                "template", "svg", "select", "textarea", "head", "title"}
_CHROME_NAME = re.compile(
    r"(?:^|[-_])(?:nav|navbar|menu|footer|header|breadcrumbs?|crumbs?|share|sidebar|toolbar|copyright)(?:$|[-_\d])"
)
_CONTENT_NAME = re.compile(r"(?:^|[-_])(?:content|article|main|zoom|trs_editor|detail|zw|text|pages_content)(?:$|[-_\d])")
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


def _load_html(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    text, enc = _decode_html(data)
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
    return [_single(path, out, "html", meta, enc)], []


def _decode_html(data: bytes) -> tuple[str, str]:
    """Like decode(), but a declared <meta charset> beats guessing when the bytes are not UTF-8."""
    m = _CHARSET.search(data[:4096])
    if m and b"\x00" not in data and not any(data.startswith(b) for b, _ in _BOMS):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                declared = codecs.lookup(m.group(1).decode("ascii")).name
                declared = {"gb2312": "gbk", "big5": "cp950"}.get(declared, declared)
                text = data.decode(declared)
                _check_textlike(text)
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
    total = len(root.get_text(strip=True))
    best, best_len = root, 0
    for tag in root.find_all(True):
        names = [str(tag.get("id") or "")] + [str(c) for c in (tag.get("class") or [])]
        if any(_CONTENT_NAME.search(n.lower()) for n in names if n):
            n = len(tag.get_text(strip=True))
            if n > best_len:
                best, best_len = tag, n
    # Only trust it if it holds most of the page's text.
    return best if best_len >= 200 and best_len >= total * 0.5 else root


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
    return _collapse_blank(lines)


def _collapse_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line if line.strip() else "")
    while out and not out[-1].strip():
        out.pop()
    return out


# --------------------------------------------------------------------------- docx

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TEMPLATE_STAMP = "2013-12-23"  # python-docx's default template date: not a real date


def _load_docx(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    import docx
    from docx.table import Table

    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise LoadError("damaged or truncated .docx (this is an old Word .doc file; save it as .docx)")
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise LoadError(f"damaged or truncated .docx ({_brief(e)})") from None

    lines: list[str] = []
    warnings_: list[str] = []
    try:
        blocks = list(doc.iter_inner_content()) if hasattr(doc, "iter_inner_content") else (
            list(doc.paragraphs) + list(doc.tables))
        for block in blocks:
            if isinstance(block, Table):
                lines.extend(_docx_table(block))
                continue
            text = block.text.replace("\r\n", "\n").replace("\r", "\n")
            level = _docx_heading_level(block)
            if level and text.strip():
                lines.append("#" * level + " " + " ".join(text.split()))
            else:
                lines.append(text)
    except Exception as e:
        raise LoadError(f"damaged or truncated .docx ({_brief(e)})") from None

    meta: dict = {}
    try:
        cp = doc.core_properties
        if cp.title and cp.title.strip():
            meta["title"] = cp.title.strip()
        when = cp.created or cp.modified
        if when and not when.isoformat().startswith(_TEMPLATE_STAMP):
            meta["date"] = when.date().isoformat()
    except Exception:
        warnings_.append("document properties unreadable, ignored")
    text = "\n".join(_collapse_blank(lines))
    return [_single(path, text, "docx", meta, None)], warnings_


def _docx_heading_level(par) -> int:
    try:
        style = par.style
        name = style.name if style is not None else ""
    except Exception:
        return 0
    m = _HEADING_STYLE.match((name or "").strip())
    if m:
        return int(m.group(1))
    return 1 if (name or "").strip().lower() in ("title", "标题") else 0


def _docx_table(table) -> list[str]:
    out, seen = [], {}  # id -> element; holding the element keeps its id unique
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell is repeated for each grid slot it covers
            seen[id(cell._tc)] = cell._tc
            cells.append(" ".join(cell.text.split()))
        line = "  ".join(c for c in cells if c)
        if line:
            out.append(line)
    return out


# --------------------------------------------------------------------------- pdf


@contextlib.contextmanager
def _quiet_pypdf():
    logger = logging.getLogger("pypdf")
    old = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old)


def _load_pdf(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    from pypdf import PdfReader

    if b"%PDF" not in data[:1024]:
        raise LoadError("not a PDF file (no %PDF header)")
    warnings_: list[str] = []
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
        except Exception as e:
            raise LoadError(f"damaged or truncated .pdf ({_brief(e)})") from None
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as e:
                if "cryptography" in str(e).lower() or "AES" in str(e):
                    raise LoadError("encrypted PDF (needs the 'cryptography' package)") from None
                raise LoadError("encrypted PDF") from None
            if not ok:
                raise LoadError("encrypted PDF")
        try:
            pages = reader.pages
            n = len(pages)
        except Exception as e:
            raise LoadError(f"damaged or truncated .pdf ({_brief(e)})") from None
        texts = []
        for i in range(n):
            try:
                t = pages[i].extract_text() or ""
            except Exception as e:
                warnings_.append(f"page {i + 1}: text unreadable, skipped ({_brief(e)})")
                t = ""
            texts.append(t.replace("\r\n", "\n").replace("\r", "\n"))
        meta = _pdf_meta(reader)
    if not any(t.strip() for t in texts):
        if n and len(warnings_) == n:
            raise LoadError("damaged .pdf (no page could be read)")
        raise LoadError("PDF has no text layer (scanned image?)")
    return [RawDoc(path=str(path), key="", text="\n\n".join(texts), fmt="pdf", meta=meta)], warnings_


def _pdf_meta(reader) -> dict:
    meta: dict = {}
    try:
        info = reader.metadata
        if info:
            if info.title and str(info.title).strip():
                meta["title"] = str(info.title).strip()
            raw = str(info.get("/CreationDate") or "")
            m = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", raw)
            if m:
                meta["date"] = "-".join(m.groups())
    except Exception:
        pass
    return meta


# --------------------------------------------------------------------------- datasets


def _raise_csv_limit() -> None:
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:  # C long is 32 bits on some platforms
            limit //= 10


_raise_csv_limit()


def _norm_col(name: str) -> str:
    return str(name).replace("\ufeff", "").strip().lower()


def resolve_columns(names: list[str], columns: dict[str, str] | None) -> dict[str, str]:
    """Map each field to a (normalised) column name; explicit `columns` win over COLUMN_NAMES."""
    available = [_norm_col(n) for n in names]
    present = set(available)
    shown = ", ".join(str(n).replace("\ufeff", "").strip() for n in names) or "(none)"
    mapping: dict[str, str] = {}
    for field, col in (columns or {}).items():
        if not col:
            continue
        c = _norm_col(col)
        if c not in present:
            raise LoadError(f"no column named '{col}' for {field} (columns: {shown})")
        mapping[field] = c
    used = set(mapping.values())
    for field, candidates in COLUMN_NAMES.items():
        if field in mapping:
            continue
        for cand in candidates:
            c = _norm_col(cand)
            if c in present and c not in used:
                mapping[field] = c
                used.add(c)
                break
    if "text" not in mapping:
        raise LoadError(f"no text column among: {shown} (name one with --text-column)")
    return mapping


def _row_doc(path: Path, key: str, row: dict, mapping: dict[str, str], fmt: str, enc: str) -> RawDoc | None:
    """Build one dataset RawDoc from a normalised-name row; None when its text is empty."""
    text = row.get(mapping["text"])
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str) or not text.strip():
        return None
    meta: dict = {}
    for field, col in mapping.items():
        if field == "text":
            continue
        v = row.get(col)
        if v is None or isinstance(v, (dict, list)):
            continue
        v = v.strip() if isinstance(v, str) else v
        if v == "" or isinstance(v, bool):
            continue
        meta[field] = _meta_value(v) if field == "year" else (v if isinstance(v, (str, int)) else str(v))
    return RawDoc(path=str(path), key=key, text=text, fmt=fmt, meta=meta, encoding=enc)


def _load_csv(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    text, enc = decode(data)
    header_line, pos = "", 0
    while pos < len(text) and not header_line.strip():
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        header_line, pos = text[pos:end], end + 1
    if not header_line.strip():
        raise LoadError("empty file")
    # Sniff the delimiter: the one that splits the header into the most columns.
    delim = max(",\t;", key=lambda d: len(next(csv.reader([header_line], delimiter=d))))
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    docs: list[RawDoc] = []
    warns: list[str] = []
    header = None
    n = 0
    try:
        for record in reader:
            if not any(f.strip() for f in record):
                continue  # blank line
            if header is None:
                header = record
                mapping = resolve_columns(header, columns)
                index = {}
                for i, name in enumerate(header):
                    index.setdefault(_norm_col(name), i)
                continue
            n += 1
            row = {col: record[index[col]] if index[col] < len(record) else "" for col in mapping.values()}
            doc = _row_doc(path, str(n), row, mapping, "csv", enc)
            if doc is None:
                warns.append(f"row {n}: empty text, skipped")
            else:
                docs.append(doc)
    except csv.Error as e:
        raise LoadError(f"malformed CSV near line {reader.line_num} ({e})") from None
    if header is None:
        raise LoadError("empty file")
    if not docs and n == 0:
        raise LoadError("CSV has a header but no rows")
    return docs, warns


def _load_jsonl(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    text, enc = decode(data)
    rows: list[tuple[int, dict]] = []
    warns: list[str] = []
    names: dict[str, None] = {}  # column names in order of first appearance
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError):
            warns.append(f"line {lineno}: not valid JSON, skipped")
            continue
        if not isinstance(obj, dict):
            warns.append(f"line {lineno}: not a JSON object, skipped")
            continue
        row = {}
        for k, v in obj.items():
            c = _norm_col(k)
            names.setdefault(k, None)
            row.setdefault(c, v)
        rows.append((lineno, row))
    if not rows:
        raise LoadError("not valid JSON lines")
    mapping = resolve_columns(list(names), columns)
    docs = []
    for lineno, row in rows:
        doc = _row_doc(path, str(lineno), row, mapping, "jsonl", enc)
        if doc is None:
            warns.append(f"line {lineno}: empty text, skipped")
        else:
            docs.append(doc)
    warns.sort(key=lambda w: int(w.split(":", 1)[0].split()[1]))  # line order
    return docs, warns


_LOADERS = {
    ".txt": _load_text,
    ".md": _load_text,
    ".markdown": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".docx": _load_docx,
    ".pdf": _load_pdf,
    ".csv": _load_csv,
    ".jsonl": _load_jsonl,
}
