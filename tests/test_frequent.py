"""The first pages of common one-term queries kept at index time (index/search/frequent.py,
computed in one pass by index/search/impact.py) are exactly what ranking computes, and are
not used once the database has changed."""

import shutil

import pytest
from conftest import PROVINCES, SAMPLES

from index.corpus import Corpus
from index.search import frequent
from index.search.engine import search
from index.search.impact import best
from index.search.query import parse
from index.store.connection import connect


def _page(res):
    return [(h.para_id, h.score, h.text, h.spans) for h in res.hits], res.total


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("frequent")
    folder = tmp / "prov"
    shutil.copytree(PROVINCES, folder)
    Corpus(tmp / "f.db").index([folder, SAMPLES])
    return tmp, folder


def test_one_pass_gives_the_ranked_hits_and_totals_of_sql(indexed):
    """impact.best() reproduces search(): ids, scores (the same floats), order and totals,
    for characters indexed alone or read as a prefix, bigrams and longer phrases, with and
    without the heading boost."""
    conn = connect(indexed[0] / "f.db")
    terms = ["的", "发", "园", "展", "发展", "产业", "港口", "营商环境", "高质量发展",
             "科技创新", "zzzz", "哈哈", "。"]
    found = best(conn, terms, 100)
    for term in terms:
        ref = search(conn, term, limit=100, count=True, cache=False, spans=False)
        if not ref.total:
            assert term not in found
            continue
        assert found[term].total == ref.total, term
        assert found[term].hits == [(h.para_id, h.score) for h in ref.hits], term


def test_cached_pages_equal_ranked_search_and_go_stale_on_write(indexed):
    tmp, folder = indexed
    conn = connect(tmp / "f.db", write=True)
    # the provinces are small: keep every term found in 300+ paragraphs
    kept = frequent.refresh(conn, search, min_matches=300, words=["高质量发展", "营商环境"],
                              min_paras=0)
    terms = [r[0] for r in conn.execute("SELECT query FROM top_cache")]
    assert kept == len(terms)
    assert "发展" in terms and "高质量发展" in terms
    assert any(len(t) == 1 for t in terms) and any(len(t) > 2 for t in terms)
    for term in terms:
        for limit, offset in ((20, 0), (20, 20), (5, 95)):
            assert frequent.lookup(conn, parse(term), limit, offset) is not None
            got = search(conn, term, limit=limit, offset=offset, count=True)
            ref = search(conn, term, limit=limit, offset=offset, count=True, cache=False)
            assert _page(got) == _page(ref), (term, limit, offset)
    assert frequent.lookup(conn, parse("发展 zone:浙江"), 20, 0) is None
    assert frequent.lookup(conn, parse("发展"), 20, 100) is None  # beyond the kept hits
    # a kept term with exclusions: its kept hits without the excluded terms, the same page
    # and total as SQL, or SQL itself when the page lies beyond them
    answered = 0
    for query in ("发展 -经济", "发展 -改革 -创新", "产业 -的", "高质量发展 -推动",
                  "发展 -展", "发展 -zzzz"):
        for limit, offset in ((20, 0), (20, 20), (10, 90)):
            answered += frequent.lookup(conn, parse(query), limit, offset) is not None
            got = search(conn, query, limit=limit, offset=offset, count=True)
            ref = search(conn, query, limit=limit, offset=offset, count=True, cache=False)
            assert _page(got) == _page(ref), (query, limit, offset)
    assert answered >= 8
    assert frequent.lookup(conn, parse("发展 -展"), 20, 0) is None  # every hit excluded
    conn.close()
    from index.store.ingest import index_paths

    (folder / "extra.txt").write_text("一、发展\n推动高质量发展。\n", encoding="utf-8")
    index_paths(tmp / "f.db", [folder])  # a write that does not refresh the cache
    conn = connect(tmp / "f.db")
    assert frequent.lookup(conn, parse("发展"), 20, 0) is None
    assert search(conn, "发展", count=True).total == search(conn, "发展", count=True,
                                                          cache=False).total


def test_a_small_corpus_keeps_nothing(indexed):
    conn = connect(indexed[0] / "f.db")
    assert frequent.candidates(conn, frequent.MIN_MATCHES) == []


def test_frequent_strings_found_length_by_length_are_all_of_them(indexed):
    """The sample's frequent 3–8 character strings, found level by level (only strings
    whose two shorter ends are frequent are counted), are exactly those a count of every
    string finds, on the provincial reports' paragraphs."""
    from collections import Counter

    conn = connect(indexed[0] / "f.db")
    texts, _ = frequent._sample(conn)
    need = 12  # paragraphs: low, so that long set phrases reach it
    pairs = Counter(p for t in texts for p in {t[i:i + 2] for i in range(len(t) - 1)})
    runs = [frequent._HAN_RUN.findall(t) for t in texts]
    found = frequent._frequent_grams(runs, {p for p, c in pairs.items() if c >= need}, need)
    every: Counter = Counter()
    for rs in runs:
        every.update({r[i:i + n] for r in rs for n in range(frequent.MIN_NGRAM,
                                                            frequent.MAX_NGRAM + 1)
                      for i in range(len(r) - n + 1)})
    assert found == {g for g, c in every.items() if c >= need}
    assert "高质量发展" in found and any(len(g) == frequent.MAX_NGRAM for g in found)
