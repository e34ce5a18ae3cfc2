"""Reuse in the app: badges on search hits and compare passages, the family dialog, and
the split reader's diff mode with change-to-change navigation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pilotkit import settle

import tui.app as app_module
from index.reuse.engine import update
from index.store.connection import connect
from index.store.ingest import index_paths
from tests.test_diff import DOC, edited_copy
from tests.test_reuse import copy_db
from tui.app import DuizhaoApp
from tui.dialogs.reuse_family import ReuseFamilyDialog
from tui.screens.reader import ReaderScreen


class SearchFirst(DuizhaoApp):
    DEFAULT_MODE = "search"
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))


class ReaderFirst(SearchFirst):
    DEFAULT_MODE = "reader"


@pytest.fixture(scope="module")
def reuse_db(provinces_db, tmp_path_factory):
    """The provinces with an edited copy of 浙江's report, reuse computed."""
    from index.corpus import Corpus

    tmp = tmp_path_factory.mktemp("tui-reuse")
    db = copy_db(provinces_db, tmp / "r.db")
    paras = [(p.seq, p.text) for p in Corpus(db).document(DOC).paras]
    new, changed, removed, added = edited_copy(paras)
    (tmp / "ed").mkdir()
    with open(tmp / "ed" / "edited.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["province", "year", "title", "source_url", "publish_date", "full_text"])
        w.writerow(["浙江省", 2027, "2027年浙江省政府工作报告（修改稿）", "", "2027-01-20",
                    "\n".join(new)])
    assert not index_paths(db, [tmp / "ed"]).errors
    conn = connect(db, write=True)
    update(conn)
    conn.close()
    return db


async def test_search_hits_carry_badges_and_r_lists_the_family(reuse_db):
    app = SearchFirst(db=reuse_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"开局之年")
        await settle(app, pilot)
        screen = app.screen
        results = screen.query_one("#results")
        badged = [i for i, (h, _) in enumerate(results.rows) if h.para_id in results.badges]
        assert badged, "a hit reused elsewhere has a badge"
        results.focus()
        results.go_to_block(badged[0], "key")
        await pilot.pause()
        assert "≈" in results.rendered_text()
        hit = results.rows[badged[0]][0]
        await pilot.press("r")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ReuseFamilyDialog)
        assert dialog.family is not None and len(dialog.family.members) >= 2
        assert hit.para_id in [m.para_id for m in dialog.family.members]
        first = dialog.family.members[0]
        await pilot.press("g", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.view()
        assert view.doc.info.doc_id == first.doc_id and view.current_para.seq == first.para


async def test_r_without_reuse_says_so(reuse_db):
    app = SearchFirst(db=reuse_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"海门")
        await settle(app, pilot)
        results = app.screen.query_one("#results")
        plain = [i for i, (h, _) in enumerate(results.rows) if h.para_id not in results.badges]
        results.focus()
        results.go_to_block(plain[0], "key")
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, ReuseFamilyDialog)
        assert any("No reuse" in n.message for n in app._notifications)


async def test_split_reader_diff_mode_marks_and_walks_changes(reuse_db):
    app = ReaderFirst(db=reuse_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        app.open_reader(DOC, 1, ())
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("d")  # no split yet: says what to do
        await pilot.pause()
        assert screen.collation is None
        edited = next(d.doc_id for d in screen.corpus.docs() if "edited" in d.doc_id)
        screen._split_chosen(edited)
        await settle(app, pilot)
        left, right = screen.view("left"), screen.view("right")
        assert right.doc.info.doc_id == edited
        await pilot.press("d")
        await settle(app, pilot)
        assert screen.collation is not None
        counts = screen.collation["counts"]
        assert counts["changed"] >= 9 and counts["only_a"] >= 5 and counts["only_b"] >= 4
        assert left.marks and right.marks
        await pilot.press("period")
        await pilot.pause()
        first = screen.collation["changes"]["left"][0]
        assert left.current == first
        assert "change 1 of" in str(screen.query_one("#reader-status").render())
        target = screen.collation["align"]["left"][first]
        assert right.current == target
        await pilot.press("period")
        await pilot.pause()
        assert left.current == screen.collation["changes"]["left"][1]
        await pilot.press("comma")
        await pilot.pause()
        assert left.current == first
        await pilot.press("d")
        await pilot.pause()
        assert screen.collation is None and not left.marks and not right.marks


async def test_compare_panes_carry_badges_and_r_opens_the_family(reuse_db):
    from tui.screens.compare import CompareScreen
    from tui.widgets.zone_pane import ZonePane

    app = DuizhaoApp(db=reuse_db, theme_name="国防动员", cursor_blink=False)
    async with app.run_test(size=(200, 45)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        pane = next(p for p in screen.query(ZonePane) if p.zone.zone == "安徽省")
        at = next(i for i, p in enumerate(pane.zone.passages) if p.para_id in pane.badges)
        assert "≈" in pane.body(pane.zone.passages[at]).plain
        assert "湖北" in pane.body(pane.zone.passages[at]).plain
        pane.list.focus()
        pane.list.go_to_block(at, "key")
        await pilot.pause()
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReuseFamilyDialog)
        zones = {m.zone for m in app.screen.family.members}
        assert {"安徽省", "湖北省"} <= zones
        await pilot.press("escape")
        assert app.screen is screen
