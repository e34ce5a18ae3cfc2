"""The home screen on a large generated corpus: the busiest zones come first, the app answers
keys while the whole comparison is computed, and the whole comparison then replaces them."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from index.corpus import Corpus
from tui.app import DuizhaoApp
from tui.screens.compare import CompareScreen
from tui.widgets.zone_pane import ZonePane

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def large_db(tmp_path_factory) -> Path:
    """An 8 MB generated corpus (bench/gen_corpus.py, real sentences, ~25 zones), indexed
    once per session the way `main.py index` does (the lexicon's matches materialised)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import gen_corpus
    finally:
        sys.path.remove(str(ROOT / "bench"))
    work = tmp_path_factory.mktemp("large")
    meta = gen_corpus.generate(8, work / "corpus", quiet=True)
    assert len(meta["zones"]) > CompareScreen.FIRST_ZONES
    db = work / "large.db"
    corpus = Corpus(db)
    report = corpus.index([work / "corpus"])
    corpus.close()
    assert not report.errors
    return db


async def _until(pilot, cond, rounds: int = 400) -> None:
    for _ in range(rounds):
        if cond():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


async def test_home_screen_fills_in_without_blocking_keys(large_db, monkeypatch):
    # The whole comparison is held back until the test has pressed its keys: whatever the
    # machine's speed, the keys are pressed while it is being computed.
    release = threading.Event()
    original = Corpus.compare

    def held(self, theme, *args, background=False, **kwargs):
        if background:
            release.wait(60)
            return original(self, theme, *args, **kwargs)
        return original(self, theme, *args, **kwargs)
    monkeypatch.setattr(Corpus, "compare", held)
    # Distinctive words are not this test's (tests/test_compare.py and test_distinctive_cache
    # check them): over 8 MB they segment the passages with jieba in a thread for half a
    # minute, which the test's event loop then waits for when it closes;
    monkeypatch.setattr(Corpus, "add_distinctive", lambda self, comp, **kwargs: None)
    # nor the pinyin table the app builds in its helper for a later pinyin query (test_pinyin)
    monkeypatch.setattr(Corpus, "prepare_pinyin", lambda self: False)

    app = DuizhaoApp(db=large_db)
    async with app.run_test(size=(200, 50)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, CompareScreen)
                     and app.screen.comparison is not None)
        screen = app.screen
        first = screen.comparison
        assert not first.complete  # the busiest zones only
        assert len(first.zones) == CompareScreen.FIRST_ZONES
        await _until(pilot, lambda: len(screen.query(ZonePane)) > 1)
        # keys are answered while the whole comparison is computed
        pane = screen.current_pane()
        await pilot.press("l")
        assert screen.current_pane() is not pane
        synced = screen.synced
        await pilot.press("s")
        assert screen.synced is not synced
        assert screen.comparison is first and not release.is_set()
        release.set()
        await _until(pilot, lambda: screen.comparison is not first)
        whole = screen.comparison
        assert whole.complete and len(whole.zones) > len(first.zones)
        assert [z.zone for z in whole.zones][:len(first.zones)] == [z.zone for z in first.zones]
