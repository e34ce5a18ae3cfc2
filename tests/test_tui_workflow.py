"""The research workflow in the app alone (issue 22's "Done when"): load the shipped
policy-instrument codebook, code the 营商环境 passages of the bundled reports (all hits,
reviewed, and one passage with the picker), write two memos, see the code × zone matrix,
quit, come back to the same place, and export the HTML report and the .qdpx."""

from __future__ import annotations

import sqlite3

import pytest
from pilotkit import settle

from tui.app import DuizhaoApp


@pytest.fixture
def work_db(samples_db, tmp_path):
    db = tmp_path / "work.db"
    with sqlite3.connect(samples_db) as a, sqlite3.connect(db) as b:
        a.backup(b)
    return db


async def _search(app, pilot, query: str):
    from tui.screens.search import SearchScreen

    await pilot.press("f3")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    screen.set_query(query)
    await settle(app, pilot)
    await pilot.press("enter")  # into the results
    await pilot.pause()
    return screen


async def test_load_the_codebook_and_code_every_hit_after_review(work_db):
    from index.corpus import Corpus
    from tui.dialogs.code_picker import CodePicker
    from tui.dialogs.code_review import CodeReview
    from tui.dialogs.codes_view import CodesView

    app = DuizhaoApp(db=work_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, CodesView)
        await pilot.press("i")  # the shipped policy-instrument codebook
        await settle(app, pilot)
        names = [c.name for c in Corpus(work_db).codes()]
        assert "策略性措施" in names and "供给型" in names
        assert app.screen.query_one("#codebook").option_count == len(names)
        await pilot.press("escape")
        screen = await _search(app, pilot, "营商环境")
        hits = len(screen.last.hits)
        await pilot.press("A")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, CodePicker)
        picker.query_one("#code-filter").value = "策略性"
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, CodeReview) and review.code == "策略性措施"
        found = len(review.rows)
        assert found == hits >= 3 and all(not already for _, already in review.rows)
        await pilot.press("space")  # untick the first
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        coded = Corpus(work_db).coded("策略性措施")
        assert len(coded) == found - 1
        # the marks: the results show the code on the coded hits
        assert ("策略性措施" in str(app.work.mark(coded[0].doc_id, coded[0].para)))


