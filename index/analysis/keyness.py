"""Keyness: the words a target (a zone, a group of zones, a comparison's passages) uses
significantly more than a reference, on units (units.py).

For each candidate: G² (Dunning 1993, in the keyness form of Rayson & Garside 2000) and its
p (chi-square, 1 df), log ratio as effect size (Hardie 2014), counts and per-10k rates on
both sides. Listed: over-used words with p below α / m (Bonferroni, m = the number of
candidates tested), count ≥ min_count. Generic words are kept out by dispersion, not a list
alone:
  * the word must be spread in the target: in ≥ 2 of its documents (≥ 2 paragraphs when the
    target is one document), so one paragraph's repetitions do not make a keyword;
  * a word the whole corpus spreads evenly over its zones (DP_norm over zones below
    GENERIC_DP, Gries 2008; Lijffijt & Gries 2012) is generic — 的, 进一步, 及其 — and is not
    listed as a keyword of any zone (when the corpus has at least 3 zones);
  * stop words and tokens with digits or under two characters are not candidates;
  * a listed word must pass the boundary test on its occurrences in the corpus (no fragment).
"""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter
from typing import Callable, Mapping, Protocol

from index.analysis.model import Keyword, Listing
from index.analysis.stats import keyness_g2, log_ratio, p_chi2_1df, per_10k
from index.words.segment import is_content_word

ALPHA = 0.001
MIN_COUNT = 3
GENERIC_DP = 0.25


@lru_cache(maxsize=4096)
def critical_g2(alpha: float) -> float:
    """The G² whose p (chi-square, 1 df) is alpha (bisection on erfc)."""
    lo, hi = 0.0, 400.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if p_chi2_1df(mid) > alpha:
            lo = mid
        else:
            hi = mid
    return hi


def threshold_text(alpha: float, m: int) -> str:
    return f"p < {alpha:g} after Bonferroni correction for {m} candidates (p < {alpha / max(m, 1):.2g})"


class Counts(Protocol):
    """Word counts read one word at a time (a Counter, or compare/distinctive.py's _Rest)."""

    def get(self, w: str, default: int = 0, /) -> int: ...


def keyness(target: Mapping[str, int], n1: int, ref: Mapping[str, int] | Counts, n2: int, *,
            alpha: float = ALPHA, min_count: int = MIN_COUNT,
            spread: Callable[[str], bool] | None = None,
            generic: Callable[[str], bool] | None = None,
            keep: Callable[[str], bool] | None = None,
            fragment: Callable[[str], bool] | None = None,
            limit: int | None = None) -> tuple[list[Keyword], int, list[str]]:
    """(keywords by G², the number of candidates tested, notes)."""
    keep = keep or is_content_word
    notes: list[str] = []
    cands = [w for w, a in target.items() if a >= min_count and keep(w)]
    m = len(cands)
    if not m or n1 <= 0 or n2 <= 0:
        return [], m, notes
    cut = alpha / m
    crit = critical_g2(cut)
    out: list[Keyword] = []
    generic_out = unspread = 0
    for w in cands:
        a, b = target[w], ref.get(w, 0)
        if a / n1 <= b / n2:
            continue
        g2 = keyness_g2(a, b, n1, n2)
        if g2 < crit:
            continue
        if generic is not None and generic(w):
            generic_out += 1
            continue
        if spread is not None and not spread(w):
            unspread += 1
            continue
        out.append(Keyword(w, a, b, per_10k(a, n1), per_10k(b, n2), g2, log_ratio(a, b, n1, n2),
                           p_chi2_1df(g2)))
    out.sort(key=lambda k: (-k.ll, k.term))
    if fragment is not None:
        kept: list[Keyword] = []
        frags: list[Keyword] = []
        for k in out:
            if limit is not None and len(kept) >= limit:
                break
            (frags if fragment(k.term) else kept).append(k)
        if frags:
            notes.append("left out as fragments (nearly always extended by the same "
                         "character): " + "、".join(k.term for k in frags[:10]))
        out = kept
    elif limit is not None:
        out = out[:limit]
    if generic_out:
        notes.append(f"{generic_out} significant word(s) left out as generic: spread evenly "
                     f"over the corpus's zones (DP_norm < {GENERIC_DP})")
    if unspread:
        notes.append(f"{unspread} significant word(s) left out: used in only one document "
                     f"(one paragraph) of the target")
    return out, m, notes


