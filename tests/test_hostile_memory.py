"""Memory and time for any single file (issue 25 item 7): each hostile file is built by a
generator (bench/hostile.py) at a size the old code could not take, indexed in a fresh
process, and its peak RSS (the interpreter included, about 40 MB) checked with room to
spare; a subprocess timeout bounds the time. bench/memory.py runs the same files at the
probe's full sizes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import hostile  # noqa: E402

_CHILD = """
import json, resource, sys

def peak():  # this process's peak RSS in MB: VmHWM (ru_maxrss counts the parent's before exec)
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) // 1024 for l in f if l.startswith("VmHWM"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
from index.store.ingest import index_paths
r = index_paths(sys.argv[1], [sys.argv[2]])
print(json.dumps({"peak": peak(),
                  "paragraphs": r.paragraphs, "errors": [e[1] for e in r.errors],
                  "warnings": [w[1] for w in r.warnings]}))
"""


def _index(path: Path, timeout: int = 90) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, f"{path}.db", str(path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def test_a_docx_of_empty_paragraphs_is_streamed_in_bounded_memory(tmp_path):
    path = tmp_path / "empty.docx"
    hostile.docx_empty_paragraphs(path, 4)  # 160,000 <w:p/>: 1 MB took 48 s before
    got = _index(path)
    assert not got["errors"] and got["paragraphs"] == 2 and got["peak"] < 150, got


def test_a_docx_whose_main_part_is_named_bin_is_checked_as_xml(tmp_path, monkeypatch):
    from index.load import office
    from index.load.loaders import load
    from index.model import LoadError

    path = tmp_path / "bin.docx"
    hostile.docx_bin_main_part(path, 2)
    monkeypatch.setattr(office, "DOCX_MAX_XML", 2**20)
    with pytest.raises(LoadError, match=r"text parts expand to \d MB.*zip bomb"):
        load(path)
    monkeypatch.setattr(office, "DOCX_MAX_XML", 40 * 2**20)
    (raw,), _ = load(path)  # under the limit: read, found by its relationship
    assert raw.text.count(hostile.TEXT) > 10_000


def test_a_pdf_with_a_huge_text_operator_is_skipped_in_bounded_memory(tmp_path):
    path = tmp_path / "op.pdf"
    hostile.pdf_huge_text_operator(path, 20)  # 70 MB peaked at 960 MB before
    got = _index(path)
    assert got["peak"] < 300, got
    assert got["errors"] == ["no text read: page 1: content of 20 MB, over the 16 MB a page "
                             "is read to: its text is skipped"]


def test_pdf_pages_sharing_one_stream_are_read_once(tmp_path):
    path = tmp_path / "shared.pdf"
    hostile.pdf_shared_stream(path, 1, pages=100)  # 100 x 1 MB of text to extract before
    got = _index(path, timeout=60)
    assert not got["errors"] and got["peak"] < 200, got
    assert got["warnings"][:1] == ["page 2: draws the same content as page 1: not read again"]
    assert got["warnings"][-1] == "… and 96 more pages skipped"


def test_unclosed_inline_tags_in_html_cost_nothing(tmp_path):
    path = tmp_path / "b.html"
    hostile.html_unclosed_tags(path, 5)  # 5 MB of <b>: 1.18 GB before
    got = _index(path)
    assert not got["errors"] and got["paragraphs"] == 2 and got["peak"] < 150, got


def test_a_flood_of_unclosed_block_tags_is_refused_with_its_count(tmp_path):
    path = tmp_path / "div.html"
    hostile.html_unclosed_tags(path, 2, tag="div")
    got = _index(path)
    assert got["peak"] < 150, got
    assert len(got["errors"]) == 1 and "HTML tags" in got["errors"][0]
    assert "over the 200,000 a page is read to" in got["errors"][0]


def test_nested_content_blocks_are_measured_in_one_pass(tmp_path):
    from index.load.html import load_html

    path = tmp_path / "nested.html"
    hostile.html_nested_content(path, 0.3)  # 15,000 nested divs: quadratic before
    import bs4

    calls = []
    real = bs4.Tag.get_text
    try:  # the old code measured each nested block with get_text: n² strings walked
        bs4.Tag.get_text = lambda self, *a, **k: calls.append(1) or real(self, *a, **k)
        (raw,), _ = load_html(path, path.read_bytes(), None)
    finally:
        bs4.Tag.get_text = real
    assert hostile.TEXT in raw.text and len(calls) < 10


def test_a_jsonl_line_over_the_field_limit_is_skipped(tmp_path, monkeypatch):
    from index.load import dataset
    from index.load.loaders import load

    monkeypatch.setattr(dataset, "MAX_FIELD_CHARS", 100_000)
    path = tmp_path / "huge.jsonl"
    hostile.jsonl_huge_line(path, 1)
    raws, warnings = load(path)
    assert [r.key for r in raws] == ["1", "3"]
    assert warnings == ["line 2: longer than 100,000 characters, skipped"]
