"""Theme comparison: how each zone writes about one theme, side by side.

compare() finds every passage that carries a theme (full-text candidates, then the theme's
regex decides, so the result is exact), groups them by zone, ranks them, and works out each
zone's figures (mentions per 10,000 characters, share of sections touched, dispersion),
variants, main sections (headings that name the theme), shared and unique phrasing and,
with jieba, distinctive words (phrasing.py). nearest() pairs a passage with its closest
passage in other zones; report.theme_matrix() counts every theme in every zone.

Nothing here needs jieba except add_distinctive() (compare(..., distinctive=True)).
"""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .library import section_paths
from .phrasing import Phrase, Scored, add_phrasing, cosine, nearest_by_zone, shingles
from .phrasing import add_distinctive, excluded_words  # noqa: F401  (part of this API)
from .query import _phrase, any_of
from .rank import SHIFT
from .search import snapshot
from .segment import all_themes
from .textnorm import fold, unfold_spans
from .themes import _GAP_RE, Theme, ThemeError, adhoc_theme, find_theme, pattern_regex

MAIN_BOOST = 2.0      # a passage inside a section whose heading names the theme
HEADING_FACTOR = 0.5  # a heading paragraph: its section is already shown as main statement
EMPTY = "no passage carries the theme"
_NON_WORD = re.compile(r"[^\w]+")


@dataclass
class Passage:
    para_id: int
    doc_id: str
    zone: str
    short: str
    title: str
    para: int          # paragraph number in its document (paras.seq)
    kind: str          # "body" or "heading"
    section: str       # heading path, " › "-joined
    text: str
    terms: list[str] = field(default_factory=list)     # distinct forms matched, in text order
    spans: list[tuple[int, int]] = field(default_factory=list)
    families: list[str] = field(default_factory=list)  # family of each matched occurrence
    forms: list[str] = field(default_factory=list)     # form of each matched occurrence
    position: float = 0.0  # where in its document, 0 (start) .. 1 (end)
    in_main: bool = False
    score: float = 0.0
    _vec: Counter | None = field(default=None, repr=False, compare=False)



@dataclass
class MainSection:
    doc_id: str
    title: str
    number: str
    level: int
    path: str
    para: int                 # paragraph number where the section starts
    paras: int                # paragraphs in the section
    subheadings: list[str]
    first_para: int = 0       # paragraph id range, for membership
    last_para: int = 0



@dataclass
class Variant:
    family: str
    count: int
    forms: dict[str, int]


@dataclass
class ZoneResult:
    zone: str
    short: str
    doc_ids: list[str]
    chars: int
    passages: list[Passage] = field(default_factory=list)  # best first
    mentions: int = 0
    sections: int = 0
    sections_touched: int = 0
    positions: list[float] = field(default_factory=list)
    dispersion: float = 0.0
    variants: list[Variant] = field(default_factory=list)
    main_sections: list[MainSection] = field(default_factory=list)
    unique: list[Phrase] = field(default_factory=list)
    distinctive: list[Scored] | None = None  # None: not computed (needs jieba)
    empty: str | None = None

    @property
    def per_10k(self) -> float:
        return self.mentions * 10_000 / self.chars if self.chars else 0.0

    @property
    def section_share(self) -> float | None:
        return self.sections_touched / self.sections if self.sections else None

    def figures(self) -> dict:
        from .report import zone_figures

        return zone_figures(self)



@dataclass
class Comparison:
    theme: Theme
    adhoc: bool
    zones: list[ZoneResult]
    shared: list[Phrase] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    distinctive_done: bool = False

    def zone(self, name: str) -> ZoneResult | None:
        f = fold(name)
        for z in self.zones:
            if f in (fold(z.zone), fold(z.short)):
                return z
        return next((z for z in self.zones if f in fold(z.zone) or f in fold(z.short)), None)

    def passages(self) -> list[Passage]:
        return [p for z in self.zones for p in z.passages]

    def as_json(self, limit: int = 5) -> dict:
        """The documented JSON shape (report.comparison_json); limit passages per zone."""
        from .report import comparison_json

        return comparison_json(self, limit)


# ------------------------------------------------------------------ themes


