"""Ranking: the section about a term, and repetition, rank above a passing mention."""

from index.search.engine import search
from index.store.connection import connect
from index.text.normal import fold


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


QUERIES = ["营商环境", "产业", "发展", "的", "园", "人工智能 zone:浙江", "zone:海南 -旅游",
           "发展 -经济", "营商环境 OR 放管服", "产业 发展", "科技创新 year:2026",
           "创新 zone:省 year:2025-2026", "发展 zone:浙江,福建 -经济", "产业 year:1990"]


def _ranked(conn, q, limit):
    return [(h.para_id, round(h.score, 9)) for h in search(conn, q, limit=limit).hits]


def test_facet_tokens_written_out_ranges_and_the_python_fallbacks_rank_alike(provinces_db, monkeypatch):
    import index.search.engine as search_module
    import index.search.filters as filters_module

    conn = connect(provinces_db)
    written = {q: _ranked(conn, q, 0) for q in QUERIES}
    monkeypatch.setattr(search_module, "MAX_SQL_RANGES", 0)  # filters as a Python function
    monkeypatch.setattr(search_module, "BOOST_RANGES", 0)  # boost checked per paragraph
    monkeypatch.setattr(filters_module, "MAX_FACET_TOKENS", -1)  # zone:/year: as id ranges
    for q in QUERIES:
        assert _ranked(conn, q, 0) == written[q], q
        assert _ranked(conn, q, 20) == written[q][:20], q


def _occurrences(text: str, needle: str) -> int:
    """Overlapping occurrences, as FTS5 counts a phrase's instances."""
    n, at = 0, text.find(needle)
    while at != -1:
        n, at = n + 1, text.find(needle, at + 1)
    return n


def test_ranking_is_bm25_from_the_text_doubled_under_a_naming_heading(provinces_db):
    """The top 20 are exactly what scoring every matching paragraph from its own text gives
    (index/search/rank.py's formula: tf counted in the folded text, idf over all paragraphs, the
    length class of the folded length), doubled where a section title naming a term spans it."""
    from index.search.engine import HEADING_BOOST
    from index.search.filters import IdRanges
    from index.search.query import parse
    from index.search.rank import model
    from index.store.rowid import fts_rowid

    conn = connect(provinces_db)
    m = model(conn)
    texts = {pid: fold(t) for pid, t in conn.execute("SELECT id, text FROM paras")}
    assert m.rows == len(texts)
    for q in QUERIES:
        parsed = parse(q)
        if parsed.fts() is None:
            continue  # filter-only: reading order, not ranked
        boosted = IdRanges(conn.execute(
            "SELECT s.first_para, s.last_para FROM sec_fts JOIN sections s ON s.id = "
            "sec_fts.rowid WHERE sec_fts MATCH ? AND s.first_para IS NOT NULL",
            (parsed.any_term_fts(),)).fetchall()) if parsed.terms else IdRanges([])
        phrases = sorted({fold(t) for t in parsed.terms + parsed.exclude})
        df = {f: sum(f in t for t in texts.values()) for f in phrases}
        keep = {h.para_id for h in search(conn, q, limit=0).hits}
        scores = {}
        for pid in keep:
            t = texts[pid]
            s = m.score(fts_rowid(pid, len(t)), [(_occurrences(t, f), df[f]) for f in phrases])
            scores[pid] = s * (HEADING_BOOST if pid in boosted else 1.0)
        best = sorted(scores, key=lambda p: (-round(scores[p], 9), p))[:20]
        assert _ranked(conn, q, 20) == [(p, round(scores[p], 9)) for p in best], q


def test_a_frequent_character_reads_its_own_column_and_finds_the_same(provinces_db):
    """的, 展 and 业 are in the frequent-character column u: the same paragraphs and order as
    the bigram prefix that a rare character uses."""
    from index.search.query import phrase
    from index.store.rowid import SHIFT

    conn = connect(provinces_db)
    for ch in ("的", "展", "业"):
        assert phrase(ch, unigram=True).startswith("u :")
        by_u, by_prefix = (
            [r for (r,) in conn.execute(f"SELECT rowid >> {SHIFT} FROM para_fts WHERE para_fts "
                                        "MATCH ? ORDER BY rowid", (phrase(ch, unigram=u),))]
            for u in (True, False))
        assert by_u == by_prefix and by_u, ch
