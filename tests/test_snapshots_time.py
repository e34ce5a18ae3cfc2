"""SVG snapshots of the app's time views (pytest-textual-snapshot): Compare grouped by year,
the trend and the first-use timeline. Same app and size as tests/test_snapshots.py; update
with `uv run pytest tests/test_snapshots_time.py --snapshot-update`."""

from __future__ import annotations

from pathlib import Path

SIZE = (120, 36)
APP = Path(__file__).parent / "snapshot_app.py"


def _run(snap_compare, db, before):
    import os

    os.environ["DUIZHAO_SNAPSHOT_DB"] = str(db)
    return snap_compare(str(APP), terminal_size=SIZE, run_before=before)


def _keys(*keys):
    async def before(pilot):
        from pilotkit import settle

        await settle(pilot.app, pilot)
        for k in keys:
            await pilot.press(k)
            await settle(pilot.app, pilot)
    return before


def test_compare_grouped_by_year(snap_compare, snapshot_db):
    assert _run(snap_compare, snapshot_db, _keys("b"))


def test_trend_view(snap_compare, snapshot_db):
    assert _run(snap_compare, snapshot_db, _keys("y"))


def test_first_use_view(snap_compare, snapshot_db):
    assert _run(snap_compare, snapshot_db, _keys("f"))
