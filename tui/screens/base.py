"""What every screen shares: waiting for the corpus, header and footer, help text."""

from __future__ import annotations

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
