"""Regenerate docs/time.md's screenshots from the app: `uv run python docs/time_screenshots.py`.

Runs the app on the bundled samples at 120×36 (as docs/screenshots.py does) and saves SVGs
into docs/img/: Compare grouped by year, the trend of 产城融合, its first-use timeline and
that of 六争攻坚, and the Library's provenance line for a file named 2021_昆山开发区_工作计划.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pilotkit import settle  # noqa: E402

from index.store.ingest import index_paths  # noqa: E402
from tui.app import DuizhaoApp  # noqa: E402
from tui.screens.compare import CompareScreen  # noqa: E402

OUT = ROOT / "docs" / "img"


async def shoot(db: Path) -> None:
    CompareScreen.SYNC_DEFAULT = False
    app = DuizhaoApp(db=db, keymap_file=Path("/dev/null"), cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        app.save_screenshot("time-compare-by-year.svg", str(OUT))
        await pilot.press("b", "b", "b")  # back to zones
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        app.save_screenshot("time-trend.svg", str(OUT))
        await pilot.press("escape", "f")
        await settle(app, pilot)
        app.save_screenshot("time-first-use.svg", str(OUT))
        app.screen.query_one("#fu-term").focus()
        await pilot.press(*"六争攻坚", "enter")
        await settle(app, pilot)
        app.save_screenshot("time-first-use-term.svg", str(OUT))
        await pilot.press("escape", "f5")
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one("#lib-docs")
        doc_id = next(k for k, d in screen.by_id.items() if d.zone == "昆山开发区")
        table.move_cursor(row=table.get_row_index(doc_id))
        await settle(app, pilot)
        app.save_screenshot("time-library-provenance.svg", str(OUT))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "index" / "data" / "samples" / "zones", corpus)
        # a user's file named like the samples but not in their manifest: zone and year
        # come from its name
        (corpus / "2021_昆山开发区_工作计划.txt").write_text(
            (ROOT / "index" / "data" / "samples" / "zones" / "海门开发区_工作计划.txt").read_text(encoding="utf-8"),
            encoding="utf-8")
        db = Path(tmp) / "samples.db"
        index_paths(db, [corpus])
        OUT.mkdir(parents=True, exist_ok=True)
        asyncio.run(shoot(db))
    print("wrote", ", ".join(sorted(p.name for p in OUT.glob("time-*.svg"))))
