"""The duizhao app: Compare (home), Search, Reader and Library, one key each (F2–F5)."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import App

from index.corpus import Corpus
from tui import actions
from tui.messages import CorpusFailed, CorpusReady, OpenInReader
from tui.memory import settle_memory
from tui.screens.base import CorpusScreen


def _screen(module: str, name: str, app: App):
    """Screens are imported when first shown, so start-up loads only the home screen."""
    import importlib

    screen = getattr(importlib.import_module(f"tui.screens.{module}"), name)()
    if any(app._screen_stacks.values()):
        # Once a first screen is up, the stylesheet is parsed and a new screen counts as
        # styled with it: its widgets get their styles as they mount. Otherwise Textual
        # restyles every widget of every screen when a mode's screen is first shown (twice):
        # half a second with Compare's panes full.
        screen._css_update_count = app._css_update_count
    return screen


class DuizhaoApp(App):
    TITLE = "对照 duizhao"
    CSS_PATH = "app.tcss"
    BINDINGS = actions.bindings("app")
    DEFAULT_MODE = "compare"
    SCREENS_BY_MODE = {"compare": ("compare", "CompareScreen"),
                       "search": ("search", "SearchScreen"),
                       "reader": ("reader", "ReaderScreen"),
                       "library": ("library", "LibraryScreen")}

    def __init__(self, db: str | Path | None = None, *, theme_name: str = "产城融合",
                 keymap_file: Path | None = None, cursor_blink: bool = True):
        self.MODES = {mode: (lambda where=where: _screen(*where, self))
                      for mode, where in self.SCREENS_BY_MODE.items()}
        super().__init__()
        self.cursor_blink = cursor_blink  # off for snapshots
        self.db_arg = db
        self.corpus: Corpus | None = None
        self.start_theme = theme_name
        self.keymap_file = keymap_file
        from tui.palette import DuizhaoCommands

        self.COMMANDS = App.COMMANDS | {DuizhaoCommands}

    def on_mount(self) -> None:
        keymap, problems = actions.load_keymap(self.keymap_file)
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, title="keymap", severity="warning", timeout=8)
        self.prepare_corpus()

    def on_descendant_focus(self, event) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # -- corpus ------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="corpus")
    def prepare_corpus(self) -> None:
        """Open the database (building the samples into the default one the first time)."""
        from index.store.connection import StoreError

        Corpus.start_helper()  # Compare's work runs there; it boots while the database opens
        try:
            corpus = Corpus.open(self.db_arg)
            path = corpus.path
            n = len(corpus.docs())
        except StoreError as exc:
            self.post_message(CorpusFailed(str(exc)))
            return
        except Exception as exc:  # never a traceback on screen
            self.post_message(CorpusFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.corpus = corpus
        self.post_message(CorpusReady(str(path), n))
        try:
            corpus.warm_up()  # the first keystroke on Search as quick as the others
            corpus.prepare_pinyin()  # built in the helper process: no stall here
            # reuse badges: a small backlog is computed now (helper process), a large one
            # waits for `main.py reuse`
            corpus.reuse_update(separate_process=True, max_paragraphs=20_000)
        except Exception:
            pass  # a real search reports what is wrong
        settle_memory()

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.sub_title = f"{message.documents} documents · {Path(message.path).name}"
        for screen in self._installed_and_mode_screens():
            if isinstance(screen, CorpusScreen) and screen.is_mounted:
                screen.corpus_ready()

    def corpus_changed(self) -> None:
        """Documents were added or edited: every open screen reloads what it shows."""
        for screen in self._installed_and_mode_screens():
            if isinstance(screen, CorpusScreen) and screen.is_mounted and screen is not self.screen:
                screen.corpus_ready()

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        self.notify(message.reason, title="database", severity="error", timeout=30)

    def _installed_and_mode_screens(self):
        seen = []
        for stack in self._screen_stacks.values():
            for screen in stack:
                if screen not in seen:
                    seen.append(screen)
        return seen

    # -- navigation --------------------------------------------------------------------
    def on_open_in_reader(self, message: OpenInReader) -> None:
        self.open_reader(message.doc_id, message.seq, message.terms)

    def open_reader(self, doc_id: str, seq: int = 1, terms: tuple[str, ...] = ()) -> None:
        self.switch_mode("reader")
        from tui.screens.reader import ReaderScreen

        screen = self.screen
        if isinstance(screen, ReaderScreen):
            screen.show(doc_id, seq, terms)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def copy_passage(self, text: str) -> None:
        self.copy_to_clipboard(text)
        self.notify("Copied the passage with its citation", timeout=3)
