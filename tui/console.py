"""Rich rendering for the command line. Document text always goes in as Text, never markup."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from index.text.normal import visible, visible_line
from tui.render import counted

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
HIT_STYLE = "bold black on yellow"


def fail(message: str, code: int = 2):
    # not wrapped by Rich: a path in the message stays whole (the terminal wraps it)
    err.print(Text("error: ", style="bold red") + Text(visible(message)), soft_wrap=True)
    sys.exit(code)


def highlighted(text: str, spans) -> Text:
    t = Text(visible(text))
    for s, e in spans:
        t.stylize(HIT_STYLE, s, e)
    return t


def query_words(q) -> str:
    """What a query searched for: as typed, or, when the terms are not what was typed (a
    pinyin query read as corpus terms), the terms themselves and what was typed."""
    typed = q.text
    if all(t in typed for t in q.terms):
        return repr(typed)
    groups = [" OR ".join(g) for g in q.groups]
    return " and ".join(groups) + f" (typed {typed!r})"


def search_table(result, full: bool = False) -> None:
    """The hits, best first: a line naming where each is (zone · document › section ¶),
    then its context around the match (full: the whole paragraph), matches highlighted.
    Plain lines, not a table: laying out 20 long paragraphs in table cells was most of the
    command's time."""
    from rich.padding import Padding

    for note in result.notes:
        err.print(Text("note: ", style="yellow") + Text(visible(note)))
    if not result.hits:
        out.print(Text(f"No paragraph contains {query_words(result.query)}."))
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
    more = f" of {total:,}" if total is not None and total > shown else ""
    noun = counted(total if more else shown, "paragraph").split(" ", 1)[1]
    out.print(Text(f"{shown:,}{more} {noun} containing {query_words(result.query)}"
                   + ("" if full else " (--full: whole paragraphs)"), style="dim"))


TAG = 10  # cells for the zone in front of a concordance line


