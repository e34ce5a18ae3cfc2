"""F1 / ?: the keys and help for the screen you came from, from the action registry."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import actions

SCREEN_NAMES = {"compare": "Compare", "search": "Search", "reader": "Reader",
                "library": "Library", "words": "Words", "codes": "Codes"}


def effective_key(app, act: actions.Act) -> str:
    """The key(s) for an action after the user's keymap, as shown to people."""
    keys = getattr(app, "user_keymap", {}).get(act.id, act.key)
    return " / ".join(app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1,q,question_mark", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help { width: 90%; max-width: 110; height: 90%; border: round $accent;
            background: $surface; padding: 0 1; }
    """

    def __init__(self, origin):
        super().__init__()
        self.origin = origin

    def compose(self) -> ComposeResult:
        scope = getattr(self.origin, "SCOPE", "")
        with VerticalScroll(id="help"):
            title = SCREEN_NAMES.get(scope, "duizhao")
            yield Static(Text(f"对照 duizhao — {title}", style="bold"))
            if getattr(self.origin, "HELP", ""):
                yield Static(Text(self.origin.HELP), classes="intro")
            for heading, group in ((f"{title} keys", scope), ("Everywhere", "app"),
                                   ("In lists", "list")):
                if not actions.acts(group):
                    continue
                table = Table(title=heading, title_justify="left", show_header=False,
                              box=None, expand=True, padding=(0, 1))
                table.add_column("key", style="bold cyan", no_wrap=True, width=16)
                table.add_column("action", style="bold", no_wrap=True, width=14)
                table.add_column("what it does", ratio=1)
                for act in actions.acts(group):
                    table.add_row(effective_key(self.app, act), act.description, act.help)
                yield Static(table)
            yield Static(Text(f"Remap keys in {actions.keymap_path()} "
                              '(e.g. "search.kwic" = "f6"); action ids are scope.name.',
                              style="dim"))
