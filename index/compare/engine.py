"""Theme comparison: how each zone writes about one theme, side by side.

compare() finds every passage that carries a theme (passages.py: full-text candidates, then
the theme's regex decides, so the result is exact), groups them by zone, ranks them, and
works out each zone's figures (mentions per 10,000 characters, share of sections touched,
dispersion), variants, main sections (headings that name the theme), shared and unique
phrasing and, with jieba, distinctive words (phrasing.py, distinctive.py). nearest() pairs a
passage with its closest passage in other zones; matrix.theme_matrix() counts every theme in
every zone.

Nothing here needs jieba except add_distinctive() (compare(..., distinctive=True)).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict

from index.compare.distinctive import add_distinctive
from index.compare.groups import check_by, group_docs
from index.compare.model import EMPTY, Comparison, Passage, Variant, ZoneResult
from index.compare.passages import (
    DocRange,
    busiest_zones,
    doc_ranges,
    enclosing_sections,
    find_passages,
    main_sections,
    resolve_theme,
    section_counts,
)
from index.compare.phrasing import add_phrasing, cosine, nearest_by_zone, shingles
from index.store.connection import db_file, snapshot
from index.store.library import docs_of
from index.store.zones import resolve
from index.text.normal import fold
from index.words.themes import Theme, all_themes

MAIN_BOOST = 2.0      # a passage inside a section whose heading names the theme
HEADING_FACTOR = 0.5  # a heading paragraph: its section is already shown as main statement


# ------------------------------------------------------------------ comparing


def select_zones(all_zones: list[str], shorts: dict[str, str], wanted: list[str],
                 notes: list[str]) -> list[str]:
    """The groups of all_zones that `wanted` names (index.store.zones.resolve); a name
    picking none adds a note naming the nearest."""
    found = resolve({z: shorts.get(z, "") for z in all_zones}, wanted)
    notes += found.notes()
    return found.zones


def _zone_docs(docs: list[DocRange], wanted: list[str], notes: list[str]) -> list[DocRange]:
    """The documents of the zones named (folded substrings of name or short name)."""
    zones = sorted({d.zone for d in docs})
    chosen = set(select_zones(zones, {d.zone: d.short for d in docs}, wanted, notes))
    return [d for d in docs if d.zone in chosen]


def compare(conn: sqlite3.Connection, theme: Theme | str, zones: list[str] | None = None, *,
            distinctive: bool = True, themes: dict[str, Theme] | None = None,
            by: str = "zone", top: int | None = None,
            only_docs: set[str] | None = None) -> Comparison:
    """Compare how zones phrase a theme (a Theme, or a name / ad-hoc query string).

    zones: names or short names (folded substrings) to include even without a passage;
    default every zone with a passage. distinctive=False skips the jieba-based word lists
    (add_distinctive() adds them later). by: what a pane holds (index/compare/groups.py):
    a zone (default), a year, a zone's year or a level; with zones named, only their
    documents are grouped, and every group of theirs is shown. top (by zone only): only
    the `top` zones with most passages, when their counts are materialised (a first
    screen while the whole comparison is computed: passages and figures only, its shared
    and own phrasing come with the whole comparison; distinctive words added to it are
    among those zones only). only_docs: only these documents (a saved set).
    """
    by = check_by(by)
    notes: list[str] = []
    adhoc = False
    if isinstance(theme, str):
        theme, adhoc, notes = resolve_theme(theme, themes)
    else:
        adhoc = theme.source == "query"
    with snapshot(conn):
        docs = doc_ranges(conn)
        if only_docs is not None:
            docs = [d for d in docs if d.doc_id in only_docs]
            top = None  # the materialised counts are of whole zones
        if zones and by != "zone":
            docs = _zone_docs(docs, zones, notes)
        groups = group_docs(docs, by)
        by_zone: dict[str, list[DocRange]] = defaultdict(list)
        for d in docs:
            by_zone[groups[d.doc_id].key].append(d)
        shorts = {z: groups[ds[0].doc_id].label for z, ds in by_zone.items()}
        order = {z: groups[ds[0].doc_id].order for z, ds in by_zone.items()}
        busy = (busiest_zones(conn, theme, docs, top) if top and not zones and by == "zone"
                else None)
        if busy is not None and busy[1] > len(busy[0]):
            notes.append(f"first the {len(busy[0])} zones with most passages (of {busy[1]})")
            zones = busy[0]
            docs = [d for z in zones for d in by_zone[z]]
            docs.sort(key=lambda d: d.first)
            by_zone = {z: by_zone[z] for z in zones}
        passages = find_passages(conn, theme, docs)
        for p in passages:
            p.group = groups[p.doc_id].key
        hit_zones = Counter(p.group for p in passages)
        if zones and by == "zone":
            chosen = select_zones(sorted(by_zone), shorts, zones, notes)
        elif zones:
            chosen = sorted(by_zone, key=lambda z: order[z])
        else:
            chosen = (sorted(hit_zones, key=lambda z: (-hit_zones[z], z)) if by == "zone"
                      else sorted(hit_zones, key=lambda z: order[z]))
            silent = sorted(set(by_zone) - set(hit_zones), key=lambda z: order[z])
            if silent and hit_zones:
                kind = "zone" if by == "zone" else "group"
                notes.append(f"no passage in {len(silent)} other {kind}(s): "
                             + "、".join(shorts[z] or z for z in silent))
        doc_ids = {d.doc_id for z in chosen for d in by_zone[z]}
        mains = main_sections(conn, theme, doc_ids) if chosen else []
        n_secs = section_counts(conn, doc_ids)
        above = enclosing_sections(conn, passages)
        cited = {d.doc_id: d.as_json() for d in docs_of(conn, doc_ids)}
    zone_passages: dict[str, list[Passage]] = defaultdict(list)  # one pass, not one a zone
    for p in passages:
        zone_passages[p.group].append(p)
    doc_mains: dict[str, list] = defaultdict(list)
    for m in mains:
        doc_mains[m.doc_id].append(m)
    results = [_zone_result(z, by_zone[z], zone_passages[z], doc_mains,
                            sum(n_secs.get(d.doc_id, 0) for d in by_zone[z]), above)
               for z in chosen]
    for r in results:
        r.short = r.group = shorts[r.zone]
        r.members = list(dict.fromkeys(d.short or d.zone for d in by_zone[r.zone]))
    comp = Comparison(theme, adhoc, results, notes=notes, by=by, docs=cited,
                      source=db_file(conn),
                      complete=busy is None or busy[1] <= len(busy[0]))
    if not passages:
        comp.notes.append(f"no paragraph of the corpus contains an expression of "
                          f"“{theme.name}” ({'、'.join(theme.expressions()[:8])}"
                          f"{'…' if len(theme.expressions()) > 8 else ''})")
    if comp.complete:
        from index.analysis.common import keep_verdicts
        from index.analysis.phrases import phrase_filter

        keep = phrase_filter(conn, {p.para_id: p.text for p in passages})
        add_phrasing(comp, (e for t in (themes or all_themes()).values()
                            for e in t.expressions()), keep)
        keep_verdicts(conn)  # the boundary tests phrasing ran, for the next process
    elif passages:  # a first screen: passages and figures now, phrasing with the whole
        comp.notes.append("shared and own phrasing follow with the whole comparison")
    if distinctive:
        add_distinctive(comp)
    return comp


def _zone_result(zone, docs, passages, mains, n_sections, above) -> ZoneResult:
    """n_sections: all sections (with paragraphs) of the zone's documents; above: {section
    id: it and the sections enclosing it} (enclosing_sections)."""
    r = ZoneResult(zone, docs[0].short, [d.doc_id for d in docs], sum(d.chars for d in docs))
    r.main_sections = [m for d in docs for m in mains.get(d.doc_id, ())]
    for p in passages:
        p.in_main = any(m.first_para <= p.para_id <= m.last_para for m in r.main_sections)
        p.score = len(set(p.families)) * len(p.forms) * (MAIN_BOOST if p.in_main else 1.0) \
            * (HEADING_FACTOR if p.kind == "heading" else 1.0)
    r.passages = sorted(passages, key=lambda p: (-p.score, p.para_id))
    r.mentions = sum(len(p.forms) for p in passages)
    chars: Counter = Counter()
    said: Counter = Counter()
    year_of = {d.doc_id: d.year for d in docs if d.year}
    for d in docs:
        if d.year:
            chars[d.year] += d.chars
    for p in passages:
        if p.doc_id in year_of:
            said[year_of[p.doc_id]] += len(p.forms)
    r.years = {y: said[y] * 10_000 / n for y, n in chars.items() if n}
    r.sections = n_sections
    r.sections_touched = len(set().union(*(above.get(p.section_id, ()) for p in passages)))
    r.positions = [p.position for p in sorted(passages, key=lambda p: p.para_id)]
    deciles = {(p.doc_id, min(int(p.position * 10), 9)) for p in passages}
    r.dispersion = len(deciles) / (10 * len(docs)) if docs else 0.0
    fams: dict[str, Counter] = defaultdict(Counter)
    for p in passages:
        for fam, form in zip(p.families, p.forms):
            fams[fam][form] += 1
    r.variants = sorted((Variant(f, sum(c.values()), dict(sorted(
                             c.items(), key=lambda x: (-x[1], x[0] != f, x[0]))))
                         for f, c in fams.items()), key=lambda v: (-v.count, v.label))
    if not passages:
        r.empty = EMPTY
    return r


# ------------------------------------------------------------------ pairing


def _vector(p: Passage) -> Counter:
    if p._vec is None:
        p._vec = shingles(p.text, p.spans)  # the theme's own expressions are blanked out
    return p._vec


def nearest(conn: sqlite3.Connection | None, source, passage: Passage, zone: str | None = None,
            zones=None):
    """The passage most like `passage` (cosine over character bigrams) in another zone.

    source: a Comparison, a list of passages, or a Theme (its passages are found via conn).
    zone given: that zone's nearest passage or None; otherwise {zone: passage} for every
    other zone with passages (only those named in `zones`, if given: the panes on screen,
    not a large corpus's hundreds of zones). The theme's own expressions and punctuation
    are ignored.
    """
    if isinstance(source, Comparison):
        pool = source.passages()
    elif isinstance(source, Theme):
        if conn is None:
            raise ValueError("nearest() needs a connection to find a theme's passages")
        pool = find_passages(conn, source)
    else:
        pool = list(source)
    f = fold(zone) if zone is not None else None
    wanted = set(zones) if zones is not None else None

    def zone_of(p):  # the group each passage is compared in (its zone by default)
        g = p.group or p.zone
        if g == (passage.group or passage.zone) or (
                f is not None and f not in (fold(g), fold(p.zone), fold(p.short))):
            return None
        if wanted is not None and g not in wanted:
            return None
        return g
    best = nearest_by_zone(_vector(passage), pool, _vector, zone_of)
    return next(iter(best.values()), None) if zone is not None else best


def similarity(a: Passage, b: Passage) -> float:
    return cosine(_vector(a), _vector(b))
