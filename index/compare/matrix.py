"""The theme × zone matrix: every theme of the lexicon counted in every zone.

theme_matrix(conn, themes) gives, for each theme and zone, the passages carrying the theme
and its mentions per 10,000 characters of the zone's documents: the quickest overview of
what a corpus talks about. It matches in folded text, as compare and search do, and needs
no jieba.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from dataclasses import dataclass, field

from index.compare.groups import check_by, group_docs
from index.compare.passages import doc_ranges, match_expression
from index.store.connection import snapshot
from index.store.exclusions import para_ids
from index.store.rowid import SHIFT
from index.store.themehits import doc_counts, theme_id, zone_counts
from index.text.normal import fold
from index.throttle import pause
from index.words.themes import Theme


@dataclass
class MatrixCell:
    passages: int = 0
    mentions: int = 0
    per_10k: float = 0.0


@dataclass
class ThemeMatrix:
    zones: list[tuple[str, str, int]]            # (zone, short, chars): columns (groups)
    themes: list[Theme]
    cells: dict[str, dict[str, MatrixCell]] = field(default_factory=dict)  # theme -> zone ->
    by: str = "zone"  # what a column is: zone, year, zone-year, level (groups.py)
    core: bool = False  # each theme counted by its core expressions only (Theme.core_theme)

    def cell(self, theme: str, zone: str) -> MatrixCell:
        return self.cells.get(theme, {}).get(zone) or MatrixCell()

    def as_json(self) -> list[dict]:
        return [{"theme": t.name, "gloss": t.gloss,
                 "counted": "core expressions" if self.core else "all expressions",
                 "zones": {z: {"passages": c.passages, "mentions": c.mentions,
                               "per_10k": round(c.per_10k, 2)}
                           for z, _, _ in self.zones for c in [self.cell(t.name, z)]}}
                for t in self.themes]

    def as_rows(self) -> tuple[list[str], list[list]]:
        """(header, rows) for CSV in long form, one row per theme × zone (a pivot table
        or a filter on the zone column gives the matrix back)."""
        header = ["theme", "gloss", "zone", "short", "chars", "passages", "mentions",
                  "per_10k", "counted"]
        counted = "core expressions" if self.core else "all expressions"
        rows = [[t.name, t.gloss, z, short, chars, c.passages, c.mentions, round(c.per_10k, 2),
                 counted]
                for t in self.themes for z, short, chars in self.zones
                for c in [self.cell(t.name, z)]]
        return header, rows

def theme_matrix(conn: sqlite3.Connection, themes, by: str = "zone",
                 only_docs: set[str] | None = None, core: bool = False) -> ThemeMatrix:
    """Every theme × every zone (or year, zone-year, level: `by`): passages carrying the
    theme, mentions per 10k characters.

    A theme materialised at index time (index/store/themehits.py) is counted from its
    aggregates; the others are matched here, in the full-text candidates' folded text.
    only_docs: only these documents (a saved set; counted per document, not per zone)."""
    by = check_by(by)
    themes = list(themes.values()) if isinstance(themes, dict) else list(themes)
    if core:  # the slogan itself (新质生产力), not the theme around it
        themes = [t.core_theme() for t in themes]
    with snapshot(conn):
        docs = doc_ranges(conn)
        if only_docs is not None:
            docs = [d for d in docs if d.doc_id in only_docs]
        per_doc = by != "zone" or only_docs is not None
        counted: dict[str, list[tuple[str, int, int]]] = {}
        ids = {t.name: None if t.excluded_paras else theme_id(conn, t.matcher())
               for t in themes}  # passages the user took out: counted here, without them
        skip = {t.name: para_ids(conn, t.excluded_paras) for t in themes if t.excluded_paras}
        if any(i is not None for i in ids.values()):
            sums = doc_counts(conn) if per_doc else zone_counts(conn)
            counted = {name: sums.get(i, []) for name, i in ids.items() if i is not None}
        cands: dict[str, list[int]] = {}
        for t in themes:
            if t.name in counted:
                continue
            m = match_expression(t)
            sql = (f"SELECT rowid >> {SHIFT} FROM para_fts WHERE para_fts MATCH ?" if m
                   else "SELECT id FROM paras")
            cands[t.name] = [r[0] for r in conn.execute(sql, (m,) if m else ())]
        wanted = set().union(*cands.values()) if cands else set()
        texts = _folded_texts(conn, wanted)
    chars: dict[str, int] = {}
    shorts: dict[str, str] = {}
    groups = group_docs(docs, by)
    order: dict[str, tuple] = {}
    for d in docs:
        g = groups[d.doc_id]
        chars[g.key] = chars.get(g.key, 0) + d.chars
        shorts.setdefault(g.key, g.label)
        order.setdefault(g.key, g.order)
    firsts = [d.first for d in docs]
    zone_of = [groups[d.doc_id].key for d in docs]
    out = ThemeMatrix([(z, shorts[z], chars[z]) for z in sorted(chars, key=lambda z: order[z])],
                      themes, by=by, core=core)
    for t in themes:
        if t.name in counted:
            out.cells[t.name] = _cells(counted[t.name], chars, groups if per_doc else None)
            continue
        pause()  # let a keystroke's search go first
        rx = t.matcher()  # on folded text, as compare matches
        row: dict[str, MatrixCell] = {}
        for pid in cands[t.name]:
            if pid in skip.get(t.name, ()):
                continue
            text = texts.get(pid)
            if not text:
                continue
            n = len(rx.findall(text))
            if n:
                i = bisect_right(firsts, pid) - 1
                if i < 0 or pid > docs[i].last:
                    continue
                c = row.setdefault(zone_of[i], MatrixCell())
                c.passages += 1
                c.mentions += n
        for z, c in row.items():
            c.per_10k = c.mentions * 10_000 / chars[z] if chars[z] else 0.0
        out.cells[t.name] = row
    return out


def _cells(counts, chars: dict[str, int], groups=None) -> dict[str, MatrixCell]:
    """Matrix cells from materialised counts: [(zone, passages, mentions)], or with
    `groups` (doc_id -> its group) [(doc_id, passages, mentions)] summed per group."""
    cells: dict[str, MatrixCell] = {}
    for key, n, m in counts:
        if groups is not None:
            g = groups.get(key)
            if g is None:  # a document without paragraphs
                continue
            key = g.key
        c = cells.setdefault(key, MatrixCell())
        c.passages += n
        c.mentions += m
    for z, c in cells.items():
        c.per_10k = c.mentions * 10_000 / chars[z] if chars.get(z) else 0.0
    return cells


def _folded_texts(conn: sqlite3.Connection, ids: set[int]) -> dict[int, str]:
    """Folded texts (index.text.normal.fold, what themes match in) of the non-caption
    paragraphs among ids: folded once, matched by every theme."""
    if len(ids) > 2000:  # a large share of the corpus: one pass is faster than IN lists
        rows = conn.execute("SELECT id, text FROM paras WHERE kind != 'caption'")
        return {pid: fold(text) for pid, text in rows if pid in ids}
    out: dict[int, str] = {}
    lst = sorted(ids)
    for i in range(0, len(lst), 900):
        part = lst[i:i + 900]
        out.update((pid, fold(text)) for pid, text in conn.execute(
            "SELECT id, text FROM paras WHERE kind != 'caption' AND id IN "
            f"({','.join('?' * len(part))})", part))
    return out
