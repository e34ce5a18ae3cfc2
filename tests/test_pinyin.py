"""Pinyin queries expand to the corpus's own terms, on the real sample and provincial text."""

from __future__ import annotations

import time

import pytest
from conftest import SAMPLES

from index.search import pinyin
from index.store.connection import connect


@pytest.fixture(scope="module")
def samples(samples_db):
    return connect(samples_db)


@pytest.fixture(scope="module")
def provinces(provinces_db):
    return connect(provinces_db)


@pytest.fixture(params=["samples", "provinces"])
def conn(request):
    return request.getfixturevalue(request.param)


def occurs(conn, term: str) -> bool:
    return conn.execute("SELECT 1 FROM paras WHERE instr(text, ?) LIMIT 1", (term,)).fetchone()


@pytest.mark.parametrize("query, term", [
    ("chanchengronghe", "产城融合"),
    ("chancheng ronghe", "产城融合"),
    ("chanch rongh", "产城融合"),
    ("ch ch r h", "产城融合"),
    ("yingshanghuanjing", "营商环境"),
    ("yingshang huanjing", "营商环境"),
    ("yshj", "营商环境"),
    ("ysh j", "营商环境"),
    ("zhao shang yin zi", "招商引资"),
    ("Zhaoshang yinzi", "招商引资"),
])
def test_pinyin_finds_the_term_first(conn, query, term):
    assert pinyin.expand(conn, query)[0] == term


def test_initials_include_the_term(conn):
    assert "产城融合" in pinyin.expand(conn, "ccrh")


def test_heteronyms_read_as_words(provinces):
    assert pinyin.expand(provinces, "yinhang")[0] == "银行"  # 行 hang, not xing
    assert pinyin.expand(provinces, "chongqing")[0] == "重庆"  # 重 chong, not zhong
    assert pinyin.expand(provinces, "xi'an")[0] == "西安"  # the apostrophe splits syllables


def test_long_prefix_reaches_longer_terms(provinces):
    assert pinyin.expand(provinces, "xinzhi shengchan")[0] == "新质生产力"
    assert "营商环境" in pinyin.expand(provinces, "yingshanghuan")


def test_fragments_of_longer_words_are_left_out(provinces):
    # 应商 only occurs inside 供应商, 营商 only inside 营商环境
    assert pinyin.expand(provinces, "yingshang")[0] == "营商环境"


def test_every_term_occurs_in_the_corpus(conn):
    queries = ["chanchengronghe", "ccrh", "yshj", "jj", "xian", "shuzi jingji", "kjcx",
               "ch ch r h", "zhao shang", "lvse", "gongye", "chanyelian"]
    for q in queries:
        terms = pinyin.expand(conn, q)
        assert terms, q
        assert len(terms) == len(set(terms)) <= 8
        for term in terms:
            assert occurs(conn, term), (q, term)


def test_nonsense_and_non_pinyin_give_nothing(conn):
    for q in ["xqzv", "AI", "GDP", "gdp", "产城融合", "5G", "a", "", "   ", "ccrh!", "x" * 60]:
        assert pinyin.expand(conn, q) == [], q


def test_looks_like_pinyin(provinces):
    for q in ["ccrh", "chanchengronghe", "chancheng ronghe", "xi'an", "Zhaoshang"]:
        assert pinyin.looks_like_pinyin(q), q
        assert pinyin.looks_like_pinyin(q, provinces), q
    for q in ["AI", "GDP", "PM", "AI chanye", "产城融合", "5G", "PM2.5", "a", "", "c-c"]:
        assert not pinyin.looks_like_pinyin(q), q
    # Latin words the corpus itself uses (GDP, CPI, RCEP) are not pinyin, in any case.
    for q in ["gdp", "cpi", "rcep"]:
        assert pinyin.looks_like_pinyin(q)
        assert not pinyin.looks_like_pinyin(q, provinces), q


def test_describe():
    assert pinyin.describe(" ccrh ", ["产城融合", "产城人融合"]) == "pinyin ccrh → 产城融合, 产城人融合"
    assert pinyin.describe("xqzv", []) == "pinyin xqzv → no corpus term"


def test_vocabulary_entries(provinces):
    v = pinyin.vocabulary(provinces)
    i = v.terms.index("产城融合")
    assert v.sylls[i] == ["chan", "cheng", "rong", "he"] and v.lex[i] and v.freq[i] > 0
    assert i in v.by_full["chanchengronghe"] and i in v.by_initials["ccrh"]
    assert len(v.terms) == len(set(v.terms))
    assert all(len(t) >= 2 for t in v.terms)


def test_vocabulary_is_fast_and_cached(provinces_db):
    import pypinyin  # noqa: F401  (the one-off import is not part of the build)

    pinyin._CACHE.clear()
    conn = connect(provinces_db)
    t0 = time.process_time()  # CPU time: other processes on the machine do not count
    v = pinyin.vocabulary(conn)
    build = time.process_time() - t0
    assert len(v.terms) > 10_000
    t0 = time.process_time()
    assert pinyin.vocabulary(connect(provinces_db)) is v  # per database, not per connection
    pinyin.expand(conn, "chanchengronghe")
    pinyin.expand(conn, "ysh j")
    # the cached table and two expansions cost a small part of the build, measured in the
    # same run (a baseline that load on the machine slows alike), never a fixed number
    assert time.process_time() - t0 < build / 2


def test_vocabulary_follows_the_index(tmp_path):
    from index.store.ingest import index_paths

    db = tmp_path / "grow.db"
    assert not index_paths(db, [SAMPLES]).errors
    before = pinyin.vocabulary(connect(db))
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "2026_测试区_报告.txt").write_text(
        "测试区报告\n\n一、总体要求\n\n推动鲲鹏产业发展，建设鲲鹏产业园区。\n\n鲲鹏产业再上台阶。\n",
        encoding="utf-8")
    assert not index_paths(db, [extra]).errors
    after = pinyin.vocabulary(connect(db))
    assert after is not before
    assert "鲲鹏产业" in pinyin.expand(connect(db), "kunpeng chanye")


def test_the_table_built_in_the_helper_process_is_the_one_used_here(samples_db):
    """The app builds the pinyin table in the helper process (no interpreter-lock stall);
    what comes back is cached here and expands exactly like a table built here."""
    from index.corpus import Corpus

    corpus = Corpus(samples_db)
    conn = corpus.conn()
    here = pinyin._build(conn)
    pinyin._CACHE.clear()
    assert corpus.prepare_pinyin()
    assert pinyin.cached(conn)
    there = pinyin.vocabulary(conn)
    assert there is not here

    def entries(v):  # the order of terms of equal standing follows string hashing
        return sorted(zip(v.terms, map(tuple, v.sylls), v.freq, v.lex))

    assert entries(there) == entries(here) and there.latin == here.latin
    assert "产城融合" in pinyin.expand(conn, "ccrh")
