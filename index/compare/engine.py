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
from bisect import bisect_right
from collections import Counter, defaultdict

from index.compare.distinctive import add_distinctive
from index.compare.model import EMPTY, Comparison, Passage, Variant, ZoneResult
from index.compare.passages import DocRange, doc_ranges, find_passages, main_sections, resolve_theme
from index.compare.phrasing import add_phrasing, cosine, nearest_by_zone, shingles
from index.store.connection import db_file, snapshot
from index.text.normal import fold
from index.words.themes import Theme, all_themes

MAIN_BOOST = 2.0      # a passage inside a section whose heading names the theme
HEADING_FACTOR = 0.5  # a heading paragraph: its section is already shown as main statement


# ------------------------------------------------------------------ comparing


def _select_zones(all_zones: list[str], shorts: dict[str, str], wanted: list[str],
                  notes: list[str]) -> list[str]:
    chosen: list[str] = []
    for w in wanted:
        f = fold(w)
        hits = [z for z in all_zones if f and (f in fold(z) or f in fold(shorts.get(z, "")))]
        if not hits:
            notes.append(f"no zone matches “{w}”")
        chosen += [z for z in hits if z not in chosen]
    return chosen


def compare(conn: sqlite3.Connection, theme: Theme | str, zones: list[str] | None = None, *,
            distinctive: bool = True, themes: dict[str, Theme] | None = None) -> Comparison:
    """Compare how zones phrase a theme (a Theme, or a name / ad-hoc query string).

    zones: names or short names (folded substrings) to include even without a passage;
    default every zone with a passage. distinctive=False skips the jieba-based word lists
    (add_distinctive() adds them later).
    """
    notes: list[str] = []
    adhoc = False
    if isinstance(theme, str):
        theme, adhoc, notes = resolve_theme(theme, themes)
    else:
        adhoc = theme.source == "query"
    with snapshot(conn):
        docs = doc_ranges(conn)
        by_zone: dict[str, list[DocRange]] = defaultdict(list)
        for d in docs:
            by_zone[d.zone].append(d)
        shorts = {z: ds[0].short for z, ds in by_zone.items()}
        passages = find_passages(conn, theme, docs)
        hit_zones = Counter(p.zone for p in passages)
        if zones:
            chosen = _select_zones(sorted(by_zone), shorts, zones, notes)
        else:
            chosen = sorted(hit_zones, key=lambda z: (-hit_zones[z], z))
            silent = sorted(set(by_zone) - set(hit_zones))
            if silent and hit_zones:
                notes.append(f"no passage in {len(silent)} other zone(s): "
                             + "、".join(shorts[z] or z for z in silent))
        doc_ids = {d.doc_id for z in chosen for d in by_zone[z]}
        mains = main_sections(conn, theme, doc_ids) if chosen else []
        sections = conn.execute("SELECT doc_id, first_para, last_para FROM sections "
                                "WHERE first_para IS NOT NULL").fetchall()
    secs: dict[str, list] = defaultdict(list)
    for s in sections:
        secs[s[0]].append(s)
    results = [_zone_result(z, by_zone[z], [p for p in passages if p.zone == z], mains,
                            [s for d in by_zone[z] for s in secs[d.doc_id]])
               for z in chosen]
    comp = Comparison(theme, adhoc, results, notes=notes, source=db_file(conn))
    if not passages:
        comp.notes.append(f"no paragraph of the corpus contains an expression of "
                          f"“{theme.name}” ({'、'.join(theme.expressions()[:8])}"
                          f"{'…' if len(theme.expressions()) > 8 else ''})")
    from index.analysis.phrases import phrase_filter

    keep = phrase_filter(conn, {p.para_id: p.text for p in passages})
    add_phrasing(comp, (e for t in (themes or all_themes()).values() for e in t.expressions()),
                 keep)
    if distinctive:
        add_distinctive(comp)
    return comp


def _zone_result(zone, docs, passages, mains, sections) -> ZoneResult:
    ids = {d.doc_id for d in docs}
    r = ZoneResult(zone, docs[0].short, [d.doc_id for d in docs], sum(d.chars for d in docs))
    r.main_sections = [m for m in mains if m.doc_id in ids]
    for p in passages:
        p.in_main = any(m.first_para <= p.para_id <= m.last_para for m in r.main_sections)
        p.score = len(set(p.families)) * len(p.forms) * (MAIN_BOOST if p.in_main else 1.0) \
            * (HEADING_FACTOR if p.kind == "heading" else 1.0)
    r.passages = sorted(passages, key=lambda p: (-p.score, p.para_id))
    r.mentions = sum(len(p.forms) for p in passages)
    pids = sorted(p.para_id for p in passages)
    r.sections = len(sections)
    r.sections_touched = sum(1 for _, lo, hi in sections
                             if bisect_right(pids, hi) > bisect_right(pids, lo - 1))
    r.positions = [p.position for p in sorted(passages, key=lambda p: p.para_id)]
    deciles = {(p.doc_id, min(int(p.position * 10), 9)) for p in passages}
    r.dispersion = len(deciles) / (10 * len(docs)) if docs else 0.0
    fams: dict[str, Counter] = defaultdict(Counter)
    for p in passages:
        for fam, form in zip(p.families, p.forms):
            fams[fam][form] += 1
    r.variants = sorted((Variant(f, sum(c.values()), dict(c.most_common()))
                         for f, c in fams.items()), key=lambda v: (-v.count, v.family))
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
        pool = find_passages(conn, source)
    else:
        pool = list(source)
    f = fold(zone) if zone is not None else None
    wanted = set(zones) if zones is not None else None

    def zone_of(p):
        if p.zone == passage.zone or (f is not None and f not in (fold(p.zone), fold(p.short))):
            return None
        if wanted is not None and p.zone not in wanted:
            return None
        return p.zone
    best = nearest_by_zone(_vector(passage), pool, _vector, zone_of)
    return next(iter(best.values()), None) if zone is not None else best


def similarity(a: Passage, b: Passage) -> float:
    return cosine(_vector(a), _vector(b))
