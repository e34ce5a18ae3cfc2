"""Rich rendering for the command line. Document text always goes in as Text, never markup."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table
from rich.text import Text

from index.text.normal import visible

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
HIT_STYLE = "bold black on yellow"


def fail(message: str, code: int = 2):
    err.print(Text("error: ", style="bold red") + Text(visible(message)))
    sys.exit(code)


def highlighted(text: str, spans) -> Text:
    t = Text(visible(text))
    for s, e in spans:
        t.stylize(HIT_STYLE, s, e)
    return t


def search_table(result, full: bool = False) -> None:
    """The hits, best first: a line naming where each is (zone · document › section ¶),
    then its context around the match (full: the whole paragraph), matches highlighted.
    Plain lines, not a table: laying out 20 long paragraphs in table cells was most of the
    command's time."""
    from rich.padding import Padding

    for note in result.notes:
        err.print(Text("note: ", style="yellow") + Text(visible(note)))
    if not result.hits:
        out.print(Text(f"No paragraph contains {result.query.text!r}."))
        return
    for n, hit in enumerate(result.hits, 1):
        head = Text(f"{n:>3} ", style="bold")
        head.append(visible(hit.short or hit.zone or "?"), style="bold cyan")
        head.append(f" ¶{hit.para} {hit.score:.2f}", style="dim")
        head.append(" · " + visible(hit.title or hit.doc_id), style="dim")
        if hit.section:
            head.append(" › " + visible(hit.section), style="green")
        text, spans = (hit.text, hit.spans) if full else hit.snippet(160)
        out.print(head, no_wrap=True, overflow="ellipsis")
        out.print(Padding(highlighted(text, spans), (0, 0, 0, 4)))
    total = result.total
    shown = len(result.hits)
    more = f" of {total}" if total is not None and total > shown else ""
    out.print(Text(f"{shown}{more} paragraphs containing {result.query.text!r}"
                   + ("" if full else " (--full: whole paragraphs)"), style="dim"))


def docs_table(rows, db) -> None:
    table = Table(title=Text(f"{len(rows)} documents in {db}"), expand=True)
    for col, kw in (("doc_id", {"ratio": 3}), ("zone", {"ratio": 2}), ("date", {"no_wrap": True}),
                    ("title", {"ratio": 4}), ("chars", {"justify": "right"}),
                    ("¶", {"justify": "right"})):
        table.add_column(col, overflow="fold", **kw)
    for d in rows:
        table.add_row(Text(visible(d.doc_id)), Text(visible(d.zone)), Text(d.date or ""),
                      Text(visible(d.title)), f"{d.chars:,}", str(d.paragraphs))
    out.print(table)


@contextmanager
def index_progress():
    """A progress bar (files, MB, rate) on a terminal; nothing when output is redirected."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                               TimeRemainingColumn, TransferSpeedColumn)

    with Progress(TextColumn("indexing"), BarColumn(), TextColumn("{task.fields[files]} files"),
                  DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("index", total=None, files="0/?")

        def update(p):
            bar.update(task, total=p.bytes_total, completed=p.bytes_done,
                       files=f"{p.files_done}/{p.files_total}")
        yield update


def quiet_progress():
    """Progress callback for building the default database: one line on a terminal."""
    if not err.is_terminal:
        return None
    shown = []

    def update(p):
        if not shown:
            err.print(Text("preparing the sample corpus…", style="dim"))
            shown.append(1)
    return update


def index_report(report, db) -> None:
    mb = report.bytes / 2**20
    rate = mb / report.seconds if report.seconds else 0
    line = Text(f"Indexed {len(report.indexed)} files ({report.docs} documents, "
                f"{report.paragraphs:,} paragraphs, {mb:.1f} MB) in {report.seconds:.1f} s "
                f"({rate:.1f} MB/s) into {db}.")
    if report.unchanged:
        line.append(f" {len(report.unchanged)} unchanged.")
    if report.removed:
        line.append(f" {len(report.removed)} removed (files gone).")
    out.print(line)
    if report.ignored:
        kinds = sorted({p.rsplit(".", 1)[-1].lower() if "." in p else "(no extension)"
                        for p in report.ignored})
        out.print(Text(f"{len(report.ignored)} other files ignored ({', '.join(kinds[:8])}).",
                       style="dim"))
    for path, reason in report.errors:
        err.print(Text("could not index ", style="red") + Text(visible(path), style="bold")
                  + Text(": " + visible(reason)))
    for path, warning in report.warnings[:50]:
        err.print(Text("warning ", style="yellow") + Text(visible(path)) + Text(": " + visible(warning)))
    if len(report.warnings) > 50:
        err.print(Text(f"… and {len(report.warnings) - 50} more warnings", style="yellow"))
