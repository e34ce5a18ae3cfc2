"""One pane of the Compare screen: a zone's header (figures, own forms, distinctive words)
and its passages, mounted a page at a time; and the theme list's items."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ListItem, ListView, Static

from index.textnorm import find_spans, visible
from tui.render import HIT, clip_right
from tui.widgets.lists import VimListView
from tui.widgets.passage import Passage, Wrapped


class ThemeItem(ListItem):
    def __init__(self, name: str, label: Text):
        super().__init__(Static(label))
        self.theme_name = name

    def set_label(self, label: Text) -> None:
        self.query_one(Static).update(label)


class PassageItem(Wrapped, ListItem):
    """A passage, drawn by the list item itself (one widget a passage, not two: a
    comparison mounts hundreds, and every widget costs styling and layout)."""

    def __init__(self, passage, body: Text):
        super().__init__()
        self.body = body
        self.passage = passage


class MoreItem(ListItem):
    """The last row of a long pane: reaching it (or Enter) mounts the next passages."""

    def __init__(self, start: int, rest: int):
        super().__init__(Static(Text(f"… {rest} more passages (Enter)", style="dim italic")))
        self.start = start


class ZonePane(Vertical):
    """One zone: header (name, figures, distinctive words) and its passages."""

    def __init__(self, zone, shared_styles: dict[str, str], pinned: bool):
        super().__init__(classes="zone-pane")
        self.zone = zone
        self.shared_styles = shared_styles
        self.pinned = pinned

    FIRST = 10  # passages mounted at first: more than a pane shows (a zone may have thousands)
    PAGE = 40  # passages mounted each time the cursor comes near the end of those

    def compose(self) -> ComposeResult:
        yield Passage(self.header(), classes="pane-head")
        yield VimListView(*self._items(0, self.FIRST), classes="pane-list")

    def _items(self, start: int, count: int) -> list[ListItem]:
        passages = self.zone.passages
        items: list[ListItem] = [PassageItem(p, self.body(p))
                                 for p in passages[start:start + count]]
        rest = len(passages) - start - count
        if rest > 0:
            items.append(MoreItem(start + count, rest))
        return items

    async def show_more(self, item: "MoreItem", upto: int = 0) -> None:
        """Mount the next page of passages (at least up to passage number `upto`)."""
        index = self.list.index
        await item.remove()
        await self.list.extend(self._items(item.start, max(self.PAGE, upto + 3 - item.start)))
        self.list.index = index

    async def reveal(self, passage) -> int | None:
        """The list index of `passage`, mounting passages up to it if need be."""
        at = next((i for i, p in enumerate(self.zone.passages) if p is passage), None)
        if at is None:
            return None
        last = self.list.children[-1] if len(self.list) else None
        if isinstance(last, MoreItem) and at >= last.start:
            await self.show_more(last, upto=at)
        return at

    async def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        last = self.list.children[-1] if len(self.list) else None
        if (isinstance(last, MoreItem) and self.list.index is not None
                and self.list.index >= len(self.list) - 3):
            await self.show_more(last)

    def header(self) -> Text:
        z = self.zone
        head = Text(("* " if self.pinned else "") + visible(z.short or z.zone), style="bold cyan")
        if z.short and z.short != z.zone:
            head.append(" " + visible(z.zone), style="dim")
        if z.empty:
            head.append("\n" + z.empty, style="italic")
            return head
        share = z.section_share
        n = len(z.passages)
        head.append(f"\n{n} passage{'s' if n != 1 else ''} · {z.per_10k:.1f}/万字"
                    + (f" · {share:.0%} of sections" if share is not None else "")
                    + f" · spread {z.dispersion:.0%}", style="dim")
        if z.variants:  # the zone's own forms of the theme's expressions, most used first
            head.append("\n")
            forms = sorted(((n, f) for v in z.variants for f, n in v.forms.items()),
                           key=lambda x: -x[0])
            for n, form in forms[:8]:
                head.append(visible(clip_right(form, 12)), style="bold")
                head.append(f"×{n} ", style="dim")
        if z.distinctive is None:
            head.append("\ndistinctive: computing…", style="dim italic")
        elif z.distinctive:
            head.append("\n")
            for s in z.distinctive[:8]:
                head.append(visible(s.term), style="bold yellow")
                head.append(f" {s.z:.1f}  ", style="dim")
        return head

    def body(self, p) -> Text:
        t = Text(visible(p.section or "（正文）"), style="green")
        t.append(f" ¶{p.para}" + (" ★" if p.in_main else ""), style="dim")
        t.append("\n")
        start = len(t)
        t.append(visible(p.text))
        for phrase, style in self.shared_styles.items():
            for s, e in find_spans(p.text, [phrase]):
                t.stylize(style, start + s, start + e)
        for s, e in p.spans:
            t.stylize(HIT, start + s, start + e)
        return t

    def refresh_header(self) -> None:
        self.query_one(".pane-head", Passage).update(self.header())

    @property
    def list(self) -> ListView:
        return self.query_one(".pane-list", ListView)
