"""Collocates: the units within a window of a query's occurrences, with association scores.

Occurrences are found as search finds them (the full-text index, exact substrings of the
folded text), then placed on the paragraph's units: the window is the `window` word units
left of the first unit the occurrence touches and right of the last (punctuation takes no
place in the count; a window never leaves its paragraph).

Co-occurrences are counted so that none exceeds what the text holds: each occurrence of
the node claims at most one token of each collocate in its window (the leftmost one no
earlier occurrence has claimed), so a collocate counts at most once per node occurrence
and at most as often as it occurs — two occurrences of the node a few words apart share
their windows, and the word between them is one co-occurrence, not two. W counts each
word unit of overlapping windows once.

For a collocate c of node n, with O = co-occurrences in the windows, f(c) its corpus count,
N the corpus's word units and W the word units inside all windows:
  E        = W · f(c) / N
  MI       = log2(O / E)                           (Church & Hanks 1990)
  G²       of the table [O, W − O; f(c) − O, N − W − f(c) + O]   (Dunning 1993)
  logDice  = 14 + log2(2·O / (f(n) + f(c)))         (Rychlý 2008), f(n) = occurrences
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from itertools import accumulate

from index.analysis import store
from index.analysis.model import Collocate, Listing
from index.analysis.stats import g2_table, log_dice, mutual_information
from index.analysis.units import is_word
from index.text.normal import find_spans

WINDOW = 5
MIN_COUNT = 2
SORTS = ("ll", "count", "mi", "log_dice")


def occurrences(conn, query: str):
    """(para_id, doc_id, None, units, [(first unit, last unit) of each occurrence]) of
    every paragraph containing the query (the text is not read: its units spell it out)."""
    for pid, doc, us in store.units_with(conn, query):
        text = None
        if not us:
            continue
        squeezed = "".join(us)  # the text without spaces (ensure() keeps the cache fresh)
        spans, i = [], squeezed.find(query)
        while i != -1:
            spans.append((i, i + len(query)))
            i = squeezed.find(query, i + 1)
        if not spans:  # found only after folding (letter case, width)
            spans = find_spans(squeezed, [query])
        if not spans:
            continue
        ends = list(accumulate(map(len, us)))
        hits = [(bisect_right(ends, s), bisect_left(ends, e)) for s, e in spans]
        yield pid, doc, text, us, hits


def zone_occurrences(conn, query: str, wanted: set[str] | None, by_zone: bool):
    """(key, units, hits) of occurrences() in the wanted zones (None: all); key is the zone
    with by_zone, else ""."""
    zone_of = store.zone_names(conn)
    for _, doc, _, us, hits in occurrences(conn, query):
        z = zone_of.get(doc, "(no zone)")
        if wanted is not None and z not in wanted:
            continue
        yield (z if by_zone else ""), us, hits


def window_positions(us: list[str], first: int, last: int, window: int) -> list[int]:
    """Positions of the word units left and right of us[first..last], at most `window`
    each side, in text order."""
    left: list[int] = []
    i = first - 1
    while i >= 0 and len(left) < window:
        if is_word(us[i]):
            left.append(i)
        i -= 1
    right: list[int] = []
    i = last + 1
    while i < len(us) and len(right) < window:
        if is_word(us[i]):
            right.append(i)
        i += 1
    return left[::-1] + right


def claimed_windows(us: list[str], hits, window: int):
    """(left, right, window units) of one paragraph's node occurrences: per occurrence,
    each unit type in its window once, on a token no earlier occurrence claimed (so a
    token is counted once however many windows hold it); window units counted once."""
    claimed: set[int] = set()
    covered: set[int] = set()
    left: Counter = Counter()
    right: Counter = Counter()
    for first, last in hits:
        positions = window_positions(us, first, last, window)
        covered.update(positions)
        done: set[str] = set()
        for p in positions:
            term = us[p]
            if term in done or p in claimed:
                continue
            done.add(term)
            claimed.add(p)
            (left if p < first else right)[term] += 1
    return left, right, len(covered)


def collocates(conn, query: str, *, window: int = WINDOW, by_zone: bool = False,
               zones: list[str] | None = None, min_count: int = MIN_COUNT,
               sort: str = "ll", limit: int | None = 50) -> Listing:
    from index.analysis.common import collocable, fragment_checker, keep_verdicts, resolve_zones

    query = query.strip()
    wanted = set(resolve_zones(conn, zones)) if zones else None
    left: dict[str, Counter] = defaultdict(Counter)
    right: dict[str, Counter] = defaultdict(Counter)
    nodes: Counter = Counter()
    span: Counter = Counter()
    for key, us, hits in zone_occurrences(conn, query, wanted, by_zone):
        lw, rw, covered = claimed_windows(us, hits, window)
        nodes[key] += len(hits)
        span[key] += covered
        left[key].update(lw)
        right[key].update(rw)
    n_all = int(store.meta(conn, "tokens", 0))
    zone_sizes = store.meta(conn, "zone_sizes", {})
    zone_freq = {}
    frag = fragment_checker(conn)
    items: list[Collocate] = []
    rare: set[str] = set()  # words in the windows below min_count, left out
    frags: list[str] = []
    for key in sorted(nodes, key=lambda k: (-nodes[k], k)):
        seen = [t for t in set(left[key]) | set(right[key])
                if left[key][t] + right[key][t] >= min_count]
        rare.update(t for t in set(left[key]) | set(right[key])
                    if left[key][t] + right[key][t] < min_count and collocable(t))
        if by_zone:
            zone_freq = {u: v[0] for u, v in store.counts_of(conn, seen, key).items()}
            n = zone_sizes.get(key, 0)
        else:
            zone_freq = {u: v[0] for u, v in store.counts_of(conn, seen).items()}
            n = n_all
        f_node = nodes[key]
        w_size = span[key]
        rows = []
        for term in seen:
            o = left[key][term] + right[key][term]
            if o < min_count or not collocable(term) or term == query:
                continue
            f_c = max(zone_freq.get(term, 0), o)
            e = w_size * f_c / n if n else 0.0
            ll = g2_table(o, max(w_size - o, 0), max(f_c - o, 0),
                          max(n - w_size - f_c + o, 0))
            if o < e:
                ll = -ll  # fewer than expected: a negative association
            rows.append(Collocate(term, o, left[key][term], right[key][term], ll,
                                  mutual_information(o, e), log_dice(o, f_node, f_c),
                                  key if by_zone else None))
        rows.sort(key=lambda c: (-getattr(c, sort), -c.count, c.term))
        kept: list[Collocate] = []
        for c in rows:
            if limit is not None and len(kept) >= limit:
                break
            if not frag(c.term):
                kept.append(c)
            elif c.term not in frags:
                frags.append(c.term)
        items += kept
    notes = []
    if rare:
        notes.append(f"{len(rare):,} word(s) in the windows left out: fewer than {min_count} "
                     f"co-occurrences (--min-count)")
    if frags:
        notes.append("left out as fragments (nearly always extended by the same character): "
                     + "、".join(frags[:10]))
    if not nodes:
        notes.append(f"no occurrence of {query!r}" + (" in those zones" if wanted else ""))
    total = sum(nodes.values())
    keep_verdicts(conn)
    return Listing("collocates", items, notes, target=query, target_tokens=total,
                   ref_tokens=n_all, threshold=f"window ±{window} units, count ≥ {min_count}, "
                   f"by {sort}")
