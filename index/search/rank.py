"""The ranking model: BM25 with the paragraph length carried in the full-text rowid.

A paragraph's score is

    Σ over query phrases  idf · tf·(k1+1) / (tf + k1)        (BM25's saturation at average length)
    × (1+k1) / (1 + k1·(1 − b + b·D/avgdl))                    (BM25's length damping, as a factor)
    × 2 when a section title above it names a query term      (the heading boost, index/search/engine.py)

with FTS5's k1 = 1.2 and b = 0.75, idf = ln((N − n + 0.5)/(n + 0.5)) (at least 1e-6) over all N
paragraphs of which n contain the phrase, tf the phrase's occurrences in the paragraph, and D its
length (tokens = folded characters), taken as the middle of its length class. For a paragraph
that names a term once, this is exactly BM25; repetition counts as it would at average length.

Why this form: FTS5's bm25() normally reads every matching paragraph's length from its size
table, one B-tree lookup per match (about 0.7 µs), which made frequent terms slow (发展: 45,000
matches). Here the full-text table keeps no sizes (columnsize=0); its rowid is
para_id·32 + length class, so the length is read from the rowid itself. With no sizes, FTS5's
bm25() sees every length as −1 per column; the column weight w = c0/k1 (c0 = k1·(1 − b + b·D0/avg)
for that length) turns its saturation into the one above, exactly. So one SQL expression,
bm25(para_fts, w, w, 0) × the length factor of (rowid & 31), ranks every match with no lookup
(column m, the zone and year tokens of index/store/facets.py, weighs nothing).
"""

from __future__ import annotations

import math
import sqlite3

from index.store.rowid import MASK, class_length

K1, B = 1.2, 0.75  # FTS5's bm25() constants
COLUMNS = 3  # para_fts columns: g (bigrams), u (frequent characters alone), m (zone, year)


def _varints(blob: bytes) -> list[int]:
    """SQLite varints (FTS5's averages record)."""
    out, i = [], 0
    while i < len(blob):
        v = 0
        for j in range(9):
            x = blob[i]
            i += 1
            if j == 8:
                v = (v << 8) | x
                break
            v = (v << 7) | (x & 0x7F)
            if not x & 0x80:
                break
        out.append(v)
    return out


def table_stats(conn: sqlite3.Connection) -> tuple[int, list[int]]:
    """(rows, tokens per column) as FTS5 keeps them for bm25()."""
    row = conn.execute("SELECT block FROM para_fts_data WHERE id = 1").fetchone()
    values = _varints(row[0]) if row and row[0] else []
    if not values:
        return 0, [0] * COLUMNS
    return values[0], (values[1:] + [0] * COLUMNS)[:COLUMNS]


class Model:
    """The constants of one ranking statement, from the table's current totals."""

    def __init__(self, rows: int, tokens: list[int]):
        self.rows = rows
        total = sum(tokens)
        self.avg_all = total / rows if rows else 0.0
        self.avg = tokens[0] / rows if rows else 0.0  # average paragraph length (column g)
        c0 = K1 * (1 - B + B * -COLUMNS / self.avg_all) if self.avg_all else K1
        self.weight = c0 / K1 if abs(c0) > 1e-9 else 1e-9

    def sql(self, table: str = "para_fts") -> tuple[str, list[float]]:
        """(expression, params): the negated score of the current row (lower is better)."""
        w = [self.weight, self.weight]
        if not self.avg:
            return f"bm25({table}, ?, ?, 0)", w
        q = f"({table}.rowid & {MASK})"
        return (f"bm25({table}, ?, ?, 0) * ? / (? + ? * (2 * {q} * ({q} + 1) + 1))",
                w + [1 + K1, 1 + K1 * (1 - B), K1 * B / self.avg])

    # The same score in Python, for tests and diagnosis.
    def idf(self, n: int) -> float:
        v = math.log((self.rows - n + 0.5) / (n + 0.5)) if self.rows else 0.0
        return v if v > 0 else 1e-6

    def length_factor(self, rowid: int) -> float:
        if not self.avg:
            return 1.0
        d = class_length(rowid & MASK)
        return (1 + K1) / (1 + K1 * (1 - B + B * d / self.avg))

    def score(self, rowid: int, phrases: list[tuple[int, int]]) -> float:
        """phrases: (tf in this paragraph, paragraphs containing the phrase)."""
        s = sum(self.idf(n) * tf * (K1 + 1) / (tf + K1) for tf, n in phrases if tf)
        return s * self.length_factor(rowid)


def model(conn: sqlite3.Connection) -> Model:
    return Model(*table_stats(conn))
