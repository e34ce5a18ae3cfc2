"""A comparison as Markdown, for pasting into notes.

markdown(comparison) renders an overview table, the shared phrases, then per zone its
figures, main statement, variants, own phrasing, distinctive words and passages, each cited
by zone, document title, section path and paragraph number. Document text is escaped, so it
never turns into Markdown syntax. (The JSON shape lives with the data, in model.py.)
"""

from __future__ import annotations

import re

from index.compare.model import Comparison, Passage, ZoneResult
from index.text.normal import visible

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")


def md_escape(text: str) -> str:
    """Document text as literal Markdown: specials backslash-escaped, one line, control
    characters (ESC, BEL, …) shown as symbols (␛, ␇) so that no byte of the report drives
    a terminal it is printed on."""
    return _MD_SPECIAL.sub(r"\\\1", visible(re.sub(r"\s*\n\s*", " ", text)))


def _marked(text: str, spans) -> str:
    """Escaped text with the theme's expressions in bold."""
    out, at = [], 0
    for s, e in spans:
        out.append(md_escape(text[at:s]))
        out.append("**" + md_escape(text[s:e]) + "**")
        at = e
    out.append(md_escape(text[at:]))
    return "".join(out)


def citation(p: Passage, doc: dict | None = None) -> str:
    """The passage's reference in the configured style (index/meta/cite.py), from its
    document's metadata (zone, title, 文号, date, source URL) when the comparison has it."""
    from index.meta.cite import CiteInfo, format_citation, info_of

    c = info_of(doc, p.section, p.para) if doc else CiteInfo(p.zone, p.title or p.doc_id,
                                                             p.section, p.para)
    return "— " + md_escape(format_citation(c))


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
    empty = [z for z in comp.zones if not z.passages]
    if empty:
        lines += ["No passage in " + "、".join(md_escape(z.zone) for z in empty)
                  + ": " + ("it shares" if len(empty) == 1 else "they share")
                  + " none of the phrasing below.", ""]
    if comp.shared:
        lines += ["## Shared phrasing", "", "| phrase | zones |", "|---|---|"]
        for p in comp.shared:
            zs = "、".join(f"{md_escape(z)} ×{n}" for z, n in p.counts.items())
            if len(p.counts) == len(comp.zones) > 1:
                zs = f"all {len(comp.zones)}: " + zs
            lines.append(f"| {md_escape(p.phrase)} | {zs} |")
        lines.append("")
    for z in comp.zones:
        lines += _zone_section(z, limit, comp.docs)
    return "\n".join(lines).rstrip() + "\n"


def _zone_section(z: ZoneResult, limit: int, docs: dict | None = None) -> list[str]:
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
            f"{md_escape(v.label)} ×{v.count}" + (
                " (" + ", ".join(f"{md_escape(f)} ×{n}" for f, n in v.forms.items()) + ")"
                if v.others else "") for v in z.variants))
    if z.unique:
        lines.append("- **Own phrasing**: " + "; ".join(
            f"{md_escape(u.phrase)} ×{u.total}" for u in z.unique))
    if z.distinctive:
        lines.append("- **Distinctive words**: " + ", ".join(
            f"{md_escape(s.term)} (G² {s.ll:.1f}, p {s.p:.1g})" for s in z.distinctive))
    lines.append("")
    shown = z.passages if not limit else z.passages[:limit]
    for n, p in enumerate(shown, 1):
        cited = citation(p, (docs or {}).get(p.doc_id))
        lines += [f"{n}. > {_marked(p.text, p.spans)}", "   >", f"   > {cited}", ""]
    if len(shown) < len(z.passages):
        lines += [f"*… and {len(z.passages) - len(shown)} more passages.*", ""]
    return lines
