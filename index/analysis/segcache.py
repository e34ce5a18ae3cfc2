"""The segmentation cache outside a build of the unit tables: jieba's words of the passages
a comparison segments, kept in seg_paras (store.py) for the next comparison and the next
build.

On a corpus too large for a comparison to build the unit tables (minutes of jieba), the
comparison segments its own passages alone. Keeping their words means that a theme compared
once is compared again without jieba (产城融合 at 500 MB: 8,269 passages, about 6 s of
jieba the first time), and that `words` / `keywords` later skip those paragraphs.
"""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

from index.analysis import store
from index.store import schema


def raw_of_paras(conn, ids: list[int]) -> dict[int, list[str]]:
    """jieba's words of the paragraphs cached in seg_paras (by a build of the unit tables or
    by save_raw), whatever the tables' freshness: callers check that the words still spell
    the paragraph. {} when nothing is cached."""
    out: dict[int, list[str]] = {}
    try:
        for i in range(0, len(ids), 900):
            part = ids[i:i + 900]
            for pid, raw in conn.execute("SELECT para_id, raw FROM seg_paras WHERE para_id IN "
                                         f"({','.join('?' * len(part))})", part):
                out[pid] = raw.split(" ") if raw else []
    except sqlite3.OperationalError:  # no cache table yet
        return {}
    return out


def save_raw(path: str | Path, rows: list[tuple[int, str, str, list[str]]]) -> bool:
    """Keep jieba's words of paragraphs ((para_id, doc_id, text, words) rows). Best effort:
    a read-only, busy or full database is left as it is (False). The database's generation
    is not changed: each row is checked against its paragraph's text (crc) when read."""
    if not rows:
        return True

    def write(w):
        schema.create(w, schema.UNITS)
        store.write_raw(w, [(pid, doc, zlib.crc32(text.encode("utf-8")), " ".join(words))
                            for pid, doc, text, words in rows])
    return store.write_best_effort(path, write)
