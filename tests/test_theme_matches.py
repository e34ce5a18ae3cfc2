"""A theme's passages say which expression pulled each one in, and of what kind; the lexicon
tools (exclude, near, core) decide on real text of the bundled reports."""

import csv
import io

import pytest
from conftest import copy_db

from index.compare.engine import compare
from index.compare.passages import find_passages
from index.store.connection import connect
from index.words.themes import Theme, all_themes


def test_every_passage_names_what_matched_it(samples_db):
    comp = compare(connect(samples_db), "招商引资")
    kinds = {m["kind"] for p in comp.passages() for m in p.matched}
    assert {"term", "family", "pattern"} <= kinds
    for p in comp.passages():
        assert p.matched, p.text[:40]
        for m in p.matched:
            assert m["expression"] in comp.theme.expressions() + comp.theme.patterns
            assert all(f in p.terms for f in m["forms"])
    # 梅山 writes 加快引进…一批智能制造项目: the gap pattern is named as such
    meishan = comp.zone("梅山")
    assert any(m["expression"] == "引进…{24}项目" and m["kind"] == "pattern"
               for p in meishan.passages for m in p.matched)
    data = comp.as_json(limit=0)
    assert all("matched" in p and "terms" in p for z in data["zones"] for p in z["passages"])
    assert data["theme"]["kinds"]["招商选资"].startswith("family")
    header, rows = comp.as_rows(limit=0)
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    back = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert any("(pattern" in r["matched"] for r in back)


def test_exclusion_keeps_the_word_out_of_a_longer_name():
    t = Theme("t", terms=["招商"], exclude=["招商局"])
    assert [h.form for h in t.hits("招商局重工与驻点招商")] == ["招商"]
    assert t.hits("招商局重工与驻点招商")[0].span == (8, 10)
    t = Theme("t", terms=["科技人才"], exclude=["教育科技人才"])
    assert not t.hits("推进教育科技人才一体发展")
    assert t.hits("引育高层次科技人才")


def test_near_needs_a_word_on_either_side_within_the_sentence():
    t = Theme("t", terms=["项目落地"], near={"项目落地": ["招商", "投资"]})
    assert t.hits("强化招商引资，推动项目落地见效")
    assert t.hits("推动项目落地，扩大有效投资")
    assert not t.hits("推动援疆医疗项目落地")
    assert not t.hits("招商引资。推动援疆医疗项目落地")  # not across a sentence end
    p = Theme("t", patterns=["引进…{24}项目"], near={"引进…{24}项目": ["产业", "招商"]})
    assert p.hits("加快引进一批先进制造业产业项目")
    assert not p.hits("实施高层次人才引进和青年科技人才培养项目")


def test_core_theme_is_the_slogan_itself(provinces_db):
    t = all_themes()["新质生产力"]
    core = t.core_theme()
    assert core.expressions() == ["新质生产力"]
    conn = connect(provinces_db)
    whole, slogan = find_passages(conn, t), find_passages(conn, core)
    assert 0 < len(slogan) < len(whole)
    assert all("新质生产力" in "".join(p.terms) for p in slogan)
    assert {m["core"] for p in whole for m in p.matched} == {True, False}


def test_core_counts_the_slogan_not_the_theme(provinces_db):
    """themes --by year --core: 新质生产力 (first written in 2023) has no passage in the
    zones' 2018–2020 documents, which the whole theme reaches through 新兴产业, 未来产业."""
    from index.compare.matrix import theme_matrix
    from index.time.first_use import first_use
    from index.time.trend import trend

    conn = connect(provinces_db)
    themes = {"新质生产力": all_themes()["新质生产力"]}
    whole = theme_matrix(conn, themes, by="year")
    slogan = theme_matrix(conn, themes, by="year", core=True)
    early = [y for y, _, _ in whole.zones if y in ("2018", "2019", "2020")]
    assert early and any(whole.cell("新质生产力", y).passages for y in early)
    assert not any(slogan.cell("新质生产力", y).passages for y in early)
    assert slogan.cell("新质生产力", "2026").passages
    assert slogan.as_json()[0]["counted"] == "core expressions"
    tr = trend(conn, "新质生产力", core=True)
    assert any("core expressions" in n for n in tr.notes)
    assert all(p.year >= 2023 for s in tr.series for p in s.points if p.passages)
    fu = first_use(conn, "新质生产力", theme=True, core=True)
    assert fu.terms == ["新质生产力"] and "core" in fu.notes[0]


