"""Word statistics on units (issue 13), on the bundled provincial reports: significance,
no fragments, collocates, clusters, word lists, CSV that reads back."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from conftest import ROOT, copy_db

from index.analysis.stats import keyness_g2, log_dice, p_chi2_1df
from index.analysis.units import Units, is_fragment
from index.corpus import Corpus
from index.store.connection import connect

ALPHA = 0.001


@pytest.fixture(scope="module")
def corpus(provinces_db):
    c = Corpus(provinces_db)
    c.units()
    return c


def _texts(corpus):
    return [t for (t,) in corpus.conn().execute("SELECT text FROM paras")]


def test_formulas_match_published_values():
    # Rayson & Garside: a=10 in 1000 words vs b=0 in 1000 → G² = 2·10·ln 2 ≈ 13.86
    assert keyness_g2(10, 0, 1000, 1000) == pytest.approx(13.863, abs=1e-3)
    assert p_chi2_1df(3.841) == pytest.approx(0.05, abs=1e-4)
    assert p_chi2_1df(10.828) == pytest.approx(0.001, abs=1e-5)
    assert log_dice(10, 10, 10) == pytest.approx(14.0)


def test_boundary_test_finds_fragments():
    texts = ["粤港澳大湾区建设", "大湾区发展", "推进大湾区"]
    assert is_fragment("大湾", texts)          # always extended by 区
    assert not is_fragment("大湾区", texts)
    assert Units([("拖欠", "企业", "账款")]).merge(["清理", "拖欠", "企业", "账款"]) == \
        ["清理", "拖欠企业账款"]


def test_units_are_stored_and_current(corpus, provinces_db):
    conn = connect(provinces_db)
    assert conn.execute("SELECT count(*) FROM seg_paras").fetchone()[0] > 1000
    dictionary = {c.replace(" ", "") for (c,) in conn.execute("SELECT compound FROM unit_dict")}
    assert "高效办成一件事" in dictionary or "六争攻坚" in dictionary  # quoted slogans
    assert corpus.units() is False  # nothing changed: no rebuild


@pytest.mark.parametrize("zone", ["安徽", "吉林", "浙江", "北仑"])
def test_keywords_are_significant_whole_units(corpus, zone):
    result = corpus.keywords([zone])
    m = int(result.threshold.split(" for ")[1].split()[0])
    texts = _texts(corpus)
    for k in result.items:
        assert k.p < ALPHA / m and k.count >= 3, k
        assert not is_fragment(k.term, texts), k.term
        assert k.term not in {"的", "及其", "深刻", "进一步"}
    rows = result.as_json()
    assert all(list(r) == ["term", "count", "ref_count", "per_10k", "ref_per_10k", "ll",
                           "log_ratio", "p", "inside", "ref_inside"] for r in rows)
    assert [r["ll"] for r in rows] == sorted((r["ll"] for r in rows), reverse=True)


def test_generic_words_never_keywords(corpus):
    for zone in ("安徽", "吉林", "河南", "湖北"):
        terms = {k.term for k in corpus.keywords([zone], limit=None).items}
        assert not terms & {"的", "及其", "深刻", "进一步", "增速", "方法", "信息", "同步"}


def test_compare_distinctive_words_are_significant_units(corpus):
    comp = corpus.compare("营商环境", distinctive=True)
    texts = _texts(corpus)
    listed = [s for z in comp.zones for s in z.distinctive]
    assert listed
    for s in listed:
        assert s.p < ALPHA and s.ll > 10.83, s
        assert not is_fragment(s.term, texts), s.term
    phrases = [p.phrase for p in comp.shared] + [u.phrase for z in comp.zones for u in z.unique
                                                if u.kind == "ngram"]
    assert "企业账款" not in phrases and "化提升行动" not in phrases
    data = comp.as_json()
    entry = next(d for z in data["zones"] for d in z["distinctive"])
    assert {"term", "z", "count", "ll", "p"} <= set(entry)


def test_collocates_of_营商环境_frame_it_with_优化(corpus):
    result = corpus.collocates("营商环境", sort="count")
    top = [c.term for c in result.items[:5]]
    assert "优化" in top, top
    c = next(c for c in result.items if c.term == "优化")
    assert c.left > c.right and c.count == c.left + c.right and c.ll > 0
    by_zone = corpus.collocates("营商环境", by_zone=True, limit=5)
    assert len({c.zone for c in by_zone.items}) >= 3


def test_clusters_extend_in_whole_units(corpus):
    result = corpus.clusters("营商环境")
    left = [c.cluster for c in result.items if c.side == "left"]
    assert "优化营商环境" in left
    assert all(c.cluster.endswith("营商环境") for c in result.items if c.side == "left")


def test_word_list_with_dispersion(corpus):
    result = corpus.words(limit=None)
    by = {w.word: w for w in result.items}
    assert by["发展"].dispersion < 0.3
    assert by["合肥"].dispersion > 0.8  # one document only


def _cli(db, *args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "--db", str(db)],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT)


@pytest.mark.parametrize("args,first", [
    (["keywords", "--zone", "安徽"], "term"),
    (["collocates", "营商环境", "--by-zone"], "term"),
    (["clusters", "营商环境"], "cluster"),
    (["words", "--zone", "浙江"], "word"),
])
def test_csv_reads_back(corpus, provinces_db, args, first):
    res = _cli(provinces_db, *args, "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(res.stdout.lstrip("\ufeff"))))
    assert rows[0][0] == first and len(rows) > 1
    data = json.loads(_cli(provinces_db, *args, "--json").stdout)
    assert len(data) == len(rows) - 1 and list(data[0]) == rows[0]


def test_unknown_zone_names_the_nearest(corpus, provinces_db):
    res = _cli(provinces_db, "keywords", "--zone", "上海")
    assert res.returncode != 0 and "nearest" in res.stderr


def test_reference_zones_and_folder(corpus):
    vs_zone = corpus.keywords(["北仑"], ["海门"])
    assert vs_zone.reference.startswith("海门") and vs_zone.ref_tokens > 0
    assert all(k.p < ALPHA for k in vs_zone.items)
    from conftest import SAMPLES

    vs_folder = corpus.keywords(["安徽"], str(SAMPLES))
    assert vs_folder.reference == str(SAMPLES) and vs_folder.ref_tokens > 1000
    assert "安徽" in {k.term for k in vs_folder.items}


def test_added_documents_are_segmented_alone(samples_db, tmp_path, monkeypatch):

    from conftest import PROVINCES

    from index.analysis import store

    db = tmp_path / "grow.db"
    copy_db(samples_db, db)
    c = Corpus(db)
    assert c.units() is True
    before = connect(db).execute("SELECT count(*) FROM seg_paras").fetchone()[0]
    seen = []
    real = store.raw_tokens
    monkeypatch.setattr(store, "raw_tokens", lambda text: seen.append(text) or real(text))
    c.index([PROVINCES])
    assert c.units() is True  # the generation changed: rebuilt lazily
    after = connect(db).execute("SELECT count(*) FROM seg_paras").fetchone()[0]
    assert len(seen) == after - before > 1000  # only the new paragraphs went through jieba
    assert c.units() is False


def test_every_zone_and_theme_lists_only_significant_whole_units(corpus):
    """The done-when check over every zone's keywords and three themes' distinctive words."""
    from index.analysis.common import all_zones

    texts = _texts(corpus)
    shown = []
    for zone in all_zones(corpus.conn()):
        result = corpus.keywords([zone])
        m = int(result.threshold.split(" for ")[1].split()[0])
        assert all(k.p < ALPHA / m for k in result.items), zone
        shown += [k.term for k in result.items]
    for theme in ("营商环境", "科技创新", "低空经济"):
        comp = corpus.compare(theme, distinctive=True)
        for z in comp.zones:
            assert all(s.p < ALPHA for s in z.distinctive), (theme, z.zone)
            shown += [s.term for s in z.distinctive]
    assert len(shown) > 100
    assert [t for t in set(shown) if is_fragment(t, texts)] == []
