"""The path prompt: a file or folder to index, with tab completion from the file system."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static

from tui.dialogs.base import DIALOG_CSS


class PathSuggester(Suggester):
    """Completes the last part of a path from the folder's entries (folders end in /)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        return await asyncio.to_thread(complete_path, value)


def complete_path(value: str) -> str | None:
    """`value` extended to the first folder entry it is a prefix of (None if none)."""
    expanded = os.path.expanduser(value)
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return None
    for name in names:
        if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
            continue
        full = os.path.join(folder, name)
        tail = name[len(prefix):] + ("/" if os.path.isdir(full) else "")
        if tail:
            return value + tail
    return None


class PathPrompt(ModalScreen):
    """Ask for a file or folder to index. Returns the path (str) or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("tab", "complete", "Complete", show=False)]
    DEFAULT_CSS = DIALOG_CSS.format(name="PathPrompt")

    def __init__(self, start: str = ""):
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Add files: a file or folder to index"), classes="dlg-title")
            yield Input(value=self.start, placeholder="~/documents/policies/",
                        suggester=PathSuggester(), id="path-input")
            yield Static("", id="dlg-error", classes="dlg-error")
            yield Static(Text("Tab or → completes · Enter indexes (folders recursively: txt, md, "
                              "html, docx, pdf, csv, jsonl) · Esc cancels"), classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#path-input", Input).focus()

    def action_complete(self) -> None:
        field = self.query_one("#path-input", Input)
        field.action_end()
        field.action_cursor_right()

    @on(Input.Submitted, "#path-input")
    def _submitted(self) -> None:
        raw = self.query_one("#path-input", Input).value.strip()
        if not raw:
            self._error("Type a path")
            return
        path = Path(os.path.expanduser(raw))
        if not path.exists():
            self._error(f"No such file or folder: {path}")
            return
        self.dismiss(str(path))

    def _error(self, message: str) -> None:
        self.query_one("#dlg-error", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)
