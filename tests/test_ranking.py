"""Ranking: the section about a term, and repetition, rank above a passing mention."""

from index.search import search
from index.store import connect
from index.textnorm import fold


def test_passages_under_a_heading_naming_the_term_come_first(samples_db):
    hits = search(connect(samples_db), "产城融合", limit=0).hits
    in_section = [fold("产城融合") in fold(h.section) for h in hits]
    assert in_section[:3] == [True, True, True]
    # every passage whose heading names the term ranks above every passing mention
    assert in_section == sorted(in_section, reverse=True)


def test_repetition_ranks_above_a_passing_mention(provinces_db):
    conn = connect(provinces_db)
    hits = search(conn, "营商环境", limit=0).hits
    counts = [fold(h.text).count("营商环境") for h in hits]
    top, rest = counts[:10], counts[len(counts) // 2:]
    assert sum(top) / len(top) > sum(rest) / len(rest)


def test_scores_are_ordered_and_limit_offset_agree(provinces_db):
    conn = connect(provinces_db)
    all_hits = search(conn, "人工智能", limit=0).hits
    scores = [h.score for h in all_hits]
    assert scores == sorted(scores, reverse=True)
    assert [h.para_id for h in search(conn, "人工智能", limit=10).hits] == \
        [h.para_id for h in all_hits[:10]]
    assert [h.para_id for h in search(conn, "人工智能", limit=10, offset=10).hits] == \
        [h.para_id for h in all_hits[10:20]]


def test_written_out_ranges_and_the_python_fallback_rank_alike(provinces_db, monkeypatch):
    import index.search as search_module

    conn = connect(provinces_db)
    queries = ["营商环境", "产业", "人工智能 zone:浙江", "zone:海南 -旅游"]
    written = {q: [(h.para_id, round(h.score, 6)) for h in search(conn, q, limit=0).hits]
               for q in queries}
    monkeypatch.setattr(search_module, "MAX_SQL_RANGES", 0)
    monkeypatch.setattr(search_module, "CASE_RANGES", 0)
    for q in queries:
        got = [(h.para_id, round(h.score, 6)) for h in search(conn, q, limit=0).hits]
        assert got == written[q], q
