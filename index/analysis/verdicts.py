"""The corpus boundary test's verdicts, kept in the database for the next process.

A listed term is a fragment when its occurrences in the corpus fail the boundary test
(units.is_fragment over the first FRAGMENT_SAMPLE paragraphs that contain it, found by full
text). One verdict takes a few milliseconds; a comparison over many zones asks for hundreds
(产城融合 at 500 MB: 428 terms, 0.55 s), and each `main.py compare` is a new process. The
verdicts are therefore kept in `fragment_verdicts`, labelled with the database's contents
(its creation id and write count) and VERSION, and read back by the next process on the same
contents; any write to the corpus makes them stale and the next comparison replaces them.

Best effort, as segcache.py: a read-only, busy or full database is left as it is.
"""

from __future__ import annotations

import sqlite3

from index.analysis.store import write_best_effort
from index.store import schema
from index.store.connection import generation, write_transaction

VERSION = "1"  # bump when units.is_fragment or the sample it reads changes

def stamp(key: tuple[str, ...]) -> str:
    """The label of a database's contents (connection.generation, without the file)."""
    return "/".join((VERSION, *key[1:]))


def load(conn: sqlite3.Connection, key: tuple[str, ...]) -> dict[str, bool]:
    """term -> fragment, as kept for these contents; {} when none are."""
    try:
        return {t: bool(f) for t, f in conn.execute(
            "SELECT term, fragment FROM fragment_verdicts WHERE stamp = ?", (stamp(key),))}
    except sqlite3.OperationalError:  # no table yet
        return {}


def save(key: tuple[str, ...], verdicts: dict[str, bool]) -> bool:
    """Keep verdicts for the contents key names (its first part is the database file);
    verdicts kept for other contents are dropped. False when the database could not take
    them (read-only, busy, full) or has changed since they were made."""
    if not verdicts or not key[0]:
        return True

    def write(w):
        schema.create(w, schema.FRAGMENT_VERDICTS)
        with write_transaction(w, documents=False):
            if generation(w)[1:] != tuple(key[1:]):
                return False  # written meanwhile: these verdicts describe older contents
            label = stamp(key)
            w.execute("DELETE FROM fragment_verdicts WHERE stamp != ?", (label,))
            w.executemany("INSERT OR REPLACE INTO fragment_verdicts VALUES (?, ?, ?)",
                          ((t, label, int(f)) for t, f in verdicts.items()))
    return write_best_effort(key[0], write)
