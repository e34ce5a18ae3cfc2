"""Clusters: the most frequent extensions of a query by whole units to its left and right.

Each occurrence (found as search finds it, placed on units as in collocates.py) is widened
to the units it touches (the core); a left cluster is 1..MAX_UNITS word units before the
core plus the core, a right cluster the core plus 1..MAX_UNITS units after it. Extensions
never cross punctuation, and a cluster whose outer unit is a function word (的, 和) is not
counted (it is the start of the next phrase, not an extension).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from index.analysis.collocates import zone_occurrences
from index.analysis.model import Cluster, Listing
from index.analysis.units import is_word
from index.words.segment import stopwords

MAX_UNITS = 3
MIN_COUNT = 2


def _outer_ok(unit: str, function) -> bool:
    return unit not in function and not (len(unit) == 1 and unit in "的了和与及或等是在对把将被")


def clusters(conn, query: str, *, by_zone: bool = False, zones: list[str] | None = None,
             max_units: int = MAX_UNITS, min_count: int = MIN_COUNT,
             limit: int | None = 20) -> Listing:
    from index.analysis.common import resolve_zones

    query = query.strip()
    function = stopwords().function
    wanted = set(resolve_zones(conn, zones)) if zones else None
    counts: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    for key, us, hits in zone_occurrences(conn, query, wanted, by_zone):
        for first, last in hits:
            total[key] += 1
            core = "".join(us[first:last + 1])
            ext = ""
            for i in range(first - 1, max(first - 1 - max_units, -1), -1):
                if not is_word(us[i]):
                    break
                ext = us[i] + ext
                if _outer_ok(us[i], function):
                    counts[key][(ext + core, "left")] += 1
            ext = ""
            for i in range(last + 1, min(last + 1 + max_units, len(us))):
                if not is_word(us[i]):
                    break
                ext += us[i]
                if _outer_ok(us[i], function):
                    counts[key][(core + ext, "right")] += 1
    items: list[Cluster] = []
    below = 0  # clusters under min_count, left out (said in a note)
    for key in sorted(total, key=lambda k: (-total[k], k)):
        for side in ("left", "right"):
            rows = [(c, n) for (c, s), n in counts[key].items() if s == side and n >= min_count]
            below += sum(1 for (c, s), n in counts[key].items() if s == side and n < min_count)
            rows.sort(key=lambda x: (-x[1], len(x[0]), x[0]))
            items += [Cluster(c, n, side, key if by_zone else None)
                      for c, n in rows[:limit if limit is not None else len(rows)]]
    notes = [] if total else [f"no occurrence of {query!r}" + (" in those zones" if wanted else "")]
    if below:
        notes.append(f"{below:,} cluster(s) left out: fewer than {min_count} occurrences "
                     f"(--min-count)")
    return Listing("clusters", items, notes, target=query, target_tokens=sum(total.values()),
                   threshold=f"count ≥ {min_count}, up to {max_units} units each side")
