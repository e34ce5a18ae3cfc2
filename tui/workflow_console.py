"""Rich output of the workflow commands (codes, coded, codes matrix, codes cooccur, memos,
sets). Text from documents and users goes in as Text (visible()), never markup."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text

from index.text.normal import visible
from tui.console import err, out

_STATUS = {"ok": "", "moved": "cyan", "fuzzy": "yellow", "orphaned": "bold red"}


def notes(items) -> None:
    for note in items:
        err.print(Text("note: ", style="yellow") + Text(visible(note)))


def coding(report, undo: bool = False) -> None:
    """One line: what `code` or `uncode` did."""
    if undo:
        out.print(Text(f"took {visible(report.code)} off {report.added:,} segment(s) in the "
                       f"{report.paragraphs:,} paragraph(s) found"))
        return
    line = Text(f"coded {report.added:,} paragraph(s) with ")
    line.append(visible(report.code), style="bold")
    line.append(f" ({report.paragraphs:,} found", style="dim")
    if report.already:
        line.append(f", {report.already:,} had it already", style="dim")
    line.append(")", style="dim")
    if report.created:
        line.append(" · new code, at the top of the codebook", style="green")
    out.print(line, soft_wrap=True)


def codebook(codes) -> None:
    if not codes:
        out.print(Text("The codebook is empty: `main.py codes import policy-instruments` "
                       "loads the shipped one, or `main.py code CODE QUERY` makes a code.",
                       style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("code")
    table.add_column("n", justify="right")
    table.add_column("description", overflow="fold", ratio=1)
    for c in codes:
        name = Text("  " * c.depth)
        name.append("■ ", style=c.colour or "white")
        name.append(visible(c.name), style="bold" if c.depth == 0 else "")
        table.add_row(name, f"{c.count:,}" if c.count else "", Text(visible(c.description),
                                                                     style="dim"))
    out.print(table)


def segments(items, orphans: bool = False) -> None:
    if not items:
        out.print(Text("no orphaned segment: every coded segment is on its text" if orphans
                       else "no coded segment", style="dim"))
        return
    last = None
    for s in items:
        if s.code != last:
            out.print(Text(visible(s.code), style="bold underline"))
            last = s.code
        head = Text("  ")
        head.append(visible(s.zone or "?"), style="bold cyan")
        head.append(f" ¶{s.para} {s.start}-{s.end}", style="dim")
        head.append(" · " + visible(s.title or s.doc_id), style="dim")
        if s.status != "ok":
            head.append(f"  {s.status}" + (f" {s.score:.0f}" if s.status == "fuzzy" else ""),
                        style=_STATUS[s.status])
        out.print(head)
        out.print(Text("    " + visible(s.text)))
    orphaned = sum(1 for s in items if s.status == "orphaned")
    tail = f"{len(items):,} segment(s)"
    if orphaned:
        tail += f", {orphaned:,} orphaned (their text is no longer in the document)"
    err.print(Text(tail, style="dim"))


def matrix(m) -> None:
    table = Table(title=Text(f"coded segments: code × {m.by} (per 10,000 characters)"),
                  box=box.SIMPLE_HEAD, padding=(0, 1))
    table.add_column("code")
    for g in m.groups:
        table.add_column(Text(visible(g)), justify="right", overflow="fold")
    for r in m.rows:
        cells = [Text(f"{r['counts'][g]}", style="bold") + Text(f" {r['per_10k'][g]:.2f}",
                                                                 style="dim")
                 if r["counts"][g] else Text("·", style="dim") for g in m.groups]
        table.add_row(Text(visible(r["code"])), *cells)
    out.print(table)
    notes(m.notes)


def cooccurrence(co) -> None:
    if not co.pairs:
        out.print(Text("no paragraph carries two codes", style="dim"))
        return
    table = Table(title=Text("codes on the same paragraph"), box=box.SIMPLE_HEAD)
    for col in ("code", "code", "passages", "Jaccard"):
        table.add_column(col, justify="right" if col[0] in "pJ" else "left")
    for p in co.pairs:
        table.add_row(Text(visible(p["a"])), Text(visible(p["b"])), str(p["passages"]),
                      f"{p['jaccard']:.2f}")
    out.print(table)


def memos(items) -> None:
    if not items:
        out.print(Text("no memo", style="dim"))
        return
    for m in items:
        head = Text(f"#{m.id} ", style="bold")
        head.append(visible(m.label), style="cyan")
        head.append(f"  {m.updated}", style="dim")
        if m.status == "orphaned":
            head.append("  orphaned: its paragraph is gone", style="bold red")
        out.print(head)
        for line in m.text.splitlines():
            out.print(Text("  " + visible(line)))


def doc_sets(items) -> None:
    if not items:
        out.print(Text("no set: `main.py set save NAME --zones …` makes one", style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1))
    for col in ("set", "docs", "definition"):
        table.add_column(col, justify="right" if col == "docs" else "left", overflow="fold")
    for s in items:
        table.add_row(Text(visible(s.name), style="bold"), f"{len(s.docs):,}",
                      Text(visible(s.describe())))
        notes(s.notes)
    out.print(table)
