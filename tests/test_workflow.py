"""The researcher's workflow on the bundled samples: codebook, coding, memos, sets, state."""

from __future__ import annotations

import json
import sqlite3

import pytest

from index.corpus import Corpus, WorkflowError
from index.workflow import store


def copy_db(src, dst):
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


@pytest.fixture(scope="module")
def corpus(samples_db, tmp_path_factory):
    """A private copy of the samples with the shipped codebook imported."""
    db = copy_db(samples_db, tmp_path_factory.mktemp("wf") / "wf.db")
    c = Corpus(db)
    c.codes_import("policy-instruments")
    return c


def test_an_existing_database_reads_as_empty_then_gains_the_tables(samples_db, tmp_path):
    c = Corpus(copy_db(samples_db, tmp_path / "x.db"))
    assert c.codes() == [] and c.memos() == [] and c.sets() == [] and c.app_state() == {}
    assert not store.exists(c.conn())
    gen = c.generation()
    c.code_create("测试")
    assert store.exists(c.conn())
    assert c.generation() == gen  # user work leaves the search caches valid
    assert c.workflow_revision() == 1


def test_shipped_codebook_is_a_tree_of_three_instrument_kinds(corpus):
    tree = corpus.codes()
    top = [c.name for c in tree if c.parent is None]
    assert top == ["供给型", "环境型", "需求型"]
    parent = {c.name: c.parent for c in tree}
    assert parent["资金投入"] == "供给型" and parent["税收优惠"] == "环境型"
    assert parent["政府采购"] == "需求型" and parent["公共服务"] == "供给型"
    assert all(c.colour.startswith("#") and c.description for c in tree)


def test_code_a_query_counts_paragraphs_and_never_codes_twice(corpus):
    hits = corpus.search("营商环境", limit=0, count=True)
    first = corpus.code_query("策略性措施", "营商环境")
    assert not first.created and first.paragraphs == hits.total == first.added
    again = corpus.code_query("策略性措施", "营商环境")
    assert again.added == 0 and again.already == hits.total
    segs = corpus.coded("策略性措施")
    assert len(segs) == hits.total
    assert all("营商环境" in s.text and s.start == 0 and s.status == "ok" for s in segs)
    assert {(h.doc_id, h.para) for h in hits.hits} == {(s.doc_id, s.para) for s in segs}


def test_a_new_code_goes_to_the_top_and_uncode_takes_it_off(corpus):
    rep = corpus.code_query("园区招商", "招商引资", zones=["海门"])
    assert rep.created and rep.added == rep.paragraphs > 0
    code = next(c for c in corpus.codes() if c.name == "园区招商")
    assert code.parent is None and code.count == rep.added
    assert {s.zone for s in corpus.coded("园区招商")} == {"海门"}
    off = corpus.uncode_query("园区招商", "招商引资", zones=["海门"])
    assert off.added == rep.added and corpus.coded("园区招商") == []


def test_a_parent_code_lists_its_children_segments(corpus):
    corpus.code_query("资金投入", "资金")
    assert corpus.coded("资金投入")
    assert {s.code for s in corpus.coded("供给型")} >= {"资金投入"}
    assert corpus.coded("供给型", children=False) == []


def test_matrix_counts_and_rates_by_zone_and_year(corpus):
    corpus.code_query("策略性措施", "营商环境")
    m = corpus.code_matrix("zone")
    row = next(r for r in m.rows if r["code"] == "策略性措施")
    assert sum(row["counts"].values()) == len(corpus.coded("策略性措施", children=False))
    for g, n in row["counts"].items():
        assert row["per_10k"][g] == round(n / m.chars[g] * 10_000, 3)
    j = m.as_json()
    assert j["by"] == "zone" and {"code", "counts"} <= set(j["rows"][0])
    years = corpus.code_matrix("year")
    assert all(g.isdigit() or g.startswith("(") for g in years.groups)


