"""The comparison's data: passages, zones, main sections, variants, and their JSON.

A Comparison is plain data (picklable: the app computes it in a helper process). Its JSON
shape is a contract users' scripts rely on (docs/compare.md): extend it, never break it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from index.compare.distinctive import Scored
from index.compare.phrasing import Phrase
from index.text.normal import fold
from index.words.themes import Theme

EMPTY = "no passage carries the theme"


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
    group: str = ""  # key of the group it is compared in (its zone when grouped by zone)
    in_main: bool = False
    score: float = 0.0
    section_id: int | None = field(default=None, repr=False, compare=False)  # innermost
    # what pulled it in: [{"expression", "kind", "family", "core", "forms"}] (passages.py)
    matched: list[dict] = field(default_factory=list)
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
    family: str  # the lexicon's name for the family: the zone may never write it
    count: int
    forms: dict[str, int]  # the forms the zone writes, most used first

    @property
    def label(self) -> str:
        """What to call the family in this zone: its most used form (the family's name
        only when the zone writes that most)."""
        return next(iter(self.forms), self.family)

    @property
    def others(self) -> dict[str, int]:
        """The zone's other forms of the family, most used first."""
        return {f: n for f, n in self.forms.items() if f != self.label}


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
    group: str = ""  # the label shown (梅山, 2019, 梅山 · 2018, 开发区)
    members: list[str] = field(default_factory=list)  # the zones in the group (short names)
    years: dict[int, float] = field(default_factory=dict)  # year -> per 10k, dated docs only

    def year_line(self) -> list[tuple[int, float]]:
        """(year, per 10k) for each year the group has documents, in order: its trend."""
        return sorted(self.years.items())

    @property
    def per_10k(self) -> float:
        return self.mentions * 10_000 / self.chars if self.chars else 0.0

    @property
    def section_share(self) -> float | None:
        return self.sections_touched / self.sections if self.sections else None

    def figures(self) -> dict:
        return zone_figures(self)


@dataclass
class Comparison:
    theme: Theme
    adhoc: bool
    zones: list[ZoneResult]
    shared: list[Phrase] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    distinctive_done: bool = False
    by: str = "zone"  # zone, year, zone-year or level (index/compare/groups.py)
    docs: dict = field(default_factory=dict)  # doc_id -> its metadata, for citations
    complete: bool = True  # False: the busiest zones only (compare(..., top=N)), more to come
    source: str = ""  # the database file it was computed from ("" unknown)

    def zone(self, name: str) -> ZoneResult | None:
        f = fold(name)
        for z in self.zones:
            if f in (fold(z.zone), fold(z.short)):
                return z
        return next((z for z in self.zones if f in fold(z.zone) or f in fold(z.short)), None)

    def passages(self) -> list[Passage]:
        return [p for z in self.zones for p in z.passages]

    def as_json(self, limit: int = 5) -> dict:
        """The documented JSON shape (comparison_json); limit passages per zone."""
        return comparison_json(self, limit)

    def as_rows(self, limit: int = 5) -> tuple[list[str], list[list]]:
        """(header, rows) for CSV: one row per passage (limit per zone, 0 for all), the
        zone's figures repeated on each; a zone with no passage gets one row with the
        passage columns empty."""
        return comparison_rows(self, limit)


# ------------------------------------------------------------------ JSON


def passage_json(p: Passage) -> dict:
    return {"doc_id": p.doc_id, "section": p.section, "para": p.para, "text": p.text,
            "terms": p.terms, "title": p.title, "kind": p.kind,
            "spans": [list(s) for s in p.spans], "score": round(p.score, 3),
            "position": round(p.position, 3), "in_main_section": p.in_main,
            "zone": p.zone, "matched": p.matched}


def main_section_json(m: MainSection) -> dict:
    return {"doc_id": m.doc_id, "title": m.title, "number": m.number, "path": m.path,
            "para": m.para, "paras": m.paras, "subheadings": m.subheadings}


