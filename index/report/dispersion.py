"""Where a query's hits fall along each document: AntConc's Plot, as data.

A hit's position is its place in its document's paragraph order, refined within its
paragraph by character: (para − 1 + start / len(paragraph)) / paragraphs, so 0 is the
document's first character and 1 its last paragraph's end. Documents without a hit are
listed with none (a blank strip says as much as a busy one); documents are ordered by zone,
then year, then id.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DocHits:
    doc_id: str
    zone: str
    short: str
    title: str
    year: int | None
    paragraphs: int
    hits: list[float] = field(default_factory=list)  # positions 0..1, in document order

    @property
    def label(self) -> str:
        year = f" {self.year}" if self.year else ""
        return f"{self.short or self.zone}{year} · {self.title or self.doc_id}"

    def as_json(self) -> dict:
        return {"doc_id": self.doc_id, "zone": self.zone, "short": self.short,
                "title": self.title, "year": self.year, "paragraphs": self.paragraphs,
                "hits": len(self.hits), "positions": [round(h, 4) for h in self.hits]}


@dataclass
class Dispersion:
    query: str
    docs: list[DocHits]
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(d.hits) for d in self.docs)

    def as_json(self) -> dict:
        """{"query", "total", "docs": [{"doc_id", "zone", "hits", "positions"}, …]}."""
        return {"query": self.query, "total": self.total,
                "docs": [d.as_json() for d in self.docs], "notes": self.notes,
                "position": "(para - 1 + start / len(paragraph)) / paragraphs"}

    def as_rows(self) -> tuple[list[str], list[list]]:
        """One row per hit (a document without hits: one row, position empty)."""
        header = ["doc_id", "zone", "year", "title", "paragraphs", "position"]
        rows = []
        for d in self.docs:
            base = [d.doc_id, d.zone, d.year or "", d.title, d.paragraphs]
            rows += [base + [round(h, 4)] for h in d.hits] or [base + [""]]
        return header, rows


def position(para: int, start: int, length: int, paragraphs: int) -> float:
    """A hit's place in its document, 0..1 (see the module's docstring)."""
    if paragraphs <= 0:
        return 0.0
    within = start / length if length else 0.0
    return min(1.0, max(0.0, (para - 1 + within) / paragraphs))


def _doc(meta: dict) -> DocHits:
    return DocHits(meta["doc_id"], meta.get("zone", ""), meta.get("short", ""),
                   meta.get("title", ""), meta.get("year"), meta.get("paragraphs") or 0)


def _ordered(docs: dict[str, DocHits]) -> list[DocHits]:
    for d in docs.values():
        d.hits.sort()
    return sorted(docs.values(), key=lambda d: (d.zone, d.year or 0, d.doc_id))


def from_comparison(comp) -> Dispersion:
    """The hits of a comparison's passages (every matched expression), in the documents it
    compared (its zones' documents, with or without a hit)."""
    docs: dict[str, DocHits] = {}
    for z in comp.zones:
        for doc_id in z.doc_ids:
            meta = comp.docs.get(doc_id) or {"doc_id": doc_id, "zone": z.zone,
                                              "short": z.short}
            docs[doc_id] = _doc(meta)
    for p in comp.passages():
        d = docs.get(p.doc_id)
        if d is None:
            continue
        d.hits += [position(p.para, s, len(p.text), d.paragraphs) for s, _ in p.spans]
    return Dispersion(comp.theme.name, _ordered(docs), list(comp.notes))


def from_concordance(conc, doc_infos: list, query: str) -> Dispersion:
    """The hits of a concordance (every occurrence search finds), in every document of the
    corpus (doc_infos: the library's DocInfo list), or only those with a hit when a zone:
    or doc: filter narrowed the query."""
    by_id = {d.doc_id: d for d in doc_infos}
    docs: dict[str, DocHits] = {}
    for line in conc.lines:
        info = by_id.get(line.doc_id)
        if info is None:
            continue
        d = docs.get(line.doc_id) or docs.setdefault(line.doc_id, _doc(info.as_json()))
        d.hits.append(position(line.para, line.start, len(line.text), d.paragraphs))
    filtered = any(f in query for f in ("zone:", "doc:", "year:", "set:"))
    if not filtered:
        for info in doc_infos:
            docs.setdefault(info.doc_id, _doc(info.as_json()))
    notes = list(conc.notes)
    if conc.read < conc.paragraphs:
        notes.append(f"hits of the best {conc.read:,} of {conc.paragraphs:,} paragraphs only")
    return Dispersion(query, _ordered(docs), notes)
