"""The review list before a query's hits are coded: every paragraph the query finds, ticked;
untick what should not carry the code, then apply. Paragraphs that carry the code already
are listed unticked and marked. Returns (code, [(doc_id, para)]) or None.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from index.text.normal import visible
from tui.dialogs.base import DIALOG_CSS


def hit_label(hit, already: bool) -> Text:
    t = Text(visible(hit.short or hit.zone), style="bold cyan")
    t.append(f" ¶{hit.para} ", style="dim")
    if already:
        t.append("(coded already) ", style="green")
    text = visible(hit.text.replace("\n", " "))
    t.append(text[:60] + ("…" if len(text) > 60 else ""))
    return t


class CodeReview(ModalScreen):
    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s,A", "apply", "Apply"),
                Binding("n", "none", "None", show=False),
                Binding("a", "all", "All", show=False)]
    DEFAULT_CSS = DIALOG_CSS.format(name="CodeReview") + """
    CodeReview SelectionList { height: auto; max-height: 24; border: none; }
    """

    def __init__(self, code: str, query: str, rows):
        super().__init__()
        self.code, self.query_text, self.rows = code, query, list(rows)

    def compose(self) -> ComposeResult:
        new = sum(1 for _, already in self.rows if not already)
        with Vertical():
            yield Static(Text(f"Code {self.code}: {len(self.rows)} paragraph(s) found by "
                              f"{self.query_text} ({len(self.rows) - new} coded already)"),
                         classes="dlg-title")
            yield SelectionList(*(Selection(hit_label(h, already), i, not already)
                                  for i, (h, already) in enumerate(self.rows)),
                                id="review-list")
            yield Static("", id="review-count", classes="dlg-hint")
            yield Static(Text("Space/Enter ticks or unticks · a all · n none · "
                              "ctrl+s or A codes the ticked ones · Esc cancels"),
                         classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#review-list", SelectionList).focus()
        self._count()

    def on_selection_list_selected_changed(self) -> None:
        self._count()

    def _count(self) -> None:
        n = len(self.query_one("#review-list", SelectionList).selected)
        self.query_one("#review-count", Static).update(Text(f"{n} ticked"))

    def action_all(self) -> None:
        self.query_one("#review-list", SelectionList).select_all()

    def action_none(self) -> None:
        self.query_one("#review-list", SelectionList).deselect_all()

    def action_apply(self) -> None:
        chosen = sorted(self.query_one("#review-list", SelectionList).selected)
        places = [(self.rows[i][0].doc_id, self.rows[i][0].para) for i in chosen]
        self.dismiss((self.code, places) if places else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
