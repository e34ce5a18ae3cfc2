"""Honest counts (issue 21 item 4), on the bundled provincial reports: collocates never
counted above what the text holds, distinctive words on keywords' totals, diff's similarity
named for what it is, strings inside longer words, DP n/a for one part, what each view
leaves out, singular nouns for one."""

from __future__ import annotations

import json
from collections import Counter
from difflib import SequenceMatcher

import pytest
from click.testing import CliRunner

import main
from index.analysis.stats import keyness_g2
from index.analysis.units import is_word, words_of
from index.corpus import Corpus
from index.text.normal import fold


@pytest.fixture(scope="module")
def corpus(provinces_db):
    c = Corpus(provinces_db)
    c.units()
    return c


def run(db, *args):
    result = CliRunner().invoke(main.cli, [*args, "--db", str(db)], env={"COLUMNS": "150"})
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def test_a_collocate_counts_at_most_once_per_node_and_never_above_its_own_count(corpus):
    """建设 occurs three times around the single 沙颍河 of 河南's report (…沙颍河“通港达园”项目
    建设，开工建设…): counted once per window it was 3; it occurs once."""
    result = corpus.collocates("建设", min_count=1, limit=None)
    own = {w.word: w.count for w in corpus.words(all_words=True, min_count=1, limit=None).items}
    assert result.items
    for c in result.items:
        assert c.count <= own[c.term], (c.term, c.count, own[c.term])
        assert c.count <= result.target_tokens and c.count == c.left + c.right
    by = {c.term: c for c in result.items}
    assert own["沙颍河"] == 1 and by["沙颍河"].count == 1


def test_collocates_say_what_the_minimum_count_left_out(corpus):
    result = corpus.collocates("营商环境")
    assert any("left out: fewer than 2 co-occurrences" in n for n in result.notes)
    clusters = corpus.clusters("营商环境")
    assert any("cluster(s) left out: fewer than 2" in n for n in clusters.notes)


def test_distinctive_words_use_keywords_word_totals(corpus):
    """G² of each distinctive word recomputed from word units alone (no punctuation),
    as keywords counts them."""
    from index.analysis import store

    comp = corpus.compare("营商环境", distinctive=True)
    units = store.units_of_paras(corpus.conn(), [p.para_id for p in comp.passages()])
    words = {z.zone: sum(len(words_of(units[p.para_id])) for p in z.passages)
             for z in comp.zones if z.passages}
    everything = {z.zone: sum(len(units[p.para_id]) for p in z.passages)
                  for z in comp.zones if z.passages}
    total = sum(words.values())
    checked = 0
    for z in comp.zones:
        for s in z.distinctive or []:
            n1 = words[z.zone]
            assert s.ll == pytest.approx(keyness_g2(s.count, s.other, n1, total - n1))
            checked += 1
    assert checked >= 3
    assert all(everything[z] > words[z] for z in words)  # the punctuation left out
    assert words_of(["营商环境", "，", "优化", "。"]) == ["营商环境", "优化"]


def test_diff_similarity_is_difflib_ratio_and_says_so(corpus):
    result = corpus.diff("浙江", "福建")
    changed = [e for e in result.entries if e.op == "changed"]
    assert changed
    for e in changed:
        ratio = SequenceMatcher(None, fold(e.a[1]), fold(e.b[1]), autojunk=False).ratio()
        assert e.similarity == round(ratio, 4)
    md = result.as_markdown()
    assert "difflib ratio" in md and "Dice" not in md


def test_keywords_show_the_string_inside_longer_words(provinces_db):
    """杭州 is 浙江's own as a word (ref n 0), yet 嵊州's report writes it inside a longer word."""
    rows = json.loads(run(provinces_db, "keywords", "--zone", "浙江", "--json").stdout)
    by = {r["term"]: r for r in rows}
    assert by["杭州"]["ref_count"] == 0 and by["杭州"]["ref_inside"] >= 1
    kwic = json.loads(run(provinces_db, "kwic", "杭州", "--limit", "0", "--json").stdout)
    elsewhere = sum(1 for k in kwic if "浙江" not in k["zone"])
    assert by["杭州"]["ref_count"] + by["杭州"]["ref_inside"] == elsewhere
    here = sum(1 for k in kwic if "浙江" in k["zone"])
    assert by["杭州"]["count"] + by["杭州"]["inside"] == here
    table = run(provinces_db, "keywords", "--zone", "浙江", "--limit", "3").stdout
    assert "+in" in table and "longer" in table and "+ref in" in table  # (80 cells: wrapped)


def test_dp_is_na_for_one_document(provinces_db):
    rows = json.loads(run(provinces_db, "words", "--zone", "浙江", "--json").stdout)
    assert rows and all(r["dispersion"] is None for r in rows)
    res = run(provinces_db, "words", "--zone", "浙江", "--limit", "3")
    assert "n/a" in res.stdout and "0.00" not in res.stdout
    assert "only one part to spread over" in " ".join(res.output.split())
    several = json.loads(run(provinces_db, "words", "--limit", "5", "--json").stdout)
    assert all(isinstance(r["dispersion"], float) for r in several)


def test_trend_says_which_documents_it_left_out(samples_db):
    """海门's plan has no year: the chart says it left it out."""
    out = run(samples_db, "trend", "营商环境").stdout
    assert "without a year left out: 海门" in " ".join(out.split())


def test_trend_says_which_zones_it_did_not_chart(provinces_db):
    out = " ".join(run(provinces_db, "trend", "产城融合").stdout.split())
    assert "no mention in 13 other zone(s), not charted" in out and "黑龙江" in out


def test_one_is_singular(provinces_db):
    out = run(provinces_db, "search", "沙颍河").stdout
    assert "1 paragraph containing" in out and "1 paragraphs" not in out
    out = run(provinces_db, "kwic", "沙颍河").stdout
    assert "1 occurrence of" in out and "in 1 paragraph," in out


def test_words_of_is_the_one_word_filter():
    units = ["营商环境", "，", "5G", "、", " ", "AI"]
    assert words_of(units) == [u for u in units if is_word(u)] == ["营商环境", "5G", "AI"]
    assert Counter(words_of(units)) == Counter({"营商环境": 1, "5G": 1, "AI": 1})
