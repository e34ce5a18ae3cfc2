"""Distinctive words: the words a zone's theme passages use significantly more than the
other zones' theme passages.

Since issue 13 they are listed by the keyness test of index/analysis/keyness.py on units
(index/analysis/units.py): G² with its p, Bonferroni-corrected α = 0.001, count ≥ 3, in ≥ 2
of the zone's passages, no fragment, no word the corpus spreads evenly over its zones. Counts
and totals are of word units only (index.analysis.units.words_of, as `keywords` counts them):
punctuation is in neither. Each
entry keeps the z of the log-odds below (Fightin' Words), which the JSON has always carried.

The log-odds ratio uses the log-odds ratio with an informative Dirichlet prior of Monroe,
Colaresi & Quinn (2008), "Fightin' Words", Political Analysis 16(4):

    ω_i(w) = (y_i(w) + α(w)) / (n_i + α0 − y_i(w) − α(w))
    δ(w)   = log ω_i(w) − log ω_j(w)
    σ²(w) ≈ 1 / (y_i(w) + α(w)) + 1 / (y_j(w) + α(w))
    z(w)   = δ(w) / σ(w)

with y the word counts of one zone (i) and of all the other zones (j), n their totals, and
α(w) = α0 · prior(w) / Σ prior: the prior is the pooled counts of every zone (or any
background counter), scaled to a total of α0.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Callable, Iterable

from index.words.segment import is_content_word
from index.words.themes import GAP_RE

PRIOR_FLOOR = 0.01
# A comparison builds the corpus's unit tables itself only up to this size (seconds of
# jieba: the bundled corpora); a larger corpus gets them from `keywords` / `words`, its passages
# meanwhile segmented alone (jieba with the lexicon).
UNITS_FOR_COMPARISON_CHARS = 1_000_000


@dataclass(frozen=True)
class Scored:
    term: str
    z: float
    delta: float
    var: float
    count: int  # occurrences in the zone (y_i)
    other: int  # occurrences in the other zones (y_j)
    ll: float = 0.0  # G² of the keyness test (index/analysis/keyness.py)
    p: float = 1.0   # its p (chi-square, 1 df)


def log_odds(counts_i: Counter, counts_j, prior: Counter | None = None,
             alpha0: float | None = None, words: Iterable[str] | None = None,
             totals: tuple[int, int, float] | None = None) -> dict[str, Scored]:
    """Log-odds ratio with informative Dirichlet prior for every word of i or j (or `words`).

    prior defaults to the pooled counts i + j; alpha0 (the prior's total weight) defaults to
    the prior's own total, i.e. α(w) = prior(w). A word missing from the prior gets α = 0.01.
    totals: (n_i, n_j, the prior's total) when the caller knows them (then counts_j needs
    only .get, and words must be given).
    """
    if prior is None:
        prior = counts_i + counts_j
    total_prior = totals[2] if totals else sum(prior.values())
    if alpha0 is None:
        alpha0 = float(total_prior)
    scale = alpha0 / total_prior if total_prior else 0.0
    n_i, n_j = totals[:2] if totals else (sum(counts_i.values()), sum(counts_j.values()))
    out = {}
    for w in (set(counts_i) | set(counts_j)) if words is None else words:
        a = max(prior.get(w, 0) * scale, PRIOR_FLOOR)
        y_i, y_j = counts_i.get(w, 0), counts_j.get(w, 0)
        om_i = (y_i + a) / max(n_i + alpha0 - y_i - a, 1e-9)
        om_j = (y_j + a) / max(n_j + alpha0 - y_j - a, 1e-9)
        delta = math.log(om_i) - math.log(om_j)
        var = 1.0 / (y_i + a) + 1.0 / (y_j + a)
        out[w] = Scored(w, delta / math.sqrt(var), delta, var, y_i, y_j)
    return out


def distinctive(zone_counts: dict[str, Counter], *, prior: Counter | None = None,
                alpha0: float | None = None, min_count: int = 2, top: int = 12,
                z_min: float = 1.0, keep=None) -> dict[str, list[Scored]]:
    """Per zone, its words most over-represented against all the other zones together.

    A word is listed when the zone uses it at least min_count times, z > z_min and
    keep(word) is true (default: is_content_word); best z first, at most `top`.
    With fewer than two zones there is nothing to compare against: every list is empty.
    """
    keep = keep or is_content_word
    pooled: Counter = Counter()
    for c in zone_counts.values():
        pooled.update(c)
    out: dict[str, list[Scored]] = {}
    for zone, counts in zone_counts.items():
        if len(zone_counts) < 2 or not counts:
            out[zone] = []
            continue
        rest = pooled.copy()
        rest.subtract(counts)
        rest = +rest  # drop zeros
        words = [w for w, n in counts.items() if n >= min_count and keep(w)]
        scores = log_odds(counts, rest, prior if prior is not None else pooled, alpha0, words)
        good = [s for s in scores.values() if s.z > z_min]
        good.sort(key=lambda s: (-s.z, -s.count, s.term))
        out[zone] = good[:top]
    return out


# ------------------------------------------------------------------ a comparison's zones


def excluded_words(theme) -> list[str]:
    """The theme's expressions and pattern literals: never listed as distinctive words."""
    lits = [lit for p in theme.patterns for lit in GAP_RE.split(p)[0::2] if len(lit) >= 2]
    return theme.expressions() + lits


class _Rest:
    """The other zones' counts (all zones' minus one zone's), read word by word instead of
    a copy of the pooled counter per zone (1,700 zones × the whole vocabulary at 500 MB)."""

    def __init__(self, pooled: Counter, own: Counter):
        self.pooled, self.own = pooled, own

    def get(self, w: str, default: int = 0) -> int:
        return self.pooled.get(w, 0) - self.own.get(w, 0) or default


def _spread_test(passages: Counter) -> Callable[[str], bool]:
    """A word counts as spread when it is in at least two of the zone's passages."""
    return lambda w: passages[w] >= 2


def _passage_units(comp, active, source: str, units_up_to: int):
    """({para_id: units}, conn or None, fragment test or None, unit tables current): the
    units of every passage of the active zones. With the corpus's unit tables current, from them; otherwise
    jieba's words (with the lexicon), read from the segmentation cache where an earlier
    comparison left them (index/analysis/segcache.py) and kept there for the next one."""
    from index.analysis.units import Units, raw_tokens
    from index.throttle import pause

    units, conn, frag, cached, tables = Units(), None, None, {}, False
    ids = [p.para_id for z in active for p in z.passages]
    if source:
        from index.analysis import segcache, store
        from index.analysis.common import fragment_checker
        from index.store.connection import StoreError, connect

        try:
            tables = store.ensure_if_small(source, units_up_to)
            conn = connect(source)
            if tables:
                units, cached = store.corpus_units(conn), store.units_of_paras(conn, ids)
            else:
                cached = segcache.raw_of_paras(conn, ids)
            frag = fragment_checker(conn)  # the boundary test over the corpus, by full text
        except StoreError:
            pass
    out: dict[int, list[str]] = {}
    fresh = []
    for z in active:
        for p in z.passages:
            pause()  # let a keystroke's search go first
            us = cached.get(p.para_id)
            if us is None or "".join(us) != "".join(p.text.split()):
                raw = raw_tokens(p.text)
                fresh.append((p.para_id, p.doc_id, p.text, raw))
                us = units.merge(raw)
            out[p.para_id] = us
            if len(fresh) >= SAVE_EVERY:  # kept as it goes: an ended job loses little
                _save(source, tables, fresh)
                fresh = []
    _save(source, tables, fresh)
    return out, conn, frag, tables


SAVE_EVERY = 1000  # passages segmented between two writes to the segmentation cache


def _save(source: str, tables: bool, fresh: list) -> None:
    if fresh and source and not tables:
        from index.analysis import segcache

        segcache.save_raw(source, fresh)


def add_distinctive(comp, alpha: float = 0.001, min_count: int = 3, top: int = 12,
                    units_up_to: int = UNITS_FOR_COMPARISON_CHARS):
    """Fill in each zone's distinctive words: the keyness test (G², p) of the zone's theme
    passages against the other zones' theme passages, on units.

    Units come from the corpus's unit tables (built if needed on a small corpus) when the
    comparison knows its database (comp.source), else from jieba with the lexicon, cached
    per paragraph for the next comparison. units_up_to: the corpus size (characters) up to
    which the comparison builds the unit tables itself. Loads jieba on first use.
    """
    from index.analysis import store
    from index.analysis.common import keep_verdicts
    from index.analysis.keyness import GENERIC_DP, keyness, too_little
    from index.analysis.units import is_fragment, words_of

    exclude = excluded_words(comp.theme)
    names = {n for z in comp.zones for n in (z.zone, z.short) if n}
    active = [z for z in comp.zones if z.passages]
    units_of, conn, frag, tables = _passage_units(comp, active, getattr(comp, "source", ""),
                                                    units_up_to)
    units_of = {pid: words_of(us) for pid, us in units_of.items()}  # no punctuation
    counts: dict[str, Counter] = {}
    spread: dict[str, Counter] = {}
    for z in active:  # one count per zone over all its passages' units (C, not update())
        units = [units_of[p.para_id] for p in z.passages]  # word units: keywords' totals
        counts[z.zone] = Counter(chain.from_iterable(units))
        spread[z.zone] = Counter(chain.from_iterable(map(set, units)))
    if frag is None:
        joined = "\n".join(p.text for z in active for p in z.passages)
        frag = lambda w: is_fragment(w, [joined])  # noqa: E731
    pooled = Counter(chain.from_iterable(units_of[p.para_id] for z in active
                                         for p in z.passages))  # every zone's counts summed
    total = sum(pooled.values())
    verdicts: dict[str, bool] = {}  # asked for every word of every zone: once per word

    def keep(w: str) -> bool:
        v = verdicts.get(w)
        if v is None:
            v = verdicts[w] = w not in names and is_content_word(w, exclude)
        return v
    generic = None
    if tables and len(store.meta(conn, "zone_sizes", {})) >= 3:
        stat = store.counts_of(conn, [w for w, n in pooled.items() if n >= min_count])
        generic = lambda w: w in stat and stat[w][1] < GENERIC_DP  # noqa: E731
    kept = {w for w in pooled if keep(w)}  # too_little() asks of every word of a zone
    little = []
    for z in comp.zones:
        z.distinctive = []
        if z.zone not in counts or len(active) < 2:
            continue
        c = counts[z.zone]
        rest = _Rest(pooled, c)
        n1 = sum(c.values())
        n2 = total - n1
        items, m, _ = keyness(c, n1, rest, n2, alpha=alpha, min_count=min_count,
                              spread=_spread_test(spread[z.zone]), generic=generic,
                              keep=keep, fragment=frag, limit=top)
        if not items and too_little(c, n1, n2, alpha, m, kept.__contains__):
            little.append(z.short or z.zone)
        odds = log_odds(c, rest, pooled, None, [k.term for k in items],
                        totals=(n1, n2, total))
        z.distinctive = [Scored(k.term, odds[k.term].z, odds[k.term].delta, odds[k.term].var,
                                k.count, k.ref_count, k.ll, k.p) for k in items]
    note = "distinctive words need passages in at least two zones"
    if len(active) == 1 and note not in comp.notes:
        comp.notes.append(note)
    if little:
        comp.notes.append("distinctive words: too little text in the passages of "
                          + "、".join(little) + f" for any word to reach p < {alpha:g} "
                          "(Bonferroni-corrected)")
    comp.distinctive_done = True
    if conn is not None:
        keep_verdicts(conn)
    return comp

