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
                   limit: int = 0, **about) -> None:
        """Ask for format and path (tui/dialogs/export_dialog.py), then write data there
        (data, or a function computing it, called in the worker) and its provenance beside
        it (Corpus.export_file); limit: passages per zone of a comparison, 0 for all;
        about: query= or theme=, filters= for the provenance."""
        from tui.dialogs.export_dialog import ExportDialog

        def chosen(answer) -> None:
            if answer is not None:
                fmt, path = answer
                self.write_export(data, fmt, path, limit, about)

        self.app.push_screen(ExportDialog(what, stem, formats), chosen)

    @work(thread=True, exclusive=True, group="export")
    def write_export(self, data, fmt: str, path, limit: int = 0, about=None) -> None:
        try:
            if callable(data):  # computed now, in this worker (e.g. every line of a query)
                data = data()
            path.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "qdpx":  # the whole REFI-QDA project, not the data on screen
                self.corpus.export_qdpx(path)
            else:  # html: the hand-over page, with codes and memos when there are any
                command = ["duizhao", "app", self.SCOPE, "export"]
                self.corpus.export_file(path, data, fmt, limit, command=command,
                                        **(about or {}))
        except (OSError, ValueError) as exc:  # ExportError, OutputRefused are ValueErrors
            self.app.call_from_thread(self.notify, f"cannot write {path}: {exc}",
                                      severity="error", timeout=10)
            return
        self.app.call_from_thread(self.notify, f"Exported to {path}", timeout=8)
