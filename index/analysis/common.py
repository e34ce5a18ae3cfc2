"""What the statistics share: choosing zones by name, the corpus boundary test of a listed
term, and the word filter."""

from __future__ import annotations

from typing import Hashable

from index.analysis import store
from index.analysis.units import is_fragment
from index.store.cache import PerGeneration
from index.store.zones import resolve_in, zone_names
from index.words.segment import is_content_word, stopwords

FRAGMENT_SAMPLE = 100  # paragraphs read for the boundary test of one listed term


def all_zones(conn) -> list[str]:
    return sorted(set(store.zone_names(conn).values()))


def resolve_zones(conn, names: list[str]) -> list[str]:
    """Zone names -> the corpus's zones (index.store.zones: exact name or short name first,
    else containing it); UnknownZone naming the nearest for a name that picks none."""
    found = resolve_in(conn, names)
    return found.check(len(zone_names(conn)))


_UNSAVED: dict[Hashable, set[str]] = {}  # verdicts not yet kept in the database (verdicts.py)
# per database contents: term -> fragment; a generation dropped takes its unsaved with it
def _forget_unsaved(key: Hashable, _: dict[str, bool]) -> None:
    _UNSAVED.pop(key, None)


_VERDICTS: PerGeneration[dict[str, bool]] = PerGeneration(keep=8, on_evict=_forget_unsaved)


def fragment_checker(conn):
    """term -> True when the term fails the boundary test over the corpus (units.py),
    judged on its occurrences in the first FRAGMENT_SAMPLE paragraphs containing it;
    remembered for the process while the database is unchanged, and by keep_verdicts() in
    the database for the next process."""
    from index.analysis import verdicts

    key = _VERDICTS.key(conn)  # same database contents: the verdicts still hold
    memo = _VERDICTS.get(conn, lambda: verdicts.load(conn, key), key)

    def check(term: str) -> bool:
        if term not in memo:
            texts = [t for _, _, t in store.paras_with(conn, term, cap=FRAGMENT_SAMPLE)]
            memo[term] = is_fragment(term, texts)
            _UNSAVED.setdefault(key, set()).add(term)
        return memo[term]
    return check


def keep_verdicts(conn) -> bool:
    """Write the process's new boundary verdicts on this database's contents to it, for the
    next process (best effort: False when it could not take them)."""
    from index.analysis import verdicts

    key = _VERDICTS.key(conn)
    new = _UNSAVED.pop(key, None)
    if not new:
        return True
    memo = _VERDICTS.peek(key) or {}
    return verdicts.save(key, {t: memo[t] for t in new if t in memo})


def collocable(word: str) -> bool:
    """A unit worth listing as a collocate or cluster edge: as a keyword (a content word), but the generic
    verbs and nouns of the stop list (优化, 加强, 推进) count — they are how a term is
    framed (优化营商环境); only function words (的, 及其) do not."""
    if len(word) < 2 or word in stopwords().function:
        return False
    return is_content_word(word) or word in stopwords()
