"""The unit tables and every SQL statement of the analysis package.

Tables (created here, in the corpus database, on first use):
  seg_paras  para_id, doc_id, crc (of the text), raw (jieba's words, space-joined) and
             units (after the corpus dictionary): the segmentation cache. A paragraph goes
             through jieba once; a changed text (crc) or a new paragraph is segmented again.
  unit_dict  the corpus dictionary: compounds (space-joined jieba words) and their source
  unit_stat  per unit: count, documents, zones, DP over documents, DP_norm over zones
  unit_zone  per zone and unit: count, documents, paragraphs
  unit_meta  the generation the tables were built at, sizes of zones and documents

Freshness: the tables record the database's generation (meta.generation, counted up by every
indexing write). ensure() rebuilds lazily when it differs: only new or changed paragraphs go
through jieba (the slow part, ~0.3 MB/s); the dictionary, the merge and the counts are
recomputed from the cached words (pure Python, about a tenth of the jieba time).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from collections import Counter, defaultdict
from pathlib import Path

from index.analysis.stats import dp
from index.analysis.units import Discovery, Units, raw_tokens, words_of
from index.store import schema
from index.store.connection import StoreError, connect, meta_value, write_transaction
from index.store.library import total_chars

VERSION = "4"  # bump when segmentation or the tables change
BATCH = 2000
DISCOVERY_CHARS = 3_000_000  # the corpus dictionary is found in at most this much text
_build_lock = threading.Lock()

def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _stamp(conn) -> str:
    return f"{VERSION}:{meta_value(conn, 'generation') or '0'}"


def is_current(conn: sqlite3.Connection) -> bool:
    if "unit_meta" not in _tables(conn):
        return False
    row = conn.execute("SELECT value FROM unit_meta WHERE key = 'stamp'").fetchone()
    return bool(row) and row[0] == _stamp(conn)


def ensure(path: str | Path, progress=None) -> bool:
    """Make the unit tables current for the database at path; True if they were rebuilt.
    progress(done, total, what) is called now and then."""
    with _ro(path) as conn:
        if is_current(conn):
            return False
    with _build_lock:
        try:
            w = connect(path, write=True)
        except StoreError as exc:
            raise StoreError(f"word statistics need to write their tables: {exc}") from None
        try:
            if is_current(w):
                return False
            _drop_other_version(w)
            schema.create(w, schema.UNITS)
            _segment_new(w, progress)
            _rebuild(w, progress)
        finally:
            w.close()
    return True


def ensure_if_small(path: str | Path, most_chars: int, progress=None) -> bool:
    """ensure() when the corpus holds at most most_chars characters; True when the unit
    tables are current afterwards. Building them segments the whole corpus (minutes at
    50 MB), which a comparison must not start on a large corpus: there the tables come
    from `keywords` or `words`, and a comparison segments its own passages meanwhile."""
    with _ro(path) as conn:
        if is_current(conn):
            return True
        chars = total_chars(conn)
    if chars > most_chars:
        return False
    ensure(path, progress)
    return True


def _drop_other_version(w) -> None:
    """Tables made by another VERSION of this module are dropped (the cache too)."""
    if "unit_meta" not in _tables(w):
        return
    row = w.execute("SELECT value FROM unit_meta WHERE key = 'stamp'").fetchone()
    if not row or row[0].split(":")[0] == VERSION:
        return
    # seg_paras (jieba's words, the slow part) stays: only the derived tables change
    for t in ("unit_dict", "unit_stat", "unit_zone", "unit_meta"):
        w.execute(f"DROP TABLE IF EXISTS {t}")


def write_best_effort(path: str | Path, write) -> bool:
    """write(conn) on a write connection to the database at path that waits at most 200 ms
    for the lock, for data kept to spare the next process work (segcache.py, verdicts.py).
    Best effort: a read-only, busy, full or damaged database is left as it is; False then,
    else what write returns (True for None)."""
    try:
        w = connect(path, write=True)
    except StoreError:
        return False
    try:
        w.execute("PRAGMA busy_timeout = 200")  # an indexer holds the lock: next time
        return write(w) is not False
    except sqlite3.Error:
        if w.in_transaction:
            w.rollback()
        return False
    finally:
        w.close()


class _ro:
    def __init__(self, path):
        self.conn = connect(path)

    def __enter__(self):
        return self.conn

    def __exit__(self, *exc):
        self.conn.close()


def _zones_of_docs(conn) -> dict[str, str]:
    return {d: (z or s or "(no zone)") for d, z, s in
            conn.execute("SELECT doc_id, zone, short FROM docs")}


def _segment_new(w: sqlite3.Connection, progress) -> None:
    """jieba for every paragraph not yet cached (or changed), written in batches."""
    rows = w.execute("SELECT p.id, p.doc_id, p.text, s.crc FROM paras p LEFT JOIN seg_paras s "
                     "ON s.para_id = p.id WHERE p.kind != 'caption' ORDER BY p.id").fetchall()
    todo = [(pid, doc, text) for pid, doc, text, crc in rows
            if crc is None or crc != zlib.crc32(text.encode("utf-8"))]
    total = sum(len(t) for _, _, t in todo)
    done, batch = 0, []
    for pid, doc, text in todo:
        batch.append((pid, doc, zlib.crc32(text.encode("utf-8")), " ".join(raw_tokens(text))))
        done += len(text)
        if len(batch) >= BATCH:
            write_raw(w, batch)
            batch = []
            if progress:
                progress(done, total, "segmenting")
    write_raw(w, batch)


def write_raw(w, batch) -> None:
    if not batch:
        return
    with write_transaction(w, documents=False):  # derived rows: caches stay valid
        w.executemany("INSERT OR REPLACE INTO seg_paras (para_id, doc_id, crc, raw, units) "
                      "VALUES (?, ?, ?, ?, NULL)", batch)


def _rebuild(w: sqlite3.Connection, progress) -> None:
    """Dictionary, merge and counts from the cached words, in one transaction."""
    with write_transaction(w, documents=False):  # derived rows: caches stay valid
        stamp = _stamp(w)
        w.execute("DELETE FROM seg_paras WHERE para_id NOT IN "
                  "(SELECT id FROM paras WHERE kind != 'caption')")
        zone_of = _zones_of_docs(w)
        rows = w.execute("SELECT s.para_id, s.doc_id, s.raw, p.text, s.units FROM seg_paras s "
                         "JOIN paras p ON p.id = s.para_id ORDER BY s.para_id").fetchall()
        disc = Discovery()
        sample = discovery_sample(rows)
        for _, doc, raw, text, _ in sample:
            disc.add(doc, raw or "", text)
        disc.candidates()
        for _, _, raw, _, _ in sample:
            disc.add_contexts(raw or "")
        compounds = disc.compounds()
        units = Units(compounds)
        w.execute("DELETE FROM unit_dict")
        w.executemany("INSERT OR IGNORE INTO unit_dict (compound, source) VALUES (?, ?)",
                      [(" ".join(c), "corpus") for c in compounds])
        if progress:
            progress(1, 1, "counting")
        _count(w, rows, units, zone_of)
        w.execute("INSERT OR REPLACE INTO unit_meta (key, value) VALUES ('stamp', ?)", (stamp,))


def discovery_sample(rows: list) -> list:
    """Every paragraph, or for a corpus over DISCOVERY_CHARS an even sample of them (every
    k-th), from which the dictionary is found: bounded time and memory at any size."""
    total = sum(len(r[3]) for r in rows)
    if total <= DISCOVERY_CHARS:
        return rows
    step = -(-total // DISCOVERY_CHARS)
    return rows[::step]


def _count(w, rows, units: Units, zone_of: dict[str, str]) -> None:
    doc_counts: dict[str, Counter] = defaultdict(Counter)
    zone_docs: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    zone_paras: dict[str, Counter] = defaultdict(Counter)
    updates = []
    for pid, doc, raw, _, old in rows:
        us = units.merge(raw.split(" ") if raw else [])
        joined = " ".join(us)
        if joined != old:
            updates.append((joined, pid))
        words = words_of(us)
        doc_counts[doc].update(words)
        zone_paras[zone_of.get(doc, "(no zone)")].update(set(words))
    w.executemany("UPDATE seg_paras SET units = ? WHERE para_id = ?", updates)
    doc_sizes = {d: sum(c.values()) for d, c in doc_counts.items()}
    zone_counts: dict[str, Counter] = defaultdict(Counter)
    per_unit_docs: dict[str, dict[str, int]] = defaultdict(dict)
    for d, c in doc_counts.items():
        z = zone_of.get(d, "(no zone)")
        zone_counts[z].update(c)
        for u, n in c.items():
            per_unit_docs[u][d] = n
            zone_docs[z][u] += 1
    zone_sizes = {z: sum(c.values()) for z, c in zone_counts.items()}
    total = sum(zone_sizes.values())
    w.execute("DELETE FROM unit_stat")
    w.execute("DELETE FROM unit_zone")
    stat = []
    for u, by_doc in per_unit_docs.items():
        by_zone: Counter[str] = Counter()
        for d, n in by_doc.items():
            by_zone[zone_of.get(d, "(no zone)")] += n
        stat.append((u, sum(by_doc.values()), len(by_doc), len(by_zone),
                     dp(by_doc, doc_sizes, total),
                     dp(by_zone, zone_sizes, total, normalise=True)))
    w.executemany("INSERT INTO unit_stat VALUES (?, ?, ?, ?, ?, ?)", stat)
    w.executemany("INSERT INTO unit_zone VALUES (?, ?, ?, ?, ?)",
                  ((z, u, n, zone_docs[z][u], zone_paras[z][u])
                   for z, c in zone_counts.items() for u, n in c.items()))
    zdocs = Counter(zone_of.get(d, "(no zone)") for d in doc_counts)
    for key, value in (("zone_sizes", zone_sizes), ("doc_sizes", doc_sizes),
                       ("zone_docs", dict(zdocs)), ("tokens", total)):
        w.execute("INSERT OR REPLACE INTO unit_meta (key, value) VALUES (?, ?)",
                  (key, json.dumps(value, ensure_ascii=False)))


# ------------------------------------------------------------------ reads


def meta(conn, key: str, default=None):
    row = conn.execute("SELECT value FROM unit_meta WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def has_units(conn) -> bool:
    """True when paragraphs' units are cached (possibly for an older generation)."""
    return "seg_paras" in _tables(conn)


