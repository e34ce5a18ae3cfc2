"""The Reader screen driven by keys, as a user would.

The apps here start on the Search or Reader screen instead of the Compare home screen:
that keeps this file fast and independent of the work the home screen does at start-up
(test_tui_library.py goes through the real start once).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pilotkit import settle
from textual.widgets import Input, OptionList, Static

import tui.app as app_module
from tui.app import DuizhaoApp
from tui.dialogs.doc_picker import DocPicker
from tui.screens.reader import ReaderScreen

HAIMEN = "海门开发区_工作计划"
FENGHUA = "2020_奉化经济开发区_工作思路"
MEISHAN = "2018_宁波国际海洋生态科技城_六争攻坚实施意见"


class ReaderFirst(DuizhaoApp):
    DEFAULT_MODE = "reader"
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))


class SearchFirst(ReaderFirst):
    DEFAULT_MODE = "search"


def status(screen) -> str:
    return str(screen.query_one("#reader-status", Static).render())


def flat(view) -> str:
    """The document text on screen with the wrapping (and the gutter) taken out."""
    return "".join(line[2:].rstrip() for line in view.rendered_text().splitlines())


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def open_doc(app, pilot, doc_id, seq=1, terms=()):
    app.open_reader(doc_id, seq, terms)
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen, screen.view()


async def test_f4_first_lists_documents_and_enter_opens_one(samples_db):
    app = SearchFirst(db=samples_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        docs = screen.query_one("#reader-docs", OptionList)
        assert docs.option_count == 5 and docs.has_focus
        await pilot.press("enter")
        await settle(app, pilot)
        view = screen.view()
        assert view.doc is not None and view.has_focus
        assert view.current == 0 and 0 in view.visible_blocks()  # the title block shows
        assert view.doc.info.title.split("“")[0][:6] in view.rendered_text()
        # ctrl+o: the picker (type to filter) replaces the document; Escape cancels
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, DocPicker)
        await pilot.press(*"2019")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert view.doc.info.doc_id == "2019_嵊州经济开发区_工作总结与计划"
        assert view.current == 0 and "2018年工作总结" in view.rendered_text()
        await pilot.press("ctrl+o", "escape")
        assert app.screen is screen and view.doc.info.doc_id.startswith("2019")


async def test_open_at_paragraph_outline_find_and_copy(samples_db):
    app = ReaderFirst(db=samples_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen, view = await open_doc(app, pilot, HAIMEN, 9, ("产城融合",))
        para = view.current_para
        assert para.seq == 9 and "高标准推进产城融合" in para.text
        assert view.has_focus
        assert 9 in view.visible_blocks()  # block = seq (block 0 is the title)
        assert "高标准推进产城融合" in view.rendered_text()
        assert "hit 1 of 1" in status(screen)
        # the outline follows the current paragraph (三、高标准推进产城融合)
        outline = screen.outline()
        assert outline.cursor_node.data.number == "三、"
        # j/k move the current paragraph; g/G top and bottom
        await pilot.press("j")
        assert view.current_para.seq == 10 and outline.cursor_node.data.number == "一是"
        await pilot.press("k")
        assert view.current_para.seq == 9
        await pilot.press("G")
        assert view.current_para.seq == len(view.paras) and len(view.paras) in view.visible_blocks()
        await pilot.press("g")
        assert view.current_para.seq == 1
        # the outline: o focuses it, moving its cursor jumps to that section's first paragraph
        await pilot.press("o")
        assert outline.has_focus
        await pilot.press("down", "down", "down", "down")  # 一、 一是 二是 三是 → 二、
        await pilot.pause()
        assert outline.cursor_node.data.number == "二、"
        assert view.current_para.seq == outline.cursor_node.data.first_seq == 5
        await pilot.press("enter")  # select: back to the document
        assert view.has_focus and view.current_para.seq == 5
        # / finds within the document: Enter sets the terms and jumps to the first hit
        await pilot.press("slash")
        find = screen.query_one("#reader-find", Input)
        assert find.display and find.has_focus
        find.value = ""
        await pilot.press(*"招商")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not find.display and view.has_focus
        assert view.terms == ("招商",) and len(view.hits) >= 3
        first = view.hits[0]
        assert view.current == first
        assert f"hit 1 of {len(view.hits)}" in status(screen)
        await pilot.press("n")
        assert view.current == view.hits[1] and f"hit 2 of {len(view.hits)}" in status(screen)
        await pilot.press("slash", "escape")  # Escape closes the find box, terms unchanged
        assert not find.display and view.terms == ("招商",)
        # c copies the current paragraph with its citation
        await pilot.press("c")
        text = view.current_para.text
        assert app.clipboard.startswith(text)
        assert f"第{view.current_para.seq}段" in app.clipboard
        assert "——海门. 海门开发区工作计划" in app.clipboard  # GB/T 7714 by default


async def test_hits_wrap_with_a_notification_and_a_narrow_screen(samples_db):
    app = ReaderFirst(db=samples_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen, view = await open_doc(app, pilot, FENGHUA, 4, ("产城融合",))
        hits = [i + 1 for i in view.hits]
        assert hits == [3, 4, 13, 16]
        assert "hit 2 of 4" in status(screen)
        await pilot.press("n")
        assert view.current_para.seq == 13 and "hit 3 of 4" in status(screen)
        assert 13 in view.visible_blocks()
        await pilot.press("right_square_bracket")
        assert view.current_para.seq == 16 and "hit 4 of 4" in status(screen)
        await pilot.press("n")
        await pilot.pause()
        assert view.current_para.seq == 3 and "hit 1 of 4" in status(screen)
        assert any("Wrapped" in m for m in notes(app))
        await pilot.press("N")
        assert view.current_para.seq == 16
        await pilot.press("left_square_bracket")
        assert view.current_para.seq == 13 and "hit 3 of 4" in status(screen)
        # moving off a hit keeps the count
        await pilot.press("j")
        assert "4 hits" in status(screen)
        # at 80×24 the outline hides; o calls it up beside the text, Escape sends it away
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        outlines = screen.query_one("#reader-outlines")
        assert not outlines.display
        assert view.region.width >= 70
        await pilot.press("o")
        await pilot.pause()
        outline = screen.outline()
        assert outlines.display and outline.has_focus
        assert not outline.region.overlaps(view.region)
        status_region = screen.query_one("#reader-status").region
        assert not status_region.overlaps(view.region) and status_region.bottom <= 23
        await pilot.press("escape")
        await pilot.pause()
        assert view.has_focus and not outlines.display
        # every line of the document view fits its width (Chinese wraps in cells)
        from rich.cells import cell_len

        lines = view.rendered_text().splitlines()
        assert len(lines) == view.region.height
        assert all(cell_len(line) <= view.region.width for line in lines)


async def test_split_view_syncs_sections_and_closes(samples_db):
    app = ReaderFirst(db=samples_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        screen, left = await open_doc(app, pilot, HAIMEN, 1)
        await pilot.press("v")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, DocPicker)
        assert HAIMEN not in [d.doc_id for d in picker.shown]
        await pilot.press(*"梅山")  # type to filter
        assert [d.doc_id for d in picker.shown] == [MEISHAN]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and screen.split_open
        right = screen.view("right")
        assert right.doc.info.doc_id == MEISHAN and left.has_focus
        assert screen.query_one("#pane-right").region.x > screen.query_one("#pane-left").region.x
        # left is in 一、 → right follows to its 一、总体要求
        assert right.current_para.seq == 5
        # left moves to 三、 (高标准推进产城融合) → right goes to 三、产业争先
        await pilot.press("j")
        left.go_to(8, "key")
        await pilot.pause()
        assert left.current_para.seq == 9
        assert right.current_para.seq == 12 and 12 in right.visible_blocks()
        # within the same section, the other view stays put
        right.go_to(13, "key")
        await pilot.pause()
        left.go_to(8, "key")
        await pilot.pause()
        assert right.current_para.seq == 14
        # focus moves between the views; moving the right one syncs the left
        await pilot.press("w")
        assert right.has_focus and screen.active == "right"
        await pilot.press("G")  # 八、保障措施 (四) …: no 八、 in 海门, no similar title
        await pilot.pause()
        assert right.current_para.seq == len(right.paras)
        await pilot.press("tab")
        assert not right.has_focus
        # v closes the split
        await pilot.press("v")
        assert not screen.split_open and not screen.query_one("#pane-right").display
        assert left.has_focus


@pytest.fixture
def tricky_db(tmp_path):
    from index.store.ingest import index_paths

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "tricky.txt").write_text(
        "一、注意[bold]x[/]的写法\n\n"
        "正文含有[bold]x[/]和[link=http://example.com]链接[/link]以及\x1b[31m红色转义。\n\n"
        "二、其他\n\n普通段落。\n", encoding="utf-8")
    db = tmp_path / "tricky.db"
    report = index_paths(db, [folder])
    assert not report.errors, report.errors
    return db


async def test_markup_and_escape_sequences_show_literally(tricky_db):
    app = ReaderFirst(db=tricky_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen, view = await open_doc(app, pilot, "tricky", 2, ("bold",))
        shown = flat(view)
        assert "正文含有[bold]x[/]和[link=http://example.com]链接[/link]" in shown
        assert "␛[31m红色转义" in shown and "\x1b" not in shown
        assert "注意[bold]x[/]的写法" in shown  # heading text too
        # the outline labels and the status line are text, not markup
        labels = [str(node.label) for node in screen.outline().root.children]
        assert any("[bold]x[/]" in label for label in labels)
        await pilot.press("c")
        assert "[bold]x[/]" in app.clipboard


@pytest.fixture(scope="module")
def huge_db(tmp_path_factory):
    from index.store.ingest import index_paths

    folder = tmp_path_factory.mktemp("huge")
    lines = []
    for i in range(1, 201):
        lines.append(f"第{i}章 第{i}部分的要求")
        lines += [f"这是第{i}章第{j}段，推进产城融合和高质量发展，优化营商环境。编号{i * 100 + j}。"
                  for j in range(99)]
    (folder / "huge.txt").write_text("\n\n".join(lines), encoding="utf-8")
    db = folder / "huge.db"
    report = index_paths(db, [folder / "huge.txt"])
    assert report.paragraphs == 20000, report
    return db


@pytest.mark.slow
async def test_a_20000_paragraph_document_opens_and_jumps_fast(huge_db):
    app = ReaderFirst(db=huge_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        started = time.process_time()  # CPU time (app and its workers): load does not count
        screen, view = await open_doc(app, pilot, "huge", 10000, ("产城融合",))
        assert view.current_para.seq == 10000
        assert 10000 in view.visible_blocks()
        await pilot.press("G")
        await pilot.pause()
        elapsed = time.process_time() - started
        assert view.current_para.seq == 20000
        assert "编号20098" in view.rendered_text()
        assert len(view.hits) == 19800 and "hit 19800 of 19800" in status(screen)
        assert elapsed < 3.0, elapsed
        # the outline has its 200 chapters and follows
        assert screen.outline().cursor_node.data.number == "第200章"
        # scrolling and stepping stay cheap: only visible paragraphs get wrapped
        await pilot.press("g", "pagedown", "pagedown", "k")
        assert len(view._cache) < 200