def resolve_theme(name: str, themes: dict[str, Theme] | None = None
                  ) -> tuple[Theme, bool, list[str]]:
    """(theme, is_adhoc, notes): a lexicon theme by name or gloss, else an ad-hoc query.

    Raises ThemeError for an empty name.
    """
    themes = all_themes() if themes is None else themes
    theme = find_theme(themes, name)
    if theme is not None:
        return theme, False, []
    notes = []
    try:
        theme = adhoc_theme(name)
    except ThemeError as e:  # a malformed gap (产城…, …{60}): every word as literal text
        words = list(dict.fromkeys(name.split()))
        if not words:
            raise
        theme = Theme(name.strip(), "ad-hoc query", words, [], {}, "query")
        notes.append(f"{str(e).removeprefix('query: ')}: matched as literal text instead")
    note = (f"“{name.strip()}” is not a theme of the lexicon: compared as an ad-hoc query "
            f"(exact terms: {'、'.join(theme.terms + theme.patterns)})")
    owners = [t.name for t in themes.values() if name.strip() in t.expressions()]
    if owners:
        note += f"; it is an expression of the theme {'、'.join(owners)}"
    return theme, True, [note, *notes]


def match_expression(theme: Theme) -> str | None:
    """FTS5 expression whose matches include every paragraph the theme's regex can match.

    Any expression, or for each gap pattern the AND of its literal parts. None when some
    pattern has no searchable literal (then every paragraph is a candidate).
    """
    parts = []
    expr = any_of(theme.expressions())
    if expr:
        parts.append(expr)
    for pattern in theme.patterns:
        lits = [p for p in (_phrase(lit) for lit in _GAP_RE.split(pattern)[0::2]) if p]
        if not lits:
            return None
        parts.append("(" + " AND ".join(lits) + ")")
    return " OR ".join(parts) if parts else None


def _classifier(theme: Theme):
    """folded match -> family: expressions by theme.family_of, pattern matches by their
    words (the theme's matcher() runs on folded text)."""
    exprs = {fold(e): e for e in reversed(theme.expressions())}
    pats = [(p, re.compile(pattern_regex(p, folded=True))) for p in theme.patterns]

    def family(form: str) -> str:
        if form in exprs:
            return theme.family_of(exprs[form])
        bare = _NON_WORD.sub("", form)  # “科产城人”融合 -> 科产城人融合
        if bare in exprs:
            return theme.family_of(exprs[bare])
        return next((p for p, rx in pats if rx.fullmatch(form)), form)
    return family


_SPACE = re.compile(r"\s+")


def theme_matches(rx: re.Pattern, text: str):
    """The theme's matches in text, matched on its folded form (as search matches):
    [(folded match, the text's own form, span in text)]."""
    folded = fold(text)
    found = list(rx.finditer(folded))
    if not found:
        return []
    spans = unfold_spans(text, folded, [m.span() for m in found])
    return [(m.group(), _SPACE.sub("", text[s:e]) or m.group(), (s, e))
            for m, (s, e) in zip(found, spans)]


# ------------------------------------------------------------------ finding passages


@dataclass
class _Doc:
    doc_id: str
    zone: str
    short: str
    title: str
    chars: int
    first: int
    last: int


def _docs(conn: sqlite3.Connection) -> list[_Doc]:
    rows = conn.execute("SELECT doc_id, zone, short, title, chars, first_para, last_para "
                        "FROM docs WHERE first_para IS NOT NULL ORDER BY first_para")
    return [_Doc(r[0], r[1] or r[2] or "(no zone)", r[2] or r[1] or "", r[3] or "",
                 r[4] or 0, r[5], r[6]) for r in rows]


def _candidates(conn, match: str | None, table: str = "para_fts"):
    """Ids (paragraphs, or sections for sec_fts) whose text the expression matches, in order."""
    if match is None:
        rows = "paras" if table == "para_fts" else "sections"
        return conn.execute(f"SELECT id FROM {rows} ORDER BY id")
    rowid = f"rowid >> {SHIFT}" if table == "para_fts" else "rowid"  # see index/rank.py
    return conn.execute(f"SELECT {rowid} FROM {table} WHERE {table} MATCH ? ORDER BY rowid",
                        (match,))


