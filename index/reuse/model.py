"""Reuse results as data: a pair of passages, a family of passages, and their JSON / rows.

``reuse --json`` is a list of ReusePair.as_json(): {"source": side, "target": side,
"similarity", "shared_chars", "spans"} with source the earlier document, then extensions
("direction", "boilerplate", "family"). A side is {"doc_id", "zone", "date", "para", "text"}
(para: the paragraph's number in its document, 1-based) plus "title".
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Side:
    doc_id: str
    zone: str
    date: str
    para: int
    text: str
    title: str = ""
    short: str = ""
    para_id: int = 0
    level: str = ""  # the zone's level (国家, 省 …), for shared formulas (formula.py)

    def as_json(self) -> dict:
        return {"doc_id": self.doc_id, "zone": self.zone, "date": self.date, "para": self.para,
                "text": self.text, "title": self.title}

    @property
    def label(self) -> str:
        return f"{self.short or self.zone} ¶{self.para}"


@dataclass
class ReusePair:
    source: Side
    target: Side
    similarity: float
    shared_chars: int
    spans: list[list[int]]  # [source_start, source_end, target_start, target_end]
    direction: str = "dated"  # dated | same_date | undated | shared-formula | higher-level
    formula_zones: int = 0  # the shared formula's family size (zones of its level), else 0
    boilerplate: bool = False
    family: int = 0
    raw: tuple | None = None  # (spans JSON, flipped) until the query fills spans in

    def as_json(self) -> dict:
        return {"source": self.source.as_json(), "target": self.target.as_json(),
                "similarity": self.similarity, "shared_chars": self.shared_chars,
                "spans": self.spans, "direction": self.direction,
                "boilerplate": self.boilerplate, "family": self.family,
                **({"formula_zones": self.formula_zones} if self.formula_zones else {})}

    def other(self, para_id: int) -> Side:
        return self.target if self.source.para_id == para_id else self.source


@dataclass
class ReuseResult:
    """The pairs of one query (sorted by shared characters, most first) and its notes;
    total: how many passed the filters (more than len(pairs) when a limit cut them)."""
    pairs: list[ReusePair]
    notes: list[str] = field(default_factory=list)
    total: int = 0

    def as_json(self) -> list:
        return [p.as_json() for p in self.pairs]

    def as_rows(self) -> tuple[list[str], list[list]]:
        header = ["source_doc", "source_zone", "source_date", "source_para", "target_doc",
                  "target_zone", "target_date", "target_para", "similarity", "shared_chars",
                  "direction", "boilerplate", "family", "source_text", "target_text", "spans"]
        rows = [[p.source.doc_id, p.source.zone, p.source.date, p.source.para,
                 p.target.doc_id, p.target.zone, p.target.date, p.target.para,
                 p.similarity, p.shared_chars, p.direction, p.boilerplate, p.family,
                 p.source.text, p.target.text,
                 ";".join(f"{a}-{b}:{c}-{d}" for a, b, c, d in p.spans)] for p in self.pairs]
        return header, rows


@dataclass
class Family:
    """Passages linked by reuse (connected through pairs), earliest first."""
    id: int
    members: list[Side]
    pairs: int
    boilerplate: bool
    dated: bool  # its first member is its likely source: dated before every other, or the
    #              higher-level document of a shared formula (formula.py)
    formula: object = None  # formula.Formula when the family is a shared formula

    @property
    def source(self) -> Side:
        return self.members[0]

    @property
    def zones(self) -> list[str]:
        seen: list[str] = []
        for m in self.members:
            if m.zone not in seen:
                seen.append(m.zone)
        return seen

    @property
    def spread(self) -> tuple[str, str]:
        dates = [m.date for m in self.members if m.date]
        return (min(dates), max(dates)) if dates else ("", "")

    def as_json(self) -> dict:
        first, last = self.spread
        return {"family": self.id, "source": self.source.as_json(),
                "likely_source": self.dated, "zones": len(self.zones),
                "first_date": first, "last_date": last, "boilerplate": self.boilerplate,
                "pairs": self.pairs, "members": [m.as_json() for m in self.members],
                "formula": self.formula.as_json() if self.formula is not None else None}


@dataclass
class FamilyResult:
    families: list[Family]
    notes: list[str] = field(default_factory=list)
    total: int = 0

    def as_json(self) -> list:
        return [f.as_json() for f in self.families]

    def as_rows(self) -> tuple[list[str], list[list]]:
        header = ["family", "boilerplate", "zones", "first_date", "last_date", "member",
                  "doc_id", "zone", "date", "para", "text"]
        rows = []
        for f in self.families:
            first, last = f.spread
            for k, m in enumerate(f.members):
                rows.append([f.id, f.boilerplate, len(f.zones), first, last, k + 1,
                             m.doc_id, m.zone, m.date, m.para, m.text])
        return header, rows
