"""Reading stored reuse: pairs and families, filtered, oriented earlier -> later.

Every function answers from the tables (store.py) and never computes: a database where
reuse was never computed answers with no pairs and a note saying so.
"""

from __future__ import annotations

import json

from index.reuse import store
from index.reuse.families import (components, date_key, default_boilerplate_zones, order,
                                  sortable)
from index.reuse.model import Family, FamilyResult, ReusePair, ReuseResult, Side

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

    def side_ok(self, s: Side) -> bool:
        if self.docs and s.doc_id not in self.docs:
            return False
        if self.zones and not any(z in s.zone or (s.short and z in s.short)
                                  for z in self.zones):
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


def _graph(conn, f: Filters, para_ids=None):
    """(pairs oriented source -> target, family id of each paragraph, families)."""
    rows = store.pairs(conn, f.min_similarity, f.min_shared, para_ids)
    meta = store.doc_meta(conn)
    pairs: list[ReusePair] = []
    for a, b, sim, shared, spans, da, sa, ta, db, sb, tb in rows:
        ma, mb = meta[da], meta[db]
        side_a = Side(da, ma[0], ma[2] or (str(ma[3]) if ma[3] else ""), sa, ta, ma[4], ma[1], a)
        side_b = Side(db, mb[0], mb[2] or (str(mb[3]) if mb[3] else ""), sb, tb, mb[4], mb[1], b)
        sign, direction = order(date_key(ma[2], ma[3]), date_key(mb[2], mb[3]))
        spans = json.loads(spans)
        if sign > 0:
            side_a, side_b = side_b, side_a
            spans = [[c, d, x, y] for x, y, c, d in spans]
        pairs.append(ReusePair(side_a, side_b, sim, shared, spans, direction))
    if not f.same_zone:
        pairs = [p for p in pairs if p.source.zone != p.target.zone]
    comps = components([(p.source.para_id, p.target.para_id) for p in pairs])
    family_of = {}
    for n, root in enumerate(sorted(comps, key=lambda r: comps[r][0]), 1):
        for m in comps[root]:
            family_of[m] = n
    zones_in = len({m[0] for m in meta.values()})
    k = f.boilerplate_zones or default_boilerplate_zones(zones_in)
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
        zones = {m.zone for m in ms}
        k0, k1 = (date_key(ms[0].date, None), date_key(ms[1].date, None))
        dated = order(k0, k1)[0] < 0
        families[fam] = Family(fam, ms, count[fam], len(zones) > k, dated)
    for p in pairs:
        p.boilerplate = families[p.family].boilerplate
    return pairs, families


def _none_note(conn) -> list[str]:
    st = store.status(conn)
    if st["docs"] < st["of"]:
        return [f"reuse computed for {st['docs']} of {st['of']} documents: run "
                f"`main.py reuse` (it updates the results) to include the rest"]
    return []


def reuse(conn, f: Filters) -> ReuseResult:
    pairs, _ = _graph(conn, f)
    kept = [p for p in pairs if f.pair_ok(p)]
    kept.sort(key=lambda p: (-p.shared_chars, -p.similarity, p.source.para_id,
                             p.target.para_id))
    notes = _none_note(conn)
    hidden = sum(1 for p in pairs if p.boilerplate) if not f.boilerplate else 0
    if hidden:
        notes.append(f"{hidden} pairs of boilerplate families (shared by many zones) left "
                     f"out; --boilerplate shows them")
    return ReuseResult(kept, notes)


def families(conn, f: Filters) -> FamilyResult:
    _, fams = _graph(conn, f)
    kept = [fam for fam in fams.values()
            if (f.boilerplate or not fam.boilerplate)
            and (not (f.docs or f.zones) or any(f.side_ok(m) for m in fam.members))
            and (not f.since or (fam.spread[1] and
                                 sortable(fam.spread[1]) >= sortable(f.since)))]
    kept.sort(key=lambda fam: (-len(fam.zones), -len(fam.members), fam.id))
    return FamilyResult(kept, _none_note(conn))


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
    return out


def family_of(conn, para_id: int, f: Filters | None = None) -> Family | None:
    f = f or Filters(boilerplate=True)
    pairs, fams = _graph(conn, f)
    for p in pairs:
        if para_id in (p.source.para_id, p.target.para_id):
            return fams[p.family]
    return None
