"""Finding a theme's passages: exact matches in folded text, full-text candidates first.

resolve_theme() turns a name into a lexicon theme or an ad-hoc query; match_expression()
is the FTS5 expression whose matches include every paragraph the theme can match; the
theme's regex then decides on the folded text, so the result is exact (what search finds).
find_passages() and main_sections() return plain data (model.py).
"""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_right
from dataclasses import dataclass

from index.compare.model import MainSection, Passage
from index.search.query import any_of, phrase
from index.store.cache import PerGeneration
from index.store.library import section_paths
from index.store.rowid import SHIFT
from index.store.themehits import doc_passages, hit_ids, theme_id
from index.text.normal import fold, unfold_spans
from index.words.themes import GAP_RE, Theme, ThemeError, adhoc_theme, all_themes, find_theme, pattern_regex

_NON_WORD = re.compile(r"[^\w]+")
FEW_DOCS = 2000  # up to this many documents, their theme matches are read range by range


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
    name, bounded = _bounded(name)
    if bounded:
        notes.append(bounded)
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


def _bounded(name: str) -> tuple[str, str]:
    """(name, note): an ad-hoc query within the search bounds (docs/search.md, Query
    bounds): its words counted once, then the first of them up to MAX_TERMS words and
    MAX_QUERY_CHARS characters, with a note saying so ("" when nothing was dropped)."""
    from index.search.query import MAX_QUERY_CHARS, MAX_TERMS

    words = list(dict.fromkeys(name.split()))
    if len(name) <= MAX_QUERY_CHARS and len(words) <= MAX_TERMS:
        return name, ""
    kept: list[str] = []
    used = 0
    for w in words:
        if len(kept) == MAX_TERMS or used + len(w) > MAX_QUERY_CHARS:
            break
        kept.append(w)
        used += len(w) + 1
    if not kept:  # one word over the limit: not "empty query"
        raise ThemeError(f"query too long: its word {words[0][:20]}… has {len(words[0]):,} "
                         f"characters, the limit is {MAX_QUERY_CHARS:,}; nothing was compared "
                         f"(see Query bounds in docs/search.md)")
    return " ".join(kept), (
        f"the query has {len(name):,} characters and {len(words):,} different words; the "
        f"limits are {MAX_QUERY_CHARS:,} and {MAX_TERMS}: compared its first {len(kept)} "
        "words (see Query bounds in docs/search.md)")


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
        lits = [p for p in (phrase(lit) for lit in GAP_RE.split(pattern)[0::2]) if p]
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
class DocRange:
    doc_id: str
    zone: str
    short: str
    title: str
    chars: int
    first: int
    last: int
    year: int | None = None
    level: str = ""
    date: str = ""


_DOCS: PerGeneration[list[DocRange]] = PerGeneration()
_SECTION_COUNTS: PerGeneration[dict[str, int]] = PerGeneration(keep=1)


def doc_ranges(conn: sqlite3.Connection) -> list[DocRange]:
    """Every document with paragraphs, in paragraph-id order (ids are consecutive). Kept
    for the database's current contents (its generation): read once per write, not once
    per comparison (11,000 documents at 500 MB). Callers must not change the list."""
    return _DOCS.get(conn, lambda: _read_doc_ranges(conn))


def _read_doc_ranges(conn: sqlite3.Connection) -> list[DocRange]:
    rows = conn.execute("SELECT doc_id, zone, short, title, chars, first_para, last_para, "
                        "year, level, date FROM docs WHERE first_para IS NOT NULL "
                        "ORDER BY first_para")
    return [DocRange(r[0], r[1] or r[2] or "(no zone)", r[2] or r[1] or "", r[3] or "",
                     r[4] or 0, r[5], r[6], r[7], r[8] or "", r[9] or "") for r in rows]


def candidates(conn, match: str | None, table: str = "para_fts"):
    """Ids (paragraphs, or sections for sec_fts) whose text the expression matches, in order."""
    if match is None:
        rows = "paras" if table == "para_fts" else "sections"
        return conn.execute(f"SELECT id FROM {rows} ORDER BY id")
    rowid = f"rowid >> {SHIFT}" if table == "para_fts" else "rowid"  # see index/search/rank.py
    return conn.execute(f"SELECT {rowid} FROM {table} WHERE {table} MATCH ? ORDER BY rowid",
                        (match,))


def passage_candidates(conn: sqlite3.Connection, theme: Theme, materialised: bool = True,
                       docs: list[DocRange] | None = None) -> list[int]:
    """Ids of the paragraphs to match the theme's regex in, in order: the materialised
    matches when the theme's regex has them (index/store/themehits.py; only those in docs'
    paragraph ranges when a few documents are given), else the full-text candidates. Either
    way the regex decides, so the passages are the same."""
    tid = theme_id(conn, theme.matcher()) if materialised else None
    if tid is not None:
        if docs is not None and len(docs) <= FEW_DOCS:
            return hit_ids(conn, tid, [(d.first, d.last) for d in docs])
        return hit_ids(conn, tid)
    return [r[0] for r in candidates(conn, match_expression(theme))]


