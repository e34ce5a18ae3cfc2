"""Shared fixtures: real text from the bundled samples and the shared provincial reports."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PROVINCES = SHARED / "corpus" / "provinces-2026"
SAMPLES = ROOT / "samples"


@pytest.fixture(autouse=True)
def _isolated_user_db(tmp_path_factory, monkeypatch):
    """No test touches the developer's per-user database."""
    if "DUIZHAO_DB" not in os.environ or not os.environ["DUIZHAO_DB"].startswith("/tmp"):
        monkeypatch.setenv("DUIZHAO_DB", str(tmp_path_factory.mktemp("user") / "duizhao.db"))


def province_rows() -> list[dict]:
    if not PROVINCES.is_dir():
        pytest.skip("shared provincial reports not available")
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

    if not PROVINCES.is_dir():
        pytest.skip("shared provincial reports not available")
    db = tmp_path_factory.mktemp("prov") / "prov.db"
    report = index_paths(db, [SAMPLES, PROVINCES])
    assert not report.errors, report.errors
    return db
