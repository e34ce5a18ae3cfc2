"""Compare's views of time: panes grouped by year (b cycles the grouping), the current
theme's trend (y) and its first-use timeline (f)."""

from __future__ import annotations


class TimeActions:
    """Mixed into CompareScreen: opens the time dialogs on the theme being compared."""

    def _current_theme(self):
        comp = getattr(self, "comparison", None)
        return comp.theme if comp is not None else (getattr(self, "key", "") or None)

    def action_group_by(self) -> None:
        from index.corpus import GROUPINGS as BY

        self.by = BY[(BY.index(self.by) + 1) % len(BY)]
        self.pinned, self.hidden, self.order = [], set(), []  # panes of another grouping
        # the status line says the grouping once the comparison is in
        self.show_theme(self.key)

    def action_trend(self) -> None:
        from tui.dialogs.trend_view import TrendView

        theme = self._current_theme()
        if theme is not None and self.corpus is not None:
            self.app.push_screen(TrendView(self.corpus, theme))

    def action_first_use(self) -> None:
        from tui.dialogs.first_use_view import FirstUseView

        theme = self._current_theme()
        if theme is not None and self.corpus is not None:
            self.app.push_screen(FirstUseView(self.corpus, theme))
