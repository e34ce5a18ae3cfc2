"""Rich tables for the word statistics of the command line (keywords, collocates, clusters,
words). Words from documents go in as Text (visible()), never markup."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from index.text.normal import visible
from tui.console import err, out

_NUMERIC = {"count", "ref_count", "per_10k", "ref_per_10k", "ll", "log_ratio", "p", "left",
            "right", "mi", "log_dice", "dispersion", "inside", "ref_inside"}
_LABELS = {"per_10k": "/10k", "ref_per_10k": "ref/10k", "ll": "G²", "count": "n",
           "log_ratio": "LR", "log_dice": "logDice", "dispersion": "DP", "ref_count": "ref n",
           "left": "L", "right": "R", "inside": "+in longer", "ref_inside": "+ref in longer"}
_BESIDE = {"inside": "count", "ref_inside": "ref_count"}  # shown right after that column


def _ordered(keys: list[str]) -> list[str]:
    out = [k for k in keys if k not in _BESIDE]
    for k, after in _BESIDE.items():
        if k in keys:
            out.insert(out.index(after) + 1 if after in out else len(out), k)
    return out


def building_progress():
    """A progress callback for a first build of the unit tables (a line on stderr)."""
    shown = {"last": -1}

    def progress(done: int, total: int, what: str) -> None:
        pct = int(done * 100 / total) if total else 100
        if pct != shown["last"]:
            shown["last"] = pct
            err.print(Text(f"word statistics: {what} the corpus {pct}%", style="dim"),
                      end="\n" if done >= total else "\r")
    return progress


def _cell(key: str, value) -> Text:
    if value is None:  # a figure that cannot be computed here (DP of one document)
        return Text("n/a", style="dim")
    if key == "p":
        s = "<1e-300" if not value else (f"{value:.1e}" if value < 0.001 else f"{value:.3f}")
        return Text(s)
    if isinstance(value, float):
        return Text(f"{value:.2f}")
    return Text(visible(str(value)))


def listing(result, title: str) -> None:
    """Any analysis Listing as a table, with what it compared and its notes."""
    rows = result.as_json()
    head = Text(title, style="bold")
    if result.target:
        head.append(f" · {visible(result.target)}")
    if result.reference:
        head.append(f" vs {visible(result.reference)}", style="dim")
    for note in result.notes:
        err.print(Text("note: ", style="yellow") + Text(visible(note)))
    if not rows:
        out.print(head)
        out.print(Text("nothing to list" + (f" ({result.threshold})" if result.threshold
                                            else ""), style="dim"))
        return
    table = Table(title=head, expand=False, padding=(0, 1), box=box.SIMPLE_HEAD)
    keys = _ordered(list(rows[0]))
    for k in keys:
        if k in _NUMERIC:
            table.add_column(_LABELS.get(k, k), justify="right", no_wrap=True)
        else:  # the words themselves never shrink to "…"
            width = max(cell_len(visible(str(r.get(k, "")))) for r in rows)
            table.add_column(_LABELS.get(k, k), min_width=min(width, 30), overflow="fold")
    for r in rows:
        table.add_row(*(_cell(k, r.get(k, "")) for k in keys))
    out.print(table)
    sizes = []
    if result.target_tokens:
        sizes.append(f"{result.target_tokens:,} " + ("occurrences" if result.kind in
                                                      ("collocates", "clusters") else "words"))
    if result.ref_tokens and result.kind == "keywords":
        sizes.append(f"reference {result.ref_tokens:,} words")
    if result.threshold:
        sizes.append(result.threshold)
    if result.kind == "keywords":
        sizes.append("G² log-likelihood · LR log ratio (log2) · p chi-square 1 df · "
                     "+in longer: the string inside longer words, not counted in n")
    out.print(Text(" · ".join(sizes), style="dim"))
