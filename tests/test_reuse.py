"""Text reuse on real text: planted copies found, directed, families, incremental updates."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from index.reuse import query, shingle
from index.reuse.align import align
from index.reuse.engine import update
from index.store.connection import connect
from index.store.ingest import index_paths
from index.text.normal import fold
from tests.reuse_plant import ZONES, plant


def copy_db(src, dst):
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


@pytest.fixture(scope="module")
def planted(provinces_db, tmp_path_factory):
    """(db path, planted list, first update report, second update report)."""
    tmp = tmp_path_factory.mktemp("reuse")
    db = copy_db(provinces_db, tmp / "planted.db")
    conn = connect(db, write=True)
    first = update(conn)
    base = {x for (a, b) in conn.execute("SELECT a, b FROM reuse_pairs") for x in (a, b)}
    plants = plant(conn, tmp / "plant", base)
    conn.close()
    report = index_paths(db, [tmp / "plant"])
    assert not report.errors, report.errors
    conn = connect(db, write=True)
    second = update(conn)
    conn.close()
    return db, plants, first, second


def _target_para(conn, zone: str, copy: str) -> int:
    want = fold(copy)
    for pid, text in conn.execute("SELECT p.id, p.text FROM paras p JOIN docs d ON "
                                  "d.doc_id = p.doc_id WHERE d.zone = ?", (zone,)):
        if fold(text) == want or want in fold(text):
            return pid
    raise AssertionError(f"planted paragraph not indexed in {zone}")


def test_planted_reuse_found_directed_and_precise(planted):
    db, plants, _, _ = planted
    conn = connect(db)
    truth = {(src, _target_para(conn, zone, copy)) for src, copy, zone in plants}
    copies_of: dict[int, set[int]] = {}
    for src, tgt in truth:
        copies_of.setdefault(src, set()).add(tgt)
    result = query.reuse(conn, query.Filters())
    found = {(p.source.para_id, p.target.para_id) for p in result.pairs}
    recall = len(truth & found) / len(truth)
    assert recall >= 0.95, (recall, sorted(truth - found))
    planted_zones = set(ZONES)
    touching = [p for p in result.pairs
                if p.source.zone in planted_zones or p.target.zone in planted_zones]
    sibling = {(min(x, y), max(x, y)) for c in copies_of.values() for x in c for y in c if x != y}

    def correct(p):
        key = (p.source.para_id, p.target.para_id)
        return key in truth or (min(key), max(key)) in sibling
    precision = sum(map(correct, touching)) / len(touching)
    assert precision >= 0.95, [(p.source.label, p.target.label) for p in touching
                               if not correct(p)]
    for p in result.pairs:
        if (p.source.para_id, p.target.para_id) in truth:
            assert p.direction == "dated" and p.source.date < p.target.date
            assert 0.5 <= p.similarity <= 1 and p.shared_chars >= 20
            for s0, s1, t0, t1 in p.spans:  # spans are offsets of the original texts
                assert fold(p.source.text[s0:s1]) == fold(p.target.text[t0:t1])
    shared = [p for p in result.pairs if p.source.para_id in
              {s for s, c in copies_of.items() if len(c) > 1}]
    assert shared, "the sources copied three times are found"
    conn.close()


def test_json_contract_sorted_by_shared_chars(planted):
    conn = connect(planted[0])
    rows = query.reuse(conn, query.Filters()).as_json()
    assert rows and set(rows[0]) >= {"source", "target", "similarity", "shared_chars", "spans"}
    assert set(rows[0]["source"]) >= {"doc_id", "zone", "date", "para", "text"}
    assert [r["shared_chars"] for r in rows] == sorted((r["shared_chars"] for r in rows),
                                                       reverse=True)
    conn.close()


def test_families_earliest_is_source(planted):
    db, plants, _, _ = planted
    conn = connect(db)
    multi = {src for src, _, _ in plants if sum(1 for s, _, _ in plants if s == src) == 3}
    fams = query.families(conn, query.Filters()).families
    for src in multi:
        fam = next(f for f in fams if any(m.para_id == src for m in f.members))
        assert fam.source.para_id == src and fam.dated
        assert 3 <= len(fam.members) <= 4 and len(fam.zones) == len(fam.members)
        first, last = fam.spread
        assert first.startswith("2026") and last.startswith("2027")
    conn.close()


def test_boilerplate_families_are_classed_not_listed(planted):
    conn = connect(planted[0])
    everything = query.reuse(conn, query.Filters(boilerplate=True)).pairs
    default = query.reuse(conn, query.Filters()).pairs
    formula = [p for p in everything if p.boilerplate]
    assert formula and not any(p.boilerplate for p in default)
    # "现在，我代表省人民政府向大会作政府工作报告…" is in every provincial report
    assert any("向大会" in p.source.text and "报告" in p.source.text for p in formula)
    conn.close()


def test_incremental_update_processes_only_new_documents(planted):
    db, plants, first, second = planted
    assert len(first.docs_done) == 21
    assert sorted(second.docs_done) == sorted(
        d for (d,) in connect(db).execute("SELECT doc_id FROM docs WHERE zone IN (%s)"
                                          % ",".join("?" * len(ZONES)), ZONES))
    planted_paras = connect(db).execute(
        "SELECT count(*) FROM paras p JOIN docs d ON d.doc_id = p.doc_id WHERE d.zone IN "
        "(%s) AND length(p.text) >= ?" % ",".join("?" * len(ZONES)),
        (*ZONES, shingle.MIN_CHARS)).fetchone()[0]
    assert second.paragraphs <= planted_paras
    conn = connect(db, write=True)
    again = update(conn)
    assert not again.changed and again.paragraphs == 0
    conn.close()


def test_reindexed_document_is_redone(provinces_db, tmp_path):
    db = copy_db(provinces_db, tmp_path / "x.db")
    conn = connect(db, write=True)
    update(conn)
    conn.execute("UPDATE docs SET chars = chars + 1 WHERE doc_id = '2026_浙江省_政府工作报告'")
    # until the next update, its stale pairs are not shown
    shown = query.reuse(conn, query.Filters(boilerplate=True)).pairs
    assert shown and not any("浙江" in z for p in shown for z in (p.source.zone, p.target.zone))
    again = update(conn)
    assert again.docs_dropped == ["2026_浙江省_政府工作报告"]
    assert again.docs_done == ["2026_浙江省_政府工作报告"]
    shown = query.reuse(conn, query.Filters(boilerplate=True)).pairs
    assert any("浙江" in z for p in shown for z in (p.source.zone, p.target.zone))
    conn.close()


def test_missing_tables_mean_not_computed(provinces_db, tmp_path):
    conn = connect(copy_db(provinces_db, tmp_path / "fresh.db"), write=True)
    for table in ("reuse_pairs", "reuse_sigs", "reuse_docs", "reuse_meta"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")  # an app test may have computed them
    result = query.reuse(conn, query.Filters())
    assert result.pairs == [] and "computed for 0 of" in result.notes[0]
    conn.close()


def test_signatures_are_datasketch_minhash():
    from datasketch import MinHash

    text = fold("以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神")
    mine = shingle.signatures([text])[0]
    m = MinHash(num_perm=shingle.NUM_PERM, seed=shingle.SEED, hashfunc=shingle.shingle_hash,
                scheme="affine32")
    m.update_batch([text[i:i + shingle.K] for i in range(len(text) - shingle.K + 1)])
    assert np.array_equal(m.hashvalues, mine)


def test_alignment_spans_in_original_offsets():
    a = "坚持“双碳”引领，协同推进降碳、减污、扩绿、增长。"
    b = "我们要坚持 “双碳” 引领，协同推进降碳、减污、扩绿、增长，建设美丽中国。"
    al = align(a, b)
    assert al.shared_chars >= 20 and al.similarity > 0.9
    for a0, a1, b0, b1 in al.spans:
        assert fold(a[a0:a1]) == fold(b[b0:b1])
    from index.reuse.align import Folded, align_folded

    fast = align_folded(Folded(a), Folded(b))
    assert (fast.similarity, fast.shared_chars, fast.spans) == (al.similarity, al.shared_chars,
                                                                al.spans)
    assert Folded(a).origin is None and Folded(b).origin is not None  # b has spaces


def test_reuse_cli_json_csv_families(planted, tmp_path):
    import json

    from click.testing import CliRunner

    from main import cli

    db = copy_db(planted[0], tmp_path / "cli.db")
    run = CliRunner().invoke(cli, ["reuse", "--json", "--db", str(db)])
    assert run.exit_code == 0, (run.output, run.exception)
    rows = json.loads(run.stdout)
    assert rows and all(r["source"]["date"] <= r["target"]["date"] for r in rows
                        if r["direction"] == "dated")
    zoned = json.loads(CliRunner().invoke(
        cli, ["reuse", "--json", "--zones", "青山", "--db", str(db)]).stdout)
    assert zoned and all("青山县" in (r["source"]["zone"], r["target"]["zone"]) for r in zoned)
    since = json.loads(CliRunner().invoke(
        cli, ["reuse", "--json", "--since", "2027", "--db", str(db)]).stdout)
    assert since and all(r["target"]["date"] >= "2027" for r in since)
    strict = json.loads(CliRunner().invoke(
        cli, ["reuse", "--json", "--min-similarity", "0.95", "--db", str(db)]).stdout)
    assert all(r["similarity"] >= 0.95 for r in strict) and len(strict) < len(rows)
    fams = json.loads(CliRunner().invoke(
        cli, ["reuse", "--families", "--json", "--db", str(db)]).stdout)
    assert fams and set(fams[0]) >= {"family", "source", "members", "zones", "first_date"}
    csv_out = CliRunner().invoke(cli, ["reuse", "--format", "csv", "--db", str(db)]).stdout
    assert csv_out.startswith("\ufeffsource_doc,source_zone")
    shown = CliRunner().invoke(cli, ["reuse", "--limit", "3", "--db", str(db)])
    assert shown.exit_code == 0 and "3 of" in shown.stdout


def test_parallel_alignment_gives_the_same_pairs(provinces_db, tmp_path, monkeypatch):
    from index.reuse import engine

    one = copy_db(provinces_db, tmp_path / "one.db")
    two = copy_db(provinces_db, tmp_path / "two.db")
    rows = []
    for db, jobs in ((one, 1), (two, 2)):
        conn = connect(db, write=True)
        for table in ("reuse_pairs", "reuse_sigs", "reuse_docs", "reuse_meta"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        monkeypatch.setattr(engine, "PARALLEL_MIN", 10)
        engine.update(conn, jobs=jobs)
        rows.append(conn.execute("SELECT * FROM reuse_pairs ORDER BY a, b").fetchall())
        conn.close()
    assert rows[0] and rows[0] == rows[1]


def test_a_run_killed_half_way_resumes_with_the_same_pairs(provinces_db, tmp_path, monkeypatch):
    from index.reuse import engine

    clean, killed = (copy_db(provinces_db, tmp_path / n) for n in ("clean.db", "killed.db"))
    results = []
    for db in (clean, killed):
        conn = connect(db, write=True)
        for table in ("reuse_pairs", "reuse_sigs", "reuse_docs", "reuse_meta"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        monkeypatch.setattr(engine, "BATCH_PARAS", 300)
        if db == killed:
            real, calls = engine._process, []

            def dies(*args, calls=calls, real=real, **kwargs):
                calls.append(1)
                if len(calls) == 3:
                    raise KeyboardInterrupt
                return real(*args, **kwargs)
            monkeypatch.setattr(engine, "_process", dies)
            with pytest.raises(KeyboardInterrupt):
                engine.update(conn)
            done = conn.execute("SELECT count(*) FROM reuse_docs").fetchone()[0]
            assert 0 < done < 21  # the documents of the two batches written are kept
            monkeypatch.setattr(engine, "_process", real)
            again = engine.update(conn)
            assert len(again.docs_done) == 21 - done
        else:
            engine.update(conn)
        results.append(conn.execute("SELECT a, b, similarity, shared FROM reuse_pairs "
                                    "ORDER BY a, b").fetchall())
        conn.close()
    assert results[0] and results[0] == results[1]


def test_a_passage_copied_into_a_long_paragraph_is_found(provinces_db, tmp_path):
    import csv
    import random

    from tests.reuse_plant import edit, markov

    db = copy_db(provinces_db, tmp_path / "c.db")
    conn = connect(db, write=True)
    update(conn)
    rows = conn.execute("SELECT p.id, p.text FROM paras p JOIN docs d ON d.doc_id = p.doc_id "
                        "WHERE d.zone = '福建省' AND length(p.text) BETWEEN 150 AND 250 "
                        "ORDER BY p.id").fetchall()
    texts = [t for (_, t) in conn.execute("SELECT id, text FROM paras")]
    conn.close()
    rng = random.Random(3)
    make = markov(texts, rng)
    src_id, src = rows[len(rows) // 2]
    long = make(260) + edit(src, 0.08, "的了是在发展", rng) + make(300)
    (tmp_path / "d").mkdir()
    with open(tmp_path / "d" / "x.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["province", "year", "title", "source_url", "publish_date", "full_text"])
        w.writerow(["青山县", 2027, "2027年青山县工作报告", "", "2027-05-01", long])
    assert not index_paths(db, [tmp_path / "d"]).errors
    conn = connect(db, write=True)
    update(conn)
    found = [p for p in query.reuse(conn, query.Filters(zones=["青山"])).pairs
             if p.source.para_id == src_id]
    assert found and found[0].similarity >= 0.8 and len(found[0].target.text) > 2 * len(src)
    conn.close()


def test_a_reuse_update_leaves_the_data_generation_alone(tmp_path):
    """Reuse pairs are derived data: storing them must not mark the corpus as changed
    (which would make the app reload every view and drop the word-unit tables and the
    frequent-term pages)."""
    from conftest import SAMPLES

    from index.corpus import Corpus
    from index.store.ingest import index_paths

    db = tmp_path / "g.db"
    assert not index_paths(db, [SAMPLES]).errors
    corpus = Corpus(db)
    before = corpus.generation()
    report = corpus.reuse_update()
    assert report.docs_done
    corpus.close()
    assert Corpus(db).generation() == before
