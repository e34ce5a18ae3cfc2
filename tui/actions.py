"""One registry of every action: it feeds the bindings, the footer, the help screen, the
command palette and the user's keymap file (ids are "scope.name").

Default keys avoid the prefixes of terminal multiplexers (tmux ctrl+b, screen ctrl+a).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding


@dataclass(frozen=True)
class Act:
    scope: str  # app, compare, words, search, reader, library, list
    name: str
    key: str
    action: str
    description: str
    show: bool = True
    help: str = ""
    palette: bool = True  # offered in the command palette

    @property
    def id(self) -> str:
        return f"{self.scope}.{self.name}"


ACTS: list[Act] = [
    # app-wide (help first: on an 80-column footer it must not be the one cut off)
    Act("app", "help", "f1,question_mark", "app.help", "Help",
        help="Keys and help for the current screen"),
    Act("app", "compare", "f2", "app.switch_mode('compare')", "Compare",
        help="Compare a theme across zones, one pane per zone"),
    Act("app", "search", "f3", "app.switch_mode('search')", "Search",
        help="Full-text search over the whole corpus"),
    Act("app", "reader", "f4", "app.switch_mode('reader')", "Reader",
        help="Read a document with its outline"),
    Act("app", "library", "f5", "app.switch_mode('library')", "Library",
        help="Documents in the index; add files, edit metadata"),
    Act("app", "palette", "ctrl+p", "app.command_palette", "Commands", show=False,
        help="Command palette: every action, theme and document", palette=False),
    Act("app", "theme", "ctrl+t", "app.toggle_dark", "Light/dark", show=False,
        help="Switch between light and dark themes"),
    Act("app", "reload", "ctrl+l", "app.reload", "Reload", show=False,
        help="Open the database again after a failure (it is also retried every few seconds "
             "and when the terminal regains focus) and show what another process indexed"),
    Act("app", "quit", "ctrl+q", "app.quit", "Quit", show=False,
        help="Quit duizhao (it reopens where you left it)"),
    # the researcher's work, on the passage selected in Compare, Search, KWIC or the Reader
    Act("app", "code", "number_sign", "app.code", "Code", show=False,
        help="Code the selected passage: a picker over the codebook (type to filter, a "
             "code's key, or a new code's name); Enter on a code it has takes it off"),
    Act("app", "memo", "m", "app.memo", "Memo", show=False,
        help="Write a memo on the selected passage, its document, zone or the theme "
             "(a multi-line editor, ctrl+s saves)"),
    Act("app", "codes", "f6", "app.codes", "Codes", show=False,
        help="The codebook with counts, code × zone/year/level matrix, co-occurrence and a "
             "code's segments side by side by zone"),
    Act("app", "memos", "f7", "app.memos", "Memos", show=False,
        help="Every memo: search, edit, open where it belongs, delete"),
    Act("app", "set", "S", "app.pick_set", "Set", show=False,
        help="Narrow Search and Compare to a saved set of documents (or every document)"),
    # lists (vim-style movement where lists scroll)
    Act("list", "down", "j", "cursor_down", "Down", show=False, palette=False,
        help="Next item (also ↓)"),
    Act("list", "up", "k", "cursor_up", "Up", show=False, palette=False,
        help="Previous item (also ↑)"),
    Act("list", "top", "g", "first", "Top", show=False, palette=False, help="First item"),
    Act("list", "bottom", "G", "last", "Bottom", show=False, palette=False, help="Last item"),
    # compare
    Act("compare", "themes", "t", "focus_themes", "Themes",
        help="Pick a theme from the list (with counts per zone)"),
    Act("compare", "query", "slash", "focus_query", "Ad-hoc",
        help="Type any query (or pinyin) as an ad-hoc theme"),
    Act("compare", "left", "h,left", "pane(-1)", "◀ pane", show=False,
        help="Move to the pane on the left"),
    Act("compare", "right", "l,right", "pane(1)", "pane ▶", show=False,
        help="Move to the pane on the right"),
    Act("compare", "pin", "p", "pin", "Pin",
        help="Pin or unpin the current zone (pinned zones stay first)"),
    Act("compare", "move_left", "less_than_sign", "move_pane(-1)", "Move ◀", show=False,
        help="Move the current zone's pane left"),
    Act("compare", "move_right", "greater_than_sign", "move_pane(1)", "Move ▶", show=False,
        help="Move the current zone's pane right"),
    Act("compare", "hide", "x", "hide_zone", "Hide zone", show=False,
        help="Hide the current zone's pane (a to show all again)"),
    Act("compare", "show_all", "a", "show_all", "All zones", show=False,
        help="Show every zone again"),
    Act("compare", "group", "b", "group_by", "By", show=False,
        help="One pane per zone, year, zone and year, or level: b moves to the next"),
    Act("compare", "trend", "y", "trend", "Trend", show=False,
        help="The theme year by year: mentions per 10,000 characters, per zone and overall"),
    Act("compare", "first_use", "f", "first_use", "First use", show=False,
        help="Who used the theme (or a term) first, and how it spread across zones"),
    Act("compare", "sync", "s", "sync", "Sync",
        help="Line up the nearest passage of every other zone with the selected one"),
    Act("compare", "open", "enter", "open_passage", "Open", help="Open the passage in the reader"),
    Act("compare", "copy", "c", "copy_passage", "Copy",
        help="Copy the passage with its citation to the clipboard"),
    Act("compare", "export", "e", "export", "Export",
        help="Export the comparison (Markdown, CSV or JSON) to a file you choose"),
    Act("compare", "words", "w", "words", "Words",
        help="Each zone's keywords (G², p) and collocates of the theme"),
    Act("compare", "grow", "n", "grow_theme", "Grow", show=False,
        help="Paragraphs the theme misses that read like its passages; Enter adds the "
             "phrase that would catch one to your themes.toml"),
    Act("compare", "exclude", "d", "exclude_passage", "Not on theme", show=False,
        help="Take the selected passage out of the theme in this corpus (`main.py theme "
             "exclusions` lists them, `main.py theme include` puts one back)"),
    # words (the Words view over Compare)
    Act("words", "close", "escape,w,q", "dismiss", "Close", palette=False,
        help="Back to Compare"),
    Act("compare", "family", "r", "reuse_family", "Reuse", show=False,
        help="A passage with a reuse badge (≈ 85 % 浙江 ¶55): list its family, earliest first"),
    # search
    Act("search", "focus", "slash", "focus_input", "Search", help="Type a query"),
    Act("search", "kwic", "ctrl+g", "toggle_kwic", "KWIC",
        help="Concordance view: one line per occurrence, the hit in a centre column"),
    Act("search", "sort", "s,ctrl+s", "sort", "Sort",
        help="KWIC order: search order, then by the 1st word left (L1), right (R1), L2, "
             "R2, L3, R3, zone, date (turns KWIC on)"),
    Act("search", "results", "down", "focus_results", "Results", show=False, palette=False,
        help="From the query box: move into the results (also Enter)"),
    Act("search", "export", "e", "export", "Export",
        help="Export every hit or KWIC line of the query (CSV or JSON) to a file you choose"),
    Act("search", "zone", "ctrl+r", "focus_zone", "Zone", show=False,
        help="Filter by zone: focus the zone list"),
    Act("search", "year", "ctrl+y", "focus_year", "Year", show=False,
        help="Filter by year: focus the year list"),
    Act("search", "open", "enter", "open_hit", "Open", help="Open the hit in the reader"),
    Act("search", "copy", "c", "copy_hit", "Copy",
        help="Copy the passage with its citation to the clipboard"),
    Act("search", "code_all", "A", "code_all", "Code all", show=False,
        help="Code every paragraph the query finds: pick a code, review the list "
             "(untick what should not carry it), then apply"),
    Act("search", "family", "r", "reuse_family", "Reuse", show=False,
        help="A hit with a reuse badge (≈ 85 % 浙江 ¶55): list its family, earliest first"),
    # reader
    Act("reader", "outline", "o", "focus_outline", "Outline", help="Jump to a section"),
    Act("reader", "next", "n,right_square_bracket", "next_hit", "Next hit",
        help="Next hit of the current search term"),
    Act("reader", "prev", "N,left_square_bracket", "prev_hit", "Prev hit",
        help="Previous hit"),
    Act("reader", "find", "slash", "find", "Find", help="Search within the document"),
    Act("reader", "split", "v", "split", "Split",
        help="Open a second document beside this one (section-level sync)"),
    Act("reader", "open", "ctrl+o", "open_doc", "Open doc", help="Choose a document to read"),
    Act("reader", "other", "tab,w,ctrl+w", "other_view", "Other pane", show=False,
        help="In a split: move to the other document"),
    Act("reader", "copy", "c", "copy_para", "Copy",
        help="Copy the current paragraph with its citation"),
    Act("reader", "diff", "d", "diff_mode", "Diff", show=False,
        help="In a split: collate the two documents (changed characters marked, paragraphs "
             "only in one side struck or green, unchanged ones dimmed); d again ends it"),
    Act("reader", "next_change", "period", "next_change", "Next change", show=False,
        help="In diff mode: the next changed paragraph (the other side follows)"),
    Act("reader", "prev_change", "comma", "prev_change", "Prev change", show=False,
        help="In diff mode: the previous changed paragraph"),
    # the codes view (F6)
    Act("codes", "segments", "enter", "segments", "Segments", palette=False,
        help="The selected code's segments side by side by zone"),
    Act("codes", "matrix", "x", "matrix", "Matrix", palette=False,
        help="Code × zone (year, level): segments and per-10k rates"),
    Act("codes", "cooccurrence", "o", "cooccurrence", "Co-occurrence", palette=False,
        help="Pairs of codes on the same passage (Jaccard)"),
    Act("codes", "codebook", "c", "codebook", "Codebook", palette=False,
        help="Back to the codebook tree"),
    Act("codes", "by", "b", "by", "By", palette=False,
        help="The matrix by zone, year, level, zone and year: b moves to the next"),
    Act("codes", "import", "i", "import", "Load codebook", palette=False,
        help="Load the shipped policy-instrument codebook (Rothwell & Zegveld; codes already "
             "there keep their segments)"),
    Act("codes", "memo", "m", "memo", "Memo", palette=False,
        help="Write a memo on the selected code"),
    Act("codes", "close", "escape,q", "close", "Close", palette=False, help="Back"),
    # library
    Act("library", "add", "ctrl+n", "add_path", "Add files",
        help="Index a file or folder (progress shown; the app stays usable)"),
    Act("library", "edit", "ctrl+e", "edit_meta", "Edit",
        help="Edit the document's zone, year, title, level and parent (written to the "
             "manifest)"),
    Act("library", "read", "enter", "read_doc", "Read", help="Open the document in the reader"),
]


def bindings(scope: str) -> list[Binding]:
    return [Binding(a.key, a.action, a.description, show=a.show, id=a.id)
            for a in ACTS if a.scope == scope]


LIST_TARGETS = {"down": "cursor_down", "up": "cursor_up", "top": "first", "bottom": "last"}


def list_bindings(targets: dict[str, str] | None = None) -> list[Binding]:
    """The registry's list keys (j/k/g/G) as hidden Bindings for a list-like widget, each
    calling the widget's own action: targets maps down/up/top/bottom to action names
    (default LIST_TARGETS)."""
    targets = {**LIST_TARGETS, **(targets or {})}
    return [Binding(a.key, targets[a.name], a.description, show=False, id=a.id)
            for a in ACTS if a.scope == "list"]


def acts(scope: str) -> list[Act]:
    return [a for a in ACTS if a.scope == scope]


def keymap_path() -> Path:
    from index.locations import keymap_path as path

    return path()


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """User key overrides {binding id: keys} from keymap.toml, and problems found in it.

    ```toml
    "search.kwic" = "f6"
    "reader.next" = "n,down"
    ```
    """
    import tomllib

    path = path or keymap_path()
    if not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: {exc}"]
    known = {a.id for a in ACTS}
    keymap, problems = {}, []
    for key, value in data.items():
        if key not in known:
            problems.append(f"{path}: unknown action {key!r}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{path}: {key} needs a key string such as \"f6\"")
        else:
            keymap[key] = value
    return keymap, problems


SCOPE_TITLES = {"app": "Everywhere", "list": "In lists", "compare": "Compare (F2, home)",
                "words": "Words (w on Compare)", "codes": "Codes (F6)",
                "search": "Search (F3)", "reader": "Reader (F4)", "library": "Library (F5)"}


_KEY_NAMES = {"question_mark": "?", "slash": "/", "less_than_sign": "<",
              "greater_than_sign": ">", "left_square_bracket": "[",
              "right_square_bracket": "]", "period": ".", "comma": ",",
              "number_sign": "#"}


def keymap_markdown() -> str:
    """docs/keys.md, generated from the registry (a test keeps the file in step)."""
    lines = ["# Keys", "",
             "Generated from `tui/actions.py` (`uv run python -m tui.actions > docs/keys.md`).",
             "Every key can be remapped in `keymap.toml` in the user config folder "
             "(`~/.config/duizhao/keymap.toml` on Linux) by action id:", "",
             "```toml", '"search.kwic" = "f6"', '"reader.next" = "n,down"', "```", "",
             "Default keys avoid the prefixes of tmux (ctrl+b) and screen (ctrl+a).", ""]
    for scope, title in SCOPE_TITLES.items():
        lines += [f"## {title}", "", "| key | action | id | what it does |",
                  "| --- | --- | --- | --- |"]
        for a in acts(scope):
            keys = " / ".join(f"`{_KEY_NAMES.get(k, k)}`" for k in a.key.split(","))
            lines.append(f"| {keys} | {a.description} | `{a.id}` | {a.help} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(keymap_markdown(), end="")
