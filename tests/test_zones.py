"""One zone resolver (index/store/zones.py) behind every zone filter: a name picks the zone
it equals (name or short name, folded), else those containing it; a miss names the nearest
zones, whichever command asked."""

import pytest
from conftest import copy_db

from index.corpus import Corpus, UnknownZone
from index.store.cache import PerGeneration
from index.store.connection import connect, write_transaction
from index.store.zones import resolve, resolve_in, zone_names


def test_exact_name_first_then_containing_then_nearest():
    names = {"海门经济技术开发区": "海门", "海门港新区": "海门港", "北仑区": "北仑"}
    assert resolve(names, ["海门"]).zones == ["海门经济技术开发区"]  # its short name, exactly
    assert resolve(names, ["海门港新区"]).zones == ["海门港新区"]
    assert resolve(names, ["开发区", "北仑"]).zones == ["海门经济技术开发区", "北仑区"]
    assert resolve(names, ["ＢＥＩ", ""]).zones == []  # folded; empty names are skipped
    miss = resolve(names, ["海们"])
    assert miss.zones == [] and miss.unknown["海们"][0] in ("海门经济技术开发区", "海门港新区")
    assert miss.notes() == [f"no zone matches “海们”; nearest: {'、'.join(miss.unknown['海们'])}"]


def test_every_command_names_the_nearest_zone_for_a_miss(provinces_db):
    conn = connect(provinces_db)
    assert resolve_in(conn, ["浙江"]).zones == ["浙江省"]
    assert resolve_in(conn, ["上海"]).unknown["上海"][0] == "海南省"
    corpus = Corpus(provinces_db)
    # search (zone: filter) and kwic
    assert corpus.search("营商环境 zone:上海").unknown_zones["上海"][0] == "海南省"
    # compare (and trend, first use): a note
    notes = corpus.compare("营商环境", zones=["浙江", "上海"]).notes
    assert any("上海" in n and "nearest: 海南省" in n for n in notes)
    # the statistics: an error that cannot go on
    with pytest.raises(UnknownZone, match="nearest: 海南省"):
        corpus.words(["上海"])
    # reuse: a note, and only the zones named
    result = corpus.reuse(corpus.reuse_filters(zones=["上海"]))
    assert result.pairs == [] and any("nearest: 海南省" in n for n in result.notes)


def test_zone_names_are_read_again_after_a_write(samples_db, tmp_path):

    db = tmp_path / "z.db"
    copy_db(samples_db, db)
    conn = connect(db)
    before = zone_names(conn)
    assert before["北仑区"] == "北仑"
    w = connect(db, write=True)
    with write_transaction(w):  # a write: a new generation
        w.execute("UPDATE docs SET short = '仑' WHERE zone = '北仑区'")
    w.close()
    assert zone_names(connect(db))["北仑区"] == "仑"


def test_the_cache_keeps_the_last_generations_and_tells_what_it_drops():
    dropped = []
    cache: PerGeneration[int] = PerGeneration(keep=2, on_evict=lambda k, v: dropped.append(k))
    for k in ("a", "b", "c"):
        cache.put((k, "x", "1"), 1)
    assert dropped == [("a", "x", "1")] and cache.peek(("c", "x", "1")) == 1
    assert cache.peek(("", "x", "1")) is None
