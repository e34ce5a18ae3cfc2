"""The reference for the app's first paint: an empty Textual app, started the same way
(the venv's interpreter, a script path), showing one marker string."""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "duizhao-bench-empty-app"


class Empty(App):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    Empty().run()
