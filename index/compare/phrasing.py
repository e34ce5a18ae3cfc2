"""Phrasing statistics: shared and unique phrases, and shingle similarity.

The statistics work on plain strings and counters; add_phrasing() at the end applies them
to a comparison's zones (engine.py). Distinctive words, the one statistic that needs jieba,
are in distinctive.py.

"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from index.words.segment import stopwords

MIN_PHRASE = 4    # shared/unique phrases have at least this many characters
MAX_PHRASE = 24   # and at most this many (longer runs are cut into candidates this long)

# A clause is a run of CJK, Latin letters and digits: punctuation and spaces end it.
_CLAUSE_SPLIT = re.compile(r"[^0-9A-Za-z０-９Ａ-Ｚａ-ｚ\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_QUOTED = re.compile(r"“([^“”\n]{4,%d})”" % MAX_PHRASE)
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")
_ASCII_DIGIT = re.compile(r"[0-9０-９]")


# ------------------------------------------------------------------ shared and unique phrases


def clauses(text: str) -> list[str]:
    """The runs of CJK, letters and digits in text (punctuation and spaces split them)."""
    return [c for c in _CLAUSE_SPLIT.split(text) if c]


def quoted(text: str) -> list[str]:
    """“…” quotations of MIN_PHRASE..MAX_PHRASE characters that contain Chinese."""
    return [q.strip() for q in _QUOTED.findall(text) if _HAS_CJK.search(q)]


@dataclass
class Phrase:
    phrase: str
    counts: dict[str, int] = field(default_factory=dict)  # zone -> occurrences
    kind: str = "ngram"  # "lexicon", "quoted", "ngram" (compare.py adds "variant")

    @property
    def zones(self) -> list[str]:
        return list(self.counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def intervals(keys: list[int], op, alive):
    """Maximal runs [i..j] of 4-grams whose combined key op(keys[i..j]) stays alive.

    A run is reported where extending it on the right would change its key, and only if
    extending it on the left would too: with op = AND of zone bitmasks these are the longest
    strings with a given (upper bound of the) set of zones; with op = min of counts, the
    longest with a given (upper bound of the) number of occurrences.
    """
    n, span = len(keys), MAX_PHRASE - MIN_PHRASE
    for i in range(n):
        k = keys[i]
        if not alive(k) or (i and op(keys[i - 1], k) == k):  # never left-maximal
            continue
        j = i
        while True:
            nk = op(k, keys[j + 1]) if j + 1 < n else None
            if nk != k or j - i >= span:
                if not i or op(keys[i - 1], k) != k:
                    yield i, j, k
                if nk is None or j - i >= span or not alive(nk):
                    break
                k = nk
            j += 1


def _clean(p: str) -> bool:
    return not _ASCII_DIGIT.search(p) and bool(_HAS_CJK.search(p))


def _grams(c: str) -> list[str]:
    return [c[i:i + MIN_PHRASE] for i in range(len(c) - MIN_PHRASE + 1)]


def _key_of(p: str, table: dict, op, default):
    out = None
    for c in clauses(p):
        for g in _grams(c):
            v = table.get(g, default)
            out = v if out is None else op(out, v)
    return default if out is None else out


def _sample(texts: list[str], budget: int) -> list[str]:
    out, used = [], 0
    for t in texts:
        if used >= budget:
            break
        out.append(t)
        used += len(t)
    return out


def shared_and_unique(zone_texts: dict[str, list[str]], lexicon: Iterable[str] = (), *,
                      budget: int = 40_000, top: int = 40, unique_top: int = 8,
                      min_repeat: int = 2) -> tuple[list[Phrase], dict[str, list[Phrase]]]:
    """Phrases of MIN_PHRASE+ characters used by two or more zones, and each zone's own.

    zone_texts: zone -> its passage texts, best first. Candidates are “quoted” slogans,
    lexicon expressions and maximal character n-grams within clauses (cut down to their core
    without stop words at the edges, no digits); n-grams come from each zone's first
    passages up to an even share of `budget` characters. Every listed phrase is then checked
    against all the passages: its zones and counts are exact. Shared: at most `top`, most
    zones first. Unique (per zone, at most unique_top): quotations the zone uses at least
    once and n-grams it repeats min_repeat times, which no other zone uses.
    """
    stop = stopwords()
    zones = list(zone_texts)
    if not zones:
        return [], {}
    bit = {z: 1 << k for k, z in enumerate(zones)}
    joined = {z: "\n".join(ts) for z, ts in zone_texts.items()}
    share = max(500, budget // len(zones))
    zcl = {z: [(c, _grams(c)) for t in _sample(ts, share) for c in clauses(t)
               if len(c) >= MIN_PHRASE] for z, ts in zone_texts.items()}
    zquoted = {z: Counter(q for t in ts for q in quoted(t)) for z, ts in zone_texts.items()}
    lexicon = {e for e in lexicon if len(e) >= MIN_PHRASE and _HAS_CJK.search(e)}
    # 4-gram -> bitmask of the zones whose sample uses it: a phrase's zones (in the samples)
    # are among the AND of its 4-grams' masks. The full texts are checked at the end.
    mask: dict[str, int] = defaultdict(int)
    for z, cl in zcl.items():
        b = bit[z]
        for g in {g for _, grams in cl for g in grams}:
            mask[g] |= b
    counts = {z: Counter(g for _, grams in cl for g in grams) for z, cl in zcl.items()}

    def and_(a, b):
        return a & b

    def two(m):
        return m & (m - 1) != 0

    cands: dict[str, int] = {}
    for cl in zcl.values():
        for c, grams in cl:
            keys = [mask[g] for g in grams]
            for i, j, m in intervals(keys, and_, two):
                p = c[i:j + MIN_PHRASE]
                if p in cands:
                    continue
                core = stop.trim(p)
                if core == p:
                    if _clean(p):
                        cands[p] = m
                elif len(core) >= MIN_PHRASE and core not in cands and _clean(core):
                    cands[core] = _key_of(core, mask, and_, 0)
    protected = lexicon | set().union(*zquoted.values())
    for p in protected:
        cands[p] = _key_of(p, mask, and_, 0)
    order = sorted((p for p, m in cands.items() if two(m)),
                   key=lambda p: (-bin(cands[p]).count("1"), p not in protected, -len(p), p))
    shared: list[Phrase] = []
    for p in order:
        found = {z: joined[z].count(p) for z in zones if p in joined[z]}
        if len(found) >= 2:
            kind = "lexicon" if p in lexicon else "quoted" if p in protected else "ngram"
            shared.append(Phrase(p, found, kind))
            if len(shared) >= 2 * top:
                break
    shared = _drop_fragments(shared, lambda a, b: a.counts.keys() == b.counts.keys())
    shared.sort(key=lambda p: (-len(p.counts), p.kind == "ngram", -p.total, -len(p.phrase),
                               p.phrase))

    unique: dict[str, list[Phrase]] = {}
    for z in zones:
        b = bit[z]

        def alone(p, b=b, z=z):
            """No other zone uses p (zones whose samples have all its 4-grams go first)."""
            likely = _key_of(p, mask, and_, 0) & ~b
            if likely and any(p in joined[o] for o in zones if likely & bit[o]):
                return False
            return not any(p in joined[o] for o in zones if o != z and not likely & bit[o])
        own: list[Phrase] = []
        for q, n in sorted(zquoted[z].items(), key=lambda x: (-x[1], -len(x[0]), x[0])):
            if len(own) >= unique_top:
                break
            if alone(q):
                own.append(Phrase(q, {z: n}, "quoted"))
        cz, found = counts[z], {}
        for c, grams in zcl[z]:
            alone_at = [i for i, g in enumerate(grams) if mask[g] == b]
            if not alone_at:  # no 4-gram only this zone uses: nothing unique here
                continue
            for i, j, n in intervals([cz[g] for g in grams], min, lambda n: n >= min_repeat):
                if any(i <= k <= j for k in alone_at):
                    core = stop.trim(c[i:j + MIN_PHRASE])
                    if len(core) >= MIN_PHRASE and _clean(core):
                        found[core] = n
        ngrams: list[Phrase] = []
        for p in sorted(found, key=lambda p: (-found[p] * len(p), p))[:2 * unique_top]:
            if len(ngrams) >= unique_top:
                break
            n = joined[z].count(p)
            if n >= min_repeat and not any(p in o.phrase for o in own) and alone(p):
                ngrams.append(Phrase(p, {z: n}, "lexicon" if p in lexicon else "ngram"))
        ngrams = _drop_fragments(ngrams, lambda a, b: a.total == b.total)
        ngrams.sort(key=lambda p: (-p.total * len(p.phrase), p.phrase))
        room = max(unique_top - len(ngrams), unique_top * 3 // 4)  # slogans first, some n-grams
        unique[z] = (own[:room] + ngrams + own[room:])[:unique_top]
    return shared[:top], unique


def _drop_fragments(phrases: list[Phrase], same) -> list[Phrase]:
    """Drop n-grams inside a longer listed phrase with the same zones (or count), and
    n-grams that only add one character to a slogan or lexicon expression (腾笼换鸟成)."""
    drop = set()
    for q in phrases:
        for s in phrases:
            if s is q or s.phrase not in q.phrase or len(s.phrase) == len(q.phrase):
                continue
            if s.kind == "ngram" and same(s, q):
                drop.add(id(s))
            elif s.kind != "ngram" and q.kind == "ngram" and len(q.phrase) - len(s.phrase) == 1:
                drop.add(id(q))  # 化营商环境, 腾笼换鸟成: a slogan and half a word
    return [p for p in phrases if id(p) not in drop]


# ------------------------------------------------------------------ shingle similarity


def shingles(text: str, ignore: Iterable[tuple[int, int]] = ()) -> Counter:
    """Character bigrams of text within clauses, with the ignored spans blanked out."""
    chars = list(text)
    for s, e in ignore:
        chars[s:e] = " " * (e - s)
    out: Counter = Counter()
    for c in clauses("".join(chars)):
        out.update(c[i:i + 2] for i in range(len(c) - 1))
    return out


def cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(n * b.get(k, 0) for k, n in a.items())
    if not dot:
        return 0.0
    na = math.sqrt(sum(n * n for n in a.values()))
    nb = math.sqrt(sum(n * n for n in b.values()))
    return dot / (na * nb)


def nearest_by_zone(target: Counter, pool, vector, zone_of) -> dict:
    """For each zone of pool (except where zone_of is None), its item most like target."""
    best: dict = {}
    for item in pool:
        zone = zone_of(item)
        if zone is None:
            continue
        sim = cosine(target, vector(item))
        if zone not in best or sim > best[zone][0]:
            best[zone] = (sim, item)
    return {z: item for z, (_, item) in best.items()}


# ------------------------------------------------------------------ a comparison's zones

SHARED_MAX = 40
UNIQUE_MAX = 8


PHRASING_ZONES = 40


def add_phrasing(comp, lexicon: Iterable[str], keep=None) -> None:
    """A comparison's shared phrases, and each zone's own (its unique variants first).
    keep(phrase): whether an n-gram phrase is a unit (index/analysis/phrases.py); quoted
    slogans, lexicon expressions and variants are always kept."""
    active = [z for z in comp.zones if z.passages]
    if len(active) < 2:  # shared and own phrasing need another zone to compare with
        return
    if len(active) > PHRASING_ZONES:  # the check of every phrase grows with zones × phrases
        active = sorted(active, key=lambda z: -len(z.passages))[:PHRASING_ZONES]
        comp.notes.append(f"shared and own phrasing computed over the {PHRASING_ZONES} zones "
                          f"with most passages (of {len(comp.zones)}); name zones to choose")
    shared, unique = shared_and_unique({z.zone: [p.text for p in z.passages] for z in active},
                                       set(lexicon) | set(comp.theme.expressions()),
                                       top=SHARED_MAX * 2 if keep else SHARED_MAX,
                                       unique_top=UNIQUE_MAX * 2 if keep else UNIQUE_MAX)
    if keep is not None:
        def whole(p):
            return p.kind != "ngram" or keep(p.phrase)
        shared = [p for p in shared if whole(p)][:SHARED_MAX]
        unique = {z: [p for p in ps if whole(p)][:UNIQUE_MAX] for z, ps in unique.items()}
    comp.shared = shared
    form_zones: dict[str, set[str]] = defaultdict(set)
    for z in active:
        for p in z.passages:
            for f in p.forms:
                form_zones[f].add(z.zone)
    for z in active:
        own = Counter(f for p in z.passages for f in p.forms
                      if len(form_zones[f]) == 1 and len(f) <= 12)
        variants = [Phrase(f, {z.zone: n}, "variant") for f, n in own.most_common()]
        seen = {v.phrase for v in variants}
        rest = [u for u in unique.get(z.zone, []) if not any(u.phrase in s for s in seen)]
        z.unique = (variants + rest)[:UNIQUE_MAX]
