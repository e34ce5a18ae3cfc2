"""The store protocol (index/store/protocol.py) is what the SQLite store provides."""

import re

from index.bootstrap import lexicon_matchers
from index.compare.matrix import theme_matrix
from index.compare.passages import doc_ranges, match_expression, passage_candidates
from index.store.connection import connect
from index.store.protocol import SqliteStore, Store
from index.words.themes import all_themes
from conftest import SAMPLES


def test_sqlite_store_answers_every_operation(tmp_path):
    store = SqliteStore(tmp_path / "s.db")
    assert isinstance(store, Store)
    store.index_paths([SAMPLES], themes=lexicon_matchers())
    theme = all_themes()["产城融合"]
    ids = store.candidates(match_expression(theme))
    assert ids and store.count(match_expression(theme)) == len(ids)
    tid = store.theme_id(theme.matcher())
    assert tid is not None and store.theme_id(re.compile("没有这个主题")) is None
    conn = connect(tmp_path / "s.db")
    assert store.hit_ids(tid) == passage_candidates(conn, theme)
    docs = store.doc_ranges()
    assert [d[0] for d in docs] == [d.doc_id for d in doc_ranges(conn)]
    lo, hi = docs[0][3], docs[0][4]
    assert store.candidates(match_expression(theme), [(lo, hi)]) == [i for i in ids if lo <= i <= hi]
    assert sum(n for _, n in store.doc_passages(tid)) == len(store.hit_ids(tid))
    cells = theme_matrix(conn, all_themes()).cells["产城融合"]
    assert {z: n for z, n, _ in store.zone_counts()[tid]} == {
        z: c.passages for z, c in cells.items()}
    rows = store.paragraphs(ids[:3])
    assert [r[0] for r in rows] == ids[:3] and all("产城" in r[4] or "融合" in r[4] for r in rows)
    assert len(store.list_docs()) == len(docs) and store.document(docs[0][0]) is not None
    assert store.generation()[2] != "0"
    store.close()
