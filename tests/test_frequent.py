"""The first page of common one-term queries kept at index time (index/search/frequent.py)
is exactly what ranking computes, and is not used once the database has changed."""

import shutil

from conftest import PROVINCES, SAMPLES
from index.corpus import Corpus
from index.search import frequent
from index.search.engine import search
from index.search.query import parse
from index.store.connection import connect


def _page(res):
    return [(h.para_id, h.score, h.text, h.spans) for h in res.hits], res.total


def test_cached_pages_equal_ranked_search_and_go_stale_on_write(tmp_path, monkeypatch):
    monkeypatch.setattr(frequent, "MIN_PARAS", 0)  # the provinces are small: cache anyway
    folder = tmp_path / "prov"
    shutil.copytree(PROVINCES, folder)
    corpus = Corpus(tmp_path / "f.db")
    corpus.index([folder, SAMPLES])
    conn = connect(tmp_path / "f.db")
    terms = [r[0] for r in conn.execute("SELECT query FROM top_cache")]
    assert "发展" in terms and any(len(t) == 1 for t in terms) and len(terms) > 40
    for term in terms:
        for limit, offset in ((20, 0), (20, 20), (5, 95)):
            assert frequent.lookup(conn, parse(term), limit, offset) is not None
            got = search(conn, term, limit=limit, offset=offset, count=True)
            ref = search(conn, term, limit=limit, offset=offset, count=True, cache=False)
            assert _page(got) == _page(ref), (term, limit, offset)
    assert frequent.lookup(conn, parse("发展 zone:浙江"), 20, 0) is None
    assert frequent.lookup(conn, parse("发展"), 20, 100) is None  # beyond the kept hits
    conn.close()
    from index.store.ingest import index_paths

    (folder / "extra.txt").write_text("一、发展\n推动高质量发展。\n", encoding="utf-8")
    index_paths(tmp_path / "f.db", [folder])  # a write that does not refresh the cache
    conn = connect(tmp_path / "f.db")
    assert frequent.lookup(conn, parse("发展"), 20, 0) is None
    assert search(conn, "发展", count=True).total == search(conn, "发展", count=True,
                                                          cache=False).total
