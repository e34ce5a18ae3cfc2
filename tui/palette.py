"""Command palette provider: every action of the current screen and the app, every theme
and every document (posting's context-aware palette is the model)."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui import actions


class DuizhaoCommands(Provider):
    async def startup(self) -> None:
        app = self.app
        self.items: list[tuple[str, str, object]] = []
        scope = getattr(self.screen, "SCOPE", "")  # the screen the palette was opened on
        for act in actions.ACTS:
            if not act.palette or act.scope not in ("app", scope):
                continue
            self.items.append((f"{act.description} ({act.scope})", act.help,
                               partial(self._run, act.action)))
        corpus = getattr(app, "corpus", None)
        if corpus is None:
            return
        from index.corpus import StoreError, ThemeError, load_themes

        try:  # off the event loop: the lexicon and the document list come from disk
            themes = await asyncio.to_thread(load_themes)
            docs = await asyncio.to_thread(corpus.docs)
        except (ThemeError, StoreError) as exc:
            self.app.notify(str(exc), severity="error")
            return
        for theme in themes.values():
            self.items.append((f"Compare theme {theme.name}", theme.gloss,
                               partial(self._compare, theme.name)))
        for d in docs:
            label = f"Read {d.short or d.zone} · {d.title or d.doc_id}"
            self.items.append((label, f"{d.year or ''} {d.doc_id}",
                               partial(app.open_reader, d.doc_id)))

    def _run(self, action: str) -> None:
        self.app.call_later(self.screen.run_action, action)

    def _compare(self, name: str) -> None:
        self.app.switch_mode("compare")
        show = getattr(self.app.screen, "show_theme", None)
        if show:
            show(name)

    async def discover(self) -> Hits:
        for label, help_text, callback in self.items:
            yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self.items:
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)
