"""The reuse pipeline: signatures for new paragraphs, LSH candidates, alignment, storage.

update() brings the stored results up to date with the documents indexed now:
  1. a document indexed since the last run (new paragraph ids or size) or removed is stale:
     its signatures and pairs are deleted;
  2. only the paragraphs of documents not done yet get a signature (shingle.py), a long
     paragraph one per window (shingle.windows);
  3. their LSH band keys are looked up among the band keys of every stored signature (one
     sort of all keys: near-linear), giving candidate pairs new-old and new-new; a bucket
     holding more than BUCKET_CAP paragraphs (text repeated everywhere) links each paragraph
     to its BUCKET_CAP nearest neighbours in the bucket only, so the cost stays linear and
     the family stays connected;
  4. candidates whose signatures agree on less than MIN_ESTIMATE of their values are
     dropped, at most PER_PARA best candidates per new paragraph are aligned (align.py;
     in `jobs` processes when there are many), and pairs with shared characters and
     similarity above the storage floor are stored.
Nothing already done is looked at again: adding a document costs its own paragraphs.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field

import numpy as np

from index.reuse import store
from index.reuse.align import Folded, align_folded
from index.reuse.shingle import MIN_CHARS, band_keys, signatures, windows

BUCKET_CAP = 24
MIN_ESTIMATE = 0.2
PER_PARA = 16
STORE_SIMILARITY = 0.3
STORE_SHARED = 16
BATCH_PARAS = 50_000


@dataclass
class UpdateReport:
    docs_done: list[str] = field(default_factory=list)
    docs_dropped: list[str] = field(default_factory=list)
    paragraphs: int = 0
    candidates: int = 0
    aligned: int = 0
    pairs: int = 0
    seconds: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.docs_done or self.docs_dropped)


def update(conn: sqlite3.Connection, progress=None, jobs: int = 1) -> UpdateReport:
    """Compute reuse for every document not done yet (see module doc); conn must be writable.
    progress(done, total) is called with paragraph counts; jobs > 1 aligns large candidate
    sets in that many processes."""
    from index.store.connection import write_transaction

    report = UpdateReport()
    t0 = time.perf_counter()
    with write_transaction(conn, documents=False):  # derived data: caches stay valid
        store.ensure(conn)
        now, done = store.current_docs(conn), store.done_docs(conn)
        for doc_id, state in done.items():
            if now.get(doc_id) != state:
                store.forget_doc(conn, doc_id, state[0], state[1])
                report.docs_dropped.append(doc_id)
        done = store.done_docs(conn)
        todo = sorted((d for d in now if d not in done and now[d][0] is not None),
                      key=lambda d: now[d][0])
        for doc_id in todo:  # what a run killed half-way left of them
            store.forget_doc(conn, doc_id, now[doc_id][0], now[doc_id][1])
    paras: list[tuple[int, str]] = []
    for doc_id in todo:
        first, last, _ = now[doc_id]
        if first is not None and last is not None:
            paras += store.paragraphs(conn, first, last)
    doc_of = _doc_ranges(now)
    total = len(paras)
    waiting = list(todo)
    for start in range(0, max(total, 1), BATCH_PARAS):
        batch = paras[start:start + BATCH_PARAS]
        upto = batch[-1][0] if batch else None
        with write_transaction(conn, documents=False):  # derived data: caches stay valid
            _process(conn, batch, doc_of, report, jobs)
            # a document is done once its last paragraph is: a run killed later resumes
            # from the first document not done
            while waiting and (upto is None or now[waiting[0]][1] <= upto):
                store.remember_doc(conn, waiting[0], now[waiting.pop(0)])
        if progress:
            progress(min(start + BATCH_PARAS, total), total)
    report.docs_done = todo
    report.seconds["total"] = round(time.perf_counter() - t0, 3)
    return report


def pending(conn: sqlite3.Connection) -> int:
    """Paragraphs of documents not processed yet (all of them before the first run)."""
    now = store.current_docs(conn)
    done = store.done_docs(conn) if store.exists(conn) else {}
    return sum((v[1] - v[0] + 1) for d, v in now.items()
               if done.get(d) != v and v[0] is not None and v[1] is not None)


def _doc_ranges(now: dict) -> tuple[np.ndarray, list[str]]:
    ranges = sorted((v[0], k) for k, v in now.items() if v[0] is not None)
    return np.array([r[0] for r in ranges], dtype=np.int64), [r[1] for r in ranges]


def _doc_index(doc_of, ids: np.ndarray) -> np.ndarray:
    firsts, _ = doc_of
    return np.searchsorted(firsts, ids, side="right") - 1


def _process(conn, batch: list[tuple[int, str]], doc_of, report: UpdateReport,
             jobs: int = 1) -> None:
    t = time.perf_counter()
    prepared = {pid: Folded(text) for pid, text in batch}
    new = [(pid, f.folded) for pid, f in prepared.items() if len(f.folded) >= MIN_CHARS]
    report.paragraphs += len(new)
    if not new:
        return
    entries = [(pid, part, w) for pid, f in new for part, w in enumerate(windows(f))]
    new_ids = np.array([e[0] for e in entries], dtype=np.int64)
    new_sigs = signatures([e[2] for e in entries])
    old_ids, old_sigs = store.load_sigs(conn)
    store.save_sigs(conn, new_ids.tolist(), [e[1] for e in entries], new_sigs)
    report.seconds["signatures"] = report.seconds.get("signatures", 0) + time.perf_counter() - t
    t = time.perf_counter()
    ids = np.concatenate([old_ids, new_ids])
    sigs = np.concatenate([old_sigs, new_sigs])
    cand = candidates(ids, sigs, len(old_ids), doc_of)
    report.candidates += len(cand)
    report.seconds["candidates"] = report.seconds.get("candidates", 0) + time.perf_counter() - t
    t = time.perf_counter()
    pairs = [(int(a), int(b), round(float(est), 4)) for a, b, est in cand]
    need = sorted({x for a, b, _ in pairs for x in (a, b)} - prepared.keys())
    prepared.update((pid, Folded(text)) for pid, text in store.texts(conn, need).items())
    report.aligned += len(pairs)
    rows = _align_all(pairs, prepared, jobs)
    store.save_pairs(conn, rows)
    report.pairs += len(rows)
    report.seconds["align"] = report.seconds.get("align", 0) + time.perf_counter() - t


PARALLEL_MIN = 20_000  # candidates from which aligning in several processes pays
_SHARED: dict = {}  # in forked workers: the prepared paragraphs


def _align_all(pairs, prepared: dict, jobs: int) -> list[tuple]:
    if jobs <= 1 or len(pairs) < PARALLEL_MIN:
        return _align_chunk(pairs, prepared)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        ctx = multiprocessing.get_context("fork")  # workers inherit `prepared`, no copy
    except ValueError:
        return _align_chunk(pairs, prepared)
    _SHARED["prepared"] = prepared
    try:
        size = max(2000, len(pairs) // (jobs * 8))
        chunks = [pairs[i:i + size] for i in range(0, len(pairs), size)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            return [row for rows in pool.map(_align_shared, chunks) for row in rows]
    finally:
        _SHARED.clear()


def _align_shared(pairs) -> list[tuple]:
    return _align_chunk(pairs, _SHARED["prepared"])


def _align_chunk(pairs, prepared: dict) -> list[tuple]:
    rows = []
    for a, b, est in pairs:
        al = align_folded(prepared[a], prepared[b])
        if al.similarity >= STORE_SIMILARITY and al.shared_chars >= STORE_SHARED:
            rows.append((a, b, al.similarity, al.shared_chars, est, al.spans))
    return rows


def candidates(ids: np.ndarray, sigs: np.ndarray, n_old: int, doc_of) -> np.ndarray:
    """Candidate pairs as rows (a, b, estimate) of paragraph ids (a < b), each touching a new
    paragraph, from different documents. ids[i] is the paragraph of signature i (a long
    paragraph has one per window); signatures from n_old on are new. A pair of paragraphs
    takes the best estimate over their windows."""
    n = len(ids)
    keys = band_keys(sigs)  # n x BANDS
    flat = keys.ravel()
    who = np.repeat(np.arange(n, dtype=np.int64), keys.shape[1])
    if n_old:  # an incremental update: only buckets holding a new paragraph matter
        keep = np.isin(flat, flat[n_old * keys.shape[1]:])
        flat, who = flat[keep], who[keep]
    order = np.lexsort((who, flat))
    flat, who = flat[order], who[order]
    found = []
    for d in range(1, BUCKET_CAP + 1):
        same = flat[d:] == flat[:-d]
        if not same.any():
            break
        i, j = who[:-d][same], who[d:][same]
        keep = (i >= n_old) | (j >= n_old)
        found.append(np.stack([np.minimum(i, j)[keep], np.maximum(i, j)[keep]], axis=1))
    if not found:
        return np.zeros((0, 3))
    pairs = np.unique(np.concatenate(found), axis=0)
    docs = _doc_index(doc_of, ids)
    pairs = pairs[docs[pairs[:, 0]] != docs[pairs[:, 1]]]
    est = np.concatenate([(sigs[pairs[k:k + 200_000, 0]] == sigs[pairs[k:k + 200_000, 1]])
                          .mean(axis=1) for k in range(0, len(pairs), 200_000)]
                         ) if len(pairs) else np.zeros(0)
    ok = est >= MIN_ESTIMATE
    pairs, est = pairs[ok], est[ok]
    # as paragraph pairs, best estimate first, each pair once
    order = np.argsort(-est, kind="stable")
    pairs, est = pairs[order], est[order]
    pa, pb = ids[pairs[:, 0]], ids[pairs[:, 1]]
    newer = np.where(pairs[:, 1] >= n_old, pb, pa)
    lo, hi = np.minimum(pa, pb), np.maximum(pa, pb)
    _, first = np.unique(lo * (1 << 32) + hi, return_index=True)
    first.sort()
    lo, hi, est, newer = lo[first], hi[first], est[first], newer[first]
    # at most PER_PARA candidates per new paragraph
    ok = _rank_within(newer) < PER_PARA
    return np.column_stack([lo[ok], hi[ok], est[ok]])


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """For each element, how many earlier elements have the same group value."""
    order = np.argsort(groups, kind="stable")
    g = groups[order]
    starts = np.r_[0, np.flatnonzero(g[1:] != g[:-1]) + 1]
    run = np.arange(len(g)) - np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    rank = np.empty(len(g), dtype=np.int64)
    rank[order] = run
    return rank
