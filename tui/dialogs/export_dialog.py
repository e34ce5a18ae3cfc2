"""The export dialog: which format (Markdown, CSV, JSON, HTML, .qdpx) and where to write it.

The path starts in the user's export folder (index.locations.export_dir(), a duizhao folder
in the documents folder), never the current directory. A name without a folder goes into
that folder too. The default name never overwrites a file: if one of that name exists, the
dialog offers the next free name (…-2.md) and says so; a typed path that exists is only
overwritten after a second Enter. Returns (format name, Path) or None.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from index.export import FORMATS as TEXT_FORMATS, PROJECT_FORMATS, file_name
from tui.dialogs.base import DIALOG_CSS


FORMATS = {**TEXT_FORMATS, **PROJECT_FORMATS}  # what the data on screen, or the project


def free_path(path: Path) -> Path:
    """path, or the first of path-2, path-3 … (same suffix) that does not exist (a link
    pointing nowhere counts as existing: it is not written through)."""
    if not os.path.lexists(path):
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
        n += 1


def export_folder() -> Path:
    from index.locations import export_dir

    return export_dir()


class FormatChoice(RadioSet):
    """The formats: ↑/↓ choose at once (no Enter or Space needed)."""

    def action_next_button(self) -> None:
        super().action_next_button()
        self.action_toggle_button()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self.action_toggle_button()


class ExportDialog(ModalScreen):
    """Ask for an export's format and path. Returns (fmt, Path) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = DIALOG_CSS.format(name="ExportDialog") + """
    ExportDialog FormatChoice { width: 100%; height: auto; border: none; padding: 0; }
    ExportDialog FormatChoice:focus { border: none; background: $boost; }
    """

    def __init__(self, what: str, stem: str, formats: list[str], fmt: str | None = None,
                 folder: Path | None = None):
        super().__init__()
        self.what, self.stem = what, stem
        order = ["md", "csv", "json"]  # as people name them: Markdown, CSV, JSON
        self.formats = sorted((f for f in formats if f in FORMATS),
                              key=lambda f: order.index(f) if f in order else len(order))
        self.fmt = fmt if fmt in self.formats else self.formats[0]
        self.folder = folder or export_folder()
        self.default = ""  # the path this dialog proposed (the user has not typed since)
        self.confirm: Path | None = None  # an existing file the user was warned about

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Export {self.what}"), classes="dlg-title")
            with FormatChoice(id="export-format"):
                for f in self.formats:
                    yield RadioButton(f"{FORMATS[f].label} ({FORMATS[f].suffix})",
                                      value=f == self.fmt, name=f)
            yield Input(id="export-path")
            yield Static("", id="dlg-note", classes="dlg-hint")
            yield Static("", id="dlg-error", classes="dlg-error")
            yield Static(Text("Shift+Tab: the formats, ↑/↓ chooses · Tab: the path · Enter saves · "
                              f"a name alone goes into {self.folder} · Esc cancels"),
                         classes="dlg-hint")

    def on_mount(self) -> None:
        self._propose()
        self.query_one("#export-path", Input).focus()

    def _propose(self) -> None:
        """The default path for the current format: the next free name in the folder."""
        wanted = self.folder / file_name(self.stem, self.fmt)
        path = free_path(wanted)
        self.default = str(path)
        field = self.query_one("#export-path", Input)
        field.value = self.default
        field.cursor_position = len(field.value)
        self._note(f"{wanted.name} exists: saving as {path.name}" if path != wanted else "")

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.fmt = event.pressed.name or self.fmt
        field = self.query_one("#export-path", Input)
        if field.value in ("", self.default):
            self._propose()
            return
        typed = Path(field.value)  # a typed name keeps its name, with the new suffix
        if typed.suffix.lower() in {f.suffix for f in FORMATS.values()}:
            field.value = str(typed.with_suffix(FORMATS[self.fmt].suffix))

    @on(Input.Changed, "#export-path")
    def _typed(self) -> None:
        self.confirm = None
        self._error("")

    def target(self) -> Path | None:
        """The file the typed path stands for (None, with a message, when it cannot be)."""
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._error("Type a file name or path")
            return None
        path = Path(os.path.expanduser(raw))
        if not path.is_absolute():
            path = self.folder / path  # never the current directory
        if path.is_dir():
            return free_path(path / file_name(self.stem, self.fmt))
        if not path.suffix:
            path = path.with_suffix(FORMATS[self.fmt].suffix)
        if path.is_symlink() and not path.exists():
            self._error(f"{path} is a link to a file that does not exist: not writing "
                        f"through it, choose another name")
            return None
        if path.parent != self.folder and not path.parent.is_dir():
            self._error(f"No such folder: {path.parent}")
            return None
        return path

    @on(Input.Submitted, "#export-path")
    def action_save(self) -> None:
        path = self.target()
        if path is None:
            return
        if path.exists() and self.confirm != path:
            self.confirm = path
            self._error(f"{path} exists: Enter again replaces it, or change the name")
            return
        self.dismiss((self.fmt, path))

    def _error(self, message: str) -> None:
        self.query_one("#dlg-error", Static).update(Text(message))

    def _note(self, message: str) -> None:
        self.query_one("#dlg-note", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)
