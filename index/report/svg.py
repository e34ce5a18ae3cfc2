"""Charts as inline SVG: small, dependency-free, every text escaped.

Three charts, each a function returning one ``<svg>`` element (width and height set, a
``<title>`` for screen readers, system fonts only, nothing fetched):

- ``trend_panels``: one small panel per zone, a bar per year, all panels on one y axis that
  starts at zero (bars compare by length only from a zero baseline), every year labelled
  under its bar and every value written on it. A year in which a zone has no dated document
  is marked "no doc", not drawn as zero: nothing was measured.
- ``dispersion``: one strip per document, a tick at each hit's place in it (AntConc's Plot:
  0 = the document's start, 1 = its end), the count at the right.
- ``heatmap``: rows × columns of counts, shaded by count (0 white), each cell's number
  written in it.
"""

from __future__ import annotations

import math
from html import escape

FONT = ("font-family=\"system-ui, 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'PingFang SC', "
        "'Microsoft YaHei', sans-serif\"")
INK, GRID, BAR, TICK = "#222", "#ccc", "#3b6ea5", "#b03a2e"


def esc(value) -> str:
    """Text as SVG/HTML character data or attribute value."""
    return escape(str(value), quote=True)


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at least value (1 for 0): the axis's top."""
    if value <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(value))
    for f in (1, 2, 2.5, 5, 10):
        if value <= f * mag + 1e-12:
            return f * mag
    return 10 * mag


def fmt_num(x: float) -> str:
    if x == int(x) or x >= 100:
        return f"{x:.0f}"
    return f"{x:.1f}" if x >= 1 else f"{x:.2f}"


