"""Compare's panes as a user arranges them: widths that fit the screen, the theme sidebar
on narrow screens, moving between panes, pinning, moving and hiding zones, sync.

A mixin of CompareScreen: it uses the screen's panes (ZonePane), comparison, order, pinned,
hidden and render_panes()."""

from __future__ import annotations

from textual.widgets import Input, ListView

from tui.widgets.zone_pane import ZonePane


class PaneActions:
    """Layout and arrangement of Compare's zone panes (mixed into CompareScreen)."""

    MIN_PANE = 34  # cells; with more zones than fit, panes scroll horizontally

    def on_resize(self) -> None:
        self._fit_sidebar()
        self.call_after_refresh(self._fit_panes)

    def _fit_panes(self) -> None:
        panes = list(self.query(ZonePane))
        if not panes:
            return
        width = self._pane_width(len(panes))
        for pane in panes:
            pane.styles.width = width

    def _pane_width(self, count: int) -> int:
        room = self.query_one("#panes").size.width or self.size.width
        return max(self.MIN_PANE, room // max(count, 1))

    def _fit_sidebar(self, show: bool = False) -> None:
        side = self.query_one("#theme-side")
        side.set_class(self.size.width < self.NARROW and not show, "-hidden")
        self.call_after_refresh(self._fit_panes)

    def action_focus_themes(self) -> None:
        self._fit_sidebar(show=True)
        self.query_one("#themes", ListView).focus()

    def action_focus_query(self) -> None:
        self._fit_sidebar(show=True)
        self.query_one("#adhoc", Input).focus()

    def action_pane(self, step: int) -> None:
        panes = list(self.query(ZonePane))
        if not panes:
            return
        current = self.current_pane()
        i = panes.index(current) if current in panes else -1
        self._focus_pane(panes[(i + step) % len(panes)])

    async def _reorder(self, change) -> None:
        pane = self.current_pane()
        if pane is None or self.comparison is None:
            return
        if change(pane.zone.zone) is False:
            return
        await self.render_panes(focus_zone=pane.zone.zone)

    async def action_pin(self) -> None:
        def toggle(zone):
            if zone in self.pinned:
                self.pinned.remove(zone)
            else:
                self.pinned.append(zone)
        await self._reorder(toggle)

    async def action_move_pane(self, step: int) -> None:
        def move(zone):
            names = [z.zone for z in self.visible_zones()]
            i = names.index(zone)
            j = max(0, min(len(names) - 1, i + step))
            if i == j:
                return False  # already at that end
            if (zone in self.pinned) != (names[j] in self.pinned):
                self.notify("Pinned zones stay in front of the others: p unpins", timeout=4)
                return False
            names[i], names[j] = names[j], names[i]
            self.pinned = [n for n in names if n in self.pinned]
            self.order = names + [z for z in self.order if z not in names]
        await self._reorder(move)

    async def action_hide_zone(self) -> None:
        pane = self.current_pane()
        if pane is not None and len(self.visible_zones()) > 1:
            self.hidden.add(pane.zone.zone)
            await self.render_panes()

    async def action_show_all(self) -> None:
        self.hidden.clear()
        if self.comparison is not None:
            await self.render_panes()

    def action_sync(self) -> None:
        self.synced = not self.synced
        self.notify("Sync on: other panes follow the nearest passage" if self.synced
                    else "Sync off", timeout=3)
