"""The Words view: w on Compare shows each zone's keywords with p and the theme's
collocates, computed off the UI thread."""

from __future__ import annotations

from pilotkit import settle

from tui.app import DuizhaoApp
from tui.screens.compare import CompareScreen
from tui.screens.words import WordsScreen


async def test_w_shows_keywords_and_collocates_per_zone(provinces_db):
    app = DuizhaoApp(db=provinces_db, theme_name="营商环境")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, CompareScreen)
        await pilot.press("w")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WordsScreen)
        tw = screen.result
        assert tw is not None and tw.node == "营商环境"
        assert len(tw.zones) >= 10
        collocates = {c.term for z in tw.zones for c in z.collocates}
        assert "优化" in collocates
        keywords = [k for z in tw.zones for k in z.keywords]
        assert keywords and all(k.p < 0.001 for k in keywords)
        assert len(screen.query(".zone-words")) == len(tw.zones)
        await pilot.press("f1")  # help names the Words view's own keys
        from tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen) and app.screen.origin is screen
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        assert isinstance(app.screen, CompareScreen)
