"""Compare (home): pick a theme, see one pane per zone side by side.

Each pane lists that zone's passages carrying the theme (theme expressions highlighted,
heading path shown) under its figures and distinctive words. Shared phrases wear the same
colour in every pane. Moving through one pane lines up the nearest passage of every other
pane (sync, on by default). The comparison, the theme matrix and the distinctive words
(jieba) are computed in the core's helper process (Corpus separate_process), the workers
here only wait for them, so the app answers keys meanwhile; a comparison that arrives while
another screen is shown is drawn when Compare comes back.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, HorizontalScroll, Vertical
from textual.widgets import Header, Input, ListView, Static
from textual.worker import get_current_worker

from index.text.normal import visible
from tui import actions
from tui.citation import cite
from tui.compare_console import matched_text
from tui.memory import settle_memory
from tui.messages import Compared, Distinctive, MatrixReady, Nearest, OpenInReader, ThemesReady
from tui.render import SHARED_STYLES
from tui.screens.base import CorpusScreen
from tui.screens.compare_panes import PaneActions
from tui.screens.compare_theme import ThemeEdits
from tui.screens.compare_time import TimeActions
from tui.screens.reuse_marks import ReuseMarks
from tui.widgets.block_view import BlockView
from tui.widgets.footer import KeyFooter
from tui.widgets.lists import VimListView
from tui.widgets.zone_pane import ThemeItem, ZonePane


class CompareScreen(PaneActions, TimeActions, ThemeEdits, ReuseMarks, CorpusScreen):
    SCOPE = "compare"
    HELP = ("Pick a theme (t) or type any query (/) — pinyin works too. One pane per zone: "
            "h/l or ←/→ move between panes, j/k between passages, Enter opens the reader. "
            "Figures per zone: passages, mentions per 10,000 characters, share of sections "
            "touching the theme, spread over the document; then the variants it uses and its "
            "distinctive words (G² keyness, *** p < 0.001; w shows them with collocates). Shared "
            "phrases have the same colour in every pane; ★ marks the zone's main "
            "section on the theme.")
    BINDINGS = actions.bindings("compare")
    AUTO_FOCUS = "#panes"  # not the ad-hoc input: letters are keys here
    SYNC_DEFAULT = True  # other panes follow the selected passage (s toggles)

    def __init__(self):
        super().__init__()
        self.comparison = None
        self.key = ""
        self.pinned: list[str] = []
        self.hidden: set[str] = set()
        self.order: list[str] = []
        self.synced = self.SYNC_DEFAULT
        self.by = "zone"  # what a pane holds: zone, year, zone-year, level (b cycles)
        self._matrix_due = True  # the theme list's counts are to be (re)computed
        self._unrendered = False  # a comparison arrived while another screen was shown
        self._settled = False  # settle_memory() called after the first comparison drawn
        self._compared: dict = {}  # theme -> its whole comparison, for this corpus state
        self.resume: dict = {}  # the pane and passage the last session left (tui/session.py)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="compare-body"):
            with Vertical(id="theme-side"):
                yield Input(placeholder="query or pinyin…", id="adhoc")
                yield VimListView(id="themes")
            with Vertical(id="compare-main"):
                yield Static("", id="compare-status")
                yield HorizontalScroll(id="panes")
        yield KeyFooter()

    def corpus_ready(self) -> None:
        self._compared = {}  # the corpus changed: compare again
        self.corpus.stop_background()
        # The comparison first; the theme names at once, their counts (the matrix) once
        # the comparison is in. Both computations run in the helper process (Corpus
        # separate_process), so keys get answered while they run.
        self.show_theme(self.key or self.app.start_theme)
        self._matrix_due = True
        self.load_themes()

    # -- workers -----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="themes")
    def load_themes(self) -> None:
        self.post_message(ThemesReady(list(self.corpus.themes().values())))

    @work(thread=True, exclusive=True, group="matrix")
    def load_matrix(self) -> None:
        self.post_message(MatrixReady(self.corpus.matrix(separate_process=True)))

    FIRST_ZONES = 16  # the first answer: the busiest zones (more than MAX_PANES fit)

    @work(thread=True, exclusive=True, group="compare")
    def run_compare(self, key: str) -> None:
        """The busiest zones first (counts kept at index time), then the whole comparison
        from the second helper; a theme seen before comes from memory."""
        worker = get_current_worker()
        by = self.by
        comp = self._compared.get((key, by))
        only = self.app.work.set_docs()  # the set picked (S), or None
        if comp is None and only is not None:
            comp = self.corpus.compare(key, separate_process=True, by=by, only_docs=only)
        if comp is None:
            comp = self.corpus.compare(key, separate_process=True, by=by,
                                       top=self.FIRST_ZONES if by == "zone" else None)
            if not comp.complete and not worker.is_cancelled:
                self.post_message(Compared(key, comp))
                comp = self.corpus.compare(key, background=True, by=by)
            if comp is None or worker.is_cancelled:
                return
            self._compared[(key, by)] = comp
        self.post_message(Compared(key, comp))
        if not comp.distinctive_done:  # more zones than a first screen: a large corpus
            self.run_distinctive(key, comp, len(comp.zones) > self.FIRST_ZONES)

    @work(thread=True, exclusive=True, group="distinctive")
    def run_distinctive(self, key: str, comp, large: bool = False) -> None:
        """Distinctive words in the helper; on a large corpus in the second helper, which
        the next theme ends, so that its first screen never waits for them."""
        self.corpus.add_distinctive(comp, separate_process=not large, background=large)
        if comp.distinctive_done and not get_current_worker().is_cancelled:
            self.post_message(Distinctive(key, comp))

    # -- messages ----------------------------------------------------------------------
    def on_themes_ready(self, message: ThemesReady) -> None:
        themes = self.query_one("#themes", ListView)
        if [i.theme_name for i in themes.query(ThemeItem)] == [t.name for t in message.themes]:
            return  # the same list (corpus changed): its counts follow from the matrix
        themes.clear()
        themes.extend(ThemeItem(t.name, Text(visible(t.name), style="bold"))
                      for t in message.themes)

    def on_matrix_ready(self, message: MatrixReady) -> None:
        m = message.matrix
        themes = self.query_one("#themes", ListView)
        items = {i.theme_name: i for i in themes.query(ThemeItem)}
        new = []
        for theme in m.themes:
            row = m.cells.get(theme.name, {})
            zones = sum(1 for c in row.values() if c.passages)
            passages = sum(c.passages for c in row.values())
            label = Text(visible(theme.name), style="bold")
            label.append(f" {zones}区 {passages}段", style="dim")
            if theme.name in items:
                items[theme.name].set_label(label)
            else:
                new.append(ThemeItem(theme.name, label))
        if new:
            themes.extend(new)

    def show_theme(self, key: str) -> None:
        key = key.strip()
        if not key or self.corpus is None:
            return
        if key != self.key:
            self.corpus.stop_background()  # the last theme's whole comparison: not wanted
        self.key = key
        self.query_one("#compare-status", Static).update(
            Text(f"comparing {key}…", style="dim"))
        self.run_compare(key)

    async def on_compared(self, message: Compared) -> None:
        if message.key != self.key or getattr(message.comparison, "by", "zone") != self.by:
            return  # an older theme's or grouping's result
        same_theme = self.comparison is not None and self.comparison.theme.name == \
            message.comparison.theme.name and getattr(self.comparison, "by", "zone") == \
            getattr(message.comparison, "by", "zone")
        self.comparison = message.comparison
        names = [z.zone for z in self.comparison.zones]  # busiest first
        if same_theme:  # recomputed (the corpus changed): keep the user's order
            self.order = [z for z in self.order if z in names] + [
                z for z in names if z not in self.order]
        else:  # a new theme: its busiest zones first (pinned ones stay in front)
            self.order = names
        if self._matrix_due:
            self._matrix_due = False
            self.load_matrix()
        if not self.is_current:  # drawn when Compare is shown again, not while typing elsewhere
            self._unrendered = True
            self.app.home_shown()
            return
        await self.render_panes(self.resume.get("zone"))
        if self.resume:
            self.call_after_refresh(self._resume_passage)
        if not self._settled:  # the first comparison: start-up is over (see settle_memory)
            self._settled = True
            settle_memory()
            self.call_after_refresh(self.app.home_shown)  # once it is painted

    async def on_screen_resume(self) -> None:
        if self._unrendered and self.comparison is not None:
            await self.render_panes()

    def on_distinctive(self, message: Distinctive) -> None:
        if message.key != self.key or message.comparison is not self.comparison:
            return
        for pane in self.query(ZonePane):
            pane.refresh_header()

    # -- rendering ---------------------------------------------------------------------
    def shared_styles(self) -> dict[str, str]:
        shared = self.comparison.shared if self.comparison else []
        return {p.phrase: SHARED_STYLES[i % len(SHARED_STYLES)] + " underline"
                for i, p in enumerate(shared[:len(SHARED_STYLES) * 2])}

    MAX_PANES = 12  # a large corpus may have hundreds of zones: the busiest come first

    def visible_zones(self):
        by_name = {z.zone: z for z in self.comparison.zones}
        names = [z for z in self.pinned if z in by_name] + [
            z for z in self.order if z not in self.pinned]
        shown = [by_name[n] for n in names if n not in self.hidden]
        return shown[:max(self.MAX_PANES, len(self.pinned))]

    async def render_panes(self, focus_zone: str | None = None) -> None:
        self._unrendered = False
        comp = self.comparison
        status = Text(visible(comp.theme.name), style="bold")
        if comp.theme.gloss and not comp.adhoc:  # an ad-hoc theme's gloss says "ad-hoc query"
            status.append(f" ({comp.theme.gloss})", style="dim")
        if comp.adhoc:
            status.append(" · ad-hoc query", style="yellow")
        shown = self.visible_zones()
        kind = "zone" if comp.by == "zone" else "group"
        status.append(f" · {len(shown)} {kind}{'' if len(shown) == 1 else 's'}"
                      + ("" if comp.by == "zone" else f" by {comp.by} (b: next grouping)"))
        if len(comp.zones) - len(self.hidden) > len(shown):
            status.append(f" (of {len(comp.zones)}: x hides one, the next comes in)", style="dim")
        if self.hidden:
            status.append(f" ({len(self.hidden)} hidden: a shows all)", style="dim")
        styles = self.shared_styles()
        if styles:
            status.append(" · shared: ")
            for phrase, style in styles.items():
                status.append(visible(phrase), style=style)
                status.append(" ")
        for note in comp.notes:
            status.append(" · " + note, style="yellow")
        self.query_one("#compare-status", Static).update(status)
        panes = self.query_one("#panes", HorizontalScroll)
        await panes.remove_children()
        widgets = [ZonePane(z, styles, z.zone in self.pinned, self.reuse_badges) for z in shown]
        self.request_badges(p.para_id for z in shown for p in z.passages)
        width = self._pane_width(len(widgets))
        for w in widgets:  # at their width from the start: passages wrap once
            w.styles.width = width
        await panes.mount_all(widgets)
        self._fit_panes()
        if widgets and not isinstance(self.focused, Input):
            target = next((w for w in widgets if w.zone.zone == focus_zone), widgets[0])
            self._focus_pane(target)

    def _resume_passage(self) -> None:
        """Back on the passage the last session left selected, once its pane is shown."""
        pane, at = self.current_pane(), self.resume
        if not at or pane is None or pane.zone.zone != at.get("zone"):
            return
        for p in pane.zone.passages:
            if (p.doc_id, p.para) == (at.get("doc_id"), at.get("para")):
                self.resume = {}
                pane.reveal(p)
                return

    def _focus_pane(self, pane: ZonePane) -> None:
        if pane.is_mounted:
            pane.list.focus()
            pane.scroll_visible()

    def current_pane(self) -> ZonePane | None:
        node = self.focused
        while node is not None and not isinstance(node, ZonePane):
            node = node.parent
        return node

    def current_passage(self):
        pane = self.current_pane()
        return pane.list.current_passage if pane else None

    def current_place(self):
        """The selected passage (what # codes, m writes a memo on), with the theme."""
        from tui.workbench import Place

        p = self.current_passage()
        theme = self.comparison.theme.name if self.comparison is not None else ""
        return None if p is None else Place(p.doc_id, p.para, p.zone, p.text, p.title, theme)

    def set_changed(self) -> None:
        """The set the views are narrowed to changed (tui/workbench.py): compare again."""
        self._compared = {}
        self.show_theme(self.key or self.app.start_theme)

    def current_para_id(self) -> int | None:
        p = self.current_passage()
        return p.para_id if p is not None else None

    def badges_changed(self) -> None:
        for pane in self.query(ZonePane):
            pane.list.restyle()

    # -- events and actions ------------------------------------------------------------
    @on(ListView.Selected, "#themes")
    def _theme_chosen(self, event: ListView.Selected) -> None:
        self._fit_sidebar()
        self.show_theme(event.item.theme_name)
        self.query_one("#panes").focus()

    @on(Input.Submitted, "#adhoc")
    def _adhoc(self, event: Input.Submitted) -> None:
        self._fit_sidebar()
        self.show_theme(event.value)
        self.query_one("#panes").focus()

    @on(BlockView.Chosen, ".pane-list")
    def action_open_passage(self) -> None:
        p = self.current_passage()
        if p is not None:
            self.post_message(OpenInReader(p.doc_id, p.para, tuple(p.terms)))
            if p.matched:  # the reader's toast says what pulled the passage into the theme
                self.app.notify(matched_text(p.matched).plain, title=f"¶{p.para} matched")

    @on(BlockView.Moved, ".pane-list")
    def _moved(self, event: BlockView.Moved) -> None:
        # a pane moved by sync does not sync the others in turn
        if not self.synced or event.origin == "sync" or self.comparison is None:
            return
        if event.view is self.focused and event.view.current_passage is not None:
            zones = [pane.zone.zone for pane in self.query(ZonePane)]
            self.find_nearest(self.comparison, event.view.current_passage, zones)

    @work(thread=True, exclusive=True, group="sync")
    def find_nearest(self, comp, passage, zones) -> None:
        nearest = self.corpus.nearest(comp, passage, zones)
        if not get_current_worker().is_cancelled:
            self.post_message(Nearest(comp, passage, nearest))

    def on_nearest(self, message: "Nearest") -> None:
        if message.comparison is not self.comparison:
            return
        for pane in self.query(ZonePane):
            target = message.nearest.get(pane.zone.zone)
            if target is not None and pane.zone.zone != (message.passage.group
                                                         or message.passage.zone):
                pane.reveal(target)

    NARROW = 110  # below this width the theme list hides until t or / calls it

    def action_copy_passage(self) -> None:
        p = self.current_passage()
        if p is not None:
            doc = self.comparison.docs.get(p.doc_id) if self.comparison else None
            self.app.copy_passage(cite(p.text, p.zone, p.title, p.section, p.para, doc))

    def action_words(self) -> None:
        from tui.screens.words import WordsScreen

        if self.comparison is not None:
            self.app.push_screen(WordsScreen(self.corpus, self.comparison))

    def action_export(self) -> None:
        """Ask for format (Markdown, CSV, JSON, an HTML page, or the whole REFI-QDA project)
        and path, then write every passage (or the project)."""
        from index.export import names_for

        comp = self.comparison
        if comp is not None:
            self.ask_export(comp, f"the comparison of {comp.theme.name}", comp.theme.name,
                            names_for("Comparison") + ["qdpx"], filters={"by": comp.by})
