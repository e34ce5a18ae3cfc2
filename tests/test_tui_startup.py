"""What keeps the app answering keys while Compare's start-up work runs."""

from __future__ import annotations

from pilotkit import settle

from tui.app import DuizhaoApp
from tui.widgets.zone_pane import ThemeItem, ZonePane


def _zones(app, screen=None):
    return [p.zone.short for p in (screen or app.screen).query(ZonePane)]


async def test_comparison_matrix_and_distinctive_words_run_in_the_helper_process(
        samples_db, monkeypatch):
    """Inside a running app (whose stderr Textual replaces), the helper process starts and
    does Compare's work: the same computations in this process would fail here. (A corpus
    as small as the samples is compared in the app's worker thread, Corpus.small: not
    here, where the samples stand for a large corpus.)"""
    import index.compare.distinctive
    import index.compare.engine
    import index.compare.matrix
    from index.corpus import Corpus

    monkeypatch.setattr(Corpus, "INLINE_CHARS", 0)

    def not_here(*args, **kwargs):
        raise AssertionError("computed in the app's process")

    monkeypatch.setattr(index.compare.engine, "compare", not_here)
    monkeypatch.setattr(index.compare.matrix, "theme_matrix", not_here)
    monkeypatch.setattr(index.compare.distinctive, "add_distinctive", not_here)
    monkeypatch.setattr(index.compare.engine, "add_distinctive", not_here)
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        assert set(_zones(app)) == {"奉化", "嵊州", "海门", "北仑"}
        panes = list(app.screen.query(ZonePane))
        assert all(p.zone.distinctive is not None for p in panes)
        labels = [str(i.query_one("Static").render()) for i in app.screen.query(ThemeItem)]
        assert labels and all("区" in label and "段" in label for label in labels)


async def test_a_screen_first_shown_after_a_theme_change_has_that_theme(samples_db):
    async def search_colours(toggle_first: bool):
        app = DuizhaoApp(db=samples_db)
        if not toggle_first:
            app.theme = "textual-light"
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(app, pilot)
            if toggle_first:
                await pilot.press("ctrl+t")
                await settle(app, pilot)
            await pilot.press("f3")
            await settle(app, pilot)
            screen = app.screen
            return (screen.styles.background, screen.query_one("#status").styles.color,
                    screen.query_one("#q").styles.background, app.theme)

    toggled = await search_colours(True)
    started_light = await search_colours(False)
    assert toggled[-1] == "textual-light"
    assert toggled == started_light


async def test_a_comparison_that_arrives_while_another_screen_shows_is_drawn_on_return(
        samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        compare = app.screen
        await pilot.press("f3")
        await settle(app, pilot)
        compare.show_theme("招商引资")
        await settle(app, pilot)
        assert "梅山" not in _zones(app, compare)  # not drawn behind the Search screen
        await pilot.press("f2")
        await settle(app, pilot)
        assert app.screen is compare and "梅山" in _zones(app)


async def test_a_long_pane_wraps_only_the_passages_on_screen(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        app.screen.show_theme("发展")  # an ad-hoc query: dozens of passages per zone
        await settle(app, pilot)
        pane = max(app.screen.query(ZonePane), key=lambda p: len(p.zone.passages))
        view = pane.list
        assert len(pane.zone.passages) >= 12
        assert len(view._cache) <= len(view.visible_blocks()) + 1 < len(pane.zone.passages)
        view.focus()
        for _ in range(12):  # j steps to the next passage (through a tall one first)
            await pilot.press("j")
            if view.cursor == 3:
                break
        assert view.current_passage is pane.zone.passages[3]
        assert 3 in view.visible_blocks()
        # sync brings a pane to a passage far below what it shows
        target = pane.zone.passages[-1]
        assert pane.reveal(target) == len(pane.zone.passages) - 1
        assert view.current_passage is target and view.cursor in view.visible_blocks()


async def test_theme_counts_that_arrive_before_the_theme_items_have_mounted(samples_db):
    """The matrix can come back in the same moment as the theme list: the counts go onto
    items whose label is not mounted yet, without an error."""
    from tui.screens.compare import MatrixReady, ThemesReady

    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        themes = list(screen.corpus.themes().values())
        matrix = screen.corpus.matrix()
        await screen.query_one("#themes").clear()
        screen.on_themes_ready(ThemesReady(themes))  # items made, mounting
        screen.on_matrix_ready(MatrixReady(matrix))  # the same moment
        await settle(app, pilot)
        labels = [str(i.label.render()) for i in screen.query(ThemeItem)]
        assert len(labels) == len(themes) and all("段" in label for label in labels)


async def test_the_samples_fill_compare_from_a_worker_thread_before_the_warm_up(
        samples_db, monkeypatch):
    """A corpus as small as the samples is compared in a worker thread of the app rather
    than in the helper process (whose start would come first); keys are answered while it
    runs; start-up's warm-up (search, pinyin, reuse badges) waits until the panes are
    drawn, so that it does not compete with them."""
    import threading

    import index.compare.engine
    from index import helper
    from index.corpus import Corpus
    from tui.screens.compare import CompareScreen

    gate = threading.Event()
    events: list[str] = []
    real_compare = index.compare.engine.compare

    def gated(*args, **kwargs):
        events.append("compare in a worker" if threading.current_thread()
                      is not threading.main_thread() else "compare in the UI thread")
        gate.wait(20)
        return real_compare(*args, **kwargs)

    monkeypatch.setattr(index.compare.engine, "compare", gated)
    asked = []
    real_run = helper.run
    monkeypatch.setattr(helper, "run", lambda job, *a: asked.append(
        a[1] if len(a) > 1 else job.__name__) or real_run(job, *a))
    real_warm_up = Corpus.warm_up
    monkeypatch.setattr(Corpus, "warm_up",
                        lambda self: events.append("warm-up") or real_warm_up(self))
    real_render = CompareScreen.render_panes

    async def render(self, *args, **kwargs):
        await real_render(self, *args, **kwargs)
        events.append("panes drawn")

    monkeypatch.setattr(CompareScreen, "render_panes", render)
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(500):
            if events:
                break
            await pilot.pause(0.01)
        assert events == ["compare in a worker"]
        await pilot.press("t")  # answered while the comparison runs
        assert app.focused is app.screen.query_one("#themes")
        assert not _zones(app)
        gate.set()
        await settle(app, pilot)
        assert set(_zones(app)) == {"奉化", "嵊州", "海门", "北仑"}
        assert all(p.list.passages for p in app.screen.query(ZonePane))
    assert events[:3] == ["compare in a worker", "panes drawn", "warm-up"], events
    assert "compare" not in asked  # distinctive words still come from the helper
