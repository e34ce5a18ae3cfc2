"""Office formats: .docx (python-docx) and .pdf (pypdf text layer)."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
import zipfile
from pathlib import Path

from index.load.common import brief, collapse_blank, single
from index.model import LoadError, RawDoc

# --------------------------------------------------------------------------- docx

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TEMPLATE_STAMP = "2013-12-23"  # python-docx's default template date: not a real date


# A .docx is a zip archive: what it expands to is checked before python-docx reads it (a
# 3 MB file can hold a 1 GB document.xml). Parsing XML takes about 8x its size in memory,
# so the XML parts may expand to 40 MB (a 2,000-page text); all parts (images are held
# whole) to 128 MB; a part over 1 MB may not expand more than 200-fold (text XML: 5-20).
DOCX_MAX_XML = 40 * 2**20
DOCX_MAX_TOTAL = 128 * 2**20
DOCX_MAX_RATIO = 200


def check_archive(data: bytes, kind: str = ".docx") -> None:
    """Refuse a zip whose parts expand beyond the limits, by their declared sizes and then
    by reading each part as a stream (a part lying about its size fails its CRC check)."""
    def refuse(why: str):
        return LoadError(f"{why}: refused as a possible zip bomb (limits: {_mb(DOCX_MAX_XML)} "
                         f"of XML, {_mb(DOCX_MAX_TOTAL)} in all, {DOCX_MAX_RATIO}-fold)")

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            xml = sum(i.file_size for i in infos if _is_xml(i.filename))
            total = sum(i.file_size for i in infos)
            if xml > DOCX_MAX_XML:
                raise refuse(f"its text parts expand to {_mb(xml)}")
            if total > DOCX_MAX_TOTAL:
                raise refuse(f"it expands to {_mb(total)}")
            for i in infos:
                if i.file_size > 2**20 and i.file_size > DOCX_MAX_RATIO * max(i.compress_size, 1):
                    raise refuse(f"{i.filename} expands {i.file_size // max(i.compress_size, 1)}"
                                 f"-fold, to {_mb(i.file_size)}")
            read = 0
            for i in infos:
                with z.open(i) as part:
                    while chunk := part.read(1 << 20):
                        read += len(chunk)
                        if read > total:
                            raise refuse("its parts expand beyond their declared sizes")
    except LoadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError) as e:
        raise LoadError(f"damaged or truncated {kind} ({brief(e)})") from None


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n / 1024:,.0f} KB"


def load_docx(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    import docx
    from docx.table import Table

    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise LoadError("damaged or truncated .docx (this is an old Word .doc file; save it as .docx)")
    check_archive(data)
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 — python-docx on untrusted bytes raises anything
        raise LoadError(f"damaged or truncated .docx ({brief(e)})") from None

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
    except Exception as e:  # noqa: BLE001 — python-docx on untrusted bytes raises anything
        raise LoadError(f"damaged or truncated .docx ({brief(e)})") from None

    meta: dict = {}
    try:
        cp = doc.core_properties
        if cp.title and cp.title.strip():
            meta["title"] = cp.title.strip()
        when = cp.created or cp.modified
        if when and not when.isoformat().startswith(_TEMPLATE_STAMP):
            meta["file_date"] = when.date().isoformat()  # a creation date, not the document's
    except Exception:  # noqa: BLE001 — python-docx on untrusted bytes raises anything
        warnings_.append("document properties unreadable, ignored")
    text = "\n".join(collapse_blank(lines))
    return [single(path, text, "docx", meta, None)], warnings_


def _docx_heading_level(par) -> int:
    try:
        style = par.style
        name = style.name if style is not None else ""
    except Exception:  # noqa: BLE001 — python-docx on untrusted bytes raises anything
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


def load_pdf(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    from pypdf import PdfReader

    if b"%PDF" not in data[:1024]:
        raise LoadError("not a PDF file (no %PDF header)")
    warnings_: list[str] = []
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data))
        except Exception as e:  # noqa: BLE001 — pypdf on untrusted bytes raises anything
            raise LoadError(f"damaged or truncated .pdf ({brief(e)})") from None
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as e:  # noqa: BLE001 — pypdf on untrusted bytes raises anything
                if "cryptography" in str(e).lower() or "AES" in str(e):
                    raise LoadError("encrypted PDF (needs the 'cryptography' package)") from None
                raise LoadError("encrypted PDF") from None
            if not ok:
                raise LoadError("encrypted PDF")
        try:
            pages = reader.pages
            n = len(pages)
        except Exception as e:  # noqa: BLE001 — pypdf on untrusted bytes raises anything
            raise LoadError(f"damaged or truncated .pdf ({brief(e)})") from None
        texts = []
        for i in range(n):
            try:
                t = pages[i].extract_text() or ""
            except Exception as e:  # noqa: BLE001 — pypdf on untrusted bytes raises anything
                warnings_.append(f"page {i + 1}: text unreadable, skipped ({brief(e)})")
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
                meta["file_date"] = "-".join(m.groups())  # when the PDF was made
    except Exception:  # noqa: BLE001 — pypdf on untrusted bytes raises anything
        pass
    return meta