def max_possible_g2(target: Mapping[str, int], n1: int, n2: int, keep=None) -> float:
    """The G² of the target's most frequent candidate if the reference never used it: the
    most any word of this target could reach."""
    keep = keep or is_content_word
    # the commonest first (sorted in C): the first kept word is the most frequent one
    best = next((a for w, a in sorted(target.items(), key=itemgetter(1), reverse=True)
                 if keep(w)), 0)
    return keyness_g2(best, 0, n1, n2) if best else 0.0


def too_little(target: Mapping[str, int], n1: int, n2: int, alpha: float, m: int,
               keep=None) -> bool:
    return max_possible_g2(target, n1, n2, keep) < critical_g2(alpha / max(m, 1))


def inside_longer(words, vocab: Mapping[str, int]) -> dict[str, int]:
    """For each word, how often its string occurs inside a longer unit of vocab (unit ->
    count): Σ over units u ≠ w containing w of count(u) · (occurrences of w in u). 低效
    counted as a unit 0 times may occur 15 times inside 闲置低效, 低效用地 …"""
    words = list(words)
    if not words:
        return {}
    shortest = min(len(w) for w in words)
    longer = [(u, n) for u, n in vocab.items() if n > 0 and len(u) > shortest]
    return {w: sum(n * u.count(w) for u, n in longer if len(u) > len(w) and w in u)
            for w in words}


# ------------------------------------------------------------------ zones of a corpus


def keywords(conn, zones: list[str], *, ref_zones: list[str] | None = None,
             ref_conn=None, ref_label: str = "", alpha: float = ALPHA,
             min_count: int = MIN_COUNT, limit: int | None = 100) -> Listing:
    """Keywords of the zones (together) against the rest of the corpus, other zones
    (ref_zones), or another corpus (ref_conn: its unit tables)."""
    from index.analysis import store
    from index.analysis.common import fragment_checker, keep_verdicts, resolve_zones

    zones = resolve_zones(conn, zones)
    sizes = store.meta(conn, "zone_sizes", {})
    zdocs = store.meta(conn, "zone_docs", {})
    target = store.zone_counts(conn, zones)
    n1 = sum(sizes.get(z, 0) for z in zones)
    stat = store.counts_of(conn, [u for u, v in target.items() if v[0] >= min_count])
    if ref_conn is not None:
        ref = {u: v[0] for u, v in store.counts_of(ref_conn, list(stat)).items()}
        n2 = int(store.meta(ref_conn, "tokens", 0))
        label = ref_label or "another corpus"
        ref_vocab = lambda: {u: v[0] for u, v in store.stats(ref_conn).items()}  # noqa: E731
    elif ref_zones:
        ref_zones = [z for z in resolve_zones(conn, ref_zones) if z not in zones]
        ref = {u: v[0] for u, v in store.zone_counts(conn, ref_zones).items()}
        n2 = sum(sizes.get(z, 0) for z in ref_zones)
        label = "、".join(ref_zones)
        ref_vocab = lambda: ref  # noqa: E731
    else:
        ref = {u: v[0] - target.get(u, [0])[0] for u, v in stat.items()}
        n2 = int(store.meta(conn, "tokens", 0)) - n1
        label = "the rest of the corpus"
        ref_vocab = lambda: {u: v[0] - target.get(u, [0])[0]  # noqa: E731
                             for u, v in store.stats(conn).items()}
    ndocs = sum(zdocs.get(z, 0) for z in zones)
    if ndocs >= 2:
        spread = lambda w: target[w][1] >= 2  # noqa: E731 - in two documents
    else:
        spread = lambda w: target[w][2] >= 2  # noqa: E731 - in two paragraphs
    generic = None
    if len(sizes) >= 3:
        generic = lambda w: w in stat and stat[w][1] < GENERIC_DP  # noqa: E731
    counts = {u: v[0] for u, v in target.items()}
    items, m, notes = keyness(counts, n1, ref, n2, alpha=alpha, min_count=min_count,
                              spread=spread, generic=generic, fragment=fragment_checker(conn),
                              limit=limit)
    if items:  # beside each count: the string's occurrences inside longer words
        listed = [k.term for k in items]
        own, other = inside_longer(listed, counts), inside_longer(listed, ref_vocab())
        for k in items:
            k.inside, k.ref_inside = own[k.term], other[k.term]
    if not items and too_little(counts, n1, n2, alpha, m):
        notes.insert(0, f"too little text ({n1} words) for any word to reach "
                        f"{threshold_text(alpha, m)}")
    keep_verdicts(conn)
    return Listing("keywords", items, notes, target="、".join(zones), reference=label,
                   target_tokens=n1, ref_tokens=n2, threshold=threshold_text(alpha, m))
