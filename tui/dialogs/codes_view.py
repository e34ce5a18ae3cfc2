"""The codes view (F6): the codebook tree with counts, the code × zone / year / level
matrix, code co-occurrence, and a code's segments side by side by zone. i loads the shipped
policy-instrument codebook; m writes a memo on the selected code."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from index.text.normal import visible
from tui import actions
from tui.dialogs.code_picker import code_label
from tui.widgets.code_tables import CooccurrenceTable, MatrixTable, SegmentsByZone, matrix_note
from tui.widgets.lists import VimOptionList

GROUPINGS = ("zone", "year", "level", "zone-year")


class CodesView(ModalScreen):
    SCOPE = "codes"
    HELP = ("Your codes: the codebook tree with each code's segments; the code × zone (b: "
            "year, level, zone and year) matrix with segments and per-10k rates; pairs of "
            "codes on the same passage; a code's segments side by side by zone. Code passages "
            "with # in Compare, Search, KWIC or the Reader; A in Search codes every hit.")
    BINDINGS = actions.bindings("codes")
    DEFAULT_CSS = """
    CodesView { align: center middle; }
    CodesView > Vertical { width: 96%; height: 94%; border: round $accent;
                           background: $surface; padding: 0 1; }
    CodesView .dlg-title { text-style: bold; color: $accent; }
    CodesView .dlg-hint { color: $text-muted; }
    CodesView TabbedContent, CodesView TabPane { height: 1fr; }
    CodesView OptionList { height: 1fr; border: none; }
    CodesView DataTable { height: 1fr; }
    """

    def __init__(self, work):
        super().__init__()
        self.work = work
        self.by = "zone"
        self.codes: list = []
        self.matrix = None

    @property
    def corpus(self):
        return self.work.corpus

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Codes"), classes="dlg-title", id="codes-title")
            with TabbedContent(id="codes-tabs", initial="tab-codebook"):
                with TabPane("Codebook", id="tab-codebook"):
                    yield VimOptionList(id="codebook")
                with TabPane("Matrix", id="tab-matrix"):
                    yield Static("", id="matrix-note")
                    yield MatrixTable(id="matrix", cursor_type="row")
                with TabPane("Co-occurrence", id="tab-cooc"):
                    yield CooccurrenceTable(id="cooc", cursor_type="row")
                with TabPane("Segments by zone", id="tab-segments"):
                    yield SegmentsByZone(id="segments")
            yield Static(Text("Enter: a code's segments by zone · x: the matrix · o: "
                              "co-occurrence · b: matrix by zone/year/level · i: load the "
                              "policy-instrument codebook · m: memo on the code · Esc closes"),
                         classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#codebook", OptionList).focus()
        self.load()

    # -- data -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="codes-view")
    def load(self) -> None:
        codes = self.corpus.codes()
        matrix = self.corpus.code_matrix(self.by, set_name=self.work.active_set or None)
        cooc = self.corpus.code_cooccurrence(set_name=self.work.active_set or None)
        memos = {m.target for m in self.corpus.memos(kind="code")}
        self.app.call_from_thread(self.show, codes, matrix, cooc, memos)

    def show(self, codes, matrix, cooc, memos=frozenset()) -> None:
        self.codes, self.matrix = list(codes), matrix
        listing = self.query_one("#codebook", OptionList)
        at = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(code_label(c, memo=c.name in memos), id=c.name)
                             for c in self.codes])
        if not self.codes:
            listing.add_option(Option(Text("The codebook is empty: i loads the shipped "
                                           "policy-instrument codebook", style="dim"),
                                      disabled=True))
        elif at is not None:
            listing.highlighted = min(at, len(self.codes) - 1)
        else:
            listing.highlighted = 0
        segments = sum(c.count for c in self.codes)
        scope = f" · set {self.work.active_set}" if self.work.active_set else ""
        self.query_one("#codes-title", Static).update(Text(
            f"Codes: {len(self.codes)} code(s), {segments} coded segment(s){scope}"))
        colours = {c.name: c.colour for c in self.codes}
        self.query_one("#matrix", MatrixTable).show(matrix, colours)
        note = Text(f"code × {matrix.by} · ", style="bold")
        note.append_text(matrix_note(matrix))
        self.query_one("#matrix-note", Static).update(note)
        self.query_one("#cooc", CooccurrenceTable).show(cooc)

    def current_code(self) -> str | None:
        listing = self.query_one("#codebook", OptionList)
        i = listing.highlighted
        return self.codes[i].name if i is not None and i < len(self.codes) else None

    # -- actions ----------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#codebook")
    def action_segments(self) -> None:
        name = self.current_code()
        if name is not None:
            self.query_one("#codes-tabs", TabbedContent).active = "tab-segments"
            self.load_segments(name)

    @work(thread=True, exclusive=True, group="codes-segments")
    def load_segments(self, name: str) -> None:
        segs = self.corpus.coded(name, set_name=self.work.active_set or None)
        self.app.call_from_thread(self.query_one("#segments", SegmentsByZone).show, name, segs)

    def action_matrix(self) -> None:
        self.query_one("#codes-tabs", TabbedContent).active = "tab-matrix"
        self.query_one("#matrix", MatrixTable).focus()

    def action_cooccurrence(self) -> None:
        self.query_one("#codes-tabs", TabbedContent).active = "tab-cooc"
        self.query_one("#cooc", CooccurrenceTable).focus()

    def action_codebook(self) -> None:
        self.query_one("#codes-tabs", TabbedContent).active = "tab-codebook"
        self.query_one("#codebook", OptionList).focus()

    def action_by(self) -> None:
        self.by = GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)]
        self.action_matrix()
        self.load()

    def action_import(self) -> None:
        self.import_codebook("policy-instruments")

    @work(thread=True, exclusive=True, group="codes-import")
    def import_codebook(self, name: str) -> None:
        from index.corpus import StoreError, WorkflowError

        try:
            report = self.corpus.codes_import(name)
        except (StoreError, WorkflowError) as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify, f"Loaded the {name} codebook: {len(report.added)} code(s) added, "
            f"{len(report.updated)} updated", timeout=6)
        self.work.refresh()
        self.load()

    def action_memo(self) -> None:
        name = self.current_code()
        if name is not None:
            self.work.memo_on("code", name, f"the code {visible(name)}", after=self.load)

    def action_close(self) -> None:
        self.dismiss()
