"""The trend of a theme: mentions per 10,000 characters by year, per zone and overall.

Computed in a worker (index.time.trend through Corpus.trend); shown as a table with a
sparkline per zone (tui/time_console.py, the command line's chart) and a wide sparkline for
the whole corpus and each zone. Every sparkline is drawn from 0 to the series' highest year
(a rate's chart starts at zero: Textual's own Sparkline scales from the lowest value to the
highest, which draws 20.6 of 42.9 as its lowest bar). c switches to a line chart
(tui/charts.py, plotext: the axis from zero, every year labelled, a key naming each line)
and back."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from index.text.normal import visible
from tui.dialogs.base import DIALOG_CSS
from tui.messages import TrendReady

SPARK_SERIES = 8  # Sparklines drawn (the table lists up to 12)


class Sparkline(Static):
    """A one-line chart of data across the widget's width, from 0 to the highest value."""

    def __init__(self, data, **kwargs):
        super().__init__(**kwargs)
        self.data = list(data)

    def render(self) -> Text:
        from tui.time_console import sparkline

        width, n = max(1, self.size.width), len(self.data)
        values = [self.data[min(n - 1, i * n // width)] for i in range(width)] if n else []
        return Text(sparkline(values), style="yellow")


class TrendView(ModalScreen):
    """A theme year by year. Escape closes."""

    BINDINGS = [Binding("escape,q", "close", "Close"), Binding("c", "chart", "Chart")]
    DEFAULT_CSS = DIALOG_CSS.format(name="TrendView") + """
    TrendView > Vertical { max-width: 110; }
    TrendView VerticalScroll { height: auto; max-height: 26; }
    TrendView #trend-sparks { height: auto; }
    TrendView .spark-row { height: 1; }
    TrendView .spark-label { width: 14; }
    TrendView Sparkline { width: 1fr; height: 1; }
    """

    def __init__(self, corpus, theme, zones=None):
        super().__init__()
        self.corpus, self.theme, self.zones = corpus, theme, zones
        self.trend = None
        self.charted = False  # the line chart is shown instead of the table

    def compose(self) -> ComposeResult:
        name = getattr(self.theme, "name", self.theme)
        with Vertical():
            yield Static(Text("Trend: ") + Text(visible(name), style="bold"), classes="dlg-title")
            with VerticalScroll(id="trend-body"):
                yield Static(Text("counting by year…", style="dim"), id="trend-chart")
                yield Vertical(id="trend-sparks")
            yield Static(Text("Sparklines: each zone's years, from 0 to its own highest · "
                              "c: line chart from zero · Esc closes"), classes="dlg-hint")

    def on_mount(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="trend")
    def compute(self) -> None:
        try:
            tr = self.corpus.trend(self.theme, self.zones)
        except Exception as exc:  # noqa: BLE001 — a bad query or a database error: said, not raised
            self.post_message(TrendReady(None, str(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(TrendReady(tr))

    async def on_trend_ready(self, message: TrendReady) -> None:
        from tui.time_console import trend_view

        chart = self.query_one("#trend-chart", Static)
        if message.error:
            chart.update(Text(message.error, style="red"))
            return
        tr = self.trend = message.trend
        chart.update(trend_view(tr))
        rows = []
        for s in [tr.series[-1]] + tr.series[:-1][:SPARK_SERIES]:
            pts = {p.year: p.per_10k for p in s.points}
            data = [pts.get(y, 0.0) for y in tr.years]
            rows.append(Horizontal(Static(Text(visible(s.short or s.zone), style="bold cyan"),
                                          classes="spark-label"),
                                   Sparkline(data), classes="spark-row"))
        await self.query_one("#trend-sparks", Vertical).mount_all(rows)

    def action_chart(self) -> None:
        """Switch between the table with sparklines and the line chart."""
        from tui.charts import trend_chart
        from tui.time_console import trend_view

        if self.trend is None:
            return
        self.charted = not self.charted
        chart = self.query_one("#trend-chart", Static)
        self.query_one("#trend-sparks", Vertical).display = not self.charted
        if not self.charted:
            chart.update(trend_view(self.trend))
            return
        width = max(50, min(106, self.query_one("#trend-body").size.width - 2))
        text, key = trend_chart(self.trend, width=width, height=18, colour=True)
        body = Text.from_ansi(text.rstrip())
        for line in key:
            body.append("\n" + visible(line))
        chart.update(body)

    def action_close(self) -> None:
        self.dismiss(None)
