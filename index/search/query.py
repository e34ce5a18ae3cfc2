"""The query language, parsed without ever failing.

    产城融合 招商              both terms (AND)
    "招大引强"                  an exact phrase (whitespace inside is ignored, as in matching)
    营商环境 OR 放管服          either
    -疫情                       exclude paragraphs containing it
    zone:海门  year:2020  year:2018-2020  doc:ID     filters (zone matches name or short name)
    level:开发区  level:区,县  level:district          the zone's level (index/meta/levels.py)
    set:NAME                    the documents of a saved set (index/workflow/sets.py)

Everything else is literal text: brackets, *, AND/NEAR words, SQL fragments. AND between
terms is accepted and means what juxtaposition means. Terms are matched as substrings of
the folded text (see textnorm), so a term never has to be a whole word.

Bounds (docs/search.md, "Query bounds"): a term repeated (as folded) counts once; a query
longer than MAX_QUERY_CHARS characters or with more than MAX_TERMS distinct terms is not
searched at all, and Query.refused says which limit it passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.text.normal import FREQUENT_CHARS, fold, grams

_YEAR = re.compile(r"^(\d{4})(?:\s*(?:-|–|\.\.|~|至)\s*(\d{4}))?$")
_FILTERS = ("zone", "year", "doc", "level", "set")
MAX_QUERY_CHARS = 1000  # characters of query text, filters included
MAX_TERMS = 64  # distinct terms (searched and excluded) in one query


@dataclass
class Query:
    text: str
    groups: list[list[str]] = field(default_factory=list)  # AND of ORs; raw terms as typed
    exclude: list[str] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    docs: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)  # normalised (index.meta.levels)
    sets: list[str] = field(default_factory=list)  # set:NAME, each narrowing the others
    # the doc_ids of every set named, filled in by the façade (Corpus.set_docs) before
    # searching; None: not resolved, and then a set: filter lets nothing through
    set_docs: frozenset[str] | None = None
    notes: list[str] = field(default_factory=list)  # what was read differently than typed
    refused: str = ""  # why nothing is searched: the limit the query passed ("" = none)
    bound: str = ""  # that limit's name: "length" or "terms"

    @property
    def terms(self) -> list[str]:
        """All positive terms, for highlighting."""
        return [t for g in self.groups for t in g]

    @property
    def has_filters(self) -> bool:
        return bool(self.zones or self.years or self.docs or self.levels or self.sets)

    def fts(self) -> str | None:
        """The para_fts MATCH expression, or None when no term is searchable."""
        ands = [a for g in self.groups if (a := any_of(g, unigram=True))]
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
    if len(text) > MAX_QUERY_CHARS:
        return _refuse(q, "length", f"query too long: {len(text):,} characters, the limit is "
                       f"{MAX_QUERY_CHARS:,}")
    pending_or = False
    excluded: set[str] = set()  # folded, as in q.exclude
    last: set[str] = set()  # folded, as in q.groups[-1]
    repeated = 0
    for tok, quoted, negated in _tokens(text):  # at most MAX_QUERY_CHARS / 2 tokens
        if not quoted and tok in ("OR", "|", "或"):
            pending_or = bool(q.groups)
            continue
        if not quoted and tok in ("AND", "&", "&&"):
            continue
        if negated:
            folded = fold(tok)
            if folded:
                if folded in excluded:
                    repeated += 1
                else:
                    excluded.add(folded)
                    q.exclude.append(tok)
            pending_or = False
            continue
        if not quoted and (":" in tok or "：" in tok):
            name, _, value = tok.replace("：", ":").partition(":")
            if name.lower() in _FILTERS and value:
                if _filter(q, name.lower(), value):
                    continue
        folded = fold(tok)
        if not folded:
            if tok:
                q.notes.append(f"ignored {tok!r}: nothing searchable in it")
            continue
        if pending_or and q.groups:
            if folded in last:
                repeated += 1
            else:
                last.add(folded)
                q.groups[-1].append(tok)
        else:
            q.groups.append([tok])
            last = {folded}
        pending_or = False
    repeated += _drop_repeated_groups(q)
    distinct = len({fold(t) for t in q.terms} | excluded)
    if distinct > MAX_TERMS:
        return _refuse(q, "terms", f"query has {distinct:,} different terms, the limit is "
                       f"{MAX_TERMS}")
    if repeated:
        q.notes.append(f"{repeated:,} repeated term{'s' if repeated > 1 else ''} counted once")
    return q


def _drop_repeated_groups(q: Query) -> int:
    """Drop each AND group that repeats an earlier one (as folded sets); how many went."""
    kept, seen = [], set()
    for g in q.groups:
        key = frozenset(fold(t) for t in g)
        if key not in seen:
            seen.add(key)
            kept.append(g)
    dropped = len(q.groups) - len(kept)
    q.groups = kept
    return dropped


def _refuse(q: Query, bound: str, why: str) -> Query:
    """Nothing will be searched: the query passed a limit (docs/search.md, Query bounds)."""
    q.groups, q.exclude, q.zones, q.years, q.docs, q.sets = [], [], [], None, [], []
    q.bound = bound
    q.refused = f"{why}; nothing was searched (see Query bounds in docs/search.md)"
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
    if name == "set":
        q.sets.extend(v for v in re.split(r"[,，、]", value) if v and v not in q.sets)
        return True
    m = _YEAR.match(value)
    if not m:
        q.notes.append(f"year:{value} is not a year or range like 2018-2020; searched as text")
        return False
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    q.years = (min(lo, hi), max(lo, hi))
    return True
