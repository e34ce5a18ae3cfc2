"""Peak memory while indexing one hostile or huge file, each in a fresh process.

    uv run python bench/memory.py            # every case
    uv run python bench/memory.py bomb csv   # cases whose name contains a word

Prints, per case, the file's size, the outcome (indexed, or the reason it was skipped), the
seconds and the process's peak RSS (VmHWM, the interpreter included; ru_maxrss would count the
parent's pages before exec)
against the documented cap of 500 MB (docs/reliability.md). The files are generated into a
temporary folder from the bundled sample text.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAP_MB = 500
SAMPLE = (ROOT / "index" / "data" / "samples" / "zones" / "海门开发区_工作计划.txt").read_text(
    encoding="utf-8")

_CHILD = """
import resource, sys, time

def peak():  # this process's peak RSS in MB: VmHWM (ru_maxrss counts the parent's before exec)
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) // 1024 for l in f if l.startswith("VmHWM"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
from index.store.ingest import index_paths
t = time.perf_counter()
r = index_paths(sys.argv[1], [sys.argv[2]])
took = time.perf_counter() - t
outcome = "indexed %d docs, %d paragraphs" % (r.docs, r.paragraphs) if r.indexed else (
    "skipped: " + (r.errors[0][1] if r.errors else "?"))
print(peak(), round(took, 1), outcome,
      sep="\\t")
"""

_DOCX_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              '<w:body>')
_DOCX_TAIL = "</w:body></w:document>"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
    'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
    'formats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '</Relationships>')


def write_docx(path: Path, body_chunks, level: int = 6) -> None:
    """A minimal .docx whose document.xml is _DOCX_HEAD + the chunks + _DOCX_TAIL, streamed
    into the archive (a bomb of any size is built in constant memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(_DOCX_HEAD.encode())
            for chunk in body_chunks:
                f.write(chunk)
            f.write(_DOCX_TAIL.encode())


def paragraphs_xml(text: str) -> bytes:
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>"
                   for line in text.splitlines() if line.strip()).encode()


def docx_bomb(path: Path, mb: int = 1100) -> None:
    """document.xml of `mb` MB: one paragraph of text padded with whitespace."""
    para = paragraphs_xml(SAMPLE[:200])
    pad = b" " * 2**20
    write_docx(path, [para, *(pad for _ in range(mb))], level=9)


