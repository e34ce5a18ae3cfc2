"""Metadata from file names and folders, years from document numbers and headings, levels
and parents, and the provenance of every field (index/meta/names.py, levels.py, resolve.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from conftest import SEED_FILES, seed_text

from index.meta.levels import chain, level_of, parent_of
from index.meta.names import parse_name
from index.store.connection import connect
from index.store.ingest import index_paths
from index.store.library import list_docs

HAIMEN = 4  # the seed with no zone stated, no date and no year anywhere in its text


def body() -> str:
    """Real text that states neither zone nor year: the 海门 plan without its manifest."""
    return seed_text(HAIMEN)


def docs_of(db) -> dict:
    conn = connect(db)
    try:
        return {d.doc_id: d for d in list_docs(conn)}
    finally:
        conn.close()


def test_three_naming_patterns_give_zone_and_year_with_provenance(tmp_path):
    root = tmp_path / "corpus"
    a = root / "2021_昆山开发区_工作计划.txt"
    b = root / "张江高科技园区" / "2022" / "工作总结.txt"
    c = root / "苏州工业园区-2023年工作要点.txt"
    for p in (a, b, c):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body(), encoding="utf-8")
    report = index_paths(tmp_path / "t.db", [root])
    assert not report.errors
    docs = {d.path.rsplit("/", 1)[-1]: d for d in docs_of(tmp_path / "t.db").values()}
    ks, zj, sz = docs[a.name], docs[b.name], docs[c.name]
    assert (ks.zone, ks.year) == ("昆山开发区", 2021)
    assert ks.provenance["zone"] == ks.provenance["year"] == "file name"
    assert (zj.zone, zj.year) == ("张江高科技园区", 2022)
    assert zj.provenance["zone"] == zj.provenance["year"] == "folder"
    assert (sz.zone, sz.year) == ("苏州工业园区", 2023)
    assert sz.provenance["zone"] == sz.provenance["year"] == "file name"
    for d in (ks, zj, sz):
        assert d.level == "开发区" and d.provenance["level"] == "zone name"
        assert d.date == ""  # a year from a name is no date
        assert d.provenance["title"] in ("text", "file name")
        # the text names 海门市 most, but only as a place it mentions: the name wins
        assert "海门" not in d.zone


def test_text_states_zone_beats_file_name(tmp_path):
    """A zone the text states in its title wins over the file's name."""
    p = tmp_path / "2020_北仑区_报道.txt"
    p.write_bytes(SEED_FILES[1].read_bytes())  # 梅山's 实施意见, its issuer in the title
    index_paths(tmp_path / "t.db", [p])
    (d,) = docs_of(tmp_path / "t.db").values()
    # issue 21: the zone's provenance says it is the issuer the title names ("title"), not
    # a clue from the body ("text")
    assert d.zone == "宁波国际海洋生态科技城" and d.provenance["zone"] == "title"
    # issue 21: the signature's 2018-05-07 contradicts the file name's 2020, so it is not the
    # document's date (kept, with a note); the year comes from the text's 文号 〔2018〕
    assert d.date == "" and d.year == 2018 and d.provenance["year"] == "text"
    (signed,) = [e for e in d.dates if e["date"] == "2018-05-07"]
    assert not signed["used"] and "contradicts" in signed["note"]


@pytest.mark.parametrize("head,year", [
    ("甬开管〔2018〕12号\n关于做好园区工作的通知", 2018),
    ("2019年工作思路", 2019),
    ("2018年工作总结和2019年工作计划", 2019),
])
def test_year_from_document_number_and_headings(tmp_path, head, year):
    p = tmp_path / "通知.txt"
    p.write_text(head + "\n" + body(), encoding="utf-8")
    index_paths(tmp_path / "t.db", [p])
    (d,) = docs_of(tmp_path / "t.db").values()
    assert d.year == year and d.provenance["year"] == "text" and d.date == ""


def test_file_creation_date_is_marked_never_the_documents_date(tmp_path):
    import docx

    doc = docx.Document()
    for para in body().split("\n"):
        doc.add_paragraph(para)
    doc.core_properties.created = dt.datetime(2024, 3, 1, 9, 0)
    doc.core_properties.title = "untitled"
    path = tmp_path / "工作计划.docx"
    doc.save(path)
    index_paths(tmp_path / "t.db", [path])
    (d,) = docs_of(tmp_path / "t.db").values()
    assert d.date == "2024-03-01" and d.provenance["date"] == "file date"
    assert d.date_note == "file date"
    assert d.title != "untitled"
    from main import cli

    res = CliRunner().invoke(cli, ["docs", "--db", str(tmp_path / "t.db"), "--json"])
    got = json.loads(res.output)[0]
    assert got["provenance"]["date"] == "file date" and got["year"] == 2024
    res = CliRunner().invoke(cli, ["docs", "--db", str(tmp_path / "t.db")])
    assert "file date" in res.output


