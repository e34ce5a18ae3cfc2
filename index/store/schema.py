"""Every table of the database, in one place: what each holds, who writes it, and its DDL.

Three kinds of table live in one SQLite file (docs/architecture.md, "The tables"):

  documents   what indexing reads from the files: files, docs, sections, paras, meta, and
              the full-text tables para_fts and sec_fts. Created at once, with the schema
              version, when a database is made (create_documents); a database of another
              SCHEMA_VERSION or fold version is rebuilt from its files (index/bootstrap.py).
  derived     computed from the documents, never edited: theme matches (written by
              indexing), the frequent-term pages, the word-unit tables and the boundary
              verdicts, the reuse tables. Each is created lazily by its owner on first use
              (CREATE ... IF NOT EXISTS, inside the owner's write transaction) and carries its
              own version, so that a stale or missing one is recomputed, never migrated.
  user work   what a user makes (codes, memos, sets): not derivable, so it survives
              re-indexing and is never dropped with the derived tables. Its tables belong
              here too, under USER WORK below (the workflow package adds them).

sqlite-utils creates the plain document tables and their indexes and inserts the meta rows
(create_documents). The rest is DDL, for reasons sqlite-utils cannot express: the full-text
tables are contentless FTS5 tables (content='', columnsize=0, a tokenizer with options,
'hashsize' and 'automerge' settings), where sqlite-utils' enable_fts makes content tables
with triggers; the derived tables are WITHOUT ROWID tables with compound keys (half the size
and one B-tree lookup for theme_hits, reuse_pairs, unit_zone), which its create() cannot
make; and they are created on a query's path, where importing sqlite-utils would add its
import time to a command that did not need it.
"""

from __future__ import annotations

import sqlite3
import uuid

from index.store import migrate

SCHEMA_VERSION = "5"  # of the document tables; another version is rebuilt from the files
# The full-text tables' tokenizer: every character class is a token character, so that the
# bigram and frequent-character tokens written by index/store/rows.py come back as written.
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* C*'"


# -- documents ----------------------------------------------------------------------------

def create_documents(conn: sqlite3.Connection, fold_version: str) -> None:
    """The document tables and the full-text tables, inside the caller's transaction
    (sqlite-utils writes through savepoints). The meta rows go in last: without them a
    half-made schema is recreated on next open."""
    import sqlite_utils  # only when creating: it is slow to import

    db = sqlite_utils.Database(conn)
    db.table("files").create({"path": str, "size": int, "mtime": float, "sha1": str,
                        "manifest": str, "status": str, "reason": str, "docs": int,
                        "indexed_at": str}, pk="path")
    db.table("docs").create({"doc_id": str, "path": str, "key": str, "fmt": str, "encoding": str,
                       "zone": str, "short": str, "title": str, "date": str, "year": int,
                       "doc_number": str, "source": str, "note": str, "level": str,
                       "parent": str, "provenance": str, "chars": int,
                       "paragraphs": int, "first_para": int, "last_para": int,
                       **migrate.COLUMN_TYPES["docs"]},
                      pk="doc_id")
    db.table("docs").create_index(["path"])
    db.table("docs").create_index(["zone"])
    db.table("sections").create({"id": int, "doc_id": str, "idx": int, "parent": int,
                           "level": int, "number": str, "title": str,
                           "first_para": int, "last_para": int}, pk="id")
    db.table("sections").create_index(["doc_id", "idx"], unique=True)
    # A document's paragraphs are found by id range (docs.first_para..last_para): no index.
    db.table("paras").create({"id": int, "doc_id": str, "seq": int, "kind": str, "section": int,
                        "text": str}, pk="id")
    for name, columns in (("para_fts", "g, u, m"), ("sec_fts", "g")):
        conn.execute(f"CREATE VIRTUAL TABLE {name} USING fts5({columns}, content='', "
                     f"columnsize=0, tokenize=\"{TOKENIZE}\")")
        # A larger in-memory hash and fewer merges make bulk indexing about 2x faster.
        conn.execute(f"INSERT INTO {name}({name}, rank) VALUES('hashsize', {32 * 2**20})")
        conn.execute(f"INSERT INTO {name}({name}, rank) VALUES('automerge', 16)")
    create(conn, THEME_HITS)
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("meta").insert_all([{"key": "schema", "value": SCHEMA_VERSION},
                           {"key": "fold", "value": fold_version},
                           {"key": "created", "value": uuid.uuid4().hex}])


