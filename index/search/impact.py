"""The best hits of many one-term queries in one pass over the text, scored as FTS5 scores them.

Ranking a frequent term in SQL scores every paragraph that contains it (a common character
at 500 MB: 300,000+ paragraphs, 150–400 ms). For a query of one term and no filter the score
of a paragraph depends only on the term's occurrences in it (tf), its length class (in the
full-text rowid) and whether a heading above it names the term (index/search/rank.py,
engine.py). best() reads every paragraph once, folds it, finds the occurrences of all the
given terms at once (numpy over code points: characters by a lookup table, two-character
terms by their code pair, longer ones from their first pair), and keeps for each term its
exact number of matching paragraphs and the paragraphs that can still be among its best
`top` — a key proportional to the score prunes the rest. The survivors are then scored
with FTS5's own bm25 arithmetic, operation for operation (fts5_aux.c: fts5Bm25Function, the
same doubles in the same order, so the very same floats), and ordered as engine.search
orders them (score, then paragraph id). frequent.py checks one term against SQL after each
run, so a SQLite whose bm25 differs leaves the cache empty rather than wrong.

The occurrences of a term in folded text are what its full-text phrase matches (a single
character: every token it starts, one per occurrence; two or more: overlapping occurrences),
which is the index's exactness invariant (engine.py).
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

import numpy as np

from index.search import rank
from index.store.rowid import length_class
from index.text.normal import fold

CHUNK = 2048  # paragraphs per step
EPS = 1e-9  # keys this close to the cut are kept: the exact scores decide
_BIG = 1 << 40
TOP_CHECK = 100  # hits of one term compared with SQL ranking after each run (frequent.py)


@dataclass
class Best:
    total: int  # paragraphs that contain the term
    hits: list[tuple[int, float]]  # (paragraph id, score), best first


class _Terms:
    """Term ids: characters by a code-point table, two-character terms by their code pair,
    longer ones by their whole string among the terms of their length, looked up only where
    the text has a pair that starts one of them."""

    def __init__(self, terms: list[str]):
        self.char = np.full(0x110000, -1, np.int32)
        pairs: dict[int, list[int]] = {}
        for i, t in enumerate(terms):
            if len(t) == 1:
                self.char[ord(t)] = i
            else:
                pairs.setdefault(ord(t[0]) << 21 | ord(t[1]), []).append(i)
        codes = sorted(pairs)
        self.codes = np.array(codes, np.uint64)
        # pair index by a table: row of the first character × column of the second
        firsts = sorted({c >> 21 for c in codes})
        seconds = sorted({c & 0x1FFFFF for c in codes})
        self.row = np.full(0x110000, len(firsts), np.int32)  # the last row: no pair
        self.row[firsts] = np.arange(len(firsts))
        self.col = np.full(0x110000, len(seconds), np.int32)
        self.col[seconds] = np.arange(len(seconds))
        self.width = len(seconds) + 1
        self.pair = np.full((len(firsts) + 1) * self.width, -1, np.int32)
        for j, c in enumerate(codes):
            self.pair[self.row[c >> 21] * self.width + self.col[c & 0x1FFFFF]] = j
        self.pair_term = np.full(len(codes), -1, np.int32)  # the two-character term
        # Longer terms, per length: sorted by a hash of their code points (a window of the
        # text is looked up by its hash, then compared), and which pairs start one of them.
        self.longer: list[tuple] = []  # (length, multiplier, hashes, code points, ids, pairs)
        by_len: dict[int, list[tuple[int, int]]] = {}  # length -> (term id, pair index)
        for j, c in enumerate(codes):
            for i in pairs[c]:
                if len(terms[i]) == 2:
                    self.pair_term[j] = i
                else:
                    by_len.setdefault(len(terms[i]), []).append((i, j))
        for n, found in sorted(by_len.items()):
            ids = np.array([i for i, _ in found], np.int32)
            codes_n = np.array([[ord(x) for x in terms[i]] for i, _ in found], np.uint32)
            for mul in _MULS:  # one whose hashes tell the terms apart (the first, in practice)
                keys = _hash(codes_n.T, mul)
                if len(np.unique(keys)) == len(keys):
                    break
            else:
                raise ValueError("no hash tells these terms apart")
            order = np.argsort(keys, kind="stable")
            starts = np.zeros(len(codes), bool)
            starts[[j for _, j in found]] = True
            self.longer.append((n, mul, keys[order], codes_n[order], ids[order], starts))
        # (pair, third character) of the longer terms: a window is looked up only where the
        # text's first three characters start one of them
        thirds = sorted({ord(terms[i][2]) for found in by_len.values() for i, _ in found})
        self.third = np.full(0x110000, len(thirds), np.int32)
        self.third[thirds] = np.arange(len(thirds))
        self.wide = len(thirds) + 1
        self.triple = np.zeros(len(codes) * self.wide, bool)
        for found in by_len.values():
            for i, j in found:
                self.triple[j * self.wide + self.third[ord(terms[i][2])]] = True
        self.pad = max((len(t) for t in terms), default=2)

    def occurrences(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text index, term id) of every occurrence of a term in the texts, grouped by
        term and ordered by text within a term."""
        arr = np.frombuffer(("\0".join(texts) + "\0" * self.pad).encode("utf-32-le"),
                            np.uint32)
        lens = np.fromiter((len(t) + 1 for t in texts), np.int64, len(texts))
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), lens)
        n = len(owner)
        cid = self.char[arr[:n]]
        ps, ts = [owner[cid >= 0]], [cid[cid >= 0]]
        if len(self.codes) and n > 1:
            j = self.pair[self.row[arr[:n - 1]] * self.width + self.col[arr[1:n]]]
            at = np.flatnonzero(j >= 0)
            j = j[at]
            pt = self.pair_term[j]
            ps.append(owner[at[pt >= 0]])
            ts.append(pt[pt >= 0])
            three = self.triple[j * self.wide + self.third[arr[at + 2]]]
            at3, j3 = at[three], j[three]
            for width, mul, keys, codes_n, ids, starts in self.longer:  # where a pair starts one
                pos = at3[starts[j3]]
                if not len(pos):
                    continue
                win = [arr[pos + c] for c in range(width)]
                h = _hash(win, mul)
                k = np.minimum(np.searchsorted(keys, h), len(keys) - 1)
                hit = np.flatnonzero(keys[k] == h)
                k = k[hit]
                same = np.ones(len(hit), bool)
                for c in range(width):  # the same hash: the same characters? (exact)
                    same &= win[c][hit] == codes_n[k, c]
                hit, k = hit[same], k[same]
                ps.append(owner[pos[hit]])  # a text's "\0" end never matches a term
                ts.append(ids[k])
        p = np.concatenate(ps)
        t = np.concatenate(ts).astype(np.uint16)
        order = np.argsort(t, kind="stable")  # radix sort; stable keeps texts in order
        return p[order], t[order]


