"""Lists with vim-style keys (j/k/g/G) from the action registry."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import ListView

from tui import actions

_LIST_ACTIONS = {"down": "cursor_down", "up": "cursor_up", "top": "first", "bottom": "last"}


class VimListView(ListView):
    BINDINGS = [Binding(a.key, _LIST_ACTIONS[a.name], a.description, show=False, id=a.id)
                for a in actions.acts("list")]

    def action_first(self) -> None:
        if len(self):
            self.index = 0

    def action_last(self) -> None:
        if len(self):
            self.index = len(self) - 1
