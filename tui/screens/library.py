"""Library: the documents in the index; add files or folders, edit a document's metadata.

Indexing runs in a thread worker and reports progress (files, MB) at most ~10 times a
second to a progress bar on this screen; the app stays usable meanwhile. Metadata edits are
written to the corpus.toml next to the file (index.manifest) and the file is re-indexed.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, ProgressBar, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from index.text.normal import visible
from tui import actions
from tui.dialogs.metadata_form import MetadataForm
from tui.dialogs.path_prompt import PathPrompt
from tui.messages import DocsLoaded, IndexDone, IndexProgress, MetaDone
from tui.screens.base import CorpusScreen
from tui.widgets.doc_meta import where_from, year_style
from tui.widgets.footer import KeyFooter
from tui.widgets.lists import VimDataTable

MAX_ERROR_NOTES = 8  # unreadable files notified one by one, then "…and N more"
PROGRESS_INTERVAL = 0.1  # seconds between progress messages from the worker

# column key, header, sort value on DocInfo (None: unknown, always listed last); keys 1-5
COLUMNS = [
    ("zone", "Zone", lambda d: (d.zone or "").casefold() or None),
    ("year", "Year", lambda d: (d.year, d.date or "") if d.year else None),
    ("title", "Title", lambda d: (d.title or d.doc_id).casefold()),
    ("chars", "Chars", lambda d: d.chars or 0),
    ("paras", "Paras", lambda d: d.paragraphs or 0),
]







def _mb(n: int) -> str:
    return f"{n / 2**20:.1f}"


class LibraryScreen(CorpusScreen):
    SCOPE = "library"
    HELP = ("Every document in the index, with its zone, year, size and paragraphs. Enter "
            "reads the document; ctrl+n indexes a file or folder (the app stays usable while "
            "it runs); ctrl+e corrects the zone, year or title, written to the corpus.toml "
            "next to the file. Keys 1–5 sort by a column (again to reverse).")
    BINDINGS = actions.bindings("library") + [
        Binding(str(n), f"sort('{key}')", f"Sort by {header.lower()}", show=False)
        for n, (key, header, _) in enumerate(COLUMNS, 1)
    ]

    DEFAULT_CSS = """
    LibraryScreen #lib-summary { height: 1; padding: 0 1; color: $text-muted; }
    LibraryScreen #lib-docs { height: 1fr; }
    LibraryScreen #lib-detail { height: 2; padding: 0 1; color: $text-muted;
                                background: $panel; }
    LibraryScreen #lib-indexing { height: 2; padding: 0 1; background: $boost; }
    LibraryScreen #lib-indexing.-idle { display: none; }
    LibraryScreen #lib-indexing Horizontal { height: 1; }
    LibraryScreen #lib-index-label { height: 1; }
    LibraryScreen #lib-index-bar { width: 1fr; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.docs: list = []
        self.by_id: dict = {}
        self.sort_key = None
        self.sort_reverse = False
        self.indexing = False
        self._loaded_once = False
        self._in_modal = False  # a dialog of ours is open (its dismissal resumes us)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="lib-summary")
        table = VimDataTable(id="lib-docs", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="lib-detail")
        with Vertical(id="lib-indexing", classes="-idle"):
            yield Static("", id="lib-index-label")
            with Horizontal():
                yield ProgressBar(id="lib-index-bar", show_eta=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._widths: tuple[int, ...] = ()
        self.query_one("#lib-docs", DataTable).focus()
        super().on_mount()

    def on_resize(self, event) -> None:
        if self._column_widths() != self._widths:
            self._fill(self._cursor_doc_id())

    def _column_widths(self) -> tuple[int, ...]:
        """Widths (cells) that fit the screen: the title takes what the others leave."""
        width = max(40, self.size.width - 2)  # the vertical scrollbar
        zone_len = max([cell_len(visible(d.zone or "?")) for d in self.docs] or [4])
        zone = max(4, min(zone_len, int(width * 0.28)))
        year, chars, paras = 4, 9, 6
        title = max(10, width - zone - year - chars - paras - 2 * len(COLUMNS))
        return zone, year, title, chars, paras

    def corpus_ready(self) -> None:
        if not self._loaded_once:
            self._loaded_once = True
            self.load_docs()

    def data_changed(self) -> None:
        if self._loaded_once and not self.indexing:
            self.load_docs(select=self._cursor_doc_id())
        else:
            self.corpus_ready()

    def on_screen_resume(self) -> None:
        # back from another screen: documents may have been added elsewhere meanwhile
        if self._in_modal:
            self._in_modal = False
            return
        if self._loaded_once and not self.indexing and self.corpus is not None:
            self.load_docs(select=self._cursor_doc_id())

    # -- the table -----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="library-docs")
    def load_docs(self, select: str | None = None, select_path: str | None = None) -> None:
        from index.corpus import StoreError

        try:
            docs = self.corpus.docs()
        except StoreError as exc:
            self.post_message(DocsLoaded([], str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 — never a traceback on screen
            self.post_message(DocsLoaded([], f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(DocsLoaded(docs, "", select, select_path))

    def on_docs_loaded(self, message: DocsLoaded) -> None:
        if message.error:
            self.notify(message.error, title="library", severity="error", markup=False)
            return
        self.docs = message.docs
        self.by_id = {d.doc_id: d for d in self.docs}
        select = message.select or self._cursor_doc_id()
        if message.select_path:
            for d in self.docs:
                if d.path == message.select_path:
                    select = d.doc_id
                    break
        self._fill(select)
        chars = sum(d.chars or 0 for d in self.docs)
        paras = sum(d.paragraphs or 0 for d in self.docs)
        zones = len({d.zone for d in self.docs if d.zone})
        from tui.render import counted

        summary = Text(counted(len(self.docs), "document"), style="bold")
        summary.append(f" · {counted(zones, 'zone')} · {counted(chars, 'character')} · "
                       f"{counted(paras, 'paragraph')}")
        self.query_one("#lib-summary", Static).update(summary)
        if self.corpus is not None:
            self.app.sub_title = f"{len(self.docs)} documents · {self.corpus.path.name}"

    def _sorted(self) -> list:
        if self.sort_key is None:
            return list(self.docs)
        fn = next(f for key, _, f in COLUMNS if key == self.sort_key)
        known = [d for d in self.docs if fn(d) is not None]
        unknown = [d for d in self.docs if fn(d) is None]
        return sorted(known, key=fn, reverse=self.sort_reverse) + unknown

    def _fill(self, select: str | None = None) -> None:
        table = self.query_one("#lib-docs", DataTable)
        self._widths = self._column_widths()
        table.clear(columns=True)
        for (key, header, _), width in zip(COLUMNS, self._widths):
            label = Text(header)
            if key == self.sort_key:
                label.append(" ▼" if self.sort_reverse else " ▲", style="bold")
            table.add_column(label, key=key, width=width)
        for d in self._sorted():
            table.add_row(
                Text(visible(d.zone or "?"), style="bold", no_wrap=True, overflow="ellipsis"),
                Text(str(d.year) if d.year else "—", style=year_style(d)),
                Text(visible(d.title or d.doc_id), no_wrap=True, overflow="ellipsis"),
                Text(f"{d.chars or 0:,}", justify="right"),
                Text(f"{d.paragraphs or 0:,}", justify="right"),
                key=d.doc_id,
            )
        if select is not None and select in self.by_id:
            try:
                table.move_cursor(row=table.get_row_index(select))
            except RowDoesNotExist:  # the row vanished meanwhile
                pass
        self._show_detail()

    def action_sort(self, key: str) -> None:
        if self.sort_key == key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, key in ("year", "chars", "paras")
        self._fill(self._cursor_doc_id())

    @on(DataTable.HeaderSelected, "#lib-docs")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        self.action_sort(str(event.column_key.value))

    def _cursor_doc_id(self) -> str | None:
        table = self.query_one("#lib-docs", DataTable)
        if not table.row_count:
            return None
        try:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        except CellDoesNotExist:
            return None
        return row_key.value

    def current_doc(self):
        doc_id = self._cursor_doc_id()
        return self.by_id.get(doc_id) if doc_id else None

    @on(DataTable.RowHighlighted, "#lib-docs")
    def _show_detail(self) -> None:
        d = self.current_doc()
        detail = self.query_one("#lib-detail", Static)
        if d is None:
            detail.update(Text("No documents yet: ctrl+n adds a file or folder", style="dim"))
            return
        line = Text(visible(d.doc_id), style="bold")
        for part in (d.date + (" (file date: when the file was made)" if d.date_note else ""),
                     d.doc_number, d.source, d.fmt):
            if part:
                line.append(" · " + visible(str(part)))
        line.append_text(where_from(d))
        line.append("\n")
        line.append(visible(d.path or ""), style="dim")
        detail.update(line)

    # -- reading -------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#lib-docs")
    def action_read_doc(self) -> None:
        d = self.current_doc()
        if d is not None:
            self.app.open_reader(d.doc_id)

    # -- adding files --------------------------------------------------------------------
    def action_add_path(self) -> None:
        if self.indexing:
            self.notify("Already indexing: wait for it to finish", severity="warning")
            return
        if self.corpus is None:
            self.notify("The database is not ready yet", severity="warning")
            return
        self._in_modal = True
        self.app.push_screen(PathPrompt(), self._path_chosen)

    def _path_chosen(self, path: str | None) -> None:
        if not path:
            return
        self.indexing = True
        bar = self.query_one("#lib-index-bar", ProgressBar)
        bar.update(total=None, progress=0)
        self.query_one("#lib-index-label", Static).update(
            Text("Indexing " + visible(path) + " …"))
        self.query_one("#lib-indexing").remove_class("-idle")
        self.index_path(path)

    @work(thread=True, exclusive=True, group="library-index")
    def index_path(self, path: str) -> None:
        from index.corpus import StoreError

        last = 0.0

        def progress(p) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL or p.files_done >= p.files_total:
                last = now
                self.post_message(IndexProgress(p))

        try:
            report = self.corpus.index([path], progress=progress)
        except StoreError as exc:
            self.post_message(IndexDone(None, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 — never a traceback on screen
            self.post_message(IndexDone(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(IndexDone(report))

    def on_index_progress(self, message: IndexProgress) -> None:
        if not self.indexing:
            return
        p = message.progress
        bar = self.query_one("#lib-index-bar", ProgressBar)
        bar.update(total=max(1, p.bytes_total), progress=p.bytes_done)
        label = Text(f"Indexing {p.files_done}/{p.files_total} files · "
                     f"{_mb(p.bytes_done)}/{_mb(p.bytes_total)} MB", style="bold")
        if p.path:
            label.append("  " + visible(Path(p.path).name), style="dim")
        self.query_one("#lib-index-label", Static).update(label)

    def on_index_done(self, message: IndexDone) -> None:
        self.indexing = False
        self.query_one("#lib-indexing").add_class("-idle")
        if message.error:
            self.notify(message.error, title="indexing failed", severity="error",
                        timeout=20, markup=False)
            return
        r = message.report
        n_err = len(r.errors)
        summary = (f"{len(r.indexed)} indexed · {len(r.unchanged)} unchanged · "
                   f"{n_err} error{'s' if n_err != 1 else ''}")
        if r.indexed:
            summary += f" · {r.docs} documents, {r.paragraphs:,} paragraphs"
            summary = summary.replace(" 1 documents,", " 1 document,")
        summary += f" ({r.seconds:.1f} s)"
        severity = "error" if r.failed else "warning" if n_err else "information"
        self.notify(summary, title="Indexing done", severity=severity, timeout=10,
                    markup=False)
        for path, reason in r.errors[:MAX_ERROR_NOTES]:
            self.notify(f"{Path(path).name}: {reason}", title="Could not index",
                        severity="error", timeout=15, markup=False)
        if n_err > MAX_ERROR_NOTES:
            self.notify(f"…and {n_err - MAX_ERROR_NOTES} more unreadable files",
                        title="Could not index", severity="error", timeout=15)
        for path, note in r.warnings[:3]:
            self.notify(f"{Path(path).name}: {note}", title="Warning", severity="warning",
                        timeout=10, markup=False)
        self.load_docs(select_path=r.indexed[0] if r.indexed else None)
        if r.indexed:
            self.app.corpus_changed()

    # -- metadata ------------------------------------------------------------------------
    def action_edit_meta(self) -> None:
        d = self.current_doc()
        if d is None:
            self.notify("No document selected", severity="warning")
            return
        self._in_modal = True
        self.app.push_screen(MetadataForm(d), lambda fields: self._meta_chosen(d, fields))

    def _meta_chosen(self, d, fields: dict | None) -> None:
        if fields is None:
            return
        if not fields:
            self.notify("Nothing changed", timeout=3)
            return
        self.save_meta(d.doc_id, fields)

    @work(thread=True, exclusive=True, group="library-meta")
    def save_meta(self, doc_id: str, fields: dict) -> None:
        from index.corpus import ManifestError, StoreError

        try:
            manifest, report = self.corpus.set_metadata(doc_id, fields)
        except (StoreError, ManifestError, OSError) as exc:
            self.post_message(MetaDone(doc_id, error=str(exc)))
            return
        except KeyError:
            self.post_message(MetaDone(doc_id, error=f"{doc_id} is no longer in the index"))
            return
        except Exception as exc:  # noqa: BLE001 — never a traceback on screen
            self.post_message(MetaDone(doc_id, error=f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(MetaDone(doc_id, str(manifest), report))

    def on_meta_done(self, message: MetaDone) -> None:
        if message.error:
            self.notify(message.error, title="metadata not saved", severity="error",
                        timeout=15, markup=False)
            return
        self.notify(f"Wrote {message.manifest}", title="Metadata saved", timeout=8,
                    markup=False)
        report = message.report
        for path, reason in getattr(report, "errors", [])[:MAX_ERROR_NOTES]:
            self.notify(f"{Path(path).name}: {reason}", title="Could not re-index",
                        severity="error", timeout=15, markup=False)
        self.load_docs(select=message.doc_id)
        self.app.corpus_changed()