# odd 64-bit multipliers (the golden ratio's, then two more) for _hash
_MULS = [np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)]


def _hash(columns, mul: np.uint64) -> np.ndarray:
    """A 64-bit hash of rows of code points given column by column (wrapping arithmetic)."""
    h = np.zeros(len(columns[0]), np.uint64)
    for c in columns:
        h = h * mul + c.astype(np.uint64)
    return h


def _runs(p: np.ndarray, t: np.ndarray):
    """(text index, term id, occurrences) of each distinct pair, from occurrences()."""
    if not len(p):
        return p, t, p
    start = np.ones(len(p), bool)
    start[1:] = (p[1:] != p[:-1]) | (t[1:] != t[:-1])
    at = np.flatnonzero(start)
    tf = np.diff(np.append(at, len(p)))
    return p[at], t[at], tf


class _Boost:
    """Which paragraphs of a chunk lie under a section whose folded title contains the term
    (the heading boost: sec_fts matches exactly those titles). Built per chunk from the
    sections of the chunk's documents, as (term, first paragraph) keys sorted, with the
    furthest last paragraph reached so far (per term, as the keys sort by term first): the
    memory of one chunk's documents, whatever the size of the corpus."""

    def __init__(self, conn, terms: _Terms, docs: list[str], lo: int, hi: int):
        self.key = self.reach = np.zeros(0, np.int64)
        part = []
        for i in range(0, len(docs), 500):
            few = docs[i:i + 500]
            part += conn.execute(
                "SELECT first_para, last_para, title FROM sections WHERE doc_id IN "
                f"({','.join('?' * len(few))}) AND first_para IS NOT NULL "
                "AND first_para <= ? AND last_para >= ?", (*few, hi, lo)).fetchall()
        if not part:
            return
        s, t, _ = _runs(*terms.occurrences([fold(r[2] or "") for r in part]))
        if not len(s):
            return
        base = t.astype(np.int64) * _BIG
        key = base + np.array([r[0] for r in part], np.int64)[s]
        end = base + np.array([r[1] for r in part], np.int64)[s]
        order = np.argsort(key, kind="stable")
        self.key, self.reach = key[order], np.maximum.accumulate(end[order])

    def boosted(self, pid: np.ndarray, tid: np.ndarray) -> np.ndarray:
        if not len(self.key):
            return np.zeros(len(pid), bool)
        base = tid.astype(np.int64) * _BIG
        q = base + pid
        i = np.searchsorted(self.key, q, side="right") - 1
        j = np.maximum(i, 0)
        return (i >= 0) & (self.key[j] >= base) & (self.reach[j] >= q)


