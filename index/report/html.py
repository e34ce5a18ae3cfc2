"""A theme's comparison as one self-contained HTML page, for colleagues without a terminal.

page(comparison, …) writes a single file that opens with no network: the CSS is inline, the
charts are inline SVG (svg.py), no font, script or image is fetched. Every piece of document
text goes through html.escape (and control characters are shown as symbols), so a document
can never turn into markup. The page holds: the theme and its expressions (with how many
passages each matched), notes, an overview table, the charts (trend per zone from zero,
the hits along each document, the code × zone heat map when codes are asked), the phrasing
zones share, then the zones side by side — figures, main statement, variants, own phrasing,
distinctive words and every passage with its matched expressions marked and named and its
citation — and, when asked, the coded segments by code and zone, and the memos.

Coded segments, the code matrix and memos come in their JSON shapes (issue 22's contracts:
coded ``{"code", "doc_id", "zone", "para", "start", "end", "text"}``, matrix ``{"by",
"rows": [{"code", "counts"}]}``, memos ``{"target", "text", "created"}``), so the page does
not depend on how they are stored.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from html import escape

from index.report import svg
from index.report.dispersion import from_comparison
from index.text.normal import visible

CSS = """
body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei','PingFang SC',
'Microsoft YaHei',sans-serif;margin:1.5rem;color:#222;line-height:1.55;max-width:none}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:1.6rem 0 .5rem;
border-bottom:1px solid #ddd}h3{font-size:1.05rem;margin:.2rem 0 .4rem}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;
vertical-align:top}th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}
.zones{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(22rem,1fr);gap:1rem;
overflow-x:auto;align-items:start}
.zone{border:1px solid #ccc;border-radius:6px;padding:.6rem .8rem;background:#fcfcfc}
.zone ul{padding-left:1.1rem;margin:.2rem 0}.passage{margin:.6rem 0;padding:.4rem .6rem;
background:#fff;border-left:3px solid #3b6ea5;white-space:pre-wrap}
mark{background:#ffe08a;padding:0 1px}.cite{color:#555;font-size:.85rem;display:block;
margin-top:.2rem}.matched{color:#3b6ea5;font-size:.85rem;display:block}
.note{background:#fff7e0;border-left:3px solid #e0a800;padding:.3rem .6rem;margin:.3rem 0}
.charts svg{display:block;margin:.6rem 0;max-width:100%;height:auto}
.memo{border:1px dashed #aaa;padding:.4rem .6rem;margin:.4rem 0;white-space:pre-wrap}
footer{margin-top:2rem;color:#666;font-size:.85rem}
.exprs{display:flex;flex-wrap:wrap;gap:.3rem;list-style:none;padding:0}
.exprs li{border:1px solid #ccc;border-radius:4px;padding:0 .4rem;background:#f8f8f8}
"""


def _e(text) -> str:
    """Document or user text as HTML: escaped, control characters shown as symbols."""
    return escape(visible(str(text)), quote=True)


def _marked(text: str, spans) -> str:
    out, at = [], 0
    for s, e in sorted(spans):
        if s < at:
            continue
        out += [_e(text[at:s]), "<mark>", _e(text[s:e]), "</mark>"]
        at = e
    out.append(_e(text[at:]))
    return "".join(out)


def _cite(p, doc: dict | None) -> str:
    from index.meta.cite import CiteInfo, format_citation, info_of

    c = (info_of(doc, p.section, p.para) if doc
         else CiteInfo(p.zone, p.title or p.doc_id, p.section, p.para))
    return "— " + format_citation(c)


def _pct(x) -> str:
    return "–" if x is None else f"{x:.0%}"


def page(comp, coded: list[dict] | None = None, matrix: dict | None = None,
         memos: list[dict] | None = None, limit: int = 0, generated: str = "") -> str:
    """The comparison as an HTML document; limit passages per zone (0 = all); coded, matrix,
    memos: included when given (None: not asked)."""
    t = comp.theme
    when = generated or dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    title = t.name + (f" — {t.gloss}" if t.gloss else "")
    parts = ["<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'; img-src data:\">",
             f"<title>{_e(title)} · duizhao</title><style>{CSS}</style></head><body>",
             f"<h1>{_e(title)}</h1>",
             f"<p>Compared by {_e(comp.by)} over {len(comp.zones)} group(s): "
             + "、".join(_e(z.group or z.zone) for z in comp.zones)
             + f". Written by duizhao on {_e(when)}"
             + (f" from {_e(comp.source)}" if comp.source else "") + ".</p>"]
    parts += [f'<p class="note">Note: {_e(n)}</p>' for n in comp.notes]
    if comp.zones:
        parts += _overview(comp)
        parts += _charts(comp, matrix)
    parts += _expressions(comp)
    if comp.zones:
        parts += _shared(comp)
        parts.append('<h2 id="zones">Zones side by side</h2><div class="zones">')
        parts += [_zone(z, limit, comp.docs) for z in comp.zones]
        parts.append("</div>")
    else:
        parts.append("<p>No zone to compare: no passage carries the theme.</p>")
    if coded is not None:
        parts += _coded(coded, comp)
    if memos is not None:
        parts += _memos(memos)
    parts.append("<footer>Per 10,000 characters = mentions × 10,000 / the characters of the "
                 "group's documents. Section share = sections with a passage / sections. "
                 "Dispersion = the share of (document, tenth) cells with a passage. A hit's "
                 "place in its document = (paragraph − 1 + offset / paragraph length) / "
                 "paragraphs. Matching is exact on folded text (case, width, whitespace), "
                 "as duizhao's search.</footer></body></html>")
    return "\n".join(parts) + "\n"


def _expressions(comp) -> list[str]:
    t = comp.theme
    used = Counter(term for p in comp.passages() for term in dict.fromkeys(p.terms))
    items = "".join(f"<li><span class=\"x\">{_e(x)}</span> <b>{used.get(x, 0)}</b></li>"
                    for x in t.expressions())
    out = ['<h2 id="expressions">Expressions</h2>',
           "<p>The theme's expressions, each with the number of passages it matched (a "
           f"passage may match several).</p><ul class=\"exprs\">{items}</ul>"]
    if t.patterns:
        out.append("<p>Patterns: " + "、".join(_e(p) for p in t.patterns) + "</p>")
    return out


def _overview(comp) -> list[str]:
    rows = []
    for z in comp.zones:
        main = " / ".join(dict.fromkeys(_e(m.title) for m in z.main_sections)) or "–"
        rows.append(f"<tr><td>{_e(z.group or z.zone)}</td><td class=\"n\">{len(z.passages)}"
                    f"</td><td class=\"n\">{z.mentions}</td><td class=\"n\">{z.per_10k:.1f}"
                    f"</td><td class=\"n\">{z.chars:,}</td><td class=\"n\">"
                    f"{_pct(z.section_share)}</td><td class=\"n\">{z.dispersion:.2f}</td>"
                    f"<td>{main}</td></tr>")
    return ['<h2 id="overview">Overview</h2><table class="overview"><tr><th>zone</th>'
            "<th>passages</th><th>mentions</th><th>per 10k chars</th><th>characters</th>"
            "<th>sections touched</th><th>dispersion</th><th>main statement</th></tr>"
            + "".join(rows) + "</table>"]


def _charts(comp, matrix: dict | None) -> list[str]:
    years = sorted({y for z in comp.zones for y in z.years})
    out = ['<h2 id="charts">Charts</h2><div class="charts">']
    if years:
        panels = [(z.group or z.zone, dict(z.years)) for z in comp.zones]
        out.append(svg.trend_panels(panels, years, comp.theme.name))
    else:
        out.append("<p>No trend: none of these documents has a year.</p>")
    disp = from_comparison(comp)
    out.append(svg.dispersion([(d.label, d.hits) for d in disp.docs], comp.theme.name))
    if matrix is not None and matrix.get("rows"):
        cols = list(dict.fromkeys(g for r in matrix["rows"] for g in r.get("counts", {})))
        out.append(svg.heatmap([r["code"] for r in matrix["rows"]], cols,
                               [[r["counts"].get(c, 0) for c in cols] for r in matrix["rows"]],
                               f"Coded segments, code × {matrix.get('by', 'zone')}"))
    elif matrix is not None:
        out.append("<p>No code × zone heat map: nothing is coded yet.</p>")
    return out + ["</div>"]


def _shared(comp) -> list[str]:
    if not comp.shared:
        return []
    rows = "".join(f"<tr><td>{_e(p.phrase)}</td><td>"
                   + "、".join(f"{_e(z)} ×{n}" for z, n in p.counts.items()) + "</td></tr>"
                   for p in comp.shared)
    return ['<h2 id="shared">Shared phrasing</h2><table><tr><th>phrase</th><th>zones</th>'
            f"</tr>{rows}</table>"]


def _zone(z, limit: int, docs: dict) -> str:
    head = _e(z.group or z.zone) + (f" <small>({_e(z.zone)})</small>"
                                    if z.group and z.group != z.zone else "")
    out = [f'<section class="zone"><h3>{head}</h3>']
    if z.empty:
        return "".join(out + [f"<p><em>{_e(z.empty)}.</em></p></section>"])
    out.append(f"<p>{len(z.passages)} passages, {z.mentions} mentions, {z.per_10k:.1f} per "
               f"10,000 characters ({z.chars:,} characters in {len(z.doc_ids)} document"
               f"{'s' if len(z.doc_ids) != 1 else ''}); "
               f"{z.sections_touched} of {z.sections} sections touched "
               f"({_pct(z.section_share)}); dispersion {z.dispersion:.2f}</p><ul>")
    for m in z.main_sections:
        out.append(f"<li>Main statement: {_e(m.title)} — ¶{m.para}</li>")
    if z.variants:
        out.append("<li>Variants: " + "; ".join(
            f"{_e(v.label)} ×{v.count}" + (" (" + ", ".join(
                f"{_e(f)} ×{n}" for f, n in v.others.items()) + ")" if v.others else "")
            for v in z.variants) + "</li>")
    if z.unique:
        out.append("<li>Own phrasing: " + "; ".join(f"{_e(u.phrase)} ×{u.total}"
                                                     for u in z.unique) + "</li>")
    if z.distinctive:
        out.append("<li>Distinctive words: " + ", ".join(
            f"{_e(s.term)} (G² {s.ll:.1f})" for s in z.distinctive) + "</li>")
    out.append("</ul>")
    shown = z.passages if not limit else z.passages[:limit]
    for p in shown:
        out.append(f'<div class="passage" data-doc="{_e(p.doc_id)}" data-para="{p.para}">'
                   f"{_marked(p.text, p.spans)}<span class=\"matched\">matched: "
                   + "、".join(_e(x) for x in p.terms) + "</span>"
                   f'<span class="cite">{_e(_cite(p, docs.get(p.doc_id)))}</span></div>')
    if len(shown) < len(z.passages):
        out.append(f"<p><em>… and {len(z.passages) - len(shown)} more passages.</em></p>")
    return "".join(out + ["</section>"])


def _coded(coded: list[dict], comp) -> list[str]:
    out = ['<h2 id="codes">Coded segments</h2>']
    if not coded:
        return out + ["<p>Nothing is coded yet.</p>"]
    by_code: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for s in coded:
        by_code[s["code"]][s.get("zone", "")].append(s)
    for code, zones in by_code.items():
        n = sum(len(v) for v in zones.values())
        out.append(f"<h3>{_e(code)} <small>({n} segments)</small></h3><div class=\"zones\">")
        for zone, segs in zones.items():
            items = "".join(f'<div class="passage">{_e(s.get("text", ""))}<span class="cite">'
                            f"— {_e(zone)}, {_e(s.get('doc_id', ''))}, ¶{_e(s.get('para', ''))}"
                            "</span></div>" for s in segs)
            out.append(f'<section class="zone"><h3>{_e(zone)}</h3>{items}</section>')
        out.append("</div>")
    return out


def _memos(memos: list[dict]) -> list[str]:
    out = ['<h2 id="memos">Memos</h2>']
    if not memos:
        return out + ["<p>No memo yet.</p>"]
    for m in memos:
        out.append(f'<div class="memo"><strong>{_e(m.get("target", ""))}</strong> '
                   f"<small>{_e(m.get('created', ''))}</small>\n{_e(m.get('text', ''))}</div>")
    return out
