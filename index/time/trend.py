"""Trends: a theme's mentions per 10,000 characters, year by year, per zone and overall.

For zone z and year y: mentions = occurrences of the theme's expressions in z's documents
of year y (folded matching, as compare counts them), chars = those documents' characters,
per_10k = mentions × 10,000 / chars. A year in which a zone has documents but no mention is
a point at 0; a year without documents is no point at all (nothing was measured). Documents
without a year are left out and counted in a note; so are the zones (with dated documents)
that never mention the theme, when no zones were named.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from index.compare.engine import select_zones
from index.compare.passages import doc_ranges, find_passages, resolve_theme
from index.store.connection import snapshot
from index.words.themes import Theme, core_only

ALL = "(all)"  # the whole corpus's series


@dataclass
class Point:
    year: int
    mentions: int = 0
    passages: int = 0
    chars: int = 0
    docs: int = 0

    @property
    def per_10k(self) -> float:
        return self.mentions * 10_000 / self.chars if self.chars else 0.0

    def as_json(self) -> dict:
        return {"year": self.year, "per_10k": round(self.per_10k, 2), "passages": self.passages,
                "mentions": self.mentions, "chars": self.chars, "docs": self.docs}


@dataclass
class Series:
    zone: str
    short: str
    points: list[Point] = field(default_factory=list)  # in year order

    @property
    def mentions(self) -> int:
        return sum(p.mentions for p in self.points)

    def as_json(self) -> dict:
        return {"zone": self.zone, "points": [p.as_json() for p in self.points],
                "short": self.short, "mentions": self.mentions}


@dataclass
class Trend:
    theme: Theme
    adhoc: bool
    series: list[Series]  # the whole corpus (zone ALL) last
    years: list[int]
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        """{"theme", "by": "year", "series": [{"zone", "points": [{"year", "per_10k",
        "passages"}, …]}, …]}, then extensions."""
        return {"theme": self.theme.name, "by": "year",
                "series": [s.as_json() for s in self.series],
                "terms": self.theme.expressions(), "years": self.years, "notes": self.notes}

    def as_rows(self) -> tuple[list[str], list[list]]:
        """One row per zone and year, for CSV."""
        header = ["zone", "year", "per_10k", "passages", "mentions", "chars", "docs"]
        return header, [[s.zone, p.year, round(p.per_10k, 2), p.passages, p.mentions, p.chars,
                         p.docs] for s in self.series for p in s.points]


def trend(conn: sqlite3.Connection, theme: Theme | str, zones: list[str] | None = None,
          themes: dict | None = None, only_docs: set[str] | None = None,
          core: bool = False) -> Trend:
    """The theme's yearly series for each zone with a passage (or the zones named: folded
    substrings of name or short name), and for the whole corpus (last); only_docs: only
    these documents (a saved set)."""
    notes: list[str] = []
    adhoc = False
    if isinstance(theme, str):
        theme, adhoc, notes = resolve_theme(theme, themes)
    if core:
        theme, note = core_only(theme)
        notes.append(note)
    with snapshot(conn):
        docs = doc_ranges(conn)
        if only_docs is not None:
            docs = [d for d in docs if d.doc_id in only_docs]
        passages = find_passages(conn, theme, docs)
    by_doc = {d.doc_id: d for d in docs}
    undated = [d for d in docs if not d.year]
    if undated:
        notes.append(f"{len(undated)} document(s) without a year left out: "
                     + "、".join(sorted({d.short or d.zone for d in undated})))
    dated = [d for d in docs if d.year]
    year_of: dict[str, int] = {d.doc_id: d.year for d in dated if d.year}
    shorts = {d.zone: d.short for d in docs}
    hit = {p.zone for p in passages if by_doc[p.doc_id].year}
    if zones:
        chosen = select_zones(sorted(shorts), shorts, zones, notes)
    else:
        chosen = sorted(hit)
        silent = sorted({d.zone for d in dated} - hit)
        if silent and hit:  # said, not silently dropped: their years are in the (all) row
            notes.append(f"no mention in {len(silent)} other zone(s), not charted: "
                         + "、".join(shorts.get(z) or z for z in silent))
    cells: dict[tuple[str, int], Point] = {}
    for d in dated:
        year = year_of[d.doc_id]
        for key in ((d.zone, year), (ALL, year)):
            pt = cells.setdefault(key, Point(year))
            pt.chars += d.chars
            pt.docs += 1
    for p in passages:
        y = year_of.get(p.doc_id)
        if not y:
            continue
        for key in ((p.zone, y), (ALL, y)):
            cells[key].mentions += len(p.forms)
            cells[key].passages += 1
    years = sorted(set(year_of.values()))
    series = [Series(z, shorts.get(z, z), [cells[(z, y)] for y in years if (z, y) in cells])
              for z in chosen]
    series.sort(key=lambda s: -s.mentions)
    series.append(Series(ALL, ALL, [cells[(ALL, y)] for y in years if (ALL, y) in cells]))
    return Trend(theme, adhoc, series, years, notes)

