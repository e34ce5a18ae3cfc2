"""SVG snapshots of the app at a fixed size, with Chinese text (pytest-textual-snapshot).

Update after an intended change of layout with `uv run pytest tests/test_snapshots.py
--snapshot-update`, and look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

SIZE = (120, 36)
APP = Path(__file__).parent / "snapshot_app.py"


def _run(snap_compare, db, keys=(), run_before=None):
    import os

    os.environ["DUIZHAO_SNAPSHOT_DB"] = str(db)
    return snap_compare(str(APP), terminal_size=SIZE, press=list(keys), run_before=run_before)


async def _settle(pilot):
    from pilotkit import settle

    await settle(pilot.app, pilot)


def test_compare_screen(snap_compare, snapshot_db):
    assert _run(snap_compare, snapshot_db, run_before=_settle)


def test_search_screen(snap_compare, snapshot_db):
    async def before(pilot):
        await _settle(pilot)
        await pilot.press("f3", *"招商")
        await _settle(pilot)

    assert _run(snap_compare, snapshot_db, run_before=before)


def test_reader_screen(snap_compare, snapshot_db):
    async def before(pilot):
        await _settle(pilot)
        pilot.app.open_reader("海门开发区_工作计划", 9, ("产城融合",))
        await _settle(pilot)

    assert _run(snap_compare, snapshot_db, run_before=before)


def test_help_screen(snap_compare, snapshot_db):
    async def before(pilot):
        await _settle(pilot)
        await pilot.press("f1")
        await _settle(pilot)

    assert _run(snap_compare, snapshot_db, run_before=before)