def test_samples_docs_json_has_year_and_provenance(samples_db):
    from main import cli

    res = CliRunner().invoke(cli, ["docs", "--db", str(samples_db), "--json"])
    rows = {r["doc_id"]: r for r in json.loads(res.output)}
    ms = next(r for r in rows.values() if r["short"] == "梅山")
    assert ms["year"] == 2018 and ms["provenance"]["date"] == "manifest"
    assert ms["level"] == "开发区" and ms["parent"] == "北仑区"
    bl = next(r for r in rows.values() if r["short"] == "北仑")
    assert bl["level"] == "区" and bl["parent"] == "宁波市"


@pytest.mark.parametrize("name,zone,year", [
    ("2021_昆山开发区_工作计划", "昆山开发区", 2021),
    ("苏州工业园区-2023年工作要点", "苏州工业园区", 2023),
    ("2026 浙江省 政府工作报告", "浙江省", 2026),
    ("成都高新区、2024、年度总结", "成都高新区", 2024),
    ("雄安新区.2019年度工作要点", "雄安新区", 2019),
    ("关于加快建设开发区的意见", None, None),
    ("1900_某某开发区", "某某开发区", None),   # not a plausible year
    ("final v2", None, None),
])
def test_parse_name(name, zone, year):
    got = parse_name(name)
    assert got.get("zone") == zone and got.get("year") == year


@pytest.mark.parametrize("zone,level", [
    ("北仑区", "区"), ("宁波市", "市"), ("浙江省", "省"), ("北京市", "省"), ("广西壮族自治区", "省"),
    ("嵊州经济开发区 (浦口街道)", "开发区"), ("宁波国际海洋生态科技城 (梅山)", "开发区"),
    ("某某县", "县"), ("海门", ""), ("成都高新区", "开发区"), ("浦口街道", "街道"),
])
def test_level_from_name(zone, level):
    assert level_of(zone) == level


def test_parent_chain():
    assert chain("北仑区") == ["宁波市", "浙江省"]
    assert parent_of("宁波市奉化区") == "宁波市"  # from the name itself
    assert parent_of("某某区", "……杭州市某某区人民政府……杭州市某某区") == "杭州市"  # from the text
    assert parent_of("某某区", "浙江省杭州市某某区") == "杭州市"  # the nearest, not 省杭州市
    assert parent_of("某某区") == ""


def test_level_filter_in_search(samples_db):
    from index.search.engine import search

    conn = connect(samples_db)
    try:
        zones = {h.short for h in search(conn, "发展 level:开发区", limit=0).hits}
        assert zones and "北仑" not in zones and "梅山" in zones
        assert {h.short for h in search(conn, "发展 level:district", limit=0).hits} == {"北仑"}
    finally:
        conn.close()


def _pdf(path, text: str, info: dict) -> None:
    """A one-page PDF with ASCII text and an Info dictionary, written by hand."""
    stream = f"BT /F1 12 Tf 40 700 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ("<< " + " ".join(f"/{k} ({v})" for k, v in info.items()) + " >>").encode()]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, len(objs), xref)
    path.write_bytes(bytes(out))


def test_generated_pdf_gets_no_untitled_title_and_no_silent_today(tmp_path):
    """A PDF printed today: its creation date is a file date, its 'untitled' is no title;
    zone and year come from its name."""
    today = dt.date.today()
    path = tmp_path / "苏州工业园区-2023年工作要点.pdf"
    _pdf(path, "Work plan: industry and city integration, investment, projects.",
         {"Title": "untitled", "CreationDate": f"D:{today:%Y%m%d}093000"})
    report = index_paths(tmp_path / "t.db", [path])
    assert not report.errors, report.errors
    (d,) = docs_of(tmp_path / "t.db").values()
    assert d.title != "untitled"
    assert (d.zone, d.year) == ("苏州工业园区", 2023)
    assert d.provenance["year"] == "file name"  # not the file's creation year
    # a file made in another year than the one its name gives: its date is no date at all
    assert d.date == "" and "date" not in d.provenance
    same_year = tmp_path / "b" / f"苏州工业园区-{today.year}年工作要点.pdf"
    same_year.parent.mkdir()
    _pdf(same_year, "Work plan.", {"Title": "untitled", "CreationDate": f"D:{today:%Y%m%d}"})
    index_paths(tmp_path / "b.db", [same_year])
    (d,) = docs_of(tmp_path / "b.db").values()
    assert d.date == today.isoformat() and d.provenance["date"] == "file date"
    assert d.date_note == "file date"


def test_heading_year_is_the_plan_year_not_a_target():
    from index.meta.dates import heading_year

    assert heading_year(["2018年工作总结和2019年工作思路"]) == 2019
    assert heading_year(["二〇二〇年工作要点"]) == 2020
    assert heading_year(["到2025年，目标任务是建成示范区"]) is None  # a sentence's target
    assert heading_year(["力争到2025年主要任务全面完成"]) is None
    assert heading_year(["2026年政府工作报告"]) == 2026  # a title's one year