async def test_code_picker_on_a_passage_applies_and_takes_off(work_db):
    from index.corpus import Corpus
    from tui.dialogs.code_picker import CodePicker

    Corpus(work_db).codes_import("policy-instruments")
    app = DuizhaoApp(db=work_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        place = app.screen.current_place()
        assert place is not None and place.theme == "产城融合"
        await pilot.press("number_sign")
        await settle(app, pilot)
        assert isinstance(app.screen, CodePicker)
        app.screen.query_one("#code-filter").value = "资金"
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        segs = Corpus(work_db).coded("资金投入")
        assert [(s.doc_id, s.para) for s in segs] == [(place.doc_id, place.para)]
        assert "资金投入" in str(app.work.mark(place.doc_id, place.para))
        await pilot.press("number_sign")  # again: it has the code, Enter takes it off
        await settle(app, pilot)
        app.screen.query_one("#code-filter").value = "资金投入"
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert Corpus(work_db).coded("资金投入") == []
        await pilot.press("number_sign")  # a new code, typed
        await settle(app, pilot)
        app.screen.query_one("#code-filter").value = "园区建设"
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(Corpus(work_db).coded("园区建设")) == 1


async def test_in_kwic_the_picker_can_code_just_the_hit(work_db):
    from index.corpus import Corpus
    from tui.dialogs.code_picker import CodePicker

    Corpus(work_db).codes_import("policy-instruments")
    app = DuizhaoApp(db=work_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        screen = await _search(app, pilot, "营商环境")
        await pilot.press("ctrl+g")  # KWIC: one line per occurrence, the hit its span
        await settle(app, pilot)
        place = screen.current_place()
        assert place.span is not None and place.text[slice(*place.span)] == "营商环境"
        await pilot.press("number_sign")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, CodePicker) and picker.span == "营商环境"
        picker.query_one("#code-filter").value = "策略性措施"
        await pilot.press("ctrl+t")  # only the span
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        [seg] = Corpus(work_db).coded("策略性措施")
        assert (seg.doc_id, seg.para, seg.start, seg.end, seg.text) == (
            place.doc_id, place.para, *place.span, "营商环境")


async def test_two_memos_the_matrix_and_the_memo_list(work_db):
    from index.corpus import Corpus
    from tui.dialogs.codes_view import CodesView
    from tui.dialogs.memo_editor import MemoEditor
    from tui.dialogs.memo_list import MemoList
    from tui.widgets.zone_pane import ZonePane

    c = Corpus(work_db)
    c.codes_import("policy-instruments")
    c.code_query("策略性措施", "营商环境")
    c.memo_add("zone", "奉化", "奉化的报告只有一份")  # shown on the zone's pane
    app = DuizhaoApp(db=work_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        place = app.screen.current_place()
        fenghua = next(p for p in app.screen.query(ZonePane) if p.zone.short == "奉化")
        assert "✎" in str(fenghua.header())
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        app.screen.query_one("#memo-text").text = "这一段把产城融合写成了目标\n第二行"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("f6")
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, CodesView)
        view.query_one("#codebook").highlighted = [c.name for c in view.codes].index("策略性措施")
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#memo-text").text = "营商环境多为策略性措施"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        label = view.query_one("#codebook").get_option("策略性措施").prompt
        assert "✎" in str(label)  # the code's memo
        await pilot.press("x")  # the code × zone matrix
        await pilot.pause()
        table = view.query_one("#matrix")
        assert table.row_count == len(view.codes)
        row = table.get_row("策略性措施")
        assert any(str(cell).split(" · ")[0] not in ("0",) for cell in row[1:-1])
        assert view.matrix.by == "zone" and len(view.matrix.groups) >= 3
        await pilot.press("b")  # by year
        await settle(app, pilot)
        assert view.matrix.by == "year"
        await pilot.press("enter")  # back on the codebook? Enter on the matrix is a row
        await pilot.press("escape")
        await pilot.pause()
        memos = Corpus(work_db).memos()
        assert [(m.kind, m.target) for m in memos][1:] == [
            ("passage", f"{place.doc_id}#{place.para}"), ("code", "策略性措施")]
        assert "✎" in str(app.work.mark(place.doc_id, place.para))
        await pilot.press("f7")
        await settle(app, pilot)
        assert isinstance(app.screen, MemoList) and len(app.screen.memos) == 3
        app.screen.query_one("#memo-search").value = "营商"
        await settle(app, pilot)
        assert [m.target for m in app.screen.memos] == ["策略性措施"]


async def test_quit_and_come_back_to_the_same_place(work_db):
    from tui.screens.search import SearchScreen

    app = DuizhaoApp(db=work_db, remember=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("b")  # Compare by year
        await settle(app, pilot)
        await _search(app, pilot, "营商环境")
        await pilot.press("ctrl+g")  # KWIC
        await settle(app, pilot)
        await pilot.press("ctrl+q")
    again = DuizhaoApp(db=work_db, remember=True)
    async with again.run_test(size=(160, 45)) as pilot:
        await settle(again, pilot)
        screen = again.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one("#q").value == "营商环境" and screen.kwic
        compare = next(s for s in again.mode_screens if s.SCOPE == "compare")
        assert compare.by == "year"
        doc_id = screen.current_place().doc_id  # the first KWIC line
        again.open_reader(doc_id, 5)  # then read a document at its 5th paragraph
        await settle(again, pilot)
        await pilot.press("ctrl+q")
    third = DuizhaoApp(db=work_db, remember=True)
    async with third.run_test(size=(160, 45)) as pilot:
        await settle(third, pilot)
        assert third.current_mode == "reader"
        view = third.screen.view("left")
        assert view.doc.info.doc_id == doc_id and view.current_para.seq == 5


async def test_a_set_narrows_search_and_compare(work_db):
    from index.corpus import Corpus
    from tui.dialogs.set_picker import SetPicker

    Corpus(work_db).set_save("宁波", zones=["北仑", "奉化"])
    app = DuizhaoApp(db=work_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        screen = await _search(app, pilot, "营商环境")
        assert len({h.zone for h in screen.last.hits}) == 3
        await pilot.press("S")
        await settle(app, pilot)
        assert isinstance(app.screen, SetPicker)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.work.active_set == "宁波"
        assert {h.zone for h in screen.last.hits} == {"北仑区", "奉化经济开发区"}
        await pilot.press("f2")
        await settle(app, pilot)
        assert {z.zone for z in app.screen.comparison.zones if z.passages} <= {
            "北仑区", "奉化经济开发区"}


async def test_compare_reopens_on_the_same_pane_and_passage(work_db):
    app = DuizhaoApp(db=work_db, remember=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("l", "j", "j")
        await settle(app, pilot)
        left = app.screen.current_place()
        assert left.para != app.screen.current_pane().zone.passages[0].para
        await pilot.press("ctrl+q")
    again = DuizhaoApp(db=work_db, remember=True)
    async with again.run_test(size=(160, 45)) as pilot:
        await settle(again, pilot)
        assert again.current_mode == "compare"
        back = again.screen.current_place()
        assert (back.zone, back.doc_id, back.para) == (left.zone, left.doc_id, left.para)
