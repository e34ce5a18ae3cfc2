"""The duizhao app: Compare (home), Search, Reader and Library, one key each (F2–F5).

The database is watched: a failed start (locked, missing) is retried every WATCH_SECONDS,
when the terminal regains focus and on ctrl+l; once open, a change of its data generation
(another process indexed) reloads every screen and the header. Quitting never waits for a
worker: workers run in daemon threads (DaemonThreads) and a cancelled search stops its SQL
(main.py also stops the helper process once the app has returned).
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from textual import work
from textual.app import App

from index.corpus import Corpus
from tui import actions
from tui.memory import settle_if_held, settle_memory
from tui.messages import CorpusFailed, CorpusReady, DataChanged, OpenInReader, ReuseUpdated
from tui.screens.base import CorpusScreen


def _screen(module: str, name: str, app: App):
    """Screens are imported when first shown, so start-up loads only the home screen."""
    import importlib

    screen = getattr(importlib.import_module(f"tui.screens.{module}"), name)()
    app.mode_screens.append(screen)
    if app.screen_stack:
        # Once a first screen is up, Textual restyles every widget of every screen twice
        # when a mode's screen is first shown: once before it is current, once after (a
        # fifth of a second of CPU with Compare's panes full). The first is left out
        # (DuizhaoApp.refresh_css); the second styles the new screen and marks it styled.
        app.new_mode_screen = True
    return screen


WATCH_SECONDS = 2.0  # how often the database is looked at (one small read)
HOME_WAIT_SECONDS = 10.0  # start-up's warm-up waits this long at most for the home screen


class DaemonThreads(ThreadPoolExecutor):
    """The executor of the app's thread workers: one daemon thread per job.

    asyncio's default executor is joined when the event loop closes, and its threads at
    interpreter exit, so a worker still inside a long call held Ctrl-Q for minutes. Textual
    cancels every worker on exit (a search stops its SQL at once, index/search/budget.py);
    whatever else is still running is not waited for."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)  # its attributes; its own pool is never started

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 — the worker's error, whatever it is, goes to its future
                future.set_exception(exc)

        threading.Thread(target=run, daemon=True, name="duizhao-worker").start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to join: the threads are daemons (asyncio requires a ThreadPoolExecutor)."""


class DuizhaoApp(App):
    TITLE = "对照 duizhao"
    CSS_PATH = "app.tcss"
    BINDINGS = actions.bindings("app")
    DEFAULT_MODE = "compare"
    SCREENS_BY_MODE = {"compare": ("compare", "CompareScreen"),
                       "search": ("search", "SearchScreen"),
                       "reader": ("reader", "ReaderScreen"),
                       "library": ("library", "LibraryScreen")}

    def __init__(self, db: str | Path | None = None, *, theme_name: str | None = None,
                 keymap_file: Path | None = None, cursor_blink: bool = True,
                 remember: bool = False):
        self.MODES = {mode: (lambda where=where: _screen(*where, self))
                      for mode, where in self.SCREENS_BY_MODE.items()}
        super().__init__()
        self.cursor_blink = cursor_blink  # off for snapshots
        self.db_arg = db
        self.corpus: Corpus | None = None
        self.corpus_error = ""  # why the database could not be opened ("" = it is open)
        self._opening = False  # prepare_corpus is running
        self._generation: tuple = ()  # of the data every screen shows
        self._seen: tuple = ()  # at the last look (a change is applied once it holds)
        self._home_shown = threading.Event()  # Compare's first comparison is drawn
        self.theme_given = theme_name  # None: where the user left it (tui/session.py)
        self.start_theme = theme_name or "产城融合"
        self.session: dict = {}  # Corpus.app_state() read at start, applied once
        self.remember = remember  # reopen where left, save on quit (main.py's app: True)
        from tui.workbench import Workbench

        self.work = Workbench(self)  # codes, memos, sets on the passages views show
        self.keymap_file = keymap_file
        self.user_keymap: dict[str, str] = {}  # the keymap file's bindings (set_keymap)
        self.mode_screens: list = []  # each mode's screen, once made (_screen)
        from tui.palette import DuizhaoCommands

        self.COMMANDS = App.COMMANDS | {DuizhaoCommands}

    new_mode_screen = False  # a mode's screen was just made: see _screen()

    def refresh_css(self, animate: bool = True) -> None:
        if self.new_mode_screen:  # switch_mode refreshes again once the screen is current
            self.new_mode_screen = False
            return
        super().refresh_css(animate)

    def on_mount(self) -> None:
        keymap, problems = actions.load_keymap(self.keymap_file)
        self.user_keymap = keymap  # binding id -> keys, as the help screen shows them
        if keymap:
            self.set_keymap(keymap)
        for problem in problems:
            self.notify(problem, title="keymap", severity="warning", timeout=8)
        self.open_corpus()
        self.set_interval(WATCH_SECONDS, self.watch_corpus, name="watch corpus")
        # main.py holds garbage collection until the first comparison is drawn: at the
        # latest now + HOME_WAIT_SECONDS it goes on (no database, a failing comparison)
        self.set_timer(HOME_WAIT_SECONDS, settle_if_held, name="settle memory")

    def run(self, **kwargs):
        """Run on an event loop whose thread workers never hold up quitting."""
        if kwargs.get("loop") is not None:
            return super().run(**kwargs)
        loop = asyncio.new_event_loop()
        loop.set_default_executor(DaemonThreads())
        try:
            return super().run(loop=loop, **kwargs)
        finally:
            loop.close()

    def on_descendant_focus(self, event) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # -- corpus ------------------------------------------------------------------------
    def open_corpus(self, quiet: bool = False) -> None:
        if not self._opening:
            self._opening = True
            self.prepare_corpus(quiet)

    @work(thread=True, exclusive=True, group="corpus")
    def prepare_corpus(self, quiet: bool = False) -> None:
        """Open the database (building the samples into the default one the first time)."""
        from index.corpus import StoreError

        try:
            corpus = Corpus.open(self.db_arg)
            path = corpus.path
            n = len(corpus.docs())
            corpus.themes()
            lexicon_warning = corpus.lexicon_warning()  # a broken themes.toml: named below
            gen = corpus.generation()
            small = corpus.small()
            self.session = corpus.app_state() if self.remember else {}
        except StoreError as exc:
            self.post_message(CorpusFailed(str(exc), quiet))
            return
        except Exception as exc:  # noqa: BLE001 — never a traceback on screen
            self.post_message(CorpusFailed(f"{type(exc).__name__}: {exc}", quiet))
            return
        self.corpus = corpus
        self.post_message(CorpusReady(str(path), n, gen))
        if lexicon_warning:  # the shipped themes are used meanwhile: not a database error
            self.call_from_thread(self.notify, lexicon_warning, title="themes.toml",
                                  severity="warning", timeout=30, markup=False)
        # Compare's work runs in the helper process, but a small corpus is compared here
        # (Corpus.small): then the helper's start (a spawn, its imports) waits until the
        # first comparison is on screen, or until distinctive words ask for it.
        if not small:
            Corpus.start_helper()
        # The warm-up below would hold the interpreter lock and the helper process while
        # the home screen computes and draws its first comparison: it waits for that.
        self._home_shown.wait(HOME_WAIT_SECONDS)
        try:
            corpus.warm_up()  # the first keystroke on Search as quick as the others
            corpus.prepare_pinyin()  # built in the helper process: no stall here
            # reuse badges: a small backlog is computed now (helper process), a large one
            # waits for `main.py reuse`
            done = corpus.reuse_update(separate_process=True, max_paragraphs=20_000)
            if done is not None and done.changed:  # new pairs: badges asked before are stale
                self.post_message(ReuseUpdated())
        except Exception:  # noqa: BLE001 — a real search reports what is wrong
            pass
        settle_memory()

    async def on_corpus_ready(self, message: CorpusReady) -> None:
        self._opening = False
        self.corpus_error = ""
        self._generation = self._seen = message.generation
        self.sub_title = f"{message.documents} documents · {Path(message.path).name}"
        state, self.session = self.session, {}
        from tui import session

        session.before_screens(self, state)
        for screen in self._installed_and_mode_screens():
            if isinstance(screen, CorpusScreen) and screen.is_mounted:
                screen.corpus_ready()
        self.work.refresh()
        if state:
            await session.after_screens(self, state)

    def home_shown(self) -> None:
        """The home screen's first comparison is on screen (or due elsewhere): start-up's
        warm-up (search, pinyin, reuse badges) goes on."""
        self._home_shown.set()

    def on_reuse_updated(self, message: ReuseUpdated) -> None:
        """Reuse pairs were computed (they change no document, so no data generation):
        screens showing badges ask for them again."""
        for screen in self._installed_and_mode_screens():
            if screen.is_mounted and hasattr(screen, "refresh_badges"):
                screen.refresh_badges()

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        self._opening = False
        first = not self.corpus_error
        self.corpus_error = message.reason
        self.sub_title = "no database: retrying every few seconds (ctrl+l: now)"
        if first or not message.quiet:
            self.notify(message.reason, title="database", severity="error", timeout=30,
                        markup=False)

    def corpus_changed(self) -> None:
        """Documents were added or edited here: every other open screen reloads what it
        shows (the current one has), and the header counts again."""
        if self.corpus is not None:
            self.check_data(skip=self.screen, now=True)

    def watch_corpus(self) -> None:
        """Every WATCH_SECONDS: retry a failed start, or look for new data."""
        if self.corpus is None:
            if self.corpus_error:
                self.open_corpus(quiet=True)
        else:
            self.check_data()

    def on_app_focus(self) -> None:
        self.watch_corpus()

    def action_reload(self) -> None:
        if self.corpus is None:
            self.notify("Opening the database again…", title="database", timeout=3)
            self.open_corpus()
        else:
            self.check_data(now=True)

    @work(thread=True, exclusive=True, group="watch")
    def check_data(self, skip=None, now: bool = False) -> None:
        """Post DataChanged when the data generation differs from the one shown; unless
        `now`, only once the new one held for a look (not while a long indexing run writes)."""
        corpus = self.corpus
        try:
            gen = corpus.generation()
            if gen == self._generation or (not now and gen != self._seen):
                self._seen = gen
                return
            n = len(corpus.docs())
        except Exception:  # noqa: BLE001 — a locked or busy moment: the next look tries again
            return
        self._seen = gen
        self.post_message(DataChanged(n, gen, skip))

    def on_data_changed(self, message: DataChanged) -> None:
        self._generation = message.generation
        self.sub_title = f"{message.documents} documents · {self.corpus.path.name}"
        for screen in self._installed_and_mode_screens():
            if (isinstance(screen, CorpusScreen) and screen.is_mounted
                    and screen is not message.skip):
                screen.data_changed()

    def _installed_and_mode_screens(self):
        """The screens of the modes shown so far (Compare, Search, Reader, Library)."""
        return list(self.mode_screens)

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

    async def action_quit(self) -> None:
        """Quit, keeping where the user was (tui/session.py) for the next start."""
        from tui import session

        if self.remember:
            session.save(self)
        await super().action_quit()

    # -- the researcher's work (tui/workbench.py) ---------------------------------------
    def action_code(self) -> None:
        self.work.code_passage()

    def action_memo(self) -> None:
        self.work.memo()

    def action_codes(self) -> None:
        self.work.codes_view()

    def action_memos(self) -> None:
        self.work.memos_view()

    def action_pick_set(self) -> None:
        self.work.pick_set()

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def copy_passage(self, text: str) -> None:
        self.copy_to_clipboard(text)
        self.notify("Copied the passage with its citation", timeout=3)
