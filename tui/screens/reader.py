"""Reader: one document (or two side by side) with its outline.

Layout: the outline (a Tree of the document's sections) on the left, hidden below 100
columns unless `o` calls it up; the document on the right (``DocView``, a virtual view that
renders only what is on screen — see tui/widgets/doc_view.py for how huge documents stay
fast); a status line; the find box (`/`) at the bottom.

Split (`v`): a second document beside the first, each with its own current paragraph, kept
at the matching section (tui/screens/reader_split.py). Find (`/`): tui/screens/reader_find.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Header, Input, OptionList, Static, Tree
from textual.widgets.option_list import Option

from index.text.normal import visible
from tui import actions
from tui.citation import cite
from tui.dialogs.doc_picker import DocPicker, doc_label
from tui.render import clip_right
from tui.screens.base import CorpusScreen
from tui.screens.reader_find import FindInDocument, ReaderPlace
from tui.screens.reader_split import SectionIndex, SplitView
from tui.widgets.doc_blocks import hit_indices
from tui.widgets.doc_pane import DocPane
from tui.widgets.doc_view import DocView
from tui.widgets.footer import KeyFooter
from tui.widgets.lists import VimOptionList
from tui.widgets.outline import Outline

SLOTS = ("left", "right")
WIDE = 100  # columns from which the outline is shown all the time


# -- messages ------------------------------------------------------------------------------
@dataclass
class DocLoaded(Message):
    slot: str
    doc: object | None
    seq: int
    terms: tuple[str, ...]
    hits: list[int]
    error: str = ""
    focus: bool = True


@dataclass
class DocsListed(Message):
    docs: list
    error: str = ""


class ReaderScreen(ReaderPlace, FindInDocument, SplitView, CorpusScreen):
    SCOPE = "reader"
    HELP = ("Read a document with its outline. up/down or j/k move the current paragraph, "
            "g/G go to the top/bottom, o jumps to a section, / finds words in the document "
            "and n/N go from hit to hit. v opens a second document beside this one: moving in "
            "one makes the other follow to the matching section (same numbering such as "
            "二、(三), else the most similar title); Tab or w switches between them. c copies "
            "the current paragraph with its citation.")
    BINDINGS = actions.bindings("reader") + [
        Binding("escape", "escape", "Back", show=False),
    ]

    DEFAULT_CSS = """
    ReaderScreen #reader-body { height: 1fr; }
    ReaderScreen #reader-outlines { width: 28; height: 1fr; }
    ReaderScreen #reader-outlines.-hidden { display: none; }
    ReaderScreen Outline { width: 100%; }
    ReaderScreen #reader-main { width: 1fr; height: 1fr; }
    ReaderScreen #reader-panes { height: 1fr; }
    ReaderScreen #pane-right { border-left: vkey $panel-lighten-2; }
    ReaderScreen #reader-empty { height: 1fr; padding: 1 2; }
    ReaderScreen #reader-empty OptionList { height: 1fr; border: none; }
    ReaderScreen #reader-status { height: 1; background: $panel; color: $text; padding: 0 1; }
    ReaderScreen #reader-find { height: 1; border: none; padding: 0 1; background: $boost; }
    ReaderScreen #reader-find:focus { border: none; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._ui_ready = False
        self._request: tuple[str, int, tuple[str, ...]] | None = None
        self.active = "left"
        self.split_open = False
        self.outline_summoned = False  # shown by `o` although the screen is narrow
        self.indexes: dict[str, SectionIndex] = {}
        self._listing = False
        self._loading = False

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="reader-body"):
            with Vertical(id="reader-outlines"):
                yield Outline(id="outline-left")
                yield Outline(id="outline-right")
            with Vertical(id="reader-main"):
                with Vertical(id="reader-empty"):
                    yield Static(Text.assemble(
                        ("No document open. ", "bold"),
                        "Choose one below (Enter), press ctrl+o for the picker, or open a hit "
                        "from Search (F3) or Compare (F2)."))
                    yield VimOptionList(id="reader-docs")
                with Horizontal(id="reader-panes"):
                    yield DocPane("left", id="pane-left", classes="-active")
                    yield DocPane("right", id="pane-right")
        yield Static("", id="reader-status")
        yield Input(placeholder="find in this document (words separated by spaces) · "
                                "Enter finds · Esc closes", id="reader-find")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#reader-panes").display = False
        self.query_one("#pane-right").display = False
        self.query_one("#outline-right").display = False
        self.query_one("#reader-find").display = False
        self._ui_ready = True
        self._update_outline_display()
        self._update_status()
        super().on_mount()

    def on_resize(self, event) -> None:
        self._update_outline_display()

    def view(self, slot: str | None = None) -> DocView:
        return self.query_one(f"#view-{slot or self.active}", DocView)

    def outline(self, slot: str | None = None) -> Outline:
        return self.query_one(f"#outline-{slot or self.active}", Outline)

    def pane(self, slot: str) -> DocPane:
        return self.query_one(f"#pane-{slot}", DocPane)

    def _slot_of(self, widget) -> str | None:
        for slot in SLOTS:
            if widget is self.view(slot) or widget is self.outline(slot):
                return slot
        return None

    def _update_outline_display(self) -> None:
        if not self._ui_ready:
            return
        wide = self.size.width >= WIDE
        box = self.query_one("#reader-outlines")
        has_doc = self.view("left").doc is not None
        box.set_class(not (has_doc and (wide or self.outline_summoned)), "-hidden")
        for slot in SLOTS:
            self.outline(slot).display = slot == self.active

    # -- opening documents ---------------------------------------------------------------
    def corpus_ready(self) -> None:
        """Open the requested document, or list the documents to choose from (once: this
        runs at mount and again when the corpus announces itself)."""
        if self._request is not None:
            doc_id, seq, terms = self._request
            self._request = None
            self.load("left", doc_id, seq, terms)
        elif self.view("left").doc is None and not self._loading and not self._listing:
            self._listing = True
            self.list_docs()

    def show(self, doc_id: str, seq: int = 1, terms=()) -> None:
        """Open doc_id with paragraph seq (1-based) current and terms highlighted."""
        terms = tuple(t for t in terms if t)
        if not self._ui_ready or self.corpus is None:
            self._request = (doc_id, seq, terms)
            return
        self.load("left", doc_id, seq, terms)

    def load(self, slot: str, doc_id: str, seq: int = 1, terms=(), focus: bool = True) -> None:
        if slot == "left":
            self._loading = True
        self.run_worker(partial(self._load_worker, slot, doc_id, seq, tuple(terms), focus),
                        thread=True, exclusive=True, group=f"load-{slot}",
                        name=f"load {doc_id}")

    def _load_worker(self, slot: str, doc_id: str, seq: int, terms, focus: bool) -> None:
        from index.corpus import StoreError

        try:
            doc = self.corpus.document(doc_id)
            if doc is None:
                self.post_message(DocLoaded(slot, None, seq, terms, [],
                                            f"No document {doc_id!r} in the index", focus))
                return
            hits = hit_indices(doc.paras, terms)
        except StoreError as exc:
            self.post_message(DocLoaded(slot, None, seq, terms, [], str(exc), focus))
            return
        except Exception as exc:  # noqa: BLE001 — never a traceback on screen
            self.post_message(DocLoaded(slot, None, seq, terms, [],
                                        f"{type(exc).__name__}: {exc}", focus))
            return
        self.post_message(DocLoaded(slot, doc, seq, terms, hits, "", focus))

    def on_doc_loaded(self, message: DocLoaded) -> None:
        if message.slot == "left":
            self._loading = False
        if message.error:
            self.notify(message.error, title="reader", severity="error", markup=False)
            return
        doc = message.doc
        slot = message.slot
        if slot == "right" and not self.split_open:
            return  # the split was closed while loading
        self.indexes[slot] = SectionIndex(doc)
        self.query_one("#reader-empty").display = False
        self.query_one("#reader-panes").display = True
        self.pane(slot).set_head(doc.info)
        self.outline(slot).build(doc)
        view = self.view(slot)
        view.load(doc, message.seq, message.terms, message.hits)
        if message.focus:
            self.active = slot
            view.focus()
        self._update_outline_display()
        self._mark_active()
        if slot == "right":
            self._sync_from("left")
        self._update_status()

    @work(thread=True, exclusive=True, group="reader-docs")
    def list_docs(self) -> None:
        from index.corpus import StoreError

        try:
            docs = self.corpus.docs()
        except StoreError as exc:
            self.post_message(DocsListed([], str(exc)))
            return
        self.post_message(DocsListed(docs))

    def on_docs_listed(self, message: DocsListed) -> None:
        if message.error:
            self.notify(message.error, title="documents", severity="error", markup=False)
            return
        options = self.query_one("#reader-docs", OptionList)
        options.set_options([Option(doc_label(d), id=d.doc_id) for d in message.docs])
        if message.docs and self.view("left").doc is None:
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#reader-docs")
    def _doc_chosen(self, event: OptionList.OptionSelected) -> None:
        self.show(event.option.id)

    # -- current paragraph, outline, status --------------------------------------------
    def on_doc_view_current_changed(self, message: DocView.CurrentChanged) -> None:
        slot = self._slot_of(message.view)
        if slot is None:
            return
        view = message.view
        para = view.current_para
        outline = self.outline(slot)
        if para is not None and not outline.has_focus:
            outline.follow(para.section)
        if self.split_open and slot == self.active and message.origin != "sync":
            self._sync_from(slot)
        if slot == self.active:
            self._update_status()

    def _update_status(self) -> None:
        status = self.query_one("#reader-status", Static)
        view = self.view()
        para = view.current_para
        if view.doc is None:
            status.update(Text("No document · ctrl+o opens one", style="dim"))
            return
        if para is None:
            status.update(Text("This document has no paragraphs", style="dim"))
            return
        line = Text()
        if self.split_open:
            line.append("◀ " if self.active == "left" else "▶ ", style="bold")
        line.append(f"¶{para.seq}/{len(view.paras)}", style="bold")
        k, n = view.hit_position()
        if view.terms:
            hit = f"hit {k} of {n}" if k else (f"{n} hits" if n != 1 else "1 hit")
            line.append(" · ")
            line.append(hit, style="bold yellow" if n else "yellow")
            line.append(" «" + visible(" ".join(view.terms)) + "»", style="yellow")
        line.append_text(self.diff_status())
        index = self.indexes.get(self.active)
        if index and para.section in index.by_id:
            label = index.by_id[para.section].label
            room = max(8, self.size.width - line.cell_len - 6)
            line.append(" · ")
            line.append(clip_right(visible(label), room), style="green")
        status.update(line)

    def _mark_active(self) -> None:
        for slot in SLOTS:
            self.pane(slot).set_class(slot == self.active, "-active")

    def on_descendant_focus(self, event) -> None:
        slot = self._slot_of(event.widget)
        if slot is not None and isinstance(event.widget, DocView) and slot != self.active:
            self.active = slot
            self._mark_active()
            self._update_outline_display()
            para = self.view(slot).current_para
            if para is not None:
                self.outline(slot).follow(para.section)
            self._update_status()

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, Outline) and self.outline_summoned:
            self.call_after_refresh(self._maybe_hide_outline)

    def _maybe_hide_outline(self) -> None:
        if not isinstance(self.focused, Outline):
            self.outline_summoned = False
            self._update_outline_display()

    # -- outline -------------------------------------------------------------------------
    @on(Tree.NodeHighlighted)
    def _outline_highlighted(self, event: Tree.NodeHighlighted) -> None:
        outline = event.control
        if isinstance(outline, Outline) and outline.has_focus:
            self._jump_to_section(outline, event.node.data, focus=False)

    @on(Tree.NodeSelected)
    def _outline_selected(self, event: Tree.NodeSelected) -> None:
        if isinstance(event.control, Outline):
            self._jump_to_section(event.control, event.node.data, focus=True)

    def _jump_to_section(self, outline: Outline, section, focus: bool) -> None:
        slot = self._slot_of(outline)
        if slot is None or section is None or section.first_seq is None:
            return
        view = self.view(slot)
        para = view.current_para
        if para is not None and not focus and section.id in self.indexes[slot].chain(
                para.section) and para.seq == section.first_seq:
            return
        view.go_to(section.first_seq - 1, "outline")
        if focus:
            view.focus()

    # -- actions -------------------------------------------------------------------------
    def _need_doc(self) -> DocView | None:
        view = self.view()
        if view.doc is None:
            self.notify("No document open: press ctrl+o to choose one", severity="warning")
            return None
        return view

    def action_focus_outline(self) -> None:
        if self._need_doc() is None:
            return
        outline = self.outline()
        if outline.has_focus:
            self.view().focus()
            return
        if self.size.width < WIDE:
            self.outline_summoned = True
        self._update_outline_display()
        para = self.view().current_para
        if para is not None:
            outline.follow(para.section)
        outline.focus()

    # the find box itself is FindInDocument (reader_find.py); @on only registers here
    @on(Input.Submitted, "#reader-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        self._find(tuple(event.value.split()))

    def action_escape(self) -> None:
        if self.query_one("#reader-find", Input).display:
            self._close_find()
        elif isinstance(self.focused, Outline):
            self.view().focus()

    def action_open_doc(self) -> None:
        self.app.push_screen(
            DocPicker(title="Open a document" + (" in this pane" if self.split_open else "")),
            partial(self._open_chosen, self.active))

    def _open_chosen(self, slot: str, doc_id: str | None) -> None:
        if doc_id:
            terms = self.view(slot).terms if self.view(slot).doc is not None else ()
            self.load(slot, doc_id, 1, terms)

    def action_copy_para(self) -> None:
        view = self._need_doc()
        if view is None or view.current_para is None:
            return
        para, info = view.current_para, view.doc.info
        self.app.copy_passage(cite(para.text, info.zone, info.title, para.path, para.seq, info))
