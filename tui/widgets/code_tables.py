"""What codes show, as widgets of the codes view: the code × group matrix (segments and
per-10k rates), code co-occurrence, and a code's segments side by side by zone."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, VerticalScroll
from textual.widgets import Static

from index.text.normal import visible
from tui.widgets.lists import VimDataTable


class MatrixTable(VimDataTable):
    """Code × zone (year, zone-year, level): segments, and per 10,000 characters of the
    group's documents beneath, as `codes matrix` computes them."""

    def show(self, matrix, colours: dict[str, str]) -> None:
        self.clear(columns=True)
        self.add_column("code", key="code")
        for g in matrix.groups:
            self.add_column(visible(str(g)), key=str(g))
        self.add_column("total", key="total")
        for r in matrix.rows:
            name = Text("  " if r.get("parent") else "")
            name.append("■ ", style=colours.get(r["code"]) or "bold")
            name.append(visible(r["code"]), style="bold")
            cells = []
            for g in matrix.groups:
                n = r["counts"].get(g, 0)
                rate = r["per_10k"].get(g, 0.0)
                cells.append(Text(f"{n} · {rate:.2f}", style="bold" if n else "dim"))
            self.add_row(name, *cells, Text(str(r.get("total", 0)), style="bold"),
                         key=r["code"])


def matrix_note(matrix) -> Text:
    t = Text("cells: segments · per 10,000 characters of the group's documents (every "
             "document, coded or not)", style="dim")
    for note in matrix.notes:
        t.append("\nnote: " + visible(note), style="yellow")
    return t


class CooccurrenceTable(VimDataTable):
    def show(self, cooc) -> None:
        self.clear(columns=True)
        for col in ("code", "code ", "passages with both", "Jaccard"):
            self.add_column(col)
        for p in cooc.pairs:
            self.add_row(visible(p["a"]), visible(p["b"]), str(p["passages"]),
                         f"{p['jaccard']:.2f}")
        if not cooc.pairs:
            self.add_row(Text("no two codes share a passage yet", style="dim"), "", "", "")


class SegmentsByZone(HorizontalScroll):
    """Every coded segment of a code, one column per zone."""

    DEFAULT_CSS = """
    SegmentsByZone { height: 1fr; }
    SegmentsByZone > VerticalScroll { width: 40; min-width: 30; height: 1fr;
                                       border-right: solid $panel; padding: 0 1; }
    SegmentsByZone .zone-head { text-style: bold; color: $accent; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("Choose a code (Enter in the codebook) to see its segments by zone",
                          style="dim"))

    async def show(self, code: str, segments) -> None:
        await self.remove_children()
        by_zone: dict[str, list] = {}
        for s in segments:
            by_zone.setdefault(s.zone or "?", []).append(s)
        if not by_zone:
            await self.mount(Static(Text(f"{code}: no coded segment yet", style="dim")))
            return
        columns = []
        for zone, segs in sorted(by_zone.items(), key=lambda z: -len(z[1])):
            body = Text()
            for s in segs:
                body.append(f"{visible(s.title[:18])} ¶{s.para}", style="green")
                if s.status != "ok":
                    body.append(f" ({s.status})", style="yellow")
                body.append("\n" + visible(s.text[:200].replace("\n", " ")) + "\n\n")
            column = VerticalScroll(Static(Text(f"{visible(zone)} · {len(segs)}"),
                                           classes="zone-head"), Static(body))
            columns.append(column)
        await self.mount_all(columns)
