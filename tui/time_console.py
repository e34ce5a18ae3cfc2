"""Rich rendering of trends and first use, for the command line and the app's time screens.

Charts are text: a sparkline per zone (▁▂▃▄▅▆▇█, each series scaled to its own highest
year, a gap where the zone has no document that year), the values beside it, bars for the
whole corpus, and the diffusion curve as bars of the cumulative number of zones. Document
text goes in as Text after visible(), never as markup; widths are counted in cells.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from index.corpus import make_snippet
from index.text.normal import find_spans, visible
from tui.console import HIT_STYLE

TICKS = "▁▂▃▄▅▆▇█"
BAR = 30  # cells of the longest bar


def _t(text: str, style: str = "") -> Text:
    return Text(visible(text), style=style)


def sparkline(values: list[float | None]) -> str:
    """One character per value (None: a gap), scaled from 0 to the largest: ▁ is 0 (or
    under 1/14 of the largest), never the series' minimum — a rate's chart starts at zero."""
    top = max((v for v in values if v is not None), default=0)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif not top:
            out.append(TICKS[0])
        else:
            out.append(TICKS[min(len(TICKS) - 1, int(v / top * (len(TICKS) - 1) + 0.5))])
    return "".join(out)


def trend_view(tr, max_series: int = 12):
    """The trend: a table of zones × years (per 10k characters, passages), a sparkline per
    zone, then the whole corpus's years as bars."""
    title = Text(visible(tr.theme.name), style="bold")
    if tr.theme.gloss:
        title.append(" — " + visible(tr.theme.gloss), style="dim")
    title.append("  mentions per 10,000 characters, by year", style="dim")
    if not tr.years:
        return Group(title, Text("No document has a year: nothing to chart.", style="bold"),
                     *(_t(n, "dim") for n in tr.notes))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1))
    table.add_column("zone", no_wrap=True)
    for y in tr.years:
        table.add_column(str(y), justify="right", no_wrap=True)
    table.add_column("trend", no_wrap=True)
    shown = tr.series[:-1][:max_series] + tr.series[-1:]
    for s in shown:
        pts = {p.year: p for p in s.points}
        cells = []
        for y in tr.years:
            p = pts.get(y)
            if p is None:
                cells.append(Text("", style="dim"))
            elif not p.passages:
                cells.append(Text("0", style="dim"))
            else:
                cells.append(Text(f"{p.per_10k:.1f}") + Text(f" ({p.passages})", style="dim"))
        line = sparkline([pts[y].per_10k if y in pts else None for y in tr.years])
        name = _t(s.short or s.zone, "bold" if s.zone == "(all)" else "bold cyan")
        table.add_row(name, *cells, Text(line, style="yellow"))
    parts = [title, table]
    if len(tr.series) - 1 > max_series:
        parts.append(Text(f"… {len(tr.series) - 1 - max_series} more zones (--zones to choose; "
                          f"--json or --format csv for all)", style="dim"))
    overall = tr.series[-1]
    top = max((p.per_10k for p in overall.points), default=0)
    bars = Text("whole corpus\n", style="bold")
    for p in overall.points:
        n = int(round(p.per_10k / top * BAR)) if top else 0
        bars.append(f"{p.year} ", style="dim")
        bars.append("█" * n + " " * (BAR - n), style="yellow")
        bars.append(f" {p.per_10k:.1f}", style="bold")
        bars.append(f"  {p.passages} passage{'' if p.passages == 1 else 's'} in {p.docs} "
                    f"document{'' if p.docs == 1 else 's'}\n", style="dim")
    parts.append(bars)
    for note in tr.notes:  # what was left out (undated documents …), in the view itself
        parts.append(Text("note: ", style="yellow") + _t(note, "dim"))
    return Group(*parts)


def first_use_view(fu, width: int = 100):
    """Each zone's first use, earliest first, then the diffusion curve."""
    title = Text("First use of ", style="bold") + _t(fu.phrase, HIT_STYLE)
    if len(fu.terms) > 1:
        title.append_text(_t(f"  ({'、'.join(fu.terms[:8])})", "dim"))
    rows = fu.adoptions + fu.undated
    if not rows:
        return Group(title, Text("No zone uses it.", style="bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1), expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("zone", no_wrap=True)
    table.add_column("document · ¶", ratio=2, overflow="fold")
    table.add_column("passage", ratio=4, overflow="fold")
    for n, a in enumerate(rows, 1):
        date = Text(a.date or "undated", style="" if a.date else "dim")
        if a.date_source in ("file date", "year", "file name", "folder"):
            date.append(f" ({a.date_source})", style="dim")
        elif a.date_kind in ("delivered", "issued", "published"):  # which date orders it
            date.append(f" {a.date_kind}", style="dim")
        doc = _t(a.title or a.doc_id) + Text(f" ¶{a.para}", style="dim")
        if a.uses > 1:
            doc.append(f"\n{a.uses} uses in all", style="dim")
        table.add_row(str(n), date, _t(a.short or a.zone, "bold cyan"), doc,
                      snippet(a.text, fu.terms))
    return Group(title, table, diffusion(fu))


def snippet(text: str, terms: list[str], max_chars: int = 90) -> Text:
    spans = find_spans(text, terms)
    snip, sp = make_snippet(text, spans, max_chars)
    t = Text(visible(snip))
    for s, e in sp:
        t.stylize(HIT_STYLE, s, e)
    return t


def diffusion(fu) -> Text:
    """The diffusion curve: cumulative zones by date, one bar per adoption."""
    curve = fu.curve()
    out = Text("diffusion: zones that had used it by each date\n", style="bold")
    if not curve:
        return out
    total = len(curve)
    wide = max(len(d) for d, _, _ in curve)
    for date, n, zone in curve:
        k = max(1, int(round(n / total * BAR)))
        out.append(date.ljust(wide) + " ", style="dim")
        out.append("█" * k + " " * (BAR - k), style="green")
        out.append(f" {n}", style="bold")
        out.append_text(_t(f"  +{zone}\n", "cyan"))
    return out
