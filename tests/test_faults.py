"""Faults: indexing killed at random moments, concurrent readers, locked and damaged databases."""

from __future__ import annotations

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import PROVINCES, ROOT, SAMPLES

from index.search.engine import search
from index.store.connection import StoreError, connect, integrity_errors

QUERIES = ["营商环境", "产城融合", "税", "AI", "招商 OR 引资", "高质量发展 -疫情"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A few MB of real text: the samples, and the provincial reports as four datasets."""
    csv.field_size_limit(10**9)
    folder = tmp_path_factory.mktemp("faults") / "corpus"
    (folder / "zones").mkdir(parents=True)
    for p in SAMPLES.iterdir():
        (folder / "zones" / p.name).write_bytes(p.read_bytes())
    rows = []
    for f in sorted(PROVINCES.glob("*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    for k in range(4):
        with open(folder / f"reports-{k}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            for r in rows:
                w.writerow({**r, "full_text": r["full_text"].replace("。", f"。{k}", 3)})
    return folder


def _index(db, folder):
    return subprocess.Popen([sys.executable, "main.py", "--db", str(db), "index", str(folder)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _state(db):
    conn = connect(db)
    docs = sorted(conn.execute("SELECT doc_id, zone, title, paragraphs FROM docs"))
    paras = sorted(conn.execute("SELECT doc_id, seq, kind, text FROM paras"))
    results = {q: [(h.doc_id, h.para) for h in search(conn, q, limit=0).hits] for q in QUERIES}
    return docs, paras, results


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_a_usable_index_that_a_rerun_completes(
        corpus, tmp_path):
    clean = tmp_path / "clean.db"
    started = time.perf_counter()
    assert _index(clean, corpus).wait() == 0
    duration = time.perf_counter() - started
    expected = _state(clean)

    db = tmp_path / "killed.db"
    rng = random.Random(20261122)
    for trial in range(10):
        proc = _index(db, corpus)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        try:
            conn = sqlite3.connect(db)
        except sqlite3.DatabaseError:
            continue
        if conn.execute("SELECT count(*) FROM sqlite_master WHERE name='meta'").fetchone()[0]:
            assert integrity_errors(conn) == [], trial
            search(connect(db), "营商环境")  # usable between runs
        conn.close()
    assert _index(db, corpus).wait() == 0
    assert integrity_errors(sqlite3.connect(db)) == []
    got = _state(db)
    assert got[0] == expected[0]
    assert got[1] == expected[1]
    assert got[2] == expected[2]


def test_searches_during_indexing_see_whole_documents(corpus, tmp_path):
    db = tmp_path / "live.db"
    assert _index(db, SAMPLES).wait() == 0
    proc = _index(db, corpus)
    seen = 0
    while proc.poll() is None:
        conn = connect(db)
        for _doc_id, _n in conn.execute("SELECT doc_id, paragraphs FROM docs").fetchall():
            pass
        # within one snapshot, every document has all its paragraphs
        from index.store.connection import snapshot
        with snapshot(conn):
            counts = dict(conn.execute("SELECT doc_id, paragraphs FROM docs").fetchall())
            real = dict(conn.execute("SELECT doc_id, count(*) FROM paras GROUP BY doc_id"))
        assert counts == real
        for h in search(conn, "营商环境", limit=0).hits:
            assert "营商环境" in h.text
        seen += 1
        conn.close()
    assert proc.returncode == 0 and seen > 0


def test_locked_database_gives_a_clear_message_after_a_bounded_wait(samples_db, tmp_path,
                                                                     monkeypatch):
    import index.store.connection as store

    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 300)
    db = tmp_path / "locked.db"
    db.write_bytes(samples_db.read_bytes())
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    from index.store.ingest import index_paths

    started = time.perf_counter()
    with pytest.raises(StoreError, match="locked"):
        index_paths(db, [SAMPLES])
    assert time.perf_counter() - started < 5
    holder.execute("ROLLBACK")


def test_garbage_and_truncated_databases_name_the_file_and_how_to_rebuild(samples_db,
                                                                         tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(50_000))
    with pytest.raises(StoreError, match="garbage.db.*rebuild"):
        search(connect(garbage), "税")
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(samples_db.read_bytes()[:30_000])
    with pytest.raises(StoreError, match="truncated.db"):
        search(connect(truncated), "产城融合", limit=0)


def test_read_only_database_searches_but_cannot_index(samples_db, tmp_path):
    db = tmp_path / "ro.db"
    db.write_bytes(samples_db.read_bytes())
    os.chmod(db, 0o444)
    os.chmod(tmp_path, 0o555)
    try:
        assert search(connect(db), "产城融合").hits
        from index.store.ingest import index_paths

        if os.geteuid() != 0:  # root ignores file permissions
            with pytest.raises(StoreError, match="read-only|cannot"):
                index_paths(db, [tmp_path / "nothing.txt"])
    finally:
        os.chmod(tmp_path, 0o755)