def zone_figures(z: ZoneResult) -> dict:
    share = z.section_share
    return {"passages": len(z.passages), "mentions": z.mentions, "chars": z.chars,
            "per_10k": round(z.per_10k, 2), "sections": z.sections,
            "sections_touched": z.sections_touched,
            "section_share": None if share is None else round(share, 3),
            "dispersion": round(z.dispersion, 3),
            "positions": [round(p, 3) for p in z.positions]}


def zone_json(z: ZoneResult, limit: int = 5) -> dict:
    shown = z.passages if not limit else z.passages[:limit]
    out = {"zone": z.zone, "doc_ids": z.doc_ids, "per_10k": round(z.per_10k, 2),
           "passages": [passage_json(p) for p in shown],
           "distinctive": [{"term": s.term, "z": round(s.z, 2), "count": s.count,
                            "ll": round(s.ll, 2), "p": float(f"{s.p:.3g}")}
                           for s in z.distinctive or []],
           "short": z.short, "figures": zone_figures(z),
           "main_sections": [main_section_json(m) for m in z.main_sections],
           "variants": [{"family": v.family, "count": v.count, "forms": v.forms,
                         "label": v.label}
                        for v in z.variants],
           "unique": [{"phrase": p.phrase, "count": p.total, "kind": p.kind} for p in z.unique]}
    out["group"] = z.group or z.short or z.zone
    out["members"] = z.members
    out["years"] = {str(y): round(v, 2) for y, v in z.year_line()}
    if z.empty:
        out["empty"] = z.empty
    return out


ROW_HEADER = ["theme", "zone", "short", "zone_passages", "zone_mentions", "zone_per_10k",
              "rank", "doc_id", "title", "section", "para", "kind", "terms", "in_main_section",
              "score", "position", "text", "year", "date", "level", "matched"]


def comparison_rows(comp: Comparison, limit: int = 5) -> tuple[list[str], list[list]]:
    rows = []
    for z in comp.zones:
        zone = [comp.theme.name, z.zone, z.short, len(z.passages), z.mentions,
                round(z.per_10k, 2)]
        shown = z.passages if not limit else z.passages[:limit]
        if not shown:
            rows.append(zone + [""] * (len(ROW_HEADER) - len(zone)))
        for n, p in enumerate(shown, 1):
            doc = comp.docs.get(p.doc_id, {})  # the document's year, date and level
            rows.append(zone + [n, p.doc_id, p.title, p.section, p.para, p.kind,
                                "、".join(p.terms), p.in_main, round(p.score, 3),
                                round(p.position, 3), p.text, doc.get("year") or "",
                                doc.get("date") or "", doc.get("level") or "",
                                matched_label(p)])
    return list(ROW_HEADER), rows


def matched_label(p: Passage) -> str:
    """The expressions that pulled a passage in, as a reader reads them:
    招商 (term, core)；引进…{24}项目 (pattern, related)."""
    out = []
    for m in p.matched:
        kind = m["kind"] if m["kind"] != "family" else f"family {m['family']}"
        out.append(f"{m['expression']} ({kind}, {'core' if m['core'] else 'related'})")
    return "；".join(out)


def comparison_json(comp: Comparison, limit: int = 5) -> dict:
    """The JSON contract: {"theme": {"name", "terms"}, "zones": [...], "shared": [...]}, then
    extensions. limit: passages per zone, 0 for all."""
    t = comp.theme
    return {"theme": {"name": t.name, "terms": t.expressions(), "gloss": t.gloss,
                      "patterns": t.patterns, "kinds": t.kinds(), "core": t.core,
                      "exclude": t.exclude, "near": t.near,
                      "excluded_passages": [{"doc_id": d, "para": n}
                                            for d, n in sorted(t.excluded_paras)]},
            "zones": [zone_json(z, limit) for z in comp.zones],
            "shared": [{"phrase": p.phrase, "zones": p.zones, "counts": p.counts,
                        "kind": p.kind} for p in comp.shared],
            "adhoc": comp.adhoc, "notes": comp.notes,
            "distinctive_computed": comp.distinctive_done, "by": comp.by}
