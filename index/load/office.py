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
            xml = sum(i.file_size for i in infos if _is_xml(i.filename) or _looks_xml(z, i))
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


def _looks_xml(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A part holding XML under another name (word/document.bin): its first bytes."""
    if info.file_size == 0 or info.is_dir():
        return False
    with z.open(info) as part:
        head = part.read(64).removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<")


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n / 1024:,.0f} KB"


def load_docx(path: Path, data: bytes, columns) -> tuple[list[RawDoc], list[str]]:
    """A .docx, its archive checked, then read as a stream (index/load/docx.py)."""
    from index.load.docx import read_docx

    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise LoadError("damaged or truncated .docx (this is an old Word .doc file; save it as .docx)")
    check_archive(data)
    lines, meta = read_docx(data)
    del data
    return [single(path, "\n".join(collapse_blank(lines)), "docx", meta, None)], []


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
        budget, skipped = _PdfBudget(), []
        for i in range(n):
            try:
                why = budget.refuse(pages[i], i)
                if why:
                    skipped.append(f"page {i + 1}: {why}")
                    continue
                t = pages[i].extract_text() or ""
            except Exception as e:  # noqa: BLE001 — pypdf on untrusted bytes raises anything
                warnings_.append(f"page {i + 1}: text unreadable, skipped ({brief(e)})")
                t = ""
            texts.append(t.replace("\r\n", "\n").replace("\r", "\n"))
        meta = _pdf_meta(reader)
    if skipped and not any(t.strip() for t in texts):
        raise LoadError(f"no text read: {skipped[0]}" + (
            f" (and {len(skipped) - 1} more pages skipped)" if len(skipped) > 1 else ""))
    warnings_ += skipped[:3] + ([f"… and {len(skipped) - 3} more pages skipped"]
                               if len(skipped) > 3 else [])
    if not any(t.strip() for t in texts):
        if n and len(warnings_) == n:
            raise LoadError("damaged .pdf (no page could be read)")
        raise LoadError("PDF has no text layer (scanned image?)")
    return [RawDoc(path=str(path), key="", text="\n\n".join(texts), fmt="pdf", meta=meta)], warnings_


# A page's content (decoded) is read up to this size, a file's up to PDF_MAX_CONTENT: text
# extraction takes about 10x the content in memory and time in proportion (issue 25: one
# 70 MB text operator peaked at 960 MB; 100 pages sharing a 20 MB stream ran for minutes).
PDF_MAX_PAGE = 16 * 2**20
PDF_MAX_CONTENT = 64 * 2**20


class _PdfBudget:
    """Which pages' text is extracted: a page whose content streams another page drew
    already is not read again, nor one over PDF_MAX_PAGE, nor any once the file's content
    passes PDF_MAX_CONTENT; refuse() says why (None: read it)."""

    def __init__(self):
        self.seen: dict[tuple, int] = {}
        self.total = 0

    def refuse(self, page, i: int) -> str | None:
        refs = page.get("/Contents")
        refs = list(refs) if isinstance(refs, list) else [refs]
        keys = tuple((r.idnum, r.generation) for r in refs if hasattr(r, "idnum"))
        if keys and len(keys) == len(refs) and keys in self.seen:
            return (f"draws the same content as page {self.seen[keys] + 1}: not read again")
        if keys and len(keys) == len(refs):
            self.seen[keys] = i
        contents = page.get_contents()
        size = len(contents.get_data()) if contents is not None else 0
        if size > PDF_MAX_PAGE:
            return (f"content of {_mb(size)}, over the {_mb(PDF_MAX_PAGE)} a page is read to: "
                    f"its text is skipped")
        self.total += size
        if self.total > PDF_MAX_CONTENT:
            return (f"the file's content passes {_mb(PDF_MAX_CONTENT)}: this page's text is "
                    f"skipped")
        return None


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
