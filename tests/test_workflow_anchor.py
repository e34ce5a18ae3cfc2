"""Coded segments follow their text when a real report changes and is indexed again."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLES

from index.corpus import Corpus
from index.store.ingest import index_paths

REPORT = "2020_北仑区_六争攻坚专题报道.txt"
INSERTED = ["新增的第一段：北仑区召开全区高质量发展大会，部署明年重点工作。",
            "新增的第二段：会议强调，要坚持稳中求进工作总基调。"]


def _para_starting(corpus, doc_id, prefix):
    conn = corpus.conn()
    return next(seq for seq, text in conn.execute(
        "SELECT seq, text FROM paras WHERE doc_id = ? ORDER BY id", (doc_id,))
        if text.startswith(prefix))


@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    """(corpus, segments before, segments after) for the report coded, then changed (two
    paragraphs inserted before, one coded paragraph edited slightly, one deleted) and
    indexed again."""
    tmp = tmp_path_factory.mktemp("anchor")
    folder = tmp / "docs"
    folder.mkdir()
    src = folder / REPORT
    shutil.copy(SAMPLES / REPORT, src)
    db = tmp / "a.db"
    index_paths(db, [folder])
    c = Corpus(db)
    doc = c.docs()[0].doc_id
    c.code_query("营商", "优化营商环境")                     # whole paragraph, unchanged
    river = _para_starting(c, doc, "河埠头整治")
    c.code_passage("整治", doc, river)                      # to be deleted
    serve = _para_starting(c, doc, "持续深化“三服务”")
    c.code_passage("三服务", doc, serve)                    # to be edited slightly
    relief = _para_starting(c, doc, "开展小微企业纾困服务")
    text = c.conn().execute("SELECT text FROM paras WHERE doc_id = ? AND seq = ?",
                            (doc, relief)).fetchone()[0]
    at = text.index("纾困资金")
    c.code_passage("纾困", doc, relief, at, at + 4)         # a span inside a paragraph
    c.memo_add("passage", doc, "三服务这段值得对照", para=serve)
    before = {s.code: s for s in c.coded()}

    lines = src.read_text(encoding="utf-8").split("\n")
    head = next(i for i, ln in enumerate(lines) if ln.startswith("时代潮流"))
    lines[head:head] = [INSERTED[0], "", INSERTED[1], ""]
    lines = [ln.replace("想方设法稳企业", "千方百计稳企业") for ln in lines]
    gone = next(i for i, ln in enumerate(lines) if ln.startswith("河埠头整治"))
    tail = next(i for i, ln in enumerate(lines) if ln.startswith("乡土文化的复兴"))
    del lines[gone:tail + 2]  # the paragraph runs over a page break: both of its lines
    src.write_text("\n".join(lines), encoding="utf-8")
    report = index_paths(db, [folder])
    assert report.indexed, "the changed file is indexed again"
    c.close()
    c = Corpus(db)
    return c, before, {s.code: s for s in c.coded()}


def test_an_unchanged_paragraph_moves_with_inserted_paragraphs(changed):
    c, before, after = changed
    assert after["营商"].status == "moved"
    assert after["营商"].para == _para_starting(c, after["营商"].doc_id, "紧扣“八八战略”")
    assert after["营商"].para == before["营商"].para + 2 - 1  # two in, one out before it
    assert after["营商"].text == before["营商"].text


def test_a_span_moves_and_keeps_its_place_in_the_paragraph(changed):
    c, before, after = changed
    seg = after["纾困"]
    assert seg.status == "moved" and seg.text == "纾困资金"
    assert (seg.start, seg.end) == (before["纾困"].start, before["纾困"].end)
    text = c.conn().execute("SELECT text FROM paras WHERE doc_id = ? AND seq = ?",
                            (seg.doc_id, seg.para)).fetchone()[0]
    assert text[seg.start:seg.end] == "纾困资金"


def test_an_edited_paragraph_is_followed_by_similarity(changed):
    c, before, after = changed
    seg = after["三服务"]
    assert seg.status == "fuzzy" and 85 <= seg.score < 100
    assert "千方百计稳企业" in seg.text and "想方设法" not in seg.text
    assert seg.para == _para_starting(c, seg.doc_id, "持续深化“三服务”，千方百计")
    assert seg.para != before["三服务"].para


def test_a_deleted_paragraph_is_orphaned_not_dropped(changed):
    c, before, after = changed
    orphan = after["整治"]
    assert orphan.status == "orphaned" and orphan.text == before["整治"].text
    assert [s.code for s in c.coded(orphans=True)] == ["整治"]
    m = c.code_matrix()
    assert any("orphaned" in n for n in m.notes)
    assert sum(next(r for r in m.rows if r["code"] == "整治")["counts"].values()) == 0


def test_a_passage_memo_follows_its_paragraph(changed):
    c, before, after = changed
    memo = c.memos(kind="passage")[0]
    assert memo.status == "fuzzy"
    assert memo.target == f"{after['三服务'].doc_id}#{after['三服务'].para}"


def test_indexing_the_same_file_again_changes_nothing(changed, tmp_path):
    c, before, after = changed
    index_paths(c.path, [c.docs()[0].path])
    assert c.reanchor(force=True).orphaned == 1
    again = {s.code: s for s in c.coded()}
    assert {k: (s.para, s.start, s.end, s.text) for k, s in again.items()} == \
        {k: (s.para, s.start, s.end, s.text) for k, s in after.items()}


def test_the_index_command_says_what_moved(changed):
    from click.testing import CliRunner

    from main import cli

    c, before, after = changed
    src = c.docs()[0].path
    from pathlib import Path

    text = Path(src).read_text(encoding="utf-8")
    Path(src).write_text(text.replace("新增的第一段", "新增的首段"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(c.path), "index", str(Path(src).parent)])
    assert result.exit_code == 0, result.output
    assert "coded segments and memos: 0 moved, 0 followed an edit, 1 orphaned" in result.output
