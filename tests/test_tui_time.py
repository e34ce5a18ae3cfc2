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


async def test_y_opens_the_trend_of_the_current_theme(samples_db):
    from tui.dialogs.trend_view import Sparkline, TrendView
    from tui.time_console import TICKS, sparkline

    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, TrendView)
        tr = view.trend
        assert tr.theme.name == "产城融合" and tr.years == [2018, 2019, 2020]
        sparks = list(view.query(Sparkline))
        assert len(sparks) == len(tr.series)  # the whole corpus, then each zone
        assert list(sparks[0].data) == [p.per_10k for p in tr.series[-1].points]
        # drawn from 0, not from the lowest year: each year's bar is its share of the top
        for spark in sparks:
            drawn, values = str(spark.render()), spark.data
            top, width = max(values), len(str(spark.render()))
            for i, v in enumerate(values):
                tick = drawn[i * width // len(values) + width // len(values) // 2]
                assert tick == TICKS[int(v / top * (len(TICKS) - 1) + 0.5)] if top else "▁"
        assert sparkline([20.6, 42.9]) == "▄█"  # issue 21: min-to-max drew 20.6 as ▁
        await pilot.press("escape")
        assert isinstance(app.screen, CompareScreen)


async def test_f_opens_the_first_use_timeline_and_a_typed_term(samples_db):
    from textual.widgets import Input, OptionList

    from tui.dialogs.first_use_view import FirstUseView

    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, FirstUseView)
        assert view.result.adoptions[0].short == "嵊州"  # 产城融合: 2019-02-21 first
        view.query_one("#fu-term", Input).focus()
        await pilot.press(*"六争攻坚", "enter")
        await settle(app, pilot)
        assert [a.short for a in view.result.adoptions] == ["梅山", "北仑"]
        rows = view.query_one("#fu-rows", OptionList)
        assert rows.option_count == 2 and rows.has_focus
        await pilot.press("enter")  # open 梅山's first use in the reader
        await settle(app, pilot)
        assert app.current_mode == "reader"


async def test_pane_header_sparkline_for_a_zone_with_years(tmp_path):
    from test_time import _two_year_zone

    app = DuizhaoApp(db=_two_year_zone(tmp_path))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        (pane,) = app.screen.query(ZonePane)
        head = pane.header().plain
        assert "2019–2020" in head and "▃█" in head  # 7.4 then 24.4 per 10k


async def test_c_in_the_trend_shows_a_line_chart_from_zero(samples_db):
    from textual.widgets import Static

    from tui.dialogs.trend_view import TrendView

    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, TrendView) and view.trend is not None
        await pilot.press("c")
        await pilot.pause()
        shown = str(view.query_one("#trend-chart", Static).render())
        assert view.charted and not view.query_one("#trend-sparks").display
        ticks = [line.split("┤")[0].strip() for line in shown.splitlines() if "┤" in line]
        top = max(p.per_10k for s in view.trend.series for p in s.points)
        assert ticks[-1] == "0" and top <= float(ticks[0]) < 2.5 * top
        assert all(str(y) in shown for y in (2018, 2019, 2020))
        assert "all  (all): 2018" in shown and "奉化: 2020" in shown
        await pilot.press("c")
        await pilot.pause()
        assert not view.charted and view.query_one("#trend-sparks").display
