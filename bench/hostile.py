"""Generators of hostile files (issue 25 item 7), each built in a stream at any size:
bench/memory.py measures them at full size, tests/test_hostile_memory.py at a small one.

Every function writes `path` and returns nothing; `mb` is the size of the hostile part.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
          'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
          'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
          '"application/xml"/><Override PartName="/word/{name}" ContentType="application/'
          'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
         'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/'
         '{name}"/></Relationships>')
TEXT = "产城融合是开发区转型发展的重要方向，营商环境持续优化。"


def _docx(path: Path, chunks, name: str = "document.xml") -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", _TYPES.format(name=name))
        z.writestr("_rels/.rels", _RELS.format(name=name))
        with z.open(f"word/{name}", "w", force_zip64=True) as f:
            f.write(f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{TEXT}</w:t></w:r>'
                    f'</w:p>'.encode())
            for chunk in chunks:
                f.write(chunk)
            f.write(f"<w:p><w:r><w:t>{TEXT}</w:t></w:r></w:p></w:body></w:document>".encode())


def _random_blocks(mb: float, make):
    """Blocks of about 1 MB in all `mb` MB, each element with a random id (so that the
    archive does not compress past the 200-fold bomb check: the parser is what is tried)."""
    import random

    rnd = random.Random(25)
    done = 0
    while done < mb * 2**20:
        block = "".join(make(rnd.getrandbits(32)) for _ in range(20_000)).encode()
        done += len(block)
        yield block


def docx_empty_paragraphs(path: Path, mb: float = 8) -> None:
    """document.xml of `mb` MB of empty paragraphs, <w:p w:rsidR="…"/> (300,000 a 8 MB)."""
    _docx(path, _random_blocks(mb, lambda r: f'<w:p w:rsidR="{r:08X}"/>'))


def docx_bin_main_part(path: Path, mb: float = 30) -> None:
    """The main part named word/document.bin (no .xml extension), `mb` MB of paragraphs."""
    _docx(path, _random_blocks(mb, lambda r: f'<w:p w:rsidR="{r:08X}"><w:r><w:t>{TEXT}'
                                            f'</w:t></w:r></w:p>'), name="document.bin")


def write_pdf(path: Path, objs: list[bytes]) -> None:
    """A PDF of these numbered objects (1 is the catalogue), with its xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, xref))
    path.write_bytes(out.getvalue())


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(data: bytes) -> bytes:
    comp = zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream"


def _huge_text(mb: float) -> bytes:
    """A content stream: one readable line, then one text operator of `mb` MB."""
    word = b"industrial parks and city integration "
    body = word * max(1, int(mb * 2**20 / len(word)))
    return (b"BT /F1 12 Tf 72 720 Td (Development zone report) Tj ET\n"
            b"BT /F1 12 Tf 72 700 Td (" + body + b") Tj ET\n")


def pdf_huge_text_operator(path: Path, mb: float = 70) -> None:
    """One page whose content holds a text operator of `mb` MB (142 KB compressed at 70)."""
    write_pdf(path, [b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                _stream(_huge_text(mb)), _FONT])


def pdf_shared_stream(path: Path, mb: float = 20, pages: int = 100) -> None:
    """`pages` pages that all draw one content stream of `mb` MB."""
    kids = b" ".join(b"%d 0 R" % (5 + k) for k in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            _stream(_huge_text(mb)), _FONT]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
             b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    write_pdf(path, objs)


def html_unclosed_tags(path: Path, mb: float = 5, tag: str = "b") -> None:
    """`mb` MB of <b> tags never closed, around a paragraph of text."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"<html><body><p>{TEXT}</p>")
        block = f"<{tag}>" * 10_000
        for _ in range(max(1, int(mb * 2**20 / len(block)))):
            f.write(block)
        f.write(f"<p>{TEXT}</p></body></html>")


def html_nested_content(path: Path, mb: float = 1.2) -> None:
    """Divs named content nested `mb` MB deep, the text at the bottom."""
    open_ = '<div class="content">'
    n = max(1, int(mb * 2**20 / (len(open_) + 6)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("<html><body>")
        f.write(open_ * n)
        f.write(f"<p>{TEXT * 10}</p>")
        f.write("</div>" * n)
        f.write("</body></html>")


def jsonl_huge_line(path: Path, mb: float = 600) -> None:
    """A .jsonl whose second line is one object of `mb` MB of text."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"title": "一", "text": "%s"}\n' % TEXT)
        f.write('{"title": "巨", "text": "')
        block = TEXT * 1000
        for _ in range(max(1, int(mb * 2**20 / len(block.encode())))):
            f.write(block)
        f.write('"}\n{"title": "三", "text": "%s"}\n' % TEXT)
