"""The app's hand-over: Compare's export writes the HTML page, with codes and memos."""

from __future__ import annotations

import sqlite3

from pilotkit import settle
from tui.app import DuizhaoApp


async def test_export_html_from_compare_with_codes_and_memos(samples_db, tmp_path,
                                                             monkeypatch):
    from index.corpus import Corpus
    from tui.dialogs.export_dialog import ExportDialog

    db = tmp_path / "coded.db"
    with sqlite3.connect(samples_db) as a, sqlite3.connect(db) as b:
        a.backup(b)
    c = Corpus(db)
    c.codes_import("policy-instruments")
    c.code_query("资金投入", "产城融合")
    c.memo_add("theme", "产城融合", "三个区都写了产城融合")
    folder = tmp_path / "exports"
    monkeypatch.setattr("index.locations.export_dir", lambda: folder)
    app = DuizhaoApp(db=db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and "html" in dialog.formats
        await pilot.press("shift+tab", *["down"] * dialog.formats.index("html"))
        await pilot.pause()
        assert dialog.fmt == "html"
        dialog.query_one("#export-path").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        page = (folder / "duizhao-产城融合.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>产城融合" in page
    assert 'class="chart trend"' in page and 'class="chart heatmap"' in page
    assert "资金投入" in page and "三个区都写了产城融合" in page


async def test_export_the_refi_qda_project_from_compare(samples_db, tmp_path, monkeypatch):
    from index.corpus import Corpus
    from index.report.qdpx import read_project, validate
    from tui.dialogs.export_dialog import ExportDialog

    db = tmp_path / "coded.db"
    with sqlite3.connect(samples_db) as a, sqlite3.connect(db) as b:
        a.backup(b)
    Corpus(db).code_query("资金投入", "产城融合")
    folder = tmp_path / "exports"
    monkeypatch.setattr("index.locations.export_dir", lambda: folder)
    app = DuizhaoApp(db=db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.formats[-1] == "qdpx"
        await pilot.press("shift+tab", *["down"] * dialog.formats.index("qdpx"))
        await pilot.pause()
        field = dialog.query_one("#export-path")
        assert dialog.fmt == "qdpx" and field.value.endswith("duizhao-产城融合.qdpx")
        field.focus()
        await pilot.press("enter")
        await settle(app, pilot)
    project = folder / "duizhao-产城融合.qdpx"
    validate(project)
    read = read_project(project)
    assert len(read.sources) == 5 and len(read.codings) == len(Corpus(db).coded()) > 0
