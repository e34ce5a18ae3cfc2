"""What every screen shares: waiting for the corpus, header and footer, help text."""

from __future__ import annotations

from textual import work
from textual.screen import Screen


class CorpusScreen(Screen):
    HELP = ""  # shown at the top of the help screen for this screen
    SCOPE = ""  # action registry scope of this screen

    def on_mount(self) -> None:
        if self.app.corpus is not None:  # otherwise the app calls corpus_ready() when it is
            self.corpus_ready()

    def corpus_ready(self) -> None:
        """Called once the corpus can be queried (at mount, or when it becomes ready)."""

    def data_changed(self) -> None:
        """The database's contents changed (another process indexed, or this app did):
        show them. By default what corpus_ready() does."""
        self.corpus_ready()

    @property
    def corpus(self):
        return self.app.corpus

    # -- export (Compare, Search) --------------------------------------------------------
    def ask_export(self, data, what: str, stem: str, formats: list[str],
                   limit: int = 0) -> None:
        """Ask for format and path (tui/dialogs/export_dialog.py), then write data there
        (data, or a function computing it, called in the worker); limit: passages per zone
        of a comparison, 0 for all."""
        from tui.dialogs.export_dialog import ExportDialog

        def chosen(answer) -> None:
            if answer is not None:
                fmt, path = answer
                self.write_export(data, fmt, path, limit)

        self.app.push_screen(ExportDialog(what, stem, formats), chosen)

    @work(thread=True, exclusive=True, group="export")
    def write_export(self, data, fmt: str, path, limit: int = 0) -> None:
        from index.export import ExportError
        from index.store.connection import StoreError

        try:
            if callable(data):  # computed now, in this worker (e.g. every line of a query)
                data = data()
            if fmt == "qdpx":  # the whole project, not the data on screen
                path.parent.mkdir(parents=True, exist_ok=True)
                self.corpus.export_qdpx(path)
                self.app.call_from_thread(self.notify, f"Exported to {path}", timeout=8)
                return
            if fmt == "html":  # the hand-over page: with codes and memos when there are
                text = self.corpus.report_page(data, limit)
            else:
                text = self.corpus.export(data, fmt, limit)
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except (OSError, ExportError, StoreError, ValueError) as exc:
            self.app.call_from_thread(self.notify, f"cannot write {path}: {exc}",
                                      severity="error", timeout=10)
            return
        self.app.call_from_thread(self.notify, f"Exported to {path}", timeout=8)
