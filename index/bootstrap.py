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

from index.compare.api import lexicon_matchers
from index.locations import SAMPLES_DIR, default_db_path
from index.store.connection import OtherVersionError, StoreError, connect, meta_value
from index.store.files import indexed_paths, set_meta_value


def sample_files() -> list[Path]:
    """The sample corpus: the files of index/data/samples/zones/, its manifest included. (The
    provincial reports in index/data/samples/provinces-2026/ are a corpus of their own,
    indexed on request: `index --samples provinces-2026`.)"""
    return sorted(p for p in SAMPLES_DIR.iterdir() if p.is_file())


def samples_signature() -> str:
    """The samples' names and contents (not their folder or times): a second clone of the
    project has the same samples, and the per-user database keeps one copy of them."""
    h = hashlib.sha1()
    for p in sample_files():
        h.update(f"{p.name}:{hashlib.sha1(p.read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


def _sample_copies(paths: list[str]) -> tuple[list[str], list[str]]:
    """(indexed files that are bundled samples of another folder, e.g. of another clone;
    those of this folder)."""
    names = {p.name for p in sample_files()}
    here = str(SAMPLES_DIR.resolve())
    other: list[str] = []
    mine: list[str] = []
    for p in paths:
        path = Path(p)
        if path.name in names and path.parent.name == SAMPLES_DIR.name \
                and path.parent.parent.name == SAMPLES_DIR.parent.name:
            (mine if str(path.parent) == here else other).append(p)
    return other, mine


def ensure_samples(db_path: Path, progress=None) -> bool:
    """Index the bundled samples into db_path if they are missing or changed; True if it
    did. The samples of another folder (another clone, an older version) are replaced, so
    the database holds one copy of them; while a still existing copy has the same content,
    it is kept as it is."""
    sig = samples_signature()
    stale: list[str] = []
    mine: list[str] = []
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
                same = meta_value(conn, "samples") == sig
            finally:
                conn.close()
            stale, mine = _sample_copies(indexed_paths(db_path))
            if same and mine and not stale:
                return False
            if same and not mine and any(os.path.exists(p) for p in stale):
                return False  # another clone's samples, still there: the same content
    from index.store.ingest import forget_files, index_paths

    # All copies first when there are two: the one indexed again gets the plain ids.
    forget_files(db_path, stale + mine if stale else [])
    index_paths(db_path, [SAMPLES_DIR], progress=progress, themes=lexicon_matchers())
    set_meta_value(db_path, "samples", sig)
    return True


def rebuild(db_path: Path, progress=None) -> None:
    """The per-user database is from another version of duizhao: index the same files again
    into a new one. The user's own work (codes, coded segments, memos, sets: the tables of
    index/workflow/store.py) is copied into it; segments find their text again on first use."""
    from index.store.ingest import index_paths
    from index.workflow.store import bring_back, keep_aside

    paths = indexed_paths(db_path)
    aside = keep_aside(db_path)  # on disk until copied back: a crash loses nothing
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    samples = set(_sample_copies(paths)[0])
    keep = [p for p in paths if os.path.exists(p) and p not in samples
            and not Path(p).is_relative_to(SAMPLES_DIR)]
    if keep:
        index_paths(db_path, keep, progress=progress, themes=lexicon_matchers())
    if aside is not None:
        bring_back(db_path, aside)


def resolve_db(db: str | Path | None, progress=None) -> Path:
    """The database to use: the given file, or the per-user one made ready from the samples."""
    if db is not None:
        if not str(db).strip():
            raise StoreError("--db is empty: give a database file name, or leave --db out "
                             "for the per-user database")
        return Path(db)
    path = default_db_path()
    ensure_samples(path, progress=progress)
    return path
