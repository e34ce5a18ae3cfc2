"""KWIC: one line per occurrence, the recall of search, sorted by the words beside the hit."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from index.search.engine import search
from index.search.kwic import concordance, occurrences
from index.store.connection import connect
from index.text.normal import fold


@pytest.fixture(scope="module")
def conn(provinces_db):
    return connect(provinces_db)


def test_one_line_per_occurrence_in_every_paragraph_search_finds(conn):
    hits = search(conn, "营商环境", limit=0).hits
    k = concordance(conn, "营商环境")
    assert k.paragraphs == len(hits) >= 40
    assert k.total == len(k.lines) == sum(fold(h.text).count("营商环境") for h in hits)
    assert k.total > k.paragraphs  # several paragraphs say it more than once
    assert {ln.para_id for ln in k.lines} == {h.para_id for h in hits}
    for ln in k.lines:
        assert ln.hit == "营商环境" == ln.text[ln.start:ln.end]
        assert ln.text[:ln.start].endswith(ln.left.replace(" ", "")[-3:])


def test_filters_or_and_overlapping_terms(conn):
    k = concordance(conn, "营商环境 zone:浙江")
    assert k.lines and {ln.short for ln in k.lines} == {"浙江"}
    either = concordance(conn, "营商环境 OR 放管服")
    assert {ln.hit for ln in either.lines} >= {"营商环境"}
    # a term inside another: one occurrence (the longer), never two lines for one spot
    both = concordance(conn, "营商环境 OR 优化营商环境")
    spots = [(ln.para_id, ln.start) for ln in both.lines]
    assert len(spots) == len(set(spots))
    assert "优化营商环境" in {ln.hit for ln in both.lines}


def test_occurrences_match_in_folded_text_and_map_back():
    text = "推进5Ｇ网络建设，5G基站；营商\n环境营商环境"
    assert [text[s:e] for s, e in occurrences(text, ["5g"])] == ["5Ｇ", "5G"]
    spans = occurrences(text, ["营商环境"])
    assert [text[s:e] for s, e in spans] == ["营商\n环境", "营商环境"]  # adjacent: two


@pytest.mark.parametrize("sort", ["L1", "L2", "R1", "R3"])
def test_sorted_by_the_words_beside_the_hit(conn, sort):
    k = concordance(conn, "营商环境", sort=sort)
    side, n = sort[0], int(sort[1]) - 1
    keys = [(ln.words(side)[n:n + 1] or [""])[0] for ln in k.lines]
    assert keys == sorted(keys)
    assert len(set(keys)) > 5
    if sort == "L1":  # 优化营商环境 and 一流营商环境 each come together
        runs = [w for i, w in enumerate(keys) if i == 0 or keys[i - 1] != w]
        assert len(runs) == len(set(runs)) and {"优化", "一流"} <= set(keys)


def test_zone_and_date_order_width_and_limit(conn):
    k = concordance(conn, "营商环境", sort="zone", limit=10, width=12)
    assert len(k.lines) == 10 < k.total
    assert [ln.zone for ln in k.lines] == sorted(ln.zone for ln in k.lines)
    assert all(cell_len(ln.left) <= 12 and cell_len(ln.right) <= 12 for ln in k.lines)
    assert any(cell_len(ln.left) >= 11 for ln in k.lines)
    dated = concordance(conn, "营商环境", sort="date").lines
    dates = [ln.date for ln in dated if ln.date]
    assert dates == sorted(dates) and not any(ln.date for ln in dated[len(dates):])


def test_json_contract_in_sort_order(conn):
    k = concordance(conn, "产城融合", sort="R1")
    rows = json.loads(json.dumps(k.as_json(), ensure_ascii=False))
    assert len(rows) == k.total
    assert all(list(r)[:7] == ["doc_id", "zone", "date", "para", "left", "hit", "right"]
               for r in rows)
    assert [r["start"] for r in rows] == [ln.start for ln in k.lines]


def test_no_term_says_so(conn):
    k = concordance(conn, "zone:浙江")
    assert not k.lines and any("term" in n for n in k.notes)


def test_search_order_with_a_limit_reads_only_the_best_paragraphs(conn):
    every = concordance(conn, "营商环境")
    first = concordance(conn, "营商环境", limit=10)
    assert [(ln.para_id, ln.start) for ln in first.lines] == [
        (ln.para_id, ln.start) for ln in every.lines[:10]]
    assert first.read <= 10 < first.paragraphs == every.paragraphs == every.read


@pytest.mark.parametrize("sort", ["L1", "R1", "L2", "R3"])
def test_first_page_by_words_is_the_start_of_the_full_sort(conn, sort):
    """A page sorted by words finds the word at that position for every line, the full key
    only for lines that can be on the page (first_by_words): the same lines, in the same
    order, as sorting every line, and the same total."""
    every = concordance(conn, "的 OR 发展", sort=sort)
    assert every.total == len(every.lines) > 1000
    for limit in (1, 25, 300):
        page = concordance(conn, "的 OR 发展", sort=sort, limit=limit)
        assert page.total == every.total and page.paragraphs == every.paragraphs
        assert [ln.as_json() for ln in page.lines] == [
            ln.as_json() for ln in every.lines[:limit]]
