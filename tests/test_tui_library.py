"""The Library screen driven by keys: the table, adding files, editing metadata.

Every test works on a temporary copy of the samples (edits write corpus.toml next to the
files, so the repository's samples/ are never touched).
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from pilotkit import settle
from textual.widgets import DataTable, Input, ProgressBar

import tui.app as app_module
from tui.app import DuizhaoApp
from tui.dialogs.metadata_form import MetadataForm
from tui.dialogs.path_prompt import PathPrompt, complete_path
from tui.screens.library import LibraryScreen

SAMPLES = Path(__file__).resolve().parents[1] / "index" / "data" / "samples" / "zones"


class LibraryFirst(DuizhaoApp):
    """The app started on the library (keeps the file fast; see test_tui_reader.py)."""

    DEFAULT_MODE = "library"
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))


@pytest.fixture
def corpus_copy(tmp_path):
    from index.store.ingest import index_paths

    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder)
    db = tmp_path / "lib.db"
    report = index_paths(db, [folder])
    assert not report.errors
    return db, folder


def rows(table: DataTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def notes(app) -> list[tuple[str, str, str]]:
    return [(n.severity, n.title, n.message) for n in app._notifications]


async def test_table_lists_the_samples_and_enter_reads(corpus_copy):
    db, _ = corpus_copy
    app = DuizhaoApp(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one("#lib-docs", DataTable)
        assert table.row_count == 5 and table.has_focus
        zones = {r[0] for r in rows(table)}
        assert {"海门", "北仑区", "奉化经济开发区"} <= zones
        haimen = next(r for r in rows(table) if r[0] == "海门")
        assert haimen[1] == "—" and haimen[4] == "34"  # no year; 34 paragraphs
        # j/k move the row cursor; keys 1-5 sort by a column (again: reverse)
        await pilot.press("j", "j", "k")
        assert table.cursor_row == 1
        await pilot.press("2")  # year, newest first
        years = [r[1] for r in rows(table)]
        assert years[:3] == ["2020", "2020", "2019"] and years[-1] == "—"
        await pilot.press("5", "5")  # paragraphs, fewest first after the second press
        counts = [int(r[4]) for r in rows(table)]
        assert counts == sorted(counts)
        await pilot.press("G")
        assert table.cursor_row == 4
        doc_id = screen.current_doc().doc_id
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "reader"
        assert app.screen.view().doc.info.doc_id == doc_id


async def test_add_folder_with_progress_and_errors(corpus_copy, tmp_path, monkeypatch):
    db, _ = corpus_copy
    new = tmp_path / "new"
    new.mkdir()
    (new / "good_plan.txt").write_text(
        "一、总体要求\n\n推进产城融合，建设宜居新城区。\n\n二、主要任务\n\n加快发展先进制造业。\n",
        encoding="utf-8")
    (new / "empty.txt").write_bytes(b"")
    app = LibraryFirst(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one("#lib-docs", DataTable)
        assert table.row_count == 5
        seen: list[tuple[int, int, bool]] = []
        original = LibraryScreen.on_index_progress

        def spy(self, message):
            original(self, message)
            bar = self.query_one("#lib-index-bar", ProgressBar)
            seen.append((message.progress.files_done, message.progress.files_total,
                         self.query_one("#lib-indexing").display and bar.total is not None))
        monkeypatch.setattr(LibraryScreen, "on_index_progress", spy)

        await pilot.press("ctrl+n")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PathPrompt)
        field = prompt.query_one("#path-input", Input)
        field.value = str(tmp_path / "nope")
        await pilot.press("enter")  # a missing path is refused in the dialog
        assert app.screen is prompt
        field.value = str(new)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert seen and seen[-1] == (2, 2, True)  # the bar showed; last report: all done
        assert not screen.query_one("#lib-indexing").display  # the bar goes when done
        assert table.row_count == 6
        assert "good_plan" in [screen.docs[i].doc_id for i in range(6)]
        assert screen.current_doc().doc_id == "good_plan"  # cursor on the new document
        messages = notes(app)
        summary = [m for s, t, m in messages if t == "Indexing done"]
        assert summary and "1 indexed" in summary[0] and "1 error" in summary[0]
        assert any(s == "error" and m.startswith("empty.txt:") for s, t, m in messages)
        # the app stays usable: keys answer on this screen and others
        await pilot.press("k")
        await pilot.press("f4")
        assert app.current_mode == "reader"


async def test_edit_metadata_writes_the_manifest(corpus_copy):
    db, folder = corpus_copy
    app = LibraryFirst(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one("#lib-docs", DataTable)
        row = next(i for i, r in enumerate(rows(table)) if r[0] == "海门")
        table.move_cursor(row=row)
        await pilot.press("ctrl+e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MetadataForm)
        zone, year = form.query_one("#meta-zone", Input), form.query_one("#meta-year", Input)
        assert zone.value == "海门" and year.value == ""
        assert form.query_one("#meta-title", Input).value.startswith("海门开发区工作计划")
        year.value = "19"  # refused: not a year
        await pilot.press("enter")
        assert app.screen is form
        zone.value = "海门经济技术开发区"
        year.value = "2019"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        manifest = folder / "corpus.toml"
        assert any(m == f"Wrote {manifest}" for _, _, m in notes(app))
        entry = tomllib.loads(manifest.read_text(encoding="utf-8"))["海门开发区_工作计划.txt"]
        assert entry["zone"] == "海门经济技术开发区" and entry["year"] == 2019
        updated = rows(table)[table.cursor_row]
        assert updated[0] == "海门经济技术开发区" and updated[1] == "2019"
        assert (SAMPLES / "corpus.toml").read_text(encoding="utf-8").count("海门经济技术") == 0
        # Escape cancels without writing
        await pilot.press("ctrl+e", "escape")
        assert app.screen is screen


async def test_edit_level_and_parent(corpus_copy):
    db, folder = corpus_copy
    app = LibraryFirst(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one("#lib-docs", DataTable)
        row = next(i for i, r in enumerate(rows(table)) if r[0] == "北仑区")
        table.move_cursor(row=row)
        await pilot.press("ctrl+e")
        await pilot.pause()
        form = app.screen
        level, parent = form.query_one("#meta-level", Input), form.query_one("#meta-parent", Input)
        assert (level.value, parent.value) == ("区", "宁波市")  # from the name and known places
        level.value, parent.value = "县", "宁波"
        await pilot.press("enter")
        await settle(app, pilot)
        entry = tomllib.loads((folder / "corpus.toml").read_text(encoding="utf-8"))
        assert entry["2020_北仑区_六争攻坚专题报道.txt"]["level"] == "县"
        assert entry["2020_北仑区_六争攻坚专题报道.txt"]["parent"] == "宁波"
        info = next(d for d in app.corpus.docs() if d.zone == "北仑区")
        assert (info.level, info.parent) == ("县", "宁波")
        assert info.provenance["level"] == "manifest"


def test_path_completion(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "plan.txt").write_text("x", encoding="utf-8")
    assert complete_path(str(tmp_path / "pol")) == str(tmp_path / "policies") + "/"
    assert complete_path(str(tmp_path / "pla")) == str(tmp_path / "plan.txt")
    assert complete_path(str(tmp_path / "zzz")) is None


async def test_details_say_which_date_is_used(corpus_copy):
    """Issue 21: the Library's details name the date used, its kind and source, and the
    other dates the document offers."""
    from textual.widgets import Static

    db, _ = corpus_copy
    app = LibraryFirst(db=db)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one("#lib-docs", DataTable)
        for i in range(table.row_count):
            table.move_cursor(row=i)
            await settle(app, pilot)
            if screen.current_doc().zone.startswith("嵊州"):
                break
        detail = str(screen.query_one("#lib-detail", Static).render())
        assert "date used: 2019-02-21 published (manifest" in detail
        assert "2019-02-21 published (text: 公开日期)" in detail
