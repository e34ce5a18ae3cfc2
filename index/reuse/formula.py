"""Shared formulas: a passage that many documents of one level repeat within a short time.

When the provinces all open their work plan with the guiding-ideology paragraph, each adapts
the same central text (the Central Economic Work Conference's, a State Council document); none
copied it from the province that happened to speak first. A family of reuse is a **shared
formula** when at least FORMULA_ZONES zones of one level hold it in documents dated (by their
event dates, meta/events.py) within FORMULA_DAYS days of each other. Its pairs between those
peers get the direction "shared-formula" instead of "dated": the earlier of two is not their
source.

Where a document of a higher level (国家 above 省, 省 above 市 …, levels.py) is in the family and
dated no later than the first of the peers, it is the source: its pairs with the peers get the
direction "higher-level" (source = the higher document) and the family names it as its likely
source. A higher-level member dated after the peers (the State Council's report in March after
provincial reports in January) is a fellow user of the common text, not its source.

Why these thresholds: independent copying from a peer takes a peer's text to be out, read and
adopted; four or more peers of one level saying the same within six weeks (one season of
people's congresses: the provincial ones of 2026 ran from 14 January to 5 February) is the
signature of a common text they were all given. Two or three peers may well have copied one
another, so they keep the dated direction.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from index.meta.levels import level_rank

FORMULA_ZONES = 4  # zones of one level, at least
FORMULA_DAYS = 45  # days between the first and the last of them, at most


@dataclass
class Formula:
    level: str
    zones: int           # zones of that level in the family (its size)
    first: str           # the first and last event date of the densest window
    last: str
    in_window: int       # zones whose documents fall in that window
    source: object = None  # the higher-level Side dated no later than the first peer, or None

    def as_json(self) -> dict:
        return {"level": self.level, "zones": self.zones, "in_window": self.in_window,
                "first_date": self.first, "last_date": self.last,
                "window_days": FORMULA_DAYS, "min_zones": FORMULA_ZONES,
                "source": self.source.doc_id if self.source is not None else None}


def _day(date: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(date) if len(date or "") == 10 else None
    except ValueError:
        return None


def _window(days: list[tuple[_dt.date, str]]) -> tuple[int, str, str]:
    """(most zones whose dates fit in FORMULA_DAYS, their first and last date)."""
    days.sort()
    best = (0, "", "")
    lo = 0
    for hi in range(len(days)):
        while (days[hi][0] - days[lo][0]).days > FORMULA_DAYS:
            lo += 1
        zones = len({z for _, z in days[lo:hi + 1]})
        if zones > best[0]:
            best = (zones, days[lo][0].isoformat(), days[hi][0].isoformat())
    return best


def detect(members) -> Formula | None:
    """The family's formula (members: Sides with .level, .zone, .date), or None."""
    by_level: dict[str, list] = {}
    for m in members:
        if m.level:
            by_level.setdefault(m.level, []).append(m)
    found = None
    for level, ms in by_level.items():
        days = [(d, m.zone) for m in ms if (d := _day(m.date)) is not None]
        n, first, last = _window(days)
        if n >= FORMULA_ZONES and (found is None or n > found.in_window):
            found = Formula(level, len({m.zone for m in ms}), first, last, n)
    if found is None:
        return None
    rank = level_rank(found.level)
    higher = sorted((m for m in members if m.level and level_rank(m.level) < rank
                     and _day(m.date) is not None and m.date <= found.first),
                    key=lambda m: (level_rank(m.level), m.date, m.para_id))
    found.source = higher[0] if higher else None
    return found


def direction(formula: Formula | None, a, b) -> str | None:
    """The direction of a pair (Sides a, b) of a formula's family: "higher-level" when one
    side is its source and the other of the formula's level, "shared-formula" between two of
    that level; None otherwise (the pair keeps its dated direction)."""
    if formula is None:
        return None
    src = formula.source
    if src is not None and {a.para_id, b.para_id} & {src.para_id} and \
            formula.level in (a.level, b.level):
        return "higher-level"
    if a.level == formula.level and b.level == formula.level:
        return "shared-formula"
    return None