def docx_real(path: Path, mb: int) -> None:
    """A real-looking document of about `mb` MB of XML: the sample's paragraphs repeated."""
    block = paragraphs_xml(SAMPLE)
    write_docx(path, (block for _ in range(mb * 2**20 // len(block))))


def one_line_text(path: Path, mb: int = 50) -> None:
    line = SAMPLE.replace("\n", "")
    with open(path, "w", encoding="utf-8") as fh:
        while fh.tell() < mb * 2**20:
            fh.write(line)
        fh.write("\n")


def paragraphs_text(path: Path, mb: int = 50) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        n = 0
        while fh.tell() < mb * 2**20:
            fh.write(f"第{n}部分\n\n" + SAMPLE.replace("\n", "\n\n") + "\n\n")
            n += 1


def csv_big_field(path: Path, mb: int = 190) -> None:
    line = SAMPLE.replace("\n", " ").replace('"', "'")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("title,text\n")
        fh.write('短的,"一行正常的文字。"\n')
        fh.write('巨大的,"')
        while fh.tell() < mb * 2**20:
            fh.write(line)
        fh.write('"\n')
        fh.write('又一个,"另一行正常的文字。"\n')


def csv_rows(path: Path, mb: int = 150) -> None:
    """A dataset: many ordinary rows, each the sample text with its number."""
    body = SAMPLE.replace('"', "'")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("title,text\n")
        n = 0
        while fh.tell() < mb * 2**20:
            fh.write(f'第{n}号,"{body.replace("园区", f"园区{n}")}"\n')
            n += 1


def pdf_bomb(path: Path, mb: int = 1000) -> None:
    """One page whose content stream inflates to `mb` MB of spaces."""
    import zlib

    from hostile import write_pdf  # bench/ is on sys.path: this script's folder

    comp = zlib.compressobj(9)
    body = b"".join(comp.compress(b" " * 2**20) for _ in range(mb)) + comp.flush()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body
            + b"\nendstream"]
    write_pdf(path, objs)


sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile  # noqa: E402  (the generators of issue 25's hostile files)

CASES = [
    ("docx bomb (document.xml 1.1 GB of padding)", "bomb.docx", docx_bomb),
    ("docx bomb under the size limit (30 MB, 1000-fold)", "padded.docx",
     lambda p: docx_bomb(p, 30)),
    ("docx, 40 MB of real paragraphs in document.xml", "real.docx", lambda p: docx_real(p, 40)),
    ("pdf bomb (content stream 1 GB)", "bomb.pdf", pdf_bomb),
    ("txt, 50 MB in one line", "oneline.txt", one_line_text),
    ("txt, 50 MB of paragraphs", "paras.txt", paragraphs_text),
    ("csv, one field of 190 MB", "bigfield.csv", csv_big_field),
    ("csv, 150 MB of ordinary rows", "rows.csv", csv_rows),
    # issue 25: hostile shapes that escaped the caps (bench/hostile.py)
    ("docx, 8 MB of empty <w:p/>", "empty8.docx", hostile.docx_empty_paragraphs),
    ("docx, 39 MB of empty <w:p/>", "empty39.docx",
     lambda p: hostile.docx_empty_paragraphs(p, 39)),
    ("docx, main part named .bin (30 MB)", "bin.docx", hostile.docx_bin_main_part),
    ("pdf, one 70 MB text operator", "op.pdf", hostile.pdf_huge_text_operator),
    ("pdf, 100 pages sharing one 20 MB stream", "shared.pdf", hostile.pdf_shared_stream),
    ("html, 5 MB of unclosed <b>", "b.html", hostile.html_unclosed_tags),
    ("html, 20 MB of unclosed <b>", "b20.html", lambda p: hostile.html_unclosed_tags(p, 20)),
    ("html, 1.2 MB of nested content divs", "nested.html", hostile.html_nested_content),
    ("html, 199,000 unclosed <div> (under the tag cap)", "div.html",
     lambda p: hostile.html_unclosed_tags(p, 0.95, tag="div")),
    ("jsonl, one line of 190 MB", "line.jsonl", lambda p: hostile.jsonl_huge_line(p, 190)),
]


def run(words: list[str]) -> int:
    over = 0
    print(f"peak RSS per file while indexing it (cap {CAP_MB} MB); python {sys.version.split()[0]}")
    print(f"{'case':50} {'file MB':>8} {'peak MB':>8} {'s':>6}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for name, fname, make in CASES:
            if words and not any(w in name or w in fname for w in words):
                continue
            path = Path(tmp) / fname
            make(path)
            db = Path(tmp) / f"{fname}.db"
            started = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", _CHILD, str(db), str(path)], cwd=ROOT,
                                 capture_output=True, text=True)
            if out.returncode:
                peak, took, outcome = "?", f"{time.perf_counter() - started:.1f}", (
                    f"FAILED (exit {out.returncode}): {out.stderr.strip().splitlines()[-1:]}")
            else:
                peak, took, outcome = out.stdout.strip().split("\t")
            mark = "" if peak != "?" and int(peak) <= CAP_MB else "  OVER THE CAP"
            over += bool(mark)
            print(f"{name:50} {path.stat().st_size / 2**20:8.1f} {peak:>8} {took:>6}  "
                  f"{outcome[:90]}{mark}", flush=True)
            path.unlink()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    return over


if __name__ == "__main__":
    sys.exit(1 if run(sys.argv[1:]) else 0)
