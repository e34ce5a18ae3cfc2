"""The app's views of time: grouping the Compare panes, the trend and the first-use timeline."""

from __future__ import annotations

from pilotkit import settle
from tui.app import DuizhaoApp
from tui.screens.compare import CompareScreen
from tui.widgets.zone_pane import ZonePane


def _groups(app):
    return [p.zone.group for p in app.screen.query(ZonePane)]


async def test_b_cycles_the_grouping_and_headers_name_the_group(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.by == "zone"
        await pilot.press("b")
        await settle(app, pilot)
        assert screen.by == "year" and screen.comparison.by == "year"
        assert _groups(app)[:2] == ["2019", "2020"]
        pane = next(p for p in screen.query(ZonePane) if p.zone.group == "2020")
        assert "2020" in pane.header().plain and "奉化" in pane.header().plain
        # a passage in a year's pane says whose it is
        assert pane.body(pane.zone.passages[0]).plain.startswith(pane.zone.passages[0].short)
        await pilot.press("b")
        await settle(app, pilot)
        assert screen.by == "zone-year" and "嵊州 · 2019" in _groups(app)
        await pilot.press("b")
        await settle(app, pilot)
        assert screen.by == "level" and set(_groups(app)) <= {"区", "开发区"}
        await pilot.press("b")
        await settle(app, pilot)
        assert screen.by == "zone" and set(_groups(app)) == {"奉化", "嵊州", "海门", "北仑"}
