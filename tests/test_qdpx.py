"""REFI-QDA projects (index/report/qdpx.py): export validated against the official schema,
character offsets consistent with the exported text, stable GUIDs, and the round trip of
the codebook and its codings into a fresh database of the same corpus. On the bundled text
with the shipped policy-instrument codebook."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from index.corpus import Corpus
from index.report.qdpx import NS, SCHEMA, QdpxError, doc_guid, read_project, validate

Q = f"{{{NS}}}"
SHARED_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "refi" / "Project-mrt2019.xsd"
嵊州 = "2019_嵊州经济开发区_工作总结与计划"


def _copy(src: Path, dst: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture(scope="module")
def coded_db(samples_db, tmp_path_factory) -> Path:
    """The samples with the policy-instrument codebook, codings of queries and of a span,
    three memos and a set."""
    db = _copy(samples_db, tmp_path_factory.mktemp("qdpx") / "coded.db")
    c = Corpus(db)
    c.codes_import("policy-instruments")
    assert c.code_query("资金投入", "产城融合").added > 0
    assert c.code_query("公共服务", "营商环境").added > 0
    c.code_passage("税收优惠", 嵊州, 3, 2, 8)
    c.memo_add("code", "资金投入", "钱从哪里来？<b>不是标记</b>")
    c.memo_add("passage", 嵊州, "注意这一段", para=3)
    c.memo_add("zone", "海门", "海门的文件没有年份")
    c.set_save("宁波", zones=["北仑", "奉化"])
    return db


@pytest.fixture(scope="module")
def exported(coded_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("out") / "study.qdpx"
    report = Corpus(coded_db).export_qdpx(path)
    assert report.sources == 5 and report.codings == len(Corpus(coded_db).coded())
    assert report.notes_written == 3 and report.sets == 1 and report.notes == []
    return path


def test_the_schema_in_the_repository_is_the_official_one():
    text = SCHEMA.read_text(encoding="utf-8")
    assert "This specification is licensed under the MIT license." in text
    assert 'targetNamespace="urn:QDA-XML:project:1.0"' in text
    if SHARED_SCHEMA.exists():
        assert SHARED_SCHEMA.read_text(encoding="utf-8") == text


def test_export_validates_against_the_qda_xml_schema(exported):
    validate(exported)  # raises xmlschema's error on any deviation
    with zipfile.ZipFile(exported) as z:
        names = z.namelist()
        root = ET.fromstring(z.read("project.qde"))
    assert names[0] == "project.qde" and sum(n.startswith("sources/") for n in names) == 5
    assert root.tag == Q + "Project"
    assert [e.tag[len(Q):] for e in root][:6] == ["Users", "CodeBook", "Variables", "Sources",
                                                  "Notes", "Sets"]
    book = [c.get("name") for c in root.iter(Q + "Code")]
    assert {"供给型", "资金投入", "税收优惠", "公共服务"} <= set(book)
    sets = root.findall(f"{Q}Sets/{Q}Set")
    assert len(sets) == 1 and len(sets[0].findall(Q + "MemberSource")) == 2


def test_offsets_point_at_the_coded_text(coded_db, exported):
    segs = {(s.doc_id, s.text) for s in Corpus(coded_db).coded()}
    with zipfile.ZipFile(exported) as z:
        root = ET.fromstring(z.read("project.qde"))
        seen = 0
        for src in root.iter(Q + "TextSource"):
            name = src.get("plainTextPath").removeprefix("internal://")
            text = z.read(f"sources/{name}").decode("utf-8")
            doc_id = next(v.find(Q + "TextValue").text for v in src.findall(Q + "VariableValue")
                          if v.find(Q + "TextValue") is not None
                          and v.find(Q + "TextValue").text in Corpus(coded_db).docs_by_id())
            assert src.get("guid") == doc_guid(doc_id)
            for sel in src.findall(Q + "PlainTextSelection"):
                if sel.find(Q + "Coding") is None:
                    continue  # a passage memo's anchor
                span = text[int(sel.get("startPosition")):int(sel.get("endPosition"))]
                assert (doc_id, span) in segs
                seen += 1
    assert seen == len(segs)


def test_memos_are_notes_referenced_where_they_belong(exported):
    with zipfile.ZipFile(exported) as z:
        root = ET.fromstring(z.read("project.qde"))
    notes = {n.get("guid"): n.find(Q + "PlainTextContent").text
             for n in root.findall(f"{Q}Notes/{Q}Note")}
    assert "钱从哪里来？<b>不是标记</b>" in notes.values()
    code = next(c for c in root.iter(Q + "Code") if c.get("name") == "资金投入")
    assert notes[code.find(Q + "NoteRef").get("targetGUID")].startswith("钱从哪里来")
    src = next(s for s in root.iter(Q + "TextSource") if s.get("guid") == doc_guid(嵊州))
    anchored = [sel for sel in src.findall(Q + "PlainTextSelection")
                if sel.find(Q + "NoteRef") is not None]
    assert len(anchored) == 1 and notes[anchored[0].find(Q + "NoteRef").get("targetGUID")] \
        == "注意这一段"
    assert notes[root.find(Q + "NoteRef").get("targetGUID")] == "海门的文件没有年份"


def test_guids_are_stable_from_one_export_to_the_next(coded_db, exported, tmp_path):
    again = tmp_path / "again.qdpx"
    Corpus(coded_db).export_qdpx(again)
    guids = []
    for f in (exported, again):
        with zipfile.ZipFile(f) as z:
            root = ET.fromstring(z.read("project.qde"))
        guids.append([e.get("guid") for e in root.iter() if e.get("guid")])
    assert guids[0] == guids[1]


def test_round_trip_into_a_fresh_database_of_the_same_corpus(coded_db, exported, tmp_path,
                                                             samples_db):
    fresh = Corpus(_copy(samples_db, tmp_path / "fresh.db"))
    assert fresh.coded() == []
    report = fresh.codes_import(str(exported))  # `codes import FILE.qdpx`
    before = Corpus(coded_db)
    key = lambda s: (s.code, s.doc_id, s.para, s.start, s.end, s.text)  # noqa: E731
    assert sorted(map(key, fresh.coded())) == sorted(map(key, before.coded()))
    assert [(c.name, c.parent, c.description, c.colour) for c in fresh.codes()] == \
        [(c.name, c.parent, c.description, c.colour) for c in before.codes()]
    assert report.segments == len(before.coded()) and report.already == 0
    again = fresh.codes_import(str(exported))
    assert again.segments == 0 and again.already == len(before.coded())  # nothing doubled


def test_a_source_not_in_the_corpus_is_noted_not_guessed(coded_db, exported, tmp_path,
                                                         provinces_db):
    """The provinces database lacks none of the five samples; a project whose source's text
    differs where a span falls leaves that coding out, with a note."""
    changed = tmp_path / "changed.qdpx"
    with zipfile.ZipFile(exported) as z, zipfile.ZipFile(changed, "w") as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == f"sources/{doc_guid(嵊州)}.txt":
                data = ("改" * 500).encode("utf-8") + data[1500:]
            out.writestr(info, data)
    other = Corpus(_copy(provinces_db, tmp_path / "prov.db"))
    report = other.import_qdpx(changed)
    assert any("differs" in n for n in report.notes)
    assert report.segments + sum("differs" in n for n in report.notes) == report.codings


def test_hostile_and_foreign_files_get_one_line_errors(tmp_path, coded_db):
    bomb = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(bomb, "w") as z:
        z.writestr("project.qde", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                                  f'<Project xmlns="{NS}" name="x">&a;</Project>')
    with pytest.raises(QdpxError, match="document type declaration"):
        read_project(bomb)
    notzip = tmp_path / "plain.qdpx"
    notzip.write_text("hello", encoding="utf-8")
    with pytest.raises(QdpxError, match="not well-formed"):
        read_project(notzip)


def test_export_qdpx_command(coded_db, tmp_path):
    import main

    res = CliRunner().invoke(main.cli, ["export-qdpx", str(tmp_path / "p"), "--db",
                                        str(coded_db)])
    assert res.exit_code == 0, res.output
    assert "5 document(s)" in res.output and (tmp_path / "p.qdpx").is_file()
    validate(tmp_path / "p.qdpx")


def test_report_with_codes_and_memos_has_the_heat_map(coded_db):
    html = Corpus(coded_db).report_html("产城融合", codes=True, memos=True, distinctive=False)
    assert html.count("<svg ") == 3 and 'class="chart heatmap"' in html
    assert "Coded segments" in html and "资金投入" in html
    assert "钱从哪里来？&lt;b&gt;不是标记&lt;/b&gt;" in html and "海门的文件没有年份" in html


def test_codes_import_command_reads_a_project(exported, samples_db, tmp_path):
    import main

    fresh = _copy(samples_db, tmp_path / "fresh.db")
    res = CliRunner().invoke(main.cli, ["codes", "import", str(exported), "--db", str(fresh)])
    assert res.exit_code == 0, res.output
    assert "code(s) added" in res.output and "coding(s) read" in res.output
    res = CliRunner().invoke(main.cli, ["report", "产城融合", "--codes", "--memos", "--no-words",
                                        "--out", str(tmp_path / "r.html"), "--db", str(fresh)])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'class="chart heatmap"' in html and "No memo yet." in html