TF_CAP = 16  # the histogram's last tf column stands for this many occurrences or more
EVERY = 4  # chunks between two updates of the cuts


class _Cuts:
    """Per term, a lower bound of the key of its `top`-th best paragraph so far, from a
    histogram of the (tf, class) pairs seen: every pair has a fixed key (boost left out,
    tf capped, so each key is a lower bound), so once `top` pairs of a term reach a key, its
    `top`-th best is at least that. Exact: no estimate."""

    def __init__(self, n_terms: int, top: int, key_of):
        tf = np.repeat(np.arange(1, TF_CAP + 1), 32)
        cls = np.tile(np.arange(32), TF_CAP)
        keys = key_of(tf, cls)
        self.order = np.argsort(-keys, kind="stable")  # combos best first
        self.rank = np.empty(len(keys), np.int64)
        self.rank[self.order] = np.arange(len(keys))
        self.sorted_keys = keys[self.order]
        self.hist = np.zeros(n_terms * len(keys), np.int32)  # counts of paragraphs
        self.width = len(keys)
        self.top = top
        self.value = np.zeros(n_terms)
        self.seen: list[np.ndarray] = []

    def add(self, t: np.ndarray, tf: np.ndarray, cls: np.ndarray) -> None:
        """Count pairs whose key (boost left out) reaches the cut: those below cannot raise
        it."""
        combo = (np.minimum(tf, TF_CAP) - 1) * 32 + cls
        self.seen.append(t.astype(np.int64) * self.width + self.rank[combo])

    def update(self) -> np.ndarray:
        if self.seen:
            at, n = np.unique(np.concatenate(self.seen), return_counts=True)
            self.hist[at] += n.astype(np.int32)  # no temporary as long as the histogram
            self.seen = []
        cum = np.cumsum(self.hist.reshape(-1, self.width), axis=1, dtype=np.int32)
        reached = cum[:, -1] >= self.top
        at = np.argmax(cum >= self.top, axis=1)
        new = np.where(reached, self.sorted_keys[at] * (1 - EPS), 0.0)
        self.value = np.maximum(self.value, new)
        return self.value


