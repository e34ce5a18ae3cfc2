"""What the workflow returns, with the JSON shapes docs/workflow.md names (contracts: more
keys may come, none go) and CSV rows where the JSON is not a flat list."""

from __future__ import annotations

from dataclasses import dataclass, field


class WorkflowError(ValueError):
    """User work that cannot be done as asked (an unknown code, set or document, a bad
    file); the message says why, in one line."""


@dataclass
class Code:
    id: int
    name: str
    parent: str | None = None  # the parent code's name
    description: str = ""
    colour: str = ""
    key: str = ""
    guid: str = ""
    count: int = 0  # coded segments, orphans included
    depth: int = 0
    parent_id: int | None = None

    def as_json(self) -> dict:
        return {"code": self.name, "parent": self.parent, "description": self.description,
                "count": self.count, "colour": self.colour, "key": self.key,
                "id": self.id, "guid": self.guid}


@dataclass
class Segment:
    id: int
    code: str
    doc_id: str
    zone: str
    para: int  # the paragraph's place in its document (seq), as search's "para"
    start: int  # characters into the paragraph
    end: int
    text: str
    status: str = "ok"  # ok | moved | fuzzy | orphaned (docs/workflow.md)
    score: float = 100.0
    path: str = ""
    doc_key: str = ""
    title: str = ""
    short: str = ""
    year: int | None = None
    level: str = ""
    created: str = ""
    guid: str = ""
    para_id: int | None = None  # the paragraph's row id now (None when orphaned)

    def as_json(self) -> dict:
        return {"code": self.code, "doc_id": self.doc_id, "zone": self.zone, "para": self.para,
                "start": self.start, "end": self.end, "text": self.text,
                "status": self.status, "score": round(self.score, 1), "title": self.title,
                "year": self.year, "level": self.level, "path": self.path,
                "created": self.created, "id": self.id, "guid": self.guid}


@dataclass
class CodingReport:
    """What `code CODE QUERY` (or uncode) did."""
    code: str
    created: bool  # the code was new (made at the top of the codebook)
    paragraphs: int  # paragraphs the query found
    added: int  # segments written (or removed, for uncode)
    already: int = 0  # paragraphs that carried the code before
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"code": self.code, "created": self.created, "paragraphs": self.paragraphs,
                "changed": self.added, "already": self.already, "notes": self.notes}


@dataclass
class CodeMatrix:
    """Coded segments per code × group (zone, year or level), with per-10k rates: segments
    per 10,000 characters of the group's documents (every document, coded or not)."""
    by: str
    groups: list[str]
    rows: list[dict]  # {"code", "counts": {group: n}, "per_10k": {group: rate}, "total"}
    chars: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"by": self.by, "rows": self.rows, "groups": self.groups, "chars": self.chars,
                "formula": "per_10k = segments / characters of the group's documents × 10,000",
                "notes": self.notes}

    def as_rows(self) -> tuple[list[str], list[list]]:
        header = ["code", self.by, "segments", "chars", "per_10k"]
        rows = [[r["code"], g, r["counts"].get(g, 0), self.chars.get(g, 0),
                 r["per_10k"].get(g, 0.0)] for r in self.rows for g in self.groups]
        return header, rows


@dataclass
class Cooccurrence:
    """Pairs of codes on the same paragraph: how many paragraphs carry both, and Jaccard
    (both / either), as KH Coder's co-occurrence network weighs edges."""
    pairs: list[dict]  # {"a", "b", "passages", "jaccard"}
    passages: dict[str, int]  # code -> paragraphs carrying it

    def as_json(self) -> list[dict]:
        return self.pairs


@dataclass
class Memo:
    id: int
    kind: str  # passage | document | zone | code | theme
    target: str  # doc_id#para, doc_id, zone name, code name, theme name
    text: str
    created: str
    updated: str
    status: str = "ok"  # a passage memo whose paragraph is gone: orphaned
    guid: str = ""

    @property
    def label(self) -> str:
        kind = {"passage": "doc", "document": "doc"}.get(self.kind, self.kind)
        return f"{kind}:{self.target}"

    def as_json(self) -> dict:
        return {"target": self.label, "text": self.text, "created": self.created,
                "updated": self.updated, "kind": self.kind, "id": self.id,
                "status": self.status, "guid": self.guid}


@dataclass
class DocSet:
    name: str
    definition: dict  # zones, years [lo, hi], levels, docs, query
    docs: list[str]  # the doc_ids it holds now
    created: str = ""
    updated: str = ""
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        d = self.definition
        parts = []
        if d.get("zones"):
            parts.append("zones " + ",".join(d["zones"]))
        if d.get("years"):
            lo, hi = d["years"]
            parts.append(f"years {lo}" + (f"-{hi}" if hi != lo else ""))
        if d.get("levels"):
            parts.append("level " + ",".join(d["levels"]))
        if d.get("docs"):
            parts.append(f"{len(d['docs'])} named documents")
        if d.get("query"):
            parts.append(f"documents of the query “{d['query']}”")
        return "; ".join(parts) or "every document"

    def as_json(self) -> dict:
        return {"name": self.name, "definition": self.definition, "docs": self.docs,
                "count": len(self.docs), "description": self.describe(),
                "created": self.created, "updated": self.updated}


@dataclass
class SavedSearch:
    name: str
    query: str
    view: str = "search"
    options: dict = field(default_factory=dict)
    created: str = ""

    def as_json(self) -> dict:
        return {"name": self.name, "query": self.query, "view": self.view,
                "options": self.options, "created": self.created}
