"""SVG snapshot of the code picker over Chinese code names (pytest-textual-snapshot): the
shipped policy-instrument codebook, filtered. Same app and size as tests/test_snapshots.py;
update with `uv run pytest tests/test_snapshots_workflow.py --snapshot-update`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SIZE = (120, 36)
APP = Path(__file__).parent / "snapshot_app.py"


def test_code_picker_on_a_compare_passage(snap_compare, snapshot_db, tmp_path):
    import os

    from index.corpus import Corpus

    db = tmp_path / "coded.db"  # a private copy: the codebook is written into it
    with sqlite3.connect(snapshot_db) as a, sqlite3.connect(db) as b:
        a.backup(b)
    Corpus(db).codes_import("policy-instruments")

    async def before(pilot):
        from pilotkit import settle

        await settle(pilot.app, pilot)
        await pilot.press("number_sign")
        await settle(pilot.app, pilot)
        await pilot.press(*"型")  # the three kinds of tool: 供给型, 环境型, 需求型
        await settle(pilot.app, pilot)

    os.environ["DUIZHAO_SNAPSHOT_DB"] = str(db)
    assert snap_compare(str(APP), terminal_size=SIZE, run_before=before)