def best(conn: sqlite3.Connection, terms: list[str], top: int) -> dict[str, Best]:
    """Each term's exact total and best `top` (id, score) as search(term) ranks them; terms
    are folded, distinct, at most 65,535. Reads the whole text: call within one snapshot."""
    model = rank.model(conn)
    if not terms or not model.avg or len(terms) > 0xFFFF:
        return {}
    index = _Terms(terms)
    w = model.weight
    k1, b = rank.K1, rank.B
    damp = k1 * (1 - b + b * -float(rank.COLUMNS) / model.avg_all)
    p2, p3 = 1 + k1 * (1 - b), k1 * b / model.avg
    lfac = np.array([1.0 / (p2 + p3 * float(2 * q * (q + 1) + 1)) for q in range(32)])

    def key_of(tf, cls):  # proportional to the score, boost left out
        a = tf * w
        return a * (k1 + 1.0) / (a + damp) * lfac[cls]

    n_terms = len(terms)
    total = np.zeros(n_terms, np.int64)
    cuts = _Cuts(n_terms, top, key_of)
    cut = cuts.value  # the `top`-th best key so far, less EPS
    pool: list[list[np.ndarray]] = []  # (code, id, key) as columns: _pack()
    held, room, step = 0, 1_000_000, 0
    hi = conn.execute("SELECT max(id) FROM paras").fetchone()[0]
    lo = conn.execute("SELECT min(id) FROM paras").fetchone()[0]
    while lo is not None and lo <= hi:
        rows = conn.execute("SELECT id, text, doc_id FROM paras WHERE id >= ? AND id < ? "
                            "ORDER BY id", (lo, lo + CHUNK)).fetchall()
        lo += CHUNK
        folded = [fold(r[1]) for r in rows]
        ids = np.array([r[0] for r in rows], np.int64)
        cls = np.array([length_class(len(f)) for f in folded], np.int64)
        s, t, tf = _runs(*index.occurrences(folded))
        if not len(s):
            continue
        total += np.bincount(t, minlength=n_terms)
        key = key_of(tf, cls[s])
        ok = key * 2 >= cut[t]
        s, t, tf, key = s[ok], t[ok], tf[ok], key[ok]
        above = key >= cut[t]
        cuts.add(t[above], tf[above], cls[s[above]])
        if not len(s):
            continue
        near = np.flatnonzero(np.bincount(s))  # paragraphs still in the running
        boost = _Boost(conn, index, list({rows[i][2] for i in near.tolist()}),
                       int(ids[near[0]]), int(ids[near[-1]]))
        up = boost.boosted(ids[s], t)
        key = np.where(up, key * 2, key)
        ok = key >= cut[t]
        pool.append([_pack(t[ok], tf[ok], cls[s[ok]], up[ok]), ids[s[ok]], key[ok]])
        held += int(ok.sum())
        step += 1
        if step % EVERY == 0:
            cut = cuts.update()
        if held > room:
            pool = [_reduce(pool, top, cut)]
            # grow with what must be kept: a cap under it would cut back at every chunk
            # (quadratic on a large corpus: 2 GB spent most of its index run here)
            room = max(room, 2 * len(pool[0][0]))
            held = len(pool[0][0])
    if not pool:
        return {}
    code, pid, _ = _reduce(pool, top, cut)
    t, tf, cls, up = _unpack(code)
    rows_n, tokens = model.rows, sum(rank.table_stats(conn)[1])
    idf = np.array([_idf(rows_n, n) for n in total.tolist()])
    s = _scores(idf[t], tf, cls, up, w, float(tokens) / float(rows_n), model.avg)
    order = np.lexsort((pid, s, t))
    t, pid, s = t[order], pid[order], s[order]
    bounds = np.searchsorted(t, np.arange(n_terms + 1))
    out: dict[str, Best] = {}
    for i, term in enumerate(terms):
        if total[i]:
            a, z = bounds[i], min(bounds[i + 1], bounds[i] + top)
            out[term] = Best(int(total[i]), list(zip(pid[a:z].tolist(), (-s[a:z]).tolist())))
    return out