def corpus_units(conn) -> Units:
    """The corpus dictionary as a merger (empty if the tables are not built)."""
    if "unit_dict" not in _tables(conn):
        return Units()
    return Units(tuple(c.split(" ")) for (c,) in conn.execute("SELECT compound FROM unit_dict"))


def stats(conn) -> dict[str, tuple]:
    """unit -> (count, docs, zones, dp, dp_zones)."""
    return {r[0]: r[1:] for r in conn.execute(
        "SELECT unit, n, docs, zones, dp, dp_zones FROM unit_stat")}


def counts_of(conn, units: list[str], zone: str | None = None) -> dict[str, tuple]:
    """unit -> (count, dp_zones) in the corpus, or (count, docs) in one zone, for just these
    units (an indexed look-up each, not a scan)."""
    out: dict[str, tuple] = {}
    units = list(units)
    for i in range(0, len(units), 900):
        part = units[i:i + 900]
        marks = ",".join("?" * len(part))
        if zone is None:
            rows = conn.execute(f"SELECT unit, n, dp_zones FROM unit_stat WHERE unit IN ({marks})",
                                part)
        else:
            rows = conn.execute(f"SELECT unit, n, docs FROM unit_zone WHERE zone = ? AND unit "
                                f"IN ({marks})", [zone, *part])
        out.update((r[0], r[1:]) for r in rows)
    return out


