"""Time on the samples: comparing by year, zone-year and level; trends; first use and spread."""

from __future__ import annotations

import json

from click.testing import CliRunner

from index.compare.engine import compare
from index.compare.matrix import theme_matrix
from index.store.connection import connect
from index.words.themes import all_themes
from main import cli


def run(*args) -> str:
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res.stdout


def test_compare_by_year_shows_2019_and_2020(samples_db):
    out = json.loads(run("compare", "产城融合", "--by", "year", "--json", "--no-words",
                         "--db", samples_db))
    assert out["by"] == "year"
    groups = [z["group"] for z in out["zones"]]
    assert groups[:2] == ["2019", "2020"]  # in time order
    y2020 = out["zones"][1]
    assert set(y2020["members"]) >= {"奉化"} and y2020["passages"]
    assert {p["zone"] for p in y2020["passages"]} <= {"奉化经济开发区", "北仑区"}
    assert out["theme"]["name"] == "产城融合"  # the contract's keys stay
    # the rich view names the groups
    text = run("compare", "产城融合", "--by", "year", "--no-words", "--db", samples_db)
    assert "2019" in text and "2020" in text


def test_compare_default_is_by_zone_with_group_labels(samples_db):
    out = json.loads(run("compare", "产城融合", "--json", "--no-words", "--db", samples_db))
    assert out["by"] == "zone"
    for z in out["zones"]:
        assert z["group"] == z["short"] and z["members"] == [z["short"]]


def test_zone_year_and_level_groups(samples_db):
    conn = connect(samples_db)
    try:
        comp = compare(conn, "六争攻坚", by="zone-year", distinctive=False)
        assert [z.group for z in comp.zones] == ["北仑 · 2020", "梅山 · 2018"]
        comp = compare(conn, "产城融合", by="level", distinctive=False)
        assert [z.group for z in comp.zones][0] in ("区", "开发区")
        assert {z.group for z in comp.zones} <= {"区", "开发区"}
        # --zones with a grouping: only those zones' documents, every group of theirs
        comp = compare(conn, "产城融合", ["嵊州", "奉化"], by="year", distinctive=False)
        assert [z.group for z in comp.zones] == ["2019", "2020"]
        assert comp.zones[1].members == ["奉化"]
    finally:
        conn.close()


def test_matrix_by_year_keys_are_labels(samples_db):
    out = json.loads(run("themes", "--by", "year", "--json", "--db", samples_db))
    row = next(r for r in out if r["theme"] == "产城融合")
    assert list(row["zones"]) == ["2018", "2019", "2020", "(no year)"]
    assert row["zones"]["2018"]["passages"] == 0 and row["zones"]["2019"]["passages"] == 5
    conn = connect(samples_db)
    try:
        m = theme_matrix(conn, all_themes(), by="zone-year")
        assert ("梅山 · 2018") in {short for _, short, _ in m.zones}
    finally:
        conn.close()


def test_first_use_六争攻坚_梅山_before_北仑(samples_db):
    out = json.loads(run("first-use", "六争攻坚", "--json", "--db", samples_db))
    assert [(r["zone"], r["date"]) for r in out] == [
        ("宁波国际海洋生态科技城 (梅山)", "2018-05-07"), ("北仑区", "2020")]
    first = out[0]
    assert "六争攻坚" in first["text"] and first["doc_id"].startswith("2018_")
    assert isinstance(first["para"], int) and first["para"] >= 1
    text = run("first-use", "六争攻坚", "--db", samples_db)
    assert text.index("梅山") < text.index("北仑") and "diffusion" in text
    # exact recall, as search: every zone search finds is listed
    conn = connect(samples_db)
    try:
        from index.search.engine import search

        found = {h.zone for h in search(conn, '"六争攻坚"', limit=0).hits}
        assert {r["zone"] for r in out} == found
    finally:
        conn.close()


def test_first_use_of_a_theme_and_undated_zones(samples_db):
    out = json.loads(run("first-use", "产城融合", "--theme", "--json", "--db", samples_db))
    dated = [r for r in out if r["date"]]
    assert [r["date"] for r in dated] == sorted(r["date"] for r in dated)
    assert dated[0]["zone"].startswith("嵊州") and dated[0]["date"] == "2019-02-21"
    assert out[-1]["zone"] == "海门" and out[-1]["date"] == ""  # used, but undated
    csv_text = run("first-use", "产城融合", "--theme", "--format", "csv", "--db", samples_db)
    assert csv_text.lstrip("\ufeff").startswith("zone,date,doc_id,para,text")


def test_trend_json_csv_and_chart(samples_db):
    out = json.loads(run("trend", "产城融合", "--json", "--db", samples_db))
    assert out["theme"] == "产城融合" and out["by"] == "year"
    overall = out["series"][-1]
    assert overall["zone"] == "(all)"
    assert [p["year"] for p in overall["points"]] == [2018, 2019, 2020]
    y2019 = overall["points"][1]
    assert y2019["passages"] == 5 and y2019["per_10k"] == 7.4
    assert overall["points"][0]["per_10k"] == 0  # documents that year, no mention
    fh = next(s for s in out["series"] if s["short"] == "奉化")
    assert [p["year"] for p in fh["points"]] == [2020]
    csv_text = run("trend", "产城融合", "--format", "csv", "--db", samples_db)
    assert csv_text.lstrip("\ufeff").splitlines()[0] == \
        "zone,year,per_10k,passages,mentions,chars,docs"
    chart = run("trend", "产城融合", "--db", samples_db)
    assert "2019" in chart and "█" in chart and "whole corpus" in chart
    some = json.loads(run("trend", "产城融合", "--zones", "嵊州", "--json", "--db", samples_db))
    assert [s["short"] for s in some["series"]] == ["嵊州", "(all)"]


def _two_year_zone(tmp_path):
    """嵊州's 2019 report and 奉化's 2020 plan filed as one zone's yearly series."""
    from conftest import SEED_FILES

    from index.store.ingest import index_paths

    folder = tmp_path / "series"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED_FILES[3].read_bytes())
    (folder / "b.txt").write_bytes(SEED_FILES[0].read_bytes())
    (folder / "corpus.toml").write_text(
        '["a.txt"]\nzone = "某开发区"\nyear = 2019\n["b.txt"]\nzone = "某开发区"\nyear = 2020\n',
        encoding="utf-8")
    db = tmp_path / "series.db"
    index_paths(db, [folder])
    return db


def test_a_zones_years_in_compare_json_and_its_trend(tmp_path):
    db = _two_year_zone(tmp_path)
    out = json.loads(run("compare", "产城融合", "--json", "--no-words", "--db", db))
    (zone,) = out["zones"]
    assert zone["years"] == {"2019": 7.4, "2020": 24.35}
    tr = json.loads(run("trend", "产城融合", "--json", "--db", db))
    pts = tr["series"][0]["points"]
    assert [(p["year"], p["per_10k"]) for p in pts] == [(2019, 7.4), (2020, 24.35)]
    by_year = json.loads(run("compare", "产城融合", "--by", "zone-year", "--json", "--no-words",
                             "--db", db))
    assert [z["group"] for z in by_year["zones"]] == ["某开发区 · 2019", "某开发区 · 2020"]  # 某 is too short a name
