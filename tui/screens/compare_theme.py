"""Compare's corrections of a lexicon theme: take the selected passage out of it (d), or
grow it from the paragraphs it misses (n, tui/dialogs/theme_suggest.py). Both go through the
corpus (exclusions and the user's themes.toml) and compare the theme again."""

from __future__ import annotations


class ThemeEdits:
    """Mixed into CompareScreen (its comparison, corpus, run_compare and _compared)."""

    def action_exclude_passage(self) -> None:
        """Take the selected passage out of the lexicon theme in this corpus, then compare
        the theme again: every pane, figure and export follows (`main.py theme include`
        puts it back)."""
        p = self.current_passage()
        comp = self.comparison
        if p is None or comp is None or comp.adhoc:
            self.app.notify("select a passage of a lexicon theme first", severity="warning")
            return
        name = comp.theme.name
        try:
            self.corpus.exclude_from_theme(name, doc_id=p.doc_id, para=p.para)
            self.app.notify(f"¶{p.para} taken out of {name} (main.py theme include "
                            f"{name} --doc {p.doc_id} --para {p.para} puts it back)")
        except ValueError as exc:
            self.app.notify(str(exc), severity="error")
            return
        self._compared = {k: v for k, v in self._compared.items() if k[0] != name}
        self.run_compare(name)

    def action_grow_theme(self) -> None:
        """Suggestions for the theme (tui/dialogs/theme_suggest.py); an accepted phrase
        goes into the user's themes.toml and the theme is compared again."""
        from tui.dialogs.theme_suggest import ThemeSuggestDialog

        comp = self.comparison
        if comp is None or comp.adhoc:
            self.app.notify("compare a lexicon theme first", severity="warning")
            return
        name = comp.theme.name

        def accepted(phrase) -> None:
            if not phrase:
                return
            try:
                path = self.corpus.accept_phrase(name, phrase)
            except ValueError as exc:
                self.app.notify(str(exc), severity="error")
                return
            self.app.notify(f"“{phrase}” added to {name} in {path}")
            self._compared = {k: v for k, v in self._compared.items() if k[0] != name}
            self.run_compare(name)
        self.app.push_screen(ThemeSuggestDialog(name), accepted)
