"""Compare: d takes the selected passage out of the theme (in the corpus); every pane
follows, and `theme include` puts it back."""

from __future__ import annotations

from conftest import copy_db
from pilotkit import settle

from tui.app import DuizhaoApp


async def test_d_takes_the_passage_out_of_the_theme_and_back(samples_db, tmp_path):
    db = tmp_path / "d.db"
    copy_db(samples_db, db)
    app = DuizhaoApp(db=db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        passage = screen.current_passage()
        assert passage is not None and passage.matched  # what pulled it in is shown
        theme = screen.comparison.theme.name
        before = len(screen.comparison.passages())
        await pilot.press("d")
        await settle(app, pilot)
        for _ in range(100):  # the theme is compared again in a worker
            if len(screen.comparison.passages()) < before:
                break
            await pilot.pause(0.05)
        rows = screen.corpus.theme_exclusions(theme)
        assert [(r["doc_id"], r["para"]) for r in rows] == [(passage.doc_id, passage.para)]
        assert len(screen.comparison.passages()) == before - 1
        assert not any((p.doc_id, p.para) == (passage.doc_id, passage.para)
                       for p in screen.comparison.passages())
        assert screen.corpus.include_in_theme(theme, doc_id=passage.doc_id, para=passage.para)


async def test_n_lists_what_the_theme_misses_and_enter_adds_the_phrase(samples_db, tmp_path,
                                                                      monkeypatch):
    from index.words.themes import load_themes
    from tui.dialogs.theme_suggest import ThemeSuggestDialog

    user = tmp_path / "themes.toml"
    monkeypatch.setattr("index.words.userfile.user_themes_path", lambda: user)
    app = DuizhaoApp(db=samples_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        theme = app.screen.comparison.theme.name
        await pilot.press("n")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ThemeSuggestDialog) and dialog.found
        phrase = dialog.found[0].phrase
        await pilot.press("enter")
        await settle(app, pilot)
        assert phrase in load_themes([user])[theme].terms
