"""A .docx read as a stream (issue 25): the main part is parsed with lxml's iterparse, each
paragraph and table freed once its text is taken, so memory stays bounded and time linear
whatever the part holds (8 MB of empty <w:p/> took 71 s and 532 MB through python-docx's
object model). The main part is found by its relationship, whatever its name (a part
named .bin is read as the XML it is); entities are not resolved, nothing is fetched, and
libxml2's own limits (no "huge tree": depth 256, text nodes 10 MB) hold.

Lines out: a paragraph per line, headings ("Heading 1", "标题 2", "Title") as Markdown
"#", a table row per line with its cells joined by two spaces, runs of blank paragraphs
as one.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from index.model import LoadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOC = "/officeDocument"
_STYLES = "/styles"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TEMPLATE_STAMP = "2013-12-23"  # python-docx's default template date: not a real date
# XML elements read in one .docx (a 2,000-page report has about a million); beyond, refused.
MAX_ELEMENTS = 5_000_000
_TAGS = [W + t for t in ("p", "t", "tab", "br", "cr", "tc", "tr", "pStyle")]


def read_docx(data: bytes) -> tuple[list[str], dict]:
    """(lines, meta) of a .docx's bytes; LoadError when it cannot be read."""
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            main = _target(z, "_rels/.rels", _OFFICE_DOC) or "word/document.xml"
            styles = _style_names(z, main)
            meta = _core(z)
            with z.open(main) as part:
                lines = _lines(etree.iterparse(
                    part, events=("start", "end"), tag=_TAGS, resolve_entities=False,
                    no_network=True, huge_tree=False, remove_comments=True), styles)
    except LoadError:
        raise
    except (KeyError, zipfile.BadZipFile, EOFError, OSError, ValueError,
            etree.LxmlError) as e:
        msg = str(e).strip().splitlines()[0][:120] if str(e).strip() else ""
        raise LoadError(f"damaged or truncated .docx ({type(e).__name__}: {msg})") from None
    while lines and not lines[-1].strip():
        lines.pop()
    return lines, meta


def _lines(events, styles: dict[str, str]) -> list[str]:
    lines: list[str] = []
    paras: list[list[str]] = []  # the paragraphs being read (a text box nests one)
    levels: list[int] = []
    cells: list[list[str]] = []  # the table cells being read (nested tables nest)
    rows: list[list[str]] = []
    n = 0
    for event, el in events:
        n += 1
        if n > 2 * MAX_ELEMENTS:
            raise LoadError(f"more than {MAX_ELEMENTS:,} XML elements in its text: refused "
                            f"(a 2,000-page report has about a million)")
        tag = el.tag
        if event == "start":
            if tag == W + "p":
                paras.append([])
                levels.append(0)
            elif tag == W + "tc":
                cells.append([])
            elif tag == W + "tr":
                rows.append([])
            continue
        if tag == W + "t":
            if paras and el.text:
                paras[-1].append(el.text)
        elif tag == W + "tab":
            if paras:
                paras[-1].append("\t")
        elif tag in (W + "br", W + "cr"):
            if paras:
                paras[-1].append("\n")
        elif tag == W + "pStyle":
            if levels:
                levels[-1] = _level(styles.get(el.get(W + "val") or "", ""))
        elif tag == W + "p":
            text, level = "".join(paras.pop()), levels.pop()
            if cells:
                cells[-1].append(text)
            elif level and text.strip():
                lines.append("#" * level + " " + " ".join(text.split()))
            elif text.strip() or (lines and lines[-1].strip()):
                lines.append(text)
            _free(el)
        elif tag == W + "tc":
            cell = " ".join(" ".join(cells.pop()).split())
            if rows and cell:
                rows[-1].append(cell)
        elif tag == W + "tr":
            row = "  ".join(rows.pop())
            if cells:  # a table inside a cell: its rows are the cell's text
                cells[-1].append(row)
            elif row:
                lines.append(row)
            _free(el)
    return lines


def _free(el) -> None:
    """Drop what is read: the element's content and its earlier siblings."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _level(style_name: str) -> int:
    m = _HEADING_STYLE.match(style_name.strip())
    if m:
        return int(m.group(1))
    return 1 if style_name.strip().lower() in ("title", "标题") else 0


def _target(z: zipfile.ZipFile, rels: str, kind: str, base: str = "") -> str | None:
    """The part a relationship of `kind` in the rels part points to (None: none)."""
    from lxml import etree

    try:
        root = etree.fromstring(z.read(rels), etree.XMLParser(resolve_entities=False,
                                                              no_network=True))
    except KeyError:
        return None
    for rel in root.iter(_PKG_RELS):
        if (rel.get("Type") or "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            return path
    return None


def _style_names(z: zipfile.ZipFile, main: str) -> dict[str, str]:
    """styleId -> style name, from the styles part of the main part."""
    from lxml import etree

    folder, name = posixpath.split(main)
    part = _target(z, posixpath.join(folder, "_rels", name + ".rels"), _STYLES, folder)
    try:
        root = etree.fromstring(z.read(part or "word/styles.xml"),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except KeyError:
        return {}
    names = {}
    for style in root.iter(W + "style"):
        found = style.find(W + "name")
        if found is not None:
            names[style.get(W + "styleId") or ""] = found.get(W + "val") or ""
    return names


def _core(z: zipfile.ZipFile) -> dict:
    """title and file_date (the creation date, not the document's) of docProps/core.xml."""
    from lxml import etree

    try:
        root = etree.fromstring(z.read("docProps/core.xml"),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.LxmlError):
        return {}
    meta: dict = {}
    dates = {}
    for el in root:
        local, text = etree.QName(el).localname, (el.text or "").strip()
        if local == "title" and text:
            meta["title"] = text
        elif local in ("created", "modified") and re.match(r"\d{4}-\d\d-\d\d", text):
            dates[local] = text
    when = dates.get("created") or dates.get("modified")
    if when and not when.startswith(_TEMPLATE_STAMP):
        meta["file_date"] = when[:10]
    return meta
