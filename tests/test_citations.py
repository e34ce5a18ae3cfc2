"""Full citations: zone, title, 文号, date, section, paragraph and source URL, in GB/T 7714
style by default or the short style chosen in settings.toml."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from index.meta.cite import CiteInfo, configured_style, format_citation, info_of
from index.store.connection import connect
from index.store.library import document, list_docs
from main import cli


def _docs(db):
    conn = connect(db)
    try:
        return {d.doc_id: d for d in list_docs(conn)}, conn
    except Exception:
        conn.close()
        raise


def test_gbt7714_with_document_number_date_and_section(samples_db):
    docs, conn = _docs(samples_db)
    try:
        ms = next(d for d in docs.values() if d.short == "梅山")
        para = next(p for p in document(conn, ms.doc_id).paras if p.path)
    finally:
        conn.close()
    ref = format_citation(info_of(ms, para.path, para.seq), "gbt7714")
    assert ref.startswith(ms.source + ". ")
    assert f": {ms.doc_number}[Z]. 2018-05-07: {para.path}，第{para.seq}段." in ref
    plain = format_citation(info_of(ms, para.path, para.seq), "plain")
    assert ms.doc_number in plain and "2018-05-07" in plain and f"第{para.seq}段" in plain


def test_provincial_report_cites_its_url_and_access_date(provinces_db):
    docs, conn = _docs(provinces_db)
    conn.close()
    bj = next(d for d in docs.values() if d.zone == "北京市" and d.fmt == "csv")
    assert bj.source.startswith("https://")
    ref = format_citation(info_of(bj, "", 3), "gbt7714", accessed=dt.date(2026, 12, 2))
    # issue 21: the date is the day the report was delivered, and the citation says so
    assert bj.date == "2026-01-25" and bj.date_kind == "delivered"
    assert ref == (f"北京市. {bj.title}[EB/OL]. ({bj.date}(报告日期))[2026-12-02]: 第3段. "
                   f"{bj.source}")


def test_file_date_is_marked_in_the_citation():
    c = CiteInfo("海门", "工作计划", "", 2, date="2024-03-01", date_source="file date")
    assert "2024-03-01(文件属性日期)" in format_citation(c, "gbt7714")
    assert "2024-03-01(文件属性日期)" in format_citation(c, "plain")


def test_style_from_settings(tmp_path, monkeypatch):
    settings = tmp_path / "settings.toml"
    monkeypatch.setenv("DUIZHAO_SETTINGS", str(settings))
    assert configured_style() == "gbt7714"  # no file: the default
    settings.write_text('[citation]\nstyle = "plain"\n', encoding="utf-8")
    assert configured_style() == "plain"
    c = CiteInfo("梅山", "实施意见", "一、总体要求", 3)
    assert format_citation(c) == "梅山《实施意见》 一、总体要求，第3段"
    settings.write_text("[citation\n", encoding="utf-8")  # broken: the default, no crash
    assert configured_style() == "gbt7714"


def test_markdown_export_cites_fully(samples_db):
    res = CliRunner().invoke(cli, ["compare", "六争攻坚", "--format", "md", "--no-words",
                                   "--db", str(samples_db)])
    assert res.exit_code == 0
    assert "甬海科党〔2018〕6号\\[Z\\]. 2018-05-07" in res.stdout
