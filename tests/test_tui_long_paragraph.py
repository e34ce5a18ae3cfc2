"""A document that is one huge paragraph (a line of megabytes, as scraped pages and broken
exports give) opens in the reader and scrolls: the paragraph is shown as display blocks of at most
PIECE_CHARS characters, so no keystroke wraps more than a screenful. Compare panes show an
excerpt of such a passage."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLES
from pilotkit import settle
from textual.widgets import Static

import tui.app as app_module
from index.store.ingest import index_paths
from index.text.structure import MAX_PARA_CHARS
from tui.app import DuizhaoApp
from tui.screens.reader import ReaderScreen
from tui.widgets.doc_blocks import PIECE_CHARS, piece_starts
from tui.widgets.zone_pane import PASSAGE_CHARS, excerpt


class SearchFirst(DuizhaoApp):
    DEFAULT_MODE = "search"  # not Compare: this file is about the reader
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))


def one_paragraph(mb: float) -> str:
    """The sample documents' text with every line break and space taken out, repeated."""
    text = "".join("".join(p.read_text(encoding="utf-8").split())
                   for p in sorted(SAMPLES.glob("*.txt")))
    return (text * (int(mb * 1e6 / len(text.encode())) + 1))[: int(mb * 1e6 / 3)]


def test_piece_starts_cover_the_text_at_sentence_ends():
    text = one_paragraph(0.2)
    starts = piece_starts(text)
    pieces = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    assert "".join(pieces) == text
    assert all(0 < len(p) <= PIECE_CHARS for p in pieces)
    assert sum(p[-1] in "。！？；" for p in pieces[:-1]) > 0.9 * (len(pieces) - 1)
    assert piece_starts("短") == [0]
    assert piece_starts("x" * (3 * PIECE_CHARS)) == [0, PIECE_CHARS, 2 * PIECE_CHARS]


def test_a_compare_pane_shows_an_excerpt_of_a_huge_passage():
    text = one_paragraph(1)
    at = text.index("产城融合", 50_000)
    lo, hi = excerpt(text, [(at, at + 4)])
    assert hi - lo == PASSAGE_CHARS and lo < at < hi
    assert excerpt("短文", []) == (0, 2)


@pytest.mark.slow
async def test_a_2_mb_one_paragraph_document_opens_and_scrolls(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    text = one_paragraph(2)  # 670,000 characters: 67 stored paragraphs, their pieces
    (folder / "一段到底.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "one.db"
    report = index_paths(db, [folder])
    assert not report.errors
    app = SearchFirst(db=db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_reader("一段到底", 1, ("产城融合",))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.view()
        # stored as paragraphs of at most MAX_PARA_CHARS (index/text/structure.py), each
        # shown as display blocks of at most PIECE_CHARS
        assert max(len(p.text) for p in view.paras) <= MAX_PARA_CHARS
        assert view.block_count >= sum(-(-len(p.text) // PIECE_CHARS) for p in view.paras)
        assert text[:20] in view.rendered_text().replace("\n", "")
        before = view.rendered_text()
        for _ in range(30):
            await pilot.press("space")
        await pilot.press("j", "j")
        await pilot.pause()
        assert view.rendered_text() != before  # thirty pages further into the paragraph
        await pilot.press("G")
        await pilot.pause()
        assert view.current == len(view.paras) - 1
        for _ in range(3):  # the last display block may be taller than the screen
            await pilot.press("space")
        await pilot.pause()
        tail = view.paras[-1].text[-10:]
        assert tail in view.rendered_text().replace("\n", "").replace(" ", "")
        assert "¶" in str(screen.query_one("#reader-status", Static).render())
        await pilot.press("n")  # next hit of 产城融合: a paragraph that has it
        await pilot.pause()
        assert "产城融合" in view.current_para.text