def test_exclusions_are_kept_across_reindexing_and_every_figure_follows(tmp_path, samples_db):

    from conftest import SAMPLES

    from index.corpus import Corpus
    from index.store.ingest import index_paths

    db = tmp_path / "ex.db"
    copy_db(samples_db, db)
    corpus = Corpus.open(db)
    before = corpus.compare("招商引资", distinctive=False)
    shengzhou = "2019_嵊州经济开发区_工作总结与计划"
    assert any(p.doc_id == shengzhou and p.para == 13 for p in before.passages())
    assert corpus.exclude_from_theme("招商引资", doc_id=shengzhou, para=13)
    assert corpus.exclude_from_theme("招商引资", expr="招大引强")
    assert not corpus.exclude_from_theme("招商引资", expr="招大引强")  # already there
    with pytest.raises(ValueError):
        corpus.exclude_from_theme("招商引资", doc_id=shengzhou, para=9999)
    from index.bootstrap import lexicon_matchers

    # indexing again (pruning, and matching the lexicon anew) keeps the user's work
    report = index_paths(db, [SAMPLES], prune=True, themes=lexicon_matchers())
    assert not report.errors
    corpus = Corpus.open(db)
    assert {(r["expr"], r["doc_id"], r["para"]) for r in corpus.theme_exclusions("招商引资")} == {
        ("招大引强", "", 0), ("", shengzhou, 13)}
    after = corpus.compare("招商引资", distinctive=False)
    assert not any(p.doc_id == shengzhou and p.para == 13 for p in after.passages())
    assert not any("招大引强" in p.terms for p in after.passages())
    assert {"doc_id": shengzhou, "para": 13} in after.as_json()["theme"]["excluded_passages"]
    zone = next(z for z in after.zones if z.doc_ids == [shengzhou])
    cell = corpus.matrix().cell("招商引资", zone.zone)
    assert cell.passages == len(zone.passages)  # the matrix counts what compare shows
    trend_passages = sum(p.passages for s in corpus.trend("招商引资").series
                         if s.zone == zone.zone for p in s.points)
    assert trend_passages == len(zone.passages)
    assert corpus.include_in_theme("招商引资", doc_id=shengzhou, para=13)
    assert any(p.doc_id == shengzhou and p.para == 13
               for p in corpus.compare("招商引资", distinctive=False).passages())


def test_suggest_lists_uncaught_paragraphs_like_the_theme_and_accept_adds_the_phrase(
        provinces_db, tmp_path, monkeypatch):
    from index.compare.suggest import suggest
    from index.text.normal import fold
    from index.words.themes import load_themes
    from index.words.userfile import accept_phrase

    conn = connect(provinces_db)
    theme = all_themes()["人才"]
    found = suggest(conn, theme, limit=8)
    caught = {(p.doc_id, p.para) for p in find_passages(conn, theme)}
    assert len(found) == 8
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    for s in found:
        assert (s.doc_id, s.para) not in caught
        assert s.phrase in fold(s.text) and s.phrase_passages >= 2
    # 浙江 writes of talent without any expression the theme knows: 人才“企业认定、政府认账”
    assert any(s.doc_id.startswith("2026_浙江省") and "企业认定" in s.text for s in found)
    user = tmp_path / "themes.toml"
    user.write_text("# my themes\n", encoding="utf-8")
    first = found[0]
    assert accept_phrase(theme, first.phrase, user) == user
    assert user.read_text(encoding="utf-8").startswith("# my themes")  # comments kept
    grown = load_themes([user])["人才"]
    assert first.phrase in grown.terms and set(theme.terms) < set(grown.terms)
    assert (first.doc_id, first.para) in {(p.doc_id, p.para)
                                          for p in find_passages(conn, grown)}
