"""The code picker: type to filter the codebook tree, Enter applies the code (or takes it off
a passage that has it). A code's own key, typed alone, puts that code first; a name that is
no code yet offers "new code". Where the view has a selected span (KWIC: the hit), a
checkbox codes only that span. Returns (code name, apply, only the span) or None.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from index.text.normal import fold, visible
from tui.dialogs.base import DIALOG_CSS
from tui.widgets.lists import VimOptionList

NEW = "\0new"  # the option id of "new code"


def code_label(c, on: bool = False, memo: bool = False) -> Text:
    """  ■ name  key · count · description, indented by depth; ✓ when on the passage."""
    t = Text("  " * c.depth)
    t.append("✓ " if on else "  ", style="bold green")
    t.append("■ ", style=c.colour or "bold")
    t.append(visible(c.name), style="bold")
    if c.key:
        t.append(f" [{c.key}]", style="cyan")
    t.append(f" {c.count}", style="dim")
    if memo:
        t.append(" ✎", style="bold yellow")
    if c.description:
        t.append("  " + visible(c.description[:40]), style="dim italic")
    return t


def filter_codes(codes, typed: str):
    """Codes whose name, path or description holds every typed word (folded); a code whose
    key is exactly what was typed comes first."""
    words = [fold(w) for w in typed.split() if fold(w)]
    keyed = [c for c in codes if c.key and typed.strip() == c.key]
    rest = [c for c in codes if c not in keyed and all(
        w in fold(f"{c.name} {c.parent or ''} {c.description}") for w in words)]
    return keyed + rest


class CodePicker(ModalScreen):
    """Pick a code for a passage (choose=True: just pick one, e.g. for every hit)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+t", "span", "Span", show=False),
                Binding("down", "move(1)", "Down", show=False),
                Binding("up", "move(-1)", "Up", show=False),
                Binding("pagedown", "move(10)", show=False),
                Binding("pageup", "move(-10)", show=False)]
    DEFAULT_CSS = DIALOG_CSS.format(name="CodePicker") + """
    CodePicker OptionList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, codes, on=(), about: str = "", choose: bool = False, span: str = ""):
        super().__init__()
        self.span = span
        self.codes = list(codes)
        self.on_passage = set(on)
        self.about = about
        self.choose = choose

    def compose(self) -> ComposeResult:
        with Vertical():
            verb = "Code" if self.choose else "Code or uncode"
            yield Static(Text(f"{verb} {visible(self.about)}"), classes="dlg-title")
            yield Input(placeholder="filter codes, a code's key, or a new code's name",
                        id="code-filter")
            yield VimOptionList(id="code-list")
            if self.span:
                yield Checkbox(Text(f"only the span “{visible(self.span)}”, not the whole "
                                    "paragraph (ctrl+t)"), id="code-span")
            yield Static(Text(self._hint()), classes="dlg-hint", id="code-hint")

    def _hint(self) -> str:
        if not self.codes:
            return ("The codebook is empty: type a new code's name, or load the shipped "
                    "policy-instrument codebook in the codes view (F6, then i)")
        return ("↑/↓ choose · Enter " + ("picks" if self.choose else "applies (✓: takes it off)")
                + " · Esc cancels")

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#code-filter", Input).focus()

    @on(Input.Changed, "#code-filter")
    def _typed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def fill(self, typed: str) -> None:
        listing = self.query_one("#code-list", OptionList)
        listing.clear_options()
        shown = filter_codes(self.codes, typed)
        options = [Option(code_label(c, c.name in self.on_passage), id=c.name) for c in shown]
        name = typed.strip()
        if name and not any(fold(c.name) == fold(name) for c in self.codes) \
                and not any(c.key == name for c in self.codes):
            options.append(Option(Text.assemble(("  + new code ", "bold green"),
                                                (visible(name), "bold")), id=NEW))
        listing.add_options(options)
        if options:
            listing.highlighted = 0

    def action_move(self, step: int) -> None:
        listing = self.query_one("#code-list", OptionList)
        if listing.option_count:
            now = listing.highlighted if listing.highlighted is not None else -1
            listing.highlighted = max(0, min(listing.option_count - 1, now + step))

    @on(Input.Submitted, "#code-filter")
    def _submitted(self) -> None:
        listing = self.query_one("#code-list", OptionList)
        if listing.highlighted is not None:
            self._pick(listing.get_option_at_index(listing.highlighted).id)

    @on(OptionList.OptionSelected, "#code-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def action_span(self) -> None:
        if self.span:
            box = self.query_one("#code-span", Checkbox)
            box.value = not box.value

    def _pick(self, option_id: str | None) -> None:
        if option_id is None:
            return
        span = bool(self.span) and self.query_one("#code-span", Checkbox).value
        if option_id == NEW:
            name = self.query_one("#code-filter", Input).value.strip()
            self.dismiss((name, True, span))
            return
        self.dismiss((option_id, self.choose or span or option_id not in self.on_passage,
                      span))

    def action_cancel(self) -> None:
        self.dismiss(None)