def kwic_width() -> int:
    """Context cells per side that fit the terminal with the zone tag and a 4-character hit."""
    return max(10, (out.size.width - TAG - 9) // 2)


def kwic_lines(result) -> None:
    """One line per occurrence: zone, left context right-aligned, the hit, right context."""
    from tui.render import clip_right, pad_left

    for note in result.notes:
        err.print(Text("note: ", style="yellow") + Text(visible(note)))
    what = query_words(result.query)
    if not result.lines:
        out.print(Text(f"No occurrence of {what}." if result.query.terms else
                       "KWIC needs a term to centre on."))
        return
    for ln in result.lines:
        name = clip_right(visible(ln.short or ln.zone or "?"), TAG - 1)
        line = Text(name + " " * (TAG - cell_len(name)), style="cyan")
        line.append(pad_left(visible(ln.left), ln.width), style="dim")
        line.append(visible(ln.hit), style=HIT_STYLE)
        line.append(visible(ln.right))
        out.print(line, no_wrap=True, overflow="crop")
    shown, total = len(result.lines), result.total
    order = "search's order" if result.sort == "rank" else f"sorted by {result.sort}"
    if result.read < result.paragraphs:  # search's order: only the best paragraphs read
        out.print(Text(f"{counted(shown, 'occurrence')} of {what} from the best "
                       f"{result.read:,} of {counted(result.paragraphs, 'paragraph')}, {order} "
                       f"(--limit 0 for all)",
                       style="dim"))
        return
    more = f" of {total:,}" if total > shown else ""
    noun = counted(total if more else shown, "occurrence").split(" ", 1)[1]
    out.print(Text(f"{shown:,}{more} {noun} of {what} in "
                   f"{counted(result.paragraphs, 'paragraph')}, "
                   f"{order}", style="dim"))


def docs_table(rows, db) -> None:
    from rich.table import Table  # here: the commands that print no table start sooner

    table = Table(title=Text(f"{counted(len(rows), 'document')} in {db}"), expand=True)
    for col, kw in (("doc_id", {"ratio": 3}), ("zone", {"ratio": 2}), ("date", {"no_wrap": True}),
                    ("title", {"ratio": 4}), ("chars", {"justify": "right"}),
                    ("¶", {"justify": "right"})):
        table.add_column(col, overflow="fold", **kw)
    for d in rows:
        table.add_row(Text(visible(d.doc_id)), zone_cell(d), date_cell(d),
                      Text(visible(d.title)), f"{d.chars:,}", str(d.paragraphs))
    out.print(table)
    guessed = sum(1 for d in rows if d.date_note)
    if guessed:
        err.print(f"{guessed} date(s) marked “file date” are only when the file was made "
                  f"(its PDF or .docx properties), not the document's own date")


def zone_cell(d) -> Text:
    """The zone, and its level when known (开发区, 区 …) in grey."""
    t = Text(visible(d.zone or ""))
    if getattr(d, "level", ""):
        t.append(f" {visible(d.level)}", style="dim")
    return t


def date_cell(d) -> Text:
    """The date, or the year alone, saying where it came from when not the text or a
    manifest: “2021 (file name)”; a file's creation date is marked “file date”."""
    src = d.provenance.get("date") if d.date else d.provenance.get("year")
    t = Text(d.date or (str(d.year) if d.year else ""))
    if d.date_note:
        t.append(" (file date)", style="yellow")
    elif src in ("file name", "folder"):
        t.append(f" ({src})", style="dim")
    elif getattr(d, "date_kind", "") in ("delivered", "issued", "published"):
        t.append(f" {d.date_kind}", style="dim")  # which date it is (meta/events.py)
    return t


@contextmanager
def index_progress():
    """A progress bar (files, MB, rate) on a terminal; nothing when output is redirected."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

    with Progress(TextColumn("indexing"), BarColumn(), TextColumn("{task.fields[files]} files"),
                  DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("index", total=None, files="0/?")

        def update(p):
            files = f"{p.files_done}/{p.files_total}"
            if getattr(p, "waiting", 0):  # another index run holds the lock: taking turns
                files = f"waiting for another index run ({p.waiting:.0f} s)…"
            bar.update(task, total=p.bytes_total, completed=p.bytes_done, files=files)
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
    """What an index run did; every file name and reason on one line of its own (a name
    holding a newline or escape is shown with symbols, never as a second line)."""
    mb = report.bytes / 2**20
    rate = mb / report.seconds if report.seconds else 0
    line = Text(f"Indexed {counted(len(report.indexed), 'file')} "
                f"({counted(report.docs, 'document')}, "
                f"{counted(report.paragraphs, 'paragraph')}, {mb:.1f} MB) in "
                f"{report.seconds:.1f} s ({rate:.1f} MB/s) into ") + Text(visible_line(str(db)) + ".")
    if report.unchanged:
        line.append(f" {len(report.unchanged)} unchanged.")
    if report.removed:
        line.append(f" {len(report.removed)} removed (files gone).")
    out.print(line, soft_wrap=True)
    if report.ignored:
        kinds = sorted({p.rsplit(".", 1)[-1].lower() if "." in p else "(no extension)"
                        for p in report.ignored})
        out.print(Text(f"{len(report.ignored)} other files ignored "
                       f"({visible_line(', '.join(kinds[:8]))}).", style="dim"))
    _listed(report.errors, Text("could not index ", style="red"), None, bold=True)
    _listed(report.warnings, Text("warning ", style="yellow"), 50)
    _listed(getattr(report, "skipped", []), Text("skipped ", style="dim"), 20)


def _listed(items, label: Text, most: int | None, bold: bool = False) -> None:
    for path, reason in items[:most]:
        err.print(label + Text(visible_line(path), style="bold" if bold else "")
                  + Text(": " + visible_line(reason)), soft_wrap=True)
    if most is not None and len(items) > most:
        err.print(Text(f"… and {len(items) - most} more", style=label.style))


def chart_size() -> dict:
    """The width and height a plotext chart (tui/charts.py) gets: the terminal's width (at
    most 110 cells), and colour only on a terminal."""
    width = min(110, max(50, out.size.width))
    return {"width": width, "height": max(14, min(24, width // 4)),
            "colour": out.is_terminal}


def chart(text: str, key: list[str]) -> None:
    """A plotext chart as it was drawn, then its key (names in full, as Text)."""
    sys.stdout.write(text.rstrip() + "\n\n")
    sys.stdout.flush()
    for line in key:
        out.print(Text(visible(line)), soft_wrap=True)
