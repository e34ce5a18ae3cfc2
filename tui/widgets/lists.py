"""Lists with vim-style keys (j/k/g/G) from the action registry: a ListView, a DataTable
with a row cursor and an OptionList, each with the same keys (actions.list_bindings)."""

from __future__ import annotations

from textual.widgets import DataTable, ListView, OptionList

from tui import actions


class VimListView(ListView):
    BINDINGS = actions.list_bindings()

    def action_first(self) -> None:
        if len(self):
            self.index = 0

    def action_last(self) -> None:
        if len(self):
            self.index = len(self) - 1


class VimDataTable(DataTable):
    """A row-cursor table with j/k/g/G from the action registry."""

    BINDINGS = actions.list_bindings()

    def action_first(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)


class VimOptionList(OptionList):
    """An OptionList with j/k/g/G from the action registry."""

    BINDINGS = actions.list_bindings()
