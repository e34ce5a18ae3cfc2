"""The workflow commands on the bundled corpora: code, uncode, codes, coded, codes matrix,
codes cooccur, memo, memos, set, sets and --set (JSON contracts of docs/workflow.md)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from main import cli


def copy_db(src, dst):
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return str(dst)


@pytest.fixture(scope="module")
def db(provinces_db, tmp_path_factory):
    """The samples and the 16 provincial reports, the shipped codebook imported and the
    营商环境 passages coded 策略性措施."""
    path = copy_db(provinces_db, tmp_path_factory.mktemp("cliwf") / "wf.db")
    run(path, "codes", "import", "policy-instruments")
    run(path, "code", "策略性措施", "营商环境")
    return path


def run(db, *args, ok=True):
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def js(db, *args):
    return json.loads(run(db, *args, "--format", "json").stdout)


def test_code_prints_how_many_and_codes_json_has_the_contract(db):
    found = json.loads(run(db, "search", "营商环境", "--limit", "0", "--json").stdout)
    out = run(db, "code", "策略性措施", "营商环境").stdout
    assert f"coded 0 paragraph(s) with 策略性措施 ({len(found)} found, {len(found)} had it" in out
    rows = js(db, "codes")
    assert list(rows[0])[:4] == ["code", "parent", "description", "count"]
    row = next(r for r in rows if r["code"] == "策略性措施")
    assert row["parent"] == "环境型" and row["count"] == len(found)


def test_coded_json_contract_and_every_segment_has_its_text(db):
    rows = js(db, "coded", "策略性措施")
    assert list(rows[0])[:7] == ["code", "doc_id", "zone", "para", "start", "end", "text"]
    assert all("营商环境" in r["text"] and r["end"] - r["start"] == len(r["text"]) for r in rows)
    assert len({r["zone"] for r in rows}) >= 16  # every province writes about it
    assert js(db, "coded", "--orphans") == []
    wanted = run(db, "coded", "环境型").stdout
    assert "策略性措施" in wanted  # a parent lists its sub-codes' segments


def test_new_code_with_zones_then_uncode(db):
    out = run(db, "code", "数字政府", "数字政府", "--zones", "浙江,福建").stdout
    assert "new code, at the top of the codebook" in out
    rows = js(db, "coded", "数字政府")
    assert rows and {r["zone"][:2] for r in rows} <= {"浙江", "福建"}
    assert next(r for r in js(db, "codes") if r["code"] == "数字政府")["parent"] is None
    gone = run(db, "uncode", "数字政府", "数字政府", "--zones", "浙江,福建").stdout
    assert f"off {len(rows)} segment(s)" in gone
    assert js(db, "coded", "数字政府") == []


def test_matrix_by_zone_and_level_with_rates(db):
    m = js(db, "codes", "matrix", "--by", "zone")
    assert m["by"] == "zone"
    row = next(r for r in m["rows"] if r["code"] == "策略性措施")
    assert sum(row["counts"].values()) == len(js(db, "coded", "策略性措施"))
    z = next(g for g, n in row["counts"].items() if n)
    assert row["per_10k"][z] == round(row["counts"][z] / m["chars"][z] * 10_000, 3)
    levels = js(db, "codes", "matrix", "--by", "level")
    assert "省" in levels["groups"]
    table = list(csv.reader(io.StringIO(run(db, "codes", "matrix", "--format", "csv")
                                        .stdout.lstrip("\ufeff"))))
    assert table[0] == ["code", "zone", "segments", "chars", "per_10k"]
    assert "code × zone" in run(db, "codes", "matrix").stdout


def test_cooccurrence_of_two_codes(db):
    run(db, "code", "公共服务", "营商环境 政务服务")
    pairs = js(db, "codes", "cooccur")
    pair = next(p for p in pairs if {p["a"], p["b"]} == {"公共服务", "策略性措施"})
    assert pair["passages"] == len(js(db, "coded", "公共服务"))  # each is also 营商环境
    assert 0 < pair["jaccard"] <= 1


def test_memos_add_list_search_and_contract(db):
    doc = js(db, "coded", "策略性措施")[0]
    run(db, "memo", "add", "--doc", doc["doc_id"], "--para", str(doc["para"]), "值得引用")
    run(db, "memo", "add", "--zone", "浙江", "浙江把营商环境放在首位")
    run(db, "memo", "add", "--code", "策略性措施", "营商环境都归这里")
    run(db, "memo", "add", "--theme", "营商环境", "省级报告都提到")
    rows = js(db, "memos")
    assert list(rows[0])[:3] == ["target", "text", "created"]
    assert [r["target"] for r in rows][-4:] == [f"doc:{doc['doc_id']}#{doc['para']}",
                                                "zone:浙江", "code:策略性措施", "theme:营商环境"]
    assert [r["text"] for r in js(db, "memos", "--search", "首位")] == ["浙江把营商环境放在首位"]
    bad = run(db, "memo", "add", "--zone", "浙江", "--code", "x", "y", ok=False)
    assert bad.exit_code == 2 and "name one target" in bad.output


def test_sets_and_set_filters_on_every_command(db):
    s = js(db, "set", "save", "华东", "--zones", "浙江,安徽,福建")
    assert s["count"] >= 3
    assert js(db, "set", "save", "省级近年", "--years", "2025-2026", "--level", "省")["count"] >= 16
    names = [x["name"] for x in js(db, "sets")]
    assert {"华东", "省级近年"} <= set(names)
    hits = json.loads(run(db, "search", "营商环境", "--set", "华东", "--limit", "0",
                          "--json").stdout)
    assert hits and {h["doc_id"] for h in hits} <= set(s["docs"])
    same = json.loads(run(db, "search", "营商环境 set:华东", "--limit", "0", "--json").stdout)
    assert same == hits
    lines = json.loads(run(db, "kwic", "营商环境", "--set", "华东", "--json").stdout)
    assert {ln["doc_id"] for ln in lines} <= set(s["docs"])
    comp = json.loads(run(db, "compare", "营商环境", "--set", "华东", "--no-words",
                          "--json").stdout)
    assert {z["zone"][:2] for z in comp["zones"]} <= {"浙江", "安徽", "福建"}
    matrix = json.loads(run(db, "themes", "--set", "华东", "--json").stdout)
    assert len(matrix[0]["zones"]) == s["count"]
    tr = json.loads(run(db, "trend", "营商环境", "--set", "华东", "--json").stdout)
    assert {x["zone"][:2] for x in tr["series"][:-1]} <= {"浙江", "安徽", "福建"}
    coded = js(db, "coded", "策略性措施", "--set", "华东")
    assert coded and {c["doc_id"] for c in coded} <= set(s["docs"])
    unknown = run(db, "search", "营商环境", "--set", "没有", ok=False)
    assert unknown.exit_code == 2 and "no set is called" in unknown.output
    run(db, "set", "delete", "省级近年")
    assert "省级近年" not in [x["name"] for x in js(db, "sets")]


def test_saved_searches(db):
    run(db, "set", "save", "华东", "--zones", "浙江,安徽,福建")
    run(db, "search", "营商环境", "--set", "华东", "--save", "华东营商", "--limit", "1")
    rows = js(db, "searches")
    assert {"name": "华东营商", "query": "营商环境 set:华东"}.items() <= rows[-1].items()
    run(db, "searches", "--delete", "华东营商")
    assert js(db, "searches") == []


def test_the_terminal_views_name_what_they_show(db):
    assert "策略性措施" in run(db, "codes").stdout
    listing = run(db, "coded", "策略性措施")
    assert "营商环境" in listing.stdout and "segment(s)" in listing.stderr
    assert "no orphaned segment" in run(db, "coded", "--orphans").stdout
    run(db, "memo", "add", "--zone", "福建", "福建单列")
    assert "zone:福建" in run(db, "memos").stdout
    run(db, "set", "save", "闽", "--zones", "福建")
    assert "zones 福建" in run(db, "sets").stdout
    run(db, "code", "法规管制", "营商环境 监管")
    assert "Jaccard" in run(db, "codes", "cooccur").stdout
