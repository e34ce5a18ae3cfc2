"""The Compare screen (home) driven by keys."""

from __future__ import annotations

import json
import os

from pilotkit import settle

from tui.app import DuizhaoApp
from tui.screens.compare import CompareScreen
from tui.widgets.zone_pane import ZonePane


def _zones(app):
    return [p.zone.short for p in app.screen.query(ZonePane)]


async def test_opens_on_产城融合_with_four_zones_side_by_side(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, CompareScreen)
        assert set(_zones(app)) == {"奉化", "嵊州", "海门", "北仑"}
        panes = list(app.screen.query(ZonePane))
        assert all(p.region.width >= 34 for p in panes)
        assert len({p.region.x for p in panes}) == 4  # side by side
        texts = {p.zone.short: " ".join(x.text for x in p.list.passages) for p in panes}
        assert "科产城" in texts["嵊州"] and "产城深度融合" in texts["北仑"]
        # distinctive words arrive after jieba loads
        assert all(p.zone.distinctive is not None for p in panes)


async def test_moving_across_panes_sync_open_copy_and_export(samples_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("index.locations.export_dir", lambda: tmp_path / "exports")
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        first = screen.current_pane()
        await pilot.press("l")
        second = screen.current_pane()
        assert second is not first
        await pilot.press("j")
        await settle(app, pilot)
        passage = screen.current_passage()
        assert passage is not None and passage.zone == second.zone.zone
        # the other panes moved to their nearest passage
        for pane in screen.query(ZonePane):
            if pane is not second:
                nearest = app.screen.corpus.nearest(screen.comparison, passage)[pane.zone.zone]
                assert pane.list.current_passage is nearest
                assert pane.list.cursor in pane.list.visible_blocks()
        await pilot.press("c")
        assert app.clipboard.startswith(passage.text) and f"第{passage.para}段" in app.clipboard
        await pilot.press("e", "enter")  # the export dialog: Markdown into the export folder
        await settle(app, pilot)
        exported = list((tmp_path / "exports").glob("duizhao-*.md"))
        assert exported and "产城融合" in exported[0].read_text(encoding="utf-8")
        assert not list(tmp_path.glob("duizhao-*"))  # never the current directory
        await pilot.press("p")  # pin the current zone: it moves first
        await settle(app, pilot)
        assert _zones(app)[0] == second.zone.short
        await pilot.press("x")
        await settle(app, pilot)
        assert second.zone.short not in _zones(app)
        await pilot.press("a")
        await settle(app, pilot)
        assert len(_zones(app)) == 4
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_mode == "reader"


async def test_choosing_a_theme_and_an_adhoc_query(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        themes = app.screen.query_one("#themes")
        names = [item.theme_name for item in themes.children]
        assert "招商引资" in names and len(names) >= 15
        themes.index = names.index("招商引资")
        await pilot.press("enter")
        await settle(app, pilot)
        assert "梅山" in _zones(app)
        await pilot.press("slash", *"ccrh", "enter")
        await settle(app, pilot)
        assert "海门" in _zones(app)


async def test_small_terminal_keeps_panes_apart(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        panes = [p for p in app.screen.query(ZonePane) if p.region.width]
        visible = [p for p in panes if p.region.x < 80]
        assert len(visible) >= 2
        regions = sorted((p.region.x, p.region.right) for p in visible)
        assert all(a[1] <= b[0] for a, b in zip(regions, regions[1:]))


async def test_footer_starts_with_help_and_stays_as_focus_moves_between_panes(samples_db):
    """Help is the first key; panes have the same keys, so the footer is not rebuilt on
    every move (it is costly)."""
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        keys = list(app.screen.query("FooterKey"))
        assert "Export" in [k.description for k in keys]
        assert keys[0].description == "Help"  # first: an 80-column footer cuts off the end
        await pilot.press("l", "l", "h")
        await settle(app, pilot)
        assert list(app.screen.query("FooterKey")) == keys
        await pilot.press("f3")  # another screen, other keys
        await settle(app, pilot)
        assert "KWIC" in [k.description for k in app.screen.query("FooterKey")]


async def test_reordering_panes_and_pinned_zones_staying_in_front(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        first, second, *rest = _zones(app)
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert _zones(app)[:2] == [second, first]
        assert app.screen.current_pane().zone.short == first  # the moved pane keeps focus
        await pilot.press("less_than_sign")
        await settle(app, pilot)
        assert _zones(app)[:2] == [first, second]
        await pilot.press("p", "greater_than_sign")  # pinned: it stays in front
        await settle(app, pilot)
        assert _zones(app)[:2] == [first, second]
        assert any("Pinned zones stay in front" in n.message for n in app._notifications)


async def test_a_new_theme_shows_its_busiest_zones_first(provinces_db):
    """Open on 产城融合, t → 营商环境: the panes follow 营商环境's counts (河南 with 7
    passages shown), not 产城融合's order (which hid it behind zones with 3)."""
    app = DuizhaoApp(db=provinces_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        before = _zones(app)
        await pilot.press("t")
        themes = screen.query_one("#themes")
        names = [item.theme_name for item in themes.children]
        themes.index = names.index("营商环境")
        await pilot.press("enter")
        await settle(app, pilot)
        comp = screen.comparison
        assert comp.theme.name == "营商环境" and len(comp.zones) > screen.MAX_PANES
        shown = [p.zone for p in screen.query(ZonePane)]
        assert len(shown) == screen.MAX_PANES
        hidden = [z for z in comp.zones if z.zone not in {s.zone for s in shown}]
        assert min(len(z.passages) for z in shown) >= max(len(z.passages) for z in hidden)
        assert [len(z.passages) for z in shown] == sorted(
            (len(z.passages) for z in shown), reverse=True)
        assert "河南" in _zones(app) and _zones(app) != before
        await pilot.press("p")  # pinned: stays first on the next theme
        pinned = _zones(app)[0]
        themes.index = names.index("产城融合")
        await pilot.press("t", "enter")
        await settle(app, pilot)
        assert screen.comparison.theme.name == "产城融合" and _zones(app)[0] == pinned


async def test_export_dialog_asks_format_and_path_and_never_overwrites(samples_db, tmp_path,
                                                                       monkeypatch):
    import csv
    import io

    from tui.dialogs.export_dialog import ExportDialog

    folder = tmp_path / "docs" / "duizhao"
    monkeypatch.setattr("index.locations.export_dir", lambda: folder)
    monkeypatch.chdir(tmp_path)
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path")
        assert field.value == str(folder / "duizhao-产城融合.md")
        await pilot.press("shift+tab", "down")  # the format list: Markdown → CSV
        await pilot.pause()
        assert dialog.fmt == "csv" and field.value.endswith("duizhao-产城融合.csv")
        field.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        written = folder / "duizhao-产城融合.csv"
        raw = written.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        comp = app.screen.comparison
        assert len(rows) == sum(len(z.passages) or 1 for z in comp.zones)  # every passage
        side = json.loads((folder / "duizhao-产城融合.csv.provenance.json").read_text("utf-8"))
        assert side["theme"]["name"] == "产城融合" and side["command"][:2] == ["duizhao", "app"]
        assert side["corpus"]["documents"] == 5 and side["format"] == "csv"
        # a link at the next default name that points nowhere is not written through
        os.symlink(tmp_path / "elsewhere.csv", folder / "duizhao-产城融合-2.csv")
        # again: the default name is taken, so the dialog offers the next free one and says so
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        await pilot.press("shift+tab", "down")
        await pilot.pause()
        field = dialog.query_one("#export-path")
        assert field.value.endswith("duizhao-产城融合-3.csv")
        assert "exists" in str(dialog.query_one("#dlg-note").render())
        field.value = str(folder / "duizhao-产城融合-2.csv")  # typed: refused, with a message
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "does not exist" in str(
            dialog.query_one("#dlg-error").render())
        assert not (tmp_path / "elsewhere.csv").exists()
        # a typed name that exists: asked, then replaced on a second Enter
        field.focus()
        field.value = "duizhao-产城融合.csv"  # a name alone: the export folder, not cwd
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "Enter again" in str(
            dialog.query_one("#dlg-error").render())
        written.write_text("mine", encoding="utf-8")
        await pilot.press("escape")  # cancelled: nothing written
        await settle(app, pilot)
        assert written.read_text(encoding="utf-8") == "mine"
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        field.value = "duizhao-产城融合.md"
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert (folder / "duizhao-产城融合.md").read_text(encoding="utf-8").startswith("# 产城融合")
        assert not list(tmp_path.glob("duizhao-*"))
