"""The per-user database, made ready from the bundled sample corpus.

Without --db, duizhao uses a per-user database (index/locations.py: ~/.local/share/duizhao
on Linux, or $DUIZHAO_DB) that is built from the five sample documents on first use and
refreshed when they change. Documents a user indexes go into the same database. A database
left by another version of duizhao is rebuilt from the same files (it only ever holds what
can be read again from them).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from index.locations import SAMPLES_DIR, default_db_path
from index.store.connection import (OtherVersionError, StoreError, connect, indexed_paths,
                                    meta_value, set_meta_value)


def sample_files() -> list[Path]:
    """The sample corpus: the files of samples/zones/, its manifest included. (The
    provincial reports in samples/provinces-2026/ are a corpus of their own, indexed on
    request.)"""
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file())


def samples_signature() -> str:
    h = hashlib.sha1()
    for p in sample_files():
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def lexicon_matchers() -> dict:
    """name -> (folded-text regex, full-text candidate expression) of every theme of the
    lexicon: the themes whose matches indexing materialises (index/store/themehits.py)."""
    from index.compare.passages import match_expression
    from index.words.themes import all_themes

    return {t.name: (t.matcher(), match_expression(t)) for t in all_themes().values()}


def ensure_samples(db_path: Path, progress=None) -> bool:
    """Index the bundled samples into db_path if they are missing or changed; True if it did."""
    sig = samples_signature()
    if db_path.exists():
        try:
            conn = connect(db_path)
        except OtherVersionError:
            rebuild(db_path, progress)
            conn = None
        except StoreError:
            conn = None
        if conn is not None:
            try:
                if meta_value(conn, "samples") == sig:
                    return False
            finally:
                conn.close()
    from index.store.ingest import index_paths

    index_paths(db_path, [SAMPLES_DIR], progress=progress, themes=lexicon_matchers())
    set_meta_value(db_path, "samples", sig)
    return True


def rebuild(db_path: Path, progress=None) -> None:
    """The per-user database is from another version of duizhao: index the same files again
    into a new one."""
    from index.store.ingest import index_paths

    paths = indexed_paths(db_path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    keep = [p for p in paths if os.path.exists(p) and not Path(p).is_relative_to(SAMPLES_DIR)]
    if keep:
        index_paths(db_path, keep, progress=progress, themes=lexicon_matchers())


def resolve_db(db: str | Path | None, progress=None) -> Path:
    """The database to use: the given file, or the per-user one made ready from the samples."""
    if db:
        return Path(db)
    path = default_db_path()
    ensure_samples(path, progress=progress)
    return path
