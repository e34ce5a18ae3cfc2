"""Reports: a comparison as JSON or Markdown, and the theme × zone matrix of a corpus.

comparison_json(comparison) is the documented JSON shape (docs/compare.md): theme, zones
(zone, doc_ids, per_10k, passages, distinctive, then extensions) and shared phrases.
markdown(comparison) renders a Comparison for pasting into notes: an overview table, the
shared phrases, then per zone its figures, main statement, variants, own phrasing,
distinctive words and passages, each cited by zone, document title, section path and
paragraph number. Document text is escaped, so it never turns into Markdown syntax.

theme_matrix(conn, themes) counts every theme in every zone (passages, mentions per 10,000
characters): the quickest overview of what a corpus talks about. It needs no jieba.
"""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_right
from dataclasses import dataclass, field

from .compare import Comparison, MainSection, Passage, ZoneResult, _docs, match_expression
from .rank import SHIFT
from .search import snapshot
from .textnorm import fold
from .themes import Theme
from .throttle import pause

# ------------------------------------------------------------------ JSON


def passage_json(p: Passage) -> dict:
    return {"doc_id": p.doc_id, "section": p.section, "para": p.para, "text": p.text,
            "terms": p.terms, "title": p.title, "kind": p.kind,
            "spans": [list(s) for s in p.spans], "score": round(p.score, 3),
            "position": round(p.position, 3), "in_main_section": p.in_main}


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
           "distinctive": [{"term": s.term, "z": round(s.z, 2), "count": s.count}
                           for s in z.distinctive or []],
           "short": z.short, "figures": zone_figures(z),
           "main_sections": [main_section_json(m) for m in z.main_sections],
           "variants": [{"family": v.family, "count": v.count, "forms": v.forms}
                        for v in z.variants],
           "unique": [{"phrase": p.phrase, "count": p.total, "kind": p.kind} for p in z.unique]}
    if z.empty:
        out["empty"] = z.empty
    return out


def comparison_json(comp: Comparison, limit: int = 5) -> dict:
    """The JSON contract: {"theme": {"name", "terms"}, "zones": [...], "shared": [...]}, then
    extensions. limit: passages per zone, 0 for all."""
    t = comp.theme
    return {"theme": {"name": t.name, "terms": t.expressions(), "gloss": t.gloss,
                      "patterns": t.patterns},
            "zones": [zone_json(z, limit) for z in comp.zones],
            "shared": [{"phrase": p.phrase, "zones": p.zones, "counts": p.counts,
                        "kind": p.kind} for p in comp.shared],
            "adhoc": comp.adhoc, "notes": comp.notes,
            "distinctive_computed": comp.distinctive_done}


# ------------------------------------------------------------------ Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")


def md_escape(text: str) -> str:
    """Document text as literal Markdown: specials backslash-escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s*\n\s*", " ", text))


def _marked(text: str, spans) -> str:
    """Escaped text with the theme's expressions in bold."""
    out, at = [], 0
    for s, e in spans:
        out.append(md_escape(text[at:s]))
        out.append("**" + md_escape(text[s:e]) + "**")
        at = e
    out.append(md_escape(text[at:]))
    return "".join(out)


def citation(p: Passage) -> str:
    parts = [md_escape(p.zone), f"*{md_escape(p.title or p.doc_id)}*"]
    if p.section:
        parts.append(md_escape(p.section))
    parts.append(f"¶{p.para}")
    return "— " + ", ".join(parts)


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def _figures_line(z: ZoneResult) -> str:
    return (f"{_n(len(z.passages), 'passage')}, {_n(z.mentions, 'mention')}, "
            f"{z.per_10k:.1f} per 10,000 characters ({_n(z.chars, 'character')} in "
            f"{_n(len(z.doc_ids), 'document')}); {z.sections_touched} of "
            f"{_n(z.sections, 'section')} touched ({_pct(z.section_share)}); "
            f"dispersion {z.dispersion:.2f}")


def markdown(comp: Comparison, limit: int = 5) -> str:
    """The comparison as a Markdown document; limit passages per zone (0 = all)."""
    t = comp.theme
    title = md_escape(t.name) + (f" — {md_escape(t.gloss)}" if t.gloss else "")
    lines = [f"# {title}", ""]
    names = "、".join(md_escape(z.zone) for z in comp.zones) or "none"
    lines += [f"Theme comparison over {len(comp.zones)} zone(s): {names}.", "",
              "Expressions: " + "、".join(md_escape(e) for e in t.expressions())
              + ("; patterns: " + "、".join(md_escape(p) for p in t.patterns)
                 if t.patterns else "") + ".", ""]
    for note in comp.notes:
        lines += [f"> Note: {md_escape(note)}", ""]
    if not comp.zones:
        lines += ["No zone to compare: no passage carries the theme.", ""]
        return "\n".join(lines)
    lines += ["## Overview", "", "| zone | passages | per 10k chars | sections touched | "
              "dispersion | main statement |", "|---|---:|---:|---:|---:|---|"]
    for z in comp.zones:
        # one main section per document: a heading several documents share is named once
        main = " / ".join(dict.fromkeys(md_escape(m.title) for m in z.main_sections)) or "–"
        lines.append(f"| {md_escape(z.zone)} | {len(z.passages)} | {z.per_10k:.1f} | "
                     f"{_pct(z.section_share)} | {z.dispersion:.2f} | {main} |")
    lines.append("")
    if comp.shared:
        lines += ["## Shared phrasing", "", "| phrase | zones |", "|---|---|"]
        for p in comp.shared:
            zs = "、".join(f"{md_escape(z)} ×{n}" for z, n in p.counts.items())
            lines.append(f"| {md_escape(p.phrase)} | {zs} |")
        lines.append("")
    for z in comp.zones:
        lines += _zone_section(z, limit)
    return "\n".join(lines).rstrip() + "\n"