def find_passages(conn: sqlite3.Connection, theme: Theme, docs: list[_Doc] | None = None
                  ) -> list[Passage]:
    """Every non-caption paragraph the theme's regex matches, in reading order."""
    docs = _docs(conn) if docs is None else docs
    firsts = [d.first for d in docs]
    rx, family = theme.matcher(), _classifier(theme)
    ids = [r[0] for r in _candidates(conn, match_expression(theme))]
    out = []
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        rows = conn.execute("SELECT id, seq, kind, section, text FROM paras WHERE id IN "
                            f"({','.join('?' * len(part))}) ORDER BY id", part).fetchall()
        paths = section_paths(conn, {r[3] for r in rows})
        for pid, seq, kind, section, text in rows:
            path = paths.get(section, "")
            if kind == "caption" or not text:
                continue
            matches = theme_matches(rx, text)
            if not matches:
                continue
            i = bisect_right(firsts, pid) - 1
            if i < 0 or pid > docs[i].last:
                continue
            d = docs[i]
            forms = [form for _, form, _ in matches]
            out.append(Passage(
                pid, d.doc_id, d.zone, d.short, d.title, seq, kind, path or "", text,
                terms=list(dict.fromkeys(forms)), spans=_merge([sp for _, _, sp in matches]),
                families=[family(f) for f, _, _ in matches], forms=forms,
                position=(pid - d.first + 0.5) / (d.last - d.first + 1)))
    return out


def _merge(spans):
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def main_sections(conn: sqlite3.Connection, theme: Theme, doc_ids: set[str]
                  ) -> list[MainSection]:
    """Outermost sections whose heading matches the theme (a zone's main statement on it)."""
    rx = theme.matcher()
    ids = [r[0] for r in _candidates(conn, match_expression(theme), "sec_fts")]
    found = []
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        found += conn.execute(
            "SELECT s.id, s.doc_id, s.title, s.number, s.level, s.first_para, s.last_para, "
            "p.seq, p.section FROM sections s LEFT JOIN paras p ON p.id = s.first_para "
            f"WHERE s.id IN ({','.join('?' * len(part))})", part).fetchall()
    paths = section_paths(conn, {r[8] for r in found})
    found = [(*r[:8], paths.get(r[8], "")) for r in found]
    found = [r for r in found
             if r[1] in doc_ids and r[5] is not None and rx.search(fold(r[2] or ""))]
    outer = [r for r in found if not any(
        o is not r and o[1] == r[1] and o[5] <= r[5] and r[6] <= o[6] and o[4] < r[4]
        for o in found)]
    out = []
    # Outermost first (a level-3 item that happens to name the theme comes last).
    for sid, doc_id, title, number, level, lo, hi, seq, path in sorted(
            outer, key=lambda r: (r[4] or 1, r[5])):
        # children follow their parent within the document's consecutive section ids
        last = conn.execute("SELECT max(id) FROM sections WHERE doc_id = ?", (doc_id,)).fetchone()[0]
        subs = [t for (t,) in conn.execute(
            "SELECT title FROM sections WHERE id > ? AND id <= ? AND parent = ? ORDER BY idx",
            (sid, last, sid))]
        out.append(MainSection(doc_id, title, number or "", level or 1, path or title,
                               seq or 0, hi - lo + 1, subs, lo, hi))
    return out


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
        docs = _docs(conn)
        by_zone: dict[str, list[_Doc]] = defaultdict(list)
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
    comp = Comparison(theme, adhoc, results, notes=notes)
    if not passages:
        comp.notes.append(f"no paragraph of the corpus contains an expression of "
                          f"“{theme.name}” ({'、'.join(theme.expressions()[:8])}"
                          f"{'…' if len(theme.expressions()) > 8 else ''})")
    add_phrasing(comp, (e for t in (themes or all_themes()).values() for e in t.expressions()))
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


def theme_matrix(conn: sqlite3.Connection, themes):
    """Every theme × every zone: passages and mentions per 10k characters (see report.py)."""
    from .report import theme_matrix as matrix

    return matrix(conn, themes)


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