def cells(text: str) -> int:
    """Rough width in character cells (a CJK glyph is two), for laying out labels."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def clip(text: str, most: int) -> str:
    """text cut to at most `most` cells, with … when cut."""
    out, n = [], 0
    for c in text:
        w = 2 if ord(c) > 0x2E7F else 1
        if n + w > most - 1:
            return "".join(out) + "…"
        out.append(c)
        n += w
    return text


def _svg(width: int, height: int, title: str, body: list[str], cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" role="img" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" {FONT} '
            f'font-size="12"><title>{esc(title)}</title>' + "".join(body) + "</svg>")


def _text(x: float, y: float, s: str, anchor: str = "start", size: int = 12,
          fill: str = INK, extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{fill}"{extra}>{esc(s)}</text>')


def trend_panels(panels: list[tuple[str, dict[int, float]]], years: list[int], title: str,
                 unit: str = "per 10,000 characters") -> str:
    """Small multiples: panels = [(zone label, {year: value})], years = the x axis shared by
    every panel (a year missing from a panel is marked "no doc"). One zero-based y axis."""
    top = nice_max(max((v for _, vals in panels for v in vals.values()), default=0.0))
    bar_w, gap = 26, 10
    plot_w = max(len(years), 1) * (bar_w + gap) + gap
    pw, ph, plot_h, left = plot_w + 52, 150, 90, 44
    per_row = max(1, min(len(panels), 880 // pw))
    rows = math.ceil(len(panels) / per_row) if panels else 1
    width, height = per_row * pw + 10, rows * ph + 34
    body = [_text(6, 16, f"{title} — {unit}, by year; one axis from 0 to {fmt_num(top)} for "
                  "every panel; “no doc”: no dated document that year", size=12)]
    for i, (label, vals) in enumerate(panels):
        ox, oy = 6 + (i % per_row) * pw, 30 + (i // per_row) * ph
        base = oy + 18 + plot_h
        body.append(_text(ox + left, oy + 12, clip(label, 24), size=12,
                          extra=' font-weight="bold"'))
        for frac in (0.0, 0.5, 1.0):  # y ticks: 0, half, top
            y = base - frac * plot_h
            body.append(f'<line x1="{ox + left - 4}" y1="{y:.1f}" x2="{ox + left + plot_w}" '
                        f'y2="{y:.1f}" stroke="{GRID if frac else INK}" stroke-width="1"/>')
            body.append(_text(ox + left - 6, y + 4, fmt_num(top * frac), "end", 10))
        for j, year in enumerate(years):
            x = ox + left + gap + j * (bar_w + gap)
            cx = x + bar_w / 2
            body.append(_text(cx, base + 14, str(year), "middle", 10))
            if year not in vals:
                body.append(_text(cx, base - 4, "no doc", "middle", 8, "#888"))
                continue
            v = vals[year]
            h = v / top * plot_h
            body.append(f'<rect class="bar" x="{x}" y="{base - h:.1f}" width="{bar_w}" '
                        f'height="{h:.1f}" fill="{BAR}"><title>{esc(label)} {year}: '
                        f'{fmt_num(v)} {esc(unit)}</title></rect>')
            body.append(_text(cx, base - h - 3, fmt_num(v), "middle", 9))
    return _svg(width, height, f"Trend of {title} by year, per zone", body, "trend")


def dispersion(rows: list[tuple[str, list[float]]], title: str) -> str:
    """One strip per row: rows = [(document label, [hit positions 0..1])]."""
    label_cells = min(40, max((cells(r[0]) for r in rows), default=10))
    left, strip_w, row_h = 12 + label_cells * 7, 520, 22
    width = left + strip_w + 60
    height = 40 + len(rows) * row_h + 16
    body = [_text(6, 16, f"{title} — each tick is a hit at its place in the document "
                  "(0 start, 1 end)", size=12)]
    for i, (label, hits) in enumerate(rows):
        y = 32 + i * row_h
        body.append(_text(left - 8, y + 14, clip(label, label_cells), "end", 11))
        body.append(f'<rect x="{left}" y="{y + 3}" width="{strip_w}" height="{row_h - 6}" '
                    f'fill="#f4f4f4" stroke="{GRID}"/>')
        for pos in hits:
            x = left + min(max(pos, 0.0), 1.0) * strip_w
            body.append(f'<line class="hit" x1="{x:.1f}" y1="{y + 4}" x2="{x:.1f}" '
                        f'y2="{y + row_h - 4}" stroke="{TICK}" stroke-width="1.5"/>')
        body.append(_text(left + strip_w + 8, y + 14, f"{len(hits)}", size=11))
    axis_y = 32 + len(rows) * row_h + 12
    for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
        body.append(_text(left + frac * strip_w, axis_y, f"{frac:g}", "middle", 10))
    return _svg(width, height, f"Dispersion of {title} along each document", body,
                "dispersion")


def heatmap(row_labels: list[str], col_labels: list[str], values: list[list[float]],
            title: str) -> str:
    """A grid of counts shaded from white (0) to dark (the largest), each number written."""
    top = max((v for row in values for v in row), default=0) or 1
    lw = 12 + min(30, max((cells(r) for r in row_labels), default=6)) * 7
    cw = max(64, min(16, max((cells(c) for c in col_labels), default=4)) * 7 + 12)
    ch, head = 24, 56
    caption = f"{title} — shade by count, darkest {fmt_num(top)}"
    width = max(lw + cw * len(col_labels) + 10, 12 + cells(caption) * 7)
    height = head + ch * len(row_labels) + 10
    body = [_text(6, 16, caption, size=12)]
    for j, c in enumerate(col_labels):
        body.append(_text(lw + j * cw + cw / 2, head - 8, clip(c, 16), "middle", 11))
    for i, r in enumerate(row_labels):
        y = head + i * ch
        body.append(_text(lw - 6, y + 16, clip(r, 30), "end", 11))
        for j, v in enumerate(values[i]):
            shade = v / top
            fill = f"rgb({int(255 - 196 * shade)},{int(255 - 145 * shade)},{int(255 - 90 * shade)})"
            body.append(f'<rect class="cell" x="{lw + j * cw}" y="{y}" width="{cw - 2}" '
                        f'height="{ch - 2}" fill="{fill}" stroke="{GRID}"><title>{esc(r)} × '
                        f'{esc(col_labels[j])}: {fmt_num(v)}</title></rect>')
            body.append(_text(lw + j * cw + cw / 2 - 1, y + 16, fmt_num(v), "middle", 11,
                              "#fff" if shade > 0.6 else INK))
    return _svg(width, height, title, body, "heatmap")