def _idf(rows: int, n: int) -> float:
    """fts5_aux.c's idf, with the C library's log (numpy's vector log may round otherwise)."""
    v = math.log((rows - n + 0.5) / (n + 0.5)) if n else 0.0
    return v if v > 0.0 else 1e-6


def _scores(idf, tf, q, up, w: float, avgdl: float, avg: float) -> np.ndarray:
    """The negated scores engine.search gives: FTS5's bm25 (fts5_aux.c, the same operations
    on the same doubles, in the same order: elementwise numpy is IEEE arithmetic too) times
    rank.Model's length factor, doubled under a naming heading."""
    k1, b = 1.2, 0.75
    freq = np.zeros(int(tf.max(initial=0)) + 1)
    for i in range(1, len(freq)):  # the frequency is summed one instance at a time
        freq[i] = freq[i - 1] + w
    f = freq[tf]
    d = -float(rank.COLUMNS)  # xColumnSize with columnsize=0: -1 per column
    score = 0.0 + idf * ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * d / avgdl)))
    length = (rank.K1 * rank.B / avg) * (2 * q * (q + 1) + 1).astype(np.float64)
    s = -1.0 * score * (1 + rank.K1) / ((1 + rank.K1 * (1 - rank.B)) + length)
    return np.where(up.astype(bool), s * 2.0, s)


# A pool row's term, tf, length class and boost in one integer, ordered as the term first:
# rows of equal code have equal scores. tf is below 2**21 (a stored paragraph has at most
# 10,000 characters: index.text.structure.MAX_PARA_CHARS, folded to a few times that).
_T, _TF, _CLS = 27, 6, 1


def _pack(t, tf, cls, up) -> np.ndarray:
    return (t.astype(np.int64) << _T | tf.astype(np.int64) << _TF
            | cls.astype(np.int64) << _CLS | up.astype(np.int64))


def _unpack(code: np.ndarray):
    """(term, tf, class, boosted) of packed rows."""
    return (code >> _T, code >> _TF & (1 << (_T - _TF)) - 1, code >> _CLS & 31, code & 1)


def _reduce(pool: list, top: int, cut: np.ndarray) -> list[np.ndarray]:
    """Keep, per term, the rows that can still be among its best `top`: at most `top` per
    (tf, class, boost) — the same score, so the lowest ids — and then those whose key reaches
    the `top`-th key less EPS; raise the term's cut to it."""
    code, pid, key = (np.concatenate([c[i] for c in pool]) for i in range(3))
    live = key >= cut[code >> _T]  # the cuts rose since these rows came in
    code, pid, key = code[live], pid[live], key[live]
    order = np.lexsort((pid, code))
    code, pid, key = code[order], pid[order], key[order]
    first = np.ones(len(code), bool)
    first[1:] = code[1:] != code[:-1]
    keep = _rank_in_groups(first) < top
    code, pid, key = code[keep], pid[keep], key[keep]
    t = code >> _T
    order = np.lexsort((pid, -key, t))
    code, pid, key, t = code[order], pid[order], key[order], t[order]
    first = np.ones(len(t), bool)
    first[1:] = t[1:] != t[:-1]
    r = _rank_in_groups(first)
    at = np.flatnonzero(r == top - 1)
    cut[t[at]] = np.maximum(cut[t[at]], key[at] * (1 - EPS))
    keep = key >= cut[t]
    return [code[keep], pid[keep], key[keep]]


def _rank_in_groups(first: np.ndarray) -> np.ndarray:
    """0, 1, 2 … within each run that starts where `first` is true."""
    idx = np.arange(len(first))
    starts = np.maximum.accumulate(np.where(first, idx, 0))
    return idx - starts