def test_cooccurrence_counts_codes_sharing_a_paragraph(corpus):
    corpus.code_query("公共服务", "营商环境 公共服务")
    co = corpus.code_cooccurrence()
    pair = next(p for p in co.pairs if {p["a"], p["b"]} == {"公共服务", "策略性措施"})
    both = {(s.doc_id, s.para) for s in corpus.coded("公共服务")} & \
        {(s.doc_id, s.para) for s in corpus.coded("策略性措施")}
    assert pair["passages"] == len(both) > 0


def test_memos_on_every_kind_of_target(corpus):
    seg = corpus.coded("策略性措施")[0]
    corpus.memo_add("passage", seg.doc_id, "这一段把营商环境和改革连在一起", para=seg.para)
    corpus.memo_add("document", seg.doc_id, "专题报道，不是正式文件")
    corpus.memo_add("zone", "海门", "海门只有一份工作计划")
    corpus.memo_add("code", "策略性措施", "营商环境归为策略性措施")
    corpus.memo_add("theme", "营商环境", "各区说法不同")
    listed = corpus.memos()
    assert [m.kind for m in listed][-5:] == ["passage", "document", "zone", "code", "theme"]
    assert listed[-5].as_json()["target"] == f"doc:{seg.doc_id}#{seg.para}"
    assert [m.text for m in corpus.memos(search="海门")] == ["海门只有一份工作计划"]
    assert len(corpus.memos(kind="document", target=seg.doc_id)) >= 2
    with pytest.raises(WorkflowError, match="no zone"):
        corpus.memo_add("zone", "火星", "x")
    with pytest.raises(WorkflowError, match="no code"):
        corpus.memo_add("code", "没有这个", "x")


def test_sets_narrow_search_and_follow_their_definition(corpus):
    s = corpus.set_save("宁波", zones=["北仑", "奉化", "梅山"])
    assert len(s.docs) == 3
    everything = corpus.search("营商环境", limit=0)
    inside = corpus.search("营商环境 set:宁波", limit=0)
    assert {h.doc_id for h in inside.hits} == {h.doc_id for h in everything.hits} & set(s.docs)
    by_query = corpus.set_save("产城", query="产城融合", years="2018-2020")
    assert by_query.docs and all(d.startswith(("2018", "2019", "2020")) for d in by_query.docs)
    none = corpus.search("营商环境 set:不存在", limit=0)
    assert none.hits == [] and any("no set is called" in n for n in none.notes)
    assert sorted(x.name for x in corpus.sets()) == ["产城", "宁波"]
    corpus.set_delete("产城")
    assert [x.name for x in corpus.sets()] == ["宁波"]


def test_saved_searches_and_app_state_round_trip(corpus):
    corpus.search_save("营商", "营商环境 zone:北仑", view="kwic", options={"sort": "L1"})
    assert corpus.saved_searches()[0].as_json()["options"] == {"sort": "L1"}
    corpus.save_app_state({"screen": "compare", "theme": "营商环境", "filters": ["zone:海门"]})
    corpus.save_app_state({"theme": None})
    assert corpus.app_state() == {"screen": "compare", "filters": ["zone:海门"]}


def test_codebook_qdc_import_is_safe(corpus, tmp_path):
    qdc = tmp_path / "book.qdc"
    qdc.write_text('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:'
                   'codebook:1.0" origin="test"><Codes><Code guid="7d0b3bde-6c4a-4f38-9f5a-'
                   '3c1e2e5c0a11" name="创新政策" isCodable="true" color="#AA0000"><Description>'
                   '外部码本</Description><Code guid="6a1b2bde-6c4a-4f38-9f5a-3c1e2e5c0a12" '
                   'name="研发补助" isCodable="true"/></Code></Codes></CodeBook>', "utf-8")
    rep = corpus.codes_import(qdc)
    assert rep.added == ["创新政策", "研发补助"]
    tree = {c.name: c for c in corpus.codes()}
    assert tree["研发补助"].parent == "创新政策" and tree["创新政策"].colour == "#AA0000"
    bomb = tmp_path / "bomb.qdc"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook xmlns='
                    '"urn:QDA-XML:codebook:1.0"><Codes><Code name="&a;"/></Codes></CodeBook>')
    with pytest.raises(WorkflowError, match="document type"):
        corpus.codes_import(bomb)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[codes]]\ndescription = 'no name'\n", "utf-8")
    with pytest.raises(WorkflowError, match="needs a name"):
        corpus.codes_import(bad)


