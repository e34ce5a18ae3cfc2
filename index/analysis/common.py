"""What the statistics share: choosing zones by name, the corpus boundary test of a listed
term, and the word filter."""

from __future__ import annotations

import difflib

from index.analysis import store
from index.analysis.units import is_fragment
from index.text.normal import fold
from index.words.segment import is_content_word, stopwords

FRAGMENT_SAMPLE = 100  # paragraphs read for the boundary test of one listed term


class UnknownZone(ValueError):
    """A zone name that matches no zone of the corpus; the message names the nearest."""


def all_zones(conn) -> list[str]:
    return sorted(set(store.zone_names(conn).values()))


def resolve_zones(conn, names: list[str]) -> list[str]:
    """Zone names (folded, exact or substring, zone or short name) -> the corpus's zones."""
    shorts = {}
    for d, z, s in conn.execute("SELECT doc_id, zone, short FROM docs"):
        zone = z or s or "(no zone)"
        shorts.setdefault(zone, set()).update({fold(zone), fold(s or "")} - {""})
    out: list[str] = []
    for name in names:
        f = fold(name.strip())
        if not f:
            continue
        exact = [z for z, forms in shorts.items() if f in forms]
        found = exact or [z for z, forms in shorts.items() if any(f in x for x in forms)]
        if not found:
            near = difflib.get_close_matches(name, list(shorts), n=3, cutoff=0.3)
            raise UnknownZone(f"no zone called {name!r}"
                              + (f"; nearest: {'、'.join(near)}" if near else "")
                              + f" (zones: {len(shorts)}; `main.py docs` lists them)")
        out += [z for z in sorted(found) if z not in out]
    return out


_VERDICTS: dict[tuple, dict[str, bool]] = {}  # per database contents: term -> fragment
_UNSAVED: dict[tuple, set[str]] = {}  # verdicts not yet kept in the database (verdicts.py)


def fragment_checker(conn):
    """term -> True when the term fails the boundary test over the corpus (units.py),
    judged on its occurrences in the first FRAGMENT_SAMPLE paragraphs containing it;
    remembered for the process while the database is unchanged, and by keep_verdicts() in
    the database for the next process."""
    from index.analysis import verdicts
    from index.store.connection import generation

    key = generation(conn)  # same database contents: the verdicts still hold
    if key not in _VERDICTS:
        _VERDICTS[key] = verdicts.load(conn, key)
    memo = _VERDICTS[key]
    while len(_VERDICTS) > 8:
        _UNSAVED.pop(next(iter(_VERDICTS)), None)
        _VERDICTS.pop(next(iter(_VERDICTS)))

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
    from index.store.connection import generation

    key = generation(conn)
    new = _UNSAVED.pop(key, None)
    if not new:
        return True
    memo = _VERDICTS.get(key, {})
    return verdicts.save(key, {t: memo[t] for t in new if t in memo})


def listable(word: str) -> bool:
    """A unit worth listing as a keyword: a content word (is_content_word: not a stop word,
    two or more characters, no digits)."""
    return is_content_word(word)


def collocable(word: str) -> bool:
    """A unit worth listing as a collocate or cluster edge: as listable, but the generic
    verbs and nouns of the stop list (优化, 加强, 推进) count — they are how a term is
    framed (优化营商环境); only function words (的, 及其) do not."""
    if len(word) < 2 or word in stopwords().function:
        return False
    return is_content_word(word) or word in stopwords()