def find_passages(conn: sqlite3.Connection, theme: Theme, docs: list[DocRange] | None = None,
                  *, materialised: bool = True) -> list[Passage]:
    """Every non-caption paragraph the theme's regex matches, in reading order
    (materialised=False: never from the materialised matches, the reference path)."""
    docs = doc_ranges(conn) if docs is None else docs
    firsts = [d.first for d in docs]
    rx, family = theme.matcher(), _classifier(theme)
    ids = passage_candidates(conn, theme, materialised, docs)
    if ids:  # only the ids inside the documents asked for are fetched
        ids = [i for i in ids if (k := bisect_right(firsts, i) - 1) >= 0 and i <= docs[k].last]
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
            i = bisect_right(firsts, pid) - 1
            if i < 0 or pid > docs[i].last:
                continue
            matches = theme_matches(rx, text)
            if not matches:
                continue
            d = docs[i]
            forms = [form for _, form, _ in matches]
            out.append(Passage(
                pid, d.doc_id, d.zone, d.short, d.title, seq, kind, path or "", text,
                group=d.zone,
                terms=list(dict.fromkeys(forms)), spans=_merge([sp for _, _, sp in matches]),
                families=[family(f) for f, _, _ in matches], forms=forms,
                position=(pid - d.first + 0.5) / (d.last - d.first + 1), section_id=section))
    return out


def _merge(spans):
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def section_counts(conn: sqlite3.Connection, doc_ids: set[str]) -> dict[str, int]:
    """{doc_id: its sections with paragraphs} for doc_ids, kept per database generation
    like doc_ranges() (a first screen counts its own documents only)."""
    key = _SECTION_COUNTS.key(conn)
    counts = _SECTION_COUNTS.peek(key)
    if counts is None and len(doc_ids) <= FEW_DOCS:  # a first screen: its documents only
        counts = {}
        few = sorted(doc_ids)
        for i in range(0, len(few), 900):
            part = few[i:i + 900]
            counts.update(conn.execute(
                "SELECT doc_id, count(*) FROM sections WHERE first_para IS NOT NULL AND doc_id "
                f"IN ({','.join('?' * len(part))}) GROUP BY doc_id", part))
    elif counts is None:  # every document's, once per database generation (SQLite counts)
        counts = dict(conn.execute("SELECT doc_id, count(*) FROM sections "
                                   "WHERE first_para IS NOT NULL GROUP BY doc_id"))
        if key[0]:  # a file (an in-memory database has no stable identity)
            _SECTION_COUNTS.put(key, counts)
    return {d: counts[d] for d in doc_ids if d in counts}


def enclosing_sections(conn: sqlite3.Connection, passages) -> dict[int, frozenset[int]]:
    """{section id: it and every section above it} for the passages' own (innermost)
    sections. A section spans its heading to the last paragraph of its last descendant
    (index/store/rows.py), so the sections whose span holds a passage are exactly its own
    section and those above it: read by id, a few hundred rows, instead of every section
    range of every document with a passage (455,000 rows at 500 MB)."""
    parent: dict[int, int | None] = {}
    todo = {p.section_id for p in passages if p.section_id is not None}
    while todo:
        part = sorted(todo)[:900]
        todo.difference_update(part)
        for sid, up in conn.execute("SELECT id, parent FROM sections WHERE first_para IS NOT "
                                    f"NULL AND id IN ({','.join('?' * len(part))})", part):
            parent[sid] = up
            if up is not None and up not in parent:
                todo.add(up)
    chains: dict[int, frozenset[int]] = {}

    def chain(sid: int) -> frozenset[int]:
        if sid not in chains:
            up = parent.get(sid)
            chains[sid] = frozenset((sid,)) | (chain(up) if up in parent else frozenset())
        return chains[sid]
    for sid in list(parent):
        chain(sid)
    return chains


def busiest_zones(conn: sqlite3.Connection, theme: Theme, docs: list[DocRange], top: int
                  ) -> tuple[list[str], int] | None:
    """(the `top` zones with most passages, how many zones have passages), from the counts
    materialised at index time; None when the theme has none (then find its passages)."""
    tid = theme_id(conn, theme.matcher())
    if tid is None:
        return None
    zone_of = {d.doc_id: d.zone for d in docs}
    n: dict[str, int] = {}
    for doc_id, passages in doc_passages(conn, tid):
        z = zone_of.get(doc_id)
        if z is not None:
            n[z] = n.get(z, 0) + passages
    ranked = sorted(n, key=lambda z: (-n[z], z))
    return ranked[:top], len(ranked)


def main_sections(conn: sqlite3.Connection, theme: Theme, doc_ids: set[str]
                  ) -> list[MainSection]:
    """Outermost sections whose heading matches the theme (a zone's main statement on it)."""
    rx = theme.matcher()
    ids = [r[0] for r in candidates(conn, match_expression(theme), "sec_fts")]
    if ids and len(doc_ids) <= FEW_DOCS:  # a first screen: only its documents' sections
        few, mine = sorted(doc_ids), set[int]()
        for i in range(0, len(few), 900):
            part = few[i:i + 900]
            mine.update(r[0] for r in conn.execute(
                f"SELECT id FROM sections WHERE doc_id IN ({','.join('?' * len(part))})", part))
        ids = [i for i in ids if i in mine]
    found = []
    for chunk in range(0, len(ids), 900):
        part = ids[chunk:chunk + 900]
        found += conn.execute(
            "SELECT s.id, s.doc_id, s.title, s.number, s.level, s.first_para, s.last_para, "
            "p.seq, p.section FROM sections s LEFT JOIN paras p ON p.id = s.first_para "
            f"WHERE s.id IN ({','.join('?' * len(part))})", part).fetchall()
    found = [r for r in found
             if r[1] in doc_ids and r[5] is not None and rx.search(fold(r[2] or ""))]
    paths = section_paths(conn, {r[8] for r in found})  # of the sections kept only
    found = [(*r[:8], paths.get(r[8], "")) for r in found]
    in_doc: dict[str, list] = {}
    for r in found:
        in_doc.setdefault(r[1], []).append(r)
    outer = [r for r in found if not any(  # within its own document only
        o is not r and o[5] <= r[5] and r[6] <= o[6] and o[4] < r[4] for o in in_doc[r[1]])]
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
