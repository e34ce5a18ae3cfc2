"""Rich rendering of theme comparisons for the command line: zones side by side, the matrix.

Document text always goes in as Text after visible(), never as markup. Shared phrases get
one colour each, the same in every column; the theme's own expressions are highlighted
as in search results.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from index.corpus import make_snippet
from index.text.normal import find_spans, visible
from tui.console import HIT_STYLE, err, out

COLUMN_MIN = 38  # terminal cells per zone column
SHARED_STYLES = ["bold magenta", "bold green", "bold blue", "bold red", "bold cyan",
                 "underline magenta", "underline green", "underline blue"]


def _t(text: str, style: str = "") -> Text:
    return Text(visible(text), style=style)


def shared_styles(comp) -> dict[str, str]:
    """Colour of each shared phrase worth marking (not the theme's own expressions)."""
    own = set(comp.theme.expressions())
    phrases = [p.phrase for p in comp.shared if p.phrase not in own]
    return dict(zip(phrases, SHARED_STYLES))


def passage_text(p, max_chars: int, styles: dict[str, str]) -> Text:
    """A snippet around the passage's first hit: shared phrases coloured, theme terms marked."""
    snippet, spans = make_snippet(p.text, p.spans, max_chars)
    text = Text(visible(snippet))
    for phrase, style in styles.items():
        for s, e in find_spans(snippet, [phrase]):
            text.stylize(style, s, e)
    for s, e in spans:
        text.stylize(HIT_STYLE, s, e)
    return text


def matched_text(matched: list[dict]) -> Text:
    """What pulled the passage in: each expression with its kind, related ones dimmed:
    matched 招商 (term) · 引进…{24}项目 (pattern, related)."""
    t = Text("matched ", style="dim")
    for n, m in enumerate(matched):
        if n:
            t.append(" · ", style="dim")
        t.append(visible(m["expression"]), style="yellow" if m["core"] else "")
        kind = m["kind"] if m["kind"] != "family" else f"family {m['family']}"
        t.append(f" ({kind}{'' if m['core'] else ', related'})", style="dim")
    return t


def _labelled(label: str, items: list[Text]) -> Text:
    t = Text(label + " ", style="bold")
    for n, item in enumerate(items):
        if n:
            t.append(" · ", style="dim")
        t.append_text(item)
    return t


def zone_column(z, limit: int, width: int, styles: dict[str, str]) -> Group:
    parts: list = []
    share = z.section_share
    n = len(z.passages)
    fig = Text(f"{n} passage{'s' if n != 1 else ''} · {z.per_10k:.1f} per 10k chars", style="bold")
    fig.append(f"\n{z.sections_touched}/{z.sections} sections"
               + (f" ({share:.0%})" if share is not None else "")
               + f" · spread {z.dispersion:.2f}", style="dim")
    parts.append(fig)
    if z.empty:
        parts.append(_t(z.empty, "italic dim"))
        return Group(*parts)
    for m in z.main_sections[:2]:
        line = Text("main: ", style="bold") + _t(m.title, "green")
        if m.subheadings:
            line.append_text(_t(" (" + " · ".join(m.subheadings[:4])
                                + (" …" if len(m.subheadings) > 4 else "") + ")", "dim"))
        parts.append(line)
    if z.variants:
        items = []
        for v in z.variants[:6]:
            # named by the form the zone writes most, never by a family name it does not use
            t = Text(visible(v.label)) + Text(f" ×{v.count}", style="dim")
            others = list(v.others)
            if others:
                t.append_text(_t(" (" + "、".join(_short(f) for f in others[:3]) + ")", "dim"))
            items.append(t)
        parts.append(_labelled("variants:", items))
    if z.unique:
        parts.append(_labelled("own:", [Text(visible(_short(u.phrase)), style="yellow")
                                        + Text(f" ×{u.total}", style="dim")
                                        for u in z.unique[:6]]))
    if z.distinctive:
        parts.append(_labelled("words:", [Text(visible(s.term), style="cyan")
                                          + Text(f" {s.p:.0e}", style="dim")
                                          for s in z.distinctive[:10]]))
    elif z.distinctive is not None:
        parts.append(Text("words: –", style="dim"))
    shown = z.passages if not limit else z.passages[:limit]
    max_chars = max(90, min(240, width * 3))
    for p in shown:
        parts.append(Rule(style="dim"))
        head = Text(f"¶{p.para} ", style="dim")
        if p.group and p.group != p.zone:  # grouped by year or level: whose passage it is
            head.append_text(_t((p.short or p.zone) + " ", "bold cyan"))
        head.append_text(_t(p.section or "(no section)", "green"))
        if p.in_main:
            head.append(" ★", style="yellow")
        parts.append(head)
        parts.append(passage_text(p, max_chars, styles))
        if p.matched:
            parts.append(matched_text(p.matched))
    if len(shown) < len(z.passages):
        parts.append(Text(f"… {len(z.passages) - len(shown)} more", style="dim"))
    return Group(*parts)


def _short(s: str, n: int = 16) -> str:
    return s if len(s) <= n else s[:n - 1] + "…"


def comparison(comp, limit: int = 5, console: Console | None = None) -> None:
    """Zones side by side: as many columns per row as the terminal width allows."""
    console = console or out
    for note in comp.notes:
        err.print(Text("note: ", style="yellow") + _t(note))
    t = comp.theme
    title = Text(visible(t.name), style="bold")
    if t.gloss:
        title.append(" — " + visible(t.gloss), style="dim")
    if comp.adhoc and "ad-hoc" not in t.gloss:
        title.append("  (ad-hoc query)", style="yellow")
    console.print(title)
    if not comp.zones:
        if any(n.startswith("no zone matches") for n in comp.notes):
            console.print(Text("No zone to compare: none matches --zones.", style="bold"))
        else:
            console.print(_t(f"No passage carries “{t.name}” in any zone.", "bold"))
        return
    styles = shared_styles(comp)
    empty = [z for z in comp.zones if not z.passages]
    if comp.shared:
        line = Text("shared: ", style="bold")
        for n, p in enumerate(comp.shared[:10]):
            if n:
                line.append("  ")
            line.append_text(_t(p.phrase, styles.get(p.phrase, HIT_STYLE if p.phrase in
                                                       t.expressions() else "")))
            if len(p.zones) == len(comp.zones):
                who = "all"
            elif len(p.zones) > 4:
                who = f"{len(p.zones)} of {len(comp.zones)} zones"
            else:
                who = ("·" if comp.by == "zone" else "、").join(_zone_short(comp, z)
                                                                 for z in p.zones)
            line.append_text(_t(" " + who, "dim"))
        console.print(line)
    if empty:  # asked for (--zones) but silent on the theme: said, not counted as sharing
        console.print(Text("no passage: ", style="bold")
                      + _t("、".join(z.short or z.zone for z in empty), "dim"))
    width = console.size.width
    per_row = max(1, min(len(comp.zones), width // COLUMN_MIN))
    col_width = width // per_row
    for start in range(0, len(comp.zones), per_row):
        row = comp.zones[start:start + per_row]
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, padding=(0, 1))
        for z in row:
            name = Text(visible(z.zone if comp.by == "zone" else z.group), style="bold cyan")
            if comp.by in ("year", "level") and z.members:
                name.append_text(_t(" " + "、".join(z.members), "dim"))
            table.add_column(name, ratio=1, overflow="fold", vertical="top")
        table.add_row(*[zone_column(z, limit, col_width, styles) for z in row])
        console.print(table)
    hint = "★ in a section whose heading names the theme"
    if not comp.distinctive_done:
        hint += " · distinctive words not computed"
    console.print(Text(hint, style="dim"))


def _zone_short(comp, zone: str) -> str:
    z = comp.zone(zone)
    return (z.short or z.zone) if z else zone


def matrix(m, console: Console | None = None) -> None:
    """The theme × zone matrix: mentions per 10k characters, passages in brackets."""
    console = console or out
    if not m.zones:
        console.print(Text("The database holds no documents."))
        return
    width = console.size.width
    per_table = max(1, (width - 16) // 12)  # theme names up to 7 characters, "12.8 (10)"
    tables = -(-len(m.zones) // per_table)
    per_table = -(-len(m.zones) // tables)  # balanced: 16 zones in 2 × 8, not 15 + 1
    for start in range(0, len(m.zones), per_table):
        zones = m.zones[start:start + per_table]
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1),
                      title=Text("per 10,000 characters (passages)", style="dim")
                      if start == 0 else None)
        table.add_column("theme", no_wrap=True, min_width=14)
        for zone, short, _ in zones:
            table.add_column(Text(visible(short or zone), style="bold cyan"), justify="right",
                             no_wrap=True, min_width=9)
        for t in m.themes:
            row = m.cells.get(t.name, {})
            top = max((c.per_10k for c in row.values()), default=0)
            cells = []
            for zone, _, _ in zones:
                c = row.get(zone)
                if not c or not c.passages:
                    cells.append(Text("·", style="dim"))
                    continue
                style = "bold yellow" if top and c.per_10k >= 0.75 * top else ""
                cells.append(Text(f"{c.per_10k:.1f}", style=style)
                             + Text(f" ({c.passages})", style="dim"))
            table.add_row(_t(t.name), *cells)
        console.print(table)
