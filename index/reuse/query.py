"""Reading stored reuse: pairs and families, filtered, oriented earlier -> later.

Every function answers from the tables (store.py) and never computes: a database where
reuse was never computed answers with no pairs and a note saying so.
"""

from __future__ import annotations

import json
from bisect import bisect_right

from index.reuse import formula as formulas
from index.reuse import store
from index.reuse.families import (components, date_key, default_boilerplate_zones, order,
                                  sortable)
from index.reuse.model import Family, FamilyResult, ReusePair, ReuseResult, Side
from index.store.zones import NO_ZONE, resolve_in

MIN_SIMILARITY = 0.5
MIN_SHARED = 20


class Filters:
    """Which pairs a query keeps (see main.py reuse --help)."""

    def __init__(self, zones=None, docs=None, since: str = "", same_zone: bool = False,
                 boilerplate: bool = False, min_similarity: float = MIN_SIMILARITY,
                 min_shared: int = MIN_SHARED, boilerplate_zones: int | None = None):
        self.zones = [z for z in (zones or []) if z]
        self.docs = set(docs or [])
        self.since = since or ""
        self.same_zone, self.boilerplate = same_zone, boilerplate
        self.min_similarity, self.min_shared = min_similarity, min_shared
        self.boilerplate_zones = boilerplate_zones
        self.chosen: set[str] = set()  # the zones self.zones picks (resolve)
        self.notes: list[str] = []  # zone names that pick none, with the nearest

    def resolve(self, conn) -> None:
        """Pick the zones self.zones names (index.store.zones: the one resolver)."""
        if self.zones:
            found = resolve_in(conn, self.zones)
            self.chosen, self.notes = set(found.zones), found.notes()

    def side_ok(self, s: Side) -> bool:
        if self.docs and s.doc_id not in self.docs:
            return False
        if self.zones and (s.zone or s.short or NO_ZONE) not in self.chosen:
            return False
        return True

    def pair_ok(self, p: ReusePair) -> bool:
        if not self.same_zone and p.source.zone == p.target.zone:
            return False
        if p.boilerplate and not self.boilerplate:
            return False
        if (self.docs or self.zones) and not (self.side_ok(p.source) or self.side_ok(p.target)):
            return False
        if self.since and (not p.target.date or sortable(p.target.date) < sortable(self.since)):
            return False
        return True


class _Docs:
    """Which document a paragraph id belongs to, and its number there (no join needed)."""

    def __init__(self, conn):
        self.rows = store.doc_ranges(conn)
        self.firsts = [r[0] for r in self.rows]
        self.zones = len({z for (z,) in conn.execute("SELECT DISTINCT zone FROM docs")})

    def side(self, pid: int) -> Side | None:
        """The paragraph's side of a pair; None when its document's results are stale."""
        k = bisect_right(self.firsts, pid) - 1
        if k < 0 or pid > self.rows[k][1]:
            return None
        first, _, doc_id, zone, short, date, year, title, level = self.rows[k]
        return Side(doc_id, zone, date or (str(year) if year else ""), pid - first + 1, "",
                    title, short, pid, level or "")


def _graph(conn, f: Filters, para_ids=None, rows=None):
    """(pairs oriented source -> target, families by id). Texts and spans are not filled in
    yet (see _finish): a large corpus has many pairs and a query shows few."""
    rows = store.pairs(conn, f.min_similarity, f.min_shared, para_ids) if rows is None else rows
    docs = _Docs(conn)
    pairs: list[ReusePair] = []
    for a, b, sim, shared, spans in rows:
        side_a, side_b = docs.side(a), docs.side(b)
        if side_a is None or side_b is None:
            continue
        if not f.same_zone and side_a.zone == side_b.zone:
            continue
        sign, direction = order(date_key(side_a.date, None), date_key(side_b.date, None))
        if sign > 0:
            side_a, side_b = side_b, side_a
        pair = ReusePair(side_a, side_b, sim, shared, [], direction)
        pair.raw = (spans, sign > 0)
        pairs.append(pair)
    comps = components([(p.source.para_id, p.target.para_id) for p in pairs])
    family_of = {}
    for n, root in enumerate(sorted(comps, key=lambda r: comps[r][0]), 1):
        for m in comps[root]:
            family_of[m] = n
    k = f.boilerplate_zones or default_boilerplate_zones(docs.zones)
    sides: dict[int, Side] = {}
    count: dict[int, int] = {}
    for p in pairs:
        p.family = family_of[p.source.para_id]
        sides[p.source.para_id], sides[p.target.para_id] = p.source, p.target
        count[p.family] = count.get(p.family, 0) + 1
    members: dict[int, list[Side]] = {}
    for pid, fam in family_of.items():
        members.setdefault(fam, []).append(sides[pid])
    families = {}
    for fam, ms in members.items():
        ms.sort(key=lambda s: (sortable(s.date), s.para_id))
        dated = order(date_key(ms[0].date, None), date_key(ms[1].date, None))[0] < 0
        found = formulas.detect(ms)
        if found is not None:  # a shared formula: its higher-level source first, if any
            dated = found.source is not None
            if dated:
                ms.remove(found.source)
                ms.insert(0, found.source)
        families[fam] = Family(fam, ms, count[fam], len({m.zone for m in ms}) > k, dated,
                               found)
    for p in pairs:
        fam = families[p.family]
        p.boilerplate = fam.boilerplate
        if way := formulas.direction(fam.formula, p.source, p.target):
            p.direction, p.formula_zones = way, fam.formula.zones
            if way == "higher-level" and p.target.para_id == fam.formula.source.para_id:
                p.source, p.target = p.target, p.source
                p.raw = (p.raw[0], not p.raw[1])
    return pairs, families


