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

from index.compare.passages import doc_ranges, match_expression
from index.store.connection import snapshot
from index.store.rowid import SHIFT
from index.store.themehits import theme_id, zone_counts
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
    zones: list[tuple[str, str, int]]            # (zone, short, chars)
    themes: list[Theme]
    cells: dict[str, dict[str, MatrixCell]] = field(default_factory=dict)  # theme -> zone ->

    def cell(self, theme: str, zone: str) -> MatrixCell:
        return self.cells.get(theme, {}).get(zone) or MatrixCell()

    def as_json(self) -> list[dict]:
        return [{"theme": t.name, "gloss": t.gloss,
                 "zones": {z: {"passages": c.passages, "mentions": c.mentions,
                               "per_10k": round(c.per_10k, 2)}
                           for z, _, _ in self.zones for c in [self.cell(t.name, z)]}}
                for t in self.themes]


def theme_matrix(conn: sqlite3.Connection, themes) -> ThemeMatrix:
    """Every theme × every zone: passages carrying the theme, mentions per 10k characters.

    A theme materialised at index time (index/store/themehits.py) is counted from its
    aggregates; the others are matched here, in the full-text candidates' folded text."""
    themes = list(themes.values()) if isinstance(themes, dict) else list(themes)
    with snapshot(conn):
        docs = doc_ranges(conn)
        counted: dict[str, list[tuple[str, int, int]]] = {}
        ids = {t.name: theme_id(conn, t.matcher()) for t in themes}
        if any(i is not None for i in ids.values()):
            sums = zone_counts(conn)
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
    for d in docs:
        chars[d.zone] = chars.get(d.zone, 0) + d.chars
        shorts.setdefault(d.zone, d.short)
    firsts = [d.first for d in docs]
    zone_of = [d.zone for d in docs]
    out = ThemeMatrix([(z, shorts[z], chars[z]) for z in sorted(chars)], themes)
    for t in themes:
        if t.name in counted:
            out.cells[t.name] = {z: MatrixCell(n, m, m * 10_000 / chars[z] if chars.get(z) else 0.0)
                                 for z, n, m in counted[t.name]}
            continue
        pause()  # let a keystroke's search go first
        rx = t.matcher()  # on folded text, as compare matches
        row: dict[str, MatrixCell] = {}
        for pid in cands[t.name]:
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
