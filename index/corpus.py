"""Where the database lives, and the bundled sample corpus it starts from.

Without --db, duizhao uses a per-user database (platformdirs: ~/.local/share/duizhao on Linux,
or $DUIZHAO_DB) that is built from samples/ on first use and refreshed when the bundled
samples change. Documents a user indexes go into the same database.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "samples"


def default_db_path() -> Path:
    env = os.environ.get("DUIZHAO_DB")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("duizhao", appauthor=False) / "duizhao.db"


def samples_signature() -> str:
    h = hashlib.sha1()
    for p in sorted(SAMPLES_DIR.iterdir()):
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def ensure_samples(db_path: Path, progress=None) -> bool:
    """Index the bundled samples into db_path if they are missing or changed; True if it did."""
    sig = samples_signature()
    if db_path.exists():
        try:
            conn = store.connect(db_path)
        except store.StoreError:
            conn = None
        if conn is not None:
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'samples'").fetchone()
            finally:
                conn.close()
            if row and row[0] == sig:
                return False
    from .ingest import index_paths

    index_paths(db_path, [SAMPLES_DIR], progress=progress)
    conn = store.connect(db_path, write=True)
    try:
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('samples', ?)", (sig,))
    finally:
        conn.close()
    return True


def resolve_db(db: str | Path | None, progress=None) -> Path:
    """The database to use: the given file, or the per-user one made ready from the samples."""
    if db:
        return Path(db)
    path = default_db_path()
    ensure_samples(path, progress=progress)
    return path