def test_rebuild_keeps_user_work(samples_db, tmp_path, monkeypatch):
    from index import bootstrap

    db = copy_db(samples_db, tmp_path / "old.db")
    c = Corpus(db)
    c.code_query("策略性措施", "营商环境")
    c.memo_add("zone", "海门", "留着")
    c.set_save("两区", zones=["北仑", "海门"])
    before = [s.as_json()["text"] for s in c.coded()]
    c.close()
    monkeypatch.setattr(bootstrap, "lexicon_matchers", lambda: None)
    bootstrap.rebuild(db)  # (the samples are indexed by ensure_samples afterwards)
    from conftest import SAMPLES

    from index.store.ingest import index_paths

    index_paths(db, [SAMPLES])
    c = Corpus(db)
    assert [s.as_json()["text"] for s in c.coded()] == before
    assert all(s.status == "ok" for s in c.coded())
    assert [m.text for m in c.memos()] == ["留着"] and c.doc_set("两区").docs
    assert not store.aside_path(db).exists()
    assert json.loads(json.dumps(c.code_matrix().as_json()))["by"] == "zone"


def test_a_set_defined_through_itself_is_refused_not_endless(samples_db, tmp_path):
    from index.store.connection import connect, write_transaction

    c = Corpus(copy_db(samples_db, tmp_path / "self.db"))
    c.set_save("自指", zones=["海门"])
    c.set_save("自指", query="招商 set:自指")  # resolved against the old definition
    conn = connect(c.path, write=True)
    with write_transaction(conn):  # the documents changed: sets are resolved again
        pass
    conn.close()
    assert c.doc_set("自指").docs == []  # its query's set:自指 lets nothing through


def test_codebook_names_with_slashes_repeats_and_deep_nesting(samples_db, tmp_path):
    c = Corpus(copy_db(samples_db, tmp_path / "names.db"))
    f = tmp_path / "odd.toml"
    f.write_text('[[codes]]\nname = "财政/金融"\n[[codes.codes]]\nname = "补贴"\n'
                 '[[codes]]\nname = "其他"\n[[codes.codes]]\nname = "补贴"\n', "utf-8")
    rep = c.codes_import(f)
    assert rep.added == ["财政／金融", "补贴", "其他"]
    assert any("'/'" in n for n in rep.notes) and any("twice" in n for n in rep.notes)
    assert {x.name: x.parent for x in c.codes()}["补贴"] == "其他"
    deep = tmp_path / "deep.qdc"
    inner = "".join(f'<Code name="c{i}">' for i in range(30)) + "</Code>" * 30
    deep.write_text(f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{inner}</Codes>'
                    f'</CodeBook>', "utf-8")
    with pytest.raises(WorkflowError, match="nest deeper"):
        c.codes_import(deep)


def test_a_review_list_before_coding(corpus):
    preview = corpus.coding_preview("招商", "招商引资 zone:海门")
    assert preview and not any(done for _, done in preview)
    kept = [(h.doc_id, h.para) for h, _ in preview[:1]]
    rep = corpus.code_paragraphs("招商", kept)
    assert rep.created and rep.added == 1
    again = corpus.coding_preview("招商", "招商引资 zone:海门")
    assert [done for _, done in again] == [True] + [False] * (len(again) - 1)