def zone_counts(conn, zones: list[str]) -> dict[str, list[int]]:
    """unit -> [count, docs, paras] summed over the zones."""
    out: dict[str, list[int]] = {}
    for z in zones:
        for u, n, d, p in conn.execute("SELECT unit, n, docs, paras FROM unit_zone "
                                       "WHERE zone = ?", (z,)):
            v = out.get(u)
            if v is None:
                out[u] = [n, d, p]
            else:
                v[0] += n
                v[1] += d
                v[2] += p
    return out


def units_of_paras(conn, ids: list[int]) -> dict[int, list[str]]:
    out = {}
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        for pid, units in conn.execute("SELECT para_id, units FROM seg_paras WHERE para_id IN "
                                       f"({','.join('?' * len(part))})", part):
            out[pid] = units.split(" ") if units else []
    return out


def units_with(conn, term: str) -> list[tuple[int, str, list[str]]]:
    """(para_id, doc_id, units) of the paragraphs whose folded text contains term (the
    full-text index's recall, as search), without reading their texts."""
    from index.search.query import phrase
    from index.store.rowid import SHIFT

    match = phrase(term)
    if match is None:
        return []
    ids = [r[0] for r in conn.execute(f"SELECT rowid >> {SHIFT} FROM para_fts WHERE para_fts "
                                      "MATCH ? ORDER BY rowid", (match,))]
    out = []
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        out += [(pid, doc, units.split(" ") if units else []) for pid, doc, units in
                conn.execute("SELECT para_id, doc_id, units FROM seg_paras WHERE para_id IN "
                             f"({','.join('?' * len(part))}) ORDER BY para_id", part)]
    return out


def units_of_docs(conn, doc_ids: list[str]):
    """(doc_id, units) of every cached paragraph of the documents."""
    for d in doc_ids:
        for (units,) in conn.execute("SELECT units FROM seg_paras WHERE doc_id = ?", (d,)):
            yield d, units.split(" ") if units else []


def paras_with(conn, term: str, cap: int | None = None) -> list[tuple[int, str, str]]:
    """(para_id, doc_id, text) of the paragraphs whose folded text contains term (the
    full-text index's exact recall, as search), at most cap."""
    from index.search.query import phrase
    from index.store.rowid import SHIFT

    match = phrase(term)
    if match is None:
        return []
    limit = f" LIMIT {int(cap)}" if cap is not None else ""
    ids = [r[0] for r in conn.execute(f"SELECT rowid >> {SHIFT} FROM para_fts WHERE para_fts "
                                      f"MATCH ? ORDER BY rowid{limit}", (match,))]
    out = []
    for i in range(0, len(ids), 900):
        part = ids[i:i + 900]
        out += conn.execute("SELECT id, doc_id, text FROM paras WHERE kind != 'caption' AND "
                            f"id IN ({','.join('?' * len(part))}) ORDER BY id", part).fetchall()
    return out


def zone_names(conn) -> dict[str, str]:  # noqa: D401
    """doc_id -> zone (zone, else short name, else "(no zone)")."""
    return _zones_of_docs(conn)