# -- derived ------------------------------------------------------------------------------

# Theme matches, written by indexing for the lexicon's themes (index/store/themehits.py);
# made with the document tables, and again by an older database's first write.
THEME_HITS = """
CREATE TABLE IF NOT EXISTS theme_keys (id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL, pattern TEXT NOT NULL, flags INTEGER NOT NULL, fts TEXT);
CREATE TABLE IF NOT EXISTS theme_hits (theme INTEGER NOT NULL, para_id INTEGER NOT NULL,
    mentions INTEGER NOT NULL, PRIMARY KEY (theme, para_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS theme_docs (theme INTEGER NOT NULL, doc_id TEXT NOT NULL,
    passages INTEGER NOT NULL, mentions INTEGER NOT NULL,
    PRIMARY KEY (theme, doc_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS theme_docs_doc ON theme_docs (doc_id);
"""

# The first page of the slow one-term queries, per generation (index/search/frequent.py).
TOP_CACHE = """
CREATE TABLE IF NOT EXISTS top_cache (query TEXT PRIMARY KEY, generation TEXT NOT NULL,
    hits TEXT NOT NULL, total INTEGER NOT NULL);
"""

# Word units (index/analysis/store.py; seg_paras also by analysis/segcache.py): jieba's
# words per paragraph, the corpus dictionary, counts per unit and per zone, the stamp.
UNITS = """
CREATE TABLE IF NOT EXISTS seg_paras (para_id INTEGER PRIMARY KEY, doc_id TEXT, crc INTEGER,
    raw TEXT, units TEXT);
CREATE TABLE IF NOT EXISTS unit_dict (compound TEXT PRIMARY KEY, source TEXT);
CREATE TABLE IF NOT EXISTS unit_stat (unit TEXT PRIMARY KEY, n INTEGER, docs INTEGER,
    zones INTEGER, dp REAL, dp_zones REAL);
CREATE TABLE IF NOT EXISTS unit_zone (zone TEXT, unit TEXT, n INTEGER, docs INTEGER,
    paras INTEGER, PRIMARY KEY (zone, unit)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unit_meta (key TEXT PRIMARY KEY, value TEXT);
"""

# The corpus boundary test's verdicts per term (index/analysis/verdicts.py).
FRAGMENT_VERDICTS = """
CREATE TABLE IF NOT EXISTS fragment_verdicts (term TEXT PRIMARY KEY, stamp TEXT NOT NULL,
    fragment INTEGER NOT NULL);
"""

# Text reuse (index/reuse/store.py): the parameters they were computed with, the documents
# done, MinHash signatures, verified pairs. REUSE_META first: other parameters drop the rest.
REUSE_META = """
CREATE TABLE IF NOT EXISTS reuse_meta (key TEXT PRIMARY KEY, value TEXT);
"""
REUSE = """
CREATE TABLE IF NOT EXISTS reuse_docs (doc_id TEXT PRIMARY KEY, first_para INTEGER,
    last_para INTEGER, chars INTEGER);
CREATE TABLE IF NOT EXISTS reuse_sigs (para INTEGER, part INTEGER, sig BLOB,
    PRIMARY KEY (para, part)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reuse_pairs (a INTEGER, b INTEGER, similarity REAL,
    shared INTEGER, estimate REAL, spans TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reuse_pairs_b ON reuse_pairs (b);
"""
REUSE_TABLES = ("reuse_docs", "reuse_sigs", "reuse_pairs")

# Per connection, never in the file: the full-text index's bigram counts, read by the
# pinyin vocabulary (index/search/pinyin.py).
PINYIN_VOCAB = """
CREATE VIRTUAL TABLE IF NOT EXISTS temp.pinyin_vocab USING fts5vocab(main, 'para_fts', 'row');
"""


# -- user work ----------------------------------------------------------------------------

# Codes, coded segments, memos and sets (the workflow package) go here: user data, kept
# across re-indexing (anchored by document key and text, not by paragraph id), never
# dropped with the derived tables above, and created like them with IF NOT EXISTS.


def create(conn: sqlite3.Connection, ddl: str) -> None:
    """The tables of one DDL block above, inside the caller's transaction (executescript
    would commit it)."""
    for statement in ddl.split(";"):
        if statement.strip():
            conn.execute(statement)
