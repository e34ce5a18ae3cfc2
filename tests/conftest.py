"""Shared fixtures: real text from the two bundled corpora, carried in the repository.

index/data/samples/zones/ holds the five development-zone documents (byte copies of the
project's seeds, renamed) and index/data/samples/provinces-2026/ the 16 provincial government
work reports of 2026, so a fresh clone runs every test with no other data.
"""

from __future__ import annotations

import csv
import importlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest

# ---------------------------------------------------------------- the environment, pinned
# The suite passes whatever the user's shell sets, and never reads the user's own database,
# settings or config: the terminal, locale and time zone are fixed, and every per-user path
# (index/locations.py) points into a temporary folder. This runs when pytest loads this file,
# before any test module (and so any of duizhao's modules) is imported, in the main process
# and in every xdist worker; subprocesses the tests start inherit it.
_USER_DIR = Path(tempfile.mkdtemp(prefix="duizhao-tests-"))
PINNED_ENV = {
    "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "25",
    "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC", "PYTHONIOENCODING": "utf-8",
    "DUIZHAO_DB": str(_USER_DIR / "data" / "duizhao" / "duizhao.db"),
    "DUIZHAO_SETTINGS": str(_USER_DIR / "no-settings.toml"),
    "XDG_CONFIG_HOME": str(_USER_DIR / "config"),
    "XDG_DATA_HOME": str(_USER_DIR / "data"),
    "XDG_DOCUMENTS_DIR": str(_USER_DIR / "documents"),
}
# Switches that change what Rich, Textual or click draw (NO_COLOR fails every snapshot).
UNSET_ENV = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLORTERM",
             "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES",
             "PYTHONWARNINGS")


def _pin_environment() -> None:
    textual = [k for k in os.environ  # not pytest-textual-snapshot's own, set for its workers
               if k.startswith("TEXTUAL_") and not k.startswith("TEXTUAL_SNAPSHOT")]
    for name in [*UNSET_ENV, *textual]:
        os.environ.pop(name, None)
    os.environ.update(PINNED_ENV)
    time.tzset()
    # pytest-textual-snapshot imports Textual before this file loads: read its settings
    # (theme, animations, colour system from TEXTUAL_*) again from the pinned environment.
    if "textual.constants" in sys.modules:
        importlib.reload(sys.modules["textual.constants"])


_pin_environment()


def pytest_unconfigure(config):
    shutil.rmtree(_USER_DIR, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "index" / "data" / "samples" / "zones"
PROVINCES = ROOT / "index" / "data" / "samples" / "provinces-2026"
# The seeds as received (shared/seeds/000_…004_…), in their order, under their sample names.
SEED_FILES = [SAMPLES / n for n in (
    "2020_奉化经济开发区_工作思路.txt",
    "2018_宁波国际海洋生态科技城_六争攻坚实施意见.txt",
    "2020_北仑区_六争攻坚专题报道.txt",
    "2019_嵊州经济开发区_工作总结与计划.txt",
    "海门开发区_工作计划.txt",
)]


def seed_text(n: int) -> str:
    """Seed n (0-4) as received."""
    return SEED_FILES[n].read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_user_db(tmp_path_factory, monkeypatch):
    """Each test has a per-user database of its own (never the developer's, whatever
    DUIZHAO_DB says), and no settings.toml (a citation style of their own)."""
    monkeypatch.setenv("DUIZHAO_DB", str(tmp_path_factory.mktemp("user") / "duizhao.db"))
    monkeypatch.setenv("DUIZHAO_SETTINGS", PINNED_ENV["DUIZHAO_SETTINGS"])


def province_rows() -> list[dict]:
    csv.field_size_limit(10**9)
    rows = []
    for f in sorted(PROVINCES.glob("*.csv")):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory) -> Path:
    """The bundled samples indexed once for the session."""
    from index.store.ingest import index_paths

    db = tmp_path_factory.mktemp("samples") / "samples.db"
    report = index_paths(db, [SAMPLES])
    assert not report.errors, report.errors
    return db


@pytest.fixture(scope="session")
def provinces_db(tmp_path_factory) -> Path:
    """The bundled samples plus the 16 provincial reports."""
    from index.store.ingest import index_paths

    db = tmp_path_factory.mktemp("prov") / "prov.db"
    report = index_paths(db, [SAMPLES, PROVINCES])
    assert not report.errors, report.errors
    return db


@pytest.fixture(scope="session")
def snapshot_db(tmp_path_factory) -> Path:
    """The samples for the SVG snapshots, their reuse pairs computed beforehand so that the
    app has nothing left to compute at start: the same screen on every run."""
    from index.corpus import Corpus
    from index.store.ingest import index_paths

    db = tmp_path_factory.mktemp("snap") / "snap.db"
    index_paths(db, [SAMPLES])
    Corpus(db).reuse_update()
    # The word units too: shared phrases are checked against word boundaries once they
    # exist (index/analysis/phrases.py), so without them the first app of a process would
    # show other phrases than the next (after its distinctive words built them).
    Corpus(db).units()
    return db


def copy_db(src: Path, dst: Path) -> Path:
    """A copy of a test database through SQLite's backup API: a file copy would miss what
    is still in its -wal file (a connection of an earlier test keeps it), and read as a
    damaged database."""
    import sqlite3

    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dst