def _zone_section(z: ZoneResult, limit: int) -> list[str]:
    head = md_escape(z.zone)
    if z.short and z.short != z.zone:
        head += f" ({md_escape(z.short)})"
    lines = [f"## {head}", ""]
    if z.empty:
        return lines + [f"*{md_escape(z.empty)}.*", ""]
    lines.append(f"- **Figures**: {_figures_line(z)}")
    titles = {d: p.title for p in z.passages for d in [p.doc_id]}
    for m in z.main_sections:
        subs = f" ({' · '.join(md_escape(s) for s in m.subheadings)})" if m.subheadings else ""
        where = [f"*{md_escape(titles.get(m.doc_id) or m.doc_id)}*"]
        if m.path and m.path != m.title:
            where.append(md_escape(m.path))
        lines.append(f"- **Main statement**: {md_escape(m.title)}{subs} — "
                     f"{', '.join(where)}, ¶{m.para}")
    if z.variants:
        lines.append("- **Variants**: " + "; ".join(
            f"{md_escape(v.family)} ×{v.count}" + (
                " (" + ", ".join(f"{md_escape(f)} ×{n}" for f, n in v.forms.items()) + ")"
                if list(v.forms) != [v.family] else "") for v in z.variants))
    if z.unique:
        lines.append("- **Own phrasing**: " + "; ".join(
            f"{md_escape(u.phrase)} ×{u.total}" for u in z.unique))
    if z.distinctive:
        lines.append("- **Distinctive words**: " + ", ".join(
            f"{md_escape(s.term)} (z {s.z:.1f})" for s in z.distinctive))
    lines.append("")
    shown = z.passages if not limit else z.passages[:limit]
    for n, p in enumerate(shown, 1):
        lines += [f"{n}. > {_marked(p.text, p.spans)}", "   >", f"   > {citation(p)}", ""]
    if len(shown) < len(z.passages):
        lines += [f"*… and {len(z.passages) - len(shown)} more passages.*", ""]
    return lines


# ------------------------------------------------------------------ theme matrix


@dataclass
class MatrixCell:
    passages: int = 0
    mentions: int = 0
    per_10k: float = 0.0


@dataclass
class ThemeMatrix:
    zones: list[tuple[str, str, int]]            # (zone, short, chars)
    themes: list[Theme]
    cells: dict[str, dict[str, MatrixCell]] = field(default_factory=dict)  # theme -> zone ->

    def cell(self, theme: str, zone: str) -> MatrixCell:
        return self.cells.get(theme, {}).get(zone) or MatrixCell()

    def as_json(self) -> list[dict]:
        return [{"theme": t.name, "gloss": t.gloss,
                 "zones": {z: {"passages": c.passages, "mentions": c.mentions,
                               "per_10k": round(c.per_10k, 2)}
                           for z, _, _ in self.zones for c in [self.cell(t.name, z)]}}
                for t in self.themes]


def theme_matrix(conn: sqlite3.Connection, themes) -> ThemeMatrix:
    """Every theme × every zone: passages carrying the theme, mentions per 10k characters."""
    themes = list(themes.values()) if isinstance(themes, dict) else list(themes)
    with snapshot(conn):
        docs = _docs(conn)
        cands: dict[str, list[int]] = {}
        for t in themes:
            m = match_expression(t)
            sql = (f"SELECT rowid >> {SHIFT} FROM para_fts WHERE para_fts MATCH ?" if m
                   else "SELECT id FROM paras")
            cands[t.name] = [r[0] for r in conn.execute(sql, (m,) if m else ())]
        wanted = set().union(*cands.values()) if cands else set()
        texts = _folded_texts(conn, wanted)
    chars: dict[str, int] = {}
    shorts: dict[str, str] = {}
    for d in docs:
        chars[d.zone] = chars.get(d.zone, 0) + d.chars
        shorts.setdefault(d.zone, d.short)
    firsts = [d.first for d in docs]
    zone_of = [d.zone for d in docs]
    out = ThemeMatrix([(z, shorts[z], chars[z]) for z in sorted(chars)], themes)
    for t in themes:
        pause()  # let a keystroke's search go first
        rx = t.matcher()  # on folded text, as compare matches
        row: dict[str, MatrixCell] = {}
        for pid in cands[t.name]:
            text = texts.get(pid)
            if not text:
                continue
            n = len(rx.findall(text))
            if n:
                i = bisect_right(firsts, pid) - 1
                if i < 0 or pid > docs[i].last:
                    continue
                c = row.setdefault(zone_of[i], MatrixCell())
                c.passages += 1
                c.mentions += n
        for z, c in row.items():
            c.per_10k = c.mentions * 10_000 / chars[z] if chars[z] else 0.0
        out.cells[t.name] = row
    return out


def _folded_texts(conn: sqlite3.Connection, ids: set[int]) -> dict[int, str]:
    """Folded texts (index.textnorm.fold, what themes match in) of the non-caption
    paragraphs among ids: folded once, matched by every theme."""
    if len(ids) > 2000:  # a large share of the corpus: one pass is faster than IN lists
        rows = conn.execute("SELECT id, text FROM paras WHERE kind != 'caption'")
        return {pid: fold(text) for pid, text in rows if pid in ids}
    out: dict[int, str] = {}
    lst = sorted(ids)
    for i in range(0, len(lst), 900):
        part = lst[i:i + 900]
        out.update((pid, fold(text)) for pid, text in conn.execute(
            "SELECT id, text FROM paras WHERE kind != 'caption' AND id IN "
            f"({','.join('?' * len(part))})", part))
    return out
