"""Charts for the terminal, drawn with plotext: a theme's trend and a query's dispersion.

- trend_chart(trend): one line per zone (and the whole corpus), mentions per 10,000
  characters by year; the y axis starts at zero and its ticks are round numbers, every year
  with documents is labelled on the x axis. A zone is drawn only over the years it has
  dated documents (a year without documents is no point: nothing was measured).
- dispersion_chart(dispersion): AntConc's Plot — one row per document, a mark at each hit's
  place in it (0 its start, 1 its end).

plotext measures labels in characters, not terminal cells, so a Chinese label would push
its row out of line: series and documents are named in the chart by a letter or number,
and the key below names them in full (cells measured by Rich). Both return
(chart text, key rows); the chart text carries ANSI colours only when colour=True.
"""

from __future__ import annotations

import math
import re

import plotext as plt

from index.text.normal import visible

MARKERS = ["dot", "x", "+", "o", "*", "#", "@", "%", "&", "$"]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def nice_top(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at least value (1 when 0): the y axis's top."""
    if value <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(value))
    return next(f * mag for f in (1, 2, 2.5, 5, 10) if value <= f * mag + 1e-12)


def axis_ticks(top: float) -> list[float]:
    """0 to top (a nice_top value) in round steps: 25 → 0, 5, … 25; 50 → 0, 10, … 50."""
    mag = 10 ** math.floor(math.log10(top))
    f = round(top / mag, 6)
    step = {1: 0.2, 2: 0.5, 2.5: 0.5, 5: 1, 10: 2}.get(f, f / 4) * mag
    n = round(top / step)
    return [round(k * step, 10) for k in range(n + 1)]


def _num(x: float) -> str:
    return f"{x:g}" if x == int(x) else f"{x:.1f}"


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else f"Z{i - 25}"


def _finish(colour: bool) -> str:
    text = plt.build()
    plt.clear_figure()
    return text if colour else _ANSI.sub("", text)


def trend_chart(tr, width: int = 80, height: int = 20, colour: bool = False,
                max_series: int = 8) -> tuple[str, list[str]]:
    """(the chart, its key): the trend's busiest zones (at most max_series) and the whole
    corpus, per 10,000 characters by year, from zero."""
    if not tr.years:
        return "No document has a year: nothing to chart.", []
    series = sorted(tr.series[:-1], key=lambda s: -s.mentions)[:max_series] + tr.series[-1:]
    top = nice_top(max((p.per_10k for s in series for p in s.points), default=0.0))
    plt.clear_figure()
    plt.theme("pro" if colour else "clear")
    plt.plotsize(width, height)
    key = []
    for i, s in enumerate(series):
        pts = [p for p in s.points]
        if not pts:
            continue
        name = "all" if s.zone.startswith("(") else _letter(i)
        plt.plot([p.year for p in pts], [p.per_10k for p in pts], label=name,
                 marker=MARKERS[i % len(MARKERS)])
        key.append(f"{name}  {visible(s.short or s.zone)}: "
                   + ", ".join(f"{p.year} {p.per_10k:.1f}" for p in pts))
    years = tr.years
    lo, hi = (years[0] - 1, years[-1] + 1) if len(years) == 1 else (years[0], years[-1])
    plt.xlim(lo, hi)
    plt.xticks(years, [str(y) for y in years])
    plt.ylim(0, top)
    ticks = axis_ticks(top)
    plt.yticks(ticks, [_num(t) for t in ticks])
    plt.xlabel("year")
    plt.ylabel("per 10k chars")
    plt.title(f"{visible(tr.theme.name)}: mentions per 10,000 characters")
    left = len(tr.series) - 1 - (len(series) - 1)
    if left > 0:
        key.append(f"({left} quieter zone(s) not drawn; the table and --json have them)")
    return _finish(colour), key


def dispersion_chart(disp, width: int = 80, colour: bool = False,
                     max_docs: int = 30) -> tuple[str, list[str]]:
    """(the chart, its key): one row per document (numbered, at most max_docs, those with
    most hits first when there are more), a mark at each hit."""
    docs = disp.docs
    if len(docs) > max_docs:
        keep = {d.doc_id for d in sorted(docs, key=lambda d: -len(d.hits))[:max_docs]}
        docs = [d for d in docs if d.doc_id in keep]
    plt.clear_figure()
    plt.theme("pro" if colour else "clear")
    plt.plotsize(width, max(8, 2 * len(docs) + 5))
    n = len(docs)
    key = []
    for i, d in enumerate(docs):
        row = n - i  # the first document at the top
        if d.hits:
            plt.scatter(d.hits, [row] * len(d.hits), marker="|")
        key.append(f"{i + 1:>2}  {visible(d.label)} — {len(d.hits)} hit(s)")
    plt.xlim(0, 1)
    plt.ylim(0.5, n + 0.5)
    plt.xticks([0, 0.25, 0.5, 0.75, 1], ["0 start", "0.25", "0.5", "0.75", "1 end"])
    plt.yticks([n - i for i in range(n)], [str(i + 1) for i in range(n)])
    plt.title(f"{disp.total} hit(s) along {n} document(s)")
    if len(disp.docs) > len(docs):
        key.append(f"({len(disp.docs) - len(docs)} document(s) with fewer hits not drawn; "
                   "--json has them)")
    return _finish(colour), key