def _finish(conn, pairs=(), sides=()) -> None:
    """Fill in the texts (and the pairs' spans, oriented source -> target)."""
    sides = [*sides, *(s for p in pairs for s in (p.source, p.target))]
    text = store.texts(conn, (s.para_id for s in sides if not s.text))
    for s in sides:
        s.text = s.text or text.get(s.para_id, "")
    for p in pairs:
        if getattr(p, "raw", None) is not None:
            spans, flip = p.raw
            spans = json.loads(spans)
            p.spans = [[c, d, x, y] for x, y, c, d in spans] if flip else spans
            p.raw = None


def _none_note(conn) -> list[str]:
    st = store.status(conn)
    if st["docs"] < st["of"]:
        return [f"reuse computed for {st['docs']} of {st['of']} documents: run "
                f"`main.py reuse` (it updates the results) to include the rest"]
    return []


def reuse(conn, f: Filters, limit: int = 0) -> ReuseResult:
    """The pairs passing f, most shared characters first (the first `limit`, 0: all)."""
    f.resolve(conn)
    pairs, _ = _graph(conn, f)
    kept = [p for p in pairs if f.pair_ok(p)]
    kept.sort(key=lambda p: (-p.shared_chars, -p.similarity, p.source.para_id,
                             p.target.para_id))
    total = len(kept)
    if limit:
        kept = kept[:limit]
    _finish(conn, kept)
    notes = f.notes + _none_note(conn)
    hidden = sum(1 for p in pairs if p.boilerplate) if not f.boilerplate else 0
    if hidden:
        notes.append(f"{hidden} pairs of boilerplate families (shared by many zones) left "
                     f"out; --boilerplate shows them")
    return ReuseResult(kept, notes, total)


def families(conn, f: Filters, limit: int = 0) -> FamilyResult:
    """The families with a member passing f, widest first (the first `limit`, 0: all)."""
    f.resolve(conn)
    _, fams = _graph(conn, f)
    kept = [fam for fam in fams.values()
            if (f.boilerplate or not fam.boilerplate)
            and (not (f.docs or f.zones) or any(f.side_ok(m) for m in fam.members))
            and (not f.since or (fam.spread[1] and
                                 sortable(fam.spread[1]) >= sortable(f.since)))]
    kept.sort(key=lambda fam: (-len(fam.zones), -len(fam.members), fam.id))
    total = len(kept)
    if limit:
        kept = kept[:limit]
    _finish(conn, sides=[m for fam in kept for m in fam.members])
    return FamilyResult(kept, f.notes + _none_note(conn), total)


def for_paragraphs(conn, para_ids, f: Filters | None = None) -> dict[int, list[ReusePair]]:
    """{para id: its pairs, best first} for the given paragraphs (badges in the app). Only
    their own pairs are read: family ids and boilerplate flags are not the corpus's here
    (family_of computes those)."""
    f = f or Filters(boilerplate=True)
    want = set(para_ids)
    pairs, _ = _graph(conn, f, want)
    out: dict[int, list[ReusePair]] = {}
    for p in pairs:
        for pid in (p.source.para_id, p.target.para_id):
            if pid in want:
                out.setdefault(pid, []).append(p)
    for v in out.values():
        v.sort(key=lambda p: (-p.similarity, -p.shared_chars))
    _finish(conn, [p for v in out.values() for p in v])
    return out


FAMILY_CAP = 5000  # paragraphs read at most when following a family's links


def family_of(conn, para_id: int, f: Filters | None = None) -> Family | None:
    """The family of one paragraph, found by following its pairs outwards (index lookups;
    a family larger than FAMILY_CAP paragraphs is cut there)."""
    f = f or Filters(boilerplate=True)
    seen, frontier, rows = {para_id}, {para_id}, {}
    while frontier and len(seen) < FAMILY_CAP:
        found = store.pairs(conn, f.min_similarity, f.min_shared, frontier)
        for r in found:
            rows[r[:2]] = r
        frontier = {x for r in found for x in r[:2]} - seen
        seen |= frontier
    pairs, fams = _graph(conn, f, rows=list(rows.values()))
    for p in pairs:
        if para_id in (p.source.para_id, p.target.para_id):
            fam = fams[p.family]
            _finish(conn, sides=fam.members)
            return fam
    return None
