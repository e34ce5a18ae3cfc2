"""Distinctive words on a corpus too large for a comparison to build the unit tables: the
passages' jieba words are kept (index/analysis/segcache.py), so that the same comparison
again reads them, with the same result, and a read-only database is left alone."""

from __future__ import annotations

import pytest
from conftest import copy_db

from index.analysis import segcache
from index.compare.distinctive import add_distinctive
from index.compare.engine import compare
from index.store.connection import connect


def _words(comp):
    return {z.zone: [(s.term, s.count, round(s.ll, 6)) for s in z.distinctive]
            for z in comp.zones}


def test_passages_words_are_kept_for_the_next_comparison(provinces_db, tmp_path):
    db = tmp_path / "big.db"
    copy_db(provinces_db, db)
    conn = connect(db)
    first = add_distinctive(compare(conn, "营商环境", distinctive=False), units_up_to=0)
    ids = [p.para_id for z in first.zones for p in z.passages]
    assert len(ids) > 50 and any(z.distinctive for z in first.zones)
    cached = segcache.raw_of_paras(connect(db), ids)
    assert set(cached) == set(ids)
    texts = {p.para_id: p.text for z in first.zones for p in z.passages}
    assert all("".join(w) == "".join(texts[i].split()) for i, w in cached.items())
    again = add_distinctive(compare(conn, "营商环境", distinctive=False), units_up_to=0)
    assert _words(again) == _words(first)
    # the cache changes nothing the database's readers key on
    from index.store.connection import generation
    assert generation(connect(db)) == generation(conn)


@pytest.mark.slow
def test_a_busy_database_is_compared_and_left_alone(provinces_db, tmp_path):
    """An indexer holds the write lock: the words are computed all the same, nothing is
    kept, and the comparison does not wait for the lock."""
    import time

    db = tmp_path / "busy.db"
    copy_db(provinces_db, db)
    # what the shared fixture database already holds (an earlier test of this process may
    # have cached words in it): nothing may be added to it while the lock is held
    cached_before = segcache.raw_of_paras(connect(db), list(range(1, 200_000)))
    writer = connect(db, write=True)
    writer.execute("BEGIN IMMEDIATE")
    try:
        comp = compare(connect(db), "营商环境", distinctive=False)
        ids = [p.para_id for z in comp.zones for p in z.passages]
        started = time.monotonic()
        add_distinctive(comp, units_up_to=0)
        assert comp.distinctive_done and any(z.distinctive for z in comp.zones)
        rows = [(p.para_id, p.doc_id, p.text, ["x"]) for z in comp.zones for p in z.passages]
        assert segcache.save_raw(db, rows[:3]) is False
        assert time.monotonic() - started < 120
    finally:
        writer.rollback()
        writer.close()
    after = segcache.raw_of_paras(connect(db), ids)
    assert after == {i: w for i, w in cached_before.items() if i in set(ids)}


def test_boundary_verdicts_are_kept_for_the_next_process(provinces_db, tmp_path, monkeypatch):
    """The corpus boundary test's verdicts (index/analysis/verdicts.py) are written once,
    read back by a process that has none in memory, with the same words, and dropped when
    the corpus changes."""
    from index.analysis import common, store, verdicts
    from index.store.cache import PerGeneration
    from index.store.connection import generation, write_transaction

    db = tmp_path / "verdicts.db"
    copy_db(provinces_db, db)
    monkeypatch.setattr(common, "_VERDICTS", PerGeneration(keep=8))  # nothing in memory
    monkeypatch.setattr(common, "_UNSAVED", {})
    conn = connect(db)
    first = add_distinctive(compare(conn, "营商环境", distinctive=False), units_up_to=0)
    kept = verdicts.load(connect(db), generation(conn))
    assert len(kept) > 10 and any(kept.values()) and not all(kept.values())
    assert not common._UNSAVED  # all written
    # a new process: nothing in memory, and the full-text test must not be needed
    monkeypatch.setattr(common, "_VERDICTS", PerGeneration(keep=8))  # nothing in memory

    def no_search(*a, **k):
        raise AssertionError("a kept verdict was tested again")
    monkeypatch.setattr(store, "paras_with", no_search)
    again = add_distinctive(compare(connect(db), "营商环境", distinctive=False), units_up_to=0)
    assert _words(again) == _words(first)
    # any write to the corpus makes them stale: they are not read for the new contents
    w = connect(db, write=True)
    with write_transaction(w):
        pass
    w.close()
    assert verdicts.load(connect(db), generation(connect(db))) == {}
