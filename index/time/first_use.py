"""First use and spread: which zone used a phrase (or a theme) first, and how it spread.

For each zone, its earliest document containing the phrase (exact, in folded text: what
search finds) and the first paragraph there; zones in date order. A document dated only to
the year or month sorts after the fully dated ones of that period (it is not known to be
earlier); one with no date but a year counts by that year, and the year's source says so.
Zones whose every use is undated are listed apart: they used it, nobody knows when.

The diffusion curve is the cumulative number of zones by each first-use date: the curve
policy-diffusion studies draw (S-shaped when a phrase spreads by imitation).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from index.compare.passages import doc_ranges, find_passages
from index.store.connection import snapshot
from index.words.themes import Theme, ThemeError, all_themes, find_theme


@dataclass
class Adoption:
    zone: str
    short: str
    date: str          # "YYYY-MM-DD", "YYYY-MM", "YYYY" (from the year) or ""
    doc_id: str
    title: str
    para: int          # paragraph number in the document
    text: str
    section: str = ""
    date_source: str = ""  # where the date came from (manifest, text, …; "year" if only a year)
    uses: int = 0          # paragraphs of the zone using it, all documents
    date_kind: str = ""    # what the date dates: delivered, issued, published … (meta/events.py)

    @property
    def order(self) -> tuple:
        """Sort key: partial dates after the full ones of their period; undated last."""
        return (self.date + "-99-99")[:10] if self.date else "9999", self.doc_id, self.para

    def as_json(self) -> dict:
        return {"zone": self.zone, "date": self.date, "doc_id": self.doc_id, "para": self.para,
                "text": self.text, "short": self.short, "title": self.title,
                "section": self.section, "date_source": self.date_source, "uses": self.uses,
                "date_kind": self.date_kind}


@dataclass
class FirstUse:
    phrase: str
    terms: list[str]
    adoptions: list[Adoption]               # dated, earliest first
    undated: list[Adoption] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> list[dict]:
        """[{"zone", "date", "doc_id", "para", "text"}, …] earliest first (then the zones
        whose uses are all undated, with date "")."""
        return [a.as_json() for a in self.adoptions + self.undated]

    def curve(self) -> list[tuple[str, int, str]]:
        """(date, zones that had used it by then, the zone that joined) for each adoption."""
        return [(a.date, n, a.short or a.zone) for n, a in enumerate(self.adoptions, 1)]


def phrase_theme(phrase: str, theme: bool = False) -> Theme:
    """The phrase as one literal expression (spaces inside are ignored, as search does); with
    theme=True a lexicon theme of that name (all its expressions)."""
    text = phrase.strip()
    if not text:
        raise ThemeError("empty phrase")
    if theme:
        found = find_theme(all_themes(), text)
        if found is None:
            raise ThemeError(f"no theme named “{text}” in the lexicon")
        return found
    return Theme(text, "phrase", [re.sub(r"\s+", "", text) or text], [], {}, "query")


def first_use(conn: sqlite3.Connection, phrase: str | Theme, zones: list[str] | None = None,
              theme: bool = False) -> FirstUse:
    """Each zone's first use of the phrase (or Theme), earliest first."""
    t = phrase if isinstance(phrase, Theme) else phrase_theme(phrase, theme)
    with snapshot(conn):
        docs = doc_ranges(conn)
        passages = find_passages(conn, t, docs)
        prov = _date_sources(conn)
    by_doc = {d.doc_id: d for d in docs}
    best: dict[str, Adoption] = {}
    uses: dict[str, int] = {}
    for p in passages:
        d = by_doc[p.doc_id]
        date = d.date if re.match(r"\d{4}", d.date or "") else (str(d.year) if d.year else "")
        src, kind = prov.get(d.doc_id, ("", "")) if d.date == date else (
            ("year" if date else ""), "")
        a = Adoption(d.zone, d.short, date, d.doc_id, d.title, p.para, p.text, p.section, src,
                     date_kind=kind)
        uses[d.zone] = uses.get(d.zone, 0) + 1
        if d.zone not in best or a.order < best[d.zone].order:
            best[d.zone] = a
    notes: list[str] = []
    if zones:
        from index.compare.engine import select_zones

        keep = set(select_zones(sorted(best), {z: a.short for z, a in best.items()}, zones,
                                notes))
        best = {z: a for z, a in best.items() if z in keep}
    for z, a in best.items():
        a.uses = uses[z]
    ordered = sorted(best.values(), key=lambda a: a.order)
    dated = [a for a in ordered if a.date]
    undated = [a for a in ordered if not a.date]
    if undated:
        notes.append("used in undated documents only: "
                     + "、".join(a.short or a.zone for a in undated))
    if not passages:
        notes.append(f"no paragraph contains “{t.name}”")
    return FirstUse(t.name, t.expressions(), dated, undated, notes)


def _date_sources(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """{doc_id: (where its date came from, what it dates)}, from the stored provenance and
    date_kind (a database indexed before date kinds existed has none)."""
    import json

    try:
        rows = conn.execute("SELECT doc_id, provenance, date_kind FROM docs").fetchall()
    except sqlite3.OperationalError:
        rows = [(*r, "") for r in conn.execute("SELECT doc_id, provenance FROM docs")]
    out = {}
    for doc_id, prov, kind in rows:
        try:
            out[doc_id] = ((json.loads(prov or "{}") or {}).get("date", ""), kind or "")
        except ValueError:
            out[doc_id] = ("", kind or "")
    return out
