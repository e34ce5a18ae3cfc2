"""Materialised theme matches (index/store/themehits.py) give exactly the passages and
counts of the reference path (full-text candidates + the theme's regex), and stay so when
documents change or the lexicon is edited."""

import shutil

import pytest
from conftest import PROVINCES, SAMPLES

from index.compare.api import lexicon_matchers
from index.compare.engine import compare
from index.compare.matrix import theme_matrix
from index.compare.passages import find_passages, match_expression
from index.store.connection import connect
from index.store.ingest import index_paths
from index.store.themehits import theme_id
from index.words.themes import Theme, adhoc_theme, all_themes


@pytest.fixture(scope="module")
def fast_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("hits") / "hits.db"
    report = index_paths(db, [SAMPLES, PROVINCES], themes=lexicon_matchers())
    assert not report.errors
    return db


def _shape(passages):
    return [(p.doc_id, p.para, p.text, p.terms, p.spans, p.families, p.forms, p.section,
             round(p.position, 9)) for p in passages]


def test_every_lexicon_theme_is_materialised_and_exact(fast_db, provinces_db):
    fast, ref = connect(fast_db), connect(provinces_db)
    assert theme_id(ref, next(iter(all_themes().values())).matcher()) is None
    total = 0
    for theme in all_themes().values():
        assert theme_id(fast, theme.matcher()) is not None, theme.name
        got = _shape(find_passages(fast, theme))
        assert got == _shape(find_passages(fast, theme, materialised=False)), theme.name
        assert got == _shape(find_passages(ref, theme)), theme.name
        total += len(got)
    assert total > 1000  # the provincial reports carry the lexicon's themes


def test_matrix_from_aggregates_equals_the_matched_matrix(fast_db, provinces_db):
    themes = all_themes()
    got = theme_matrix(connect(fast_db), themes)
    ref = theme_matrix(connect(provinces_db), themes)
    assert got.zones == ref.zones
    assert got.as_json() == ref.as_json()


def test_comparison_json_is_the_same_on_both_paths(fast_db, tmp_path):
    """Against a reference indexed without materialised themes (its own file: the session's
    provinces_db may have gained word-unit tables, which refine shared phrasing)."""
    ref = tmp_path / "ref.db"
    assert not index_paths(ref, [SAMPLES, PROVINCES]).errors
    for name in ("营商环境", "产城融合"):
        a = compare(connect(fast_db), name, distinctive=False).as_json(limit=0)
        b = compare(connect(ref), name, distinctive=False).as_json(limit=0)
        a.pop("source", None), b.pop("source", None)
        assert a == b


def test_adhoc_and_edited_themes_take_the_exact_path(fast_db, provinces_db):
    conn = connect(fast_db)
    shipped = all_themes()["营商环境"]
    edited = Theme(shipped.name, shipped.gloss, shipped.terms + ["放管服改革"],
                   shipped.patterns, shipped.families, "edited")
    adhoc = adhoc_theme("科技创新 新质生产力")
    for theme in (edited, adhoc):
        assert theme_id(conn, theme.matcher()) is None
        assert _shape(find_passages(conn, theme)) == _shape(
            find_passages(connect(provinces_db), theme))


def test_hits_follow_changed_documents_and_lexicon(tmp_path):
    folder = tmp_path / "zones"
    shutil.copytree(SAMPLES, folder)
    db = tmp_path / "x.db"
    index_paths(db, [folder], themes=lexicon_matchers())
    doc = sorted(folder.glob("*.txt"))[0]
    doc.write_text(doc.read_text(encoding="utf-8")
                   + "\n\n推进产城融合，优化营商环境，招商引资再上新台阶。\n", encoding="utf-8")
    gone = sorted(folder.glob("*.txt"))[1]
    gone.unlink()
    index_paths(db, [folder], prune=True)  # no lexicon given: the materialised ones are kept
    conn = connect(db)
    plain = tmp_path / "plain.db"  # the same files, nothing materialised
    index_paths(plain, [folder])
    themes = all_themes()
    assert theme_matrix(conn, themes).as_json() == theme_matrix(connect(plain), themes).as_json()
    for theme in all_themes().values():
        assert theme_id(conn, theme.matcher()) is not None
        assert _shape(find_passages(conn, theme)) == _shape(
            find_passages(conn, theme, materialised=False)), theme.name
    conn.close()
    # the lexicon edited: the edited theme is matched anew, a removed one dropped
    shipped = all_themes()["营商环境"]
    edited = Theme(shipped.name, shipped.gloss, shipped.terms + ["新台阶"], shipped.patterns,
                   shipped.families, "edited")
    index_paths(db, [], themes={edited.name: (edited.matcher(), match_expression(edited))})
    conn = connect(db)
    assert theme_id(conn, edited.matcher()) is not None
    assert theme_id(conn, all_themes()["产城融合"].matcher()) is None
    assert _shape(find_passages(conn, edited)) == _shape(
        find_passages(conn, edited, materialised=False))
    assert any("新台阶" in p.terms for p in find_passages(conn, edited))


def test_first_screen_is_the_busiest_zones_of_the_whole_comparison(fast_db):
    conn = connect(fast_db)
    full = compare(conn, "营商环境", distinctive=False)
    first = compare(conn, "营商环境", distinctive=False, top=3)
    assert len(full.zones) > 3 and [z.zone for z in first.zones] == [z.zone for z in full.zones][:3]
    assert any(n.startswith("first the 3 zones") for n in first.notes)
    for a, b in zip(first.zones, full.zones):
        assert _shape(a.passages) == _shape(b.passages)
        assert (a.mentions, a.sections, a.sections_touched, a.positions) == (
            b.mentions, b.sections, b.sections_touched, b.positions)
    # the first screen draws passages and figures at once; phrasing comes with the whole
    assert full.shared and not first.shared and not any(z.unique for z in first.zones)
    assert "shared and own phrasing follow with the whole comparison" in first.notes
