"""Rich output of `main.py reuse` and `main.py diff`. Document text goes in as Text only."""

from __future__ import annotations

from contextlib import contextmanager

from rich.table import Table
from rich.text import Text

from index.text.normal import visible
from tui.console import err, out
from tui.render import counted

SHARED = "bold black on yellow"
CHANGED_A = "bold white on red"
CHANGED_B = "bold black on green"


def notes(items) -> None:
    for note in items:
        err.print(Text("note: ", style="yellow") + Text(visible(note)))


def marked(text: str, spans, style: str) -> Text:
    t = Text(visible(text))
    for s, e in spans:
        t.stylize(style, s, e)
    return t


def side_label(side) -> Text:
    t = Text(visible(side.short or side.zone or "?"), style="bold cyan")
    t.append(f" ¶{side.para}", style="bold")
    t.append("\n" + visible(side.date or "undated"), style="dim")
    t.append("\n" + visible(side.doc_id), style="dim")
    return t


@contextmanager
def update_progress():
    """A progress bar on stderr for the update (paragraphs), as callback(done, total)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("reuse: new paragraphs"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("reuse", total=None)

        def callback(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)
        yield callback


def update_line(report) -> None:
    if report.changed:
        err.print(Text(f"reuse: {counted(len(report.docs_done), 'document')} processed "
                       f"({counted(report.paragraphs, 'paragraph')}, "
                       f"{counted(report.pairs, 'pair')} stored"
                       + (f", {len(report.docs_dropped)} stale documents redone" if
                          report.docs_dropped else "") + f") in {report.seconds['total']:.1f} s",
                       style="dim"))


def pairs(result) -> None:
    notes(result.notes)
    if not result.pairs:
        out.print("No reuse found at these thresholds.")
        return
    shown = result.pairs
    table = Table(show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("source (earlier)", ratio=4, overflow="fold")
    table.add_column("target", ratio=4, overflow="fold")
    table.add_column("shared", justify="right", no_wrap=True)
    for n, p in enumerate(shown, 1):
        src = side_label(p.source)
        src.append("\n")
        src.append_text(marked(p.source.text, [(a, b) for a, b, _, _ in p.spans], SHARED))
        tgt = side_label(p.target)
        tgt.append("\n")
        tgt.append_text(marked(p.target.text, [(c, d) for _, _, c, d in p.spans], SHARED))
        score = Text(f"{p.similarity:.0%}\n{p.shared_chars} chars", style="bold")
        if p.direction != "dated":
            score.append("\n" + p.direction.replace("_", " ").replace("-", " ")
                         + (f" ({p.formula_zones} zones)" if p.formula_zones else ""),
                         style="yellow")
        if p.boilerplate:
            score.append("\nboilerplate", style="magenta")
        table.add_row(str(n), src, tgt, score)
    out.print(table)
    more = f" of {result.total}" if len(shown) < result.total else ""
    out.print(Text(f"{len(shown)}{more} reuse pairs; highlighted: the shared text", style="dim"))


def families(result) -> None:
    notes(result.notes)
    if not result.families:
        out.print("No reuse families at these thresholds.")
        return
    shown = result.families
    table = Table(show_lines=True, expand=True)
    table.add_column("family", justify="right", no_wrap=True)
    table.add_column("likely source", ratio=5, overflow="fold")
    table.add_column("copies", ratio=3, overflow="fold")
    table.add_column("spread", no_wrap=True)
    for f in shown:
        src = side_label(f.source)
        src.append("\n" + visible(f.source.text[:160]), style="")
        if f.formula is not None:  # a shared formula (index/reuse/formula.py)
            src.append(f"\n(shared formula of {f.formula.zones} {f.formula.level}-level zones"
                       + (": this higher-level text is its source)" if f.dated else
                          ": no source in the corpus; the first shown only spoke first)"),
                       style="yellow")
        elif not f.dated:
            src.append("\n(no member is dated earlier than all others)", style="yellow")
        copies = Text()
        for m in f.members[1:]:
            copies.append(visible(m.short or m.zone), style="cyan")
            copies.append(f" ¶{m.para} {m.date or 'undated'}\n", style="dim")
        first, last = f.spread
        spread = Text(f"{counted(len(f.zones), 'zone')}\n{first or '?'}\n→ {last or '?'}")
        if f.boilerplate:
            spread.append("\nboilerplate", style="magenta")
        table.add_row(str(f.id), src, copies, spread)
    out.print(table)
    more = f" of {result.total}" if len(shown) < result.total else ""
    noun = "family" if (result.total if more else len(shown)) == 1 else "families"
    out.print(Text(f"{len(shown)}{more} {noun}", style="dim"))


def diff(result) -> None:
    c = result.counts()
    out.print(Text(f"{visible(result.a_id)}  →  {visible(result.b_id)}", style="bold"))
    out.print(Text(f"{c['same']} same · {c['changed']} changed · {c['only_a']} only in A · "
                   f"{c['only_b']} only in B", style="dim"))
    table = Table(show_lines=True, expand=True)
    table.add_column("A", ratio=1, overflow="fold")
    table.add_column("", no_wrap=True)
    table.add_column("B", ratio=1, overflow="fold")
    for e in result.entries:
        if e.op == "same":
            a, b = Text(visible(e.a[1]), style="dim"), Text(visible(e.b[1]), style="dim")
            mid = Text(f"¶{e.a[0]}=¶{e.b[0]}", style="dim")
        elif e.op == "changed":
            a = marked(e.a[1], [(x0, x1) for _, x0, x1, _, _ in e.changes], CHANGED_A)
            b = marked(e.b[1], [(y0, y1) for _, _, _, y0, y1 in e.changes], CHANGED_B)
            mid = Text(f"¶{e.a[0]}→¶{e.b[0]}\nratio {e.similarity:.2f}", style="bold yellow")
        elif e.op == "only_a":
            a, b = Text(visible(e.a[1]), style="red"), Text("")
            mid = Text(f"¶{e.a[0]} −" + (" moved" if e.moved else ""), style="red")
        else:
            a, b = Text(""), Text(visible(e.b[1]), style="green")
            mid = Text(f"+ ¶{e.b[0]}" + (" moved" if e.moved else ""), style="green")
        table.add_row(a, mid, b)
    out.print(table)
    if c["changed"]:
        out.print(Text(f"ratio of a changed pair: {result.similarity_about}", style="dim"))
