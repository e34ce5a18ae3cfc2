"""Word lists: the frequency of units with Gries' DP (2008) over documents.

DP = ½ Σ |v_i − s_i| over the documents (of the corpus, or of the chosen zones), v_i the share
of the word's occurrences in document i, s_i the document's share of the words: 0 for a word
spread exactly as the text is, towards 1 for a word concentrated in one small document. With
one document there is nothing to spread over: DP is None (JSON null, "n/a"), not 0.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from index.analysis import store
from index.analysis.model import Listing, Word
from index.analysis.stats import dp, per_10k
from index.analysis.units import is_word, words_of

MIN_COUNT = 2


def words(conn, zones: list[str] | None = None, *, limit: int | None = 100,
          min_count: int = MIN_COUNT, all_words: bool = False) -> Listing:
    """Units by frequency (without function words and single characters unless all_words),
    with DP over documents."""
    from index.analysis.common import collocable, resolve_zones

    keep = (lambda w: is_word(w)) if all_words else collocable
    if not zones:
        stat = store.stats(conn)
        n = int(store.meta(conn, "tokens", 0))
        one = len(store.meta(conn, "doc_sizes", {})) < 2  # DP needs two parts at least
        rows = [Word(u, v[0], per_10k(v[0], n), None if one else v[3])
                for u, v in stat.items() if v[0] >= min_count and keep(u)]
        target = "the whole corpus"
    else:
        zones = resolve_zones(conn, zones)
        zone_of = store.zone_names(conn)
        docs = [d for d, z in zone_of.items() if z in zones]
        by_doc: dict[str, Counter] = defaultdict(Counter)
        for d, us in store.units_of_docs(conn, docs):
            by_doc[d].update(words_of(us))
        sizes = {d: sum(c.values()) for d, c in by_doc.items()}
        n = sum(sizes.values())
        per_word: dict[str, dict[str, int]] = defaultdict(dict)
        for d, c in by_doc.items():
            for u, k in c.items():
                per_word[u][d] = k
        rows = []
        for u, parts in per_word.items():
            f = sum(parts.values())
            if f >= min_count and keep(u):
                rows.append(Word(u, f, per_10k(f, n),
                                 dp(parts, sizes, n) if len(by_doc) >= 2 else None))
        target = "、".join(zones)
    rows.sort(key=lambda w: (-w.count, w.word))
    notes = []
    if rows and rows[0].dispersion is None:
        notes.append("one document: dispersion (DP) over documents is n/a — there is only "
                     "one part to spread over")
    return Listing("words", rows[:limit] if limit else rows, notes, target=target,
                   target_tokens=n, threshold=f"count ≥ {min_count}")
