"""The query language, parsed without ever failing.

    产城融合 招商              both terms (AND)
    "招大引强"                  an exact phrase (whitespace inside is ignored, as in matching)
    营商环境 OR 放管服          either
    -疫情                       exclude paragraphs containing it
    zone:海门  year:2020  year:2018-2020  doc:ID     filters (zone matches name or short name)
    level:开发区  level:区,县  level:district          the zone's level (index/meta/levels.py)

Everything else is literal text: brackets, *, AND/NEAR words, SQL fragments. AND between
terms is accepted and means what juxtaposition means. Terms are matched as substrings of
the folded text (see textnorm), so a term never has to be a whole word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.text.normal import FREQUENT_CHARS, fold, grams

_YEAR = re.compile(r"^(\d{4})(?:\s*(?:-|–|\.\.|~|至)\s*(\d{4}))?$")
_FILTERS = ("zone", "year", "doc", "level")


@dataclass
class Query:
    text: str
    groups: list[list[str]] = field(default_factory=list)  # AND of ORs; raw terms as typed
    exclude: list[str] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    docs: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)  # normalised (index.meta.levels)
    notes: list[str] = field(default_factory=list)  # what was read differently than typed

    @property
    def terms(self) -> list[str]:
        """All positive terms, for highlighting."""
        return [t for g in self.groups for t in g]

    @property
    def has_filters(self) -> bool:
        return bool(self.zones or self.years or self.docs or self.levels)

    def fts(self) -> str | None:
        """The para_fts MATCH expression, or None when no term is searchable."""
        ands = [any_of(g, unigram=True) for g in self.groups]
        ands = [a for a in ands if a]
        if not ands:
            return None
        expr = " AND ".join(ands)
        nots = any_of(self.exclude, unigram=True)
        return f"({expr}) NOT {nots}" if nots else expr

    def any_term_fts(self) -> str | None:
        """Matches text containing any positive term (for the heading boost)."""
        return any_of(self.terms)


def phrase(term: str, unigram: bool = False) -> str | None:
    """FTS5 phrase that matches exactly the rows whose folded text contains term.

    A phrase of bigrams can only match column g (the other columns hold one-character and
    longer Latin tokens), and a column filter would slow it down. A one-character prefix reads
    column g by name (para_fts and sec_fts both have it); with unigram, a frequent character
    reads para_fts's column u instead, which holds its every occurrence alone."""
    f = fold(term)
    if not f:
        return None
    if len(f) == 1:
        if unigram and f in FREQUENT_CHARS:
            return f'u : "{f}"'
        # a single character starts a bigram token, or is the last one
        return 'g : "' + f.replace('"', '""') + '"*'
    bigrams = grams(f).rsplit(" ", 1)[0]  # drop the trailing single character
    return '"' + bigrams.replace('"', '""') + '"'


def any_of(terms: list[str], unigram: bool = False) -> str | None:
    parts = sorted({p for p in (phrase(t, unigram) for t in terms) if p})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


_CLOSE = {'"': '"', "“": "”", "”": "”"}


def _tokens(text: str) -> list[tuple[str, bool, bool]]:
    """Split into (token, quoted, negated) triples; an unclosed quote runs to the end.

    "…" closes with ", and “…” with ”: inside one kind of quote the other is literal text.
    """
    out: list[tuple[str, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        neg = ch in "-－" and i + 1 < n and text[i + 1] in _CLOSE
        if ch in _CLOSE or neg:
            start = i + 1 + neg
            close = _CLOSE[text[start - 1]]
            j = text.find(close, start)
            j = n if j == -1 else j
            out.append((text[start:j], True, neg))
            i = j + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _CLOSE:
            j += 1
        word = text[i:j]
        neg = word[0] in "-－" and len(word) > 1
        out.append((word[1:] if neg else word, False, neg))
        i = j
    return out


def parse(text: str) -> Query:
    q = Query(text=text)
    pending_or = False
    for tok, quoted, negated in _tokens(text):
        if not quoted and tok in ("OR", "|", "或"):
            pending_or = bool(q.groups)
            continue
        if not quoted and tok in ("AND", "&", "&&"):
            continue
        if negated:
            if fold(tok):
                q.exclude.append(tok)
            pending_or = False
            continue
        if not quoted and (":" in tok or "：" in tok):
            name, _, value = tok.replace("：", ":").partition(":")
            if name.lower() in _FILTERS and value:
                if _filter(q, name.lower(), value):
                    continue
        if not fold(tok):
            if tok:
                q.notes.append(f"ignored {tok!r}: nothing searchable in it")
            continue
        if pending_or and q.groups:
            q.groups[-1].append(tok)
        else:
            q.groups.append([tok])
        pending_or = False
    return q


def _filter(q: Query, name: str, value: str) -> bool:
    if name == "zone":
        q.zones.extend(v for v in re.split(r"[,，、]", value) if v)
        return True
    if name == "level":
        from index.meta.levels import normal_level

        q.levels.extend(normal_level(v) for v in re.split(r"[,，、]", value) if v)
        return True
    if name == "doc":
        q.docs.extend(v for v in value.split(",") if v)
        return True
    m = _YEAR.match(value)
    if not m:
        q.notes.append(f"year:{value} is not a year or range like 2018-2020; searched as text")
        return False
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    q.years = (min(lo, hi), max(lo, hi))
    return True
