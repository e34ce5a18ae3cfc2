"""Issue 21, item 3: a passage many provinces adapt within weeks is a shared formula, not a
copy of the province that spoke first; a higher-level text in the corpus is its source."""

from __future__ import annotations

import sqlite3

import pytest

from index.reuse import formula, query
from index.reuse.engine import update
from index.reuse.model import Side
from index.store.connection import connect
from index.store.ingest import index_paths


def _copy(src, dst):
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    return dst


@pytest.fixture(scope="module")
def reused(provinces_db, tmp_path_factory):
    db = _copy(provinces_db, tmp_path_factory.mktemp("formula") / "f.db")
    conn = connect(db, write=True)
    update(conn)
    conn.close()
    return db


def _guiding(conn) -> tuple[str, str]:
    """The guiding-ideology paragraph of 浙江's report, read from the database."""
    (text,) = conn.execute(
        "SELECT p.text FROM paras p JOIN docs d ON d.doc_id = p.doc_id WHERE d.zone = '浙江省' "
        "AND p.text LIKE '%开局之年%必须坚持以习近平新时代中国特色社会主义思想为指导%'").fetchone()
    return text


def test_guiding_ideology_is_a_shared_formula_not_a_copy(reused):
    conn = connect(reused)
    fams = query.families(conn, query.Filters(boilerplate=True)).families
    conn.close()
    guiding = [f for f in fams if "开局之年" in f.source.text and "为指导" in f.source.text]
    assert guiding, "the guiding-ideology family is found"
    f = guiding[0]
    assert f.formula is not None and f.formula.level == "省"
    assert f.formula.zones == len(f.zones) >= formula.FORMULA_ZONES
    assert not f.dated and f.as_json()["likely_source"] is False
    assert f.as_json()["formula"]["zones"] == f.formula.zones
    conn = connect(reused)
    pairs = query.reuse(conn, query.Filters(boilerplate=True)).pairs
    conn.close()
    in_family = [p for p in pairs if p.family == f.id]
    assert in_family and all(p.direction == "shared-formula" for p in in_family)
    assert all(p.as_json()["formula_zones"] == f.formula.zones for p in in_family)
    # pairs between two or three provinces keep their dated direction
    assert any(p.direction == "dated" for p in pairs if p.formula_zones == 0)


def test_a_higher_level_text_in_the_corpus_is_the_source(reused, tmp_path):
    db = _copy(reused, tmp_path / "h.db")
    conn = connect(db)
    text = _guiding(conn)
    conn.close()
    central = text.replace("浙江", "全国").replace("我省", "全国").replace("全省", "全国")
    folder = tmp_path / "central"
    folder.mkdir()
    (folder / "国务院关于做好2026年经济工作的通知.txt").write_text(
        "国务院关于做好2026年经济工作的通知\n" + central + "\n国务院\n2025年12月20日\n",
        encoding="utf-8")
    assert not index_paths(db, [folder]).errors
    conn = connect(db, write=True)
    update(conn)
    fams = query.families(conn, query.Filters(boilerplate=True)).families
    pairs = query.reuse(conn, query.Filters(boilerplate=True)).pairs
    conn.close()
    (f,) = [f for f in fams if any(m.zone == "国务院" for m in f.members)]
    assert f.source.zone == "国务院" and f.source.level == "国家" and f.dated
    assert f.formula is not None and f.formula.source is f.source
    from_central = [p for p in pairs if p.family == f.id and p.source.zone == "国务院"]
    assert from_central and all(p.direction == "higher-level" for p in from_central)
    assert all(p.direction in ("shared-formula", "higher-level")
               for p in pairs if p.family == f.id)


def _side(zone, level, date, pid):
    return Side(f"{zone}.txt", zone, date, 1, "", "", zone, pid, level)


def test_thresholds_are_the_documented_ones():
    # three peers are not enough; four within 45 days are
    peers = [_side(f"省{i}", "省", f"2026-01-{10 + i:02d}", i) for i in range(3)]
    assert formula.detect(peers) is None
    four = peers + [_side("省9", "省", "2026-02-20", 9)]
    found = formula.detect(four)
    assert found is not None and found.zones == 4 and found.in_window == 4
    spread = peers + [_side("省9", "省", "2026-03-20", 9)]  # 69 days after the first
    assert formula.detect(spread) is None
    # a national text after the peers is a fellow user, not the source
    late = formula.detect(four + [_side("国务院", "国家", "2026-03-05", 20)])
    assert late is not None and late.source is None
    early = formula.detect(four + [_side("国务院", "国家", "2025-12-20", 20)])
    assert early is not None and early.source.zone == "国务院"
