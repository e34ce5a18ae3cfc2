"""Shared fixtures: real text from the two bundled corpora, carried in the repository.

samples/ holds the five development-zone documents (byte copies of the project's seeds, renamed)
and samples/provinces-2026/ the 16 provincial government work reports of 2026, so a fresh clone
runs every test with no other data.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "zones"
PROVINCES = ROOT / "samples" / "provinces-2026"
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
    """No test touches the developer's per-user database."""
    if "DUIZHAO_DB" not in os.environ or not os.environ["DUIZHAO_DB"].startswith("/tmp"):
        monkeypatch.setenv("DUIZHAO_DB", str(tmp_path_factory.mktemp("user") / "duizhao.db"))
    # nor the developer's settings.toml (a citation style of their own)
    monkeypatch.setenv("DUIZHAO_SETTINGS", str(tmp_path_factory.getbasetemp() / "no-settings.toml"))


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
    return db
