"""The Search screen driven by keys, as a user would."""

from __future__ import annotations

from pilotkit import settle as _ready
from rich.cells import cell_len
from textual.widgets import Input, Static

from index.search.engine import search
from index.store.connection import connect
from tui.app import DuizhaoApp
from tui.render import HIT


def _hit_columns(results, term: str) -> set[int]:
    """The cell columns where the hit starts on the KWIC lines (each line's hit is term)."""
    starts = set()
    for i in range(len(results.rows)):
        (line,) = results.block_lines(i)
        hit = next(sp for sp in line.spans if sp.style == HIT)
        assert line.plain[hit.start:hit.end] == term
        starts.add(cell_len(line.plain[:hit.start]))
    return starts


async def test_typing_searches_and_enter_opens_the_reader(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert app.current_mode == "search"
        await pilot.press(*"产城融合")
        await _ready(app, pilot)
        screen = app.screen
        rows = screen.query_one("#results").rows
        expected = len(search(connect(samples_db), "产城融合", limit=0).hits)
        assert len(rows) == expected >= 8
        status = str(screen.query_one("#status", Static).render())
        assert status.startswith(f"{expected} paragraphs")
        zones = {hit.short for hit, _ in rows}
        assert zones == {"奉化", "嵊州", "海门"}
        await pilot.press("enter")  # from the input: focus the results
        await pilot.press("j", "k", "enter")
        await _ready(app, pilot)
        assert app.current_mode == "reader"


async def test_kwic_pinyin_filters_and_copy(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f3")
        await pilot.press(*"ccrh")
        await _ready(app, pilot)
        screen = app.screen
        status = str(screen.query_one("#status", Static).render())
        assert "产城融合" in status  # the pinyin expansion is shown
        assert len(screen.query_one("#results").rows) >= 8
        screen.query_one("#q", Input).value = "招商 zone:海门"
        await _ready(app, pilot)
        assert {h.short for h, _ in screen.query_one("#results").rows} == {"海门"}
        await pilot.press("ctrl+g")
        await _ready(app, pilot)
        results = screen.query_one("#results")
        assert results.kwic and results.rows and all(span for _, span in results.rows)
        assert "招商" in results.rendered_text().splitlines()[0]
        assert len(_hit_columns(results, "招商")) == 1  # the same column on every line
        results.focus()
        await pilot.press("c")
        assert app.clipboard.rstrip(".").endswith("段") and "——海门" in app.clipboard


async def test_a_new_keystroke_cancels_the_stale_search(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f3")
        await pilot.press(*"营商环境")
        await pilot.press("backspace", "backspace")
        await _ready(app, pilot)
        status = str(app.screen.query_one("#status", Static).render())
        rows = app.screen.query_one("#results").rows
        assert all("营商" in hit.text for hit, _ in rows)
        assert app.screen.query_one("#q", Input).value == "营商"
        assert status.split()[0] == str(len(rows))


async def test_only_the_results_on_screen_are_made(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f3", *"发展")
        await _ready(app, pilot)
        results = app.screen.query_one("#results")
        assert len(results.rows) >= 60
        shown = results.visible_blocks()
        assert shown[0] == 0 and len(results._cache) <= len(shown) + 1
        first = results.rows[0][0]
        assert first.title[:6] in results.rendered_text()
        results.focus()
        await pilot.press("j", "j")
        assert results.cursor == 2
        await pilot.press("G")
        assert results.cursor == len(results.rows) - 1
        hit, _ = results.current()
        assert hit is results.rows[-1][0]
        assert len(results.rows) - 1 in results.visible_blocks()
        assert len(results._cache) < 30  # the top and the bottom screenful, not all of them
        await pilot.press("g")
        assert results.cursor == 0 and results.visible_blocks()[0] == 0


async def test_kwic_lines_up_the_hit_whatever_the_zone_names_width(provinces_db):
    """浙江 and 黑龙江 take 4 and 6 cells: the zone column is padded in cells, so the hit
    starts at the same column on every line."""
    app = DuizhaoApp(db=provinces_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f3", *"营商环境")
        await _ready(app, pilot)
        await pilot.press("ctrl+g")
        await _ready(app, pilot)
        results = app.screen.query_one("#results")
        names = {len(h.short or h.zone) for h, _ in results.rows}
        assert len(names) > 1  # zone names of different lengths
        assert len(_hit_columns(results, "营商环境")) == 1


async def test_a_click_on_a_result_opens_it_in_the_reader(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f3", *"招商")
        await _ready(app, pilot)
        results = app.screen.query_one("#results")
        second = results.rows[1][0]
        row = next(y for y in range(results.size.height)
                   if results._get_frame()[y].block == 1)
        await pilot.click("#results", offset=(10, row))
        await _ready(app, pilot)
        assert app.current_mode == "reader"
        assert app.screen.view().current_para.seq == second.para


async def test_down_from_the_query_box_moves_into_the_results(samples_db):
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f3", *"chengshi")  # s and e are typed, not keys, in the box
        await _ready(app, pilot)
        screen = app.screen
        assert screen.query_one("#q", Input).value == "chengshi"
        assert not screen.query_one("#results").kwic
        await pilot.press("down")
        results = screen.query_one("#results")
        assert app.focused is results and results.rows
        await pilot.press("down")
        assert results.cursor == 1


async def test_kwic_sorts_with_keys_and_exports_every_line(provinces_db, tmp_path,
                                                           monkeypatch):
    import csv
    import io

    from index.search.kwic import concordance

    monkeypatch.setattr("index.locations.export_dir", lambda: tmp_path / "out")
    app = DuizhaoApp(db=provinces_db)
    async with app.run_test(size=(140, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("f3", *"营商环境", "ctrl+g")
        await _ready(app, pilot)
        screen = app.screen
        results = screen.query_one("#results")
        expected = concordance(connect(provinces_db), "营商环境")
        assert len(results.rows) == expected.total  # one line per occurrence
        await pilot.press("ctrl+s")  # from the query box: L1
        await _ready(app, pilot)
        assert screen.kwic_sort == "L1"
        assert "by L1" in str(screen.query_one("#status", Static).render())
        left = [(ln.words("L")[:1] or [""])[0] for ln, _ in results.rows]
        assert left == sorted(left) and "优化" in left
        assert len(_hit_columns(results, "营商环境")) == 1
        results.focus()
        await pilot.press("s")  # R1
        await _ready(app, pilot)
        right = [(ln.words("R")[:1] or [""])[0] for ln, _ in results.rows]
        assert screen.kwic_sort == "R1" and right == sorted(right)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # the first format offered: CSV
        await _ready(app, pilot)
        (written,) = (tmp_path / "out").glob("*.csv")
        rows = list(csv.DictReader(io.StringIO(written.read_text(encoding="utf-8-sig"),
                                               newline="")))
        assert len(rows) == expected.total
        assert [r["right"] for r in rows] == [ln.right for ln, _ in results.rows]
