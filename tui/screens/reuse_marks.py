"""Reuse badges on the passages a screen shows (Compare panes, Search results) and the key
that lists a passage's family (a mixin for those screens).

A screen calls request_badges(paragraph ids) when it shows new passages; a worker reads
their stored reuse pairs (index/reuse; nothing is computed here) and posts ReuseFound; the
handler keeps them in `reuse_badges` and calls the screen's badges_changed() to redraw.
"""

from __future__ import annotations

from textual import work

from tui.dialogs.reuse_family import ReuseFamilyDialog
from tui.messages import OpenInReader, ReuseFound


class ReuseMarks:
    """Mixin for a CorpusScreen: reuse_badges {para id: pairs} and action_reuse_family."""

    _badges: dict | None = None

    @property
    def reuse_badges(self) -> dict:
        if self._badges is None:
            self._badges = {}
        return self._badges

    def request_badges(self, para_ids) -> None:
        ids = sorted(set(para_ids))
        self._badge_ids = ids  # asked again by refresh_badges
        if ids and self.corpus is not None:
            self.load_badges(ids)

    def refresh_badges(self) -> None:
        """The stored reuse pairs changed: the badges of the paragraphs last asked for."""
        ids = getattr(self, "_badge_ids", None)
        if ids and self.corpus is not None:
            self.load_badges(ids)

    @work(thread=True, exclusive=True, group="reuse-badges")
    def load_badges(self, ids: list[int]) -> None:
        from index.corpus import StoreError

        try:
            found = self.corpus.reuse_of(ids)
        except StoreError:
            return  # badges are an extra: the screen's own work reports database trouble
        self.post_message(ReuseFound(found))

    def on_reuse_found(self, message: ReuseFound) -> None:
        self.reuse_badges.clear()
        self.reuse_badges.update(message.found)
        self.badges_changed()

    def badges_changed(self) -> None:  # the screen redraws what shows badges
        pass

    def current_para_id(self) -> int | None:  # the screen's current passage
        return None

    def action_reuse_family(self) -> None:
        pid = self.current_para_id()
        if pid is None:
            return
        if pid not in self.reuse_badges:
            self.notify("No reuse found for this passage (main.py reuse computes it for "
                        "new documents)", timeout=4)
            return
        self.app.push_screen(ReuseFamilyDialog(pid), self._family_chosen)

    def _family_chosen(self, chosen) -> None:
        if chosen:
            doc_id, para = chosen
            self.post_message(OpenInReader(doc_id, para))
