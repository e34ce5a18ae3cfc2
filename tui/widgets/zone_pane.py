"""One pane of the Compare screen: a zone's header (figures, own forms, distinctive words)
over its passages (a virtual list); and the theme list's items."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ListItem, Static

from index.text.normal import find_spans, visible
from tui.compare_console import matched_text
from tui.render import HIT, clip_right
from tui.widgets.block_view import BlockView
from tui.widgets.passage import Passage
from tui.widgets.reuse_badge import badge
from tui.workbench import mark_of
from tui.wrap import wrap

PASSAGE_CHARS = 3000  # a longer passage is shown as an excerpt around its first hit


def excerpt(text: str, spans) -> tuple[int, int]:
    """(start, end) of the part of a passage a pane shows: all of it up to PASSAGE_CHARS,
    else PASSAGE_CHARS characters from a little before its first hit (a one-paragraph
    document of 50 MB would otherwise be wrapped whole)."""
    if len(text) <= PASSAGE_CHARS:
        return 0, len(text)
    first = min((s for s, _ in spans), default=0)
    lo = max(0, min(first - PASSAGE_CHARS // 4, len(text) - PASSAGE_CHARS))
    return lo, lo + PASSAGE_CHARS


class ThemeItem(ListItem):
    def __init__(self, name: str, label: Text):
        self.label = Static(label)
        super().__init__(self.label)
        self.theme_name = name

    def set_label(self, label: Text) -> None:
        # the label itself, not a query: the matrix may arrive before the item has mounted
        # its children (a query would find nothing and raise)
        self.label.update(label)


class PaneList(BlockView):
    """A zone's passages, one block each (heading path, then the passage wrapped with its
    theme expressions and shared phrases styled). A virtual list: a zone may have thousands
    of passages and twelve panes show at once, yet only what is on screen is wrapped."""

    choose_on_click = True  # Enter is the screen's (compare.open), remappable

    def __init__(self, pane: "ZonePane", **kwargs):
        super().__init__(**kwargs)
        self.pane = pane

    @property
    def passages(self) -> list:
        return self.pane.zone.passages

    @property
    def block_count(self) -> int:
        return len(self.passages)

    @property
    def current_passage(self):
        return self.passages[self.cursor] if self.passages else None

    def wrap_block(self, block: int, width: int) -> list[Text]:
        body = self.pane.body(self.passages[block])
        return [*wrap(body, width).split("\n", allow_blank=True), Text("")]


class ZonePane(Vertical):
    """One zone: header (name, figures, distinctive words) and its passages."""

    def __init__(self, zone, shared_styles: dict[str, str], pinned: bool, badges=None):
        super().__init__(classes="zone-pane")
        self.zone = zone
        self.badges = badges if badges is not None else {}  # {para id: reuse pairs}
        self.shared_styles = shared_styles
        self.pinned = pinned

    def compose(self) -> ComposeResult:
        yield Passage(self.header(), classes="pane-head")
        yield PaneList(self, classes="pane-list")

    def reveal(self, passage) -> int | None:
        """Put the cursor on `passage` (sync: no Moved message of its own) and say where."""
        at = next((i for i, p in enumerate(self.zone.passages) if p is passage), None)
        if at is not None:
            self.list.go_to_block(at, "sync")
        return at

    def header(self) -> Text:
        z = self.zone
        head = Text(("* " if self.pinned else "") + visible(z.short or z.zone), style="bold cyan")
        if z.short and z.short != z.zone:
            head.append(" " + visible(z.zone), style="dim")
        elif z.members and z.members != [z.short or z.zone]:  # a year's or level's zones
            head.append(" " + visible("、".join(z.members)), style="dim")
        work = getattr(self.app, "work", None)
        if work is not None and work.has_memo("zone", z.zone, z.short):
            head.append(" ✎", style="bold yellow")  # a memo on the zone (F7 lists it)
        if z.empty:
            head.append("\n" + z.empty, style="italic")
            return head
        share = z.section_share
        n = len(z.passages)
        head.append(f"\n{n} passage{'s' if n != 1 else ''} · {z.per_10k:.1f}/万字"
                    + (f" · {share:.0%} of sections" if share is not None else "")
                    + f" · spread {z.dispersion:.0%}", style="dim")
        line = z.year_line()
        if len(line) >= 2:  # its trend over the years it has documents for (y: the chart)
            from tui.time_console import sparkline

            head.append("\n" + sparkline([v for _, v in line]), style="yellow")
            head.append(f" {line[0][0]}–{line[-1][0]}", style="dim")
        if z.variants:  # the zone's own forms of the theme's expressions, most used first
            head.append("\n")
            forms = sorted(((n, f) for v in z.variants for f, n in v.forms.items()),
                           key=lambda x: -x[0])
            for n, form in forms[:8]:
                head.append(visible(clip_right(form, 12)), style="bold")
                head.append(f"×{n} ", style="dim")
        if z.distinctive is None:
            head.append("\ndistinctive: computing…", style="dim italic")
        elif not z.distinctive and z.passages:
            head.append("\ndistinctive: none at p<0.001", style="dim italic")
        elif z.distinctive:
            head.append("\n")
            for s in z.distinctive[:8]:
                head.append(visible(s.term), style="bold yellow")
                head.append(("***" if s.p < 0.001 else "**" if s.p < 0.01 else "*")
                            + "  ", style="dim")
        return head

    def body(self, p) -> Text:
        t = Text(visible(p.section or "（正文）"), style="green")
        if p.group and p.group != p.zone:  # grouped by year or level: whose passage
            t = Text.assemble((visible(p.short or p.zone) + " ", "bold cyan"), t)
        t.append(f" ¶{p.para}" + (" ★" if p.in_main else ""), style="dim")
        t.append_text(badge(self.badges.get(p.para_id), p.para_id))
        t.append_text(mark_of(self, p.doc_id, p.para))  # its codes and memo (workbench)
        t.append("\n")
        lo, hi = excerpt(p.text, p.spans)
        text = p.text[lo:hi]
        if lo:
            t.append("… ", style="dim")
        start = len(t)
        t.append(visible(text))
        for phrase, style in self.shared_styles.items():
            for s, e in find_spans(text, [phrase]):
                t.stylize(style, start + s, start + e)
        for s, e in p.spans:
            if lo <= s and e <= hi:
                t.stylize(HIT, start + s - lo, start + e - lo)
        if hi < len(p.text) or lo:
            t.append(f" …（{len(p.text):,}字 excerpt; Enter reads it whole）", style="dim")
        if p.matched:  # what pulled it in, so a reader can check it (and x takes it out)
            t.append("\n")
            t.append_text(matched_text(p.matched))
        return t

    def refresh_header(self) -> None:
        self.query_one(".pane-head", Passage).update(self.header())

    @property
    def list(self) -> PaneList:
        return self.query_one(PaneList)
